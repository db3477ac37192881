/**
 * Simple-bind account evaluation → the "data" code of AD's
 * `80090308: LdapErr: DSID-…, comment: AcceptSecurityContext error, data <code>, v…` (49 invalidCredentials).
 *
 * Order (first match wins):
 *   525 no such user;
 *   775 locked out — reported whatever the password, because the lockout is checked before the password is
 *       compared (Samba samdb_result_passwords returns NT_STATUS_ACCOUNT_LOCKED_OUT before any comparison;
 *       MS-ADTS 3.1.1.4.5.17 UF_LOCKOUT from lockoutTime/lockoutDuration);
 *   52e wrong password — the account restrictions below are reported only to a caller who knows the password
 *       (sspr-writeback-facts.md §7 data codes; Samba authsam_authenticate checks the password before
 *       authsam_account_ok);
 *   then authsam_account_ok's order (source4/auth/sam.c; same codes as Windows' NTSTATUS → data mapping):
 *   533 disabled (ACCOUNTDISABLE 0x2);
 *   701 account expired (accountExpires reached);
 *   773 must change password (pwdLastSet 0, samba-observations.md §7 and E8);
 *   532 password expired (pwdLastSet + maxPwdAge reached);
 *   531 workstation not allowed, 530 outside logon hours (only when the caller says so).
 * DONT_EXPIRE_PASSWORD (0x10000) skips both 773 and 532: MS-SAMR 3.1.5.14.4 PasswordMustChange is "never"
 * for such accounts before pwdLastSet = 0 is even looked at (same for msDS-UserPasswordExpiryTimeComputed,
 * MS-ADTS 3.1.1.4.5.x). maxPwdAge 0 (or not finite) means passwords never expire (MS-SAMR 3.1.5.14.4).
 * Expiry instants are exclusive: expired once now is past pwdLastSet + maxPwdAge / accountExpires (Samba
 * authsam_account_ok compares with "<").
 */
import type { PasswordPolicy } from "./policy.ts";

export const UF_ACCOUNTDISABLE = 0x2;
export const UF_LOCKOUT = 0x10;
export const UF_DONT_EXPIRE_PASSWD = 0x10000;

export type BindDataCode = "52e" | "525" | "530" | "531" | "532" | "533" | "701" | "773" | "775";
export type BindVerdict = { ok: true } | { ok: false; dataCode: BindDataCode };

export interface BindInput {
  exists: boolean;
  passwordMatches: boolean;
  userAccountControl: number;
  /** null (or 0 / never) when the account does not expire. */
  accountExpiresMs: number | null;
  /** null or 0 → must change at next logon. */
  pwdLastSetMs: number | null;
  lockedOut: boolean;
  policy: PasswordPolicy;
  nowMs: number;
  /** Optional logon restrictions (userWorkstations / logonHours); default allowed. */
  workstationAllowed?: boolean;
  logonHoursAllowed?: boolean;
}

export function evaluateBind(input: BindInput): BindVerdict {
  const fail = (dataCode: BindDataCode): BindVerdict => ({ ok: false, dataCode });
  if (!input.exists) return fail("525");
  if (input.lockedOut) return fail("775");
  if (!input.passwordMatches) return fail("52e");
  const uac = input.userAccountControl >>> 0;
  if (uac & UF_ACCOUNTDISABLE) return fail("533");
  if (input.accountExpiresMs !== null && input.accountExpiresMs > 0 && input.nowMs > input.accountExpiresMs) {
    return fail("701");
  }
  if (!(uac & UF_DONT_EXPIRE_PASSWD)) {
    if (input.pwdLastSetMs === null || input.pwdLastSetMs === 0) return fail("773");
    const maxAge = input.policy.maxPwdAgeMs;
    if (Number.isFinite(maxAge) && maxAge > 0 && input.nowMs > input.pwdLastSetMs + maxAge)
      return fail("532");
  }
  if (input.workstationAllowed === false) return fail("531");
  if (input.logonHoursAllowed === false) return fail("530");
  return { ok: true };
}
