/** LDIF export/import, LDIF worlds, and --state persistence across a restart. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { directoryToLdif, parseLdif } from "../../simulator/directory/index.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";
import { ALICE, attempt, BASE, fresh, lab, pw, replace, s } from "./helpers.ts";

const WORLD = `version: 1

dn: DC=fabrikam,DC=test
objectClass: domainDNS
objectSid: S-1-5-21-1-2-3
minPwdLength: 7
pwdProperties: 1
nTSecurityDescriptor: O:BAG:BAD:AI(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;CI;RPWPCRCCDCLCLORCWOWDSDDTSW;;;EA)(A;;RPLCLORC;;;AU)(A;CI;LC;;;RU)

dn: CN=Users,DC=fabrikam,DC=test
objectClass: container

dn: CN=Admins,CN=Users,DC=fabrikam,DC=test
objectClass: group
objectSid: S-1-5-21-1-2-3-512
member: CN=ann,CN=Users,DC=fabrikam,DC=test

dn: CN=ann,CN=Users,DC=fabrikam,DC=test
objectClass: user
sAMAccountName: ann
userPrincipalName: ann@fabrikam.test
userAccountControl: 512
unicodePwd:: ${Buffer.from('"Ann!Passw0rd1"', "utf16le").toString("base64")}
description:: ${Buffer.from(" leading space").toString("base64")}
`;

describe("LDIF", () => {
  it("parses folded lines, base64 values and modify records", () => {
    const recs = parseLdif(
      "dn: CN=a,\n DC=x\nchangetype: modify\nreplace: description\ndescription:: aGk=\n-\n",
    );
    expect(recs).toEqual([
      {
        kind: "modify",
        dn: "CN=a,DC=x",
        line: 1,
        changes: [
          { operation: "replace", modification: { type: "description", values: [Buffer.from("hi")] } },
        ],
      },
    ]);
  });

  it("a world from LDIF: SDDL SDs, hashed passwords, members in any order", async () => {
    const dir = createDirectory({ world: { ldif: WORLD }, personality: "samba" });
    expect(dir.baseDn).toBe("DC=fabrikam,DC=test");
    const ctx = {
      identity: { anonymous: true, dn: "", sid: "", bindName: "" },
      secure: true,
      controls: [],
      connectionId: 1,
      messageId: 1,
      clientAddress: "127.0.0.1",
    };
    const id = await dir.bindSimple("FABRIKAM\\ann", Buffer.from("Ann!Passw0rd1"), ctx);
    expect(id.dn).toBe("CN=ann,CN=Users,DC=fabrikam,DC=test");
    expect(
      dir.findByDn("CN=Admins,CN=Users,DC=fabrikam,DC=test")?.attrs.get("member")?.values.map(String),
    ).toEqual([id.dn]);
    expect(dir.sddlOf("CN=ann,CN=Users,DC=fabrikam,DC=test")).toContain("(A;CIID;");
  });

  it("export round-trips binary values and SDs; no passwords leave", async () => {
    const l = await lab("windows");
    const ldif = directoryToLdif(l.dir);
    expect(ldif).toContain(`dn: ${ALICE}`);
    expect(ldif).toMatch(/objectGUID:: /);
    expect(ldif).not.toMatch(/unicodePwd/i);
    expect(ldif).not.toContain("Alice!Passw0rd1");
    const recs = parseLdif(ldif);
    expect(recs.length).toBe(l.dir.entryCount);
  });
});

describe("--state", () => {
  it("a restarted directory has every acknowledged write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wbsim-state-"));
    const statePath = join(dir, "dc.json");
    const a = createDirectory({ world: "contoso", personality: "windows", statePath });
    const l = await lab("windows");
    const admin = {
      ...l.admin,
      identity: await a.bindSimple("Administrator@contoso.com", Buffer.from("Adm1n!Passw0rd"), l.admin),
    };
    const p = fresh();
    await a.modify(BASE, [replace("minPwdAge", s("0"))], admin);
    await a.modify(ALICE, [replace("unicodePwd", pw(p)), replace("description", s("persisted"))], admin);
    expect(readFileSync(statePath, "utf8")).not.toContain(p);
    const b = createDirectory({ world: "contoso", personality: "windows", statePath });
    expect(b.findByDn(ALICE)?.attrs.get("description")?.values[0].toString()).toBe("persisted");
    expect((await attempt(b.bindSimple("alice@contoso.com", Buffer.from(p), l.admin))).code).toBe(0);
    expect(b.audit({ id: 4724 }).length).toBe(1);
  });
});
