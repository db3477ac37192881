/**
 * createEnvironment on the fake DC: one clock for everything, the cloud synced from AD with the real
 * anchors and SIDs, snapshot/restore of every part, event and directory queries, access checks with
 * the principal's real token, the cloud over HTTP, and a clean close.
 */
import { Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnvironment, type Environment } from "../../harness/environment.ts";
import { runStep } from "../../harness/steps/index.ts";
import { postContosoRopc } from "../support/ropc.ts";

let env: Environment;
beforeAll(async () => {
  env = await createEnvironment({ world: "contoso", personality: "windows" });
});
afterAll(() => env.close());

const step = (kind: string, params: unknown = null) => runStep(env, kind, params);
const ALICE = "CN=alice,OU=Staff,DC=contoso,DC=com";
const MSOL = "CONTOSO\\MSOL_0123456789ab";

describe("createEnvironment (fake DC)", () => {
  it("runs the DC, the cloud and Connect on one simulated clock", () => {
    expect(env.directory?.clock).toBe(env.clock);
    expect(env.cloud.clock).toBe(env.clock);
    expect(env.connect.opts.clock).toBe(env.clock);
    expect(env.dc.ldapsUrl).toMatch(/^ldaps:\/\/127\.0\.0\.1:\d+$/);
    expect(env.dc.ldapUrl).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
  });

  it("syncs the AD users to the cloud with their real objectGUID anchors and SIDs", () => {
    const entry = env.directory!.findByDn(ALICE)!;
    const cloudAlice = env.tenant.findUser("alice@contoso.com")!;
    expect(cloudAlice.onPremisesSecurityIdentifier).toBe(entry.sid);
    const guidBytes = Buffer.from(cloudAlice.onPremisesImmutableId!, "base64");
    expect(guidBytes).toHaveLength(16);
    expect(env.directory!.findByGuid(entry.guid)?.dn).toBe(ALICE);
    expect(cloudAlice.onPremisesDistinguishedName).toBe(ALICE);
    expect(env.tenant.findUser("MSOL_0123456789ab@contoso.com")).toBeUndefined();
  });

  it("reads attributes over LDAP (null for a missing entry, [] for an absent attribute)", async () => {
    expect(await env.readAttribute(ALICE, "sAMAccountName")).toEqual(["alice"]);
    expect(await env.readAttribute(ALICE, "lockoutTime")).toEqual([]);
    expect(await env.readAttribute("CN=nobody,OU=Staff,DC=contoso,DC=com", "cn")).toBeNull();
  });

  it("answers access questions with the principal's token and explains them", async () => {
    expect(await env.checkAccess(MSOL, ALICE, "Reset password")).toBe(false);
    expect(await env.checkAccess(MSOL, ALICE, "Change password")).toBe(true); // Everyone holds it
    expect(await env.checkAccess("CONTOSO\\Administrator", ALICE, "Reset password")).toBe(true);
    const a = await env.explainAccess(MSOL, ALICE, "Write pwdLastSet");
    expect(a.decision.granted).toBe(false);
    expect(a.explanation).toMatch(/^DENIED: Write pwdLastSet on this user object\./);
  });

  it("snapshot/restore brings back the DC, the cloud, Connect, the clock and the event logs", async () => {
    const snap = await env.snapshot();
    const t0 = env.clock.now();
    const events0 = env.events.query().length;
    await step("connect.enableWriteback", {
      admin: "admin@contoso.onmicrosoft.com",
      password: "Gl0bal!Admin#1",
    });
    await step("aduc.addPermission", {
      object: "DC=contoso,DC=com",
      principal: MSOL,
      appliesTo: "Descendant User objects",
      permissions: ["Reset password", "Change password"],
      properties: ["Write lockoutTime", "Write pwdLastSet"],
    });
    const reset = await step("user.resetPassword", {
      user: "alice@contoso.com",
      newPassword: "N3w!Passw0rd#1",
    });
    expect(reset.outcome).toBe("success");
    await step("clock.advance", "2h");
    expect(env.connect.config.passwordWriteback).toBe(true);
    expect(env.clock.now()).toBe(t0 + 2 * 3_600_000);

    await env.restore(snap);
    expect(env.clock.now()).toBe(t0);
    expect(env.connect.config.passwordWriteback).toBe(false);
    expect(env.cloud.relay.health(env.tenant.id).configured).toBe(false);
    expect(env.events.query()).toHaveLength(events0);
    expect(await env.checkAccess(MSOL, ALICE, "Reset password")).toBe(false);
    expect((await step("ad.bind", { user: "alice@contoso.com", password: "Alice!Passw0rd1" })).outcome).toBe(
      "success",
    );
    // The same steps replay the same way after a restore.
    await step("connect.enableWriteback", {
      admin: "admin@contoso.onmicrosoft.com",
      password: "Gl0bal!Admin#1",
    });
    const again = await step("user.resetPassword", {
      user: "alice@contoso.com",
      newPassword: "N3w!Passw0rd#1",
    });
    expect(again).toMatchObject({ outcome: "failure", ssprCode: "SSPR_0029", ldap: { code: 50 } });
    await env.restore(snap);
  });

  it("queries Connect's Application log and the DC's Security log in the order they were written", async () => {
    const mark = env.markEvents();
    await step("connect.enableWriteback", {
      admin: "admin@contoso.onmicrosoft.com",
      password: "Gl0bal!Admin#1",
    });
    await step("user.resetPassword", { user: "alice@contoso.com", newPassword: "N3w!Passw0rd#1" });
    const seen = env.eventsSince(mark).map((e) => `${e.source}:${e.id}`);
    const i31001 = seen.indexOf("PasswordResetService:31001");
    const i4724 = seen.indexOf("Microsoft-Windows-Security-Auditing:4724");
    const i33004 = seen.indexOf("PasswordResetService:33004");
    expect(i31001).toBeGreaterThanOrEqual(0);
    expect(i31001).toBeLessThan(i4724);
    expect(i4724).toBeLessThan(i33004);
    expect(env.events.query({ source: "Microsoft-Windows-Security-Auditing", id: 4724 })[0].level).toBe(
      "Audit Failure",
    );
  });

  it("serves the same cloud over HTTP on an ephemeral loopback port", async () => {
    const url = await env.cloudUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await postContosoRopc(url, "admin@contoso.onmicrosoft.com", "wrong");
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error_codes: number[] }).error_codes).toContain(50126);
  });

  it("close() stops the DC's listeners", async () => {
    const other = await createEnvironment({});
    const url = other.dc.ldapsUrl;
    await other.close();
    const c = new Client({ url, tlsOptions: { rejectUnauthorized: false }, connectTimeout: 2000 });
    await expect(c.bind("alice@contoso.com", "Alice!Passw0rd1")).rejects.toThrow();
  });
});
