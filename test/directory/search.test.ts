/** Search semantics: rootDSE, scopes, limits, attribute selection, matching rules, SD flags, extended DNs. */
import { describe, expect, it } from "vitest";
import { ANONYMOUS, type Filter, type SearchRequest } from "../../simulator/directory/api.ts";
import { decodeSecurityDescriptor } from "../../simulator/security/binary-codec.ts";
import { ALICE, attempt, BASE, CAROL, ctxFor, DOMAIN_SID, lab, sdFlagsControl } from "./helpers.ts";

const eq = (attribute: string, value: string | Buffer): Filter => ({
  type: "equality",
  attribute,
  value: typeof value === "string" ? Buffer.from(value) : value,
});
const present = (attribute: string): Filter => ({ type: "present", attribute });
const req = (
  baseObject: string,
  filter: Filter,
  attributes: string[] = [],
  extra: Partial<SearchRequest> = {},
): SearchRequest => ({
  baseObject,
  scope: "sub",
  derefAliases: "never",
  sizeLimit: 0,
  timeLimit: 0,
  typesOnly: false,
  filter,
  attributes,
  ...extra,
});
const attrOf = (e: { attributes: { type: string; values: Buffer[] }[] }, name: string) =>
  e.attributes.find((a) => a.type.toLowerCase() === name.toLowerCase());

