/**
 * Inheritance against the Samba 4.17 captures (samba-observations.md §4 and §8): every SD below is
 * computed from the domain root's captured SD, the class defaultSecurityDescriptors and the creator,
 * and compared as SDDL (Samba's letter order) with what the DC returned.
 */
import { describe, expect, it } from "vitest";
import {
  createChildSecurityDescriptor,
  recomputeInheritedSecurityDescriptor,
} from "../../simulator/security/inheritance.ts";
import { formatSddl } from "../../simulator/security/sddl-format.ts";
import { createToken } from "../../simulator/security/token.ts";
import { SdControl, type SecurityDescriptor } from "../../simulator/security/types.ts";
import {
  adminToken,
  DOMAIN_SID,
  DOMAIN_USERS,
  fixtureSd,
  fixtureText,
  MSOL_SID,
  sddl,
  withAcesFirst,
} from "./access-fixtures.ts";

const fmt = (sd: SecurityDescriptor) => formatSddl(sd, { domainSid: DOMAIN_SID, dialect: "samba-4.17" });
/** Only the DACL, as the *_dacl.txt captures were read (SD_FLAGS = 4). */
const daclOnly = (sd: SecurityDescriptor) =>
  fmt({ ...sd, owner: null, group: null, sacl: null, control: sd.control & ~SdControl.SACL_PRESENT });

const creator = { domainSid: DOMAIN_SID, creatorSid: `${DOMAIN_SID}-500`, creatorToken: adminToken() };
const root = fixtureSd("baseline_root_full_sd");
const rootS1 = { ...root, dacl: fixtureSd("S1_root_dacl").dacl };
/**
 * The root as the later runs (E4, E5) had it: the same four grants as S1 but in the opposite order
 * (each run added them afresh; samba-tool/ldap3 put them at the front in the order written).
 */
const rootLaterRuns = withAcesFirst(
  root,
  [
    ["00299570-246d-11d0-a768-00aa006e0529", "CR"],
    ["ab721a53-1e2f-11d0-9819-00aa0040529b", "CR"],
    ["28630ebf-41d5-11d1-a9c1-0000f80367c1", "WP"],
    ["bf967a0a-0de6-11d0-a285-00aa003049e2", "WP"],
  ]
    .map(([g, r]) => `(OA;CIIO;${r};${g};bf967aba-0de6-11d0-a285-00aa003049e2;${MSOL_SID})`)
    .join(""),
);
const newOu = (parent: SecurityDescriptor) =>
  createChildSecurityDescriptor({ ...creator, parentSd: parent, objectClass: "organizationalUnit" });
const newUser = (parent: SecurityDescriptor) =>
  createChildSecurityDescriptor({ ...creator, parentSd: parent, objectClass: "user" });
const newContainer = (parent: SecurityDescriptor) =>
  createChildSecurityDescriptor({ ...creator, parentSd: parent, objectClass: "container" });

describe("createChildSecurityDescriptor against the captures", () => {
  it("an OU under the root: OU default ACEs, then the root's inheritable ACEs (CIIO→CIIOID, CI→CIID)", () => {
    expect(daclOnly(newOu(root))).toBe(fixtureText("E3_blocked_ou_dacl_before"));
  });

  it("alice in that OU: O:DAG:DA, user default ACEs, inherited ACEs in the parent's order, SACL too", () => {
    expect(fmt(newUser(newOu(root)))).toBe(fixtureText("baseline_alice_full_sd"));
  });

  it("a CIIO grant with InheritedObjectType=user shows on a user as CIID with the GUID kept", () => {
    const alice = newUser(newOu(rootS1));
    expect(fmt(alice)).toBe(fixtureText("S1_alice_full_sd"));
    expect(fmt(alice)).toContain(
      `(OA;CIID;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${MSOL_SID})`,
    );
  });

  it("AdminSDHolder (a container under CN=System) keeps the grants inherit-only", () => {
    expect(fmt(newContainer(newContainer(root)))).toBe(fixtureText("baseline_adminsdholder_full_sd"));
    expect(daclOnly(newContainer(newContainer(rootLaterRuns)))).toBe(fixtureText("E4_adminsdholder_dacl"));
    expect(fmt(newUser(newOu(rootLaterRuns)))).toBe(fixtureText("E4_alice_full_sd"));
  });

  it("E1: a this-object-only grant on the root is not inherited", () => {
    const e1Root = { ...root, dacl: fixtureSd("E1_root_dacl").dacl };
    expect(fmt(newUser(newOu(e1Root)))).toBe(fixtureText("baseline_alice_full_sd"));
  });

  it("E3: protecting an OU turns its inherited ACEs into explicit ones, and the root grant stops there", () => {
    const ou = newOu(root);
    const protectedOu = recomputeInheritedSecurityDescriptor(
      { ...ou, control: ou.control | SdControl.DACL_PROTECTED },
      root,
      "organizationalUnit",
    );
    expect(daclOnly(protectedOu)).toBe(fixtureText("E3_blocked_ou_dacl_after"));
    const afterGrant = recomputeInheritedSecurityDescriptor(protectedOu, rootS1, "organizationalUnit");
    expect(daclOnly(afterGrant)).toBe(fixtureText("E3_blocked_ou_dacl_after"));
    expect(daclOnly(newUser(afterGrant))).toBe(fixtureText("E3_erin_dacl"));
  });

  it("owner and group: Domain Admins for a Domain Admins member, else the creator and its primary group", () => {
    const alice = newUser(newOu(root));
    expect([alice.owner, alice.group]).toEqual([`${DOMAIN_SID}-512`, `${DOMAIN_SID}-512`]);
    const plain = createToken({ userSid: MSOL_SID, primaryGroupSid: DOMAIN_USERS });
    const byMsol = createChildSecurityDescriptor({
      domainSid: DOMAIN_SID,
      creatorSid: MSOL_SID,
      creatorToken: plain,
      parentSd: newOu(root),
      objectClass: "user",
    });
    expect([byMsol.owner, byMsol.group]).toEqual([MSOL_SID, DOMAIN_USERS]);
  });

  it("an explicit SD in the add replaces the class default DACL", () => {
    const child = createChildSecurityDescriptor({
      ...creator,
      parentSd: newOu(root),
      objectClass: "user",
      explicitSd: sddl("D:(A;;RPWP;;;AU)"),
    });
    expect(fmt(child).startsWith("O:DAG:DAD:AI(A;;RPWP;;;AU)(OA;CIIOID;RP;4c164200")).toBe(true);
  });
});

