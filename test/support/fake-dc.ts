/**
 * The fake DC (directory + LDAP/LDAPS server) started in-process on ephemeral loopback ports, shaped
 * like the Samba container (a ConformanceTarget: URLs, base DN, domain SID, Administrator) so the
 * same operations and real clients run against either.
 *
 *   startFakeDc({ personality, world?, allowCleartextSimpleBind?, labExtras? }): Promise<FakeDc>
 *
 * `labExtras` applies what the Samba image's populate.sh does beyond the `contoso` world (minPwdAge 0, OU=Blocked,
 * erin, gina in Domain Admins), over LDAPS as Administrator, as populate.sh does.
 */
import { Attribute, Change, Client } from "ldapts";
import type { Directory } from "../../simulator/directory/index.ts";
import type { InternalErrorReporter } from "../../simulator/ldap/index.ts";
import { createLdapServer } from "../../simulator/ldap/index.ts";
import { CONTOSO_ACCOUNTS } from "../../simulator/worlds/contoso.ts";
import { createDirectory, type WorldName } from "../../simulator/worlds/index.ts";

export interface FakeDcOptions {
  personality: "windows" | "samba";
  world?: WorldName;
  allowCleartextSimpleBind?: boolean;
  /** Set minPwdAge 0 and create OU=Blocked, erin and gina (Domain Admins), as the Samba image does. */
  labExtras?: boolean;
}

export interface FakeDc {
  ldapUrl: string;
  ldapsUrl: string;
  baseDn: string;
  domainSid: string;
  adminDn: string;
  adminPassword: string;
  directory: Directory;
  /** Non-DirectoryError exceptions the server caught (a test should expect none). */
  internalErrors: unknown[];
  close(): Promise<void>;
}

export const LAB_EXTRA_USERS = [
  { name: "erin", parent: "OU=Blocked", password: "Erin!Passw0rd1" },
  { name: "gina", parent: "OU=Admins", password: "Gina!Passw0rd1" },
] as const;

export async function startFakeDc(opts: FakeDcOptions): Promise<FakeDc> {
  const directory = createDirectory({
    world: opts.world ?? "contoso",
    personality: opts.personality,
    allowCleartextSimpleBind: opts.allowCleartextSimpleBind,
  });
  const internalErrors: unknown[] = [];
  const onInternalError: InternalErrorReporter = (e) => {
    internalErrors.push(e);
  };
  const server = createLdapServer(directory, {
    host: "127.0.0.1",
    ldapPort: 0,
    ldapsPort: 0,
    onInternalError,
  });
  const { ldapUrl, ldapsUrl } = await server.listen();
  if (!ldapUrl || !ldapsUrl) throw new Error("the fake DC did not open both listeners");
  const admin = CONTOSO_ACCOUNTS.find((a) => a.name === "Administrator")!;
  const dc: FakeDc = {
    ldapUrl,
    ldapsUrl,
    baseDn: directory.baseDn,
    domainSid: directory.domainSid,
    adminDn: `CN=Administrator,CN=Users,${directory.baseDn}`,
    adminPassword: admin.password,
    directory,
    internalErrors,
    close: () => server.close(),
  };
  if (opts.labExtras) {
    try {
      await addLabExtras(dc);
    } catch (e) {
      await dc.close();
      throw e;
    }
  }
  return dc;
}

/** populate.sh's additions, as Administrator over LDAPS (so the owner is Domain Admins, as there). */
async function addLabExtras(dc: FakeDc): Promise<void> {
  const c = new Client({ url: dc.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
  try {
    await c.bind(dc.adminDn, dc.adminPassword);
    // populate.sh: `samba-tool domain passwordsettings set --min-pwd-age=0` (the matrix's policy).
    await c.modify(
      dc.baseDn,
      new Change({ operation: "replace", modification: new Attribute({ type: "minPwdAge", values: ["0"] }) }),
    );
    await c.add(`OU=Blocked,${dc.baseDn}`, { objectClass: ["top", "organizationalUnit"], ou: "Blocked" });
    const realm = dc.baseDn
      .split(",")
      .map((p) => p.split("=")[1])
      .join(".");
    for (const u of LAB_EXTRA_USERS) {
      await c.add(`CN=${u.name},${u.parent},${dc.baseDn}`, [
        new Attribute({ type: "objectClass", values: ["top", "person", "organizationalPerson", "user"] }),
        new Attribute({ type: "sAMAccountName", values: [u.name] }),
        new Attribute({ type: "userPrincipalName", values: [`${u.name}@${realm}`] }),
        new Attribute({ type: "userAccountControl", values: ["512"] }),
        new Attribute({ type: "unicodePwd", values: [Buffer.from(`"${u.password}"`, "utf16le")] }),
      ]);
    }
    await c.modify(
      `CN=Domain Admins,CN=Users,${dc.baseDn}`,
      new Change({
        operation: "add",
        modification: new Attribute({ type: "member", values: [`CN=gina,OU=Admins,${dc.baseDn}`] }),
      }),
    );
  } finally {
    await c.unbind().catch(() => undefined);
  }
}
