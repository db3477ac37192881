/**
 * `wbsim run <file|dir>… [--target fake|samba-container|ldaps://…] [--personality …]
 *            [--report text|json|junit] [--out FILE] [--only NAME]`
 *
 * Runs scenarios and prints, per step, what happened, what the user saw, the events logged and the
 * LDAP result; then a summary table. Exit codes: 0 every scenario passed (or was not applicable to
 * the target), 1 an expectation failed or a step errored, 2 bad input (unreadable scenario file,
 * unknown option value). Progress goes to stderr on a TTY; colours only on a TTY (NO_COLOR respected).
 */
import { writeFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import type { DcCredentials, Environment } from "../../../harness/environment.ts";
import type { EnvironmentPool } from "../../../harness/environment-pool.ts";
import type { LoadFailure, ScenarioReport, StepReport } from "../../../harness/run/types.ts";
import type { Scenario } from "../../../harness/scenario/load-scenario.ts";
import type { WorldName } from "../../worlds/world-names.ts";
import { oneOf, personalityValue, WORLD_CHOICES, worldValue } from "../option-values.ts";
import type { SetExitCode } from "./shared.ts";

export interface RunScenariosOptions {
  paths: string[];
  target?: string;
  personality?: "windows" | "samba";
  /** Run every scenario in this world instead of the one its file names. */
  world?: WorldName;
  only?: string[];
  seed?: string;
  credentials?: DcCredentials;
  /** Called when a scenario starts and after each step (live transcripts, progress). */
  onScenarioStart?(scenario: Scenario, index: number, total: number): void;
  onStep?(step: StepReport, scenario: Scenario): void;
  onScenarioEnd?(report: ScenarioReport, index: number, total: number): void;
  /** Reuse environments across calls (tests); a private pool is used and closed otherwise. */
  pool?: EnvironmentPool;
}

export interface RunScenariosResult {
  reports: ScenarioReport[];
  /** Files that could not be loaded, as "file:line:column: problem". */
  loadErrors: string[];
  /** The same, with file, line and column apart (the JUnit report's <error>s). */
  loadFailures: LoadFailure[];
}

export function targetKind(target: string): "fake" | "samba-container" | "external" {
  return target === "fake" || target === "samba-container" ? target : "external";
}

/** Loads, filters and runs scenarios one after another; wbsim run and the catalogue test share it. */
export async function runScenarios(opts: RunScenariosOptions): Promise<RunScenariosResult> {
  // Loaded on use, so `wbsim --help` and the other commands never load the simulator.
  const [
    { EnvironmentPool },
    { runScenario },
    { discoverScenarioFiles },
    { loadScenarioFile, ScenarioLoadError },
    { STEP_EXECUTORS },
  ] = await Promise.all([
    import("../../../harness/environment-pool.ts"),
    import("../../../harness/run/run-scenario.ts"),
    import("../../../harness/scenario/discover.ts"),
    import("../../../harness/scenario/load-scenario.ts"),
    import("../../../harness/steps/index.ts"),
  ]);
  const target = opts.target ?? "fake";
  const loadFailures: LoadFailure[] = [];
  const scenarios: Scenario[] = [];
  for (const file of discoverScenarioFiles(opts.paths)) {
    try {
      scenarios.push(loadScenarioFile(file));
    } catch (err) {
      if (!(err instanceof ScenarioLoadError)) throw err;
      const { line, column, detail, message } = err;
      loadFailures.push({ file, line, column, detail, message });
    }
  }
  const only = new Set(
    (opts.only ?? [])
      .flatMap((o) => o.split(","))
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const selected = only.size ? scenarios.filter((s) => only.has(s.name)) : scenarios;
  for (const name of only) {
    if (!scenarios.some((s) => s.name === name)) {
      const detail = "no scenario has that name";
      loadFailures.push({ file: `--only ${name}`, detail, message: `--only ${name}: ${detail}` });
    }
  }
  const pool = opts.pool ?? new EnvironmentPool();
  const reports: ScenarioReport[] = [];
  try {
    for (const [i, scenario] of selected.entries()) {
      opts.onScenarioStart?.(scenario, i, selected.length);
      const personality = target === "samba-container" ? "samba" : (opts.personality ?? scenario.personality);
      const world = opts.world ?? scenario.world;
      const report =
        scenario.targets && !scenario.targets.includes(targetKind(target))
          ? notApplicable(scenario, target, personality)
          : await runScenario(
              { ...scenario, personality, world },
              {
                createEnvironment: (): Promise<Environment> =>
                  pool.acquire({
                    world,
                    personality,
                    target,
                    seed: opts.seed,
                    credentials: opts.credentials,
                  }),
                executors: STEP_EXECUTORS,
                onStep: opts.onStep,
                target,
              },
            );
      reports.push(report);
      opts.onScenarioEnd?.(report, i, selected.length);
    }
  } finally {
    if (!opts.pool) await pool.close();
  }
  return { reports, loadErrors: loadFailures.map((f) => f.message), loadFailures };
}

function notApplicable(scenario: Scenario, target: string, personality: string): ScenarioReport {
  const reason = `the scenario lists its targets as ${scenario.targets?.join(", ")}; not ${targetKind(target)}`;
  return {
    file: scenario.file,
    name: scenario.name,
    title: scenario.title,
    target,
    personality,
    status: "not-applicable",
    steps: [
      {
        index: 0,
        kind: scenario.steps[0].kind,
        line: scenario.steps[0].line,
        params: null,
        status: "not-applicable",
        events: [],
        failures: [],
        error: reason,
        elapsedMs: 0,
      },
    ],
    elapsedMs: 0,
  };
}

const reportFormat = oneOf("text", "json", "junit");

function targetArg(value: string): string {
  if (value === "fake" || value === "samba-container" || /^ldaps?:\/\/[^/]+/i.test(value)) return value;
  throw new InvalidArgumentError("expected fake, samba-container, or an ldap:// or ldaps:// URL");
}

interface RunCliOptions {
  target: string;
  personality?: "windows" | "samba";
  world?: WorldName;
  report: "text" | "json" | "junit";
  out?: string;
  only: string[];
  seed?: string;
  admin?: string;
  adminPassword?: string;
  connector?: string;
  connectorPassword?: string;
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("run")
    .description(
      "run scenarios: a transcript per step, a summary table, non-zero exit on a failed expectation",
    )
    .argument("[paths...]", "scenario files or directories (default: the built-in catalogue)")
    .option(
      "--target <target>",
      "fake, samba-container, or ldap(s)://host:port of your own DC",
      targetArg,
      "fake",
    )
    .option(
      "--personality <name>",
      "run every scenario with this DC personality (windows or samba)",
      personalityValue,
    )
    .option("--world <name>", `run every scenario in this world (${WORLD_CHOICES})`, worldValue)
    .option("--report <format>", "text, json or junit", reportFormat, "text")
    .option("--out <file>", "write the report to this file (the transcript still shows progress)")
    .option(
      "--only <name>",
      "run only the scenario with this name (repeatable)",
      (v, acc: string[]) => [...acc, v],
      [],
    )
    .option("--seed <seed>", "seed of the simulated ids (default: fixed, transcripts replay)")
    .option("--admin <name>", "external DC: the administrator to bind as (DN, UPN or DOMAIN\\name)")
    .option("--admin-password <password>", "external DC: its password (or WBSIM_ADMIN_PASSWORD)")
    .option("--connector <upn>", "external DC: the AD DS connector account Connect binds as")
    .option("--connector-password <password>", "external DC: its password (or WBSIM_CONNECTOR_PASSWORD)")
    .action(async (paths: string[], opts: RunCliOptions) => {
      setExitCode(await runCli(paths, opts));
    });
}

async function runCli(paths: string[], opts: RunCliOptions): Promise<number> {
  const [{ formatJunit }, { formatScenario, formatScenarioHeader, formatStep, formatSummary }] =
    await Promise.all([
      import("../../../harness/report/junit-report.ts"),
      import("../../../harness/report/text-report.ts"),
    ]);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const style = { color };
  const progress = Boolean(process.stderr.isTTY);
  // The live transcript goes to stdout unless stdout carries a machine-readable report.
  const live = opts.report === "text" && !opts.out;
  let credentials: DcCredentials | undefined;
  if (targetKind(opts.target) === "external") {
    const adminPassword = opts.adminPassword ?? process.env.WBSIM_ADMIN_PASSWORD;
    if (!opts.admin || !adminPassword) {
      process.stderr.write(
        "wbsim run: an ldap(s):// target needs --admin and --admin-password (or WBSIM_ADMIN_PASSWORD)\n",
      );
      return 2;
    }
    credentials = {
      admin: opts.admin,
      adminPassword,
      connector: opts.connector,
      connectorPassword: opts.connectorPassword ?? process.env.WBSIM_CONNECTOR_PASSWORD,
    };
  }
  let result: RunScenariosResult;
  try {
    result = await runScenarios({
      paths,
      target: opts.target,
      personality: opts.personality,
      world: opts.world,
      only: opts.only,
      seed: opts.seed,
      credentials,
      onScenarioStart: (s, i, n) => {
        if (progress && !live) process.stderr.write(`[${i + 1}/${n}] ${s.name}\n`);
        if (live)
          process.stdout.write(
            `${i > 0 ? "\n" : ""}${formatScenarioHeader({ ...s, target: opts.target }, style)}\n`,
          );
      },
      onStep: (step) => {
        if (live) process.stdout.write(`${formatStep(step, style)}\n`);
      },
      onScenarioEnd: (r, i, n) => {
        if (progress && live && n > 1) process.stderr.write(`[${i + 1}/${n}] ${r.name}: ${r.status}\n`);
      },
    });
  } catch (err) {
    process.stderr.write(`wbsim run: ${(err as Error).message}\n`);
    return 2;
  }
  const { reports, loadErrors, loadFailures } = result;
  for (const e of loadErrors) process.stderr.write(`${e}\n`);
  const rendered =
    opts.report === "junit"
      ? formatJunit(reports, { loadFailures })
      : opts.report === "json"
        ? `${JSON.stringify({ reports, loadErrors, loadFailures }, null, 2)}\n`
        : `${reports.map((r) => formatScenario(r, { color: false })).join("\n\n")}\n${formatSummary(reports, { color: false })}\n`;
  if (opts.out) {
    writeFileSync(opts.out, rendered);
    process.stdout.write(`${formatSummary(reports, style)}\n(report written to ${opts.out})\n`);
  } else if (live) {
    process.stdout.write(`${formatSummary(reports, style)}\n`);
  } else {
    process.stdout.write(rendered);
  }
  if (reports.some((r) => r.status === "failed" || r.status === "error")) return 1;
  if (loadErrors.length > 0) return 2;
  return 0;
}
