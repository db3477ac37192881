/**
 * SDDL SID aliases (MS-DTYP 2.5.1.1) and well-known SID names (MS-DTYP 2.4.2.4).
 *
 * Three kinds of alias: fixed SIDs (WD = S-1-1-0), SIDs relative to the domain (DA = <domain>-512),
 * and SIDs relative to the forest root domain (EA = <root>-519; MS-DTYP 2.5.1.1 lists EA, SA, RO
 * and EK as forest-root relative). LA/LG are relative to the local machine's account domain,
 * which on a domain controller is the domain itself. When no root domain SID is given, the domain
 * is taken to be the forest root (a single-domain forest, like the labs we simulate).
 */
import { parseSidString } from "./sid.ts";

export interface SidContext {
  /** The domain SID "S-1-5-21-a-b-c" that DA, DU, LA, … are relative to. */
  domainSid?: string;
  /** The forest root domain SID that EA, SA, RO, EK are relative to (defaults to domainSid). */
  rootDomainSid?: string;
}

interface AliasEntry {
  alias: string;
  name: string;
  sid?: string;
  domainRid?: number;
  rootRid?: number;
}

/** MS-DTYP 2.5.1.1, in the order of the specification's table. */
const ALIASES: readonly AliasEntry[] = [
  { alias: "AA", sid: "S-1-5-32-579", name: "Access Control Assistance Operators" },
  { alias: "AC", sid: "S-1-15-2-1", name: "All App Packages" },
  { alias: "AN", sid: "S-1-5-7", name: "Anonymous Logon" },
  { alias: "AO", sid: "S-1-5-32-548", name: "Account Operators" },
  { alias: "AP", domainRid: 525, name: "Protected Users" },
  { alias: "AS", sid: "S-1-18-1", name: "Authentication Authority Asserted Identity" },
  { alias: "AU", sid: "S-1-5-11", name: "Authenticated Users" },
  { alias: "BA", sid: "S-1-5-32-544", name: "Administrators" },
  { alias: "BG", sid: "S-1-5-32-546", name: "Guests" },
  { alias: "BO", sid: "S-1-5-32-551", name: "Backup Operators" },
  { alias: "BU", sid: "S-1-5-32-545", name: "Users" },
  { alias: "CA", domainRid: 517, name: "Cert Publishers" },
  { alias: "CD", sid: "S-1-5-32-574", name: "Certificate Service DCOM Access" },
  { alias: "CG", sid: "S-1-3-1", name: "Creator Group" },
  { alias: "CN", domainRid: 522, name: "Cloneable Domain Controllers" },
  { alias: "CO", sid: "S-1-3-0", name: "Creator Owner" },
  { alias: "CY", sid: "S-1-5-32-569", name: "Cryptographic Operators" },
  { alias: "DA", domainRid: 512, name: "Domain Admins" },
  { alias: "DC", domainRid: 515, name: "Domain Computers" },
  { alias: "DD", domainRid: 516, name: "Domain Controllers" },
  { alias: "DG", domainRid: 514, name: "Domain Guests" },
  { alias: "DU", domainRid: 513, name: "Domain Users" },
  { alias: "EA", rootRid: 519, name: "Enterprise Admins" },
  { alias: "ED", sid: "S-1-5-9", name: "Enterprise Domain Controllers" },
  { alias: "EK", rootRid: 527, name: "Enterprise Key Admins" },
  { alias: "ER", sid: "S-1-5-32-573", name: "Event Log Readers" },
  { alias: "ES", sid: "S-1-5-32-576", name: "RDS Endpoint Servers" },
  { alias: "HA", sid: "S-1-5-32-578", name: "Hyper-V Administrators" },
  { alias: "HI", sid: "S-1-16-12288", name: "High Mandatory Level" },
  { alias: "IS", sid: "S-1-5-32-568", name: "IIS_IUSRS" },
  { alias: "IU", sid: "S-1-5-4", name: "Interactive" },
  { alias: "KA", domainRid: 526, name: "Key Admins" },
  { alias: "LA", domainRid: 500, name: "Administrator" },
  { alias: "LG", domainRid: 501, name: "Guest" },
  { alias: "LS", sid: "S-1-5-19", name: "Local Service" },
  { alias: "LU", sid: "S-1-5-32-559", name: "Performance Log Users" },
  { alias: "LW", sid: "S-1-16-4096", name: "Low Mandatory Level" },
  { alias: "ME", sid: "S-1-16-8192", name: "Medium Mandatory Level" },
  { alias: "MP", sid: "S-1-16-8448", name: "Medium Plus Mandatory Level" },
  { alias: "MS", sid: "S-1-5-32-577", name: "RDS Management Servers" },
  { alias: "MU", sid: "S-1-5-32-558", name: "Performance Monitor Users" },
  { alias: "NO", sid: "S-1-5-32-556", name: "Network Configuration Operators" },
  { alias: "NS", sid: "S-1-5-20", name: "Network Service" },
  { alias: "NU", sid: "S-1-5-2", name: "Network" },
  { alias: "OW", sid: "S-1-3-4", name: "Owner Rights" },
  { alias: "PA", domainRid: 520, name: "Group Policy Creator Owners" },
  { alias: "PO", sid: "S-1-5-32-550", name: "Print Operators" },
  { alias: "PS", sid: "S-1-5-10", name: "Principal Self" },
  { alias: "PU", sid: "S-1-5-32-547", name: "Power Users" },
  { alias: "RA", sid: "S-1-5-32-575", name: "RDS Remote Access Servers" },
  { alias: "RC", sid: "S-1-5-12", name: "Restricted Code" },
  { alias: "RD", sid: "S-1-5-32-555", name: "Remote Desktop Users" },
  { alias: "RE", sid: "S-1-5-32-552", name: "Replicator" },
  { alias: "RM", sid: "S-1-5-32-580", name: "Remote Management Users" },
  { alias: "RO", rootRid: 498, name: "Enterprise Read-only Domain Controllers" },
  { alias: "RS", domainRid: 553, name: "RAS and IAS Servers" },
  { alias: "RU", sid: "S-1-5-32-554", name: "Pre-Windows 2000 Compatible Access" },
  { alias: "SA", rootRid: 518, name: "Schema Admins" },
  { alias: "SI", sid: "S-1-16-16384", name: "System Mandatory Level" },
  { alias: "SO", sid: "S-1-5-32-549", name: "Server Operators" },
  { alias: "SS", sid: "S-1-18-2", name: "Service Asserted Identity" },
  { alias: "SU", sid: "S-1-5-6", name: "Service" },
  { alias: "SY", sid: "S-1-5-18", name: "Local System" },
  { alias: "UD", sid: "S-1-5-84-0-0-0-0-0", name: "User-Mode Drivers" },
  { alias: "WD", sid: "S-1-1-0", name: "Everyone" },
  { alias: "WR", sid: "S-1-5-33", name: "Write Restricted Code" },
];

