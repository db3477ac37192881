/**
 * The simulated Entra ID over real HTTP: a fastify app registering every route of api/route-table.ts.
 * Body parsing (api/body.ts), validation (fastify's ajv, configured with api/validation.ts's options)
 * and error envelopes (api/envelope.ts) are the shared ones, so this file only translates fastify's
 * request/reply to ApiRequest/ApiResponse. The real hostnames collapse onto one origin: /{tenant}/oauth2/…
 * (login), /v1.0/… (Graph), /sspr/… (portal), /relay/… (Service Bus), /_sim/… (simulator controls).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { bodyForRoute, decodeBody } from "../api/body.ts";
import { errorResponse, graphError, runRoute } from "../api/envelope.ts";
import { CLOUD_ROUTES } from "../api/route-table.ts";
import type { ApiRequest, ApiResponse, CloudRoute } from "../api/types.ts";
import { AJV_OPTIONS, formatValidationErrors } from "../api/validation.ts";
import type { Cloud } from "../core/cloud.ts";

export interface CloudHttpOptions {
  /** fastify's logger; off by default (and never logs bodies, so no passwords). */
  logger?: boolean;
  bodyLimit?: number;
}

class BodyDecodeError extends Error {
  constructor(readonly kind: "malformedJson" | "unsupportedMediaType") {
    super(kind);
  }
}

export function createCloudHttpApp(cloud: Cloud, opts: CloudHttpOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    ajv: { customOptions: { ...AJV_OPTIONS } },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (req, text, done) => {
    const decoded = decodeBody(req.headers["content-type"], String(text));
    if (decoded.ok) done(null, decoded.body);
    else done(new BodyDecodeError(decoded.error), undefined);
  });

  app.setErrorHandler(
    (
      err: Error & { validation?: unknown[]; validationContext?: string; statusCode?: number },
      req,
      reply,
    ) => {
      const api = toApiRequest(req);
      if (err instanceof BodyDecodeError) {
        return send(
          reply,
          graphError(cloud, api, err.kind, { contentType: String(req.headers["content-type"] ?? "") }),
        );
      }
      if (Array.isArray(err.validation)) {
        const detail = formatValidationErrors(
          err.validation as Parameters<typeof formatValidationErrors>[0],
          err.validationContext ?? "body",
        );
        return send(reply, graphError(cloud, api, "badRequest", { detail }));
      }
      if (err.statusCode === 413)
        return send(reply, graphError(cloud, api, "badRequest", { detail: "Request body too large." }));
      return send(reply, errorResponse(cloud, api, err));
    },
  );

  app.setNotFoundHandler((req, reply) => {
    const api = toApiRequest(req);
    const path = req.url.split("?")[0];
    if (path.startsWith("/v1.0/")) {
      const segment = path.split("/").filter(Boolean).pop() ?? "";
      return send(reply, graphError(cloud, api, "segmentNotFound", { segment }));
    }
    return send(reply, graphError(cloud, api, "routeNotFound", { method: req.method, path }));
  });

  for (const route of CLOUD_ROUTES) register(app, cloud, route);
  return app;
}

function register(app: FastifyInstance, cloud: Cloud, route: CloudRoute): void {
  app.route({
    method: route.method,
    url: route.path,
    schema: route.schema ? { body: route.schema } : undefined,
    handler: async (req, reply) => {
      const api = toApiRequest(req, route);
      const ac = new AbortController();
      reply.raw.on("close", () => {
        if (!reply.raw.writableEnded) ac.abort();
      });
      api.signal = ac.signal;
      return send(reply, await runRoute(cloud, api, route.handle));
    },
  });
}

function toApiRequest(req: FastifyRequest, route?: CloudRoute): ApiRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return {
    method: req.method,
    params: (req.params ?? {}) as Record<string, string>,
    query: (req.query ?? {}) as Record<string, string>,
    headers,
    body: route ? bodyForRoute(route, headers["content-type"], req.body) : req.body,
    graphBaseUrl: `${req.protocol}://${req.host}`,
  };
}

function send(reply: FastifyReply, res: ApiResponse): FastifyReply {
  reply.code(res.status);
  if (res.headers) reply.headers(res.headers);
  if (res.body === undefined) return reply.send();
  return reply.type("application/json; charset=utf-8").send(JSON.stringify(res.body));
}
