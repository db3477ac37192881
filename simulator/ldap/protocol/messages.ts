/**
 * Decoded LDAPv3 requests (RFC 4511 §4) in the plain-data shapes of simulator/directory/api.ts.
 * Every attribute value is a Buffer; DNs and names are kept exactly as the client sent them.
 */
import type {
  Attribute,
  Control,
  ExtendedResponse,
  Identity,
  LdapResult,
  ModifyChange,
  SearchEntry,
  SearchRequest,
} from "../../directory/api.ts";

export type BindAuthentication =
  | { kind: "simple"; password: Buffer }
  | { kind: "sasl"; mechanism: string; credentials?: Buffer };

export type LdapOperation =
  | { type: "bind"; version: number; name: string; authentication: BindAuthentication }
  | { type: "unbind" }
  | {
      type: "search";
      request: SearchRequest /** the encoded protocolOp, to match paged continuations */;
      raw: Buffer;
    }
  | { type: "modify"; dn: string; changes: ModifyChange[] }
  | { type: "add"; dn: string; attributes: Attribute[] }
  | { type: "delete"; dn: string }
  | { type: "modifyDN"; dn: string; newRdn: string; deleteOldRdn: boolean; newSuperior?: string }
  | { type: "compare"; dn: string; attribute: string; value: Buffer }
  | { type: "abandon"; abandonId: number }
  | { type: "extended"; oid: string; value?: Buffer };

export type OperationType = LdapOperation["type"];

export interface LdapRequest {
  messageId: number;
  operation: LdapOperation;
  controls: Control[];
}

/**
 * What a RequestHandler answers. The connection encodes it into the response PDU that belongs to
 * the request's operation (unbind and abandon have none).
 */
export interface OperationResponse {
  result?: LdapResult;
  /** Response controls (on the SearchResultDone for searches). */
  controls?: Control[];
  /** Search only. */
  entries?: SearchEntry[];
  references?: string[];
  /** Bind only: the identity to install when the result is success. */
  identity?: Identity;
  serverSaslCreds?: Buffer;
  /** Extended only. */
  extended?: ExtendedResponse;
  /** StartTLS accepted: upgrade the socket once the response is written. */
  startTls?: boolean;
  /** Write nothing (fault injection). */
  drop?: boolean;
  /** Close the connection after writing the response, if any (fault injection). */
  close?: boolean;
}

/** Well-known OIDs the LDAP layer handles itself. */
export const OID = {
  startTls: "1.3.6.1.4.1.1466.20037",
  noticeOfDisconnection: "1.3.6.1.4.1.1466.20036",
  pagedResults: "1.2.840.113556.1.4.319",
} as const;
