/**
 * The fake DC against its goals (issue 3, "Benchmarks"), every ratio against a baseline measured in
 * the same run:
 *  - Start: a fresh `contoso` world in-process (goal <= 20 ms) and a snapshot restore (<= 2 ms),
 *    against the Samba container's start to readiness (this run, when the image exists) and the
 *    recorded provision + first start (samba-observations.md §9: 2.30 s + 1.48 s).
 *  - Throughput over loopback with ldapts at N = 1, 8 and 32 connections, against the REAL
 *    directory (contoso, windows personality, minPwdAge set to 0 first as the matrix does):
 *    * baseline 1, the bare ldapjs 3.0.7 server (bench/ldap.bench.ts' runLdapBench, plain LDAP):
 *      simple binds, base-object and indexed subtree searches; goal base searches >= 0.7x;
 *    * baseline 2, the Samba AD DC container, both over LDAPS as Administrator: base searches,
 *      subtree (sAMAccountName=…) searches and unicodePwd resets (unique compliant passwords);
 *      goals >= 3x its searches/s and >= 20x its resets/s. Without the image the recorded
 *      single-client figures (3,377 searches/s, 45.1 resets/s, python ldap3) are printed instead,
 *      marked as recorded. The clients run in a worker thread (their own core), for both targets;
 *      the fake DC's event-loop utilisation is printed beside, so a client-bound figure shows as such.
 *      Each LDAPS figure is the best of three rounds, alternating fake DC and Samba (the shared
 *      2-CPU machine has bursts of other load; one round can halve either side).
 * The scale figures are in bench/dc-scale.bench.ts (a child process, for an honest RSS).
 * `npm run bench -- dc` runs both.
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { StartedSambaDc } from "../harness/targets/samba-container.ts";
import type { OperationContext } from "../simulator/directory/api.ts";
import { type Directory, systemContext } from "../simulator/directory/index.ts";
import { createLdapServer } from "../simulator/ldap/index.ts";
import { CONTOSO_ACCOUNTS } from "../simulator/worlds/contoso.ts";
import { createDirectory } from "../simulator/worlds/index.ts";
import { runLdapBench } from "./ldap.bench.ts";
import { type Figure, latencies, printFigures } from "./lib.ts";

const CONNECTIONS = [1, 8, 32];
const DURATION_MS = 1500;
/** LDAPS rows: best of this many rounds per target. */
const ROUNDS = 3;
/** Pause after each Samba round. */
const SETTLE_MS = 1500;
/** samba-observations.md §9 (one python ldap3 client over LDAPS, 10 s per row). */
const RECORDED = {
  provisionPlusStartMs: 2300 + 1480,
  searchesPerSecond: 3377,
  resetsPerSecond: 45.1,
  bindsPerSecond: 458.9,
};

const password = (name: string) => CONTOSO_ACCOUNTS.find((a) => a.name === name)!.password;

/** Where the LDAPS throughput runs: our server or the Samba container. */
interface LdapsTarget {
  name: string;
  url: string;
  adminDn: string;
  adminPassword: string;
  baseDn: string;
}

type OpKind = "base" | "subtree" | "reset";

/**
 * The load generator, run in a worker thread so the clients (32 ldapts connections with their TLS)
 * get their own core instead of sharing the fake DC's event loop — Samba's clients are in another
 * process anyway, so both targets are measured the same way. Plain JS: workers do not inherit tsx.
 * N connections bound as Administrator run one operation in a loop; it posts ops/s or the error.
 */
