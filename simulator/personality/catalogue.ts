/**
 * One error catalogue per DC personality: every result code and diagnostic message the directory
 * can send lives in windows.ts or samba.ts, keyed by the names below. Handlers never spell a
 * message; they call `personality.error(KEY, args)` and throw what comes back.
 *
 * Windows strings follow the shapes of real Windows Server DCs (sspr-writeback-facts.md §7; DSIDs
 * vary by build, we use one fixed build's). Samba strings are the ones recorded from Samba 4.17
 * (samba-observations.md); where Samba was not observed we follow its source conventions
 * (`%08X: text` with the WERROR of the LDB error, unless the text starts with a hex digit).
 */
import { DirectoryError, type LdapResult, type ProtocolErrorCatalogue } from "./ldap-result.ts";

export type PersonalityName = "windows" | "samba";

/** Arguments a template may use. */
export interface MessageArgs {
  /** Target DN as the client sent it. */
  dn?: string;
  /** Closest existing ancestor (noSuchObject). */
  bestMatch?: string;
  /** The parent of the target (where a delete-child right was checked). */
  parentDn?: string;
  /** Attribute name as the schema spells it. */
  attribute?: string;
  /** ATTRTYP hex for Windows AtrErr messages. */
  attid?: string;
  /** Object class. */
  objectClass?: string;
  /** Bind data code (52e, 775, …). */
  dataCode?: string;
  /** Minimum password length for the policy message. */
  minLength?: string;
  /** Free text for internal detail (never shown to clients by Windows). */
  detail?: string;
  oid?: string;
  mechanism?: string;
  operation?: string;
}

export const ERROR_KEYS = [
  // naming / existence
  "NO_OBJECT",
  "NO_OBJECT_MODIFY",
  "NO_OBJECT_SEARCH_BASE",
  "NO_OBJECT_SEARCH_EXTENDED_BASE",
  "ENTRY_EXISTS",
  "NOT_ALLOWED_ON_NON_LEAF",
  "NAMING_VIOLATION",
  "INVALID_DN_SYNTAX",
  "NOT_ALLOWED_ON_RDN",
  // schema
  "OBJ_CLASS_VIOLATION_MISSING_REQUIRED",
  "OBJ_CLASS_VIOLATION_NOT_ALLOWED",
  "OBJ_CLASS_VIOLATION_UNKNOWN_CLASS",
  "OBJ_CLASS_MOD_PROHIBITED",
  "UNDEFINED_ATTRIBUTE_TYPE",
  "UNDEFINED_ATTRIBUTE_TYPE_MODIFY",
  "ATTRIBUTE_OR_VALUE_EXISTS",
  "NO_SUCH_ATTRIBUTE",
  "SINGLE_VALUE_CONSTRAINT",
  "INVALID_ATTRIBUTE_SYNTAX",
  "SYSTEM_ONLY_ATTRIBUTE",
  "CONSTRAINT_VIOLATION",
  "SD_INVALID",
  // access
  "INSUFF_ACCESS_RIGHTS_WRITE",
  "INSUFF_ACCESS_RIGHTS_RESET",
  "INSUFF_ACCESS_RIGHTS_ADD",
  "INSUFF_ACCESS_RIGHTS_DELETE",
  "INSUFF_ACCESS_RIGHTS_RENAME",
  "INSUFF_ACCESS_RIGHTS_MOVE",
  "INSUFF_ACCESS_RIGHTS_SD",
  "CHANGE_PASSWORD_DENIED",
  "OPERATIONS_BIND_REQUIRED",
  // passwords
  "PASSWORD_CONFIDENTIALITY_REQUIRED",
  "CONSTRAINT_PASSWORD_TOO_SHORT",
  "CONSTRAINT_PASSWORD_COMPLEXITY",
  "CONSTRAINT_PASSWORD_HISTORY",
  "CONSTRAINT_PASSWORD_PREVIOUS",
  "CONSTRAINT_PASSWORD_TOO_YOUNG",
  "PASSWORD_WRONG_OLD",
  "PASSWORD_MALFORMED_VALUE",
  "PASSWORD_ADD_WITHOUT_DELETE",
  "PASSWORD_DELETE_WITHOUT_ADD",
  "PASSWORD_BAD_OPERATION",
  "PASSWORD_REPLACE_WITHOUT_VALUE",
  "PASSWORD_TOO_MANY_ACTIONS",
  "PASSWORD_CHANGE_AND_SET",
  "PASSWORD_ADD_VALUE_COUNT",
  "PASSWORD_DELETE_VALUE_COUNT",
  "PASSWORD_MALFORMED_VALUE_IN_CHANGE",
  "PWDLASTSET_INVALID",
  "PASSWORD_SECRET_ATTRIBUTE",
  "USER_PASSWORD_NOT_A_PASSWORD",
  "LOCKOUTTIME_INVALID",
  // binds
  "BIND_INVALID_CREDENTIALS",
  "BIND_STRONGER_AUTH_REQUIRED",
  "BIND_INVALID_DN",
  // controls, limits, misc
  "UNAVAILABLE_CRITICAL_EXTENSION",
  "SIZE_LIMIT_EXCEEDED",
  "TIME_LIMIT_EXCEEDED",
  "ROOTDSE_UNKNOWN_ATTRIBUTE",
  "UNWILLING_TO_PERFORM",
  "PROTOCOL_ERROR",
  "AUTH_METHOD_NOT_SUPPORTED",
  "UNSUPPORTED_EXTENDED_OPERATION",
  "STARTTLS_REFUSED",
  "OPERATIONS_ERROR",
  // LDAP policies (MS-ADTS 3.1.1.3.4.6)
  "LDAP_BUSY",
  "LDAP_IDLE_TIMEOUT",
  "PAGED_RESULTS_COOKIE_INVALID",
] as const;

