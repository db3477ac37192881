/**
 * SecurityDescriptor → SDDL text (MS-DTYP 2.5.1), printed the way Windows'
 * ConvertSecurityDescriptorToStringSecurityDescriptor prints it: parts in the order O G D S,
 * ACL flags P AR AI, ACE flags OI CI NP IO ID SA FA, rights as in rights.ts, lowercase GUIDs,
 * SID aliases for well-known SIDs and for the given domain's (and forest root's) SIDs, and
 * "NO_ACCESS_CONTROL" for a NULL ACL.
 *
 * The "samba-4.17" dialect prints what a Samba 4.17 DC prints (the samba personality and the
 * captures in test/fixtures/samba-sddl/ use it): its rights-letter order and 8-digit hex masks
 * (see rights.ts), and no part at all for a NULL DACL/SACL (Samba 4.17 sddl_encode only prints
 * an ACL that is present *and* non-NULL; observed with python3-samba 4.17.12).
 *
 * ACE types SDDL can express without a condition/claim language (A D AU AL OA OD OU OL ML SP)
 * are printed; any other (callback, conditional, resource attribute, compound) makes formatSddl
 * throw a SecurityDescriptorEncodeError naming the ACL, the ACE index and the type — never a
 * silent drop.
 */
import { SecurityDescriptorEncodeError } from "./errors.ts";
import { guidFromBytes } from "./guid.ts";
import { formatLabelRights, formatRights, type SddlDialect } from "./rights.ts";
import { sidFromBytes } from "./sid.ts";
import type { Ace, Acl, SecurityDescriptor } from "./types.ts";
import { SdControl } from "./types.ts";
import { aliasForSid, normaliseSidContext, type SidContext } from "./well-known-sids.ts";

export interface SddlFormatOptions extends SidContext {
  /** "windows" (default) or "samba-4.17". */
  dialect?: SddlDialect;
}

const TYPE_STRINGS: Readonly<Record<number, string>> = {
  0: "A",
  1: "D",
  2: "AU",
  3: "AL",
  5: "OA",
  6: "OD",
  7: "OU",
  8: "OL",
  17: "ML",
  19: "SP",
};

/** ACE type names (MS-DTYP 2.4.4.1), for error messages and explanations. */
export const ACE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "ACCESS_ALLOWED",
  1: "ACCESS_DENIED",
  2: "SYSTEM_AUDIT",
  3: "SYSTEM_ALARM",
  4: "ACCESS_ALLOWED_COMPOUND",
  5: "ACCESS_ALLOWED_OBJECT",
  6: "ACCESS_DENIED_OBJECT",
  7: "SYSTEM_AUDIT_OBJECT",
  8: "SYSTEM_ALARM_OBJECT",
  9: "ACCESS_ALLOWED_CALLBACK",
  10: "ACCESS_DENIED_CALLBACK",
  11: "ACCESS_ALLOWED_CALLBACK_OBJECT",
  12: "ACCESS_DENIED_CALLBACK_OBJECT",
  13: "SYSTEM_AUDIT_CALLBACK",
  14: "SYSTEM_ALARM_CALLBACK",
  15: "SYSTEM_AUDIT_CALLBACK_OBJECT",
  16: "SYSTEM_ALARM_CALLBACK_OBJECT",
  17: "SYSTEM_MANDATORY_LABEL",
  18: "SYSTEM_RESOURCE_ATTRIBUTE",
  19: "SYSTEM_SCOPED_POLICY_ID",
};

const FLAG_STRINGS: readonly (readonly [number, string])[] = [
  [0x01, "OI"],
  [0x02, "CI"],
  [0x04, "NP"],
  [0x08, "IO"],
  [0x10, "ID"],
  [0x40, "SA"],
  [0x80, "FA"],
];

/** Formats a SID as SDDL: its alias when Windows prints one, else the S-1-… string. */
export function formatSddlSid(sid: string, ctx: SidContext = {}): string {
  return aliasForSid(sid, ctx) ?? sid;
}

function aceTypeLabel(type: number): string {
  return `0x${type.toString(16).padStart(2, "0")} (${ACE_TYPE_NAMES[type] ?? "unknown type"})`;
}

interface AceFields {
  mask: number;
  sid: string;
  objectType?: string;
  inheritedObjectType?: string;
}

