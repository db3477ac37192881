import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accessCheck,
  checkExtendedRight,
  checkReadProperty,
  checkRights,
  checkWriteProperty,
} from "../../simulator/security/access-check.ts";
import { treeForAttribute } from "../../simulator/security/object-types.ts";
import { findAttribute } from "../../simulator/security/schema.ts";
import { createToken, expandGroupSids, hasSid } from "../../simulator/security/token.ts";
import {
  AceType,
  AdRight,
  type KnownAce,
  SdControl,
  type SecurityDescriptor,
} from "../../simulator/security/types.ts";
import {
  ALICE_SID,
  DOMAIN_SID,
  DOMAIN_USERS,
  fixtureSd,
  MSOL_SID,
  msolToken,
  sddl,
} from "./access-fixtures.ts";

const PWDLASTSET = "bf967a0a-0de6-11d0-a285-00aa003049e2";
const LOCKOUT = "28630ebf-41d5-11d1-a9c1-0000f80367c1";
const UAR = "4c164200-20c0-11d0-a768-00aa006e0529"; // User-Account-Restrictions
const RESET = "00299570-246d-11d0-a768-00aa006e0529";
const USER = "bf967aba-0de6-11d0-a285-00aa003049e2";
const o = { objectClass: "user", selfSid: ALICE_SID };
const M = MSOL_SID;
const wp = (sd: SecurityDescriptor, attr: string, opts = o) =>
  checkWriteProperty(sd, msolToken(), attr, opts).granted;

describe("token", () => {
  it("an LDAP (network) logon adds Everyone, Authenticated Users, NETWORK, This Organization and BUILTIN\\Users", () => {
    const t = msolToken();
    for (const s of [M, DOMAIN_USERS, "S-1-1-0", "S-1-5-11", "S-1-5-2", "S-1-5-15", "S-1-5-32-545"]) {
      expect(hasSid(t, s), s).toBe(true);
    }
    expect(hasSid(t, "S-1-5-4")).toBe(false);
    const exact = createToken({ userSid: M, logon: "none" });
    expect([...exact.sids]).toEqual([M]);
  });
  it("expands nested groups transitively and survives cycles", () => {
    const parents: Record<string, string[]> = { A: ["B"], B: ["C", "A"], C: [] };
    expect([...expandGroupSids(["A"], (g) => parents[g] ?? [])].sort()).toEqual(["A", "B", "C"]);
  });
});

