/** The vitest fixture: every test gets a fresh environment, whatever the tests before it did. */
import { describe } from "vitest";
import {
  expect,
  expectAccess,
  expectEntry,
  expectEvent,
  expectSsprCode,
  test,
} from "../../harness/vitest/index.ts";

const ALICE = "CN=alice,OU=Staff,DC=contoso,DC=com";
const MSOL = "CONTOSO\\MSOL_0123456789ab";
const enable = { admin: "admin@contoso.onmicrosoft.com", password: "Gl0bal!Admin#1" };
const grant = {
  object: "DC=contoso,DC=com",
  principal: MSOL,
  appliesTo: "Descendant User objects",
  permissions: ["Reset password", "Change password"],
  properties: ["Write lockoutTime", "Write pwdLastSet"],
};

describe("env fixture", () => {
  test("a test that grants and resets", async ({ env, run }) => {
    await run("connect.enableWriteback", enable);
    await run("aduc.addPermission", grant);
    const r = await run("user.resetPassword", { user: "alice@contoso.com", newPassword: "N3w!Passw0rd#1" });
    expectSsprCode(r, null);
    expectEvent(env, { source: "PasswordResetService", id: 31002 });
    await expectAccess(env, MSOL, ALICE, "Reset password");
    await expectEntry(env, ALICE, { sAMAccountName: "alice", lockoutTime: null });
  });

  test("the next test starts fresh: no grant, no writeback, no events", async ({ env, run }) => {
    expect(env.connect.config.passwordWriteback).toBe(false);
    expect(env.events.query()).toEqual([]);
    await expectAccess(env, MSOL, ALICE, "Reset password", false);
    const r = await run("user.resetPassword", { user: "alice@contoso.com", newPassword: "N3w!Passw0rd#1" });
    expectSsprCode(r, "SSPR_0010");
    expect((await run("ad.bind", { user: "alice@contoso.com", password: "Alice!Passw0rd1" })).outcome).toBe(
      "success",
    );
  });

  test("assertion helpers fail with a readable sentence", async ({ env, run }) => {
    await run("connect.enableWriteback", enable);
    const r = await run("user.resetPassword", { user: "alice@contoso.com", newPassword: "N3w!Passw0rd#1" });
    expect(() => expectSsprCode(r, "SSPR_0030")).toThrow(
      "expected SSPR code SSPR_0030, the user saw SSPR_0029",
    );
    expect(() => expectEvent(env, { id: 31002 })).toThrow(
      /expected event 31002; logged: .*PasswordResetService 33004/,
    );
    await expect(expectAccess(env, MSOL, ALICE, "Reset password")).rejects.toThrow(
      /expected CONTOSO\\MSOL_0123456789ab to be allowed "Reset password" .*\nDENIED: Reset password/,
    );
    await expect(expectEntry(env, ALICE, { sAMAccountName: "bob" })).rejects.toThrow(
      "expected sAMAccountName on CN=alice,OU=Staff,DC=contoso,DC=com to be bob, it is alice",
    );
  });
});