const LOAD_WORKER = `
const { parentPort, workerData: w } = require("node:worker_threads");
const { performance } = require("node:perf_hooks");
(async () => {
  const { Client, Change, Attribute } = await import(w.ldaptsUrl);
  const alice = "CN=alice,OU=Staff," + w.baseDn;
  let serial = 0;
  const ops = {
    base: (c) => c.search(alice, { scope: "base", attributes: ["cn", "pwdLastSet"] }),
    subtree: async (c) => {
      const r = await c.search(w.baseDn, { scope: "sub", filter: "(sAMAccountName=alice)", attributes: ["distinguishedName"] });
      if (r.searchEntries.length !== 1) throw new Error("subtree search found " + r.searchEntries.length);
    },
    // A unique policy-compliant password per reset (no account name in it): history never interferes.
    reset: (c) => c.modify(alice, new Change({ operation: "replace", modification: new Attribute({
      type: "unicodePwd", values: [Buffer.from('"Bench#' + w.prefix + "-" + ++serial + 'xYz"', "utf16le")] }) })),
  };
  const op = ops[w.kind];
  const clients = Array.from({ length: w.n }, () => new Client({ url: w.url, timeout: 30000, tlsOptions: { rejectUnauthorized: false } }));
  try {
    await Promise.all(clients.map((c) => c.bind(w.adminDn, w.adminPassword)));
    const warmEnd = performance.now() + Math.min(300, w.durationMs / 4);
    await Promise.all(clients.map(async (c) => { while (performance.now() < warmEnd) await op(c); }));
    let count = 0;
    parentPort.postMessage({ measuring: true });
    const start = performance.now();
    const end = start + w.durationMs;
    await Promise.all(clients.map(async (c) => { while (performance.now() < end) { await op(c); count++; } }));
    parentPort.postMessage({ opsPerSecond: (count * 1000) / (performance.now() - start) });
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  } finally {
    await Promise.all(clients.map((c) => c.unbind().catch(() => {})));
  }
})();
`;

let runs = 0;
/** Ops/s the clients saw, and how busy this thread's event loop (the fake DC's) was meanwhile. */
function throughput(t: LdapsTarget, n: number, kind: OpKind): Promise<{ rate: number; busy: number }> {
  const workerData = {
    ldaptsUrl: import.meta.resolve("ldapts"),
    url: t.url,
    adminDn: t.adminDn,
    adminPassword: t.adminPassword,
    baseDn: t.baseDn,
    n,
    kind,
    durationMs: DURATION_MS,
    prefix: `${process.pid}${++runs}`,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData });
    let elu = performance.eventLoopUtilization();
    worker.on("message", (m: { measuring?: true; opsPerSecond?: number; error?: string }) => {
      if (m.measuring) elu = performance.eventLoopUtilization();
      else if (m.error !== undefined) reject(new Error(`${t.name}, ${kind}, ${n} conn: ${m.error}`));
      else resolve({ rate: m.opsPerSecond!, busy: performance.eventLoopUtilization(elu).utilization });
    });
    worker.once("error", reject);
  });
}

interface Rates {
  base: number;
  subtree: number;
  reset: number;
  /** Event-loop utilisation of this thread during each run (meaningful for the fake DC only). */
  busy: { base: number; subtree: number; reset: number };
}

/** Per operation, the faster of two measurements (with the event-loop figure of that run). */
function best(a: Rates | undefined, b: Rates): Rates {
  if (!a) return b;
  const pick = (k: OpKind) =>
    a[k] >= b[k] ? { rate: a[k], busy: a.busy[k] } : { rate: b[k], busy: b.busy[k] };
  const base = pick("base");
  const subtree = pick("subtree");
  const reset = pick("reset");
  return {
    base: base.rate,
    subtree: subtree.rate,
    reset: reset.rate,
    busy: { base: base.busy, subtree: subtree.busy, reset: reset.busy },
  };
}

async function ldapsRates(t: LdapsTarget, n: number): Promise<Rates> {
  const base = await throughput(t, n, "base");
  const subtree = await throughput(t, n, "subtree");
  const reset = await throughput(t, n, "reset");
  return {
    base: base.rate,
    subtree: subtree.rate,
    reset: reset.rate,
    busy: { base: base.busy, subtree: subtree.busy, reset: reset.busy },
  };
}

/** The real directory with minPwdAge 0 (the relaxed policy of the matrix and the conformance lab). */
async function benchDirectory(): Promise<Directory> {
  const dir = createDirectory({ world: "contoso", personality: "windows" });
  const anon: OperationContext = {
    ...systemContext(),
    identity: { anonymous: true, dn: "", sid: "", bindName: "" },
  };
  const admin = await dir.bindSimple(
    "Administrator@contoso.com",
    Buffer.from(password("Administrator")),
    anon,
  );
  await dir.modify(
    dir.baseDn,
    [{ operation: "replace", modification: { type: "minPwdAge", values: [Buffer.from("0")] } }],
    { ...systemContext(), identity: admin },
  );
  return dir;
}

