/** Starts the simulated Entra ID on 127.0.0.1 (default port 10080, `wbsim serve --http-port`). */
import type net from "node:net";
import type { FastifyInstance } from "fastify";
import { type ConnectionGate, processConnectionGate } from "../../net/connection-gate.ts";
import type { Cloud } from "../core/cloud.ts";
import { createContosoCloud } from "../core/contoso.ts";
import { type CloudHttpOptions, createCloudHttpApp, rawGraphError } from "./app.ts";

export const DEFAULT_CLOUD_HTTP_PORT = 10080;

export interface StartCloudHttpOptions extends CloudHttpOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The core to serve; a fresh contoso cloud when omitted. */
  cloud?: Cloud;
  /** The process-wide socket gate shared with the LDAP listeners (default: the shared one). */
  connectionGate?: ConnectionGate;
}

/** Seconds an HTTP connection may sit without a complete request or between requests. */
const IDLE_SOCKET_MS = 120_000;

export interface RunningCloudHttp {
  app: FastifyInstance;
  cloud: Cloud;
  /** e.g. http://127.0.0.1:10080 */
  url: string;
  close(): Promise<void>;
}

export async function startCloudHttp(opts: StartCloudHttpOptions = {}): Promise<RunningCloudHttp> {
  const cloud = opts.cloud ?? createContosoCloud().cloud;
  const host = opts.host ?? "127.0.0.1";
  let url = "";
  const app = createCloudHttpApp(cloud, { ...opts, baseUrl: opts.baseUrl ?? (() => url) });
  const gate = opts.connectionGate ?? processConnectionGate;
  // Every socket holds a place in the process-wide gate; past it the client gets a Graph-shaped 503
  // while descriptors remain to write it (the LDAP listeners share the same gate).
  app.server.on("connection", (socket: net.Socket) => {
    if (!gate.tryAcquire()) {
      socket.on("error", () => socket.destroy());
      socket.end(rawGraphError(cloud, "serverBusy", { "Retry-After": "1" }), () => socket.destroy());
      return;
    }
    socket.once("close", () => gate.release());
  });
  // A socket that never completes a request does not hold a descriptor forever.
  app.server.headersTimeout = IDLE_SOCKET_MS;
  app.server.requestTimeout = IDLE_SOCKET_MS;
  await app.listen({ host, port: opts.port ?? DEFAULT_CLOUD_HTTP_PORT });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : (opts.port ?? DEFAULT_CLOUD_HTTP_PORT);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  url = `http://${urlHost}:${port}`;
  return { app, cloud, url, close: () => app.close() };
}
