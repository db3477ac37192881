/**
 * Express installation's AD DS connector account: Connect creates MSOL_<12 hex> in the forest-root
 * domain's Users container as the enterprise admin the installer typed, and grants it the express
 * permissions ([ACCTS]): Replicating Directory Changes (+ All) on the domain root, Read/Write all
 * properties on Descendant User/iNetOrgPerson/Group/Contact objects, and Reset password on Descendant
 * User objects ("Preparation for enabling password writeback"). All over LDAP, like the installer:
 * it writes the domain root's DACL itself (read with the SD-flags control, ACEs added in canonical
 * order, written back), one grant at a time; it does not drive the ADUC console.
 */
import { randomBytes } from "node:crypto";
import { Attribute } from "ldapts";
import type { SeededIds } from "../../clock/seeded-ids.ts";
import type { ConnectionOptions } from "../../ldap-client/connection.ts";
import { SdFlags } from "../../ldap-client/controls.ts";
import { DirectorySession } from "../../ldap-client/directory-session.ts";
import { quotedUnicodePwd } from "../../ldap-client/values.ts";
import { addAces, allowOrDenyAce } from "../../security/acl-edit.ts";
import { findClass, findExtendedRight } from "../../security/schema.ts";
import { AceFlag, AdRight, type KnownAce } from "../../security/types.ts";

export interface ExpressAccount {
  samAccountName: string;
  dn: string;
  userPrincipalName: string;
  /** Generated, held only in memory (the real one is in the ADSync service's encrypted config). */
  password: string;
}

const rightGuid = (name: string) => findExtendedRight(name)!.rightsGuid;
const classGuid = (name: string) => findClass(name)!.schemaIdGuid;
/** "Descendant <class> objects": inherit-only to containers' children of that class (MS-ADTS 5.1.3.3.2). */
const DESCENDANT = AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY;

/** The express grants on the domain root, each one DACL write, in the installer's order. */
function expressGrants(sid: string): KnownAce[][] {
  const ace = (a: Omit<Parameters<typeof allowOrDenyAce>[0], "deny" | "sid">) =>
    allowOrDenyAce({ deny: false, sid, ...a });
  return [
    ["Replicating Directory Changes", "Replicating Directory Changes All"].map((r) =>
      ace({ mask: AdRight.CONTROL_ACCESS, flags: 0, objectType: rightGuid(r) }),
    ),
    ...["user", "inetOrgPerson", "group", "contact"].map((cls) => [
      ace({
        mask: AdRight.READ_PROPERTY | AdRight.WRITE_PROPERTY,
        flags: DESCENDANT,
        inheritedObjectType: classGuid(cls),
      }),
    ]),
    [
      ace({
        mask: AdRight.CONTROL_ACCESS,
        flags: DESCENDANT,
        objectType: rightGuid("Reset password"),
        inheritedObjectType: classGuid("user"),
      }),
    ],
  ];
}

export async function createExpressConnectorAccount(
  enterpriseAdmin: ConnectionOptions,
  ids: SeededIds,
): Promise<ExpressAccount> {
  const session = await DirectorySession.open(enterpriseAdmin);
  try {
    const d = await session.domainInfo();
    const sam = `MSOL_${ids.hex(12)}`;
    const dn = `CN=${sam},CN=Users,${d.defaultNamingContext}`;
    // Key material: crypto randomness, never in a transcript. Meets any complexity policy.
    const password = `${randomBytes(24).toString("base64url")}aA1!`;
    const upn = `${sam}@${d.dnsName}`;
    await session.client.add(dn, [
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
    const { sid } = await session.resolvePrincipal(`${d.netbiosName}\\${sam}`);
    const root = d.defaultNamingContext;
    for (const aces of expressGrants(sid)) {
      const sd = addAces(await session.readSecurityDescriptor(root, SdFlags.DACL), aces);
      await session.writeSecurityDescriptor(root, sd, SdFlags.DACL);
    }
    return { samAccountName: sam, dn, userPrincipalName: upn, password };
  } finally {
    await session.close();
  }
}
