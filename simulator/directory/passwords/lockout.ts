/**
 * Account lockout bookkeeping (MS-SAMR 3.1.1.7 / 3.1.1.8.3; MS-ADTS 3.1.1.4.5.17 for the computed UF_LOCKOUT;
 * Samba dsdb_update_bad_pwd_count / dsdb_effective_badPwdCount in source4/dsdb/common/util.c for the
 * arithmetic):
 *  - a bad password inside the observation window (badPasswordTime + lockOutObservationWindow >= now) adds one
 *    to badPwdCount; outside it the count starts again from 1;
 *  - when the count reaches lockoutThreshold (> 0) lockoutTime is set to now;
 *  - the account is locked while lockoutTime + lockoutDuration >= now (lockoutDuration "forever" when 0 or not
 *    finite); writing lockoutTime = 0 unlocks and also zeroes badPwdCount (MS-SAMR 3.1.1.8.3);
 *  - threshold 0 never locks. Windows still counts bad passwords then; Samba does not touch the account
 *    (dsdb_update_bad_pwd_count returns early) — pass flavour "samba" for that;
 *  - while locked, further bad passwords change nothing (the bind answers 775 before the password is checked).
 */
import type { PasswordFlavour, PasswordPolicy } from "./policy.ts";

export interface LockoutState {
  badPwdCount: number;
  badPasswordTimeMs: number | null;
  lockoutTimeMs: number | null;
}

export const UNLOCKED: LockoutState = Object.freeze({
  badPwdCount: 0,
  badPasswordTimeMs: null,
  lockoutTimeMs: null,
});

function lockoutForever(policy: PasswordPolicy): boolean {
  return !Number.isFinite(policy.lockoutDurationMs) || policy.lockoutDurationMs <= 0;
}

export function isLockedOut(state: LockoutState, policy: PasswordPolicy, nowMs: number): boolean {
  if (state.lockoutTimeMs === null || state.lockoutTimeMs === 0) return false;
  if (lockoutForever(policy)) return true;
  // MS-ADTS 3.1.1.4.5.17: UF_LOCKOUT while ST + lockoutDuration ≤ lockoutTime (durations negative there),
  // i.e. up to and including lockoutTime + duration.
  return state.lockoutTimeMs + policy.lockoutDurationMs >= nowMs;
}

/** badPwdCount as it counts now: 0 once the observation window since the last bad password has passed. */
export function effectiveBadPwdCount(state: LockoutState, policy: PasswordPolicy, nowMs: number): number {
  if (state.badPasswordTimeMs === null) return 0;
  // Samba dsdb_effective_badPwdCount: badPasswordTime - lockOutObservationWindow >= now (window negative there).
  return state.badPasswordTimeMs + policy.lockoutObservationWindowMs >= nowMs ? state.badPwdCount : 0;
}

export function onBadPassword(
  state: LockoutState,
  policy: PasswordPolicy,
  nowMs: number,
  flavour: PasswordFlavour = "windows",
): { state: LockoutState; lockedNow: boolean } {
  if (isLockedOut(state, policy, nowMs)) return { state, lockedNow: false };
  if (policy.lockoutThreshold <= 0 && flavour === "samba") return { state, lockedNow: false };
  const badPwdCount = effectiveBadPwdCount(state, policy, nowMs) + 1;
  const lockedNow = policy.lockoutThreshold > 0 && badPwdCount >= policy.lockoutThreshold;
  return {
    state: {
      badPwdCount,
      badPasswordTimeMs: nowMs,
      // An expired lockout is replaced; otherwise the old (expired or null) value stays as it was.
      lockoutTimeMs: lockedNow ? nowMs : state.lockoutTimeMs,
    },
    lockedNow,
  };
}

/** A successful logon zeroes badPwdCount and clears an expired lockoutTime (Samba authsam_logon_success_accounting). */
export function onGoodPassword(state: LockoutState): LockoutState {
  return { badPwdCount: 0, badPasswordTimeMs: state.badPasswordTimeMs, lockoutTimeMs: null };
}

/** An administrator writes lockoutTime = 0: unlocked, badPwdCount 0 (MS-SAMR 3.1.1.8.3). */
export function onAdminUnlock(state: LockoutState): LockoutState {
  return { badPwdCount: 0, badPasswordTimeMs: state.badPasswordTimeMs, lockoutTimeMs: null };
}
