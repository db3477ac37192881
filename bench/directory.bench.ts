/**
 * Directory benchmarks (issue 3 "Benchmarks"): a fresh contoso world in-process (goal ≤ 20 ms) and a
 * snapshot restore (≤ 2 ms); the scale world of 100,000 users in 1,000 OUs (build ≤ 5 s, RSS ≤ 1 GB),
 * an indexed equality search on it (p50 ≤ 1 ms) and a root DACL change propagated to every user (≤ 2 s).
 * Samba's provision + start (~3 s, samba-observations.md §9) is the reference for the start figure.
 */
import { performance } from "node:perf_hooks";
import { createDirectory, systemContext } from "../simulator/directory/index.ts";
import { encodeSecurityDescriptor } from "../simulator/security/binary-codec.ts";
import { parseSddl } from "../simulator/security/sddl-parse.ts";
import { buildScaleWorld } from "../simulator/worlds/scale.ts";
import { type Figure, latencies, printFigures } from "./lib.ts";

const SAMBA_PROVISION_AND_START_MS = 2300 + 1480;

export async function run(): Promise<void> {
  const figures: Figure[] = [];
  createDirectory({ world: "contoso", personality: "windows" });
  const starts = await latencies(() => {
    createDirectory({ world: "contoso", personality: "windows" });
  }, 50);
  figures.push({
    name: "contoso start (p50)",
    value: starts.p50,
    unit: "ms",
    goal: "<= 20 ms",
    met: starts.p50 <= 20,
    ratio: { against: "Samba provision+start", value: SAMBA_PROVISION_AND_START_MS / starts.p50 },
  });
  const dir = createDirectory({ world: "contoso", personality: "windows" });
  const snap = dir.snapshot();
  const restores = await latencies(() => dir.restore(snap), 200);
  figures.push({
    name: "snapshot restore (p50)",
    value: restores.p50,
    unit: "ms",
    goal: "<= 2 ms",
    met: restores.p50 <= 2,
  });

  const users = Number(process.env.WBSIM_SCALE_USERS ?? 100_000);
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const big = buildScaleWorld({ users, ous: Math.max(1, Math.round(users / 100)) });
  const buildMs = performance.now() - t0;
  const rss = process.memoryUsage().rss;
  figures.push({
    name: `scale world build (${users} users)`,
    value: buildMs / 1000,
    unit: "s",
    goal: "<= 5 s",
    met: buildMs <= 5000,
  });
  figures.push({
    name: "scale world RSS",
    value: rss / 1e6,
    unit: "MB",
    goal: "<= 1000 MB",
    met: rss <= 1e9,
  });
  void rss0;
  const ctx = systemContext();
  let i = 0;
  const search = await latencies(async () => {
    const n = `user${String((i++ * 7919) % users).padStart(6, "0")}`;
    await big.search(
      {
        baseObject: big.baseDn,
        scope: "sub",
        derefAliases: "never",
        sizeLimit: 0,
        timeLimit: 0,
        typesOnly: false,
        filter: { type: "equality", attribute: "sAMAccountName", value: Buffer.from(n) },
        attributes: ["cn"],
      },
      ctx,
    );
  }, 2000);
  figures.push({
    name: "indexed equality search (p50)",
    value: search.p50,
    unit: "ms",
    goal: "<= 1 ms",
    met: search.p50 <= 1,
  });
  const root = big.findByDn(big.baseDn)!;
  const extra = parseSddl(
    `D:(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${big.domainSid}-1103)`,
    {
      domainSid: big.domainSid,
    },
  ).dacl!.aces;
  const sd = { ...root.sd, dacl: { revision: 4, aces: [...extra, ...(root.sd.dacl?.aces ?? [])] } };
  const t1 = performance.now();
  await big.modify(
    big.baseDn,
    [
      {
        operation: "replace",
        modification: { type: "nTSecurityDescriptor", values: [encodeSecurityDescriptor(sd)] },
      },
    ],
    {
      ...ctx,
      controls: [{ oid: "1.2.840.113556.1.4.801", critical: true, value: Buffer.from("3003020104", "hex") }],
    },
  );
  const propMs = performance.now() - t1;
  figures.push({
    name: "root DACL change propagated",
    value: propMs / 1000,
    unit: "s",
    goal: "<= 2 s",
    met: propMs <= 2000,
  });
  printFigures("directory", figures);
}
