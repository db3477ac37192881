/**
 * The permission outcomes of the Samba lab matrix (samba-observations.md §5), reproduced from the
 * captured security descriptors alone. Each LDAP operation maps to one access decision:
 *   (a) reset unicodePwd         → CONTROL_ACCESS "Reset Password" (User-Force-Change-Password)
 *   (b) change unicodePwd        → CONTROL_ACCESS "Change Password" (User-Change-Password); denied = 19
 *   (c) replace lockoutTime      → WRITE_PROPERTY lockoutTime
 *   (d) replace pwdLastSet (0/-1) → WRITE_PROPERTY pwdLastSet (one decision for both values)
 * 50 insufficientAccessRights and 19 constraintViolation both mean "denied" here; the result codes
 * themselves belong to the directory's error catalogue.
 */
import { describe, expect, it } from "vitest";
import { checkExtendedRight, checkWriteProperty } from "../../simulator/security/access-check.ts";
import {
  createChildSecurityDescriptor,
  recomputeInheritedSecurityDescriptor,
} from "../../simulator/security/inheritance.ts";
import type { SecurityDescriptor } from "../../simulator/security/types.ts";
import {
  ALICE_SID,
  adminToken,
  DOMAIN_SID,
  fixtureSd,
  MSOL_SID,
  msolToken,
  withAcesFirst,
  withoutAces,
} from "./access-fixtures.ts";

const RESET = "00299570-246d-11d0-a768-00aa006e0529";
const CHANGE = "ab721a53-1e2f-11d0-9819-00aa0040529b";
const LOCKOUT = "28630ebf-41d5-11d1-a9c1-0000f80367c1";
const PWDLASTSET = "bf967a0a-0de6-11d0-a285-00aa003049e2";
const USER = "bf967aba-0de6-11d0-a285-00aa003049e2";

type Row = [reset: boolean, change: boolean, lockoutTime: boolean, pwdLastSet: boolean];

function outcomes(sd: SecurityDescriptor): Row {
  const token = msolToken();
  const opts = { objectClass: "user", selfSid: ALICE_SID };
  return [
    checkExtendedRight(sd, token, "Reset Password", opts).granted,
    checkExtendedRight(sd, token, "Change Password", opts).granted,
    checkWriteProperty(sd, token, "lockoutTime", opts).granted,
    checkWriteProperty(sd, token, "pwdLastSet", opts).granted,
  ];
}

const dropMsol = (objectType: string) => (sd: SecurityDescriptor) =>
  withoutAces(sd, (a) => a.sid === MSOL_SID && a.objectType === objectType);

const creator = { domainSid: DOMAIN_SID, creatorSid: `${DOMAIN_SID}-500`, creatorToken: adminToken() };
const baselineRoot = fixtureSd("baseline_root_full_sd");
/** A user created in a fresh OU under `root`, the way populate.py created alice. */
function userUnder(root: SecurityDescriptor): SecurityDescriptor {
  const ou = createChildSecurityDescriptor({ ...creator, parentSd: root, objectClass: "organizationalUnit" });
  return createChildSecurityDescriptor({ ...creator, parentSd: ou, objectClass: "user" });
}
const grants = (flags: string, inheritedObjectType: string) =>
  [RESET, CHANGE, LOCKOUT, PWDLASTSET]
    .map(
      (g) =>
        `(OA;${flags};${g === RESET || g === CHANGE ? "CR" : "WP"};${g};${inheritedObjectType};${MSOL_SID})`,
    )
    .join("");

