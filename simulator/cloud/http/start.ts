/** Starts the simulated Entra ID on 127.0.0.1 (default port 10080, `wbsim serve --http-port`). */
import type { FastifyInstance } from "fastify";
import type { Cloud } from "../core/cloud.ts";
import { createContosoCloud } from "../core/contoso.ts";
import { type CloudHttpOptions, createCloudHttpApp } from "./app.ts";

export const DEFAULT_CLOUD_HTTP_PORT = 10080;

export interface StartCloudHttpOptions extends CloudHttpOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The core to serve; a fresh contoso cloud when omitted. */
  cloud?: Cloud;
}

export interface RunningCloudHttp {
  app: FastifyInstance;
  cloud: Cloud;
  /** e.g. http://127.0.0.1:10080 */
  url: string;
  close(): Promise<void>;
}

export async function startCloudHttp(opts: StartCloudHttpOptions = {}): Promise<RunningCloudHttp> {
  const cloud = opts.cloud ?? createContosoCloud().cloud;
  const app = createCloudHttpApp(cloud, opts);
  const host = opts.host ?? "127.0.0.1";
  await app.listen({ host, port: opts.port ?? DEFAULT_CLOUD_HTTP_PORT });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : (opts.port ?? DEFAULT_CLOUD_HTTP_PORT);
  return { app, cloud, url: `http://${host}:${port}`, close: () => app.close() };
}
