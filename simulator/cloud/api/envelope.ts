/**
 * Error responses: the Graph envelope {"error":{"code","message","innerError":{"date","request-id",
 * "client-request-id"}}} for every host except the token endpoint (which answers AADSTS-shaped), and
 * the mapping of core failures (GraphError, SsprFlowError, anything else) onto it.
 */
import { GRAPH_ERRORS, GraphError, type GraphErrorKey } from "../core/catalogue/graph-errors.ts";
import type { Cloud } from "../core/cloud.ts";
import { SsprFlowError } from "../core/sspr-session.ts";
import type { ApiRequest, ApiResponse } from "./types.ts";

export function graphError(
  cloud: Cloud,
  req: Pick<ApiRequest, "headers"> | undefined,
  err: GraphError | GraphErrorKey,
  args: Record<string, string> = {},
): ApiResponse {
  const e = typeof err === "string" ? new GraphError(err, args) : err;
  const requestId = cloud.newRequestId();
  const innerError: Record<string, string> = {
    date: cloud.nowIso().slice(0, 19),
    "request-id": requestId,
    "client-request-id": req?.headers["client-request-id"] ?? requestId,
  };
  const headers: Record<string, string> = { "request-id": requestId, ...e.headers };
  // RFC 6750 §3: a 401 says how to authenticate. Graph names the authority and its own app id.
  if (e.code === "InvalidAuthenticationToken" && e.key !== "relayKeyInvalid")
    headers["WWW-Authenticate"] = GRAPH_WWW_AUTHENTICATE;
  return {
    status: GRAPH_ERRORS[e.key].status,
    headers,
    body: { error: { code: e.code, message: e.message, innerError } },
  };
}

/** The challenge Graph sends with a 401. */
export const GRAPH_WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Maps whatever a handler threw to an envelope response. */
export function errorResponse(cloud: Cloud, req: ApiRequest | undefined, err: unknown): ApiResponse {
  if (err instanceof GraphError) return graphError(cloud, req, err);
  if (err instanceof SsprFlowError) {
    switch (err.kind) {
      case "sessionNotFound":
        return graphError(cloud, req, "resourceNotFound", { id: req?.params.sessionId ?? "" });
      case "throttled":
        return graphError(
          cloud,
          req,
          new GraphError(
            "tooManyRequests",
            {},
            { "Retry-After": String(Math.ceil(err.retryAfterMs / 1000)) },
          ),
        );
      case "wrongPage":
        return graphError(cloud, req, "conflict", { detail: err.message });
      default:
        return graphError(cloud, req, "badRequest", { detail: err.message });
    }
  }
  const requestId = cloud.newRequestId();
  return {
    status: 500,
    body: {
      error: {
        code: "generalException",
        message: "General exception while processing.",
        innerError: {
          date: cloud.nowIso().slice(0, 19),
          "request-id": requestId,
          "client-request-id": requestId,
        },
      },
    },
  };
}

/** Runs a route handler, turning thrown failures into envelopes. */
export async function runRoute(
  cloud: Cloud,
  req: ApiRequest,
  handle: (cloud: Cloud, req: ApiRequest) => Promise<ApiResponse>,
): Promise<ApiResponse> {
  try {
    return await handle(cloud, req);
  } catch (e) {
    return errorResponse(cloud, req, e);
  }
}
