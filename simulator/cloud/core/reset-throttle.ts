/**
 * SSPR throttling, in simulated time ([TS-SSPR-ENTRA], facts §1): five password-reset attempts for the
 * same account (or five phone/code validations) within one hour block the account's resets until 24
 * hours after the last attempt.
 */
export const THROTTLE_LIMIT = 5;
export const THROTTLE_WINDOW_MS = 60 * 60_000;
export const THROTTLE_BLOCK_MS = 24 * 60 * 60_000;

export class AttemptThrottle {
  private readonly attempts = new Map<string, number[]>();

  /** Records an attempt at `nowMs`. */
  record(key: string, nowMs: number): void {
    const list = (this.attempts.get(key) ?? []).filter((t) => nowMs - t < THROTTLE_BLOCK_MS);
    list.push(nowMs);
    this.attempts.set(key, list);
  }

  /** Milliseconds until `key` may try again, or 0 when not blocked. */
  blockedFor(key: string, nowMs: number): number {
    const list = this.attempts.get(key) ?? [];
    if (list.length < THROTTLE_LIMIT) return 0;
    // Blocked when any LIMIT consecutive attempts fell within one window; lifted 24h after the last.
    for (let i = 0; i + THROTTLE_LIMIT - 1 < list.length; i++) {
      if (list[i + THROTTLE_LIMIT - 1] - list[i] < THROTTLE_WINDOW_MS) {
        const last = list[list.length - 1];
        return Math.max(0, last + THROTTLE_BLOCK_MS - nowMs);
      }
    }
    return 0;
  }

  clear(key?: string): void {
    if (key === undefined) this.attempts.clear();
    else this.attempts.delete(key);
  }
}
