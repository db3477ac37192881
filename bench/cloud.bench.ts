/**
 * Cloud benchmarks: one SSPR reset round trip (cloud → relay → in-process fake agent → cloud) in
 * process and over HTTP, and resets per second with 8 concurrent users; baseline in the same run: a
 * bare fastify route returning 204 over the same loopback fetch. The fake agent answers at once, so
 * this measures the simulator's own cost (the AD side is benchmarked by the ldap/directory benches).
 * Throttling (5 resets per account per hour) is cleared before each flow so it doesn't cap the loop.
 */
import Fastify from "fastify";
import type { Cloud } from "../simulator/cloud/core/cloud.ts";
import { createContosoCloud } from "../simulator/cloud/core/contoso.ts";
import type { Tenant } from "../simulator/cloud/core/tenant.ts";
import { startCloudHttp } from "../simulator/cloud/http/start.ts";
import { latencies, printFigures } from "./lib.ts";

const USERS = ["alice", "frank", "dave", "bob", "carol"];

function setup(): { cloud: Cloud; tenant: Tenant; users: string[] } {
  const { cloud, tenant } = createContosoCloud();
  for (let i = 0; i < 8; i++) {
    tenant.upsertSyncedUser({
      userPrincipalName: `bench${i}@contoso.com`,
      onPremisesImmutableId: `YmVuY2gx${i}AAAAAAAAAAAAAA==`,
      onPremisesSecurityIdentifier: `S-1-5-21-1004336348-1177238915-682003330-${2000 + i}`,
      onPremisesDistinguishedName: `CN=bench${i},OU=Staff,DC=contoso,DC=com`,
      onPremisesSamAccountName: `bench${i}`,
      displayName: `Bench ${i}`,
      accountEnabled: true,
      authMethods: [{ type: "email", target: `bench${i}@fabrikam-mail.example` }],
    });
  }
  tenant.updateSsprPolicy({ allowUnlockWithoutReset: false });
  cloud.relay.attachAgent(tenant.id, {
    handle: async (r) => ({
      requestId: r.requestId,
      outcome: "success",
      eventIds: [31001, 31002],
      detail: "bench",
    }),
  });
  return {
    cloud,
    tenant,
    users: [
      ...USERS.map((u) => `${u}@contoso.com`),
      ...Array.from({ length: 8 }, (_, i) => `bench${i}@contoso.com`),
    ],
  };
}

let counter = 0;
const nextPassword = () => `B3nch!Pw#${counter++}`;

async function inProcessReset(cloud: Cloud, tenant: Tenant, upn: string): Promise<void> {
  tenant.resetThrottle.clear();
  const s = cloud.sspr.start();
  const v = cloud.sspr.whoAreYou(s.sessionId, { userId: upn, captcha: s.captcha! });
  cloud.sspr.sendCode(v.sessionId, { method: "email" });
  const code = tenant.lastCodeFor(tenant.findUser(upn)!.id, "email")!;
  await cloud.sspr.verify(v.sessionId, { method: "email", code });
  const pw = nextPassword();
  const done = await cloud.sspr.newPassword(v.sessionId, { newPassword: pw, confirmPassword: pw });
  if (done.page !== "finished") throw new Error(`bench reset ended on ${done.page}`);
}

async function httpReset(url: string, cloud: Cloud, tenant: Tenant, upn: string): Promise<void> {
  tenant.resetThrottle.clear();
  const post = async (path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as { sessionId: string; captcha: string; page: string };
  };
  const s = await post("/sspr/sessions");
  await post(`/sspr/sessions/${s.sessionId}/who-are-you`, { userId: upn, captcha: s.captcha });
  await post(`/sspr/sessions/${s.sessionId}/verification/send`, { method: "email" });
  const code = tenant.lastCodeFor(tenant.findUser(upn)!.id, "email")!;
  await post(`/sspr/sessions/${s.sessionId}/verification`, { method: "email", code });
  const pw = nextPassword();
  const done = await post(`/sspr/sessions/${s.sessionId}/new-password`, {
    newPassword: pw,
    confirmPassword: pw,
  });
  if (done.page !== "finished") throw new Error(`bench reset ended on ${done.page}`);
  void cloud;
}

async function concurrentRate(
  workers: number,
  ms: number,
  one: (worker: number) => Promise<void>,
): Promise<number> {
  let done = 0;
  const end = performance.now() + ms;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < end) {
        await one(w);
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - start);
}

export async function run(): Promise<void> {
  const { cloud, tenant, users } = setup();
  const bench = users.filter((u) => u.startsWith("bench"));

  // In-process: the whole portal flow, and just the new-password submit (the writeback round trip).
  const inProc = await latencies(() => inProcessReset(cloud, tenant, "alice@contoso.com"), 300);
  const inProcRate = await concurrentRate(8, 1500, (w) => inProcessReset(cloud, tenant, bench[w]));

  // HTTP: same flow over fastify on loopback.
  const srv = await startCloudHttp({ cloud, port: 0 });
  const overHttp = await latencies(() => httpReset(srv.url, cloud, tenant, "frank@contoso.com"), 200);
  const httpRate = await concurrentRate(8, 1500, (w) => httpReset(srv.url, cloud, tenant, bench[w]));
  await srv.close();

  // Baseline: a bare fastify route returning 204, five calls per "flow" like the SSPR flow's five POSTs.
  const bare = Fastify();
  bare.post("/noop", async (_req, reply) => reply.code(204).send());
  await bare.listen({ host: "127.0.0.1", port: 0 });
  const addr = bare.server.address();
  const bareUrl = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/noop`;
  const fiveNoops = async () => {
    for (let i = 0; i < 5; i++) await fetch(bareUrl, { method: "POST" });
  };
  const bareLat = await latencies(fiveNoops, 200);
  const bareRate = await concurrentRate(8, 1500, fiveNoops);
  await bare.close();

  printFigures("cloud: SSPR reset round trip (fake in-process agent)", [
    {
      name: "SSPR reset, in-process, p50",
      value: inProc.p50,
      unit: "ms",
      goal: "<= 20 ms",
      met: inProc.p50 <= 20,
    },
    { name: "SSPR reset, in-process, p95", value: inProc.p95, unit: "ms" },
    {
      name: "SSPR reset over HTTP (5 POSTs), p50",
      value: overHttp.p50,
      unit: "ms",
      ratio: { against: "5 bare 204 POSTs", value: overHttp.p50 / bareLat.p50 },
    },
    { name: "baseline: 5 bare fastify 204 POSTs, p50", value: bareLat.p50, unit: "ms" },
    { name: "resets/s in-process, 8 concurrent users", value: inProcRate, unit: "resets/s" },
    {
      name: "resets/s over HTTP, 8 concurrent users",
      value: httpRate,
      unit: "resets/s",
      ratio: { against: "bare 5-POST flows/s", value: httpRate / bareRate },
    },
    { name: "baseline: bare 5-POST flows/s, 8 concurrent", value: bareRate, unit: "flows/s" },
  ]);
}
