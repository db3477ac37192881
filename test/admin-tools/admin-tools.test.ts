/**
 * ADUC, dsacls and AdSyncConfig over LDAPS as Administrator, against both the fake DC (windows
 * personality, in-process) and a real Samba 4.17 AD DC (container): the resulting ACEs are read back
 * with the SD-flags control and compared as SDDL. Both DCs must give the same results.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSambaDc } from "../../harness/targets/samba-container.ts";
import { AducConsole, AducError, runDsacls, runPowerShell } from "../../simulator/admin-tools/index.ts";
import { createLdapServer } from "../../simulator/ldap/index.ts";
import { formatSddl } from "../../simulator/security/index.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";

const MSOL = "CONTOSO\\MSOL_0123456789ab";
const USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2";
const RESET = "00299570-246d-11d0-a768-00aa006e0529";
const CHANGE = "ab721a53-1e2f-11d0-9819-00aa0040529b";
const LOCKOUT = "28630ebf-41d5-11d1-a9c1-0000f80367c1";
const PWDLASTSET = "bf967a0a-0de6-11d0-a285-00aa003049e2";

interface Target {
  ldapsUrl: string;
  adminDn: string;
  adminPassword: string;
  domainSid: string;
  stop(): Promise<void>;
}

function fakeDc(personality: "windows" | "samba"): () => Promise<Target> {
  return async () => {
    const dir = createDirectory({ world: "contoso", personality });
    const srv = createLdapServer(dir, { ldapsPort: 0 });
    const { ldapsUrl } = await srv.listen();
    return {
      ldapsUrl: ldapsUrl!,
      adminDn: "CN=Administrator,CN=Users,DC=contoso,DC=com",
      adminPassword: "Adm1n!Passw0rd",
      domainSid: dir.domainSid,
      stop: () => srv.close(),
    };
  };
}

const TARGETS: [string, () => Promise<Target>][] = [
  ["fake DC (windows personality)", fakeDc("windows")],
  ["fake DC (samba personality)", fakeDc("samba")],
  ["Samba 4.17 container", startSambaDc],
];

describe.each(TARGETS)("admin tools against the %s", (_name, start) => {
  let dc: Target;
  let aduc: AducConsole;
  let msolSid: string;
  const base = "DC=contoso,DC=com";
  const alice = `CN=alice,OU=Staff,${base}`;
  const adminSdHolder = `CN=AdminSDHolder,CN=System,${base}`;

  async function sddl(dn: string): Promise<string> {
    return formatSddl(await aduc.readDacl(dn), { domainSid: dc.domainSid });
  }

  beforeAll(async () => {
    dc = await start();
    aduc = await AducConsole.open({ url: dc.ldapsUrl, bindName: dc.adminDn, password: dc.adminPassword });
    msolSid = (await aduc.session.resolvePrincipal(MSOL)).sid;
  });

  afterAll(async () => {
    await aduc?.close();
    await dc?.stop();
  });

  beforeEach(async () => {
    // Every test starts with no explicit connector-account ACE on the root and AdminSDHolder.
    for (const dn of [base, adminSdHolder]) {
      const r = await runDsacls(aduc.session, `dsacls "${dn}" /R ${MSOL}`);
      expect(r.exitCode, r.output.join("\n")).toBe(0);
    }
    aduc.setAdvancedFeatures(false);
  });

  describe("ADUC Advanced Security Settings over LDAP", () => {
    it("has no Security tab until View > Advanced Features is on", async () => {
      await expect(
        aduc.addPermission({
          object: base,
          principal: MSOL,
          appliesTo: "Descendant User objects",
          permissions: ["Reset password"],
        }),
      ).rejects.toThrow(AducError);
      await expect(aduc.listPermissions(base)).rejects.toThrow(/View > Advanced Features/);
    });

    it("grants the four writeback rights on Descendant User objects as four CIIO object ACEs inherited by alice", async () => {
      aduc.setAdvancedFeatures(true);
      await aduc.addPermission({
        object: base,
        principal: MSOL,
        appliesTo: "Descendant User objects",
        permissions: ["Reset password", "Change password"],
        properties: ["Write lockoutTime", "Write pwdLastSet"],
      });
      const root = await sddl(base);
      for (const [right, guid] of [
        ["CR", RESET],
        ["CR", CHANGE],
        ["WP", LOCKOUT],
        ["WP", PWDLASTSET],
      ]) {
        expect(root).toContain(`(OA;CIIO;${right};${guid};${USER_CLASS};${msolSid})`);
        expect(await sddl(alice)).toContain(`(OA;CIID;${right};${guid};${USER_CLASS};${msolSid})`);
      }
      const entries = await aduc.listPermissions(alice);
      expect(
        entries.filter((e) => e.principal === MSOL).map((e) => [e.type, e.access, e.inherited, e.appliesTo]),
      ).toEqual([
        ["Allow", "Reset password", true, "This object and descendant User objects"],
        ["Allow", "Change password", true, "This object and descendant User objects"],
        ["Allow", "Write lockoutTime", true, "This object and descendant User objects"],
        ["Allow", "Write pwdLastSet", true, "This object and descendant User objects"],
      ]);
      const rows = await aduc.effectiveAccess(alice, MSOL);
      expect(rows.filter((r) => r.allowed).map((r) => r.permission)).toEqual(
        expect.arrayContaining([
          "Reset password",
          "Change password",
          "Write lockoutTime",
          "Write pwdLastSet",
        ]),
      );
    });

    it("offers Unexpire Password only where it applies (not on Descendant User objects)", async () => {
      aduc.setAdvancedFeatures(true);
      await expect(
        aduc.addPermission({
          object: base,
          principal: MSOL,
          appliesTo: "Descendant User objects",
          permissions: ["Unexpire Password"],
        }),
      ).rejects.toThrow('"Unexpire Password" is not listed for "Descendant User objects"');
      await aduc.addPermission({
        object: base,
        principal: MSOL,
        appliesTo: "This object and all descendant objects",
        permissions: ["Unexpire Password"],
      });
      expect(await sddl(base)).toContain(`(OA;CI;CR;ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501;;${msolSid})`);
    });

    it("maps the Applies-to options to ACE flags", async () => {
      aduc.setAdvancedFeatures(true);
      await aduc.addPermission({
        object: base,
        principal: MSOL,
        appliesTo: "This object only",
        permissions: ["Reset password"],
      });
      await aduc.addPermission({
        object: base,
        principal: MSOL,
        appliesTo: "This object and all descendant objects",
        properties: ["Write lockoutTime"],
      });
      await aduc.addPermission({
        object: base,
        principal: MSOL,
        appliesTo: "All descendant objects",
        properties: ["Write pwdLastSet"],
      });
      const root = await sddl(base);
      expect(root).toContain(`(OA;;CR;${RESET};;${msolSid})`);
      expect(root).toContain(`(OA;CI;WP;${LOCKOUT};;${msolSid})`);
      expect(root).toContain(`(OA;CIIO;WP;${PWDLASTSET};;${msolSid})`);
      // This-object-only is not inherited: alice's only MSOL ACEs are the two inheritable ones.
      const a = await sddl(alice);
      expect(a).not.toContain(`${RESET};;${msolSid}`);
      expect(a).toContain(`(OA;CIID;WP;${LOCKOUT};;${msolSid})`);
    });

    it("removes an explicit entry, and refuses to remove an inherited one with ADUC's message", async () => {
      aduc.setAdvancedFeatures(true);
      await aduc.addPermission({
        object: base,
        principal: MSOL,
        appliesTo: "Descendant User objects",
        permissions: ["Reset password"],
      });
      await expect(aduc.removePermission({ object: alice, principal: MSOL })).rejects.toThrow(
        "You can't remove CONTOSO\\MSOL_0123456789ab because this object is inheriting permissions from its parent.",
      );
      const r = await aduc.removePermission({
        object: base,
        principal: MSOL,
        appliesTo: "Descendant User objects",
        permissions: ["Reset password"],
      });
      expect(r.removed).toBe(1);
      expect(await sddl(alice)).not.toContain(msolSid);
    });

    it("disables inheritance on OU=Sales (convert) so new root grants miss dave, and re-enables it", async () => {
      aduc.setAdvancedFeatures(true);
      const ou = `OU=Sales,${base}`;
      const dave = `CN=dave,${ou}`;
      await aduc.addPermission({
        object: base,
        principal: MSOL,
        appliesTo: "Descendant User objects",
        permissions: ["Reset password"],
      });
      expect(await sddl(dave)).toContain(msolSid);
      await aduc.disableInheritance(ou, true);
      expect(await sddl(ou)).toMatch(/^D:PAI/);
      const listed = await runPowerShell(
        { session: aduc.session },
        `Get-ADSyncObjectsWithInheritanceDisabled -SearchBase "${base}"`,
      );
      expect(listed.objects.map((o) => o.DistinguishedName)).toEqual([ou]);
      // Converted ACEs are explicit now, so a new root grant no longer reaches dave.
      await runDsacls(aduc.session, `dsacls "${base}" /R ${MSOL}`);
      await aduc.addPermission({
        object: base,
        principal: MSOL,
        appliesTo: "Descendant User objects",
        properties: ["Write pwdLastSet"],
      });
      expect(await sddl(dave)).not.toContain(`${PWDLASTSET};${USER_CLASS};${msolSid}`);
      await aduc.enableInheritance(ou);
      expect(await sddl(dave)).toContain(`(OA;CIID;WP;${PWDLASTSET};${USER_CLASS};${msolSid})`);
      // Take out what "convert" made explicit on the OU.
      await runDsacls(aduc.session, `dsacls "${ou}" /R ${MSOL}`);
    });

    it('writes "User cannot change password" as deny Change Password for SELF and Everyone, first in the DACL', async () => {
      const frank = `CN=frank,OU=Staff,${base}`;
      await aduc.setUserCannotChangePassword("CONTOSO\\frank", true);
      expect(await sddl(frank)).toMatch(
        new RegExp(`^D:AI\\(OD;;CR;${CHANGE};;PS\\)\\(OD;;CR;${CHANGE};;WD\\)`),
      );
      expect(await aduc.getUserCannotChangePassword("CONTOSO\\frank")).toBe(true);
      await aduc.setUserCannotChangePassword("CONTOSO\\frank", false);
      const after = await sddl(frank);
      expect(after).not.toContain("(OD;");
      expect(after).toContain(`(OA;;CR;${CHANGE};;WD)`);
      expect(await aduc.getUserCannotChangePassword("CONTOSO\\frank")).toBe(false);
    });
  });

  describe("dsacls over LDAP", () => {
    it("grants with /G … /I:S and prints the listing as dsacls does", async () => {
      const r = await runDsacls(
        aduc.session,
        `dsacls "${base}" /G "${MSOL}:CA;Reset Password;user" "${MSOL}:RPWP;pwdLastSet;user" /I:S`,
      );
      expect(r.exitCode).toBe(0);
      expect(r.output.at(-1)).toBe("The command completed successfully");
      expect(await sddl(base)).toContain(`(OA;CIIO;RPWP;${PWDLASTSET};${USER_CLASS};${msolSid})`);
      const listing = await runDsacls(aduc.session, `dsacls "${alice}"`);
      expect(listing.output).toContain(
        "Allow CONTOSO\\MSOL_0123456789ab       SPECIAL ACCESS for Reset Password   <Inherited from parent>",
      );
      expect(listing.output).toContain(
        "Allow CONTOSO\\MSOL_0123456789ab       SPECIAL ACCESS for pwdLastSet   <Inherited from parent>",
      );
      expect(listing.output[0]).toBe("Owner: CONTOSO\\Domain Admins");
      expect(listing.output).toContain("Access list:");
    });

    it("prints dsacls' errors", async () => {
      const nobody = await runDsacls(
        aduc.session,
        `dsacls "${base}" /G "CONTOSO\\nobody:CA;Reset Password;user"`,
      );
      expect(nobody).toMatchObject({
        exitCode: 1,
        output: [
          "No mapping between account names and security IDs was done.",
          "The command failed to complete successfully.",
        ],
      });
      const badSwitch = await runDsacls(aduc.session, `dsacls "${base}" /I:X`);
      expect(badSwitch.exitCode).toBe(1);
      expect(badSwitch.output[0]).toMatch(/^The parameter is incorrect\./);
      const missing = await runDsacls(aduc.session, `dsacls "CN=nobody,OU=Staff,${base}"`);
      expect(missing.output).toEqual([
        "There is no such object on the server.",
        "The command failed to complete successfully.",
      ]);
    });
  });

  describe("AdSyncConfig", () => {
    const acl = `"${MSOL}:CA;Reset Password;user" "${MSOL}:WP;lockoutTime;user" "${MSOL}:WP;pwdLastSet;user"`;

    it("Set-ADSyncPasswordWritebackPermissions grants on each domain root only, and echoes dsacls' listing (module ≥ 2.0.3.0)", async () => {
      const r = await runPowerShell(
        { session: aduc.session },
        "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_0123456789ab -ADConnectorAccountDomain contoso.com -Confirm:$false",
      );
      expect(r.success).toBe(true);
      expect(r.dsaclsCommands).toEqual([`dsacls.exe "${base}" /G ${acl} /I:S`]);
      expect(r.output[0]).toBe("Grant permissions on all Domains : AD Domain 'DC=contoso,DC=com'...");
      expect(r.output).toContain("Access list:");
      expect(r.output.at(-1)).toBe("The command completed successfully");
      const root = await sddl(base);
      expect(root).toContain(`(OA;CIIO;CR;${RESET};${USER_CLASS};${msolSid})`);
      expect(root).toContain(`(OA;CIIO;WP;${LOCKOUT};${USER_CLASS};${msolSid})`);
      expect(root).toContain(`(OA;CIIO;WP;${PWDLASTSET};${USER_CLASS};${msolSid})`);
      expect(root).not.toContain(`${CHANGE};${USER_CLASS};${msolSid}`);
      // Only what the root passes down (CIIOID): no explicit ACE of its own on AdminSDHolder.
      expect(await sddl(adminSdHolder)).not.toContain(`(OA;CIIO;CR;${RESET};${USER_CLASS};${msolSid})`);
      await runDsacls(aduc.session, `dsacls "${base}" /R ${MSOL}`);
    });

    it("-IncludeAdminSdHolders adds AdminSDHolder; the pre-2.0.3.0 module does that by default and has -SkipAdminSdHolders", async () => {
      const include = await runPowerShell(
        { session: aduc.session },
        "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_0123456789ab -ADConnectorAccountDomain contoso.com -IncludeAdminSdHolders -Confirm:$false",
      );
      expect(include.dsaclsCommands).toEqual([
        `dsacls.exe "${base}" /G ${acl} /I:S`,
        `dsacls.exe "${adminSdHolder}" /G ${acl} /I:S`,
      ]);
      expect(include.output).toContain(
        "Grant permissions on all Domains : Setting permissions on AdminSDHolder container of 'DC=contoso,DC=com'",
      );
      expect(await sddl(adminSdHolder)).toContain(`(OA;CIIO;CR;${RESET};${USER_CLASS};${msolSid})`);
      const refused = await runPowerShell(
        { session: aduc.session },
        "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_0123456789ab -ADConnectorAccountDomain contoso.com -SkipAdminSdHolders",
      );
      expect(refused.output).toEqual([
        "Set-ADSyncPasswordWritebackPermissions : A parameter cannot be found that matches parameter name 'SkipAdminSdHolders'.",
      ]);
      const legacy = await runPowerShell(
        { session: aduc.session, module: "pre-2.0.3.0" },
        "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountDN 'CN=MSOL_0123456789ab,CN=Users,DC=contoso,DC=com' -SkipAdminSdHolders -Confirm:$false",
      );
      expect(legacy.output.at(-1)).toBe(
        "Grant permissions on all Domains : Skipping permissions on AdminSDHolder container of 'DC=contoso,DC=com'.",
      );
      expect(legacy.dsaclsCommands).toHaveLength(1);
      await runDsacls(aduc.session, `dsacls "${base}" /R ${MSOL}`);
      await runDsacls(aduc.session, `dsacls "${adminSdHolder}" /R ${MSOL}`);
    });

    it("-ADobjectDN: an OU gets /I:S, a user the class-less ACEs with /I:T; a group and the domain root (domainDNS) throw", async () => {
      const onUser = await runPowerShell(
        { session: aduc.session },
        `Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_0123456789ab -ADConnectorAccountDomain contoso.com -ADobjectDN "${alice}" -Confirm:$false`,
      );
      expect(onUser.output[0]).toBe(
        `Grant permissions on AD object : Setting permissions on AD object '${alice}'...`,
      );
      expect(onUser.dsaclsCommands).toEqual([
        `dsacls.exe "${alice}" /G "${MSOL}:CA;Reset Password" "${MSOL}:WP;lockoutTime" "${MSOL}:WP;pwdLastSet" /I:T`,
      ]);
      expect(await sddl(alice)).toContain(`(OA;CI;CR;${RESET};;${msolSid})`);
      await runDsacls(aduc.session, `dsacls "${alice}" /R ${MSOL}`);
      for (const [dn, cls] of [
        [`CN=Domain Admins,CN=Users,${base}`, "group"],
        [base, "domainDNS"],
      ]) {
        const r = await runPowerShell(
          { session: aduc.session },
          `Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_0123456789ab -ADConnectorAccountDomain contoso.com -ADobjectDN "${dn}" -Confirm:$false`,
        );
        expect(r.success).toBe(false);
        expect(r.dsaclsCommands).toEqual([]);
        expect(r.output).toEqual([
          `Grant permissions on AD object : AD permissions are not applicable for AD ObjectClass '${cls}': ${acl}`,
        ]);
      }
    });

    it("reports the module's resolution errors and PowerShell's binder errors", async () => {
      const host = { session: aduc.session };
      expect(
        (
          await runPowerShell(
            host,
            "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName nobody -ADConnectorAccountDomain contoso.com",
          )
        ).output,
      ).toEqual(["Resolve AD object : Unable to find 'nobody' in AD Forest."]);
      expect(
        (
          await runPowerShell(
            host,
            `Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountDN "CN=nobody,CN=Users,${base}"`,
          )
        ).output,
      ).toEqual([
        `Resolve AD object : Unable to get object 'CN=nobody,CN=Users,${base}' in AD Forest. Exception Details: Cannot find an object with identity: 'CN=nobody,CN=Users,${base}' under: '${base}'.`,
      ]);
      expect(
        (
          await runPowerShell(
            host,
            "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_0123456789ab",
          )
        ).output[0],
      ).toBe(
        "Set-ADSyncPasswordWritebackPermissions : Cannot process command because of one or more missing mandatory parameters: ADConnectorAccountDomain.",
      );
      expect((await runPowerShell(host, "Set-ADSyncPasswordWritebackPermissions -Bogus x")).output[0]).toBe(
        "Set-ADSyncPasswordWritebackPermissions : A parameter cannot be found that matches parameter name 'Bogus'.",
      );
      expect((await runPowerShell(host, "Set-ADSyncFoo")).output[0]).toMatch(
        /^Set-ADSyncFoo : The term 'Set-ADSyncFoo' is not recognized/,
      );
      const acct = await runPowerShell(
        {
          ...host,
          connectorAccount: {
            userName: "MSOL_0123456789ab",
            domain: "contoso.com",
            connectorName: "contoso.com",
            forest: "contoso.com",
          },
        },
        "Get-ADSyncADConnectorAccount",
      );
      expect(acct.objects).toEqual([
        {
          ADConnectorName: "contoso.com",
          ADConnectorAccountName: "MSOL_0123456789ab",
          ADConnectorAccountDomain: "contoso.com",
        },
      ]);
      expect(acct.output).toEqual([
        "",
        "ADConnectorName ADConnectorAccountName ADConnectorAccountDomain",
        "--------------- ---------------------- ------------------------",
        "contoso.com     MSOL_0123456789ab      contoso.com",
        "",
      ]);
    });
  });
});
