import { describe, expect, it } from "vitest";
import {
  checkPasswordPolicy,
  hashPassword,
  nextHistory,
  type PasswordHash,
  type PasswordPolicy,
  type PolicyInput,
  WINDOWS_DEFAULT_POLICY,
} from "../../../simulator/directory/passwords/index.ts";

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

function historyOf(passwords: string[], policy: PasswordPolicy = WINDOWS_DEFAULT_POLICY): PasswordHash[] {
  // oldest first in the argument, newest first in the result
  let h: PasswordHash[] = [];
  for (const p of passwords) h = nextHistory(h, hashPassword(p), policy);
  return h;
}

function input(over: Partial<PolicyInput> = {}): PolicyInput {
  return {
    policy: WINDOWS_DEFAULT_POLICY,
    samAccountName: "alice",
    displayName: "Alice Liddell",
    history: historyOf(["Old#0001Abc", "Old#0002Abc", "Cur#0003Abc"]),
    pwdLastSetMs: NOW - 2 * DAY,
    nowMs: NOW,
    isReset: false,
    enforceHistoryAndAge: true,
    ...over,
  };
}

describe("WINDOWS_DEFAULT_POLICY", () => {
  it("is the Default Domain Policy", () => {
    expect(WINDOWS_DEFAULT_POLICY).toEqual({
      minPwdLength: 7,
      pwdHistoryLength: 24,
      complexity: true,
      minPwdAgeMs: DAY,
      maxPwdAgeMs: 42 * DAY,
      lockoutThreshold: 0,
      lockoutDurationMs: 30 * 60_000,
      lockoutObservationWindowMs: 30 * 60_000,
    });
  });
});

