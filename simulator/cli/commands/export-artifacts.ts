/**
 * `wbsim export-artifacts <scenario> <dir> [--until first-failure|end|N]`
 *
 * Runs a scenario (by default up to and including its first writeback operation expected to fail,
 * which is the state a customer sends artifacts from) and writes what that customer would send:
 * Application-wevtutil.xml, Application.xml (Event Viewer, UTF-16), Application.csv, dsacls.txt,
 * acl-sddl.txt, ou-tree.ldf and case-facts.txt. Exit codes: 0 written, 2 bad input.
 */
import type { Command } from "commander";
import type { Environment } from "../../../harness/environment.ts";
import type { EnvironmentPool } from "../../../harness/environment-pool.ts";
import type { StepResult } from "../../../harness/run/types.ts";
import type { Scenario } from "../../../harness/scenario/load-scenario.ts";
import type { SetExitCode } from "./shared.ts";

/** Step kinds that are a writeback operation a user or admin runs (what a support case is about). */
export const WRITEBACK_OPERATION_STEPS = new Set([
  "user.resetPassword",
  "user.changePassword",
  "user.unlockAccount",
  "admin.resetPassword",
]);

/** Index of the step the case is about: the first writeback operation expected to fail. */
export function caseStepIndex(scenario: Scenario): number | undefined {
  const i = scenario.steps.findIndex(
    (s) => WRITEBACK_OPERATION_STEPS.has(s.kind) && s.expect?.outcome === "failure",
  );
  return i < 0 ? undefined : i;
}

export interface ExportRun {
  files: string[];
  dir: string;
  /** The step the export stopped after, and what it gave. */
  stoppedAfter: number;
  result?: StepResult;
  userDn?: string;
}

export async function exportArtifactsOfScenario(
  file: string,
  dir: string,
  opts: { until?: string; pool?: EnvironmentPool } = {},
): Promise<ExportRun> {
  // Loaded on use, so `wbsim --help` and the other commands never load the simulator.
  const [{ createEnvironment }, { loadScenarioFile }, { STEP_EXECUTORS }, { exportCaseArtifacts }] =
    await Promise.all([
      import("../../../harness/environment.ts"),
      import("../../../harness/scenario/load-scenario.ts"),
      import("../../../harness/steps/index.ts"),
      import("../../diagnose/export/collect-artifacts.ts"),
    ]);
  const scenario = loadScenarioFile(file);
  const until = opts.until ?? "first-failure";
  let stop: number;
  if (until === "end") stop = scenario.steps.length - 1;
  else if (until === "first-failure") stop = caseStepIndex(scenario) ?? scenario.steps.length - 1;
  else {
    const n = Number(until);
    if (!Number.isInteger(n) || n < 1 || n > scenario.steps.length)
      throw new RangeError(
        `--until: expected first-failure, end or a step number 1…${scenario.steps.length}`,
      );
    stop = n - 1;
  }
  const envOpts = { world: scenario.world as "contoso", personality: scenario.personality };
  const env: Environment = opts.pool ? await opts.pool.acquire(envOpts) : await createEnvironment(envOpts);
  try {
    let result: StepResult | undefined;
    for (const step of scenario.steps.slice(0, stop + 1)) {
      const executor = STEP_EXECUTORS[step.kind];
      env.markEvents();
      result = await executor(env, step.params, step);
    }
    const last = scenario.steps[stop];
    const user = (last.params as { user?: string } | null)?.user;
    const ref = env.connect.connectorAccountRef();
    const out = await exportCaseArtifacts(
      {
        events: env.connect.events.all().map((e) => ({ ...e })),
        session: env.session,
        connector: { userName: ref.userName, domain: ref.domain },
        user: WRITEBACK_OPERATION_STEPS.has(last.kind) ? user : undefined,
        ssprCode: result?.ssprCode,
      },
      dir,
    );
    return { files: out.files, dir, stoppedAfter: stop + 1, result, userDn: out.userDn };
  } finally {
    await env.close();
  }
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("export-artifacts")
    .description(
      "run a scenario and write the artifacts its customer would send (event logs, dsacls, SDDL, LDIF, case facts)",
    )
    .argument("<scenario>", "scenario file")
    .argument("<dir>", "folder to write the artifacts to (created if missing)")
    .option("--until <step>", "stop after: first-failure (default), end, or a step number", "first-failure")
    .action(async (file: string, dir: string, opts: { until: string }) => {
      const { ScenarioLoadError } = await import("../../../harness/scenario/load-scenario.ts");
      try {
        const r = await exportArtifactsOfScenario(file, dir, { until: opts.until });
        process.stdout.write(
          `ran steps 1–${r.stoppedAfter}${r.result ? ` (last: ${r.result.outcome}${r.result.ssprCode ? `, ${r.result.ssprCode}` : ""})` : ""}\n` +
            r.files.map((f) => `wrote ${dir}/${f}\n`).join(""),
        );
        setExitCode(0);
      } catch (err) {
        if (!(err instanceof ScenarioLoadError || err instanceof RangeError)) throw err;
        process.stderr.write(`wbsim export-artifacts: ${err.message}\n`);
        setExitCode(2);
      }
    });
}
