/**
 * The Samba 4.17 AD DC personality. Observed strings come verbatim from samba-observations.md
 * (§3, §5, §6, §7). Unobserved ones follow Samba's LDAP server convention (source4 ldap_backend.c
 * map_ldb_error): the text is prefixed with `%08X: ` and the WERROR of the LDB result code unless
 * it already starts with a hex digit — which is why "error in module acl: …" and
 * "attribute '…' …" go out bare.
 */
import {
  type ErrorKey,
  type MessageArgs,
  type MessageTemplate,
  makePersonality,
  type Personality,
} from "./catalogue.ts";

/** WERROR for each LDB/LDAP result code (map_ldb_error). */
const WERR: Record<number, string> = {
  1: "00002020",
  2: "00002021",
  3: "00002022",
  4: "00002023",
  7: "00002027",
  8: "00002028",
  12: "0000202C",
  16: "0000200A",
  17: "0000200C",
  19: "0000202F",
  20: "0000200D",
  21: "0000200B",
  32: "00002030",
  34: "00002032",
  50: "00002098",
  53: "00002035",
  64: "00002037",
  65: "00002014",
  66: "00002015",
  67: "00002016",
  68: "00002071",
  69: "00002017",
  80: "00002034",
};

/** Samba's prefixing rule: leave texts that begin with a hex digit alone. */
export function sambaText(code: number, text: string): string {
  return /^[0-9a-fA-F]/.test(text) ? text : `${WERR[code] ?? "00002034"}: ${text}`;
}

const t = (code: number, text: (a: MessageArgs) => string): MessageTemplate => ({
  code,
  message: (a) => sambaText(code, text(a)),
});
const verbatim = (code: number, text: (a: MessageArgs) => string): MessageTemplate => ({
  code,
  message: text,
});

