/**
 * The Windows Server DC personality: message shapes from real DCs (sspr-writeback-facts.md §7 and
 * widely published captures). Windows diagnostic strings are `<WIN32 hex>: <Err class>: DSID-<file
 * and line>, problem <n> (<NAME>), data <n>`; DSIDs differ between builds and are fixed here to one
 * build's values. AtrErr messages name the attribute as `Att <ATTRTYP hex> (<name>)`.
 *
 * Every entry's source (or UNVERIFIED) is in ONE table, test/personality/windows-evidence.ts, with the
 * code and message literal this catalogue must produce: change a message there first, with its source.
 */
import {
  type ErrorKey,
  type MessageArgs,
  type MessageTemplate,
  makePersonality,
  type Personality,
} from "./catalogue.ts";

const atrErr = (win32: string, dsid: string, problem: string) => (a: MessageArgs) =>
  `${win32}: AtrErr: DSID-${dsid}, #1:\n\t0: ${win32}: DSID-${dsid}, problem ${problem}, data 0, Att ${a.attid ?? "0"} (${a.attribute ?? ""})\n`;
const updErr = (win32: string, dsid: string, problem: string) => () =>
  `${win32}: UpdErr: DSID-${dsid}, problem ${problem}, data 0\n`;
const secErr = (win32: string, dsid: string) => () =>
  `${win32}: SecErr: DSID-${dsid}, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n`;
const svcErr =
  (win32: string, dsid: string, problem = "5003 (WILL_NOT_PERFORM)") =>
  () =>
    `${win32}: SvcErr: DSID-${dsid}, problem ${problem}, data 0\n`;
const nameErr = (a: MessageArgs) =>
  `0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${a.bestMatch ?? ""}'\n`;
const ldapErr = (win32: string, dsid: string, comment: string) => () =>
  `${win32}: LdapErr: DSID-${dsid}, comment: ${comment}, data 0, v4563`;
const pwdPolicy = atrErr("0000052D", "03191083", "1005 (CONSTRAINT_ATT_TYPE)");

