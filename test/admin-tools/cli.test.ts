/** `wbsim dsacls` and `wbsim powershell` as processes, against the fake DC over LDAPS. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLdapServer, type LdapServer } from "../../simulator/ldap/index.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";
import { runWbsim } from "../support/wbsim.ts";

let srv: LdapServer;
let url: string;

beforeAll(async () => {
  srv = createLdapServer(createDirectory({ world: "contoso", personality: "windows" }), { ldapsPort: 0 });
  url = (await srv.listen()).ldapsUrl!;
});

afterAll(async () => {
  await srv?.close();
});

describe("wbsim dsacls / wbsim powershell", () => {
  it("grants with dsacls and prints dsacls' listing; the password never appears in the output", async () => {
    const r = await runWbsim(
      [
        "dsacls",
        "--url",
        url,
        "--",
        "DC=contoso,DC=com",
        "/G",
        "CONTOSO\\MSOL_0123456789ab:CA;Reset Password;user",
        "/I:S",
      ],
      { env: { WBSIM_ADMIN_PASSWORD: "Adm1n!Passw0rd" } },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Inherited to user");
    expect(r.stdout).toContain("Allow CONTOSO\\MSOL_0123456789ab       SPECIAL ACCESS for Reset Password");
    expect(r.stdout.trimEnd().endsWith("The command completed successfully")).toBe(true);
    expect(r.stdout + r.stderr).not.toContain("Adm1n!Passw0rd");
  });

  const ps = (line: string, ...opts: string[]) =>
    runWbsim(["powershell", "--url", url, ...opts, line], {
      env: { WBSIM_ADMIN_PASSWORD: "Adm1n!Passw0rd" },
    });
  const GRANT =
    "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_0123456789ab -ADConnectorAccountDomain contoso.com";
  const ACL =
    '"CONTOSO\\MSOL_0123456789ab:CA;Reset Password;user" "CONTOSO\\MSOL_0123456789ab:WP;lockoutTime;user" "CONTOSO\\MSOL_0123456789ab:WP;pwdLastSet;user"';
  const PROMPT = [
    "",
    "Confirm",
    "Are you sure you want to perform this action?",
    'Performing the operation "Grant Password Writeback permissions" on target "contoso.com".',
  ].join("\n");
  const CHOICES = '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ';

  it("-WhatIf prints one What if line per domain (FQDN) and nothing else", async () => {
    const r = await ps(`${GRANT} -WhatIf`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'What if: Performing the operation "Grant Password Writeback permissions" on target "contoso.com".\n',
    );
    expect(r.stderr).toBe("");
  });

  it("asks for confirmation per domain (ConfirmImpact High): N skips the domain, Y grants and echoes dsacls", async () => {
    const no = await ps(GRANT, "--answer", "N");
    expect(no.code).toBe(0);
    expect(no.stdout).toBe(`${PROMPT}\n${CHOICES}N\n`);
    expect(no.stderr).toBe("");
    const yes = await ps(GRANT, "--answer", "y");
    expect(yes.code).toBe(0);
    expect(
      yes.stdout.startsWith(
        `${PROMPT}\n${CHOICES}Y\nGrant permissions on all Domains : AD Domain 'DC=contoso,DC=com'...\nOwner: `,
      ),
    ).toBe(true);
    expect(yes.stdout).toContain("Allow CONTOSO\\MSOL_0123456789ab       SPECIAL ACCESS for Reset Password");
    expect(yes.stdout.trimEnd().endsWith("The command completed successfully")).toBe(true);
    expect(yes.stdout).not.toContain("AdminSDHolder");
    expect(yes.stderr).toBe(`> dsacls.exe "DC=contoso,DC=com" /G ${ACL} /I:S\n`);
  });

  it("stops without an answer to give, as a non-interactive powershell.exe does", async () => {
    const r = await ps(GRANT);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `${PROMPT}\nPowerShell is in NonInteractive mode. Read and Prompt functionality is not available.\n`,
    );
  });

  it("-SkipAdminSdHolders is refused by the current module and still works with --module pre-2.0.3.0", async () => {
    const refused = await ps(`${GRANT} -SkipAdminSdHolders -Confirm:$false`);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe(
      "Set-ADSyncPasswordWritebackPermissions : A parameter cannot be found that matches parameter name 'SkipAdminSdHolders'.\n",
    );
    const legacy = await ps(`${GRANT} -SkipAdminSdHolders -Confirm:$false`, "--module", "pre-2.0.3.0");
    expect(legacy.code).toBe(0);
    expect(legacy.stdout.trimEnd().split("\n").at(-1)).toBe(
      "Grant permissions on all Domains : Skipping permissions on AdminSDHolder container of 'DC=contoso,DC=com'.",
    );
  });

  it("-ADobjectDN on the domain root throws the module's domainDNS error", async () => {
    const r = await ps(`${GRANT} -ADobjectDN 'DC=contoso,DC=com' -Confirm:$false`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `Grant permissions on AD object : AD permissions are not applicable for AD ObjectClass 'domainDNS': ${ACL}\n`,
    );
    expect(r.stderr).toBe("");
  });

  it("Get-ADSyncADConnectorAccount off a Connect server writes the module's non-terminating error", async () => {
    const r = await ps("Get-ADSyncADConnectorAccount");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "Get-ADSyncADConnectorAccount : Failure calling 'Get-ADSyncConnector' cmdlet. This function can only be executed with AAD Connect installed.\n",
    );
  });

  it("Show-ADSyncADObjectPermissions prints the listing, and throws dsacls' failure", async () => {
    const ok = await ps("Show-ADSyncADObjectPermissions -ADobjectDN 'OU=Staff,DC=contoso,DC=com'");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("Access list:");
    const missing = await ps("Show-ADSyncADObjectPermissions 'OU=Nowhere,DC=contoso,DC=com'");
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe(
      "Get-ADSyncADObjectPermissions : There is no such object on the server. The command failed to complete successfully.\n",
    );
  });

  it("exits 1 when the tool fails and 2 when the sign-in fails", async () => {
    const failed = await runWbsim([
      "dsacls",
      "--url",
      url,
      "--password",
      "Adm1n!Passw0rd",
      "--",
      "DC=contoso,DC=com",
      "/G",
      "CONTOSO\\nobody:GR",
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe(
      "No mapping between account names and security IDs was done.\nThe command failed to complete successfully.\n",
    );
    const denied = await runWbsim(["dsacls", "--url", url, "--password", "wrong", "--", "DC=contoso,DC=com"]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(
      /^wbsim: cannot sign in to ldaps:\/\/127\.0\.0\.1:\d+ as CONTOSO\\Administrator: bind failed: 49 invalidCredentials/,
    );
    expect(denied.stderr).not.toContain("wrong");
  });
});