describe("inheritance flag semantics", () => {
  const parent = (aces: string) => ({ ...sddl(`O:DAG:DAD:${aces}`) });
  const inheritedPart = (sd: SecurityDescriptor) =>
    fmt({ ...sd, owner: null, group: null }).replace(/^D:AI/, "");

  it("OI-only ACEs are carried inherit-only, NP ACEs apply once and stop", () => {
    const child = newContainer(parent(`(A;OI;RP;;;AU)(A;CINP;WP;;;AU)(A;CI;LC;;;AU)`));
    expect(inheritedPart(child)).toContain("(A;OIIOID;RP;;;AU)");
    expect(inheritedPart(child)).toContain("(A;ID;WP;;;AU)");
    expect(inheritedPart(child)).toContain("(A;CIID;LC;;;AU)");
    const grandchild = newContainer(child);
    expect(inheritedPart(grandchild)).not.toContain("WP;;;AU");
  });

  it("CREATOR OWNER and generic rights are split into an inherit-only copy and an effective expanded one", () => {
    const child = newContainer(parent("(A;CI;GA;;;CO)"));
    const s = inheritedPart(child);
    expect(s).toContain("(A;CIIOID;GA;;;CO)");
    expect(s).toContain(`(A;ID;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)`);
  });

  it("an InheritedObjectType of another class keeps the ACE inherit-only", () => {
    const grp = "bf967a9c-0de6-11d0-a285-00aa003049e2";
    const child = newUser(parent(`(OA;CIIO;WP;bf9679c0-0de6-11d0-a285-00aa003049e2;${grp};AU)`));
    expect(inheritedPart(child)).toContain(`(OA;CIIOID;WP;bf9679c0-0de6-11d0-a285-00aa003049e2;${grp};AU)`);
  });

  it("superclass matching is off by default (Samba) and available as an option", () => {
    const person = "bf967aa7-0de6-11d0-a285-00aa003049e2";
    const p = parent(`(OA;CIIO;RP;;${person};AU)`);
    expect(inheritedPart(newUser(p))).toContain(`(OA;CIIOID;RP;;${person};AU)`);
    const matched = createChildSecurityDescriptor({
      ...creator,
      parentSd: p,
      objectClass: "user",
      matchSuperclasses: true,
    });
    expect(inheritedPart(matched)).toContain(`(OA;CIID;RP;;${person};AU)`);
  });

  it("recompute keeps explicit ACEs first and rebuilds the inherited ones", () => {
    const alice = newUser(newOu(root));
    const withExplicit = withAcesFirst(alice, "(OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)");
    const ouS1 = recomputeInheritedSecurityDescriptor(newOu(root), rootLaterRuns, "organizationalUnit");
    const frank = recomputeInheritedSecurityDescriptor(withExplicit, ouS1, "user");
    expect(daclOnly(frank)).toBe(fixtureText("E5_frank_dacl"));
  });
});