/** Reads the fields of an opaque ACE whose layout is that of A/OA (AL, OL, ML, SP). */
function opaqueFields(ace: Ace & { kind: "opaque" }, where: string): AceFields {
  const b = ace.bytes;
  const bad = (why: string): never => {
    throw new SecurityDescriptorEncodeError(
      `${where}: ${aceTypeLabel(ace.type)} ACE bytes are malformed (${why})`,
    );
  };
  if (b.length < 16) bad("too short");
  const mask =
    ((b[4] as number) | ((b[5] as number) << 8) | ((b[6] as number) << 16) | ((b[7] as number) << 24)) >>> 0;
  let p = 8;
  const out: AceFields = { mask, sid: "" };
  if (ace.type === 0x08) {
    const f = (b[p] as number) | ((b[p + 1] as number) << 8);
    p += 4;
    if (f & 1) {
      if (p + 16 > b.length) bad("object type truncated");
      out.objectType = guidFromBytes(b, p);
      p += 16;
    }
    if (f & 2) {
      if (p + 16 > b.length) bad("inherited object type truncated");
      out.inheritedObjectType = guidFromBytes(b, p);
      p += 16;
    }
  }
  try {
    const r = sidFromBytes(b, p);
    if (p + r.length !== b.length) bad("trailing bytes after the SID");
    out.sid = r.sid;
  } catch (err) {
    if (err instanceof SecurityDescriptorEncodeError) throw err;
    bad((err as Error).message);
  }
  return out;
}

/** Formats one ACE as "(type;flags;rights;guid;guid;sid)". */
export function formatAceSddl(ace: Ace, options: SddlFormatOptions = {}, where = "ACE"): string {
  const dialect = options.dialect ?? "windows";
  const type = TYPE_STRINGS[ace.type];
  if (type === undefined) {
    throw new SecurityDescriptorEncodeError(
      `${where} has type ${aceTypeLabel(ace.type)}, which SDDL formatting does not support (its condition/claim data has no SDDL form here); use the binary form`,
    );
  }
  let flags = "";
  let rest = ace.flags;
  for (const [bit, s] of FLAG_STRINGS) {
    if (ace.flags & bit) {
      flags += s;
      rest &= ~bit;
    }
  }
  if (rest !== 0) {
    throw new SecurityDescriptorEncodeError(
      `${where} has ACE flag bits 0x${rest.toString(16)} that SDDL has no letters for`,
    );
  }
  const f: AceFields = ace.kind === "known" ? ace : opaqueFields(ace, where);
  const sid = formatSddlSid(f.sid, options);
  const rights = ace.type === 0x11 ? formatLabelRights(f.mask, dialect) : formatRights(f.mask, dialect);
  return `(${type};${flags};${rights};${f.objectType ?? ""};${f.inheritedObjectType ?? ""};${sid})`;
}

function aclFlags(control: number, shift: number): string {
  let s = "";
  if (control & (SdControl.DACL_PROTECTED << shift)) s += "P";
  if (control & (SdControl.DACL_AUTO_INHERIT_REQ << shift)) s += "AR";
  if (control & (SdControl.DACL_AUTO_INHERITED << shift)) s += "AI";
  return s;
}

function formatAcl(label: "D" | "S", acl: Acl | null, control: number, options: SddlFormatOptions): string {
  const shift = label === "D" ? 0 : 1;
  const present = label === "D" ? SdControl.DACL_PRESENT : SdControl.SACL_PRESENT;
  if ((control & present) === 0) return "";
  if (acl === null) {
    if (options.dialect === "samba-4.17") return "";
    return `${label}:${aclFlags(control, shift)}NO_ACCESS_CONTROL`;
  }
  const name = label === "D" ? "DACL" : "SACL";
  let s = `${label}:${aclFlags(control, shift)}`;
  acl.aces.forEach((ace, i) => {
    s += formatAceSddl(ace, options, `${name} ACE #${i}`);
  });
  return s;
}

/**
 * Formats a security descriptor as SDDL. `domainSid` / `rootDomainSid` make SIDs of that domain
 * print as aliases (DA, EA, …); `dialect` picks Windows' (default) or Samba 4.17's output.
 */
export function formatSddl(sd: SecurityDescriptor, options: SddlFormatOptions = {}): string {
  const ctx: SddlFormatOptions = { ...normaliseSidContext(options), dialect: options.dialect ?? "windows" };
  let s = "";
  if (sd.owner !== null) s += `O:${formatSddlSid(sd.owner, ctx)}`;
  if (sd.group !== null) s += `G:${formatSddlSid(sd.group, ctx)}`;
  s += formatAcl("D", sd.dacl, sd.control, ctx);
  s += formatAcl("S", sd.sacl, sd.control, ctx);
  return s;
}
