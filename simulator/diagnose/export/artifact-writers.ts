/**
 * The artifacts a customer sends, written the way Windows writes them (for `wbsim export-artifacts`,
 * trainers and the round-trip tests):
 * - the Application log as wevtutil's XML (UTF-8, no root element, one <Event> per line) and as
 *   Event Viewer's "Save As" XML (UTF-16LE with a BOM, an <Events> root, <RenderingInfo>);
 * - the same log as Event Viewer's CSV (header "Level,Date and Time,Source,Event ID,Task Category",
 *   the message in a sixth column; times as M/D/YYYY h:mm:ss AM in the exporting machine's zone,
 *   here UTC);
 * - dsacls listings, each after its echoed command line, and SDDL as `(Get-Acl "AD:\…").Sddl`
 *   prints it — both UTF-16LE with a BOM, as PowerShell 5's `>` writes;
 * - an ldifde export with nTSecurityDescriptor in base64;
 * - the case facts (connector account, user, what the user saw).
 * Event texts are the simulator's; passwords are never part of any of them.
 */
import { formatDsaclsListing, type SidNamer } from "../../admin-tools/dsacls/format-listing.ts";
import { formatSddl } from "../../security/sddl-format.ts";
import type { SecurityDescriptor } from "../../security/types.ts";

export interface ExportEvent {
  source: string;
  id: number;
  level: "Information" | "Warning" | "Error" | string;
  /** ms since the epoch. */
  time: number;
  recordId: number;
  text: string;
}

const LEVEL_NUMBER: Record<string, number> = { Critical: 1, Error: 2, Warning: 3, Information: 4 };

function xmlEscape(s: string, attr = false): string {
  let out = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (attr) out = out.replace(/'/g, "&apos;").replace(/"/g, "&quot;");
  // Characters XML 1.0 cannot carry (event texts never have them, but be safe).
  return out.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "");
}

/** 100-ns precision, as Windows prints SystemTime. */
function systemTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

function eventXml(e: ExportEvent, computer: string, rendered: boolean): string {
  const level = LEVEL_NUMBER[e.level] ?? 4;
  const system =
    `<System><Provider Name='${xmlEscape(e.source, true)}'/><EventID Qualifiers='0'>${e.id}</EventID><Version>0</Version>` +
    `<Level>${level}</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords>` +
    `<TimeCreated SystemTime='${systemTime(e.time)}'/><EventRecordID>${e.recordId}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>${xmlEscape(computer)}</Computer><Security/></System>`;
  const data = `<EventData><Data>${xmlEscape(e.text)}</Data></EventData>`;
  const rendering = rendered
    ? `<RenderingInfo Culture='en-US'><Message>${xmlEscape(e.text)}</Message><Level>${e.level}</Level><Task></Task><Opcode>Info</Opcode><Channel>Application</Channel><Provider></Provider><Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo>`
    : "";
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>${system}${data}${rendering}</Event>`;
}

/** `wevtutil qe Application /f:xml` output (UTF-8). */
export function wevtutilXml(events: ExportEvent[], computer: string): Buffer {
  return Buffer.from(events.map((e) => eventXml(e, computer, false)).join("\r\n") + "\r\n", "utf8");
}

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

/** Event Viewer "Save All Events As… XML" (UTF-16LE with BOM). */
export function eventViewerXml(events: ExportEvent[], computer: string): Buffer {
  const body = events.map((e) => eventXml(e, computer, true)).join("");
  return utf16(`<?xml version="1.0" encoding="UTF-16"?>\r\n<Events>${body}</Events>\r\n`);
}

function usTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Event Viewer "Save All Events As… CSV", newest first as Event Viewer lists them (UTF-8 with BOM). */
export function eventViewerCsv(events: ExportEvent[]): Buffer {
  const rows = ["Level,Date and Time,Source,Event ID,Task Category"];
  for (const e of [...events].reverse()) {
    rows.push([e.level, usTime(e.time), e.source, String(e.id), "None", e.text].map(csvField).join(","));
  }
  return Buffer.from(`\uFEFF${rows.join("\r\n")}\r\n`, "utf8");
}

/** dsacls listings of several objects, each after the command a customer ran (UTF-16LE with BOM). */
export function dsaclsListings(objects: { dn: string; sd: SecurityDescriptor }[], name: SidNamer): Buffer {
  const out: string[] = [];
  for (const o of objects) {
    out.push(
      `PS C:\\> dsacls "${o.dn}"`,
      ...formatDsaclsListing(o.sd, name),
      "The command completed successfully",
      "",
    );
  }
  return utf16(out.join("\r\n"));
}

/** `(Get-Acl "AD:\<dn>").Sddl` for each object, echoed command and all (UTF-16LE with BOM). */
export function getAclSddl(objects: { dn: string; sd: SecurityDescriptor }[], domainSid: string): Buffer {
  const out: string[] = [];
  for (const o of objects) {
    out.push(`PS C:\\> (Get-Acl "AD:\\${o.dn}").Sddl`, formatSddl(o.sd, { domainSid }), "");
  }
  return utf16(out.join("\r\n"));
}

export interface LdifExportEntry {
  dn: string;
  attributes: { name: string; values: Buffer[] }[];
}

function ldifSafe(v: Buffer): boolean {
  const s = v.toString("utf8");
  return (
    Buffer.from(s, "utf8").equals(v) &&
    !/^[ :<]/.test(s) &&
    !/ $/.test(s) &&
    /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(s)
  );
}

function ldifLine(name: string, v: Buffer): string {
  const line = ldifSafe(v) ? `${name}: ${v.toString("utf8")}` : `${name}:: ${v.toString("base64")}`;
  // ldifde folds at 80 columns with a one-space continuation (RFC 2849 folding).
  const parts = [line.slice(0, 79)];
  for (let i = 79; i < line.length; i += 78) parts.push(` ${line.slice(i, i + 78)}`);
  return parts.join("\r\n");
}

/** `ldifde -f tree.ldf -d <root> -p subtree` (UTF-8): changetype add, binary values base64. */
export function ldifdeExport(entries: LdifExportEntry[]): Buffer {
  const out: string[] = [];
  for (const e of entries) {
    const lines = [ldifLine("dn", Buffer.from(e.dn)), "changetype: add"];
    for (const a of e.attributes) for (const v of a.values) lines.push(ldifLine(a.name, v));
    out.push(lines.join("\r\n"));
  }
  return Buffer.from(`${out.join("\r\n\r\n")}\r\n\r\n`, "utf8");
}

export interface CaseFactsExport {
  connectorName?: string;
  connectorSid?: string;
  connectorGroups?: string[];
  userDn?: string;
  userUpn?: string;
  userSid?: string;
  adminCount?: number;
  userAccountControl?: number;
  ssprCode?: string;
}

/** The case facts note a support engineer writes from the ticket and the Connect configuration. */
export function caseFacts(f: CaseFactsExport): Buffer {
  const lines = [
    "Case facts (from the ticket and Azure AD Connect > View or Export Current Configuration)",
    "",
  ];
  const add = (k: string, v: string | number | undefined) => {
    if (v !== undefined && v !== "") lines.push(`${k}: ${v}`);
  };
  add("Connector account", f.connectorName);
  add("Connector account SID", f.connectorSid);
  if (f.connectorGroups?.length) add("Connector groups", f.connectorGroups.join("; "));
  add("User", f.userDn);
  add("UserPrincipalName", f.userUpn);
  add("User SID", f.userSid);
  add("adminCount", f.adminCount);
  add("userAccountControl", f.userAccountControl);
  add("Error the user saw", f.ssprCode);
  return Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8");
}
