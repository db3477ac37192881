/**
 * Connect benchmarks: the cloud-to-AD round trip for one SSPR reset through the whole chain
 * (relay → WritebackAgent → fake DC over real LDAPS → result → cloud verdict), and resets per second
 * with 8 concurrent requests. Baseline in the same run: the bare LDAP reset (one ldapts modify with
 * the policy-hints control) on an open LDAPS connection to the same DC.
 */

import { performance } from "node:perf_hooks";
import { Attribute, Change, Client } from "ldapts";
import { SeededIds } from "../simulator/clock/seeded-ids.ts";
import { verdictOf } from "../simulator/cloud/core/writeback-dispatch.ts";
import { type WritebackDraft, WritebackRelay } from "../simulator/cloud/relay/relay.ts";
import { EventLog, WritebackAgent } from "../simulator/connect/index.ts";
import { policyHintsControl, quotedUnicodePwd } from "../simulator/ldap-client/index.ts";
import { startFakeDc } from "../test/support/fake-dc.ts";
import {
  anchorOf,
  CONNECTOR_PASSWORD,
  grantConnectorWriteback,
  openAduc,
  setDomainPolicy,
  ssprResetDraft,
} from "../test/support/writeback-setup.ts";
import { type Figure, latencies, printFigures } from "./lib.ts";

// Not carol: she is in Domain Admins, so AdminSDHolder protection denies the connector (case 3).
const USERS = ["alice", "frank", "dave", "bob"];
const PARENT: Record<string, string> = {
  alice: "OU=Staff",
  frank: "OU=Staff",
  dave: "OU=Sales",
  bob: "CN=Users",
  carol: "OU=Admins",
};

export async function run(): Promise<Figure[]> {
  const dc = await startFakeDc({ personality: "windows" });
  const { ldapsUrl } = dc;
  const aduc = await openAduc(ldapsUrl);
  await grantConnectorWriteback(aduc);
  // Many resets of the same accounts in a row: no minimum age (the fake Windows DC applies it to
  // resets sent with the policy-hints control).
  await setDomainPolicy(aduc, { minPwdAge: "0" });
  const anchors: Record<string, string> = {};
  for (const u of USERS) anchors[u] = await anchorOf(aduc, `CN=${u},${PARENT[u]},DC=contoso,DC=com`);
  await aduc.close();

  const clock = dc.directory.clock;
  const events = new EventLog(clock);
  const relay = new WritebackRelay({ clock, ids: new SeededIds("bench") });
  const agent = new WritebackAgent({ dcUrl: ldapsUrl, password: CONNECTOR_PASSWORD, events, clock });
  relay.attachAgent("contoso", agent);
  let n = 0;
  const draft = (u: string): WritebackDraft =>
    ssprResetDraft(anchors[u], `${u}@contoso.com`, { newPassword: `Bench!Passw0rd#${n++}` });
  const reset = async (u: string) => {
    const d = await relay.submit("contoso", draft(u));
    if (verdictOf(d) !== "success") throw new Error(`bench reset failed: ${JSON.stringify(d)}`);
  };

  // Baseline: the bare LDAP write on an open connection.
  const raw = new Client({ url: ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
  await raw.bind("MSOL_0123456789ab@contoso.com", CONNECTOR_PASSWORD);
  const rawLat = await latencies(async () => {
    await raw.modify(
      "CN=alice,OU=Staff,DC=contoso,DC=com",
      new Change({
        operation: "replace",
        modification: new Attribute({
          type: "unicodePwd",
          values: [quotedUnicodePwd(`Raw!Passw0rd#${n++}`)],
        }),
      }),
      policyHintsControl(),
    );
  }, 200);
  await raw.unbind();

  await reset("alice"); // warm-up: opens the agent's connection
  const chain = await latencies(() => reset(USERS[n % USERS.length]), 300);

  const total = 400;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < total) {
        next++;
        await reset(USERS[next % USERS.length]);
      }
    }),
  );
  const rps = (total * 1000) / (performance.now() - start);

  await agent.close();
  await dc.close();
  const figures: Figure[] = [
    { name: "bare LDAPS unicodePwd reset p50 (baseline)", value: rawLat.p50, unit: "ms" },
    {
      name: "SSPR reset round trip in-process p50 (relay→agent→fake DC LDAPS)",
      value: chain.p50,
      unit: "ms",
      goal: "<= 20 ms",
      met: chain.p50 <= 20,
      ratio: { against: "bare reset", value: chain.p50 / rawLat.p50 },
    },
    { name: "SSPR reset round trip in-process p95", value: chain.p95, unit: "ms" },
    { name: "resets/s through the whole chain, 8 concurrent", value: rps, unit: "ops/s" },
  ];
  printFigures("connect: writeback agent end to end", figures);
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
