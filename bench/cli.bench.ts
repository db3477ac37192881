/**
 * CLI start-up, timed from outside as whole processes (wall clock, spawn to exit), each figure the
 * median of runs alternated with its baseline (A B A B …) so drift on a shared machine hits both:
 *  - `wbsim --help`: goal ≤ 250 ms and ≤ 5× `node -e 0`;
 *  - `wbsim run scenarios/seed-flow.yaml`: goal ≤ 800 ms;
 *  - `wbsim run` (the whole catalogue): goal ≤ 2.5 s;
 * each beside the same command started the way wbsim started before the build: the TypeScript
 * sources through tsx (bench/wbsim-from-source.ts). One more figure, without a goal: seed-flow with
 * the key cache off (WBSIM_KEY_CACHE_DIR=off), i.e. a first run on a machine, generating its keys.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type Figure, printFigures } from "./lib.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WBSIM = [join(ROOT, "bin", "wbsim.mjs")];
const WBSIM_TSX = [join(ROOT, "bin", "run-ts.mjs"), join(ROOT, "bench", "wbsim-from-source.ts")];

/** Runs node with `args` to the end and returns its wall time in ms; throws on a non-zero exit. */
function wall(args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(" ")} exited with ${code}: ${stderr}`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall times of A and B over `runs` alternated pairs, after one unmeasured pair. */
async function paired(a: () => Promise<number>, b: () => Promise<number>, runs: number) {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return { a: median(as), b: median(bs) };
}

export async function run(): Promise<void> {
  // bin/wbsim.mjs runs dist/: build it first if a source changed.
  await wall([join(ROOT, "scripts", "build.mjs"), "--if-stale"]);
  const figures: Figure[] = [];

  const help = await paired(
    () => wall([...WBSIM, "--help"]),
    () => wall(["-e", "0"]),
    15,
  );
  const helpTsx = await paired(
    () => wall([...WBSIM, "--help"]),
    () => wall([...WBSIM_TSX, "--help"]),
    7,
  );
  figures.push(
    { name: "node -e 0", value: help.b, unit: "ms" },
    {
      name: "wbsim --help",
      value: help.a,
      unit: "ms",
      goal: "<= 250 ms, <= 5x node -e 0",
      met: help.a <= 250 && help.a <= 5 * help.b,
      ratio: { against: "node -e 0", value: help.a / help.b },
    },
    {
      name: "wbsim --help (tsx, sources)",
      value: helpTsx.b,
      unit: "ms",
      ratio: { against: "wbsim --help", value: helpTsx.b / helpTsx.a },
    },
  );

  const flagship = ["run", "scenarios/seed-flow.yaml"];
  const seed = await paired(
    () => wall([...WBSIM, ...flagship]),
    () => wall([...WBSIM_TSX, ...flagship]),
    7,
  );
  const seedNoCache = await paired(
    () => wall([...WBSIM, ...flagship], { WBSIM_KEY_CACHE_DIR: "off" }),
    () => wall([...WBSIM, ...flagship]),
    5,
  );
  figures.push(
    {
      name: "wbsim run seed-flow.yaml",
      value: seed.a,
      unit: "ms",
      goal: "<= 800 ms",
      met: seed.a <= 800,
      ratio: { against: "tsx, sources", value: seed.a / seed.b },
    },
    { name: "wbsim run seed-flow.yaml (tsx, sources)", value: seed.b, unit: "ms" },
    {
      name: "wbsim run seed-flow.yaml, key cache off",
      value: seedNoCache.a,
      unit: "ms",
      ratio: { against: "key cache on", value: seedNoCache.a / seedNoCache.b },
    },
  );

  const catalogue = await paired(
    () => wall([...WBSIM, "run"]),
    () => wall([...WBSIM_TSX, "run"]),
    3,
  );
  figures.push(
    {
      name: "wbsim run (whole catalogue)",
      value: catalogue.a,
      unit: "ms",
      goal: "<= 2500 ms",
      met: catalogue.a <= 2500,
      ratio: { against: "tsx, sources", value: catalogue.a / catalogue.b },
    },
    { name: "wbsim run (whole catalogue, tsx, sources)", value: catalogue.b, unit: "ms" },
  );

  printFigures("wbsim start-up (whole processes, wall clock, medians)", figures);
}
