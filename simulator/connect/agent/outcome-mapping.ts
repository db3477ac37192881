/**
 * How the writeback agent turns an LDAP outcome into what Connect reports: the PasswordResetService
 * 33xxx event, the ADSync 6329 text (hr=…), and the relay outcome the cloud maps to the user-facing
 * SSPR result. Sources: sspr-writeback-facts.md §2 (event meanings, hr texts), §7 (Windows diagnostic
 * strings), §8 (cases 1, 8, 9, 10, 11, 12, 19, 20, 24); samba-observations.md §5 (Samba's strings:
 * Samba reports a missing/denied Change Password right as 19 "error in module acl: Constraint
 * violation"; Microsoft's table puts a change the user may not make under 80230619, the [C7] capture
 * under 33004/80230626 — see CannotChangeHr).
 */
import type { WritebackOutcome } from "../../cloud/relay/types.ts";
import type { LdapOutcome } from "../../ldap-client/outcome.ts";
import type { HResult } from "../events/hresults.ts";

export interface Failure {
  /** PasswordResetService 33xxx event. */
  eventId: 33001 | 33002 | 33003 | 33004 | 33005 | 33006 | 33007 | 33008 | 33009;
  hr?: HResult;
  /** Reason text when there is no HRESULT. */
  reason?: string;
  /** ADSync 6329 BAIL text when it is not the HRESULT's standard line. */
  adsyncText?: string;
  outcome: WritebackOutcome;
  /** The LDAP result behind it (absent for failures found before any write). */
  ldap?: LdapOutcome;
}

/** 6329 text when the DC lacks LDAP_SERVER_POLICY_HINTS ([TSW-ENTRA]). */
export const NO_POLICY_CONTROL_TEXT =
  "MMS(3040): admaexport.cpp(2837): The server doesn't contain the LDAP password policy control.";

const INCORRECT_PASSWORD = "The specified network password is not correct.";

/**
 * How Connect reports a change the user may not make ("User cannot change password",
 * PASSWD_CANT_CHANGE): "80230619" follows Microsoft's table (TSW: 6329 0x80230619 "This event can also
 * occur if a password can't be changed for a user", with 33008); "80230626" is the 2015 capture of
 * Azure AD Sync 1.0.8641.0 ([C7]: 33004 hr=80230626), kept for cases on such builds.
 */
export type CannotChangeHr = "80230619" | "80230626";

export function failureFromLdap(
  o: LdapOutcome,
  op: "reset" | "change" | "unlock" | "pwdLastSet",
  cannotChange: CannotChangeHr = "80230619",
): Failure {
  const d = o.diagnosticMessage;
  const base = { ldap: o };
  switch (o.code) {
    case -1:
      return { ...base, eventId: 33001, hr: "80230818", outcome: "error" };
    case 50:
      return { ...base, eventId: 33004, hr: "80230626", outcome: "accessDenied" };
    case 32:
      return { ...base, eventId: 33002, hr: "80230405", outcome: "userNotFound" };
    case 12:
      return {
        ...base,
        eventId: 33009,
        reason: NO_POLICY_CONTROL_TEXT,
        adsyncText: NO_POLICY_CONTROL_TEXT,
        outcome: "error",
      };
    case 8:
    case 13:
    case 1:
      // Password writes refused for want of a sealed connection (8/13 at bind on Samba, 1 after a
      // refused bind): Connect's "Sign and Encrypt LDAP Traffic" case, 8023062C ([KB3P]: 33009/6329).
      return { ...base, eventId: 33009, hr: "8023062C", outcome: "error" };
    case 19:
      if (d.startsWith("00000056") || /old password specified doesn't match/i.test(d)) {
        return { ...base, eventId: 33007, reason: INCORRECT_PASSWORD, outcome: "wrongOldPassword" };
      }
      // Samba answers a missing or denied Change Password right this way (samba-observations §10.3).
      if (/^error in module acl/i.test(d) && cannotChange === "80230626") {
        return { ...base, eventId: 33004, hr: "80230626", outcome: "accessDenied" };
      }
      return { ...base, eventId: 33008, hr: "80230619", outcome: "policyViolation" };
    case 53:
      if (d.startsWith("0000001F")) return { ...base, eventId: 33009, hr: "8023062C", outcome: "error" };
      if (d.startsWith("0000052D"))
        return { ...base, eventId: 33008, hr: "80230619", outcome: "policyViolation" };
      return {
        ...base,
        eventId: 33001,
        reason: `The server is unwilling to process the request. ${d}`.trim(),
        outcome: "error",
      };
    default:
      void op;
      return { ...base, eventId: 33001, hr: "80005000", outcome: "error" };
  }
}