describe("access check rules (MS-DTYP 2.5.3.2 with AD object types)", () => {
  it("a grant on a property set covers its properties, and not properties outside it", () => {
    const sd = sddl(`D:(OA;;WP;${UAR};;${M})`);
    expect(wp(sd, "pwdLastSet")).toBe(true);
    expect(wp(sd, "userAccountControl")).toBe(true);
    expect(wp(sd, "lockoutTime")).toBe(false); // in no property set
    expect(wp(sd, "member")).toBe(false);
  });

  it("a deny on a property set denies its properties when it comes first, not when it comes after a grant", () => {
    expect(wp(sddl(`D:(OD;;WP;${UAR};;${M})(OA;;WP;${PWDLASTSET};;${M})`), "pwdLastSet")).toBe(false);
    expect(wp(sddl(`D:(OA;;WP;${PWDLASTSET};;${M})(OD;;WP;${UAR};;${M})`), "pwdLastSet")).toBe(true);
    expect(wp(sddl(`D:(OD;;WP;${LOCKOUT};;${M})(OA;;WP;;;${M})`), "pwdLastSet")).toBe(true);
  });

  it("object ACEs without ObjectType, plain ACEs and class-level object ACEs cover every property", () => {
    expect(wp(sddl(`D:(OA;;WP;;;${M})`), "pwdLastSet")).toBe(true);
    expect(wp(sddl(`D:(A;;WP;;;${M})`), "lockoutTime")).toBe(true);
    expect(wp(sddl(`D:(OA;;WP;${USER};;${M})`), "lockoutTime")).toBe(true);
    expect(wp(sddl(`D:(OA;;WP;bf967a9c-0de6-11d0-a285-00aa003049e2;;${M})`), "lockoutTime")).toBe(false);
  });

  it("an extended right needs CR with its GUID, or CR without GUID (all extended rights)", () => {
    const tok = msolToken();
    expect(
      checkExtendedRight(sddl(`D:(OA;;CR;${RESET};;${M})`), tok, "User-Force-Change-Password", o).granted,
    ).toBe(true);
    expect(checkExtendedRight(sddl(`D:(A;;CR;;;${M})`), tok, "Reset Password", o).granted).toBe(true);
    expect(checkExtendedRight(sddl(`D:(OA;;WP;${RESET};;${M})`), tok, "Reset Password", o).granted).toBe(
      false,
    );
    expect(checkExtendedRight(sddl("D:(A;;GA;;;AU)"), tok, RESET, o).granted).toBe(true);
  });

  it("InheritedObjectType is ignored when evaluating an effective ACE", () => {
    const computer = "bf967a86-0de6-11d0-a285-00aa003049e2";
    expect(wp(sddl(`D:(OA;;WP;${PWDLASTSET};${computer};${M})`), "pwdLastSet")).toBe(true);
  });

  it("INHERIT_ONLY ACEs are skipped", () => {
    expect(wp(sddl(`D:(OA;CIIO;WP;${PWDLASTSET};${USER};${M})`), "pwdLastSet")).toBe(false);
    expect(wp(sddl(`D:(OD;CIIO;WP;${PWDLASTSET};;${M})(OA;;WP;${PWDLASTSET};;${M})`), "pwdLastSet")).toBe(
      true,
    );
  });

  it("PRINCIPAL_SELF matches when the token holds the target's SID", () => {
    const sd = sddl(`D:(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;PS)`);
    const alice = createToken({ userSid: ALICE_SID, primaryGroupSid: DOMAIN_USERS });
    expect(checkExtendedRight(sd, alice, "Change Password", o).granted).toBe(true);
    expect(checkExtendedRight(sd, msolToken(), "Change Password", o).granted).toBe(false);
    expect(checkExtendedRight(sd, alice, "Change Password", { objectClass: "user" }).granted).toBe(false);
  });

  it("the owner gets READ_CONTROL and WRITE_DAC even past a deny, unless OWNER RIGHTS ACEs say otherwise", () => {
    const tok = msolToken();
    const rcwd = AdRight.READ_CONTROL | AdRight.WRITE_DAC;
    expect(checkRights(sddl(`O:${M}D:(D;;WD;;;WD)`), tok, rcwd, o).granted).toBe(true);
    expect(checkRights(sddl(`O:${M}D:`), tok, AdRight.WRITE_OWNER, o).granted).toBe(false);
    expect(checkRights(sddl(`O:${M}D:(A;;RC;;;OW)`), tok, AdRight.WRITE_DAC, o).granted).toBe(false);
    expect(checkRights(sddl(`O:${M}D:(A;;RC;;;OW)`), tok, AdRight.READ_CONTROL, o).granted).toBe(true);
  });

  it("a NULL DACL grants everything, an empty DACL nothing", () => {
    const nullDacl: SecurityDescriptor = {
      revision: 1,
      rmControl: 0,
      control: SdControl.DACL_PRESENT | SdControl.SELF_RELATIVE,
      owner: null,
      group: null,
      sacl: null,
      dacl: null,
    };
    expect(checkRights(nullDacl, msolToken(), AdRight.DELETE, o).granted).toBe(true);
    expect(checkRights(sddl("D:"), msolToken(), AdRight.DELETE, o).granted).toBe(false);
  });

  it("generic rights in the request and in ACEs use the DS mapping", () => {
    expect(checkRights(sddl("D:(A;;GR;;;AU)"), msolToken(), AdRight.LIST_CHILDREN, o).granted).toBe(true);
    expect(checkRights(sddl("D:(A;;RPLCLORC;;;AU)"), msolToken(), AdRight.GENERIC_READ, o).granted).toBe(
      true,
    );
    expect(checkRights(sddl("D:(A;;RPLC;;;AU)"), msolToken(), AdRight.GENERIC_READ, o).granted).toBe(false);
  });

  it("MAXIMUM_ALLOWED reports every bit the token gets", () => {
    const d = accessCheck({
      sd: sddl("D:(A;;RPLC;;;AU)(A;;WP;;;WD)(D;;LC;;;WD)"),
      token: msolToken(),
      desired: AdRight.MAXIMUM_ALLOWED,
    });
    expect(d.granted).toBe(true);
    expect(d.grantedMask).toBe(AdRight.READ_PROPERTY | AdRight.LIST_CHILDREN | AdRight.WRITE_PROPERTY);
  });

  it("ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege", () => {
    const sd = sddl("D:(A;;GA;;;AU)");
    expect(checkRights(sd, msolToken(), AdRight.ACCESS_SYSTEM_SECURITY, o).missingPrivilege).toBe(
      "SeSecurityPrivilege",
    );
    const priv = createToken({ userSid: M, privileges: ["SeSecurityPrivilege"] });
    expect(checkRights(sd, priv, AdRight.ACCESS_SYSTEM_SECURITY, o).granted).toBe(true);
  });

  it("a multi-attribute tree is granted only when every attribute is (MS-DTYP propagation)", () => {
    const uac = findAttribute("userAccountControl")?.schemaIdGuid as string;
    const tree = [
      { level: 0, guid: USER },
      { level: 1, guid: UAR },
      { level: 2, guid: PWDLASTSET },
      { level: 2, guid: uac },
    ];
    const check = (s: string) =>
      accessCheck({ sd: sddl(s), token: msolToken(), desired: AdRight.WRITE_PROPERTY, objectTypes: tree })
        .granted;
    expect(check(`D:(OA;;WP;${PWDLASTSET};;${M})`)).toBe(false);
    expect(check(`D:(OA;;WP;${PWDLASTSET};;${M})(OA;;WP;${uac};;${M})`)).toBe(true);
    expect(check(`D:(OA;;WP;${UAR};;${M})`)).toBe(true);
    expect(check(`D:(OD;;WP;${uac};;${M})(OA;;WP;${UAR};;${M})`)).toBe(false);
    expect(() =>
      accessCheck({
        sd: sddl("D:"),
        token: msolToken(),
        desired: 1,
        objectTypes: [{ level: 1, guid: USER }],
      }),
    ).toThrow(/level 0/);
  });

  it("reads go through property sets the same way", () => {
    const sd = fixtureSd("S1_alice_full_sd");
    // pwdLastSet is in Account Restrictions, which alice's DACL lets Pre-Windows 2000 Compatible Access (RU) read.
    expect(checkReadProperty(sd, msolToken(), "pwdLastSet", o).granted).toBe(false);
    const withRu = createToken({ userSid: M, primaryGroupSid: DOMAIN_USERS, extraSids: ["S-1-5-32-554"] });
    expect(checkReadProperty(sd, withRu, "pwdLastSet", o).granted).toBe(true);
    // displayName is in General Information, readable by Authenticated Users.
    expect(checkReadProperty(sd, msolToken(), "displayName", o).granted).toBe(true);
    const waa = createToken({ userSid: `${DOMAIN_SID}-1200`, groupSids: ["S-1-5-32-560"], logon: "none" });
    expect(checkReadProperty(sd, waa, "tokenGroupsGlobalAndUniversal", o).granted).toBe(true);
  });

  it("a property set can be checked as a whole, but not as an extended right", () => {
    expect(wp(sddl(`D:(OA;;WP;${UAR};;${M})`), "Account Restrictions")).toBe(true);
    expect(wp(sddl(`D:(OA;;WP;${PWDLASTSET};;${M})`), "User-Account-Restrictions")).toBe(false);
    expect(() => checkExtendedRight(sddl("D:"), msolToken(), "Account Restrictions", o)).toThrow(
      /is a property set/,
    );
  });

  it("unknown names fail loudly", () => {
    expect(() => checkWriteProperty(sddl("D:"), msolToken(), "pwdLastSett", o)).toThrow(
      /unknown attribute "pwdLastSett"/,
    );
    expect(() => checkExtendedRight(sddl("D:"), msolToken(), "Reset Pasword", o)).toThrow(
      /unknown extended right/,
    );
    expect(() => treeForAttribute("usr", "cn")).toThrow(/unknown object class "usr"/);
  });

  it("the fast path and the traced path always agree (random DACLs)", () => {
    const sids = [M, "S-1-1-0", "S-1-5-11", "S-1-5-10", "S-1-5-32-544", `${DOMAIN_SID}-512`];
    const guids = [undefined, PWDLASTSET, LOCKOUT, UAR, RESET, USER, "bf967a9c-0de6-11d0-a285-00aa003049e2"];
    const masks = [
      AdRight.WRITE_PROPERTY,
      AdRight.CONTROL_ACCESS,
      AdRight.READ_PROPERTY | AdRight.WRITE_PROPERTY,
      0x10000000,
      AdRight.DELETE,
    ];
    const aceArb = fc.record({
      deny: fc.boolean(),
      io: fc.boolean(),
      sid: fc.constantFrom(...sids),
      ot: fc.constantFrom(...guids),
      mask: fc.constantFrom(...masks),
    });
    fc.assert(
      fc.property(
        fc.array(aceArb, { maxLength: 12 }),
        fc.constantFrom("pwdLastSet", "lockoutTime", "Reset Password"),
        (aces, what) => {
          const dacl: KnownAce[] = aces.map((a) => ({
            kind: "known",
            type: a.ot
              ? a.deny
                ? AceType.ACCESS_DENIED_OBJECT
                : AceType.ACCESS_ALLOWED_OBJECT
              : a.deny
                ? AceType.ACCESS_DENIED
                : AceType.ACCESS_ALLOWED,
            flags: a.io ? 0x0a : 0,
            mask: a.mask,
            sid: a.sid,
            ...(a.ot ? { objectType: a.ot } : {}),
          }));
          const sd: SecurityDescriptor = { ...sddl("D:"), dacl: { revision: 4, aces: dacl } };
          const run = (trace: boolean) =>
            what === "Reset Password"
              ? checkExtendedRight(sd, msolToken(), what, { ...o, trace })
              : checkWriteProperty(sd, msolToken(), what, { ...o, trace });
          const fast = run(false);
          const slow = run(true);
          expect([fast.granted, fast.grantedMask, fast.deniedMask, fast.decidingAce?.index]).toEqual([
            slow.granted,
            slow.grantedMask,
            slow.deniedMask,
            slow.decidingAce?.index,
          ]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
