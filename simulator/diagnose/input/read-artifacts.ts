/**
 * Reads every file a customer sent, each recognised by its content (never by its name): event log
 * XML or CSV, dsacls listings, SDDL, LDIF, or the case facts. A file that is none of these, or is
 * damaged, is reported with its name and line; everything readable in it is still used.
 */
import { basename } from "node:path";
import { dnFromCommandLine } from "../../admin-tools/dsacls/parse-listing.ts";
import type { ArtifactKind, Artifacts, FileSummary, RawSd } from "../model.ts";
import { emptyFacts, refText } from "../model.ts";
import { looksLikeEventCsvHeader, readEventCsv } from "./event-csv.ts";
import { eventSink, isKeptSource } from "./event-filter.ts";
import { readEventXml } from "./event-xml.ts";
import { factLineCount, mergeFacts, readFactsText } from "./facts-file.ts";
import { readLdifText } from "./ldif-file.ts";
import { containsSddl, readSddlText } from "./sddl-file.ts";
import { readAllText, readHead } from "./text-source.ts";

export interface ReadOptions {
  /** The connector account the engineer named (helps tell its Get-ADUser block from the user's). */
  connectorHint?: string;
  /** How files are named in evidence (default: the base name). */
  displayName?: (path: string) => string;
}

/** Which kind of artifact a file's first 64 kB look like. */
export function recognise(head: string): ArtifactKind | undefined {
  const t = head.replace(/^\uFEFF/, "");
  if (/<Event[\s>]/.test(t) && /schemas\.microsoft\.com\/win\/2004\/08\/events\/event|<EventID[\s>]/.test(t))
    return "event-xml";
  const firstLines = t
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith("#TYPE"))
    .slice(0, 2);
  if (firstLines[0] && looksLikeEventCsvHeader(firstLines[0])) return "event-csv";
  if (
    /^(Owner: .+\r?\n(Group: .+\r?\n)?\s*\r?\n)?Access list:/m.test(t) ||
    /^(Allow|Deny) .+(SPECIAL ACCESS|FULL CONTROL|GENERIC (READ|WRITE))/m.test(t)
  )
    return "dsacls";
  if (/^dn::? /im.test(t) && /^(objectClass|changetype|nTSecurityDescriptor|distinguishedName)::? /im.test(t))
    return "ldif";
  if (containsSddl(t)) return "sddl";
  if (factLineCount(t) >= 1) return "facts";
  return undefined;
}

function n(x: number): string {
  return x.toLocaleString("en-US");
}