async function trySamba(): Promise<{ dc: StartedSambaDc; startMs: number } | { error: string }> {
  try {
    const { startSambaDc } = await import("../harness/targets/samba-container.ts");
    const t = performance.now();
    const dc = await startSambaDc();
    return { dc, startMs: performance.now() - t };
  } catch (e) {
    return { error: (e as Error).message.split("\n")[0] };
  }
}

export async function run(): Promise<void> {
  console.log(
    `\n(dc bench: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} at start)`,
  );
  // In-process start figures first, while no Samba container is busy on the same CPUs.
  const start = await measureStart();
  const samba = await trySamba();
  if ("dc" in samba) await new Promise((r) => setTimeout(r, SETTLE_MS));
  try {
    await measure(samba, start);
  } finally {
    if ("dc" in samba) await samba.dc.stop();
  }
}

async function measureStart() {
  const cold0 = performance.now();
  createDirectory({ world: "contoso", personality: "windows" });
  const coldMs = performance.now() - cold0;
  const starts = await latencies(() => {
    createDirectory({ world: "contoso", personality: "windows" });
  }, 50);
  const dir = createDirectory({ world: "contoso", personality: "windows" });
  const snap = dir.snapshot();
  const restores = await latencies(() => dir.restore(snap), 500);
  return { coldMs, starts, restores, baseDn: dir.baseDn };
}

