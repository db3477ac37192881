/**
 * Runs one scenario: a fresh environment, each step through its executor, expectations checked,
 * events collected per step. The environment is always closed, whatever happens.
 */
import { performance } from "node:perf_hooks";
import type { Scenario, ScenarioStep } from "../scenario/load-scenario.ts";
import { checkExpectations, type ExpectationProbe } from "./check-expectations.ts";
import { collectSecrets, redactParams, redactText } from "./redact.ts";
import {
  type LoggedEvent,
  NotApplicableError,
  type ScenarioReport,
  type StepReport,
  type StepResult,
} from "./types.ts";

/** What the runner needs from an environment; the harness Environment implements it. */
export interface RunnableEnvironment extends ExpectationProbe {
  readonly target: string;
  /** Opaque position in the event logs. */
  markEvents(): unknown;
  /** Events logged since `mark`, oldest first. */
  eventsSince(mark: unknown): LoggedEvent[];
  close(): Promise<void>;
}

export type StepExecutor<E> = (env: E, params: unknown, step: ScenarioStep) => Promise<StepResult>;

export interface RunOptions<E extends RunnableEnvironment> {
  createEnvironment(scenario: Scenario): Promise<E>;
  executors: Record<string, StepExecutor<E>>;
  /** Called after each step (progress, live transcripts). */
  onStep?(report: StepReport, scenario: Scenario): void;
  /** The target, for the report of a scenario whose environment could not start. */
  target?: string;
}

export async function runScenario<E extends RunnableEnvironment>(
  scenario: Scenario,
  opts: RunOptions<E>,
): Promise<ScenarioReport> {
  const started = performance.now();
  let env: E;
  try {
    env = await opts.createEnvironment(scenario);
  } catch (err) {
    // Reported, not thrown: one scenario whose environment cannot start must not hide the others.
    return {
      file: scenario.file,
      name: scenario.name,
      title: scenario.title,
      target: opts.target ?? "fake",
      personality: scenario.personality,
      status: "error",
      steps: [],
      error: `the environment could not start: ${err instanceof Error ? err.message : String(err)}`,
      elapsedMs: performance.now() - started,
    };
  }
  const steps: StepReport[] = [];
  try {
    let stopped = false;
    for (const [index, step] of scenario.steps.entries()) {
      if (stopped) break;
      const report = await runStep(env, step, index, opts.executors);
      steps.push(report);
      opts.onStep?.(report, scenario);
      // A step that could not run leaves the world in an unknown state: later steps would only mislead.
      if (report.status === "error" || report.status === "not-applicable") stopped = true;
    }
  } finally {
    await env.close();
  }
  const status = steps.some((s) => s.status === "not-applicable")
    ? "not-applicable"
    : steps.some((s) => s.status === "error")
      ? "error"
      : steps.every((s) => s.status === "passed") && steps.length === scenario.steps.length
        ? "passed"
        : "failed";
  return {
    file: scenario.file,
    name: scenario.name,
    title: scenario.title,
    target: env.target,
    personality: scenario.personality,
    status,
    steps,
    elapsedMs: performance.now() - started,
  };
}

async function runStep<E extends RunnableEnvironment>(
  env: E,
  step: ScenarioStep,
  index: number,
  executors: Record<string, StepExecutor<E>>,
): Promise<StepReport> {
  const started = performance.now();
  const secrets = collectSecrets(step.params);
  const base = { index, kind: step.kind, line: step.line, params: redactParams(step.params) };
  const executor = executors[step.kind];
  if (!executor) {
    return {
      ...base,
      status: "error",
      events: [],
      failures: [],
      error: `no executor for step kind ${step.kind}`,
      elapsedMs: 0,
    };
  }
  const mark = env.markEvents();
  try {
    const result = scrubResult(await executor(env, step.params, step), secrets);
    const events = env.eventsSince(mark).map((e) => ({ ...e, text: redactText(e.text, secrets) }));
    const failures = await checkExpectations(step.expect, result, events, env);
    return {
      ...base,
      status: failures.length ? "failed" : "passed",
      result,
      events,
      failures,
      elapsedMs: performance.now() - started,
    };
  } catch (err) {
    const events = env.eventsSince(mark);
    if (err instanceof NotApplicableError) {
      return {
        ...base,
        status: "not-applicable",
        events,
        failures: [],
        error: err.reason,
        elapsedMs: performance.now() - started,
      };
    }
    const message = redactText(err instanceof Error ? err.message : String(err), secrets);
    return {
      ...base,
      status: "error",
      events,
      failures: [],
      error: message,
      elapsedMs: performance.now() - started,
    };
  }
}

function scrubResult(result: StepResult, secrets: string[]): StepResult {
  if (secrets.length === 0) return result;
  const scrub = (s: string | undefined) => (s === undefined ? s : redactText(s, secrets));
  return {
    ...result,
    summary: redactText(result.summary, secrets),
    userMessage: scrub(result.userMessage),
    output: scrub(result.output),
    ldap: result.ldap && { ...result.ldap, message: redactText(result.ldap.message, secrets) },
    details: result.details?.map((d) => redactText(d, secrets)),
  };
}