/** Further well-known SIDs without an SDDL alias, for display only (MS-DTYP 2.4.2.4). */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  "S-1-0-0": "Nobody",
  "S-1-2-0": "Local",
  "S-1-2-1": "Console Logon",
  "S-1-3-2": "Creator Owner Server",
  "S-1-3-3": "Creator Group Server",
  "S-1-5-1": "Dialup",
  "S-1-5-3": "Batch",
  "S-1-5-8": "Proxy",
  "S-1-5-13": "Terminal Server User",
  "S-1-5-14": "Remote Interactive Logon",
  "S-1-5-15": "This Organization",
  "S-1-5-17": "IUSR",
  "S-1-5-1000": "Other Organization",
  "S-1-5-32-557": "Incoming Forest Trust Builders",
  "S-1-5-32-560": "Windows Authorization Access Group",
  "S-1-5-32-561": "Terminal Server License Servers",
  "S-1-5-32-562": "Distributed COM Users",
  "S-1-5-64-10": "NTLM Authentication",
  "S-1-5-64-14": "SChannel Authentication",
  "S-1-5-64-21": "Digest Authentication",
  "S-1-16-0": "Untrusted Mandatory Level",
  "S-1-16-20480": "Protected Process Mandatory Level",
};

/** Domain RIDs without an SDDL alias, for display only (MS-DTYP 2.4.2.4). */
const OTHER_DOMAIN_RIDS: Readonly<Record<number, string>> = {
  502: "krbtgt",
  521: "Read-only Domain Controllers",
  571: "Allowed RODC Password Replication Group",
  572: "Denied RODC Password Replication Group",
};