describe("search", () => {
  it("rootDSE is readable anonymously and publishes AD's attributes", async () => {
    const l = await lab("windows");
    const r = await l.dir.search(
      req("", present("objectClass"), [], { scope: "base" }),
      ctxFor(ANONYMOUS, { secure: false }),
    );
    const e = r.entries[0];
    expect(attrOf(e, "defaultNamingContext")?.values[0].toString()).toBe(BASE);
    expect(attrOf(e, "dnsHostName")?.values[0].toString()).toBe("dc1.contoso.com");
    expect(attrOf(e, "supportedLDAPVersion")?.values.map(String)).toEqual(["3", "2"]);
    const controls = attrOf(e, "supportedControl")?.values.map(String) ?? [];
    expect(controls).toContain("1.2.840.113556.1.4.801");
    expect(controls).toContain("1.2.840.113556.1.4.2239");
    expect(attrOf(e, "currentTime")?.values[0].toString()).toMatch(/^\d{14}\.0Z$/);
    const samba = await lab("samba");
    const rs = await samba.dir.search(
      req("", present("objectClass"), ["supportedControl"], { scope: "base" }),
      ctxFor(ANONYMOUS),
    );
    expect(attrOf(rs.entries[0], "supportedControl")?.values.map(String)).not.toContain(
      "1.2.840.113556.1.4.2239",
    );
  });

  it("anonymous searches below the rootDSE need a bind", async () => {
    const l = await lab("samba");
    expect(await attempt(l.dir.search(req(BASE, present("objectClass")), ctxFor(ANONYMOUS)))).toEqual({
      code: 1,
      message: "00002020: Operation unavailable without authentication",
    });
  });

  it("indexed equality, scopes, size limit and 1.1", async () => {
    const l = await lab("windows");
    const r = await l.dir.search(req(BASE, eq("sAMAccountName", "ALICE"), ["1.1"]), l.msol);
    expect(r.entries.map((e) => e.dn)).toEqual([ALICE]);
    expect(r.entries[0].attributes).toEqual([]);
    const one = await l.dir.search(
      req(`OU=Staff,${BASE}`, present("objectClass"), ["cn"], { scope: "one" }),
      l.msol,
    );
    expect(one.entries.map((e) => e.dn).sort()).toEqual([ALICE, `CN=frank,OU=Staff,${BASE}`]);
    const limited = await l.dir.search(
      req(BASE, eq("objectClass", "user"), ["cn"], { sizeLimit: 2 }),
      l.msol,
    );
    expect(limited.entries).toHaveLength(2);
    expect(limited.result?.resultCode).toBe(4);
    const missing = await attempt(l.dir.search(req(`OU=Nope,${BASE}`, present("objectClass")), l.msol));
    expect(missing.code).toBe(32);
  });

  it("objectCategory short names, objectSid strings, bitwise and in-chain matching rules", async () => {
    const l = await lab("windows");
    const persons = await l.dir.search(
      req(BASE, { type: "and", filters: [eq("objectCategory", "person"), eq("objectClass", "user")] }, [
        "1.1",
      ]),
      l.admin,
    );
    expect(persons.entries.map((e) => e.dn)).toContain(ALICE);
    const bySid = await l.dir.search(req(BASE, eq("objectSid", `${DOMAIN_SID}-512`), ["cn"]), l.admin);
    expect(attrOf(bySid.entries[0], "cn")?.values[0].toString()).toBe("Domain Admins");
    const disabled = await l.dir.search(
      req(
        BASE,
        {
          type: "extensible",
          matchingRule: "1.2.840.113556.1.4.803",
          attribute: "userAccountControl",
          value: Buffer.from("2"),
          dnAttributes: false,
        },
        ["sAMAccountName"],
      ),
      l.admin,
    );
    expect(disabled.entries.map((e) => attrOf(e, "sAMAccountName")?.values[0].toString()).sort()).toEqual([
      "Guest",
      "krbtgt",
    ]);
    const nested = await l.dir.search(
      req(
        BASE,
        {
          type: "extensible",
          matchingRule: "1.2.840.113556.1.4.1941",
          attribute: "memberOf",
          value: Buffer.from(`CN=Administrators,CN=Builtin,${BASE}`),
          dnAttributes: false,
        },
        ["1.1"],
      ),
      l.admin,
    );
    expect(nested.entries.map((e) => e.dn)).toContain(CAROL);
  });

  it("password attributes are never readable nor matchable", async () => {
    const l = await lab("samba");
    const r = await l.dir.search(
      req(ALICE, present("unicodePwd"), ["*", "unicodePwd"], { scope: "base" }),
      l.admin,
    );
    expect(r.entries).toHaveLength(0);
    const r2 = await l.dir.search(
      req(ALICE, present("objectClass"), ["unicodePwd", "cn"], { scope: "base" }),
      l.admin,
    );
    expect(attrOf(r2.entries[0], "unicodePwd")).toBeUndefined();
  });

  it("nTSecurityDescriptor: not for a non-admin without SD flags; DACL only with flags 4", async () => {
    const l = await lab("samba");
    const plain = await l.dir.search(
      req(ALICE, present("objectClass"), ["nTSecurityDescriptor"], { scope: "base" }),
      l.msol,
    );
    expect(attrOf(plain.entries[0], "nTSecurityDescriptor")).toBeUndefined();
    const dacl = await l.dir.search(
      req(ALICE, present("objectClass"), ["nTSecurityDescriptor"], { scope: "base" }),
      {
        ...l.msol,
        controls: [sdFlagsControl(4)],
      },
    );
    const sd = decodeSecurityDescriptor(attrOf(dacl.entries[0], "nTSecurityDescriptor")!.values[0]);
    expect(sd.owner).toBeNull();
    expect(sd.sacl).toBeNull();
    expect(sd.control).toBe(0x8404);
    const full = await l.dir.search(
      req(ALICE, present("objectClass"), ["nTSecurityDescriptor"], { scope: "base" }),
      l.admin,
    );
    expect(
      decodeSecurityDescriptor(attrOf(full.entries[0], "nTSecurityDescriptor")!.values[0]).sacl,
    ).not.toBeNull();
  });

  it("extended DN bases and the extended-DN control", async () => {
    const l = await lab("windows");
    const alice = l.dir.findByDn(ALICE)!;
    for (const base of [`<GUID=${alice.guid}>`, `<SID=${alice.sid}>`]) {
      const r = await l.dir.search(req(base, present("objectClass"), ["cn"], { scope: "base" }), l.admin);
      expect(r.entries[0].dn).toBe(ALICE);
    }
    const users = await l.dir.search(
      req(`<WKGUID=a9d1ca15768811d1aded00c04fd8d5cd,${BASE}>`, present("objectClass"), ["1.1"], {
        scope: "base",
      }),
      l.admin,
    );
    expect(users.entries[0].dn).toBe(`CN=Users,${BASE}`);
    const ext = await l.dir.search(req(ALICE, present("objectClass"), ["1.1"], { scope: "base" }), {
      ...l.admin,
      controls: [{ oid: "1.2.840.113556.1.4.529", critical: true, value: Buffer.from("3003020101", "hex") }],
    });
    expect(ext.entries[0].dn).toBe(`<GUID=${alice.guid}>;<SID=${alice.sid}>;${ALICE}`);
  });

  it("memberOf, tokenGroups (base only) and msDS-User-Account-Control-Computed", async () => {
    const l = await lab("windows");
    const r = await l.dir.search(
      req(CAROL, present("objectClass"), ["memberOf", "tokenGroups", "msDS-User-Account-Control-Computed"], {
        scope: "base",
      }),
      l.admin,
    );
    expect(attrOf(r.entries[0], "memberOf")?.values.map(String)).toEqual([
      `CN=Domain Admins,CN=Users,${BASE}`,
    ]);
    expect(attrOf(r.entries[0], "tokenGroups")?.values.length).toBeGreaterThanOrEqual(3);
    expect(attrOf(r.entries[0], "msDS-User-Account-Control-Computed")?.values[0].toString()).toBe("0");
    const sub = await l.dir.search(req(BASE, eq("cn", "carol"), ["tokenGroups"]), l.admin);
    expect(attrOf(sub.entries[0], "tokenGroups")).toBeUndefined();
  });
});
