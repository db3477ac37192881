/**
 * The forest's configuration NC and subschema entry read by real clients nobody here wrote
 * (issue 8 item 2): python3-ldap3 with `get_info=ALL` loads the schema from
 * CN=Aggregate,CN=Schema,CN=Configuration,… and ldapdomaindump (Debian's python3-ldapdomaindump)
 * completes a dump in simple-bind mode and writes all its files.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Directory } from "../../simulator/directory/index.ts";
import { CONTOSO_ACCOUNTS, createDirectory } from "../../simulator/worlds/index.ts";
import { type RunningServer, startServer } from "../ldap/support/server-fixture.ts";
import { requireTool, run, runLdap3 } from "../support/tools.ts";

const BASE = "DC=contoso,DC=com";
const ADMIN = `CN=Administrator,CN=Users,${BASE}`;
const password = (name: string) => CONTOSO_ACCOUNTS.find((a) => a.name === name)!.password;

const LDAP3_SCHEMA = `
import json, ssl, sys, uuid
from ldap3 import ALL, BASE, SUBTREE, Connection, Server, Tls
url, user, pw = sys.argv[1:4]
srv = Server(url, use_ssl=True, tls=Tls(validate=ssl.CERT_NONE), get_info=ALL)
c = Connection(srv, user, pw, auto_bind=True)
s = srv.schema
info = srv.info
out = {
  "schema": s is not None,
  "attributeTypes": len(s.attribute_types) if s else 0,
  "objectClasses": len(s.object_classes) if s else 0,
  "sam": str(s.attribute_types["sAMAccountName"].syntax) if s else None,
  "samSingle": bool(s.attribute_types["sAMAccountName"].single_value) if s else None,
  "userSup": list(s.object_classes["user"].superior) if s else None,
  "subschemaSubentry": info.schema_entry,
  "rootDomainNamingContext": info.other.get("rootDomainNamingContext"),
}
# With the schema loaded, ldap3 checks attribute names: a normal search must still pass.
c.search("${BASE}", "(sAMAccountName=alice)", SUBTREE, attributes=["sAMAccountName", "pwdLastSet", "memberOf"])
out["alice"] = [str(e.entry_dn) for e in c.entries]
c.search("CN=Partitions,CN=Configuration,${BASE}", "(objectClass=crossRef)", SUBTREE, attributes=["nCName", "dnsRoot", "nETBIOSName", "systemFlags"])
out["crossRefs"] = sorted([[str(e.nCName.value), int(e.systemFlags.value)] for e in c.entries])
c.search("CN=Sites,CN=Configuration,${BASE}", "(objectClass=nTDSDSA)", SUBTREE, attributes=["invocationId", "hasMasterNCs", "options"])
out["dsas"] = [[str(e.entry_dn), str(uuid.UUID(bytes_le=e.invocationId.raw_values[0])), sorted(map(str, e.hasMasterNCs.values))] for e in c.entries]
# A subtree search of the domain stays in the domain NC.
c.search("${BASE}", "(objectClass=crossRef)", SUBTREE, attributes=["cn"])
out["crossRefsInDomainNc"] = len(c.entries)
print(json.dumps(out))
`;

let dir: Directory;
let srv: RunningServer;
beforeAll(async () => {
  dir = createDirectory({ world: "contoso", personality: "windows" });
  srv = await startServer(dir);
});
afterAll(async () => {
  await srv.close();
  expect(srv.internalErrors).toEqual([]);
});

describe("subschema and configuration NC, read by ldap3 and ldapdomaindump", () => {
  it("python3-ldap3 get_info=ALL loads the schema from the subschema entry", async () => {
    const out = (await runLdap3(LDAP3_SCHEMA, [srv.ldapsUrl, ADMIN, password("Administrator")])) as Record<
      string,
      unknown
    >;
    expect(out.schema).toBe(true);
    expect(out.attributeTypes as number).toBeGreaterThan(250);
    expect(out.objectClasses as number).toBeGreaterThan(30);
    expect(out.sam).toBe("1.3.6.1.4.1.1466.115.121.1.15");
    expect(out.samSingle).toBe(true);
    expect(out.userSup).toEqual(["organizationalPerson"]);
    expect(out.subschemaSubentry).toEqual([`CN=Aggregate,CN=Schema,CN=Configuration,${BASE}`]);
    expect(out.rootDomainNamingContext).toEqual([BASE]);
    expect(out.alice).toEqual([`CN=alice,OU=Staff,${BASE}`]);
    expect(out.crossRefs).toEqual(
      [
        [BASE, 3],
        [`CN=Configuration,${BASE}`, 1],
        [`CN=Schema,CN=Configuration,${BASE}`, 1],
      ].sort(),
    );
    const dc = dir.dc;
    expect(out.dsas).toEqual([
      [
        dc.dsServiceName,
        dc.invocationId,
        [BASE, `CN=Configuration,${BASE}`, `CN=Schema,CN=Configuration,${BASE}`].sort(),
      ],
    ]);
    expect(out.crossRefsInDomainNc).toBe(0);
  });

  it("ldapdomaindump completes in simple-bind mode and writes all its files", async () => {
    requireTool("/usr/bin/ldapdomaindump", "python3-ldapdomaindump from Debian");
    const outdir = mkdtempSync(join(tmpdir(), "wbsim-ldapdomaindump-"));
    const res = await run(
      "/usr/bin/ldapdomaindump",
      [
        "-u",
        "CONTOSO\\Administrator",
        "-p",
        password("Administrator"),
        "-at",
        "SIMPLE",
        "-o",
        outdir,
        srv.ldapsUrl,
      ],
      { timeoutMs: 60_000 },
    );
    expect(res.stderr).not.toMatch(/Traceback/);
    expect(res.code).toBe(0);
    const files = readdirSync(outdir).sort();
    const kinds = [
      "domain_computers",
      "domain_computers_by_os",
      "domain_groups",
      "domain_policy",
      "domain_trusts",
      "domain_users",
      "domain_users_by_group",
    ];
    for (const k of kinds) expect(files, k).toContain(`${k}.html`);
    for (const k of ["domain_computers", "domain_groups", "domain_policy", "domain_trusts", "domain_users"]) {
      expect(files, k).toContain(`${k}.json`);
      expect(files, k).toContain(`${k}.grep`);
    }
    const users = JSON.parse(readFileSync(join(outdir, "domain_users.json"), "utf8")) as {
      attributes: Record<string, unknown[]>;
    }[];
    const names = users.map((u) => String(u.attributes.sAMAccountName?.[0]));
    expect(names).toEqual(expect.arrayContaining(["Administrator", "alice", "dave", "MSOL_0123456789ab"]));
    const policy = readFileSync(join(outdir, "domain_policy.grep"), "utf8");
    expect(policy).toContain("lockoutThreshold");
    // No password in any file it wrote.
    for (const f of files) {
      const text = readFileSync(join(outdir, f), "utf8");
      for (const a of CONTOSO_ACCOUNTS)
        expect(text.includes(a.password), `${f} holds ${a.name}'s password`).toBe(false);
    }
  });
});