const BY_ALIAS = new Map<string, AliasEntry>(ALIASES.map((e) => [e.alias, e]));
const FIXED_BY_SID = new Map<string, AliasEntry>();
const BY_DOMAIN_RID = new Map<number, AliasEntry>();
const BY_ROOT_RID = new Map<number, AliasEntry>();
for (const e of ALIASES) {
  if (e.sid !== undefined) FIXED_BY_SID.set(e.sid, e);
  if (e.domainRid !== undefined) BY_DOMAIN_RID.set(e.domainRid, e);
  if (e.rootRid !== undefined) BY_ROOT_RID.set(e.rootRid, e);
}

/** Every SDDL SID alias we know, in MS-DTYP 2.5.1.1 order. */
export const SID_ALIASES: readonly string[] = ALIASES.map((e) => e.alias);

/** True when `alias` is an SDDL SID alias (fixed, domain- or forest-root-relative). */
export function isSidAlias(alias: string): boolean {
  return BY_ALIAS.has(alias);
}

/** True when the alias needs a domain (or forest root) SID to resolve. */
export function isRelativeSidAlias(alias: string): boolean {
  const e = BY_ALIAS.get(alias);
  return e !== undefined && e.sid === undefined;
}

function rootOf(ctx: SidContext): string | undefined {
  return ctx.rootDomainSid ?? ctx.domainSid;
}

/**
 * The SID an SDDL alias stands for; undefined for an unknown alias, or for a domain-relative
 * alias when the needed domain SID was not given.
 */
export function resolveSidAlias(alias: string, ctx: SidContext = {}): string | undefined {
  const e = BY_ALIAS.get(alias);
  if (e === undefined) return undefined;
  if (e.sid !== undefined) return e.sid;
  if (e.domainRid !== undefined) {
    return ctx.domainSid === undefined ? undefined : `${parseSidString(ctx.domainSid)}-${e.domainRid}`;
  }
  const root = rootOf(ctx);
  return root === undefined ? undefined : `${parseSidString(root)}-${e.rootRid}`;
}

/** Splits "S-…-rid" into its prefix and RID without parsing every part. */
function splitRid(sid: string): { prefix: string; rid: number } | undefined {
  const dash = sid.lastIndexOf("-");
  if (dash < 0) return undefined;
  const rid = Number(sid.slice(dash + 1));
  if (!Number.isInteger(rid)) return undefined;
  return { prefix: sid.slice(0, dash), rid };
}

/**
 * The alias Windows prints for `sid` in SDDL: fixed well-known SIDs always; domain-relative
 * ones only for SIDs of the given domain (or forest root for EA/SA/RO/EK). `sid` must be canonical.
 */
export function aliasForSid(sid: string, ctx: SidContext = {}): string | undefined {
  const fixed = FIXED_BY_SID.get(sid);
  if (fixed !== undefined) return fixed.alias;
  if (ctx.domainSid === undefined && ctx.rootDomainSid === undefined) return undefined;
  const split = splitRid(sid);
  if (split === undefined) return undefined;
  if (ctx.domainSid !== undefined && split.prefix === ctx.domainSid) {
    const e = BY_DOMAIN_RID.get(split.rid);
    if (e !== undefined) return e.alias;
  }
  const root = rootOf(ctx);
  if (root !== undefined && split.prefix === root) {
    const e = BY_ROOT_RID.get(split.rid);
    if (e !== undefined) return e.alias;
  }
  return undefined;
}

/** A friendly name for a SID ("Domain Admins", "Everyone", …) or undefined when unknown. */
export function wellKnownSidName(sid: string, ctx: SidContext = {}): string | undefined {
  const alias = aliasForSid(sid, ctx);
  if (alias !== undefined) return BY_ALIAS.get(alias)?.name;
  const other = OTHER_NAMES[sid];
  if (other !== undefined) return other;
  const split = splitRid(sid);
  if (split !== undefined && ctx.domainSid !== undefined && split.prefix === ctx.domainSid) {
    return OTHER_DOMAIN_RIDS[split.rid];
  }
  return undefined;
}

/** The display name of an alias ("DA" → "Domain Admins"). */
export function sidAliasName(alias: string): string | undefined {
  return BY_ALIAS.get(alias)?.name;
}

/** Validates and canonicalises the SIDs in a context (throws SecurityFormatError on bad input). */
export function normaliseSidContext(ctx: SidContext | undefined): SidContext {
  const out: SidContext = {};
  if (ctx?.domainSid !== undefined) out.domainSid = parseSidString(ctx.domainSid);
  if (ctx?.rootDomainSid !== undefined) out.rootDomainSid = parseSidString(ctx.rootDomainSid);
  return out;
}
