/**
 * Step executors: every step kind has one; they report what the real interface answered; steps that
 * need the in-process DC are not applicable on a DC reached over LDAP (here: our own fake DC used as
 * an external ldaps:// target, exactly as a customer's DC would be).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnvironment, type Environment } from "../../harness/environment.ts";
import { runScenario } from "../../harness/run/run-scenario.ts";
import { NotApplicableError } from "../../harness/run/types.ts";
import { parseScenario } from "../../harness/scenario/load-scenario.ts";
import { KNOWN_STEP_KINDS } from "../../harness/scenario/step-kinds.ts";
import { runStep, STEP_EXECUTORS } from "../../harness/steps/index.ts";
import { createLdapServer, type LdapServer } from "../../simulator/ldap/index.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";

it("has an executor for every step kind, and none for unknown kinds", () => {
  expect(Object.keys(STEP_EXECUTORS).sort()).toEqual(KNOWN_STEP_KINDS);
});

describe("on the fake DC", () => {
  let env: Environment;
  beforeAll(async () => {
    env = await createEnvironment({});
  });
  afterAll(() => env.close());
  const step = (kind: string, params: unknown = null) => runStep(env, kind, params);

  it("connect.wizard stops where the trainee's page list and the wizard disagree", async () => {
    const r = await step("connect.wizard", { pages: [{ page: "Welcome" }, { page: "Optional features" }] });
    expect(r).toMatchObject({ outcome: "failure", wizard: { page: "Additional tasks" } });
    expect(env.connect.wizardOpen).toBe(false);
  });

  it("aduc steps refuse without the Security tab once Advanced Features was turned off", async () => {
    await step("aduc.setAdvancedFeatures", false);
    const r = await step("aduc.addPermission", {
      object: "DC=contoso,DC=com",
      principal: "CONTOSO\\MSOL_0123456789ab",
      permissions: ["Reset password"],
    });
    expect(r.outcome).toBe("failure");
    expect(r.userMessage).toContain("turn on View > Advanced Features");
    await step("aduc.setAdvancedFeatures", { enabled: true });
  });

  it("ad.modify reports the DC's LDAP result as the chosen identity", async () => {
    const r = await step("ad.modify", {
      dn: "CN=alice,OU=Staff,DC=contoso,DC=com",
      as: { user: "MSOL_0123456789ab@contoso.com", password: "Msol!Passw0rd#1" },
      changes: [{ operation: "replace", attribute: "unicodePwd", password: ["N3w!Passw0rd#1"] }],
    });
    expect(r).toMatchObject({ outcome: "failure", ldap: { code: 50 } });
    expect(r.ldap?.message).toContain("INSUFF_ACCESS_RIGHTS");
  });

  it("dsacls and PowerShell print their console output", async () => {
    const ps = await step("powershell", "Get-ADSyncADConnectorAccount");
    expect(ps.output).toContain("MSOL_0123456789ab");
    const bad = await step("dsacls", 'dsacls "OU=Nowhere,DC=contoso,DC=com"');
    expect(bad.outcome).toBe("failure");
    expect(bad.output).toContain("The command failed to complete successfully.");
  });

  it("ad.createUser then connect.runSync brings the new user to the cloud", async () => {
    expect(
      (await step("ad.createUser", { name: "henry", parent: "OU=Staff", password: "Str0ng!Passw0rd#9" }))
        .outcome,
    ).toBe("success");
    expect(env.tenant.findUser("henry@contoso.com")).toBeUndefined();
    await step("connect.runSync");
    expect(env.tenant.findUser("henry@contoso.com")?.onPremisesDistinguishedName).toBe(
      "CN=henry,OU=Staff,DC=contoso,DC=com",
    );
  });

  it("user.resetPassword with failed verification never reaches the DC", async () => {
    await step("connect.enableWriteback", {
      admin: "admin@contoso.onmicrosoft.com",
      password: "Gl0bal!Admin#1",
    });
    const r = await step("user.resetPassword", {
      user: "alice@contoso.com",
      newPassword: "N3w!Passw0rd#1",
      verification: "fail",
    });
    expect(r.outcome).toBe("failure");
    expect(r.ldap).toBeUndefined();
    expect(env.eventsSince({ application: 0, security: 0 }).some((e) => e.id === 31001)).toBe(false);
  });
});

describe("on a DC reached over LDAPS (external target)", () => {
  let server: LdapServer;
  let url: string;
  beforeAll(async () => {
    server = createLdapServer(createDirectory({ world: "contoso", personality: "windows" }), {
      ldapsPort: 0,
      ldapPort: 0,
    });
    url = (await server.listen()).ldapsUrl!;
  });
  afterAll(() => server.close());

  it("runs LDAP steps and marks clock and SDProp steps not applicable", async () => {
    const env = await createEnvironment({
      target: url,
      credentials: { admin: "CN=Administrator,CN=Users,DC=contoso,DC=com", adminPassword: "Adm1n!Passw0rd" },
    });
    try {
      expect(env.directory).toBeUndefined();
      expect(env.tenant.findUser("alice@contoso.com")?.onPremisesDistinguishedName).toBe(
        "CN=alice,OU=Staff,DC=contoso,DC=com",
      );
      expect(
        await env.checkAccess(
          "CONTOSO\\MSOL_0123456789ab",
          "CN=alice,OU=Staff,DC=contoso,DC=com",
          "Reset password",
        ),
      ).toBe(false);
      await expect(
        STEP_EXECUTORS["clock.advance"](env, "1h", { kind: "clock.advance", params: "1h", line: 1 }),
      ).rejects.toBeInstanceOf(NotApplicableError);
      await expect(
        STEP_EXECUTORS["ad.runSdProp"](env, null, { kind: "ad.runSdProp", params: null, line: 1 }),
      ).rejects.toBeInstanceOf(NotApplicableError);
    } finally {
      await env.close();
    }
    const scenario = parseScenario(
      [
        "name: needs-time",
        "title: t",
        "description: d",
        "steps:",
        '  - ad.bind: { user: alice@contoso.com, password: "Alice!Passw0rd1" }',
        "    expect: { outcome: success }",
        "  - clock.advance: 65m",
        '  - ad.bind: { user: alice@contoso.com, password: "Alice!Passw0rd1" }',
      ].join("\n"),
    );
    const report = await runScenario(scenario, {
      createEnvironment: () =>
        createEnvironment({
          target: url,
          credentials: {
            admin: "CN=Administrator,CN=Users,DC=contoso,DC=com",
            adminPassword: "Adm1n!Passw0rd",
          },
        }),
      executors: STEP_EXECUTORS,
    });
    expect(report.status).toBe("not-applicable");
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "not-applicable"]);
  });
});
