/**
 * Scenario harness figures, each beside its goal and a baseline measured in the same run:
 *  - the flagship scenario (seed-flow) end to end on a pooled environment, p50 (goal ≤ 150 ms);
 *    baseline: the same run on a freshly built environment;
 *  - the whole catalogue through wbsim run's code path, cold (goal ≤ 10 s); baseline: warm pool;
 *  - a fresh environment from a snapshot, p50 (goal ≤ 5 ms); baseline: createEnvironment from scratch.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createEnvironment } from "../harness/environment.ts";
import { EnvironmentPool } from "../harness/environment-pool.ts";
import { CATALOGUE_DIR } from "../harness/scenario/discover.ts";
import { runScenarios } from "../simulator/cli/commands/run.ts";
import { type Figure, latencies, printFigures } from "./lib.ts";

export async function run(): Promise<void> {
  const figures: Figure[] = [];
  const flagship = join(CATALOGUE_DIR, "seed-flow.yaml");

  // Fresh environment from snapshot vs built from scratch.
  const env = await createEnvironment({});
  const snap = await env.snapshot();
  const restore = await latencies(() => env.restore(snap), 300);
  await env.close();
  const build = await latencies(async () => (await createEnvironment({})).close(), 5);
  figures.push(
    { name: "createEnvironment from scratch p50", value: build.p50, unit: "ms" },
    {
      name: "fresh environment from snapshot p50",
      value: restore.p50,
      unit: "ms",
      goal: "<= 5 ms",
      met: restore.p50 <= 5,
      ratio: { against: "from scratch", value: build.p50 / restore.p50 },
    },
  );

  // Flagship end to end.
  const pool = new EnvironmentPool();
  const check = async (paths: string[], p?: EnvironmentPool) => {
    const { reports } = await runScenarios({ paths, pool: p });
    if (reports.some((r) => r.status !== "passed"))
      throw new Error("a scenario did not pass during the bench");
  };
  await check([flagship], pool); // builds the pooled environment
  const warm = await latencies(() => check([flagship], pool), 30);
  const cold = await latencies(() => check([flagship]), 3);
  figures.push(
    { name: "seed-flow on a new environment p50", value: cold.p50, unit: "ms" },
    {
      name: "seed-flow end to end p50 (pooled)",
      value: warm.p50,
      unit: "ms",
      goal: "<= 150 ms",
      met: warm.p50 <= 150,
      ratio: { against: "new environment", value: cold.p50 / warm.p50 },
    },
  );

  // The whole catalogue.
  let t = performance.now();
  await check([CATALOGUE_DIR]);
  const coldCatalogue = (performance.now() - t) / 1000;
  t = performance.now();
  await check([CATALOGUE_DIR], pool);
  const warmCatalogue = (performance.now() - t) / 1000;
  await pool.close();
  figures.push(
    { name: "whole catalogue, warm pool", value: warmCatalogue, unit: "s" },
    {
      name: "whole catalogue, cold",
      value: coldCatalogue,
      unit: "s",
      goal: "<= 10 s",
      met: coldCatalogue <= 10,
      ratio: { against: "warm pool", value: coldCatalogue / warmCatalogue },
    },
  );
  printFigures("scenarios (harness + wbsim run)", figures);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
