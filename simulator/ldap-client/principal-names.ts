/**
 * How Windows tools name a SID: "Everyone", "NT AUTHORITY\SELF", "BUILTIN\Administrators",
 * "CONTOSO\Domain Admins", "CONTOSO\MSOL_0123456789ab" (LookupAccountSid's DOMAIN\name form).
 * Fixed well-known SIDs are resolved here; domain accounts by an LDAP lookup in the session.
 */
import { wellKnownSidName } from "../security/well-known-sids.ts";

/** Well-known SIDs whose names Windows prints with no domain part. */
const NO_DOMAIN = new Set(["S-1-1-0", "S-1-3-0", "S-1-3-1", "S-1-3-4", "S-1-2-0", "S-1-2-1"]);

/** LookupAccountSid's spelling where it differs from the SDDL alias table's friendly name. */
const NT_AUTHORITY_NAMES: Record<string, string> = {
  "S-1-5-9": "ENTERPRISE DOMAIN CONTROLLERS",
  "S-1-5-10": "SELF",
  "S-1-5-11": "Authenticated Users",
  "S-1-5-18": "SYSTEM",
  "S-1-5-19": "LOCAL SERVICE",
  "S-1-5-20": "NETWORK SERVICE",
  "S-1-5-7": "ANONYMOUS LOGON",
  "S-1-5-2": "NETWORK",
  "S-1-5-4": "INTERACTIVE",
  "S-1-5-15": "This Organization",
};

/** The "DOMAIN\name" (or bare name) Windows prints for a fixed well-known SID, else undefined. */
export function wellKnownAccountName(sid: string): string | undefined {
  const name = wellKnownSidName(sid);
  if (name === undefined) return undefined;
  if (NO_DOMAIN.has(sid)) return name;
  if (sid.startsWith("S-1-5-32-")) return `BUILTIN\\${name}`;
  if (sid.startsWith("S-1-5-21-")) return undefined; // domain-relative: needs the NetBIOS name
  const nt = NT_AUTHORITY_NAMES[sid];
  if (nt) return `NT AUTHORITY\\${nt}`;
  if (sid.startsWith("S-1-5-")) return `NT AUTHORITY\\${name}`;
  return name;
}

/** Names an admin may type for well-known principals, lower-cased, → SID. */
const TYPED: Record<string, string> = {
  everyone: "S-1-1-0",
  self: "S-1-5-10",
  "nt authority\\self": "S-1-5-10",
  "principal self": "S-1-5-10",
  "authenticated users": "S-1-5-11",
  "nt authority\\authenticated users": "S-1-5-11",
  system: "S-1-5-18",
  "nt authority\\system": "S-1-5-18",
  "creator owner": "S-1-3-0",
  "enterprise domain controllers": "S-1-5-9",
  "nt authority\\enterprise domain controllers": "S-1-5-9",
  "builtin\\administrators": "S-1-5-32-544",
  administrators: "S-1-5-32-544",
  "builtin\\account operators": "S-1-5-32-548",
  "builtin\\pre-windows 2000 compatible access": "S-1-5-32-554",
};

export function typedWellKnownSid(name: string): string | undefined {
  return TYPED[name.trim().toLowerCase()];
}
