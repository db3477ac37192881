import { describe, expect, it } from "vitest";
import {
  effectiveBadPwdCount,
  isLockedOut,
  type LockoutState,
  onAdminUnlock,
  onBadPassword,
  onGoodPassword,
  type PasswordPolicy,
  UNLOCKED,
  WINDOWS_DEFAULT_POLICY,
} from "../../../simulator/directory/passwords/index.ts";

const MIN = 60_000;
const T0 = 1_800_000_000_000;
const policy: PasswordPolicy = {
  ...WINDOWS_DEFAULT_POLICY,
  lockoutThreshold: 3,
  lockoutDurationMs: 30 * MIN,
  lockoutObservationWindowMs: 10 * MIN,
};

/** Applies bad passwords at the given times and returns the final state and the lockedNow flags. */
function badAt(times: number[], p: PasswordPolicy = policy, start: LockoutState = UNLOCKED) {
  let state = start;
  const locked: boolean[] = [];
  for (const t of times) {
    const r = onBadPassword(state, p, t);
    state = r.state;
    locked.push(r.lockedNow);
  }
  return { state, locked };
}

describe("lockout (MS-SAMR 3.1.1.7, Samba dsdb_update_bad_pwd_count)", () => {
  it("counts bad passwords and locks at the threshold", () => {
    const { state, locked } = badAt([T0, T0 + MIN, T0 + 2 * MIN]);
    expect(locked).toEqual([false, false, true]);
    expect(state).toEqual({ badPwdCount: 3, badPasswordTimeMs: T0 + 2 * MIN, lockoutTimeMs: T0 + 2 * MIN });
    expect(isLockedOut(state, policy, T0 + 2 * MIN)).toBe(true);
  });

  it("the count restarts after the observation window", () => {
    const { state, locked } = badAt([T0, T0 + MIN, T0 + 12 * MIN]);
    expect(locked).toEqual([false, false, false]);
    expect(state.badPwdCount).toBe(1);
  });

  it("the window is measured from the LAST bad password", () => {
    const { locked } = badAt([T0, T0 + 9 * MIN, T0 + 18 * MIN]);
    expect(locked).toEqual([false, false, true]);
  });

  it("the window includes its last instant", () => {
    expect(badAt([T0, T0 + 10 * MIN]).state.badPwdCount).toBe(2);
    expect(badAt([T0, T0 + 10 * MIN + 1]).state.badPwdCount).toBe(1);
  });

  it("effectiveBadPwdCount reads 0 once the window has passed", () => {
    const { state } = badAt([T0, T0 + MIN]);
    expect(effectiveBadPwdCount(state, policy, T0 + 5 * MIN)).toBe(2);
    expect(effectiveBadPwdCount(state, policy, T0 + 11 * MIN)).toBe(2);
    expect(effectiveBadPwdCount(state, policy, T0 + 11 * MIN + 1)).toBe(0);
  });

  it("unlocks by itself after lockoutDuration", () => {
    const { state } = badAt([T0, T0, T0]);
    // MS-ADTS 3.1.1.4.5.17: locked up to and including lockoutTime + lockoutDuration
    expect(isLockedOut(state, policy, T0 + 30 * MIN)).toBe(true);
    expect(isLockedOut(state, policy, T0 + 30 * MIN + 1)).toBe(false);
  });

  it("lockoutDuration 0 locks until an administrator unlocks", () => {
    const forever = { ...policy, lockoutDurationMs: 0 };
    const { state } = badAt([T0, T0, T0], forever);
    expect(isLockedOut(state, forever, T0 + 365 * 24 * 60 * MIN)).toBe(true);
    const unlocked = onAdminUnlock(state);
    expect(isLockedOut(unlocked, forever, T0)).toBe(false);
    expect(unlocked.badPwdCount).toBe(0);
  });

  it("an administrator's lockoutTime = 0 unlocks and zeroes badPwdCount (MS-SAMR 3.1.1.8.3)", () => {
    const { state } = badAt([T0, T0, T0]);
    const u = onAdminUnlock(state);
    expect(u).toMatchObject({ badPwdCount: 0, lockoutTimeMs: null });
    expect(isLockedOut(u, policy, T0 + MIN)).toBe(false);
  });

  it("lockoutTime 0 means not locked", () => {
    expect(isLockedOut({ badPwdCount: 9, badPasswordTimeMs: T0, lockoutTimeMs: 0 }, policy, T0)).toBe(false);
  });

  it("bad passwords while locked change nothing", () => {
    const { state } = badAt([T0, T0, T0]);
    const r = onBadPassword(state, policy, T0 + MIN);
    expect(r).toEqual({ state, lockedNow: false });
  });

  it("after an expired lockout the next bad password starts a new count", () => {
    const { state } = badAt([T0, T0, T0]);
    const r = onBadPassword(state, policy, T0 + 31 * MIN);
    expect(r.lockedNow).toBe(false);
    expect(r.state.badPwdCount).toBe(1);
    expect(isLockedOut(r.state, policy, T0 + 31 * MIN)).toBe(false);
  });

  it("threshold 0 never locks; Windows still counts, Samba leaves the account alone", () => {
    const never = { ...policy, lockoutThreshold: 0 };
    const { state, locked } = badAt(
      Array.from({ length: 50 }, (_, i) => T0 + i),
      never,
    );
    expect(locked.every((l) => !l)).toBe(true);
    expect(state.badPwdCount).toBe(50);
    expect(isLockedOut(state, never, T0 + 50)).toBe(false);
    expect(onBadPassword(UNLOCKED, never, T0, "samba")).toEqual({ state: UNLOCKED, lockedNow: false });
  });

  it("threshold 1 locks on the first bad password", () => {
    expect(onBadPassword(UNLOCKED, { ...policy, lockoutThreshold: 1 }, T0).lockedNow).toBe(true);
  });

  it("a good password zeroes badPwdCount", () => {
    const { state } = badAt([T0, T0 + MIN]);
    const g = onGoodPassword(state);
    expect(g.badPwdCount).toBe(0);
    const { locked } = badAt([T0 + 2 * MIN, T0 + 3 * MIN], policy, g);
    expect(locked).toEqual([false, false]);
  });

  it("does not mutate the state it is given", () => {
    const s: LockoutState = { badPwdCount: 1, badPasswordTimeMs: T0, lockoutTimeMs: null };
    const copy = { ...s };
    onBadPassword(s, policy, T0 + 1);
    onGoodPassword(s);
    onAdminUnlock(s);
    expect(s).toEqual(copy);
  });
});
