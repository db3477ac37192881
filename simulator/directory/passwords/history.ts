/**
 * Password history (ntPwdHistory in AD): newest first, the current password included at index 0, at most
 * pwdHistoryLength entries (MS-SAMR 3.1.1.9.1; Samba setup_nt_fields keeps pwdHistoryLength entries with the
 * new hash first).
 */
import { type PasswordHash, verifyPassword } from "./hashing.ts";
import type { PasswordPolicy } from "./policy.ts";

/**
 * New history after a successful set: prepend, keep pwdHistoryLength entries. At least one entry (the
 * current password) is always kept so callers can rely on history[0] being the current hash even when the
 * policy remembers nothing; the policy check only looks at the first pwdHistoryLength entries.
 */
export function nextHistory(
  history: PasswordHash[],
  newHash: PasswordHash,
  policy: PasswordPolicy,
): PasswordHash[] {
  const keep = Math.max(1, Math.floor(policy.pwdHistoryLength));
  return [newHash, ...history].slice(0, keep);
}

/** Index of the first remembered entry `password` matches (0 = the current password), or -1. */
export function findInHistory(password: string, history: PasswordHash[], policy: PasswordPolicy): number {
  const n = Math.min(history.length, Math.max(0, Math.floor(policy.pwdHistoryLength)));
  for (let i = 0; i < n; i++) {
    if (verifyPassword(password, history[i])) return i;
  }
  return -1;
}
