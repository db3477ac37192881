/** JUnit XML for CI: one testsuite per run, one testcase per scenario, failures with their reasons. */
import type { ScenarioReport } from "../run/types.ts";

export function formatJunit(reports: ScenarioReport[], suiteName = "wbsim"): string {
  const failures = reports.filter((r) => r.status === "failed").length;
  const skipped = reports.filter((r) => r.status === "not-applicable").length;
  const time = reports.reduce((t, r) => t + r.elapsedMs, 0) / 1000;
  const cases = reports.map((r) => {
    const attrs = `classname="${xml(`${suiteName}.${r.target}`)}" name="${xml(r.name)}" time="${(r.elapsedMs / 1000).toFixed(3)}"`;
    if (r.status === "passed") return `  <testcase ${attrs}/>`;
    if (r.status === "not-applicable") {
      const reason =
        r.steps.find((s) => s.status === "not-applicable")?.error ?? "not applicable to this target";
      return `  <testcase ${attrs}>\n    <skipped message="${xml(reason)}"/>\n  </testcase>`;
    }
    const problems = r.steps
      .filter((s) => s.status === "failed" || s.status === "error")
      .flatMap((s) =>
        s.error
          ? [`step ${s.index + 1} (${s.kind}, line ${s.line}): ${s.error}`]
          : s.failures.map((f) => `step ${s.index + 1} (${s.kind}, line ${s.line}): ${f}`),
      );
    const first = problems[0] ?? "scenario did not complete";
    return `  <testcase ${attrs}>\n    <failure message="${xml(first)}">${xml(problems.join("\n"))}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xml(suiteName)}" tests="${reports.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">`,
    ...cases,
    "</testsuite>",
    "",
  ].join("\n");
}

function xml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
