/**
 * Builds routes whose handler first learns who is calling — the Actor behind a bearer token, or a
 * relay agent by its key — so a route states only its method, path, body schema and what it does.
 * When identifying the caller fails, that error is the answer (after the adapter validated the body,
 * as before any handler).
 */
import type { Cloud } from "../core/cloud.ts";
import type { ApiRequest, ApiResponse, CloudHost, CloudRoute } from "./types.ts";

export interface RouteSpec {
  method: CloudRoute["method"];
  path: string;
  /** The JSON body's schema; a route without one takes no body. */
  schema?: Record<string, unknown>;
}

export type CallerHandler<Caller> = (cloud: Cloud, caller: Caller, req: ApiRequest) => Promise<ApiResponse>;

/** A builder of `host` routes that identify their caller with `identify` before anything else. */
export function routesFor<Caller>(
  host: CloudHost,
  identify: (cloud: Cloud, req: ApiRequest) => Caller | Promise<Caller>,
): (spec: RouteSpec, handle: CallerHandler<Caller>) => CloudRoute {
  return (spec, handle) => ({
    method: spec.method,
    host,
    path: spec.path,
    body: spec.schema ? "json" : "none",
    ...(spec.schema ? { schema: spec.schema } : {}),
    async handle(cloud, req) {
      return handle(cloud, await identify(cloud, req), req);
    },
  });
}
