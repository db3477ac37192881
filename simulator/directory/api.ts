/**
 * The boundary between the wire (simulator/ldap/) and the directory (simulator/directory/).
 * Everything here is plain data: the LDAP adapter decodes BER into these shapes, calls a
 * DirectoryService, and encodes what comes back. The directory never sees a socket or BER.
 *
 * Values are always Buffers (AD syntaxes decide how to compare them); attribute names keep the
 * case the client sent, and the directory matches them case-insensitively.
 */

// The result and error types live below the directory, with the catalogues that make them.
import type { LdapResult, ProtocolErrorCatalogue } from "../personality/ldap-result.ts";
import type { LdapAdminLimits } from "./ldap-policy.ts";

export { DirectoryError, type LdapResult, type ProtocolErrorCatalogue } from "../personality/ldap-result.ts";
export { LDAP_POLICY_DEFAULTS, type LdapAdminLimits, type LdapPolicyName } from "./ldap-policy.ts";

/** A request or response control, undecoded: the directory decodes the ones it implements. */
export interface Control {
  oid: string;
  critical: boolean;
  value?: Buffer;
}

/** Who is bound on a connection. Anonymous until a successful bind. */
export interface Identity {
  anonymous: boolean;
  /** DN of the bound account, "" when anonymous. */
  dn: string;
  /** objectSid of the bound account, "" when anonymous. */
  sid: string;
  /** The name as the client sent it in the bind (DN, UPN or DOMAIN\\user), for logs. */
  bindName: string;
}

export const ANONYMOUS: Identity = Object.freeze({ anonymous: true, dn: "", sid: "", bindName: "" });

/** Per-operation context the LDAP adapter supplies from the connection state. */
export interface OperationContext {
  identity: Identity;
  /** True on LDAPS or after a successful StartTLS: AD refuses password writes otherwise. */
  secure: boolean;
  controls: Control[];
  /** Connection id and message id, for audit and access logs. */
  connectionId: number;
  messageId: number;
  /** Client address, for audit events ("Client Address"). */
  clientAddress: string;
}

export interface Attribute {
  type: string;
  values: Buffer[];
}

export type Filter =
  | { type: "and"; filters: Filter[] }
  | { type: "or"; filters: Filter[] }
  | { type: "not"; filter: Filter }
  | { type: "equality"; attribute: string; value: Buffer }
  | { type: "substrings"; attribute: string; initial?: Buffer; any: Buffer[]; final?: Buffer }
  | { type: "greaterOrEqual"; attribute: string; value: Buffer }
  | { type: "lessOrEqual"; attribute: string; value: Buffer }
  | { type: "approxMatch"; attribute: string; value: Buffer }
  | { type: "present"; attribute: string }
  | { type: "extensible"; matchingRule?: string; attribute?: string; value: Buffer; dnAttributes: boolean };

export type SearchScope = "base" | "one" | "sub";
export type DerefAliases = "never" | "searching" | "finding" | "always";

export interface SearchRequest {
  /** As sent: a DN, or an extended form such as "<GUID=…>", "<SID=…>", "<WKGUID=…,DC=…>". */
  baseObject: string;
  scope: SearchScope;
  derefAliases: DerefAliases;
  sizeLimit: number;
  timeLimit: number;
  typesOnly: boolean;
  filter: Filter;
  /** Requested attributes; [] means all user attributes, "*" and "+" and "1.1" as in RFC 4511. */
  attributes: string[];
}

export interface SearchEntry {
  dn: string;
  attributes: Attribute[];
}

export interface SearchResult {
  entries: SearchEntry[];
  /** Search continuation references (we never refer, but the shape is here). */
  references: string[];
  /** Response controls for the SearchResultDone. */
  controls: Control[];
  /** Non-success done (e.g. sizeLimitExceeded 4 with the entries that fit). */
  result?: LdapResult;
}

/** One page of a search read through a cursor. */
export interface SearchPage {
  entries: SearchEntry[];
  references: string[];
  controls: Control[];
  /** True when the search has nothing more to return (its candidates ran out, or a limit ended it). */
  done: boolean;
  /** Non-success end (sizeLimitExceeded 4, timeLimitExceeded 3); only with done. */
  result?: LdapResult;
}

/**
 * A search read page by page (simple paged results): it holds a position among the candidates, never
 * a copy of the results, and it yields to the event loop while it works so one search never stops the
 * others. The client's sizeLimit counts across pages (RFC 2696 §3); each page has its own time limit.
 */
export interface SearchCursor {
  /** Up to `max` more entries, read for the operation `ctx` (the current page's request). */
  next(max: number, ctx: OperationContext): Promise<SearchPage>;
  /** Bytes kept between pages, as counted against MaxResultSetSize. */
  readonly storedBytes: number;
  /** The total the paged-results response control reports (RFC 2696 §3: an estimate; 0 = unknown). */
  readonly estimate?: number;
}

export interface ModifyChange {
  operation: "add" | "delete" | "replace" | "increment";
  modification: Attribute;
}

export interface ExtendedRequest {
  oid: string;
  value?: Buffer;
}

export interface ExtendedResponse {
  oid?: string;
  value?: Buffer;
}

/**
 * The operations the LDAP server needs. Every method throws DirectoryError on failure; success
 * returns data (bind: the new identity). Implementations are synchronous in spirit, but return
 * promises so a remote or persistent backend fits the same shape.
 */
export interface DirectoryService {
  /** Simple bind. `name` is a DN, a UPN or DOMAIN\\user; "" with "" is anonymous. */
  bindSimple(name: string, password: Buffer, ctx: OperationContext): Promise<Identity>;
  search(req: SearchRequest, ctx: OperationContext): Promise<SearchResult>;
  add(dn: string, attributes: Attribute[], ctx: OperationContext): Promise<void>;
  modify(dn: string, changes: ModifyChange[], ctx: OperationContext): Promise<void>;
  delete(dn: string, ctx: OperationContext): Promise<void>;
  modifyDN(
    dn: string,
    newRdn: string,
    deleteOldRdn: boolean,
    newSuperior: string | undefined,
    ctx: OperationContext,
  ): Promise<void>;
  compare(dn: string, attribute: string, value: Buffer, ctx: OperationContext): Promise<boolean>;
  /** Extended operations other than StartTLS (which the LDAP layer owns), e.g. whoami (1.3.6.1.4.1.4203.1.11.3). */
  extended(req: ExtendedRequest, ctx: OperationContext): Promise<ExtendedResponse>;
  /** Result codes and messages the protocol layer itself needs, from the active personality. */
  readonly protocolErrors: ProtocolErrorCatalogue;
  /**
   * Control OIDs the directory implements (SD flags, policy hints, tree delete, extended DN, …).
   * The LDAP layer adds the ones it implements itself (paged results) and answers
   * unavailableCriticalExtension (12) for any other critical control before calling the directory.
   */
  readonly supportedControls: ReadonlySet<string>;
  /** diagnosticMessage of a successful write, when the personality has one (Samba: "00000000: Success"). */
  readonly successMessage?: string;
  /**
   * A search read through a cursor (paged results). Directories without one are paged by the LDAP
   * layer over `search` (the whole result kept between pages).
   */
  openSearch?(req: SearchRequest, ctx: OperationContext): Promise<SearchCursor>;
  /**
   * AD's LDAP policies in force on this DC (MS-ADTS 3.1.1.3.4.6), read live at each use so a change
   * to the query policy applies at once. Absent: AD's defaults.
   */
  readonly ldapLimits?: LdapAdminLimits;
}
