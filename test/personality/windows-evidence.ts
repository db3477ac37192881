/**
 * Where every message of the Windows personality (simulator/personality/windows.ts) comes from: ONE
 * table, with the result code and diagnostic message the catalogue must produce for EVIDENCE_ARGS,
 * written here as literals (never read from the catalogue), and either a source — a public capture, a
 * vendor's test fixture, a documented answer, as recorded in docs/reference/ — or UNVERIFIED with what
 * the message is built from. `quoted: true` marks a message docs/reference/ quotes word for word.
 *
 * test/personality/windows-evidence.test.ts holds the catalogue to this table (and the table to the
 * notes), and mutates every entry to show that a changed code or message fails it. To change a
 * Windows message, change it here first, with its source.
 */
import type { ErrorKey, MessageArgs } from "../../simulator/personality/catalogue.ts";

export interface Evidence {
  code: number;
  message: string;
  matchedDN?: string;
  /** "capture: …", "fixture: …" or "doc: …": where the code and message come from. */
  source?: string;
  /** UNVERIFIED: no source settles the message; what it is built from instead. */
  unverified?: string;
  /** docs/reference/ quotes this message word for word. */
  quoted?: true;
}

/** The arguments every message is rendered with. */
export const EVIDENCE_ARGS: MessageArgs = {
  dn: "CN=alice,OU=Staff,DC=contoso,DC=com",
  bestMatch: "OU=Staff,DC=contoso,DC=com",
  parentDn: "OU=Staff,DC=contoso,DC=com",
  attribute: "description",
  attid: "d",
  objectClass: "user",
  dataCode: "52e",
  minLength: "7",
  detail: "detail",
  oid: "1.2.3.4",
  mechanism: "DIGEST-MD5",
  operation: "modify",
};

