/**
 * Entra smart lockout on the token endpoint ([SMART-LOCKOUT] "Protect user accounts from attacks with
 * Microsoft Entra smart lockout"): after LockoutThreshold failed sign-ins (10 in the public cloud) the
 * account is locked for LockoutDurationInSeconds (60); each failure after a lockout locks it again,
 * for longer each time. A wrong password the user already tried among their last three bad ones does
 * not count again. A locked account is refused with AADSTS50053 whatever the password. Time is the
 * simulated clock; bad passwords are remembered as salted digests only, never in clear.
 */
import { createHash, randomBytes } from "node:crypto";
import type { SimClock } from "../../clock/sim-clock.ts";

export interface SmartLockoutSettings {
  /** Failed sign-ins before the first lockout (directory setting LockoutThreshold). */
  lockoutThreshold: number;
  /** Seconds of the first lockout (LockoutDurationInSeconds); later ones double, up to maxLockoutSeconds. */
  lockoutDurationSeconds: number;
  maxLockoutSeconds: number;
}

/** Entra's defaults for Azure public tenants. */
export const DEFAULT_SMART_LOCKOUT: SmartLockoutSettings = Object.freeze({
  lockoutThreshold: 10,
  lockoutDurationSeconds: 60,
  maxLockoutSeconds: 3600,
});

/** Bad password digests remembered per user. */
const REMEMBERED_BAD_PASSWORDS = 3;

interface UserLockState {
  failures: number;
  /** Lockouts so far since the last successful sign-in (the next lasts longer). */
  lockouts: number;
  lockedUntilMs: number;
  recentBad: string[];
}

export type LockoutVerdict = { locked: false } | { locked: true; untilMs: number };

export class SmartLockout {
  private readonly users = new Map<string, UserLockState>();
  /** Digests are salted per process: they only compare attempts with each other. */
  private readonly salt = randomBytes(16);

  constructor(
    private readonly clock: SimClock,
    public settings: SmartLockoutSettings = { ...DEFAULT_SMART_LOCKOUT },
  ) {}

  /** Whether the user is locked now (checked before the password is). */
  check(userId: string): LockoutVerdict {
    const s = this.users.get(userId);
    if (!s || s.lockedUntilMs <= this.clock.now()) return { locked: false };
    return { locked: true, untilMs: s.lockedUntilMs };
  }

  /** A wrong password: counts unless it is one of the user's last three bad ones. */
  failed(userId: string, password: string): void {
    const digest = createHash("sha256")
      .update(this.salt)
      .update(userId)
      .update("\0")
      .update(password)
      .digest("base64");
    const s = this.users.get(userId) ?? { failures: 0, lockouts: 0, lockedUntilMs: 0, recentBad: [] };
    this.users.set(userId, s);
    if (s.recentBad.includes(digest)) return;
    s.recentBad.push(digest);
    if (s.recentBad.length > REMEMBERED_BAD_PASSWORDS) s.recentBad.shift();
    s.failures++;
    if (s.failures >= this.settings.lockoutThreshold) {
      const seconds = Math.min(
        this.settings.lockoutDurationSeconds * 2 ** s.lockouts,
        this.settings.maxLockoutSeconds,
      );
      s.lockedUntilMs = this.clock.now() + seconds * 1000;
      s.lockouts++;
      // After a lockout the next failure locks again (the counter stays at the threshold).
      s.failures = this.settings.lockoutThreshold - 1;
      s.recentBad = [];
    }
  }

  /** A successful sign-in clears the user's count. */
  succeeded(userId: string): void {
    this.users.delete(userId);
  }

  /** An administrator or a password reset unlocks the account. */
  unlock(userId: string): void {
    this.users.delete(userId);
  }
}