export async function readArtifacts(paths: string[], opts: ReadOptions = {}): Promise<Artifacts> {
  const out: Artifacts = {
    files: [],
    problems: [],
    events: [],
    otherEvents: 0,
    securityEvents: [],
    sds: [],
    objects: [],
    facts: emptyFacts(),
  };
  const fileEvents: Artifacts[] = [];
  for (const path of paths) {
    const display = opts.displayName?.(path) ?? basename(path);
    let head: ReturnType<typeof readHead>;
    try {
      head = readHead(path);
    } catch (err) {
      out.problems.push({
        file: display,
        message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      });
      continue;
    }
    const kind = recognise(head.text);
    const summary: FileSummary = {
      file: display,
      kind: kind ?? "unknown",
      encoding: head.info.encoding,
      summary: "",
    };
    out.files.push(summary);
    if (!kind) {
      const first = head.text.split(/\r?\n/).find((l) => l.trim()) ?? "";
      out.problems.push({
        file: display,
        line: 1,
        message: `not an artifact we can read (expected event log XML or CSV, a dsacls listing, SDDL, LDIF or case facts); it starts ${JSON.stringify(refText(first, 60))}`,
      });
      summary.summary = "not recognised";
      continue;
    }
    if (kind === "event-xml" || kind === "event-csv") {
      const mine: Artifacts = { ...out, events: [], securityEvents: [], otherEvents: 0 };
      const sink = eventSink(mine);
      const r =
        kind === "event-xml"
          ? await readEventXml(path, display, head.info, isKeptSource, sink)
          : await readEventCsv(path, display, head.info, sink);
      out.problems.push(...r.problems);
      fileEvents.push(mine);
      const s = mine.securityEvents.length;
      summary.summary = `${n(r.events)} events: ${n(mine.events.length)} from PasswordResetService/ADSync${s ? `, ${n(s)} DC password audits` : ""}, ${n(mine.otherEvents)} from other sources`;
      continue;
    }
    const text = await readAllText(path, head.info);
    if (kind === "dsacls") {
      const listings = splitListings(text, display);
      out.sds.push(...listings);
      summary.summary = `${listings.length} dsacls listing${listings.length === 1 ? "" : "s"}${listings.some((l) => !l.dn) ? " (one names no object)" : ""}`;
    } else if (kind === "sddl") {
      const sds = readSddlText(text, display);
      out.sds.push(...sds);
      summary.summary = `${sds.length} security descriptor${sds.length === 1 ? "" : "s"} as SDDL`;
    } else if (kind === "ldif") {
      const r = readLdifText(text, display);
      out.objects.push(...r.objects);
      out.sds.push(...r.sds);
      out.problems.push(...r.problems);
      summary.summary = `${n(r.objects.length)} objects, ${n(r.sds.length)} with a security descriptor`;
    } else {
      const facts = readFactsText(text, display, opts.connectorHint);
      mergeFacts(out.facts, facts);
      const said = [
        facts.connectorName && "connector account",
        facts.connectorSid && "its SID",
        facts.userDn && "user DN",
        facts.userUpn && "UPN",
        facts.adminCount && "adminCount",
        facts.ssprCode && "SSPR code",
      ].filter(Boolean);
      summary.summary = `case facts: ${said.join(", ") || "nothing we use"}`;
    }
  }
  mergeEventLogs(out, fileEvents);
  return out;
}

/**
 * The same log is often sent twice (XML and CSV): an event already read from an earlier file (same
 * source, ID and message, counted per occurrence) is not counted again.
 */
function mergeEventLogs(out: Artifacts, logs: Artifacts[]): void {
  const key = (e: Artifacts["events"][number]) =>
    `${e.source.toLowerCase()}|${e.id}|${e.message.replace(/\s+/g, " ").trim()}`;
  for (const field of ["events", "securityEvents"] as const) {
    const seen = new Map<string, number>();
    for (const log of logs) {
      const mine = new Map<string, number>();
      for (const e of log[field]) {
        const k = key(e);
        const nth = (mine.get(k) ?? 0) + 1;
        mine.set(k, nth);
        if (nth <= (seen.get(k) ?? 0)) continue;
        out[field].push(e);
      }
      for (const [k, c] of mine) seen.set(k, Math.max(c, seen.get(k) ?? 0));
    }
  }
  out.otherEvents += Math.max(0, ...logs.map((l) => l.otherEvents));
}

/** One file may hold several listings, each after its echoed `dsacls "<DN>"` command. */
function splitListings(text: string, display: string): RawSd[] {
  const lines = text.split(/\r?\n/);
  const out: RawSd[] = [];
  let cur: RawSd | undefined;
  lines.forEach((l, i) => {
    const dn = /dsacls/i.test(l) && !/^\s/.test(l) ? dnFromCommandLine(l) : undefined;
    if (dn || (!cur && l.trim())) {
      cur = { dn, format: "dsacls", listing: [], ref: { file: display, line: i + 1, text: refText(l) } };
      out.push(cur);
      if (dn) return;
    }
    if (cur) cur.listing!.push({ text: l, line: i + 1 });
  });
  return out.filter((l) => l.listing!.some((x) => /^(Access list:|Allow |Deny )/.test(x.text)));
}
