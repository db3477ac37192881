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

  it("runs Set-ADSyncPasswordWritebackPermissions and shows the dsacls commands it issued", async () => {
    const r = await runWbsim(
      [
        "powershell",
        "--url",
        url,
        "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_0123456789ab -ADConnectorAccountDomain contoso.com -SkipAdminSdHolders",
      ],
      { env: { WBSIM_ADMIN_PASSWORD: "Adm1n!Passw0rd" } },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Grant permissions on all Domains : AD Domain 'DC=contoso,DC=com'...\nGrant permissions on all Domains : Skipping permissions on AdminSDHolder container of 'DC=contoso,DC=com'.\n",
    );
    expect(r.stderr).toContain(
      '> dsacls.exe "DC=contoso,DC=com" /G "CONTOSO\\MSOL_0123456789ab:CA;Reset Password;user"',
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