export const WINDOWS_EVIDENCE: Record<ErrorKey, Evidence> = {
  NO_OBJECT: {
    code: 32,
    message:
      "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'OU=Staff,DC=contoso,DC=com'\n",
    matchedDN: "OU=Staff,DC=contoso,DC=com",
    unverified:
      "shape of the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x208D ERROR_DS_OBJ_NOT_FOUND and the best-match line; the DSID is ours",
  },
  NO_OBJECT_MODIFY: {
    code: 32,
    message:
      "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'OU=Staff,DC=contoso,DC=com'\n",
    matchedDN: "OU=Staff,DC=contoso,DC=com",
    unverified: "as NO_OBJECT",
  },
  NO_OBJECT_SEARCH_BASE: {
    code: 32,
    message:
      "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'OU=Staff,DC=contoso,DC=com'\n",
    matchedDN: "OU=Staff,DC=contoso,DC=com",
    unverified: "as NO_OBJECT",
  },
  NO_OBJECT_SEARCH_EXTENDED_BASE: {
    code: 32,
    message:
      "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'OU=Staff,DC=contoso,DC=com'\n",
    matchedDN: "OU=Staff,DC=contoso,DC=com",
    unverified: "as NO_OBJECT",
  },
  ENTRY_EXISTS: {
    code: 68,
    message: "00002071: UpdErr: DSID-0305038D, problem 6005 (ENTRY_EXISTS), data 0\n",
    unverified:
      "the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x2071 ERROR_DS_OBJ_STRING_NAME_EXISTS; DSID ours",
  },
  NOT_ALLOWED_ON_NON_LEAF: {
    code: 66,
    message: "0000208C: UpdErr: DSID-030F0F2A, problem 6003 (CANT_ON_NON_LEAF), data 0\n",
    unverified:
      "the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x208C ERROR_DS_CANT_ON_NON_LEAF; DSID ours",
  },
  NAMING_VIOLATION: {
    code: 64,
    message:
      "00002099: NameErr: DSID-0305109C, problem 2005 (NAMING_VIOLATION), data 0, best match of:\n\t'\n'\n",
    unverified:
      "the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x2099 ERROR_DS_NAME_REFERENCE_INVALID-style NameErr; DSID and best-match line ours",
  },
  INVALID_DN_SYNTAX: {
    code: 34,
    message: "00002081: LdapErr: DSID-0C090D7D, comment: Error processing name, data 0, v4563",
    unverified:
      "LdapErr comment form of docs/reference/sspr-writeback-facts.md \u00a77 (bind diagnostics); 0x2081 and the comment text ours",
  },
  NOT_ALLOWED_ON_RDN: {
    code: 67,
    message: "000020B1: UpdErr: DSID-030F0D8B, problem 6004 (CANT_ON_RDN), data 0\n",
    unverified:
      "the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x20B1 ERROR_DS_CANT_MOD_PRIMARYKEY-style UpdErr; DSID ours",
  },
  OBJ_CLASS_VIOLATION_MISSING_REQUIRED: {
    code: 65,
    message: "0000207C: UpdErr: DSID-03151CEB, problem 6002 (OBJ_CLASS_VIOLATION), data 0\n",
    unverified:
      "the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x207C ERROR_DS_MISSING_REQUIRED_ATT; DSID ours",
  },
  OBJ_CLASS_VIOLATION_NOT_ALLOWED: {
    code: 65,
    message: "0000207D: UpdErr: DSID-0315119D, problem 6002 (OBJ_CLASS_VIOLATION), data 0\n",
    unverified:
      "the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x207D ERROR_DS_ATT_NOT_DEF_IN_SCHEMA-style UpdErr; DSID ours",
  },
  OBJ_CLASS_VIOLATION_UNKNOWN_CLASS: {
    code: 65,
    message: "0000207B: UpdErr: DSID-03050FA3, problem 6002 (OBJ_CLASS_VIOLATION), data 0\n",
    unverified:
      "the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x207B; DSID ours",
  },
  OBJ_CLASS_MOD_PROHIBITED: {
    code: 69,
    message: "00002095: UpdErr: DSID-030F0AC7, problem 6007 (OBJ_CLASS_MOD_PROHIBITED), data 0\n",
    unverified:
      "the Windows shape `<WIN32>: <class>: DSID-<build-specific>, problem <n> (<NAME>), data 0` (docs/reference/sspr-writeback-facts.md \u00a77) with 0x2095; DSID ours",
  },
  UNDEFINED_ATTRIBUTE_TYPE: {
    code: 17,
    message:
      "00000057: LdapErr: DSID-0C090D8A, comment: Error in attribute conversion operation, data 0, v4563",
    unverified:
      'LdapErr form; 0x57 ERROR_INVALID_PARAMETER and "Error in attribute conversion operation" as commonly reported by AD clients; not from a capture we can cite',
  },
  UNDEFINED_ATTRIBUTE_TYPE_MODIFY: {
    code: 17,
    message:
      "00000057: LdapErr: DSID-0C090D8A, comment: Error in attribute conversion operation, data 0, v4563",
    unverified: "as UNDEFINED_ATTRIBUTE_TYPE",
  },
  ATTRIBUTE_OR_VALUE_EXISTS: {
    code: 20,
    message:
      "00002083: AtrErr: DSID-03151946, #1:\n\t0: 00002083: DSID-03151946, problem 1006 (ATT_OR_VALUE_EXISTS), data 0, Att d (description)\n",
    unverified:
      "AtrErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x2083 ERROR_DS_ATT_VAL_ALREADY_EXISTS; DSID ours",
  },
  NO_SUCH_ATTRIBUTE: {
    code: 16,
    message:
      "00002080: AtrErr: DSID-03152D2C, #1:\n\t0: 00002080: DSID-03152D2C, problem 1001 (NO_ATTRIBUTE_OR_VAL), data 0, Att d (description)\n",
    unverified:
      "AtrErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x2080 ERROR_DS_CANT_REM_MISSING_ATT_VAL-style; DSID ours",
  },
  SINGLE_VALUE_CONSTRAINT: {
    code: 19,
    message:
      "00002081: AtrErr: DSID-03151A8B, #1:\n\t0: 00002081: DSID-03151A8B, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att d (description)\n",
    unverified: "AtrErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x2081; DSID ours",
  },
  INVALID_ATTRIBUTE_SYNTAX: {
    code: 21,
    message:
      "00000057: LdapErr: DSID-0C090D8A, comment: Error in attribute conversion operation, data 0, v4563",
    unverified: "as UNDEFINED_ATTRIBUTE_TYPE, with result code 21",
  },
  SYSTEM_ONLY_ATTRIBUTE: {
    code: 50,
    message: "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    unverified:
      "SecErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x2098 ERROR_DS_INSUFF_ACCESS_RIGHTS; DSID ours",
  },
  CONSTRAINT_VIOLATION: {
    code: 19,
    message:
      "000020B5: AtrErr: DSID-03152D2C, #1:\n\t0: 000020B5: DSID-03152D2C, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att d (description)\n",
    unverified: "AtrErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x20B5; DSID ours",
  },
  SD_INVALID: {
    code: 19,
    message:
      "00000057: AtrErr: DSID-03152D2C, #1:\n\t0: 00000057: DSID-03152D2C, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att d (description)\n",
    unverified: "AtrErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x57; DSID ours",
  },
  INSUFF_ACCESS_RIGHTS_WRITE: {
    code: 50,
    message: "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    unverified:
      'SecErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x2098 ERROR_DS_INSUFF_ACCESS_RIGHTS (the 00002098 "has no write property access" family Samba also uses, samba-observations \u00a710); DSID ours',
  },
  INSUFF_ACCESS_RIGHTS_RESET: {
    code: 50,
    message: "00000005: SecErr: DSID-031A1248, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    source:
      "capture: docs/reference/sspr-writeback-facts.md \u00a77: a missing Reset Password right answers 50 with this exact text (HashiCorp Vault AD secrets engine, code comment; other builds show other DSIDs)",
    quoted: true,
  },
  INSUFF_ACCESS_RIGHTS_ADD: {
    code: 50,
    message: "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    unverified: "as INSUFF_ACCESS_RIGHTS_WRITE",
  },
  INSUFF_ACCESS_RIGHTS_DELETE: {
    code: 50,
    message: "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    unverified: "as INSUFF_ACCESS_RIGHTS_WRITE",
  },
  INSUFF_ACCESS_RIGHTS_RENAME: {
    code: 50,
    message: "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    unverified: "as INSUFF_ACCESS_RIGHTS_WRITE",
  },
  INSUFF_ACCESS_RIGHTS_MOVE: {
    code: 50,
    message: "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    unverified: "as INSUFF_ACCESS_RIGHTS_WRITE",
  },
  INSUFF_ACCESS_RIGHTS_SD: {
    code: 50,
    message: "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
    unverified: "as INSUFF_ACCESS_RIGHTS_WRITE",
  },
  CHANGE_PASSWORD_DENIED: {
    code: 19,
    message:
      "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
    unverified:
      'docs/reference/sspr-writeback-facts.md \u00a77 has a 3P "000008C3: SvcErr" (NERR_PasswordCantChange) and Microsoft attributes PASSWD_CANT_CHANGE to 0x80230619 (facts \u00a78 case 9); we answer as a policy rejection (0000052D)',
  },
  OPERATIONS_BIND_REQUIRED: {
    code: 1,
    message:
      "000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563",
    unverified:
      "LdapErr form; the comment is the one AD clients widely report for an anonymous operation; DSID and v4563 ours",
  },
  PASSWORD_CONFIDENTIALITY_REQUIRED: {
    code: 53,
    message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    source:
      "capture: docs/reference/sspr-writeback-facts.md \u00a77: a password write without encryption answers 53 with this exact text (dsbenghe/Novell.Directory.Ldap.NETStandard issue #31; jellyfin-plugin-ldapauth PR #232)",
    quoted: true,
  },
  CONSTRAINT_PASSWORD_TOO_SHORT: {
    code: 19,
    message:
      "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
    source:
      "capture: docs/reference/sspr-writeback-facts.md \u00a77: a policy rejection answers 19 with this exact AtrErr text (unosquare/passcore, LdapPasswordChangeProvider.cs comment); Windows does not say which rule failed",
    quoted: true,
  },
  CONSTRAINT_PASSWORD_COMPLEXITY: {
    code: 19,
    message:
      "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
    source:
      "capture: docs/reference/sspr-writeback-facts.md \u00a77: as CONSTRAINT_PASSWORD_TOO_SHORT (passcore); complexity is one of the rules behind 0000052D",
    quoted: true,
  },
  CONSTRAINT_PASSWORD_HISTORY: {
    code: 19,
    message:
      "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
    source:
      "capture: docs/reference/sspr-writeback-facts.md \u00a77: as CONSTRAINT_PASSWORD_TOO_SHORT (passcore); history is one of the rules behind 0000052D",
    quoted: true,
  },
  CONSTRAINT_PASSWORD_PREVIOUS: {
    code: 19,
    message:
      "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
    source:
      "capture: docs/reference/sspr-writeback-facts.md \u00a77: as CONSTRAINT_PASSWORD_TOO_SHORT (passcore)",
    quoted: true,
  },
  CONSTRAINT_PASSWORD_TOO_YOUNG: {
    code: 19,
    message:
      "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
    source:
      "capture: docs/reference/sspr-writeback-facts.md \u00a77: as CONSTRAINT_PASSWORD_TOO_SHORT (passcore); minimum age is one of the rules behind 0000052D",
    quoted: true,
  },
  PASSWORD_WRONG_OLD: {
    code: 19,
    message:
      "00000056: AtrErr: DSID-03191083, #1:\n\t0: 00000056: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n",
    source:
      "fixture: docs/reference/sspr-writeback-facts.md \u00a77: a change with the wrong old password answers 19 with this exact text, 0x56 ERROR_INVALID_PASSWORD (a Python AD library README and C# tests)",
    quoted: true,
  },
  PASSWORD_MALFORMED_VALUE: {
    code: 53,
    message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified:
      "no capture of a malformed unicodePwd value (docs/reference/sspr-writeback-facts.md \u00a77 lists 00002081 AtrErr for a bad change value); we answer as PASSWORD_CONFIDENTIALITY_REQUIRED's 53",
  },
  PASSWORD_ADD_WITHOUT_DELETE: {
    code: 53,
    message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified:
      "as PASSWORD_MALFORMED_VALUE (MS-ADTS 3.1.1.3.1.5.1 says the request is refused, not with which text)",
  },
  PASSWORD_DELETE_WITHOUT_ADD: {
    code: 53,
    message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PASSWORD_ADD_WITHOUT_DELETE",
  },
  PASSWORD_BAD_OPERATION: {
    code: 53,
    message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PASSWORD_ADD_WITHOUT_DELETE",
  },
  PASSWORD_REPLACE_WITHOUT_VALUE: {
    code: 53,
    message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PASSWORD_ADD_WITHOUT_DELETE",
  },
  PASSWORD_TOO_MANY_ACTIONS: {
    code: 53,
    message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PASSWORD_ADD_WITHOUT_DELETE",
  },
  PASSWORD_CHANGE_AND_SET: {
    code: 53,
    message: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PASSWORD_ADD_WITHOUT_DELETE",
  },
  PASSWORD_ADD_VALUE_COUNT: {
    code: 19,
    message:
      "000020B5: AtrErr: DSID-03152D2C, #1:\n\t0: 000020B5: DSID-03152D2C, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att d (description)\n",
    unverified: "AtrErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x20B5; DSID ours",
  },
  PASSWORD_DELETE_VALUE_COUNT: {
    code: 19,
    message:
      "000020B5: AtrErr: DSID-03152D2C, #1:\n\t0: 000020B5: DSID-03152D2C, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att d (description)\n",
    unverified: "as PASSWORD_ADD_VALUE_COUNT",
  },
  PASSWORD_MALFORMED_VALUE_IN_CHANGE: {
    code: 19,
    message:
      "000020B5: AtrErr: DSID-03152D2C, #1:\n\t0: 000020B5: DSID-03152D2C, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att d (description)\n",
    unverified: "as PASSWORD_ADD_VALUE_COUNT",
  },
  PWDLASTSET_INVALID: {
    code: 53,
    message: "00000057: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified:
      "SvcErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x57; MS-ADA3 says only 0 and -1 may be written, not with which text",
  },
  PASSWORD_SECRET_ATTRIBUTE: {
    code: 53,
    message: "00002035: SvcErr: DSID-03152AB5, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified:
      "SvcErr form of docs/reference/sspr-writeback-facts.md \u00a77 with 0x2035 ERROR_DS_UNWILLING_TO_PERFORM; DSID ours",
  },
  USER_PASSWORD_NOT_A_PASSWORD: {
    code: 53,
    message: "00002035: SvcErr: DSID-03152AB5, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PASSWORD_SECRET_ATTRIBUTE (an assumption: simulator/directory/ASSUMPTIONS.md)",
  },
  LOCKOUTTIME_INVALID: {
    code: 53,
    message: "00000057: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PWDLASTSET_INVALID (MS-SAMR 3.1.1.8.3: only 0 unlocks)",
  },
  BIND_INVALID_CREDENTIALS: {
    code: 49,
    message: "80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563",
    source:
      'capture: docs/reference/sspr-writeback-facts.md \u00a77: 49 with "80090308: LdapErr: DSID-0C09\u2026, comment: AcceptSecurityContext error, data 52e, v\u2026" (jellyfin issue #49); the data codes 52e/532/533/773/775 from the same notes. DSID and v4563 are one build\'s',
  },
  BIND_STRONGER_AUTH_REQUIRED: {
    code: 8,
    message:
      "00002028: LdapErr: DSID-0C090259, comment: The server requires binds to turn on integrity checking if SSL\\TLS are not already active on the connection, data 0, v4563",
    unverified:
      "LdapErr form; 0x2028 ERROR_DS_STRONG_AUTH_REQUIRED with the comment AD clients report when LDAP signing is required; not from a capture we can cite",
  },
  BIND_INVALID_DN: {
    code: 34,
    message: "00002081: LdapErr: DSID-0C090D7D, comment: Error processing name, data 0, v4563",
    unverified: "as INVALID_DN_SYNTAX",
  },
  UNAVAILABLE_CRITICAL_EXTENSION: {
    code: 12,
    message: "00000057: LdapErr: DSID-0C090A7D, comment: Error processing control, data 0, v4563",
    unverified: "result code 12 for an unknown critical control is RFC 4511 4.1.11; the LdapErr text is ours",
  },
  SIZE_LIMIT_EXCEEDED: {
    code: 4,
    message: "",
    unverified:
      "result code 4 is RFC 4511 4.5.1; MaxPageSize 1000 is MS-ADTS 3.1.1.3.4.6; the empty message is ours",
  },
  TIME_LIMIT_EXCEEDED: {
    code: 3,
    message: "",
    unverified: "result code 3 is RFC 4511 4.5.1; the empty message is ours",
  },
  ROOTDSE_UNKNOWN_ATTRIBUTE: {
    code: 53,
    message: "00002035: SvcErr: DSID-03152AB5, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PASSWORD_SECRET_ATTRIBUTE",
  },
  UNWILLING_TO_PERFORM: {
    code: 53,
    message: "00002035: SvcErr: DSID-03152AB5, problem 5003 (WILL_NOT_PERFORM), data 0\n",
    unverified: "as PASSWORD_SECRET_ATTRIBUTE",
  },
  PROTOCOL_ERROR: {
    code: 2,
    message: "00000057: LdapErr: DSID-0C0C0968, comment: Error decoding ldap message, data 0, v4563",
    unverified: 'LdapErr form; 0x57 with "Error decoding ldap message"; DSID ours',
  },
  AUTH_METHOD_NOT_SUPPORTED: {
    code: 7,
    message: "00002027: LdapErr: DSID-0C0902D2, comment: Unsupported authentication mechanism, data 0, v4563",
    unverified: "LdapErr form; 0x2027; DSID ours",
  },
  UNSUPPORTED_EXTENDED_OPERATION: {
    code: 2,
    message: "0000203D: LdapErr: DSID-0C0C0914, comment: Unknown extended request OID, data 0, v4563",
    unverified: "LdapErr form; 0x203D; DSID ours",
  },
  STARTTLS_REFUSED: {
    code: 1,
    message: "00002020: LdapErr: DSID-0C0C0E4A, comment: Error initializing SSL/TLS, data 0, v4563",
    unverified: "LdapErr form; 0x2020; DSID ours",
  },
  OPERATIONS_ERROR: {
    code: 1,
    message: "000020EF: SvcErr: DSID-0C090D8A, problem 5012 (DIR_ERROR), data 0\n",
    unverified: "SvcErr form; 0x20EF ERROR_DS_DIR_ERROR-style; DSID ours",
  },
  LDAP_BUSY: {
    code: 51,
    message: "0000200E: LdapErr: DSID-0C0605A1, comment: The server is busy, data 0, v4563",
    unverified:
      "result code 51 busy for a refused connection past MaxConnections (MS-ADTS 3.1.1.3.4.6 names the policy, not the answer); 0x200E ERROR_DS_BUSY, LdapErr form; DSID ours",
  },
  LDAP_IDLE_TIMEOUT: {
    code: 52,
    message:
      "0000200F: LdapErr: DSID-0C0605B2, comment: The server has timed out this connection, data 0, v4563",
    unverified:
      "the Notice of Disconnection for MaxConnIdleTime with ERROR_DS_UNAVAILABLE 0x200F, as KB 315071 describes it (its wording not quoted in docs/reference); DSID ours",
  },
  PAGED_RESULTS_COOKIE_INVALID: {
    code: 12,
    message: "00000057: LdapErr: DSID-0C090A7D, comment: Error processing control, data 0, v4563",
    unverified:
      "a discarded paged-results cookie answers 12 with 00000057 Error processing control, as Microsoft's 'How LDAP server cookies are handled' describes (not quoted in docs/reference); DSID ours",
  },
};
