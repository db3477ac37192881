/**
 * The transport-neutral request/response the shared route handlers speak. The fastify app and the msw
 * handlers each turn their native request into an ApiRequest, call the same route (api/routes/…),
 * and turn the ApiResponse back — so no behaviour lives in an adapter (like msw's core/ vs its
 * per-runtime adapters).
 */
import type { Cloud } from "../core/cloud.ts";

/** Which public endpoint a route belongs to; msw maps each to its real hostname. */
export type CloudHost = "login" | "graph" | "sspr" | "relay" | "sim";

export interface ApiRequest {
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Decoded body: a JSON value (validated against the route schema) or the form fields. */
  body: unknown;
  /** Base URL of the Graph endpoint as this client reached it (for Location headers). */
  graphBaseUrl: string;
  /** Aborted when the client goes away (long-polls). */
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; undefined for none (204/202 without body). */
  body?: unknown;
}

export type BodyKind = "none" | "json" | "form";

export interface CloudRoute {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  host: CloudHost;
  /** Path with :params, identical under fastify and at the real host. */
  path: string;
  body: BodyKind;
  /** JSON schema of the body (json routes); validated by fastify's ajv or, under msw, the same ajv. */
  schema?: Record<string, unknown>;
  handle(cloud: Cloud, req: ApiRequest): Promise<ApiResponse>;
}
