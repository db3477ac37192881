/**
 * The simulated Entra ID over real HTTP: a fastify app registering every route of api/route-table.ts.
 * Body parsing (api/body.ts), validation (fastify's ajv, configured with api/validation.ts's options)
 * and error envelopes (api/envelope.ts) are the shared ones, so this file only translates fastify's
 * request/reply to ApiRequest/ApiResponse. The real hostnames collapse onto one origin: /{tenant}/oauth2/…
 * (login), /v1.0/… (Graph), /sspr/… (portal), /relay/… (Service Bus), /_sim/… (simulator controls).
 */
import http from "node:http";
import type net from "node:net";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { bodyForRoute, decodeBody, refusesMediaType } from "../api/body.ts";
import { errorResponse, graphError, runRoute } from "../api/envelope.ts";
import { CLOUD_ROUTES } from "../api/route-table.ts";
import type { ApiRequest, ApiResponse, CloudRoute } from "../api/types.ts";
import { AJV_OPTIONS, formatValidationErrors } from "../api/validation.ts";
import type { GraphErrorKey } from "../core/catalogue/graph-errors.ts";
import type { Cloud } from "../core/cloud.ts";

export interface CloudHttpOptions {
  /** fastify's logger; off by default (and never logs bodies, so no passwords). */
  logger?: boolean;
  bodyLimit?: number;
  /**
   * The base URL links are built from (@odata.context, Location): the address the server was told
   * to serve at, never the client's Host header. A function is read per request (startCloudHttp
   * sets it once the port is known).
   */
  baseUrl?: string | (() => string);
}

/** The Graph envelope written straight to a socket, for failures before fastify has a request. */
export function rawGraphError(
  cloud: Cloud,
  key: GraphErrorKey,
  extraHeaders: Record<string, string> = {},
): string {
  const res = graphError(cloud, undefined, key);
  const body = JSON.stringify(res.body);
  const reason = http.STATUS_CODES[res.status] ?? "Error";
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    Connection: "close",
    ...res.headers,
    ...extraHeaders,
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${res.status} ${reason}\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

class BodyDecodeError extends Error {
  constructor(readonly kind: "malformedJson" | "unsupportedMediaType") {
    super(kind);
  }
}

const DEFAULT_BODY_LIMIT = 64 * 1024;

export function createCloudHttpApp(cloud: Cloud, opts: CloudHttpOptions = {}): FastifyInstance {
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const baseUrl =
    typeof opts.baseUrl === "function" ? opts.baseUrl : () => (opts.baseUrl as string | undefined) ?? "";
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit,
    ajv: { customOptions: { ...AJV_OPTIONS } },
    // Malformed URLs (bad percent-encoding, over-long parameters) in Graph's envelope, not fastify's.
    frameworkErrors: (err, req, reply) => {
      const key: GraphErrorKey = err.code === "FST_ERR_BAD_URL" ? "badUrl" : "badRequest";
      send(
        reply,
        graphError(cloud, toApiRequest(req, baseUrl()), key, { detail: "The request is not valid." }),
      );
    },
    // Errors Node's parser finds before there is a request (headers too large, garbage): Graph's envelope.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket: net.Socket) => {
      if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
        socket.destroy();
        return;
      }
      const key: GraphErrorKey =
        err.code === "HPE_HEADER_OVERFLOW"
          ? "headersTooLarge"
          : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
            ? "requestTimeout"
            : "badHttpRequest";
      socket.end(rawGraphError(cloud, key), () => socket.destroy());
    },
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
      const api = toApiRequest(req, baseUrl());
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
        return send(reply, graphError(cloud, api, "payloadTooLarge", { limit: String(bodyLimit) }));
      if (err.statusCode === 415 || (err as { code?: string }).code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
        return send(
          reply,
          graphError(cloud, api, "unsupportedMediaType", {
            contentType: String(req.headers["content-type"] ?? ""),
          }),
        );
      if (err.statusCode === 400 && (err as { code?: string }).code?.startsWith("FST_ERR"))
        return send(reply, graphError(cloud, api, "badRequest", { detail: "The request is not valid." }));
      return send(reply, errorResponse(cloud, api, err));
    },
  );

  app.setNotFoundHandler((req, reply) => {
    const api = toApiRequest(req, baseUrl());
    const path = req.url.split("?")[0];
    if (path.startsWith("/v1.0/")) {
      const segment = path.split("/").filter(Boolean).pop() ?? "";
      return send(reply, graphError(cloud, api, "segmentNotFound", { segment }));
    }
    return send(reply, graphError(cloud, api, "routeNotFound", { method: req.method, path }));
  });

  for (const route of CLOUD_ROUTES) register(app, cloud, route, baseUrl);
  return app;
}

function register(app: FastifyInstance, cloud: Cloud, route: CloudRoute, baseUrl: () => string): void {
  app.route({
    method: route.method,
    url: route.path,
    schema: route.schema ? { body: route.schema } : undefined,
    // Before validation: a form body on a JSON route is refused for its media type (415).
    preValidation: async (req) => {
      if (refusesMediaType(route, req.headers["content-type"]))
        throw new BodyDecodeError("unsupportedMediaType");
    },
    handler: async (req, reply) => {
      const api = toApiRequest(req, baseUrl(), route);
      const ac = new AbortController();
      reply.raw.on("close", () => {
        if (!reply.raw.writableEnded) ac.abort();
      });
      api.signal = ac.signal;
      return send(reply, await runRoute(cloud, api, route.handle));
    },
  });
}

function toApiRequest(req: FastifyRequest, base: string, route?: CloudRoute): ApiRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return {
    method: req.method,
    params: (req.params ?? {}) as Record<string, string>,
    query: (req.query ?? {}) as Record<string, string>,
    headers,
    body: route ? bodyForRoute(route, headers["content-type"], req.body) : req.body,
    // Never the Host header: a client must not choose the links we hand out.
    graphBaseUrl: base || listenerUrl(req),
  };
}

/** The address the request arrived at (the listener's own address, not the Host header). */
function listenerUrl(req: FastifyRequest): string {
  const address = req.socket?.localAddress;
  if (!address || !req.socket.localPort) return "http://127.0.0.1";
  const host = address.includes(":") ? `[${address}]` : address;
  return `${req.protocol}://${host}:${req.socket.localPort}`;
}

function send(reply: FastifyReply, res: ApiResponse): FastifyReply {
  reply.code(res.status);
  if (res.headers) reply.headers(res.headers);
  if (res.body === undefined) return reply.send();
  return reply.type("application/json; charset=utf-8").send(JSON.stringify(res.body));
}
