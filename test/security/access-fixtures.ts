/** Shared helpers for the access/inheritance/matrix tests: the captured Samba SDs and the tokens of the lab. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSddl } from "../../simulator/security/sddl-parse.ts";
import { createToken, type Token } from "../../simulator/security/token.ts";
import type { KnownAce, SecurityDescriptor } from "../../simulator/security/types.ts";

/** Domain SID of the run that produced test/fixtures/samba-sddl (samba-observations.md §8). */
export const DOMAIN_SID = "S-1-5-21-2505225072-1339010360-3064522927";
export const MSOL_SID = `${DOMAIN_SID}-1109`;
export const DOMAIN_USERS = `${DOMAIN_SID}-513`;
export const DOMAIN_ADMINS = `${DOMAIN_SID}-512`;
/** Target objects' SIDs are not in the captures; any SID the caller does not hold will do. */
export const ALICE_SID = `${DOMAIN_SID}-1103`;

const DIR = join(import.meta.dirname, "../fixtures/samba-sddl");

export function fixtureText(name: string): string {
  return readFileSync(join(DIR, `${name}.txt`), "utf8").trim();
}

export function fixtureSd(name: string): SecurityDescriptor {
  return parseSddl(fixtureText(name), { domainSid: DOMAIN_SID });
}

export function sddl(text: string): SecurityDescriptor {
  return parseSddl(text, { domainSid: DOMAIN_SID });
}

/** MSOL_0123456789ab after an LDAP simple bind: Domain Users + Everyone + Authenticated Users (+ logon SIDs). */
export function msolToken(): Token {
  return createToken({ userSid: MSOL_SID, primaryGroupSid: DOMAIN_USERS, groupSids: [DOMAIN_USERS] });
}

/** Administrator: Domain Admins, Enterprise Admins, Schema Admins, Administrators. */
export function adminToken(): Token {
  return createToken({
    userSid: `${DOMAIN_SID}-500`,
    primaryGroupSid: DOMAIN_USERS,
    groupSids: [DOMAIN_USERS, DOMAIN_ADMINS, `${DOMAIN_SID}-519`, `${DOMAIN_SID}-518`, "S-1-5-32-544"],
  });
}

/** A copy of `sd` without the DACL ACEs for which `drop` is true. */
export function withoutAces(sd: SecurityDescriptor, drop: (ace: KnownAce) => boolean): SecurityDescriptor {
  if (!sd.dacl) return sd;
  return { ...sd, dacl: { ...sd.dacl, aces: sd.dacl.aces.filter((a) => a.kind !== "known" || !drop(a)) } };
}

/** A copy of `sd` with `aces` (SDDL ACE strings) put at the front of its DACL. */
export function withAcesFirst(sd: SecurityDescriptor, aces: string): SecurityDescriptor {
  const extra = sddl(`D:${aces}`).dacl?.aces ?? [];
  return { ...sd, dacl: { revision: 4, aces: [...extra, ...(sd.dacl?.aces ?? [])] } };
}
