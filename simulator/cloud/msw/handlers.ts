/**
 * The simulated Entra ID inside a Node process, at Microsoft's real hostnames: msw request handlers
 * for every route of api/route-table.ts, so a tool under test can call
 * https://login.microsoftonline.com, https://graph.microsoft.com and
 * https://passwordreset.microsoftonline.com and reach the simulator with no network. Decoding,
 * validation (same ajv options as fastify) and error envelopes are the shared ones in api/.
 *
 *   import { setupServer } from "msw/node";
 *   const server = setupServer(...createCloudHandlers(cloud));
 *   server.listen({ onUnhandledRequest: "error" });
 */
import { type HttpHandler, HttpResponse, http } from "msw";
import { bodyForRoute, decodeBody, refusesMediaType } from "../api/body.ts";
import { graphError, runRoute } from "../api/envelope.ts";
import { CLOUD_ROUTES } from "../api/route-table.ts";
import type { ApiRequest, ApiResponse, CloudHost, CloudRoute } from "../api/types.ts";
import { validateBody } from "../api/validation.ts";
import type { Cloud } from "../core/cloud.ts";

export const REAL_HOSTS: Record<CloudHost, string> = {
  login: "https://login.microsoftonline.com",
  graph: "https://graph.microsoft.com",
  sspr: "https://passwordreset.microsoftonline.com",
  // The tenant's Service Bus relay namespace (facts §2: ssprdedicatedsb…servicebus.windows.net).
  relay: "https://ssprdedicatedsbwbsim.servicebus.windows.net",
  // Simulator controls have no Microsoft host; a reserved name that can never resolve.
  sim: "https://wbsim.invalid",
};

export function createCloudHandlers(
  cloud: Cloud,
  hosts: Partial<Record<CloudHost, string>> = {},
): HttpHandler[] {
  const base = { ...REAL_HOSTS, ...hosts };
  const handlers = CLOUD_ROUTES.map((route) => handlerFor(cloud, route, base));
  // Anything else at a simulated host gets the envelope a real miss would, not a network error.
  for (const host of Object.values(base)) {
    handlers.push(
      http.all(`${host}/*`, async ({ request }) => {
        const url = new URL(request.url);
        const api = await toApiRequest(request, {}, base.graph, undefined);
        const res = url.pathname.startsWith("/v1.0/")
          ? graphError(cloud, api, "segmentNotFound", {
              segment: url.pathname.split("/").filter(Boolean).pop() ?? "",
            })
          : graphError(cloud, api, "routeNotFound", { method: request.method, path: url.pathname });
        return toResponse(res);
      }),
    );
  }
  return handlers;
}

function handlerFor(cloud: Cloud, route: CloudRoute, base: Record<CloudHost, string>): HttpHandler {
  const method = route.method.toLowerCase() as "get" | "post" | "patch" | "delete";
  return http[method](`${base[route.host]}${route.path}`, async ({ request, params }) => {
    const flatParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(params))
      flatParams[k] = Array.isArray(v) ? v.join("/") : String(v ?? "");
    const contentType = request.headers.get("content-type") ?? undefined;
    let body: unknown;
    if (route.body !== "none") {
      const text = await request.text();
      const decoded = refusesMediaType(route, contentType)
        ? ({ ok: false, error: "unsupportedMediaType" } as const)
        : decodeBody(contentType, text);
      const api = await toApiRequest(request, flatParams, base.graph, undefined);
      if (!decoded.ok)
        return toResponse(graphError(cloud, api, decoded.error, { contentType: contentType ?? "" }));
      body = bodyForRoute(route, contentType, decoded.body);
      if (route.schema) {
        const problem = validateBody(route.schema, body);
        if (problem) return toResponse(graphError(cloud, api, "badRequest", { detail: problem }));
      }
    }
    const api = await toApiRequest(request, flatParams, base.graph, body);
    return toResponse(await runRoute(cloud, api, route.handle));
  });
}

async function toApiRequest(
  request: Request,
  params: Record<string, string>,
  graphBaseUrl: string,
  body: unknown,
): Promise<ApiRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string | undefined> = {};
  request.headers.forEach((v, k) => {
    headers[k.toLowerCase()] = v;
  });
  return {
    method: request.method,
    params,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    graphBaseUrl,
    signal: request.signal,
  };
}

function toResponse(res: ApiResponse): Response {
  const headers = new Headers(res.headers ?? {});
  if (res.body === undefined) return new HttpResponse(null, { status: res.status, headers });
  headers.set("content-type", "application/json; charset=utf-8");
  return new HttpResponse(JSON.stringify(res.body), { status: res.status, headers });
}
