/**
 * The Connect configuration wizard and server over the real pieces: the cloud core (contoso tenant),
 * the fake DC over LDAPS, the relay. Pages, errors, events and the resulting writeback path.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SeededIds } from "../../simulator/clock/seeded-ids.ts";
import type { Cloud } from "../../simulator/cloud/core/cloud.ts";
import { createContosoCloud } from "../../simulator/cloud/core/contoso.ts";
import { ROLE } from "../../simulator/cloud/core/directory-roles.ts";
import type { Tenant } from "../../simulator/cloud/core/tenant.ts";
import { verdictOf, writebackDraft } from "../../simulator/cloud/core/writeback-dispatch.ts";
import {
  ConfigurationWizard,
  ConnectServer,
  disableWriteback,
  enableWriteback,
  PRIVILEGED_CONNECTOR_REFUSAL,
  viewConfiguration,
  WIZARD_MESSAGES,
  WizardError,
} from "../../simulator/connect/index.ts";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import { anchorOf, grantConnectorWriteback, openAduc } from "../support/writeback-setup.ts";

const ADMIN = { admin: "admin@contoso.onmicrosoft.com", password: "Gl0bal!Admin#1" };
let dc: FakeDc;
let cloud: Cloud;
let tenant: Tenant;
let server: ConnectServer;

beforeAll(async () => {
  dc = await startFakeDc({ personality: "windows" });
});

afterAll(async () => {
  await dc?.close();
});

beforeEach(async () => {
  ({ cloud, tenant } = createContosoCloud({ clock: dc.directory.clock, syncedUsers: false }));
  server = await ConnectServer.install({
    cloud,
    tenantId: tenant.id,
    clock: dc.directory.clock,
    ids: new SeededIds("wizard-test"),
    dcUrl: dc.ldapsUrl,
    plainDcUrl: dc.ldapUrl,
  });
});

afterEach(async () => {
  await server?.close();
});

describe("Connect server and configuration wizard", () => {
  it("syncs AD users into the tenant with sourceAnchor = base64 objectGUID", async () => {
    const run = await server.runSync();
    const alice = tenant.findUser("alice@contoso.com");
    expect(alice).toBeDefined();
    const aduc = await openAduc(dc.ldapsUrl);
    const anchor = await anchorOf(aduc, "CN=alice,OU=Staff,DC=contoso,DC=com");
    await aduc.close();
    expect(alice!.onPremisesImmutableId).toBe(anchor);
    expect(alice!.onPremisesSamAccountName).toBe("alice");
    expect(alice!.onPremisesDistinguishedName).toBe("CN=alice,OU=Staff,DC=contoso,DC=com");
    expect(alice!.onPremisesSecurityIdentifier).toMatch(/^S-1-5-21-1004336348-1177238915-682003330-\d+$/);
    expect(run.exported.map((e) => e.userPrincipalName)).not.toContain("MSOL_0123456789ab@contoso.com");
  });

  it("walks the enable-writeback pages, onboards (31004, 31017, 31018, 31005, 31015, then 656/657 once per synced user) and writes back", async () => {
    await server.runSync();
    const r = await enableWriteback(server, ADMIN);
    expect(r.pages.map((p) => p.page)).toEqual([
      "Welcome",
      "Additional tasks",
      "Connect to Azure AD",
      "Connect your directories",
      "Domain and OU filtering",
      "Optional features",
      "Ready to configure",
      "Configuration complete",
    ]);
    expect(r.ok).toBe(true);
    expect(r.pages[0].buttons).toEqual(["Exit", "Configure"]); // TUT: "On the Welcome page, select Configure"
    const ids = server.events.all().map((e) => e.id);
    expect(ids.slice(0, 5)).toEqual([31004, 31017, 31018, 31005, 31015]);
    // TUT: enabling writeback the first time may log 656 and 657 for users whose password did not change.
    const synced = tenant.listUsers().filter((u) => u.onPremisesSyncEnabled);
    expect(ids.slice(5)).toEqual(synced.flatMap(() => [656, 657]));
    const alice0 = tenant.findUser("alice@contoso.com")!;
    expect(server.events.query({ id: 657 }).map((e) => e.text)).toContain(
      `Password Change Result - Anchor : ${alice0.onPremisesImmutableId}, Dn : CN=alice,OU=Staff,DC=contoso,DC=com, Result : Success.`,
    );
    // Only the first time.
    await disableWriteback(server, ADMIN);
    const mark = server.events.lastRecordId();
    await enableWriteback(server, ADMIN);
    expect(server.events.query({ afterRecord: mark }).map((e) => e.id)).not.toContain(656);
    expect(cloud.relay.health(tenant.id).configured).toBe(true);

    // The connector account has no grants in `contoso`: the first reset fails with 33004.
    const alice = tenant.findUser("alice@contoso.com")!;
    const denied = await cloud.relay.submit(
      tenant.id,
      writebackDraft(alice, "reset", "sspr", { newPassword: "N3w!Passw0rd#1" }),
    );
    expect(verdictOf(denied)).toBe("adminActionRequired");
    expect(server.events.query({ id: 33004 })).toHaveLength(1);

    const aduc = await openAduc(dc.ldapsUrl);
    await grantConnectorWriteback(aduc);
    await aduc.close();
    const ok = await cloud.relay.submit(
      tenant.id,
      writebackDraft(alice, "reset", "sspr", { newPassword: "N3w!Passw0rd#2" }),
    );
    expect(verdictOf(ok)).toBe("success");
    expect(server.events.query({ id: 31002 })).toHaveLength(1);
  });

  it("shows Synchronized Directories with the connector account in View current configuration", async () => {
    const v = await viewConfiguration(server);
    expect(v.page).toBe("View or Export Current Configuration");
    expect(v.content["Synchronized Directories"]).toEqual([
      { forest: "contoso.com", account: "CONTOSO\\MSOL_0123456789ab" },
    ]);
    expect(v.content["Password writeback"]).toBe("Disabled");
  });

  it("keeps the admin on Connect to Azure AD for a wrong password or a non-Global-Administrator", async () => {
    const wrong = await enableWriteback(server, { ...ADMIN, password: "nope" });
    expect(wrong.final).toMatchObject({
      page: "Connect to Azure AD",
      error: WIZARD_MESSAGES.passwordNotVerified,
    });
    const helpdesk = await enableWriteback(server, {
      admin: "helpdesk@contoso.onmicrosoft.com",
      password: "Helpd3sk!Admin#1",
    });
    expect(helpdesk.final.page).toBe("Connect to Azure AD");
    expect(helpdesk.final.error).toContain("Global Administrator role needed");
    expect(server.events.all()).toHaveLength(0);
  });

  it("asks an MFA-enabled admin for the code the tenant sent", async () => {
    const admin = tenant.findUser(ADMIN.admin)!;
    tenant.setMfaRequired(admin.id, true);
    const bad = await enableWriteback(server, { ...ADMIN, mfaCode: "000000x" });
    expect(bad.final).toMatchObject({
      page: "Multi-factor authentication",
      error: WIZARD_MESSAGES.mfaCodeInvalid,
    });
    const good = await enableWriteback(server, ADMIN);
    expect(good.pages.map((p) => p.page)).toContain("Multi-factor authentication");
    expect(good.ok).toBe(true);
  });

  it("fails at Configure for a federated admin (32009) and for an unlicensed one (license message)", async () => {
    const fed = tenant.createCloudUser({
      userPrincipalName: "fedadmin@contoso.com",
      displayName: "Federated admin",
      password: "Fed!Admin#123",
      roles: [ROLE.globalAdministrator],
      federated: true,
    });
    const r1 = await enableWriteback(server, { admin: fed.userPrincipalName, password: "Fed!Admin#123" });
    expect(r1.final).toMatchObject({
      page: "Configuration complete",
      error: WIZARD_MESSAGES.writebackAuthTokenFailed,
    });
    expect(server.events.query({ id: 32009 })[0].text).toContain("Error getting auth token.");
    expect(cloud.relay.health(tenant.id).configured).toBe(false);

    const admin = tenant.findUser(ADMIN.admin)!;
    tenant.removeLicense(admin.id);
    const r2 = await enableWriteback(server, ADMIN);
    expect(r2.final).toMatchObject({
      page: "Configuration complete",
      error: "Unable to configure password writeback. Ensure you have the required license.",
    });
    expect(cloud.relay.health(tenant.id).configured).toBe(false);
    // SA-UNABLE: the license message comes with 6306, 6800, 32001 and 31044 (one TrackingId for the last two).
    const onboarding = server.events.all().slice(-6);
    expect(onboarding.map((e) => e.id)).toEqual([31004, 31017, 6306, 6800, 32001, 31044]);
    expect(onboarding[3].text).toBe(
      'The password management extension encountered an error.\r\n The stack trace is:\r\n ""Couldn\'t connect to any service bus endpoint(s)',
    );
    const tracking = /^TrackingId: ([0-9a-f-]{36}), /.exec(onboarding[4].text)![1];
    expect(onboarding[5].text).toBe(
      `TrackingId: ${tracking}, Password writeback service is not in a healthy state. No serviceHost for service bus endpoints are in running state. Please refer aka.ms/ssprtroubleshoot, Details: Version: 5.0.0.686`,
    );
  });

  it("accepts a Hybrid Identity Administrator (TUT 05/2026); the Global-Administrator-only build refuses one on Optional features", async () => {
    const hia = tenant.createCloudUser({
      userPrincipalName: "hybrid@contoso.onmicrosoft.com",
      displayName: "Hybrid admin",
      password: "Hybr1d!Admin#1",
      roles: [ROLE.hybridIdentityAdministrator],
    });
    const creds = { admin: hia.userPrincipalName, password: "Hybr1d!Admin#1" };
    await server.setServerOptions({ writebackOnboardingRole: "globalAdministrator" });
    const refused = await enableWriteback(server, creds);
    expect(refused.final).toMatchObject({
      page: "Optional features",
      error:
        "Microsoft Entra Global Administrator role needed. The user was authenticated successfully, but the user isn't assigned the Global Administrator role.",
    });
    await server.setServerOptions({ writebackOnboardingRole: "hybridIdentityAdministrator" });
    expect((await enableWriteback(server, creds)).ok).toBe(true);
  });

  it("shows Directory extensions after Optional features when that feature is ticked, and names the task View or Export Current Configuration", async () => {
    const wiz = ConfigurationWizard.open(server);
    expect((await wiz.configure()).page).toBe("Additional tasks"); // Welcome's button is Configure
    expect(wiz.view().content.tasks).toContain("View or Export Current Configuration");
    await wiz.next({ task: "Customize synchronization options" });
    await wiz.next({ username: ADMIN.admin, password: ADMIN.password });
    await wiz.next();
    await wiz.next();
    const ext = await wiz.next({ directoryExtensions: true });
    expect(ext.page).toBe("Directory extensions");
    expect(ext.buttons).toEqual(["Back", "Next"]);
    expect((await wiz.next()).page).toBe("Ready to configure");
    expect(wiz.back().page).toBe("Directory extensions");
    wiz.exit();
    const old = ConfigurationWizard.open(server);
    await old.next();
    expect((await old.next({ task: "View current configuration" })).page).toBe(
      "View or Export Current Configuration",
    );
    old.exit();
  });

  it("supports Back and Next, refuses to start during a sync run, and disables writeback (31012, 31013)", async () => {
    const wiz = ConfigurationWizard.open(server);
    await wiz.next();
    await wiz.next({ task: "Customize synchronization options" });
    expect(wiz.back().page).toBe("Additional tasks");
    expect(wiz.back().page).toBe("Welcome");
    expect(() => wiz.back()).toThrow(WizardError);
    wiz.exit();

    server.syncRunInProgress = true;
    expect(() => ConfigurationWizard.open(server)).toThrow(WIZARD_MESSAGES.syncRunInProgress);
    server.syncRunInProgress = false;

    expect((await enableWriteback(server, ADMIN)).ok).toBe(true);
    const mark = server.events.lastRecordId();
    const off = await disableWriteback(server, ADMIN);
    expect(off.ok).toBe(true);
    expect(server.events.query({ afterRecord: mark }).map((e) => e.id)).toEqual([31012, 31013]);
    expect(cloud.relay.health(tenant.id).configured).toBe(false);
  });

  it("stopping the service stops deliveries (31016) and starting it brings writeback back (31015)", async () => {
    await server.runSync();
    await enableWriteback(server, ADMIN);
    await server.stopService();
    expect(server.events.all().at(-1)?.id).toBe(31016);
    const alice = tenant.findUser("alice@contoso.com")!;
    const lost = await cloud.relay.submit(
      tenant.id,
      writebackDraft(alice, "reset", "sspr", { newPassword: "N3w!Passw0rd#3" }),
    );
    expect(lost.status).toBe("expired");
    expect(verdictOf(lost)).toBe("connectivity");
    server.startService();
    expect(server.events.all().at(-1)?.id).toBe(31015);
    const back = await cloud.relay.submit(
      tenant.id,
      writebackDraft(alice, "reset", "sspr", { newPassword: "N3w!Passw0rd#4" }),
    );
    expect(back.status).toBe("answered");
  });

  it("logs 32002 and 31044 when the Service Bus is unreachable, and a 31019 heartbeat when it is back", async () => {
    await enableWriteback(server, ADMIN);
    const mark = server.events.lastRecordId();
    cloud.relay.setFaults(tenant.id, { relayUnreachable: true });
    server.checkRelayConnection();
    dc.directory.clock.advance(5 * 60_000); // the next heartbeat fails again: 32002 only
    const down = server.events.query({ afterRecord: mark });
    expect(down.map((e) => e.id)).toEqual([32002, 31044, 32002]);
    expect(down[0].text).toContain(
      "Error Connecting to ServiceBus. The token provider was unable to provide a security token.",
    );
    expect(down[1].text).toContain("No serviceHost for service bus endpoints are in running state.");
    cloud.relay.setFaults(tenant.id, { relayUnreachable: false });
    dc.directory.clock.advance(5 * 60_000);
    expect(server.events.all().at(-1)?.id).toBe(31019);
  });

  it("refuses a Domain Admin as the existing AD DS connector account ([CUSTOM], case 29)", async () => {
    await expect(
      ConnectServer.install({
        cloud,
        tenantId: tenant.id,
        clock: dc.directory.clock,
        ids: new SeededIds("wizard-test-da"),
        dcUrl: dc.ldapsUrl,
        connectorAccount: {
          userName: "Administrator",
          domain: "CONTOSO",
          bindName: "CONTOSO\\Administrator",
          password: "Adm1n!Passw0rd",
        },
      }),
    ).rejects.toThrow(PRIVILEGED_CONNECTOR_REFUSAL);
  });
});
