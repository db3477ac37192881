/**
 * Domain password and lockout policy, as AD stores it on the domain root (minPwdLength,
 * pwdHistoryLength, pwdProperties, minPwdAge, maxPwdAge, lockoutThreshold, lockoutDuration,
 * lockOutObservationWindow). AD stores the durations as negative 100-ns intervals; here they are plain
 * positive milliseconds and the directory converts at its edge (MS-SAMR 3.1.1.6 constraints 1-5).
 */
export interface PasswordPolicy {
  minPwdLength: number;
  pwdHistoryLength: number;
  /** pwdProperties & DOMAIN_PASSWORD_COMPLEX (0x1). */
  complexity: boolean;
  minPwdAgeMs: number;
  /** 0 (or a non-finite value) means passwords never expire. */
  maxPwdAgeMs: number;
  /** 0 means accounts never lock. */
  lockoutThreshold: number;
  /** 0 (or a non-finite value) means "until an administrator unlocks" (lockoutDuration 0x8000000000000000 in AD). */
  lockoutDurationMs: number;
  lockoutObservationWindowMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Default Domain Policy of a freshly promoted Windows Server domain (and of `samba-tool domain provision`,
 * see samba-observations.md §1 "Domain password policy as provisioned"): 7 characters, 24 remembered,
 * complexity on, 1 day minimum age, 42 days maximum age, no lockout, 30 minute duration and window.
 */
export const WINDOWS_DEFAULT_POLICY: PasswordPolicy = Object.freeze({
  minPwdLength: 7,
  pwdHistoryLength: 24,
  complexity: true,
  minPwdAgeMs: DAY,
  maxPwdAgeMs: 42 * DAY,
  lockoutThreshold: 0,
  lockoutDurationMs: 30 * MINUTE,
  lockoutObservationWindowMs: 30 * MINUTE,
});

/** Which DC's behaviour to follow where Windows and Samba 4.17 differ. */
export type PasswordFlavour = "windows" | "samba";
