/**
 * pwdLastSet after a password set (MS-SAMR 3.1.1.8.7 unicodePwd, step 3): "If the client has access to
 * the Unexpire-Password control access right ([MS-ADTS] 5.1.3.2.1) on the domain object, pwdLastSet
 * MUST be updated to the current time; otherwise, pwdLastSet MUST be updated to the value zero, which
 * causes the new password to expire immediately." The same rule is step 3 of 3.1.1.8.6 (dBCSPwd).
 * By default Authenticated Users hold the right on the domain root ((OA;;CR;ccc2dc7d-…;;AU)), so the
 * rule only shows when that grant is removed and the writer was not given the right itself.
 * Pure: the caller runs the access check (lazily, only when the personality evaluates the rule).
 */

/** Unexpire-Password (rightsGuid), MS-ADTS 5.1.3.2.1. */
export const UNEXPIRE_PASSWORD = "ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501";

export interface PasswordSetStamp {
  /** The current time as a FILETIME. */
  nowFileTime: bigint;
  /** Whether the DC evaluates the right at all (Windows); Samba 4.17 stamps the current time. */
  evaluated: boolean;
  /** Access check of Unexpire-Password on the domain object for the client's token. */
  clientMayUnexpire: () => boolean;
}

/** The pwdLastSet value a password set leaves behind. */
export function pwdLastSetAfterPasswordSet(s: PasswordSetStamp): bigint {
  if (!s.evaluated) return s.nowFileTime;
  return s.clientMayUnexpire() ? s.nowFileTime : 0n;
}
