/**
 * Runs the same cloud test suites over both front ends: real HTTP (fastify on 127.0.0.1:0, Node
 * fetch) and msw (setupServer intercepting fetch to Microsoft's real hostnames). A tiny client
 * speaks to whichever endpoints the transport exposes.
 */
import { setupServer } from "msw/node";
import type { CloudHost } from "../../../simulator/cloud/api/types.ts";
import type { Cloud } from "../../../simulator/cloud/core/cloud.ts";
import { createContosoCloud } from "../../../simulator/cloud/core/contoso.ts";
import type { SsprErrorView, SsprView } from "../../../simulator/cloud/core/sspr-session.ts";
import type { OutboxMessage, Tenant } from "../../../simulator/cloud/core/tenant.ts";
import { startCloudHttp } from "../../../simulator/cloud/http/start.ts";
import { createCloudHandlers, REAL_HOSTS } from "../../../simulator/cloud/msw/handlers.ts";
import type { WritebackRequest, WritebackResult } from "../../../simulator/cloud/relay/types.ts";

export type TransportName = "http" | "msw";
export const TRANSPORTS: TransportName[] = ["http", "msw"];

export interface Harness {
  cloud: Cloud;
  tenant: Tenant;
  client: CloudClient;
  close(): Promise<void>;
}

export async function startHarness(
  transport: TransportName,
  opts: Parameters<typeof createContosoCloud>[0] = {},
): Promise<Harness> {
  // A budget no test runs into: an HTTP agent in a test answers when it answers, on a loaded machine
  // too; expiry is tested on the simulated clock (relay.test.ts), not by racing the wall clock.
  const { cloud, tenant } = createContosoCloud({ relay: { realWaitMs: 60_000 }, ...opts });
  if (transport === "http") {
    const srv = await startCloudHttp({ cloud, port: 0 });
    const hosts = Object.fromEntries(Object.keys(REAL_HOSTS).map((h) => [h, srv.url])) as Record<
      CloudHost,
      string
    >;
    return { cloud, tenant, client: new CloudClient(hosts), close: () => srv.close() };
  }
  const server = setupServer(...createCloudHandlers(cloud));
  server.listen({ onUnhandledRequest: "error" });
  return {
    cloud,
    tenant,
    client: new CloudClient(REAL_HOSTS),
    close: async () => server.close(),
  };
}

/*
 * Reply bodies as these tests read them. Fields are typed as present: a test reads a field to assert
 * on it, and a field the reply lacks reads as undefined and fails that assertion.
 */

/** The Graph error envelope every host but the token endpoint answers with (see api/envelope.ts). */
export interface GraphErrorBody {
  code: string;
  message: string;
  innerError: Record<string, string>;
}

/** A token endpoint reply: tokens on success, the AADSTS error shape on failure. */
export interface TokenBody {
  access_token: string;
  id_token: string;
  scope: string;
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/**
 * A Graph, SSPR, relay or sim reply: the SSPR page view, the Graph error envelope (an SSPR page error
 * sits under the same name), and the fields of the other bodies these tests read.
 */
export interface ApiBody extends Required<Omit<SsprView, "error">> {
  error: GraphErrorBody & SsprErrorView;
  /** Graph user */
  id: string;
  onPremisesSyncEnabled: boolean | null;
  /** relay agent registration and long poll */
  agentId: string;
  relayKey: string;
  requestId: string;
  /** sim controls */
  now: string;
  enabledFor: string;
  /** sim outbox */
  value: OutboxMessage[];
}

export interface Reply<B = ApiBody> {
  status: number;
  headers: Headers;
  /** The parsed body (undefined when the reply has none, e.g. 204). */
  json: B;
}

export class CloudClient {
  constructor(readonly hosts: Record<CloudHost, string>) {}

  async call<B = ApiBody>(
    host: CloudHost,
    method: string,
    path: string,
    opts: {
      token?: string;
      json?: unknown;
      raw?: string;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Reply<B>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(opts.form).toString();
    } else if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.raw !== undefined) {
      headers["content-type"] ??= "application/json";
      body = opts.raw;
    }
    const res = await fetch(`${this.hosts[host]}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
  }

  token(tenant: string, form: Record<string, string>): Promise<Reply<TokenBody>> {
    return this.call<TokenBody>("login", "POST", `/${tenant}/oauth2/v2.0/token`, { form });
  }

  async ropc(
    username: string,
    password: string,
    scope = "https://graph.microsoft.com/.default",
  ): Promise<string> {
    const r = await this.token("contoso.onmicrosoft.com", {
      grant_type: "password",
      client_id: "5d8c1f3a-2e4b-4a6c-8d9e-1b7f0c3a5e21",
      scope,
      username,
      password,
    });
    if (r.status !== 200) throw new Error(`ROPC for ${username} failed: ${JSON.stringify(r.json)}`);
    return r.json.access_token;
  }

  graph(method: string, path: string, opts: Parameters<CloudClient["call"]>[3] = {}): Promise<Reply> {
    return this.call("graph", method, path, opts);
  }

  /** Starts an SSPR session and answers "Who are you?" with the right captcha. */
  async ssprWhoAreYou(userId: string): Promise<Reply> {
    const start = await this.call("sspr", "POST", "/sspr/sessions");
    return this.call("sspr", "POST", `/sspr/sessions/${start.json.sessionId}/who-are-you`, {
      json: { userId, captcha: start.json.captcha.toLowerCase() },
    });
  }

  ssprStep(sessionId: string, step: string, json: unknown): Promise<Reply> {
    return this.call("sspr", "POST", `/sspr/sessions/${sessionId}/${step}`, { json });
  }

  /** Sends and enters a code for each required method (reading the simulated phone/mailbox). */
  async ssprVerify(tenantId: string, view: ApiBody): Promise<Reply> {
    let last: Reply = { status: 200, headers: new Headers(), json: view };
    const methods = view.methods.slice(0, view.methodsRequired);
    for (const m of methods) {
      await this.ssprStep(view.sessionId, "verification/send", { method: m.type });
      const box = await this.call("sim", "GET", `/_sim/tenants/${tenantId}/outbox/${view.userPrincipalName}`);
      const code = box.json.value.filter((x) => x.method === m.type).pop()!.code;
      last = await this.ssprStep(view.sessionId, "verification", { method: m.type, code });
    }
    return last;
  }

  /** Runs the forgot-password flow up to the new-password page result. */
  async ssprReset(tenantId: string, userId: string, newPassword: string): Promise<Reply> {
    let r = await this.ssprWhoAreYou(userId);
    if (r.json.page === "whyTrouble")
      r = await this.ssprStep(r.json.sessionId, "trouble", { reason: "forgotPassword" });
    if (r.json.page !== "verification") return r;
    r = await this.ssprVerify(tenantId, r.json);
    if (r.json.page !== "newPassword") return r;
    return this.ssprStep(r.json.sessionId, "new-password", { newPassword, confirmPassword: newPassword });
  }
}

/** An in-test writeback agent answering with chosen outcomes and recording (redacted) requests. */
export function fakeAgent(
  cloud: Cloud,
  tenantId: string,
  answer: (r: WritebackRequest) => Partial<WritebackResult> = () => ({}),
) {
  const seen: WritebackRequest[] = [];
  const handle = cloud.relay.attachAgent(tenantId, {
    async handle(r) {
      seen.push(r);
      return { requestId: r.requestId, outcome: "success", detail: "fake agent", ...answer(r) };
    },
  });
  return { seen, ...handle };
}