export type ErrorKey = (typeof ERROR_KEYS)[number];

export interface MessageTemplate {
  code: number;
  message: (a: MessageArgs) => string;
  /** matchedDN for the result; most errors have none. */
  matchedDN?: (a: MessageArgs) => string;
}

/** Behaviour differences between personalities (samba-observations.md §10). */
export interface Quirks {
  /** AdminSDHolder / SDProp runs (Windows only; Samba 4.17 has none: E4). */
  sdProp: boolean;
  /** LDAP_SERVER_POLICY_HINTS(_DEPRECATED) supported (Windows); Samba answers 12 when critical (E9). */
  policyHints: boolean;
  /** Password writes refused unless the connection is TLS-protected (Windows, MS-ADTS 3.1.1.3.1.5; Samba accepted them over cleartext once binds were allowed, E6). */
  passwordNeedsTls: boolean;
  /** Simple binds refused on cleartext connections by default (Samba "ldap server require strong auth"). */
  simpleBindNeedsTls: boolean;
  /** lockoutTime accepts any value and stores it (Samba, E7) instead of only 0 (Windows). */
  lockoutTimeStoresAnyValue: boolean;
  /** replace unicodePwd with several values: last one wins (Samba, E7) vs. rejected (Windows). */
  passwordReplaceLastValueWins: boolean;
  /** Diagnostic message sent with a successful add/modify/delete/modifyDN. */
  successMessage: string;
  /** rootDSE modify runProtectAdminGroupsTask / fixupInheritance are operations (Windows) or unknown attributes (Samba, E4). */
  rootDseKnowsProtectAdminGroups: boolean;
  /** A simple bind with a name and an empty password (RFC 4513 5.1.2 unauthenticated bind): anonymous
   * success (Windows) or invalidCredentials 52e (Samba, seen on the container). */
  unauthenticatedBindRefused: boolean;
  /** A new object whose owner/group come from the creator's defaults gets SE_OWNER_DEFAULTED and
   * SE_GROUP_DEFAULTED (Samba's create_security_descriptor; seen as control 0x8407 with SD flags 7). */
  ownerGroupDefaultedOnCreate: boolean;
  /** Entries a search without the paged-results control returns before sizeLimitExceeded (4): AD's
   * MaxPageSize LDAP policy, default 1000 (MS-ADTS 3.1.1.3.4.6). 0 = no cap (Samba 4.17). */
  maxPageSize: number;
  /** A password set stamps pwdLastSet 0 unless the writer holds Unexpire-Password on the domain object
   * (Windows, MS-SAMR 3.1.1.8.7 step 3); Samba 4.17's password_hash stamps the current time and uses
   * the right only for UF_DONT_EXPIRE_PASSWD (samldb). */
  passwordSetChecksUnexpireRight: boolean;
  /** Domain and forest functional level (msDS-Behavior-Version, MS-ADTS 6.1.4.4): 7 = Windows Server
   * 2016 (a current Windows DC), 4 = Windows Server 2008 R2 (Samba 4.17's provision default). */
  functionalLevel: number;
  /** Modify looks attributes up by lDAPDisplayName only: a numeric OID or an option (`;binary`)
   * answers noSuchAttribute "acl_modify: attribute … was not found in the schema!" (Samba 4.17, seen
   * on the container). Windows resolves both to the attribute (RFC 4512 2.5). */
  modifyByNameOnly: boolean;
  /** clearTextPassword (UTF-16LE, no quotes) sets the password, as Samba's password_hash module
   * accepts it (seen on the container); Windows has no such attribute (noSuchAttribute). */
  clearTextPassword: boolean;
  /** The constructed attribute msDS-ReplAttributeMetaData is served (Windows Server 2003+); Samba
   * 4.17 returns nothing for it (seen on the container). */
  replAttributeMetaData: boolean;
  /** Which password rule set the passwords module applies (classification of a password modify,
   * complexity categories, policy checks): Windows' (MS-ADTS/MS-SAMR) or Samba 4.17's password_hash. */
  passwordRules: "windows" | "samba";
  /** rootDSE supportedLDAPVersion, in the order the DC lists it (Windows "3","2"; Samba 4.17 "2","3"). */
  supportedLdapVersions: readonly string[];
  /** rootDSE vendorName/vendorVersion: Samba names itself (seen on the container); Windows publishes none. */
  vendor: { name: string; version: string } | null;
}

