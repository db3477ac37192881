import { describe, expect, it } from "vitest";
import {
  type BindInput,
  evaluateBind,
  UF_ACCOUNTDISABLE,
  UF_DONT_EXPIRE_PASSWD,
  WINDOWS_DEFAULT_POLICY,
} from "../../../simulator/directory/passwords/index.ts";

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const NORMAL = 0x200;

function bind(over: Partial<BindInput> = {}) {
  const verdict = evaluateBind({
    exists: true,
    passwordMatches: true,
    userAccountControl: NORMAL,
    accountExpiresMs: null,
    pwdLastSetMs: NOW - DAY,
    lockedOut: false,
    policy: WINDOWS_DEFAULT_POLICY,
    nowMs: NOW,
    ...over,
  });
  return verdict.ok ? "ok" : verdict.dataCode;
}

describe("evaluateBind → AcceptSecurityContext data codes", () => {
  it.each<[string, Partial<BindInput>, string]>([
    ["right password", {}, "ok"],
    ["no such user", { exists: false, passwordMatches: false }, "525"],
    ["wrong password (samba-observations.md §7)", { passwordMatches: false }, "52e"],
    ["disabled, right password", { userAccountControl: NORMAL | UF_ACCOUNTDISABLE }, "533"],
    [
      "disabled, wrong password: 52e hides the restriction",
      { userAccountControl: NORMAL | UF_ACCOUNTDISABLE, passwordMatches: false },
      "52e",
    ],
    ["account expired", { accountExpiresMs: NOW - 1 }, "701"],
    ["account expires exactly now: not yet", { accountExpiresMs: NOW }, "ok"],
    ["account expires later", { accountExpiresMs: NOW + 1 }, "ok"],
    ["accountExpires 0 = never", { accountExpiresMs: 0 }, "ok"],
    ["expired account, wrong password", { accountExpiresMs: NOW - 1, passwordMatches: false }, "52e"],
    ["must change: pwdLastSet 0 (samba-observations.md E8)", { pwdLastSetMs: 0 }, "773"],
    ["must change: pwdLastSet null", { pwdLastSetMs: null }, "773"],
    ["must change, wrong password", { pwdLastSetMs: 0, passwordMatches: false }, "52e"],
    ["password expired after maxPwdAge", { pwdLastSetMs: NOW - 42 * DAY - 1 }, "532"],
    ["exactly maxPwdAge: not yet", { pwdLastSetMs: NOW - 42 * DAY }, "ok"],
    [
      "DONT_EXPIRE_PASSWORD skips 532",
      { pwdLastSetMs: NOW - 400 * DAY, userAccountControl: NORMAL | UF_DONT_EXPIRE_PASSWD },
      "ok",
    ],
    [
      "DONT_EXPIRE_PASSWORD skips 773",
      { pwdLastSetMs: 0, userAccountControl: NORMAL | UF_DONT_EXPIRE_PASSWD },
      "ok",
    ],
    [
      "maxPwdAge 0 = never expires",
      { pwdLastSetMs: NOW - 400 * DAY, policy: { ...WINDOWS_DEFAULT_POLICY, maxPwdAgeMs: 0 } },
      "ok",
    ],
    ["locked out, right password", { lockedOut: true }, "775"],
    ["locked out, wrong password", { lockedOut: true, passwordMatches: false }, "775"],
    ["workstation not allowed", { workstationAllowed: false }, "531"],
    ["outside logon hours", { logonHoursAllowed: false }, "530"],
    // order among restrictions: disabled > account expired > must change > password expired > 531 > 530
    [
      "disabled and expired account",
      { userAccountControl: NORMAL | UF_ACCOUNTDISABLE, accountExpiresMs: NOW - 1 },
      "533",
    ],
    ["expired account and must change", { accountExpiresMs: NOW - 1, pwdLastSetMs: 0 }, "701"],
    ["password expired and workstation", { pwdLastSetMs: NOW - 50 * DAY, workstationAllowed: false }, "532"],
    ["workstation and logon hours", { workstationAllowed: false, logonHoursAllowed: false }, "531"],
    ["locked out and disabled", { lockedOut: true, userAccountControl: NORMAL | UF_ACCOUNTDISABLE }, "775"],
    ["no such user beats everything", { exists: false, lockedOut: true }, "525"],
  ])("%s", (_name, over, expected) => {
    expect(bind(over)).toBe(expected);
  });

  it("treats userAccountControl as unsigned (high bits set)", () => {
    expect(bind({ userAccountControl: 0x80000000 | NORMAL })).toBe("ok");
  });
});