describe("Samba lab matrix (samba-observations.md §5), MSOL_0123456789ab against each target", () => {
  it("S0 no grants / alice: only change", () => {
    expect(outcomes(fixtureSd("baseline_alice_full_sd"))).toEqual([false, true, false, false]);
  });
  it("S1 all four grants / alice: everything", () => {
    expect(outcomes(fixtureSd("S1_alice_full_sd"))).toEqual([true, true, true, true]);
  });
  it("S-missing-reset / alice", () => {
    expect(outcomes(dropMsol(RESET)(fixtureSd("S1_alice_full_sd")))).toEqual([false, true, true, true]);
  });
  it("S-missing-change / alice: change still allowed through Everyone", () => {
    expect(outcomes(dropMsol(CHANGE)(fixtureSd("S1_alice_full_sd")))).toEqual([true, true, true, true]);
  });
  it("S-missing-lockout / alice", () => {
    expect(outcomes(dropMsol(LOCKOUT)(fixtureSd("S1_alice_full_sd")))).toEqual([true, true, false, true]);
  });
  it("S-missing-pwdlastset / alice", () => {
    expect(outcomes(dropMsol(PWDLASTSET)(fixtureSd("S1_alice_full_sd")))).toEqual([true, true, true, false]);
  });
  it("E1 root this-object-only / alice: the grants do not reach alice", () => {
    const root = { ...baselineRoot, dacl: fixtureSd("E1_root_dacl").dacl };
    expect(outcomes(userUnder(root))).toEqual([false, true, false, false]);
  });
  it("E1b root CI to all descendants / alice", () => {
    expect(outcomes(userUnder(withAcesFirst(baselineRoot, grants("CI", ""))))).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
  it("E2 grant on OU=Staff only: alice yes, dave (OU=Sales) and bob (CN=Users) no", () => {
    const staff = createChildSecurityDescriptor({
      ...creator,
      parentSd: baselineRoot,
      objectClass: "organizationalUnit",
    });
    const staffGranted = withAcesFirst(staff, grants("CIIO", USER));
    const alice = createChildSecurityDescriptor({ ...creator, parentSd: staffGranted, objectClass: "user" });
    const dave = userUnder(baselineRoot);
    const users = createChildSecurityDescriptor({
      ...creator,
      parentSd: baselineRoot,
      objectClass: "container",
    });
    const bob = createChildSecurityDescriptor({ ...creator, parentSd: users, objectClass: "user" });
    expect(outcomes(alice)).toEqual([true, true, true, true]);
    expect(outcomes(dave)).toEqual([false, true, false, false]);
    expect(outcomes(bob)).toEqual([false, true, false, false]);
  });
  it("E3 blocked OU: erin no, alice yes", () => {
    expect(outcomes(fixtureSd("E3_erin_dacl"))).toEqual([false, true, false, false]);
    expect(outcomes(fixtureSd("S1_alice_full_sd"))).toEqual([true, true, true, true]);
  });
  it("E4 carol (Domain Admins member, no SDProp in Samba): everything", () => {
    expect(outcomes(fixtureSd("E4_carol_full_sd"))).toEqual([true, true, true, true]);
  });
  it("E4b carol with the AdminSDHolder DACL (SDProp emulated): nothing, change → 19", () => {
    expect(outcomes(fixtureSd("E4b_carol_dacl_sdprop_emulated"))).toEqual([false, false, false, false]);
  });
  it("E5 frank deny change for Everyone: change denied, the rest allowed", () => {
    expect(outcomes(fixtureSd("E5_frank_dacl"))).toEqual([true, false, true, true]);
  });
  it("E5b frank deny change, no grants: nothing", () => {
    const frank = withoutAces(fixtureSd("E5_frank_dacl"), (a) => a.sid === MSOL_SID);
    expect(outcomes(frank)).toEqual([false, false, false, false]);
  });
  it("E5c bob without any change-password ACE: nothing, change → 19", () => {
    expect(outcomes(fixtureSd("E5c_bob_dacl"))).toEqual([false, false, false, false]);
  });
});

describe("the deciding ACEs of the matrix", () => {
  it("S1: the reset is granted by the inherited MSOL ACE, change by Everyone", () => {
    const sd = fixtureSd("S1_alice_full_sd");
    const opts = { objectClass: "user", selfSid: ALICE_SID };
    const reset = checkExtendedRight(sd, msolToken(), "Reset Password", opts);
    expect(reset.decidingAce?.ace).toMatchObject({
      sid: MSOL_SID,
      objectType: RESET,
      inheritedObjectType: USER,
    });
    const change = checkExtendedRight(sd, msolToken(), "Change Password", opts);
    expect(change.decidingAce?.ace).toMatchObject({ sid: "S-1-1-0", objectType: CHANGE });
  });
  it("E5: frank's explicit deny comes first and wins over the later allows", () => {
    const d = checkExtendedRight(fixtureSd("E5_frank_dacl"), msolToken(), "Change Password", {
      objectClass: "user",
      selfSid: ALICE_SID,
    });
    expect(d.granted).toBe(false);
    expect(d.decidingAce?.index).toBe(0);
    expect(d.deniedMask).toBe(0x100);
  });
  it("E3: after the grant, the protected OU's users stay without it (recomputed, not captured)", () => {
    const ou = createChildSecurityDescriptor({
      ...creator,
      parentSd: baselineRoot,
      objectClass: "organizationalUnit",
    });
    const root = withAcesFirst(baselineRoot, grants("CIIO", USER));
    const protectedOu = {
      ...ou,
      dacl: fixtureSd("E3_blocked_ou_dacl_after").dacl,
      control: ou.control | 0x1000,
    };
    const still = recomputeInheritedSecurityDescriptor(protectedOu, root, "organizationalUnit");
    const erin = createChildSecurityDescriptor({ ...creator, parentSd: still, objectClass: "user" });
    expect(outcomes(erin)).toEqual([false, true, false, false]);
  });
});
