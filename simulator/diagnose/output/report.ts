/**
 * The diagnosis as a support engineer reads it (text) and as tools read it (JSON): the failing
 * operation, the writeback rights with their explanations, the causes ranked with evidence lines
 * ("file:line  text") from the customer's own files and the fix, then what stays unknown and what
 * could not be read.
 */
import type { Diagnosis } from "../diagnose.ts";
import type { SourceRef } from "../model.ts";

const OP_NAMES = {
  reset: "password reset (SSPR)",
  change: "password change",
  adminReset: "admin password reset",
};

function where(r: SourceRef): string {
  return `${r.file}:${r.line}`;
}

function dedupe(refs: SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.file}:${r.line}:${r.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function operationSummary(d: Diagnosis): string | undefined {
  const op = d.operation;
  if (!op) return undefined;
  const ids = [op.start, op.adsync, op.error, op.fail].filter(Boolean).map((e) => `${e!.id}`);
  const when = op.start?.time || op.error?.time || op.fail?.time || "";
  return `${OP_NAMES[op.kind]} for ${op.upn ?? "(user not named)"}${when ? ` at ${when}` : ""}${op.trackingId ? `, TrackingId ${op.trackingId}` : ""}: events ${ids.join(" → ")}${op.hr ? `, hr=${op.hr}` : ""}`;
}

export function formatReport(d: Diagnosis): string {
  const L: string[] = [];
  const c = d.ctx;
  L.push(`Diagnosis (${d.artifacts.files.length} file${d.artifacts.files.length === 1 ? "" : "s"})`);
  L.push("");
  const op = operationSummary(d);
  L.push(`Failing operation: ${op ?? "none found in the event log"}`);
  L.push(
    `User:      ${c.user.dn ?? c.user.upn ?? "(unknown)"}${c.user.upn && c.user.dn ? ` (${c.user.upn})` : ""}${c.user.adminCount !== undefined ? `, adminCount ${c.user.adminCount}` : ""}`,
  );
  L.push(
    `Connector: ${c.connector.name ?? "(name unknown)"} ${c.connector.sidKnown ? `(${c.connector.sid})` : "(SID unknown)"}`,
  );
  if (c.rootDn) L.push(`Domain:    ${c.rootDn}${c.domainSid ? ` (${c.domainSid})` : ""}`);

  L.push("", "Writeback rights of the connector account");
  for (const r of d.rights) {
    const verdict = r.allowed === undefined ? "UNKNOWN" : r.allowed ? "ALLOWED" : "DENIED ";
    L.push(`  ${r.right.label.padEnd(18)} ${verdict}  on ${r.object}`);
    const lines = r.explanation.split("\n").slice(1, r.allowed ? 2 : 4);
    for (const l of lines) L.push(`      ${l.trim()}`);
    if (r.decidingRef) L.push(`      from ${where(r.decidingRef)}`);
  }
  const reaching = d.grants.filter((g) => g.forConnector);
  if (reaching.length) {
    L.push("", "Grants to the connector account and where they stop");
    for (const g of reaching) {
      L.push(`  ${g.object}: ${g.rights.join(", ")} — ${describe(g)}${g.ref ? `  (${where(g.ref)})` : ""}`);
    }
  }

  L.push("", "Likely causes, most likely first");
  d.causes.forEach((cause, i) => {
    L.push(`${i + 1}. ${cause.title}  [${cause.key}; confidence ${cause.confidence}]`);
    for (const w of cause.why) L.push(`   ${w}`);
    const ev = dedupe(cause.evidence);
    if (ev.length) {
      L.push("   Evidence:");
      for (const r of ev.slice(0, 8)) L.push(`     ${where(r).padEnd(26)} ${r.text}`);
    }
    const f = cause.fix;
    if (f.aduc?.length || f.dsacls?.length || f.powershell?.length || f.other?.length) L.push("   Fix:");
    for (const l of f.other ?? []) L.push(`     ${l}`);
    if (f.aduc?.length) {
      L.push("     ADUC:");
      for (const l of f.aduc) L.push(`       ${l}`);
    }
    for (const l of f.dsacls ?? []) L.push(`     dsacls:      ${l}`);
    for (const l of f.powershell ?? []) L.push(`     PowerShell:  ${l}`);
  });

  L.push("", "What remains unknown");
  if (!d.unknowns.length) L.push("  nothing the diagnosis depends on");
  for (const u of d.unknowns) L.push(`  - ${u}`);

  const unknown = d.matched.unknown;
  if (unknown.length) {
    L.push("", "Writeback events our catalogue does not know");
    for (const e of unknown.slice(0, 5)) L.push(`  ${where(e.ref).padEnd(26)} ${e.ref.text}`);
    if (unknown.length > 5) L.push(`  … and ${unknown.length - 5} more`);
  }

  L.push("", "Files read");
  for (const f of d.artifacts.files) L.push(`  ${f.file}: ${f.kind}, ${f.encoding}; ${f.summary}`);
  if (d.problems.length) {
    L.push("", "Could not read");
    for (const p of d.problems) L.push(`  ${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`);
  }
  return `${L.join("\n")}\n`;
}

function describe(g: Diagnosis["grants"][number]): string {
  switch (g.reach.kind) {
    case "reaches":
      return "reaches the user";
    case "this-object-only":
      return g.onPath ? "This object only" : "not on the user's path";
    case "other-class":
      return `only Descendant ${g.reach.className} objects`;
    case "immediate-children-only":
      return "immediate children only";
    case "blocked":
      return `blocked at ${g.reach.at}`;
  }
}

/** The diagnosis for tools: plain JSON, no security descriptor objects. */
export function diagnosisJson(d: Diagnosis): unknown {
  const op = d.operation;
  return {
    operation: op && {
      kind: op.kind,
      upn: op.upn,
      trackingId: op.trackingId,
      time: op.start?.time ?? op.error?.time,
      hr: op.hr,
      events: [op.start, op.adsync, op.error, op.fail]
        .filter(Boolean)
        .map((e) => ({ source: e!.source, id: e!.id, ref: e!.ref })),
    },
    user: { dn: d.ctx.user.dn, upn: d.ctx.user.upn, sid: d.ctx.user.sid, adminCount: d.ctx.user.adminCount },
    connector: {
      name: d.ctx.connector.name,
      sid: d.ctx.connector.sidKnown ? d.ctx.connector.sid : undefined,
    },
    domain: { rootDn: d.ctx.rootDn, sid: d.ctx.domainSid },
    rights: d.rights.map((r) => ({
      right: r.right.label,
      object: r.object,
      allowed: r.allowed ?? null,
      explanation: r.explanation,
      evidence: r.decidingRef,
    })),
    causes: d.causes.map((c) => ({
      key: c.key,
      title: c.title,
      confidence: c.confidence,
      why: c.why,
      evidence: dedupe(c.evidence),
      fix: c.fix,
    })),
    unknowns: d.unknowns,
    files: d.artifacts.files,
    problems: d.problems,
    expected: d.expected,
  };
}
