/**
 * Which attributes carry a password, on this DC, once the client's spelling has been resolved to
 * an lDAPDisplayName (schema/attribute-names.ts):
 *  - unicodePwd always (MS-ADTS 3.1.1.3.1.5.1);
 *  - userPassword when dSHeuristics fUserPwdSupport is on (3.1.1.3.1.5.2);
 *  - clearTextPassword where the personality has Samba's password_hash attribute of that name.
 * The secret attributes (dBCSPwd, the hash histories, supplementalCredentials) are the DC's own:
 * no client writes them (Samba answers 53, seen on the container).
 * userPassword while fUserPwdSupport is off is, on a real DC, an ordinary attribute stored as sent
 * and readable back in clear (seen on Samba 4.17). The simulator never stores a password in clear
 * (GUIDE), so it refuses that write after the access check (ASSUMPTIONS.md).
 */
import type { Dc } from "./dc.ts";

export type PasswordAttribute = "unicodePwd" | "userPassword" | "clearTextPassword";

const SECRET = new Set(["dbcspwd", "ntpwdhistory", "lmpwdhistory", "supplementalcredentials"]);

/** The password attribute a resolved (lDAPDisplayName) attribute is on this DC, or undefined. */
export function passwordAttributeOf(dc: Dc, name: string): PasswordAttribute | undefined {
  const k = name.toLowerCase();
  if (k === "unicodepwd") return "unicodePwd";
  if (k === "userpassword" && dc.config.userPasswordIsUnicodePwd) return "userPassword";
  if (k === "cleartextpassword" && dc.personality.quirks.clearTextPassword) return "clearTextPassword";
  return undefined;
}

/** A secret attribute only the DC writes (never a client, whatever its rights). */
export function isSecretAttribute(name: string): boolean {
  return SECRET.has(name.toLowerCase());
}

/** userPassword on a DC where it is not a password attribute: refused rather than stored in clear. */
export function isPlainUserPassword(dc: Dc, name: string): boolean {
  return name.toLowerCase() === "userpassword" && !dc.config.userPasswordIsUnicodePwd;
}

/** Any attribute whose values may hold a password or a password hash: never logged, never audited. */
export function mayHoldPassword(name: string): boolean {
  const k = name.toLowerCase();
  return k === "unicodepwd" || k === "userpassword" || k === "cleartextpassword" || SECRET.has(k);
}