describe("checkPasswordPolicy", () => {
  it.each<[string, string, Partial<PolicyInput>, string | null]>([
    ["an acceptable change", "New#0004Abc", {}, null],
    // samba-observations.md E7
    ["E7 too short (abc)", "abc", {}, "tooShort"],
    ["E7 not complex (abcdefgh)", "abcdefgh", {}, "complexity"],
    ["E7 reset too short", "abc", { isReset: true, enforceHistoryAndAge: false }, "tooShort"],
    ["E7 reset not complex", "abcdefgh", { isReset: true, enforceHistoryAndAge: false }, "complexity"],
    ["E7 alice#1234ABC on Samba", "alice#1234ABC", { flavour: "samba" }, null],
    ["alice#1234ABC on Windows", "alice#1234ABC", {}, "complexity"],
    ["exactly minPwdLength", "Ab#1cde", {}, null],
    ["one short of minPwdLength", "Ab#1cd", {}, "tooShort"],
    ["length counts UTF-16 code units (6 code points, 7 units)", "A😀bc#1", {}, null],
    ["complexity off", "abcdefgh", { policy: { ...WINDOWS_DEFAULT_POLICY, complexity: false } }, null],
    // E8 minPwdAge
    ["E8 change right after a set", "New#0004Abc", { pwdLastSetMs: NOW - 1000 }, "tooYoung"],
    ["E8 change when pwdLastSet = 0", "New#0004Abc", { pwdLastSetMs: 0 }, null],
    ["change when pwdLastSet is unknown", "New#0004Abc", { pwdLastSetMs: null }, null],
    ["exactly minPwdAge later", "New#0004Abc", { pwdLastSetMs: NOW - DAY }, null],
    [
      "E8 reset is not subject to minPwdAge",
      "New#0004Abc",
      { pwdLastSetMs: NOW - 1000, isReset: true, enforceHistoryAndAge: false },
      null,
    ],
    [
      "reset with policy hints is",
      "New#0004Abc",
      { pwdLastSetMs: NOW - 1000, isReset: true, enforceHistoryAndAge: true },
      "tooYoung",
    ],
    [
      "minPwdAge 0",
      "New#0004Abc",
      { pwdLastSetMs: NOW, policy: { ...WINDOWS_DEFAULT_POLICY, minPwdAgeMs: 0 } },
      null,
    ],
    // Samba order: age before length and complexity
    ["too young wins over too short", "abc", { pwdLastSetMs: NOW - 1000 }, "tooYoung"],
    ["too short wins over complexity", "abc", {}, "tooShort"],
    ["complexity wins over history", "Old#0001Abc", { samAccountName: "Old" }, "complexity"],
    // E9 history
    ["E9 change to a previous password", "Old#0002Abc", {}, "history"],
    ["E9 change to the current password", "Cur#0003Abc", {}, "history"],
    [
      "E9 reset to a previous password (no control)",
      "Old#0001Abc",
      { isReset: true, enforceHistoryAndAge: false },
      null,
    ],
    [
      "E9 reset to the current password (no control)",
      "Cur#0003Abc",
      { isReset: true, enforceHistoryAndAge: false },
      null,
    ],
    [
      "reset to a previous password with policy hints",
      "Old#0001Abc",
      { isReset: true, enforceHistoryAndAge: true },
      "history",
    ],
  ])("%s", (_name, password, over, expected) => {
    expect(checkPasswordPolicy(password, input(over))?.reason ?? null).toBe(expected);
  });

  it("history reports which entry matched (0 = current, Samba's '(previous password)')", () => {
    expect(checkPasswordPolicy("Cur#0003Abc", input())).toMatchObject({ reason: "history", historyIndex: 0 });
    expect(checkPasswordPolicy("Old#0002Abc", input())).toMatchObject({ reason: "history", historyIndex: 1 });
    expect(checkPasswordPolicy("Old#0001Abc", input())).toMatchObject({ reason: "history", historyIndex: 2 });
  });

  it("history length limits how far back passwords are remembered", () => {
    const policy = { ...WINDOWS_DEFAULT_POLICY, pwdHistoryLength: 2 };
    const history = historyOf(["P#0001Abcd", "P#0002Abcd", "P#0003Abcd"], policy);
    expect(history).toHaveLength(2);
    const check = (pw: string) => checkPasswordPolicy(pw, input({ policy, history }))?.reason ?? null;
    expect(check("P#0003Abcd")).toBe("history");
    expect(check("P#0002Abcd")).toBe("history");
    expect(check("P#0001Abcd")).toBeNull();
  });

  it("history length 0 remembers nothing, not even the current password", () => {
    const policy = { ...WINDOWS_DEFAULT_POLICY, pwdHistoryLength: 0 };
    const history = historyOf(["P#0001Abcd"], policy);
    expect(checkPasswordPolicy("P#0001Abcd", input({ policy, history }))).toBeNull();
  });

  it("a shortened policy ignores stored entries beyond the new length", () => {
    const history = historyOf(["P#0001Abcd", "P#0002Abcd", "P#0003Abcd"]);
    const policy = { ...WINDOWS_DEFAULT_POLICY, pwdHistoryLength: 1 };
    expect(checkPasswordPolicy("P#0002Abcd", input({ policy, history }))).toBeNull();
    expect(checkPasswordPolicy("P#0003Abcd", input({ policy, history }))?.reason).toBe("history");
  });

  it("details never contain the password or a displayName token", () => {
    const cases = ["abc", "abcdefgh", "alice#1234ABC", "Liddell#1a", "Old#0002Abc"];
    for (const pw of cases) {
      const v = checkPasswordPolicy(pw, input());
      expect(v).not.toBeNull();
      expect(v!.detail).not.toContain(pw);
      expect(v!.detail.toLowerCase()).not.toContain("liddell");
    }
  });

  it("tooShort carries the policy minimum for the messages", () => {
    expect(checkPasswordPolicy("abc", input())).toMatchObject({ reason: "tooShort", minPwdLength: 7 });
  });
});

describe("nextHistory", () => {
  it("prepends and keeps pwdHistoryLength entries", () => {
    const policy = { ...WINDOWS_DEFAULT_POLICY, pwdHistoryLength: 3 };
    const hashes = Array.from({ length: 5 }, (_, i) => hashPassword(`P#${i}Abcdef`));
    let h: PasswordHash[] = [];
    for (const x of hashes) h = nextHistory(h, x, policy);
    expect(h).toEqual([hashes[4], hashes[3], hashes[2]]);
  });
  it("keeps the current password even with pwdHistoryLength 0", () => {
    const a = hashPassword("a");
    expect(nextHistory([hashPassword("b")], a, { ...WINDOWS_DEFAULT_POLICY, pwdHistoryLength: 0 })).toEqual([
      a,
    ]);
  });
  it("does not mutate its input", () => {
    const old = [hashPassword("b")];
    const copy = [...old];
    nextHistory(old, hashPassword("a"), WINDOWS_DEFAULT_POLICY);
    expect(old).toEqual(copy);
  });
});
