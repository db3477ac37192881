/**
 * Express installation's AD DS connector account: Connect creates MSOL_<12 hex> in the forest-root
 * domain's Users container as the enterprise admin the installer typed, and grants it the express
 * permissions ([ACCTS]): Replicating Directory Changes (+ All) on the domain root, Read/Write all
 * properties on Descendant User/iNetOrgPerson/Group/Contact objects, and Reset password on Descendant
 * User objects ("Preparation for enabling password writeback"). All over LDAP, like the installer.
 */
import { randomBytes } from "node:crypto";
import { Attribute } from "ldapts";
import { AducConsole } from "../../admin-tools/aduc/aduc-console.ts";
import type { SeededIds } from "../../clock/seeded-ids.ts";
import type { ConnectionOptions } from "../ldap/connection.ts";
import { quotedUnicodePwd } from "../ldap/values.ts";

export interface ExpressAccount {
  samAccountName: string;
  dn: string;
  userPrincipalName: string;
  /** Generated, held only in memory (the real one is in the ADSync service's encrypted config). */
  password: string;
}

export async function createExpressConnectorAccount(
  enterpriseAdmin: ConnectionOptions,
  ids: SeededIds,
): Promise<ExpressAccount> {
  const aduc = await AducConsole.open(enterpriseAdmin);
  try {
    const d = await aduc.session.domainInfo();
    const sam = `MSOL_${ids.hex(12)}`;
    const dn = `CN=${sam},CN=Users,${d.defaultNamingContext}`;
    // Key material: crypto randomness, never in a transcript. Meets any complexity policy.
    const password = `${randomBytes(24).toString("base64url")}aA1!`;
    const upn = `${sam}@${d.dnsName}`;
    await aduc.session.client.add(dn, [
      new Attribute({ type: "objectClass", values: ["top", "person", "organizationalPerson", "user"] }),
      new Attribute({ type: "cn", values: [sam] }),
      new Attribute({ type: "sAMAccountName", values: [sam] }),
      new Attribute({ type: "userPrincipalName", values: [upn] }),
      new Attribute({
        type: "description",
        values: ["Account created by Microsoft Azure Active Directory Connect"],
      }),
      new Attribute({ type: "unicodePwd", values: [quotedUnicodePwd(password)] }),
      // NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD (66048), as on the lab's MSOL account.
      new Attribute({ type: "userAccountControl", values: ["66048"] }),
    ]);
    aduc.setAdvancedFeatures(true);
    const root = d.defaultNamingContext;
    const principal = `${d.netbiosName}\\${sam}`;
    await aduc.addPermission({
      object: root,
      principal,
      appliesTo: "This object only",
      permissions: ["Replicating Directory Changes", "Replicating Directory Changes All"],
    });
    for (const cls of ["User", "InetOrgPerson", "Group", "Contact"]) {
      await aduc.addPermission({
        object: root,
        principal,
        appliesTo: `Descendant ${cls} objects`,
        permissions: ["Read all properties", "Write all properties"],
      });
    }
    await aduc.addPermission({
      object: root,
      principal,
      appliesTo: "Descendant User objects",
      permissions: ["Reset password"],
    });
    return { samAccountName: sam, dn, userPrincipalName: upn, password };
  } finally {
    await aduc.close();
  }
}
