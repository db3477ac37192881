/**
 * The shapes shared by the scenario runner, the step executors and the reports. A step executor
 * drives one real interface (the wizard API, the SSPR HTTP flow, an LDAP connection, an admin
 * tool) and describes what happened as a StepResult; the runner checks it against the step's
 * expectations.
 */

/** One event as the harness sees it: Connect's Application log or the DC's Security log. */
export interface LoggedEvent {
  source: string;
  id: number;
  level: string;
  /** Simulated time, ISO 8601. */
  time: string;
  text: string;
}

export interface StepResult {
  outcome: "success" | "failure";
  /** One line: what happened, for the transcript. */
  summary: string;
  /** SSPR_00NN code the user saw, if any. */
  ssprCode?: string;
  /** The user-visible text (portal message, wizard error, tool output line). */
  userMessage?: string;
  /** The underlying LDAP result, when the step reached a DC. */
  ldap?: { code: number; message: string };
  /** The wizard page the step ended on, and the error shown there. */
  wizard?: { page: string; error?: string };
  /** Console output of a command-line tool (dsacls, PowerShell). */
  output?: string;
  /** Extra transcript lines. */
  details?: string[];
}

/** Raised by a step executor when the target can't perform the step (e.g. clock.advance on a real DC). */
export class NotApplicableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "NotApplicableError";
  }
}

export type StepStatus = "passed" | "failed" | "error" | "not-applicable";

export interface StepReport {
  index: number;
  kind: string;
  line: number;
  /** Step parameters with every secret replaced by «redacted». */
  params: unknown;
  status: StepStatus;
  result?: StepResult;
  events: LoggedEvent[];
  /** Expectation failures, one sentence each. */
  failures: string[];
  /** Executor error message (status "error") or the not-applicable reason. */
  error?: string;
  /** Real elapsed milliseconds (reports only; never asserted). */
  elapsedMs: number;
}

/**
 * passed; failed (an expectation failed); error (a step crashed, or the environment could not start:
 * the scenario says nothing about the case); not-applicable (the target cannot run it).
 */
export type ScenarioStatus = "passed" | "failed" | "error" | "not-applicable";

/** A scenario file that could not be loaded (or a --only name that matched none). */
export interface LoadFailure {
  file: string;
  /** 1-based; absent when the problem is not in a file. */
  line?: number;
  column?: number;
  /** What was expected. */
  detail: string;
  /** "file:line:column: detail", as wbsim run prints it. */
  message: string;
}

export interface ScenarioReport {
  file: string;
  name: string;
  title: string;
  target: string;
  personality: string;
  status: ScenarioStatus;
  steps: StepReport[];
  /** Why the scenario could not run at all (status "error" with no step), e.g. the DC did not start. */
  error?: string;
  elapsedMs: number;
}
