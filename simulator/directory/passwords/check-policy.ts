/**
 * Policy check for a new password (MS-SAMR 3.1.1.7.1 General Password Policy; MS-ADTS 3.1.1.3.1.5).
 *
 * Order, as Samba's check_password_restrictions applies it (source4/dsdb/samdb/ldb_modules/password_hash.c)
 * after the old password of a change has been verified by the caller:
 *   1. minimum age — changes only (or resets with LDAP_SERVER_POLICY_HINTS): pwdLastSet + minPwdAge > now
 *      → "too young"; pwdLastSet 0 ("must change") lifts the restriction (samba-observations.md E8: a change
 *      right after an admin set pwdLastSet=0 succeeded, the next one was too young);
 *   2. length (UTF-16 code units, as Samba counts them) → "too short";
 *   3. complexity (complexity.ts) → "complexity";
 *   4. resets stop here unless enforceHistoryAndAge (E9: a reset to the current or a previous password
 *      succeeded without the control);
 *   5. history against the stored hashes, the current password included (E9: change to the current
 *      password → "(previous password)", to an older one → "(in history)"; historyIndex tells them apart).
 */
import { type ComplexityFailure, checkComplexity } from "./complexity.ts";
import type { PasswordHash } from "./hashing.ts";
import { findInHistory } from "./history.ts";
import type { PasswordFlavour, PasswordPolicy } from "./policy.ts";

export type PolicyViolation = {
  reason: "tooShort" | "complexity" | "history" | "tooYoung";
  detail: string;
  /** For "complexity": which rule failed. */
  complexity?: ComplexityFailure;
  /** For "history": 0 = the current password, n = the n-th previous one. */
  historyIndex?: number;
  /** For "tooShort": the policy's minimum, for messages such as Samba's "…longer than 7 characters!". */
  minPwdLength?: number;
};

export interface PolicyInput {
  policy: PasswordPolicy;
  samAccountName: string;
  displayName?: string;
  /** Newest first, includes the current password. */
  history: PasswordHash[];
  pwdLastSetMs: number | null;
  nowMs: number;
  isReset: boolean;
  /** True for a change; for a reset only with the policy-hints control. */
  enforceHistoryAndAge: boolean;
  /** Default "windows" (name checks in complexity; see complexity.ts for the Samba differences). */
  flavour?: PasswordFlavour;
}

export function checkPasswordPolicy(newPassword: string, input: PolicyInput): PolicyViolation | null {
  const { policy } = input;
  const enforce = input.enforceHistoryAndAge;

  if (enforce && policy.minPwdAgeMs > 0 && input.pwdLastSetMs !== null && input.pwdLastSetMs > 0) {
    if (input.pwdLastSetMs + policy.minPwdAgeMs > input.nowMs) {
      return { reason: "tooYoung", detail: "the password was set less than minPwdAge ago" };
    }
  }

  if (newPassword.length < policy.minPwdLength) {
    return {
      reason: "tooShort",
      detail: `the password is shorter than ${policy.minPwdLength} characters`,
      minPwdLength: policy.minPwdLength,
    };
  }

  if (policy.complexity) {
    const failure = checkComplexity(
      newPassword,
      input.samAccountName,
      input.displayName,
      input.flavour ?? "windows",
    );
    if (failure !== null) {
      const detail =
        failure === "containsAccountName"
          ? "the password contains the account name"
          : failure === "containsDisplayNameToken"
            ? "the password contains part of the display name"
            : "the password uses fewer than three character categories";
      return { reason: "complexity", detail, complexity: failure };
    }
  }

  if (!enforce) return null;

  const index = findInHistory(newPassword, input.history, policy);
  if (index >= 0) {
    return {
      reason: "history",
      detail:
        index === 0
          ? "the password equals the current password"
          : `the password is in the history (entry ${index})`,
      historyIndex: index,
    };
  }
  return null;
}
