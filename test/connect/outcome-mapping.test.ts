/** LDAP outcome → Connect event, HRESULT and relay outcome, for results the live tests cannot provoke. */
import { describe, expect, it } from "vitest";
import { failureFromLdap, NO_POLICY_CONTROL_TEXT } from "../../simulator/connect/agent/outcome-mapping.ts";
import { resultName } from "../../simulator/ldap-client/outcome.ts";

const o = (code: number, diagnosticMessage = "") => ({ code, name: resultName(code), diagnosticMessage });

describe("failureFromLdap", () => {
  it.each([
    [
      "insufficientAccessRights (Windows)",
      o(50, "00000005: SecErr: DSID-031A1248, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n"),
      33004,
      "80230626",
      "accessDenied",
    ],
    [
      "noSuchObject",
      o(32, "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:"),
      33002,
      "80230405",
      "userNotFound",
    ],
    [
      "policy (Windows AtrErr)",
      o(
        19,
        "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
      ),
      33008,
      "80230619",
      "policyViolation",
    ],
    [
      "policy (newer Windows SvcErr)",
      o(53, "0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0"),
      33008,
      "80230619",
      "policyViolation",
    ],
    [
      "policy (Samba)",
      o(
        19,
        "0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 7 characters!",
      ),
      33008,
      "80230619",
      "policyViolation",
    ],
    [
      "no encryption (Windows)",
      o(53, "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0"),
      33009,
      "8023062C",
      "error",
    ],
    [
      "no encryption (Samba bind)",
      o(8, "BindSimple: Transport encryption required."),
      33009,
      "8023062C",
      "error",
    ],
    ["DC unreachable", o(-1, "connect ECONNREFUSED 127.0.0.1:636"), 33001, "80230818", "error"],
    [
      "something else",
      o(80, "00000057: setup_last_set_field: pwdLastSet must be 0 or -1 only!"),
      33001,
      "80005000",
      "error",
    ],
  ])("%s", (_label, outcome, eventId, hr, relayOutcome) => {
    expect(failureFromLdap(outcome, "reset")).toMatchObject({ eventId, hr, outcome: relayOutcome });
  });

  it("wrong current password → 33007 without hr; Samba's acl constraint → 33008 (TSW) or 33004 ([C7] mapping); critical control refused → 33009 with the 6329 text", () => {
    expect(
      failureFromLdap(
        o(
          19,
          "00000056: AtrErr: DSID-03191083, #1:\n\t0: 00000056: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
        ),
        "change",
      ),
    ).toMatchObject({
      eventId: 33007,
      outcome: "wrongOldPassword",
    });
    expect(failureFromLdap(o(19, "00000056: x"), "change").hr).toBeUndefined();
    const samba = o(19, "error in module acl: Constraint violation during LDB_MODIFY (19)");
    expect(failureFromLdap(samba, "change")).toMatchObject({ eventId: 33008, hr: "80230619" });
    expect(failureFromLdap(samba, "change", "80230626")).toMatchObject({ eventId: 33004, hr: "80230626" });
    expect(failureFromLdap(o(12), "reset")).toMatchObject({
      eventId: 33009,
      adsyncText: NO_POLICY_CONTROL_TEXT,
    });
    expect(NO_POLICY_CONTROL_TEXT).toBe(
      "MMS(3040): admaexport.cpp(2837): The server doesn't contain the LDAP password policy control.",
    );
  });
});
