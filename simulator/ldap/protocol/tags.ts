/** LDAPv3 protocolOp tags (RFC 4511 §4.2–§4.14), from @ldapjs/protocol. */
import { createRequire } from "node:module";
import type { OperationType } from "./messages.ts";

interface ProtocolModule {
  operations: Record<string, number>;
}
const { operations: ops } = createRequire(import.meta.url)("@ldapjs/protocol") as ProtocolModule;

export const Tag = {
  bindRequest: ops.LDAP_REQ_BIND,
  unbindRequest: ops.LDAP_REQ_UNBIND,
  searchRequest: ops.LDAP_REQ_SEARCH,
  modifyRequest: ops.LDAP_REQ_MODIFY,
  addRequest: ops.LDAP_REQ_ADD,
  delRequest: ops.LDAP_REQ_DELETE,
  modDNRequest: ops.LDAP_REQ_MODRDN,
  compareRequest: ops.LDAP_REQ_COMPARE,
  abandonRequest: ops.LDAP_REQ_ABANDON,
  extendedRequest: ops.LDAP_REQ_EXTENSION,
  bindResponse: ops.LDAP_RES_BIND,
  searchResultEntry: ops.LDAP_RES_SEARCH_ENTRY,
  searchResultDone: ops.LDAP_RES_SEARCH_DONE,
  searchResultReference: ops.LDAP_RES_SEARCH_REF,
  modifyResponse: ops.LDAP_RES_MODIFY,
  addResponse: ops.LDAP_RES_ADD,
  delResponse: ops.LDAP_RES_DELETE,
  modDNResponse: ops.LDAP_RES_MODRDN,
  compareResponse: ops.LDAP_RES_COMPARE,
  extendedResponse: ops.LDAP_RES_EXTENSION,
  intermediateResponse: ops.LDAP_RES_INTERMEDIATE,
} as const;

/** The response tag that answers each request type (undefined: no response, RFC 4511 §4.3, §4.11). */
export const RESPONSE_TAG: Record<OperationType, number | undefined> = {
  bind: Tag.bindResponse,
  unbind: undefined,
  search: Tag.searchResultDone,
  modify: Tag.modifyResponse,
  add: Tag.addResponse,
  delete: Tag.delResponse,
  modifyDN: Tag.modDNResponse,
  compare: Tag.compareResponse,
  abandon: undefined,
  extended: Tag.extendedResponse,
};

/** Request tag → operation type, for the tags we recognise. */
export const REQUEST_TYPE = new Map<number, OperationType>([
  [Tag.bindRequest, "bind"],
  [Tag.unbindRequest, "unbind"],
  [Tag.searchRequest, "search"],
  [Tag.modifyRequest, "modify"],
  [Tag.addRequest, "add"],
  [Tag.delRequest, "delete"],
  [Tag.modDNRequest, "modifyDN"],
  [Tag.compareRequest, "compare"],
  [Tag.abandonRequest, "abandon"],
  [Tag.extendedRequest, "extended"],
]);
