/**
 * The readable transcript: per step what happened, what the user saw, which events were logged and
 * which LDAP result came back; then a summary table. Colours only when writing to a TTY.
 */
import type { ScenarioReport, StepReport } from "../run/types.ts";

export interface TextStyle {
  color: boolean;
}

const MARK: Record<StepReport["status"], string> = {
  passed: "ok",
  failed: "FAIL",
  error: "ERROR",
  "not-applicable": "n/a",
};

export function formatStep(step: StepReport, style: TextStyle): string {
  const paint = painter(style);
  const mark =
    step.status === "passed"
      ? paint.green(MARK.passed)
      : step.status === "not-applicable"
        ? paint.yellow(MARK[step.status])
        : paint.red(MARK[step.status]);
  const lines = [
    `  ${String(step.index + 1).padStart(2)}. ${step.kind} ${paint.dim(formatParams(step.params))}  [${mark}]`,
  ];
  const r = step.result;
  if (r) {
    lines.push(`      ${r.summary}`);
    if (r.ssprCode || r.userMessage) {
      // The code leads the line unless the screen text already starts with it (SSPR_0029).
      const code = r.ssprCode && !r.userMessage?.startsWith(`${r.ssprCode}:`) ? r.ssprCode : undefined;
      lines.push(`      user saw: ${[code, r.userMessage].filter(Boolean).join(" ")}`);
    }
    if (r.wizard) lines.push(`      wizard: ${r.wizard.page}${r.wizard.error ? ` — ${r.wizard.error}` : ""}`);
    if (r.ldap)
      lines.push(`      LDAP: ${r.ldap.code}${r.ldap.message ? ` ${oneLine(r.ldap.message)}` : ""}`);
    if (r.output) for (const l of r.output.trimEnd().split("\n")) lines.push(`      > ${l}`);
    for (const d of r.details ?? []) lines.push(`      ${d}`);
  }
  for (const e of step.events)
    lines.push(
      `      event: ${e.source} ${e.id} (${e.level}) ${paint.dim(cut(oneLine(e.text), EVENT_TEXT_WIDTH))}`,
    );
  if (step.error)
    lines.push(`      ${step.status === "not-applicable" ? "not applicable" : "error"}: ${step.error}`);
  for (const f of step.failures) lines.push(`      ${paint.red("expectation failed:")} ${f}`);
  return lines.join("\n");
}

export function formatScenarioHeader(
  report: Pick<ScenarioReport, "name" | "title" | "target" | "personality">,
  style: TextStyle,
): string {
  return painter(style).bold(
    `== ${report.name}: ${report.title} [target ${report.target}, ${report.personality}]`,
  );
}

export function formatScenario(report: ScenarioReport, style: TextStyle): string {
  return [
    formatScenarioHeader(report, style),
    ...(report.error ? [`  ${painter(style).red("ERROR")} ${report.error}`] : []),
    ...report.steps.map((s) => formatStep(s, style)),
  ].join("\n");
}

export function formatSummary(reports: ScenarioReport[], style: TextStyle): string {
  const paint = painter(style);
  const rows = reports.map((r) => [
    r.name,
    r.target,
    r.status,
    `${r.steps.filter((s) => s.status === "passed").length}/${r.steps.length}`,
    `${Math.round(r.elapsedMs)} ms`,
  ]);
  const header = ["scenario", "target", "status", "steps ok", "time"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const passed = reports.filter((r) => r.status === "passed").length;
  const failed = reports.filter((r) => r.status === "failed").length;
  const errors = reports.filter((r) => r.status === "error").length;
  const na = reports.filter((r) => r.status === "not-applicable").length;
  const body = rows.map((row) => {
    const text = line(row);
    return row[2] === "passed"
      ? text
      : row[2] === "failed" || row[2] === "error"
        ? paint.red(text)
        : paint.yellow(text);
  });
  return [
    "",
    paint.bold("Summary"),
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...body,
    "",
    `${passed} passed, ${failed} failed${errors ? `, ${errors} errors` : ""}${na ? `, ${na} not applicable` : ""}`,
  ].join("\n");
}

function formatParams(params: unknown): string {
  if (params === null || params === undefined) return "";
  if (typeof params !== "object") return JSON.stringify(params);
  const text = Object.entries(params as Record<string, unknown>)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return text.length > 140 ? `${text.slice(0, 137)}...` : text;
}

/**
 * Event texts are cut to this many characters in the transcript, with "…" where the cut is; the JSON
 * report carries them in full.
 */
export const EVENT_TEXT_WIDTH = 160;

function cut(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").trim();
}

function painter(style: TextStyle) {
  const wrap = (code: number) => (s: string) => (style.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), bold: wrap(1), dim: wrap(2) };
}