export interface Personality {
  readonly name: PersonalityName;
  readonly quirks: Quirks;
  readonly templates: Record<ErrorKey, MessageTemplate>;
  /** Builds the DirectoryError for a key: the only way errors are made. */
  error(key: ErrorKey, args?: MessageArgs): DirectoryError;
  result(key: ErrorKey, args?: MessageArgs): LdapResult;
  readonly protocolErrors: ProtocolErrorCatalogue;
}

export function makePersonality(
  name: PersonalityName,
  quirks: Quirks,
  templates: Record<ErrorKey, MessageTemplate>,
): Personality {
  const result = (key: ErrorKey, args: MessageArgs = {}): LdapResult => {
    const t = templates[key];
    return { resultCode: t.code, diagnosticMessage: t.message(args), matchedDN: t.matchedDN?.(args) ?? "" };
  };
  const error = (key: ErrorKey, args: MessageArgs = {}): DirectoryError => {
    const r = result(key, args);
    return new DirectoryError(key, r.resultCode, r.diagnosticMessage, r.matchedDN);
  };
  const protocolErrors: ProtocolErrorCatalogue = {
    saslNotSupported: (mechanism) => result("AUTH_METHOD_NOT_SUPPORTED", { mechanism }),
    bindRequired: (operation) => result("OPERATIONS_BIND_REQUIRED", { operation }),
    unavailableCriticalExtension: (oid) => result("UNAVAILABLE_CRITICAL_EXTENSION", { oid }),
    protocolError: (detail) => result("PROTOCOL_ERROR", { detail }),
    startTlsRefused: (detail) => result("STARTTLS_REFUSED", { detail }),
    unsupportedExtendedOperation: (oid) => result("UNSUPPORTED_EXTENDED_OPERATION", { oid }),
    busy: (detail) => result("LDAP_BUSY", { detail }),
    idleTimeout: () => result("LDAP_IDLE_TIMEOUT"),
    pagedCookieInvalid: () => result("PAGED_RESULTS_COOKIE_INVALID"),
  };
  return { name, quirks, templates, error, result, protocolErrors };
}