const T: Record<ErrorKey, MessageTemplate> = {
  NO_OBJECT: { code: 32, message: nameErr, matchedDN: (a) => a.bestMatch ?? "" },
  NO_OBJECT_MODIFY: { code: 32, message: nameErr, matchedDN: (a) => a.bestMatch ?? "" },
  NO_OBJECT_SEARCH_BASE: { code: 32, message: nameErr, matchedDN: (a) => a.bestMatch ?? "" },
  NO_OBJECT_SEARCH_EXTENDED_BASE: { code: 32, message: nameErr, matchedDN: (a) => a.bestMatch ?? "" },
  ENTRY_EXISTS: { code: 68, message: updErr("00002071", "0305038D", "6005 (ENTRY_EXISTS)") },
  NOT_ALLOWED_ON_NON_LEAF: { code: 66, message: updErr("0000208C", "030F0F2A", "6003 (CANT_ON_NON_LEAF)") },
  NAMING_VIOLATION: {
    code: 64,
    message: () =>
      "00002099: NameErr: DSID-0305109C, problem 2005 (NAMING_VIOLATION), data 0, best match of:\n\t'\n'\n",
  },
  INVALID_DN_SYNTAX: {
    code: 34,
    message: ldapErr("00002081", "0C090D7D", "Error processing name"),
  },
  NOT_ALLOWED_ON_RDN: { code: 67, message: updErr("000020B1", "030F0D8B", "6004 (CANT_ON_RDN)") },
  OBJ_CLASS_VIOLATION_MISSING_REQUIRED: {
    code: 65,
    message: updErr("0000207C", "03151CEB", "6002 (OBJ_CLASS_VIOLATION)"),
  },
  OBJ_CLASS_VIOLATION_NOT_ALLOWED: {
    code: 65,
    message: updErr("0000207D", "0315119D", "6002 (OBJ_CLASS_VIOLATION)"),
  },
  OBJ_CLASS_VIOLATION_UNKNOWN_CLASS: {
    code: 65,
    message: updErr("0000207B", "03050FA3", "6002 (OBJ_CLASS_VIOLATION)"),
  },
  OBJ_CLASS_MOD_PROHIBITED: {
    code: 69,
    message: updErr("00002095", "030F0AC7", "6007 (OBJ_CLASS_MOD_PROHIBITED)"),
  },
  UNDEFINED_ATTRIBUTE_TYPE: {
    code: 17,
    message: ldapErr("00000057", "0C090D8A", "Error in attribute conversion operation"),
  },
  UNDEFINED_ATTRIBUTE_TYPE_MODIFY: {
    code: 17,
    message: ldapErr("00000057", "0C090D8A", "Error in attribute conversion operation"),
  },
  ATTRIBUTE_OR_VALUE_EXISTS: {
    code: 20,
    message: atrErr("00002083", "03151946", "1006 (ATT_OR_VALUE_EXISTS)"),
  },
  NO_SUCH_ATTRIBUTE: { code: 16, message: atrErr("00002080", "03152D2C", "1001 (NO_ATTRIBUTE_OR_VAL)") },
  SINGLE_VALUE_CONSTRAINT: {
    code: 19,
    message: atrErr("00002081", "03151A8B", "1005 (CONSTRAINT_ATT_TYPE)"),
  },
  INVALID_ATTRIBUTE_SYNTAX: {
    code: 21,
    message: ldapErr("00000057", "0C090D8A", "Error in attribute conversion operation"),
  },
  SYSTEM_ONLY_ATTRIBUTE: { code: 50, message: secErr("00002098", "03150F94") },
  CONSTRAINT_VIOLATION: { code: 19, message: atrErr("000020B5", "03152D2C", "1005 (CONSTRAINT_ATT_TYPE)") },
  SD_INVALID: { code: 19, message: atrErr("00000057", "03152D2C", "1005 (CONSTRAINT_ATT_TYPE)") },
  INSUFF_ACCESS_RIGHTS_WRITE: { code: 50, message: secErr("00002098", "03150F94") },
  INSUFF_ACCESS_RIGHTS_RESET: { code: 50, message: secErr("00000005", "031A1248") },
  INSUFF_ACCESS_RIGHTS_ADD: { code: 50, message: secErr("00002098", "03150F94") },
  INSUFF_ACCESS_RIGHTS_DELETE: { code: 50, message: secErr("00002098", "03150F94") },
  INSUFF_ACCESS_RIGHTS_RENAME: { code: 50, message: secErr("00002098", "03150F94") },
  INSUFF_ACCESS_RIGHTS_MOVE: { code: 50, message: secErr("00002098", "03150F94") },
  INSUFF_ACCESS_RIGHTS_SD: { code: 50, message: secErr("00002098", "03150F94") },
  // A denied or missing User-Change-Password right: constraintViolation, not 50 (observed on Samba, E5c;
  // Windows reports the change as a password-policy-style CONSTRAINT_ATT_TYPE on unicodePwd).
  CHANGE_PASSWORD_DENIED: {
    code: 19,
    message: (a) => pwdPolicy({ ...a, attribute: "unicodePwd", attid: "9005a" }),
  },
  OPERATIONS_BIND_REQUIRED: {
    code: 1,
    message: () =>
      "000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563",
  },
  PASSWORD_CONFIDENTIALITY_REQUIRED: { code: 53, message: svcErr("0000001F", "031A12D2") },
  CONSTRAINT_PASSWORD_TOO_SHORT: {
    code: 19,
    message: (a) => pwdPolicy({ ...a, attribute: "unicodePwd", attid: "9005a" }),
  },
  CONSTRAINT_PASSWORD_COMPLEXITY: {
    code: 19,
    message: (a) => pwdPolicy({ ...a, attribute: "unicodePwd", attid: "9005a" }),
  },
  CONSTRAINT_PASSWORD_HISTORY: {
    code: 19,
    message: (a) => pwdPolicy({ ...a, attribute: "unicodePwd", attid: "9005a" }),
  },
  CONSTRAINT_PASSWORD_PREVIOUS: {
    code: 19,
    message: (a) => pwdPolicy({ ...a, attribute: "unicodePwd", attid: "9005a" }),
  },
  CONSTRAINT_PASSWORD_TOO_YOUNG: {
    code: 19,
    message: (a) => pwdPolicy({ ...a, attribute: "unicodePwd", attid: "9005a" }),
  },
  PASSWORD_WRONG_OLD: {
    code: 19,
    message: (a) =>
      atrErr(
        "00000056",
        "03191083",
        "1005 (CONSTRAINT_ATT_TYPE)",
      )({ ...a, attribute: "unicodePwd", attid: "9005a" }),
  },
  // Windows shapes for malformed unicodePwd values are not captured (facts §7 lists 00002081 AtrErr for
  // a bad change value); we answer 53 WILL_NOT_PERFORM as for other refused password writes.
  PASSWORD_MALFORMED_VALUE: { code: 53, message: svcErr("0000001F", "031A12D2") },
  PASSWORD_ADD_WITHOUT_DELETE: { code: 53, message: svcErr("0000001F", "031A12D2") },
  PASSWORD_DELETE_WITHOUT_ADD: { code: 53, message: svcErr("0000001F", "031A12D2") },
  PASSWORD_BAD_OPERATION: { code: 53, message: svcErr("0000001F", "031A12D2") },
  PASSWORD_REPLACE_WITHOUT_VALUE: { code: 53, message: svcErr("0000001F", "031A12D2") },
  PASSWORD_TOO_MANY_ACTIONS: { code: 53, message: svcErr("0000001F", "031A12D2") },
  PASSWORD_CHANGE_AND_SET: { code: 53, message: svcErr("0000001F", "031A12D2") },
  PASSWORD_ADD_VALUE_COUNT: {
    code: 19,
    message: atrErr("000020B5", "03152D2C", "1005 (CONSTRAINT_ATT_TYPE)"),
  },
  PASSWORD_DELETE_VALUE_COUNT: {
    code: 19,
    message: atrErr("000020B5", "03152D2C", "1005 (CONSTRAINT_ATT_TYPE)"),
  },
  PASSWORD_MALFORMED_VALUE_IN_CHANGE: {
    code: 19,
    message: atrErr("000020B5", "03152D2C", "1005 (CONSTRAINT_ATT_TYPE)"),
  },
  PWDLASTSET_INVALID: { code: 53, message: svcErr("00000057", "031A12D2") },
  LOCKOUTTIME_INVALID: { code: 53, message: svcErr("00000057", "031A12D2") },
  BIND_INVALID_CREDENTIALS: {
    code: 49,
    message: (a) =>
      `80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data ${a.dataCode ?? "52e"}, v4563`,
  },
  BIND_STRONGER_AUTH_REQUIRED: {
    code: 8,
    message: () =>
      "00002028: LdapErr: DSID-0C090259, comment: The server requires binds to turn on integrity checking if SSL\\TLS are not already active on the connection, data 0, v4563",
  },
  BIND_INVALID_DN: {
    code: 34,
    message: ldapErr("00002081", "0C090D7D", "Error processing name"),
  },
  UNAVAILABLE_CRITICAL_EXTENSION: {
    code: 12,
    message: ldapErr("00000057", "0C090A7D", "Error processing control"),
  },
  SIZE_LIMIT_EXCEEDED: { code: 4, message: () => "" },
  TIME_LIMIT_EXCEEDED: { code: 3, message: () => "" },
  ROOTDSE_UNKNOWN_ATTRIBUTE: { code: 53, message: svcErr("00002035", "03152AB5") },
  UNWILLING_TO_PERFORM: { code: 53, message: svcErr("00002035", "03152AB5") },
  // Secret attributes (dBCSPwd, ntPwdHistory, …) are written only by the DC itself.
  PASSWORD_SECRET_ATTRIBUTE: { code: 53, message: svcErr("00002035", "03152AB5") },
  // Assumed (ASSUMPTIONS.md): a real DC stores userPassword as an ordinary attribute while
  // fUserPwdSupport is off; the simulator never stores a password in clear and refuses it.
  USER_PASSWORD_NOT_A_PASSWORD: { code: 53, message: svcErr("00002035", "03152AB5") },
  PROTOCOL_ERROR: { code: 2, message: ldapErr("00000057", "0C0C0968", "Error decoding ldap message") },
  AUTH_METHOD_NOT_SUPPORTED: {
    code: 7,
    message: ldapErr("00002027", "0C0902D2", "Unsupported authentication mechanism"),
  },
  UNSUPPORTED_EXTENDED_OPERATION: {
    code: 2,
    message: ldapErr("0000203D", "0C0C0914", "Unknown extended request OID"),
  },
  STARTTLS_REFUSED: { code: 1, message: ldapErr("00002020", "0C0C0E4A", "Error initializing SSL/TLS") },
  OPERATIONS_ERROR: { code: 1, message: svcErr("000020EF", "0C090D8A", "5012 (DIR_ERROR)") },
  // ERROR_DS_BUSY (0x200E); KB 315071: limits answer "busy".
  LDAP_BUSY: { code: 51, message: ldapErr("0000200E", "0C0605A1", "The server is busy") },
  // ERROR_DS_UNAVAILABLE (0x200F) in the Notice of Disconnection KB 315071 describes for MaxConnIdleTime.
  LDAP_IDLE_TIMEOUT: {
    code: 52,
    message: ldapErr("0000200F", "0C0605B2", "The server has timed out this connection"),
  },
  // "How LDAP server cookies are handled": a discarded cookie gets 00000057 … Error processing control.
  PAGED_RESULTS_COOKIE_INVALID: {
    code: 12,
    message: ldapErr("00000057", "0C090A7D", "Error processing control"),
  },
};

export const windowsPersonality: Personality = makePersonality(
  "windows",
  {
    sdProp: true,
    policyHints: true,
    passwordNeedsTls: true,
    simpleBindNeedsTls: false,
    lockoutTimeStoresAnyValue: false,
    passwordReplaceLastValueWins: false,
    successMessage: "",
    rootDseKnowsProtectAdminGroups: true,
    unauthenticatedBindRefused: false,
    maxPageSize: 1000,
    ownerGroupDefaultedOnCreate: false,
    passwordSetChecksUnexpireRight: true,
    functionalLevel: 7,
    modifyByNameOnly: false,
    passwordRules: "windows",
    supportedLdapVersions: ["3", "2"],
    vendor: null,
    replAttributeMetaData: true,
    clearTextPassword: false,
  },
  T,
);
