/**
 * JUnit XML for CI, in the Surefire format Jenkins' xUnit plugin validates (junit-10.xsd) and GitLab,
 * GitHub reporters and Azure Pipelines read: one `<testsuite file="…">` holding one `<testcase>` per
 * scenario FILE, so that every file a run was given shows up, whatever happened to it:
 *  - passed                      → an empty testcase;
 *  - an expectation failed       → `<failure type="ExpectationFailed">`;
 *  - a step crashed, or the environment could not start → `<error type="StepError" | "EnvironmentError">`;
 *  - the file could not be loaded → `<error type="ScenarioLoadError" message="file:line:column: …">`;
 *  - not applicable to the target → `<skipped>`.
 * The file path is the testcase's classname and the suite's file; the transcript is in system-out.
 */
import type { LoadFailure, ScenarioReport } from "../run/types.ts";
import { formatScenario } from "./text-report.ts";

export interface JunitOptions {
  /** Files that could not be loaded: each is a testcase with an <error>. */
  loadFailures?: LoadFailure[];
  suiteName?: string;
}

interface Case {
  file: string;
  name: string;
  time: number;
  body: string[];
  failures: number;
  errors: number;
  skipped: number;
}

export function formatJunit(reports: ScenarioReport[], opts: JunitOptions = {}): string {
  const cases: Case[] = [...reports.map(scenarioCase), ...(opts.loadFailures ?? []).map(loadFailureCase)];
  const total = (k: "failures" | "errors") => cases.reduce((n, c) => n + c[k], 0);
  const time = cases.reduce((t, c) => t + c.time, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(opts.suiteName ?? "wbsim")}" tests="${cases.length}" failures="${total("failures")}" errors="${total("errors")}" time="${seconds(time)}">`,
    ...cases.flatMap((c) => [
      `  <testsuite name="${attr(c.name)}" file="${attr(c.file)}" tests="1" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${seconds(c.time)}">`,
      `    <testcase name="${attr(c.name)}" classname="${attr(c.file)}" time="${seconds(c.time)}"${c.body.length ? ">" : "/>"}`,
      ...c.body.map((l) => `      ${l}`),
      ...(c.body.length ? ["    </testcase>"] : []),
      "  </testsuite>",
    ]),
    "</testsuites>",
    "",
  ].join("\n");
}

function scenarioCase(r: ScenarioReport): Case {
  const c: Case = {
    file: r.file,
    name: r.name,
    time: r.elapsedMs,
    body: [],
    failures: 0,
    errors: 0,
    skipped: 0,
  };
  const where = (s: ScenarioReport["steps"][number]) => `step ${s.index + 1} (${s.kind}, line ${s.line})`;
  if (r.status === "not-applicable") {
    const reason =
      r.steps.find((s) => s.status === "not-applicable")?.error ?? "not applicable to this target";
    c.skipped = 1;
    c.body.push(`<skipped message="${attr(reason)}"/>`);
  } else if (r.status === "error") {
    const crashed = r.steps.find((s) => s.status === "error");
    const message = crashed ? `${where(crashed)}: ${crashed.error ?? "crashed"}` : (r.error ?? "did not run");
    c.errors = 1;
    c.body.push(
      `<error type="${crashed ? "StepError" : "EnvironmentError"}" message="${attr(firstLine(message))}">${xml(message)}</error>`,
    );
  } else if (r.status === "failed") {
    const problems = r.steps.flatMap((s) => s.failures.map((f) => `${where(s)}: ${f}`));
    const first = problems[0] ?? "the scenario did not complete";
    c.failures = 1;
    c.body.push(
      `<failure type="ExpectationFailed" message="${attr(firstLine(first))}">${xml(problems.join("\n") || first)}</failure>`,
    );
  }
  c.body.push(`<system-out>${xml(formatScenario(r, { color: false }))}</system-out>`);
  return c;
}

function loadFailureCase(f: LoadFailure): Case {
  return {
    file: f.file,
    name: f.file,
    time: 0,
    failures: 0,
    errors: 1,
    skipped: 0,
    body: [`<error type="ScenarioLoadError" message="${attr(f.message)}">${xml(f.message)}</error>`],
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}

/** Element text: characters XML 1.0 cannot carry are dropped (ANSI colours never reach here). */
function xml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
}

/** Attribute values: line breaks kept as character references (a parser turns a raw one into a space). */
function attr(s: string): string {
  return xml(s).replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
