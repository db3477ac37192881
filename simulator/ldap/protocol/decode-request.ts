/**
 * LDAPMessage (RFC 4511 §4.1.1) → LdapRequest. The input is one complete frame as cut by the
 * framing layer. Malformed input never throws: the outcome says how much was understood, so the
 * connection can answer protocolError when the message id and operation are known and send a
 * Notice of Disconnection otherwise (RFC 4511 §4.1.1).
 */
import type {
  Attribute,
  DerefAliases,
  ModifyChange,
  SearchRequest,
  SearchScope,
} from "../../directory/api.ts";
import { BerReader, type BerReaderLike } from "../ber/asn1.ts";
import { CONTROLS_TAG, decodeControls } from "../ber/controls-codec.ts";
import { decodeFilter } from "../ber/filter-codec.ts";
import {
  BerDecodeError,
  boolean,
  enter,
  expectEnd,
  hasMore,
  integer,
  octets,
  peekTag,
  utf8,
} from "../ber/reader-helpers.ts";
import type { LdapOperation, LdapRequest, OperationType } from "./messages.ts";
import { REQUEST_TYPE, Tag } from "./tags.ts";

const MAX_INT = 0x7fffffff;

export type DecodeOutcome =
  | { ok: true; request: LdapRequest }
  | { ok: false; detail: string; messageId?: number; operation?: OperationType };

const SCOPES: SearchScope[] = ["base", "one", "sub"];
const DEREFS: DerefAliases[] = ["never", "searching", "finding", "always"];
const MOD_OPS: ModifyChange["operation"][] = ["add", "delete", "replace", "increment"];

export function decodeRequest(frame: Buffer): DecodeOutcome {
  let messageId: number | undefined;
  let operation: OperationType | undefined;
  try {
    const r = new BerReader(frame);
    const end = enter(r, 0x30, frame.length);
    messageId = integer(r, 0x02, end, 0, MAX_INT);
    const tag = peekTag(r, end);
    operation = REQUEST_TYPE.get(tag);
    if (operation === undefined) {
      return { ok: false, detail: `unknown protocolOp tag 0x${tag.toString(16)}`, messageId };
    }
    const op = decodeOperation(r, tag, end);
    const controls = hasMore(r, end) && peekTag(r, end) === CONTROLS_TAG ? decodeControls(r, end) : [];
    expectEnd(r, end, "LDAPMessage");
    expectEnd(r, frame.length, "frame");
    return { ok: true, request: { messageId, operation: op, controls } };
  } catch (err) {
    const detail = err instanceof BerDecodeError ? err.message : `malformed BER (${(err as Error).message})`;
    return { ok: false, detail, messageId, operation };
  }
}

function decodeOperation(r: BerReaderLike, tag: number, limit: number): LdapOperation {
  switch (tag) {
    case Tag.bindRequest:
      return decodeBind(r, limit);
    case Tag.unbindRequest: {
      const v = octets(r, tag, limit);
      if (v.length !== 0) throw new BerDecodeError("unbind request with content");
      return { type: "unbind" };
    }
    case Tag.searchRequest:
      return decodeSearch(r, limit);
    case Tag.modifyRequest:
      return decodeModify(r, limit);
    case Tag.addRequest:
      return decodeAdd(r, limit);
    case Tag.delRequest:
      return { type: "delete", dn: utf8(r, tag, limit) };
    case Tag.modDNRequest: {
      const end = enter(r, tag, limit);
      const dn = utf8(r, 0x04, end);
      const newRdn = utf8(r, 0x04, end);
      const deleteOldRdn = boolean(r, 0x01, end);
      const op: LdapOperation = { type: "modifyDN", dn, newRdn, deleteOldRdn };
      if (hasMore(r, end)) op.newSuperior = utf8(r, 0x80, end);
      expectEnd(r, end, "ModifyDNRequest");
      return op;
    }
    case Tag.compareRequest: {
      const end = enter(r, tag, limit);
      const dn = utf8(r, 0x04, end);
      const avaEnd = enter(r, 0x30, end);
      const attribute = utf8(r, 0x04, avaEnd);
      const value = Buffer.from(octets(r, 0x04, avaEnd));
      expectEnd(r, avaEnd, "AttributeValueAssertion");
      expectEnd(r, end, "CompareRequest");
      return { type: "compare", dn, attribute, value };
    }
    case Tag.abandonRequest:
      return { type: "abandon", abandonId: integer(r, tag, limit, 0, MAX_INT) };
    case Tag.extendedRequest: {
      const end = enter(r, tag, limit);
      const oid = utf8(r, 0x80, end);
      const op: LdapOperation = { type: "extended", oid };
      if (hasMore(r, end)) op.value = Buffer.from(octets(r, 0x81, end));
      expectEnd(r, end, "ExtendedRequest");
      return op;
    }
    default:
      throw new BerDecodeError(`unknown protocolOp tag 0x${tag.toString(16)}`);
  }
}