const T: Record<ErrorKey, MessageTemplate> = {
  NO_OBJECT: t(32, (a) => `No such Base DN: ${a.dn}`),
  // Observed (E7): modify on a DN that does not exist, empty matchedDN.
  NO_OBJECT_MODIFY: t(32, (a) => `No such Base DN: ${a.dn}`),
  // Observed (E7): base search on a missing DN by a non-system user.
  NO_OBJECT_SEARCH_BASE: verbatim(
    32,
    () =>
      "acl_read: Error retrieving instanceType for base. at ../../source4/dsdb/samdb/ldb_modules/acl_read.c:967",
  ),
  // Seen on the Samba container: an extended-DN base (<GUID=…>, <SID=…>) that matches nothing is
  // refused by extended_dn_in, before acl_read.
  NO_OBJECT_SEARCH_EXTENDED_BASE: t(32, (a) => `Base-DN '${a.dn}' not found`),
  ENTRY_EXISTS: t(68, (a) => `Entry ${a.dn} already exists`),
  NOT_ALLOWED_ON_NON_LEAF: t(
    66,
    (a) => `subtree_delete: Unable to delete a non-leaf node (it has ${a.detail ?? "1"} children)!`,
  ),
  NAMING_VIOLATION: t(
    64,
    (a) => `objectclass: Invalid RDN '${a.detail ?? ""}' for objectclass '${a.objectClass ?? ""}'!`,
  ),
  INVALID_DN_SYNTAX: t(34, (a) => `Invalid DN '${a.dn ?? ""}'`),
  NOT_ALLOWED_ON_RDN: t(
    67,
    (a) =>
      `objectclass_attrs: attribute '${a.attribute}' on entry '${a.dn}' is the RDN and may not be modified directly!`,
  ),
  OBJ_CLASS_VIOLATION_MISSING_REQUIRED: t(
    65,
    (a) =>
      `objectclass_attrs: at least one mandatory attribute ('${a.attribute}') on entry '${a.dn}' wasn't specified!`,
  ),
  OBJ_CLASS_VIOLATION_NOT_ALLOWED: t(
    65,
    (a) =>
      `objectclass_attrs: attribute '${a.attribute}' on entry '${a.dn}' does not exist in the specified objectclasses!`,
  ),
  OBJ_CLASS_VIOLATION_UNKNOWN_CLASS: t(
    65,
    (a) => `objectclass: Cannot add ${a.dn}, unknown objectClass '${a.objectClass}'!`,
  ),
  OBJ_CLASS_MOD_PROHIBITED: t(
    69,
    (a) => `objectclass: the structural objectclass of '${a.dn}' may not be changed!`,
  ),
  UNDEFINED_ATTRIBUTE_TYPE: t(
    17,
    (a) => `objectclass_attrs: attribute '${a.attribute}' on entry '${a.dn}' was not found in the schema!`,
  ),
  // Seen on the Samba container: acl_modify refuses an attribute the schema does not know with
  // noSuchAttribute (16), before objectclass_attrs would say 17.
  UNDEFINED_ATTRIBUTE_TYPE_MODIFY: t(
    16,
    (a) => `acl_modify: attribute '${a.attribute}' on entry '${a.dn}' was not found in the schema!`,
  ),
  ATTRIBUTE_OR_VALUE_EXISTS: t(20, (a) => `attribute '${a.attribute}': value #0 on '${a.dn}' already exists`),
  NO_SUCH_ATTRIBUTE: t(
    16,
    (a) => `attribute '${a.attribute}': no matching attribute value while deleting attribute on '${a.dn}'`,
  ),
  SINGLE_VALUE_CONSTRAINT: t(
    19,
    (a) => `objectclass_attrs: attribute '${a.attribute}' on entry '${a.dn}' is single-valued!`,
  ),
  INVALID_ATTRIBUTE_SYNTAX: t(
    21,
    (a) =>
      `objectclass_attrs: attribute '${a.attribute}' on entry '${a.dn}' contains at least one invalid value!`,
  ),
  SYSTEM_ONLY_ATTRIBUTE: verbatim(
    53,
    (a) =>
      `acl_modify: attribute '${a.attribute}' on entry '${a.dn}' must not be modified directly, it is a system attribute`,
  ),
  CONSTRAINT_VIOLATION: t(19, (a) => `Constraint violation on '${a.attribute}' of '${a.dn}'`),
  SD_INVALID: t(19, (a) => `descriptor: Invalid security descriptor on '${a.dn}'`),
  // Observed (§3, §10.2): write-property denial, with the trailing newline.
  INSUFF_ACCESS_RIGHTS_WRITE: verbatim(50, (a) => `00002098: Object ${a.dn} has no write property access\n`),
  // Observed (§3, §10.2): reset denial (generic ldb module error, no hex prefix).
  INSUFF_ACCESS_RIGHTS_RESET: verbatim(
    50,
    () => "error in module acl: insufficient access rights during LDB_MODIFY (50)",
  ),
  // Seen on the Samba container (acl.c acl_add, acl_delete via dsdb_module_check_access_on_dn on the
  // parent, acl_rename's write-property check on "name").
  INSUFF_ACCESS_RIGHTS_ADD: verbatim(50, (a) => `acl: unable to get access to ${a.dn}\n`),
  INSUFF_ACCESS_RIGHTS_DELETE: verbatim(
    50,
    (a) => `dsdb_access: Access check failed on ${a.parentDn ?? a.dn}`,
  ),
  INSUFF_ACCESS_RIGHTS_RENAME: verbatim(50, (a) => `00002098: Object ${a.dn} has no wp on name\n`),
  // Not observed: a move without delete/create-child rights.
  INSUFF_ACCESS_RIGHTS_MOVE: verbatim(
    50,
    () => "error in module acl: insufficient access rights during LDB_RENAME (50)",
  ),
  // acl.c acl_modify: any nTSecurityDescriptor write denial (owner, group, DACL or SACL), with the
  // trailing newline; seen on the Samba container (conformance "sd: MSOL writes the root DACL").
  INSUFF_ACCESS_RIGHTS_SD: verbatim(50, (a) => `00002098: Object ${a.dn} has no write dacl access\n`),
  // Observed (§10.3, E5, E5c, E4b).
  CHANGE_PASSWORD_DENIED: verbatim(
    19,
    () => "error in module acl: Constraint violation during LDB_MODIFY (19)",
  ),
  // Observed (E6).
  OPERATIONS_BIND_REQUIRED: verbatim(1, () => "00002020: Operation unavailable without authentication"),
  // Not observed: Samba accepted password writes over cleartext once the simple bind was allowed (E6);
  // the personality quirk passwordNeedsTls=false means this template is only used if a lab turns it on.
  PASSWORD_CONFIDENTIALITY_REQUIRED: t(
    53,
    () => "Password modification over LDAP must be over an encrypted connection",
  ),
  CONSTRAINT_PASSWORD_TOO_SHORT: verbatim(
    19,
    (a) =>
      `0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than ${a.minLength ?? "7"} characters!`,
  ),
  CONSTRAINT_PASSWORD_COMPLEXITY: verbatim(
    19,
    () =>
      "0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!",
  ),
  CONSTRAINT_PASSWORD_HISTORY: verbatim(
    19,
    () =>
      "0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)!",
  ),
  CONSTRAINT_PASSWORD_PREVIOUS: verbatim(
    19,
    () =>
      "0000052D: Constraint violation - check_password_restrictions: the password was already used (previous password)!",
  ),
  CONSTRAINT_PASSWORD_TOO_YOUNG: verbatim(
    19,
    () => "0000052D: Constraint violation - check_password_restrictions: password is too young to change!",
  ),
  PASSWORD_WRONG_OLD: verbatim(
    19,
    () =>
      "00000056: Constraint violation - check_password_restrictions: The old password specified doesn't match!",
  ),
  // Observed (E7): the trailing quote is part of Samba's string.
  PASSWORD_MALFORMED_VALUE: verbatim(
    53,
    () => "00002035: setup_io: it's not allowed to set the NT hash password directly'",
  ),
  PASSWORD_ADD_WITHOUT_DELETE: verbatim(
    53,
    () => "00002035: Only the add action for a password change specified!",
  ),
  PASSWORD_DELETE_WITHOUT_ADD: verbatim(
    53,
    () =>
      "00002035: setup_io: It's not possible to delete the password (changes using the LAN Manager hash alone could be deactivated)!",
  ),
  PASSWORD_BAD_OPERATION: verbatim(
    53,
    () => "00002035: setup_io: it's not allowed to set the NT hash password directly'",
  ),
  // password_hash.c (4.17) for the other malformed shapes: msg_find_old_and_new_pwd_val refuses a
  // replace without values (observed on the Samba container, "E7 malformed: reset with an empty value
  // list"); password_hash_modify counts the add/delete/replace elements; setup_io answers 19 instead of
  // 53 for a badly encoded new value when an old value was given.
  PASSWORD_REPLACE_WITHOUT_VALUE: t(53, () => "setup_io: it's only allowed to set the old password once!"),
  PASSWORD_TOO_MANY_ACTIONS: t(53, () => "Only one delete and one add action for a password change allowed!"),
  PASSWORD_CHANGE_AND_SET: t(53, () => "Either a password change or a password set operation is allowed!"),
  PASSWORD_ADD_VALUE_COUNT: t(
    19,
    (a) => `'${a.attribute ?? "unicodePwd"}' attribute must have exactly one value on add operations!`,
  ),
  PASSWORD_DELETE_VALUE_COUNT: t(
    19,
    (a) => `'${a.attribute ?? "unicodePwd"}' attribute must have zero or one value(s) on delete operations!`,
  ),
  PASSWORD_MALFORMED_VALUE_IN_CHANGE: t(
    19,
    () => "setup_io: it's not allowed to set the NT hash password directly'",
  ),
  // Observed (E7).
  PWDLASTSET_INVALID: verbatim(
    80,
    () =>
      "00000057: setup_last_set_field: pwdLastSet must be 0 or -1 only! at ../../source4/dsdb/samdb/ldb_modules/password_hash.c:2436:setup_last_set_field",
  ),
  LOCKOUTTIME_INVALID: t(19, () => "lockoutTime may only be set to 0"),
  // Observed (§7).
  BIND_INVALID_CREDENTIALS: verbatim(
    49,
    (a) =>
      `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${a.dataCode ?? "52e"}, v1db1`,
  ),
  BIND_STRONGER_AUTH_REQUIRED: verbatim(8, () => "BindSimple: Transport encryption required."),
  BIND_INVALID_DN: verbatim(
    49,
    () => "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1",
  ),
  // Observed (E9): empty diagnostic message.
  UNAVAILABLE_CRITICAL_EXTENSION: verbatim(12, () => ""),
  SIZE_LIMIT_EXCEEDED: verbatim(4, () => ""),
  TIME_LIMIT_EXCEEDED: verbatim(3, () => ""),
  // Observed (E4).
  ROOTDSE_UNKNOWN_ATTRIBUTE: verbatim(53, () => "00002035: rootdse_modify: unknown attribute to change!"),
  UNWILLING_TO_PERFORM: t(53, (a) => a.detail ?? "Unwilling to perform"),
  // Seen on the container: dBCSPwd has its own setup_io text; the other secrets fail in password_hash.
  PASSWORD_SECRET_ATTRIBUTE: verbatim(53, (a) =>
    a.attribute === "dBCSPwd"
      ? "00002035: setup_io: it's not allowed to set the LM hash password (dBCSPwd)'"
      : "error in module password_hash: Unwilling to perform during LDB_MODIFY (53)",
  ),
  // Assumed: Samba 4.17 stores userPassword in clear when fUserPwdSupport is off (seen); we refuse.
  USER_PASSWORD_NOT_A_PASSWORD: verbatim(53, () => "00002035: userPassword is not a password attribute here"),
  PROTOCOL_ERROR: t(2, (a) => a.detail ?? "Protocol error"),
  AUTH_METHOD_NOT_SUPPORTED: t(7, (a) => `SASL:[${a.mechanism ?? ""}]: not supported`),
  UNSUPPORTED_EXTENDED_OPERATION: t(2, (a) => `Extended Operation(${a.oid ?? ""}) not supported`),
  STARTTLS_REFUSED: t(1, (a) => a.detail ?? "Could not start TLS"),
  OPERATIONS_ERROR: t(1, (a) => a.detail ?? "Operations error"),
  // Not observed: Samba's ldap_server texts for its limits (ASSUMPTIONS.md).
  LDAP_BUSY: t(51, (a) => a.detail ?? "Busy"),
  LDAP_IDLE_TIMEOUT: t(52, () => "The server has timed out this connection"),
  PAGED_RESULTS_COOKIE_INVALID: t(2, () => "invalid paged results cookie"),
};

export const sambaPersonality: Personality = makePersonality(
  "samba",
  {
    sdProp: false,
    policyHints: false,
    passwordNeedsTls: false,
    simpleBindNeedsTls: true,
    lockoutTimeStoresAnyValue: true,
    passwordReplaceLastValueWins: true,
    successMessage: "00000000: Success",
    rootDseKnowsProtectAdminGroups: false,
    unauthenticatedBindRefused: true,
    ownerGroupDefaultedOnCreate: true,
    passwordSetChecksUnexpireRight: false,
    functionalLevel: 4,
    maxPageSize: 0,
    modifyByNameOnly: true,
    passwordRules: "samba",
    supportedLdapVersions: ["2", "3"],
    vendor: { name: "Samba Team (https://www.samba.org)", version: "4.17.12-Debian" },
    replAttributeMetaData: false,
    clearTextPassword: true,
  },
  T,
);
