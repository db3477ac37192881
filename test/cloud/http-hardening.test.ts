/**
 * Every failure the HTTP layer itself produces answers in Graph's envelope (413, 415, 431, 400 for a
 * bad URL or a malformed request, 503 past the process's descriptor reserve), 401s say how to
 * authenticate, links come from the server's own address, and the relay forgets tenants it was only
 * asked about. A healthy client is answered after each.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cloud } from "../../simulator/cloud/core/cloud.ts";
import { WBSIM_DAEMON_CLIENT_ID, WBSIM_DAEMON_CLIENT_SECRET } from "../../simulator/cloud/core/constants.ts";
import { createContosoCloud } from "../../simulator/cloud/core/contoso.ts";
import { type RunningCloudHttp, startCloudHttp } from "../../simulator/cloud/http/start.ts";
import { ConnectionGate } from "../../simulator/net/connection-gate.ts";

let cloud: Cloud;
let srv: RunningCloudHttp;
let token: string;

/** Sends raw bytes and returns everything the server wrote before closing. */
function rawHttp(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(port, "127.0.0.1", () => s.write(bytes));
    s.on("data", (d) => chunks.push(d));
    s.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
    s.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
    s.setTimeout(10_000, () => reject(new Error("no answer")));
  });
}

function envelopeOf(raw: string): { status: number; headers: string; body: { error: { code: string } } } {
  const [head, body] = raw.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), headers: head, body: JSON.parse(body) };
}

function expectGraphEnvelope(body: unknown, code: string): void {
  expect(body).toMatchObject({
    error: {
      code,
      message: expect.any(String),
      innerError: { date: expect.any(String), "request-id": expect.any(String) },
    },
  });
}

async function healthy(): Promise<void> {
  const r = await fetch(`${srv.url}/v1.0/users/alice@contoso.com`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  cloud = createContosoCloud().cloud;
  srv = await startCloudHttp({ cloud, port: 0 });
  const r = await fetch(`${srv.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: WBSIM_DAEMON_CLIENT_ID,
      client_secret: WBSIM_DAEMON_CLIENT_SECRET,
      scope: "https://graph.microsoft.com/.default",
    }),
  });
  token = ((await r.json()) as { access_token: string }).access_token;
});
afterAll(() => srv.close());

const port = () => Number(new URL(srv.url).port);

describe("Graph-shaped HTTP errors", () => {
  it("a body over the limit gets 413 RequestEntityTooLarge", async () => {
    const r = await fetch(`${srv.url}/v1.0/users/alice@contoso.com`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ displayName: "x".repeat(100_000) }),
    });
    expect(r.status).toBe(413);
    expectGraphEnvelope(await r.json(), "RequestEntityTooLarge");
    await healthy();
  });

  it("a form body on a JSON route gets 415, not its fields read as JSON", async () => {
    const r = await fetch(`${srv.url}/v1.0/users/alice@contoso.com`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: "displayName=Mallory",
    });
    expect(r.status).toBe(415);
    expectGraphEnvelope(await r.json(), "BadRequest");
    await healthy();
  });

  it("headers over Node's limit get 431 in the envelope", async () => {
    const raw = await rawHttp(
      port(),
      `GET /v1.0/me HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    const res = envelopeOf(raw);
    expect(res.status).toBe(431);
    expectGraphEnvelope(res.body, "RequestHeaderFieldsTooLarge");
    await healthy();
  });

  it("a URL with bad percent-encoding gets 400 BadRequest in the envelope", async () => {
    const raw = await rawHttp(port(), "GET /v1.0/users/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const res = envelopeOf(raw);
    expect(res.status).toBe(400);
    expectGraphEnvelope(res.body, "BadRequest");
    expect(raw).not.toContain("FST_ERR");
    await healthy();
  });

  it("a request Node cannot parse gets 400 in the envelope, not 'Client Error'", async () => {
    const raw = await rawHttp(port(), "NOT HTTP AT ALL\r\n\r\n");
    const res = envelopeOf(raw);
    expect(res.status).toBe(400);
    expectGraphEnvelope(res.body, "BadRequest");
    expect(raw).not.toContain("Client Error");
    await healthy();
  });

  it("a 401 carries WWW-Authenticate with Graph's challenge", async () => {
    const r = await fetch(`${srv.url}/v1.0/me`);
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toBe(
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    );
    expectGraphEnvelope(await r.json(), "InvalidAuthenticationToken");
  });

  it("links come from the server's own address, never the Host header", async () => {
    const raw = await rawHttp(
      port(),
      `GET /v1.0/users/alice@contoso.com HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
    expect(raw).not.toContain("evil.example");
    const body = JSON.parse(
      raw.slice(raw.indexOf("\r\n\r\n") + 4).replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ""),
    );
    expect(body["@odata.context"]).toBe(`${srv.url}/v1.0/$metadata#users/$entity`);
  });
});

describe("resources", () => {
  it("the relay keeps nothing for tenants it was only asked about", async () => {
    const before = cloud.relay.tenantCount;
    for (let i = 0; i < 300; i++) {
      const tenant = `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`;
      const r = await fetch(`${srv.url}/relay/${tenant}/agents/${tenant}/heartbeat`, {
        method: "POST",
        headers: { authorization: "Relay x" },
      });
      expect(r.status).toBe(404);
      const f = await fetch(`${srv.url}/_sim/relay/${tenant}/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ relayUnreachable: true }),
      });
      expect(f.status).toBe(404);
    }
    expect(cloud.relay.tenantCount).toBe(before);
    await healthy();
  });

  it("past the process's descriptor reserve a client gets a Graph-shaped 503 and others keep working", async () => {
    const gate = new ConnectionGate(1);
    const small = await startCloudHttp({ cloud, port: 0, connectionGate: gate });
    const p = Number(new URL(small.url).port);
    const holder = net.connect(p, "127.0.0.1");
    await new Promise((r) => holder.once("connect", r));
    try {
      const raw = await rawHttp(p, "GET /v1.0/me HTTP/1.1\r\nHost: x\r\n\r\n");
      const res = envelopeOf(raw);
      expect(res.status).toBe(503);
      expect(res.headers).toMatch(/Retry-After: 1/);
      expectGraphEnvelope(res.body, "ServiceUnavailable");
      expect(gate.refused).toBe(1);
    } finally {
      holder.destroy();
      await small.close();
    }
    await healthy();
  });
});