function decodeBind(r: BerReaderLike, limit: number): LdapOperation {
  const end = enter(r, Tag.bindRequest, limit);
  const version = integer(r, 0x02, end, 1, 127);
  const name = utf8(r, 0x04, end);
  const authTag = peekTag(r, end);
  let op: LdapOperation;
  if (authTag === 0x80) {
    op = { type: "bind", version, name, authentication: { kind: "simple", password: octets(r, 0x80, end) } };
  } else if (authTag === 0xa3) {
    const saslEnd = enter(r, 0xa3, end);
    const mechanism = utf8(r, 0x04, saslEnd);
    const authentication: { kind: "sasl"; mechanism: string; credentials?: Buffer } = {
      kind: "sasl",
      mechanism,
    };
    if (hasMore(r, saslEnd)) authentication.credentials = octets(r, 0x04, saslEnd);
    expectEnd(r, saslEnd, "SaslCredentials");
    op = { type: "bind", version, name, authentication };
  } else {
    // Other AuthenticationChoice tags (e.g. Microsoft's sicily [9]/[10]/[11]) are reported as a
    // SASL mechanism nobody supports, so the client gets authMethodNotSupported rather than a drop.
    const v = octets(r, authTag, end);
    op = {
      type: "bind",
      version,
      name,
      authentication: { kind: "sasl", mechanism: `[${authTag & 0x1f}]`, credentials: v },
    };
  }
  expectEnd(r, end, "BindRequest");
  return op;
}

function decodeSearch(r: BerReaderLike, limit: number): LdapOperation {
  const start = r.offset;
  const end = enter(r, Tag.searchRequest, limit);
  const baseObject = utf8(r, 0x04, end);
  const scope = SCOPES[integer(r, 0x0a, end, 0, 2)];
  const derefAliases = DEREFS[integer(r, 0x0a, end, 0, 3)];
  const sizeLimit = integer(r, 0x02, end, 0, MAX_INT);
  const timeLimit = integer(r, 0x02, end, 0, MAX_INT);
  const typesOnly = boolean(r, 0x01, end);
  const filter = decodeFilter(r, end);
  const attrEnd = enter(r, 0x30, end);
  const attributes: string[] = [];
  while (hasMore(r, attrEnd)) attributes.push(utf8(r, 0x04, attrEnd));
  expectEnd(r, end, "SearchRequest");
  const request: SearchRequest = {
    baseObject,
    scope,
    derefAliases,
    sizeLimit,
    timeLimit,
    typesOnly,
    filter,
    attributes,
  };
  return { type: "search", request, raw: r.buffer.subarray(start, end) };
}

/** Values are copied out of the socket chunk: the directory may keep them (SDs, password hashes). */
function decodePartialAttribute(r: BerReaderLike, limit: number, what: string): Attribute {
  const end = enter(r, 0x30, limit);
  const type = utf8(r, 0x04, end);
  if (type.length === 0) throw new BerDecodeError(`${what} with an empty attribute type`);
  const setEnd = enter(r, 0x31, end);
  const values: Buffer[] = [];
  while (hasMore(r, setEnd)) values.push(Buffer.from(octets(r, 0x04, setEnd)));
  expectEnd(r, end, what);
  return { type, values };
}

function decodeModify(r: BerReaderLike, limit: number): LdapOperation {
  const end = enter(r, Tag.modifyRequest, limit);
  const dn = utf8(r, 0x04, end);
  const changesEnd = enter(r, 0x30, end);
  const changes: ModifyChange[] = [];
  while (hasMore(r, changesEnd)) {
    const cEnd = enter(r, 0x30, changesEnd);
    const operation = MOD_OPS[integer(r, 0x0a, cEnd, 0, 3)];
    const modification = decodePartialAttribute(r, cEnd, "modification");
    expectEnd(r, cEnd, "change");
    changes.push({ operation, modification });
  }
  expectEnd(r, end, "ModifyRequest");
  return { type: "modify", dn, changes };
}

function decodeAdd(r: BerReaderLike, limit: number): LdapOperation {
  const end = enter(r, Tag.addRequest, limit);
  const dn = utf8(r, 0x04, end);
  const listEnd = enter(r, 0x30, end);
  const attributes: Attribute[] = [];
  while (hasMore(r, listEnd)) attributes.push(decodePartialAttribute(r, listEnd, "attribute"));
  expectEnd(r, end, "AddRequest");
  return { type: "add", dn, attributes };
}