async function measure(
  samba: { dc: StartedSambaDc; startMs: number } | { error: string },
  { coldMs, starts, restores, baseDn }: Awaited<ReturnType<typeof measureStart>>,
): Promise<void> {
  // ---------------------------------------------------------------- start
  const sambaStartMs = "dc" in samba ? samba.startMs : undefined;
  const startFigures: Figure[] = [
    {
      name: "fresh contoso world in-process (p50 of 50)",
      value: starts.p50,
      unit: "ms",
      ratio: sambaStartMs
        ? { against: "Samba container start, this run (faster by)", value: sambaStartMs / starts.p50 }
        : {
            against: "recorded Samba provision+start (faster by)",
            value: RECORDED.provisionPlusStartMs / starts.p50,
          },
      goal: "<= 20 ms",
      met: starts.p50 <= 20,
    },
    {
      name: "  p95 / first (cold) creation in this process",
      value: starts.p95,
      unit: `ms / ${coldMs.toFixed(1)} ms`,
    },
    {
      name: "snapshot restore (p50 of 500)",
      value: restores.p50,
      unit: "ms",
      ratio: { against: "fresh contoso world (faster by)", value: starts.p50 / restores.p50 },
      goal: "<= 2 ms",
      met: restores.p50 <= 2,
    },
    { name: "  p95", value: restores.p95, unit: "ms" },
  ];
  if (sambaStartMs !== undefined)
    startFigures.push({
      name: "Samba container start to readiness (this run)",
      value: sambaStartMs,
      unit: "ms",
    });
  else
    startFigures.push({
      name: `Samba container: not run (${"error" in samba ? samba.error : ""})`,
      value: 0,
      unit: "",
    });
  startFigures.push({
    name: "Samba provision + first start (RECORDED, samba-observations §9)",
    value: RECORDED.provisionPlusStartMs,
    unit: "ms",
  });
  printFigures("Fake DC start (in-process) vs the Samba AD DC", startFigures);

  // ---------------------------------------------------------------- baseline 1: bare ldapjs
  const bare = await runLdapBench(() => benchDirectory(), {
    title: "Fake DC (real directory, contoso, windows) over plain LDAP vs bare ldapjs 3.0.7 (baseline 1)",
    connections: CONNECTIONS,
    durationMs: DURATION_MS,
    target: {
      bindDn: `CN=MSOL_0123456789ab,CN=Users,${baseDn}`,
      password: password("MSOL_0123456789ab"),
      subtreeBase: baseDn,
      equalityFilter: "(sAMAccountName=alice)",
    },
  });

  // ---------------------------------------------------------------- baseline 2: Samba, LDAPS
  const ours = await benchDirectory();
  const server = createLdapServer(ours, { ldapsPort: 0, onInternalError: () => {} });
  const { ldapsUrl } = await server.listen();
  const fake: LdapsTarget = {
    name: "fake DC",
    url: ldapsUrl!,
    adminDn: `CN=Administrator,CN=Users,${ours.baseDn}`,
    adminPassword: password("Administrator"),
    baseDn: ours.baseDn,
  };
  const figures: Figure[] = [];
  try {
    for (const n of CONNECTIONS) {
      // Best of ROUNDS rounds, alternating the targets, so a burst of other load on the machine
      // penalises neither side more than the other.
      const sambaTarget: LdapsTarget | undefined =
        "dc" in samba
          ? {
              name: "Samba",
              url: samba.dc.ldapsUrl,
              adminDn: samba.dc.adminDn,
              adminPassword: samba.dc.adminPassword,
              baseDn: samba.dc.baseDn,
            }
          : undefined;
      let o: Rates | undefined;
      let s: Rates | undefined;
      for (let round = 0; round < ROUNDS; round++) {
        o = best(o, await ldapsRates(fake, n));
        if (sambaTarget) {
          s = best(s, await ldapsRates(sambaTarget, n));
          // Samba finishes its queued resets after the clients leave; let it settle so its work
          // does not land in the fake DC's next measurement (seen as a half-idle event loop).
          await new Promise((r) => setTimeout(r, SETTLE_MS));
        }
      }
      if (!o) throw new Error("no rounds");
      const sBase = s?.base ?? RECORDED.searchesPerSecond;
      const sSub = s?.subtree ?? RECORDED.searchesPerSecond;
      const sReset = s?.reset ?? RECORDED.resetsPerSecond;
      const against = s ? `Samba ${n} conn` : "Samba RECORDED, 1 python client";
      const bareBase = bare.find((f) => f.name === `bare ldapjs base searches, ${n} conn`)?.value;
      figures.push(
        {
          name: `base searches, ${n} conn`,
          value: o.base,
          unit: "ops/s",
          ratio: { against, value: o.base / sBase },
          goal: ">= 3x Samba",
          met: o.base / sBase >= 3,
        },
        {
          name: `subtree (sAMAccountName=alice) searches, ${n} conn`,
          value: o.subtree,
          unit: "ops/s",
          ratio: { against, value: o.subtree / sSub },
          goal: ">= 3x Samba",
          met: o.subtree / sSub >= 3,
        },
        {
          name: `unicodePwd resets as Administrator, ${n} conn`,
          value: o.reset,
          unit: "ops/s",
          ratio: { against, value: o.reset / sReset },
          goal: ">= 20x Samba",
          met: o.reset / sReset >= 20,
        },
      );
      if (bareBase !== undefined)
        figures.push({
          name: `  LDAPS base searches vs bare ldapjs (plain LDAP), ${n} conn`,
          value: o.base,
          unit: "ops/s",
          ratio: { against: "bare ldapjs, no TLS", value: o.base / bareBase },
        });
      // Below 100% the client worker, not the fake DC, set the pace.
      figures.push({
        name: `  fake DC event loop busy: base / subtree / reset, ${n} conn`,
        value: o.busy.base * 100,
        unit: `% / ${(o.busy.subtree * 100).toFixed(0)} % / ${(o.busy.reset * 100).toFixed(0)} %`,
      });
      if (s)
        figures.push(
          { name: `  Samba base searches, ${n} conn`, value: s.base, unit: "ops/s" },
          { name: `  Samba subtree searches, ${n} conn`, value: s.subtree, unit: "ops/s" },
          { name: `  Samba resets, ${n} conn`, value: s.reset, unit: "ops/s" },
        );
    }
  } finally {
    await server.close();
  }
  if (!("dc" in samba))
    figures.push(
      {
        name: "  Samba base searches (RECORDED, 1 client)",
        value: RECORDED.searchesPerSecond,
        unit: "ops/s",
      },
      { name: "  Samba resets (RECORDED, 1 client)", value: RECORDED.resetsPerSecond, unit: "ops/s" },
    );
  printFigures(
    `Fake DC over LDAPS vs the Samba AD DC (baseline 2${"dc" in samba ? ", measured in this run" : ": RECORDED figures, no container"}; ldapts, loopback, as Administrator, best of ${ROUNDS} rounds)`,
    figures,
  );
}
