import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  classChain,
  defaultSecurityDescriptorSddl,
  findAttribute,
  findClass,
  findExtendedRight,
  findPropertySet,
  guidDisplayName,
  lookupGuid,
  parseDsaclsObjectSpec,
  parseDsaclsPermission,
  propertySetMembers,
} from "../../simulator/security/schema.ts";
import { AdRight } from "../../simulator/security/types.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/samba-sddl");
const GUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

describe("schema data", () => {
  it("resolves every GUID that appears in the captured Samba SDs", () => {
    const unknown: string[] = [];
    for (const f of readdirSync(FIXTURES)) {
      for (const g of readFileSync(join(FIXTURES, f), "utf8").match(GUID_RE) ?? []) {
        if (guidDisplayName(g) === undefined) unknown.push(`${f}: ${g}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("has the user defaultSecurityDescriptor exactly as captured from Samba", () => {
    const captured = readFileSync(join(FIXTURES, "schema_user_defaultSecurityDescriptor.txt"), "utf8").trim();
    expect(defaultSecurityDescriptorSddl("user")).toBe(captured);
  });

  it("knows the classes we model with their schemaIDGUIDs and superclass chains", () => {
    expect(findClass("user")?.schemaIdGuid).toBe("bf967aba-0de6-11d0-a285-00aa003049e2");
    expect(findClass("USER")?.ldapName).toBe("user");
    expect(findClass("bf967aba-0de6-11d0-a285-00aa003049e2")?.ldapName).toBe("user");
    expect(findClass("{BF967ABA-0DE6-11D0-A285-00AA003049E2}")?.ldapName).toBe("user");
    expect(findClass("group")?.schemaIdGuid).toBe("bf967a9c-0de6-11d0-a285-00aa003049e2");
    expect(findClass("organizationalUnit")?.schemaIdGuid).toBe("bf967aa5-0de6-11d0-a285-00aa003049e2");
    expect(findClass("computer")?.schemaIdGuid).toBe("bf967a86-0de6-11d0-a285-00aa003049e2");
    expect(findClass("inetOrgPerson")?.schemaIdGuid).toBe("4828cc14-1437-45bc-9b07-ad6f015e5f28");
    for (const c of ["container", "domainDNS", "contact", "builtinDomain", "foreignSecurityPrincipal"]) {
      expect(findClass(c)?.defaultSecurityDescriptor).toMatch(/^D:/);
    }
    expect(classChain("user")).toEqual(["user", "organizationalPerson", "person", "top"]);
    expect(classChain("inetOrgPerson")).toEqual([
      "inetOrgPerson",
      "user",
      "organizationalPerson",
      "person",
      "top",
    ]);
    expect(classChain("computer")).toEqual(["computer", "user", "organizationalPerson", "person", "top"]);
    expect(classChain("domainDNS")).toEqual(["domainDNS", "domain", "top"]);
    expect(() => classChain("usr")).toThrow(/unknown object class "usr"/);
  });

  it("knows attributes with their property sets", () => {
    const pls = findAttribute("pwdLastSet");
    expect(pls?.schemaIdGuid).toBe("bf967a0a-0de6-11d0-a285-00aa003049e2");
    expect(pls?.propertySet).toBe("4c164200-20c0-11d0-a768-00aa006e0529");
    expect(findAttribute("Pwd-Last-Set")?.ldapName).toBe("pwdLastSet");
    expect(findAttribute("lockouttime")?.schemaIdGuid).toBe("28630ebf-41d5-11d1-a9c1-0000f80367c1");
    expect(findAttribute("lockoutTime")?.propertySet).toBeUndefined();
    expect(findAttribute("member")?.propertySet).toBe("bc0ac240-79a9-11d0-9020-00c04fc2d4cf");
    expect(findAttribute("userAccountControl")?.propertySet).toBe("4c164200-20c0-11d0-a768-00aa006e0529");
    for (const a of [
      "unicodePwd",
      "userPassword",
      "nTSecurityDescriptor",
      "cn",
      "name",
      "sAMAccountName",
      "userPrincipalName",
      "displayName",
      "description",
      "mail",
      "memberOf",
      "objectSid",
      "objectGUID",
      "adminCount",
      "badPwdCount",
      "badPasswordTime",
      "lastLogonTimestamp",
      "accountExpires",
      "primaryGroupID",
      "givenName",
      "sn",
      "telephoneNumber",
      "ou",
      "dSHeuristics",
      "minPwdAge",
      "minPwdLength",
      "pwdHistoryLength",
      "pwdProperties",
      "lockoutThreshold",
      "lockoutDuration",
      "lockOutObservationWindow",
      "maxPwdAge",
    ]) {
      expect(findAttribute(a), a).toBeDefined();
    }
    expect(propertySetMembers("User-Account-Restrictions").map((a) => a.ldapName)).toContain("pwdLastSet");
    expect(findPropertySet("Account Restrictions")?.cn).toBe("User-Account-Restrictions");
  });

  it("finds extended rights by Windows display name, CN and GUID", () => {
    const reset = findExtendedRight("Reset Password");
    expect(reset?.rightsGuid).toBe("00299570-246d-11d0-a768-00aa006e0529");
    expect(findExtendedRight("user-force-change-password")).toBe(reset);
    expect(findExtendedRight("00299570-246D-11D0-A768-00AA006E0529")).toBe(reset);
    expect(reset?.appliesTo).toEqual(expect.arrayContaining(["user", "computer", "inetOrgPerson"]));
    expect(findExtendedRight("Change Password")?.rightsGuid).toBe("ab721a53-1e2f-11d0-9819-00aa0040529b");
    expect(findExtendedRight("Unexpire Password")?.rightsGuid).toBe("ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501");
    expect(findExtendedRight("Replicating Directory Changes All")?.cn).toBe("DS-Replication-Get-Changes-All");
    expect(findExtendedRight("Self-Membership")?.kind).toBe("validatedWrite");
    expect(findExtendedRight("Validated-SPN")?.rightsGuid).toBe("f3a64788-5306-11d1-a9c5-0000f80367c1");
    expect(findExtendedRight("Allowed-To-Authenticate")?.displayName).toBe("Allowed to Authenticate");
    expect(findExtendedRight("Send-As")?.rightsGuid).toBe("ab721a54-1e2f-11d0-9819-00aa0040529b");
  });

  it("names ambiguous GUIDs by how the ACE uses them", () => {
    expect(lookupGuid("bf9679c0-0de6-11d0-a285-00aa003049e2").map((i) => i.kind)).toEqual([
      "attribute",
      "validatedWrite",
    ]);
    expect(guidDisplayName("bf9679c0-0de6-11d0-a285-00aa003049e2", AdRight.SELF)).toBe(
      "Add/Remove self as member",
    );
    expect(guidDisplayName("bf9679c0-0de6-11d0-a285-00aa003049e2", AdRight.WRITE_PROPERTY)).toBe("member");
    expect(guidDisplayName("00299570-246d-11d0-a768-00aa006e0529")).toBe("Reset Password");
    expect(guidDisplayName("not-a-guid")).toBeUndefined();
    expect(guidDisplayName("00000000-0000-0000-0000-000000000001")).toBeUndefined();
  });

  it("parses the dsacls grants Set-ADSyncPasswordWritebackPermissions uses", () => {
    const reset = parseDsaclsPermission("CA;Reset Password;user");
    expect(reset.mask).toBe(AdRight.CONTROL_ACCESS);
    expect(reset.objectType?.guid).toBe("00299570-246d-11d0-a768-00aa006e0529");
    expect(reset.inheritedObjectType?.guid).toBe("bf967aba-0de6-11d0-a285-00aa003049e2");
    const lt = parseDsaclsPermission("WP;lockoutTime;user");
    expect(lt.mask).toBe(AdRight.WRITE_PROPERTY);
    expect(lt.objectType).toMatchObject({ kind: "attribute", guid: "28630ebf-41d5-11d1-a9c1-0000f80367c1" });
    expect(parseDsaclsObjectSpec("pwdLastSet;user").objectType?.name).toBe("pwdLastSet");
    expect(parseDsaclsObjectSpec(";user").objectType).toBeUndefined();
    expect(parseDsaclsPermission("RP;;user").inheritedObjectType?.name).toBe("user");
    expect(() => parseDsaclsObjectSpec("Reset Pasword;user", AdRight.CONTROL_ACCESS)).toThrow(
      /unknown object type/,
    );
    expect(() => parseDsaclsPermission("XX;lockoutTime")).toThrow(/unknown dsacls permission "XX"/);
  });
});
