/**
 * LdapResult / OperationResponse → LDAPMessage bytes (RFC 4511 §4.1.9, §4.2.2, §4.5.2, §4.12).
 * A search's entries, references and done message go into one buffer so the socket gets one write.
 */
import type { Control, LdapResult, SearchEntry } from "../../directory/api.ts";
import { BerWriter, type BerWriterLike } from "../ber/asn1.ts";
import { encodeControls } from "../ber/controls-codec.ts";
import { OID, type OperationResponse, type OperationType } from "./messages.ts";
import { RESPONSE_TAG, Tag } from "./tags.ts";

function writeResult(w: BerWriterLike, result: LdapResult): void {
  w.writeEnumeration(result.resultCode);
  w.writeString(result.matchedDN);
  w.writeString(result.diagnosticMessage);
}

function writeEntry(w: BerWriterLike, messageId: number, entry: SearchEntry, typesOnly: boolean): void {
  w.startSequence(0x30);
  w.writeInt(messageId);
  w.startSequence(Tag.searchResultEntry);
  w.writeString(entry.dn);
  w.startSequence(0x30);
  for (const attr of entry.attributes) {
    w.startSequence(0x30);
    w.writeString(attr.type);
    w.startSequence(0x31);
    if (!typesOnly) for (const v of attr.values) w.writeBuffer(v, 0x04);
    w.endSequence();
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
  w.endSequence();
}

/** One SearchResultReference per continuation reference (RFC 4511 §4.5.3). */
function writeReference(w: BerWriterLike, messageId: number, uri: string): void {
  w.startSequence(0x30);
  w.writeInt(messageId);
  w.startSequence(Tag.searchResultReference);
  w.writeString(uri);
  w.endSequence();
  w.endSequence();
}

function writeFinal(
  w: BerWriterLike,
  messageId: number,
  tag: number,
  result: LdapResult,
  res: OperationResponse,
  controls: readonly Control[] | undefined,
): void {
  w.startSequence(0x30);
  w.writeInt(messageId);
  w.startSequence(tag);
  writeResult(w, result);
  if (tag === Tag.bindResponse && res.serverSaslCreds) w.writeBuffer(res.serverSaslCreds, 0x87);
  if (tag === Tag.extendedResponse && res.extended) {
    if (res.extended.oid !== undefined) w.writeString(res.extended.oid, 0x8a);
    if (res.extended.value !== undefined) w.writeBuffer(res.extended.value, 0x8b);
  }
  w.endSequence();
  encodeControls(w, controls);
  w.endSequence();
}

const SUCCESS: LdapResult = Object.freeze({ resultCode: 0, matchedDN: "", diagnosticMessage: "" });

/**
 * Everything the response to one request puts on the wire, or undefined when the operation has
 * no response (unbind, abandon).
 */
export function encodeResponse(
  messageId: number,
  operation: OperationType,
  res: OperationResponse,
  typesOnly = false,
): Buffer | undefined {
  const tag = RESPONSE_TAG[operation];
  if (tag === undefined) return undefined;
  const entries = res.entries;
  const w = new BerWriter({ size: entries && entries.length > 0 ? 4096 : 256 });
  if (entries) for (const e of entries) writeEntry(w, messageId, e, typesOnly);
  if (res.references) for (const uri of res.references) writeReference(w, messageId, uri);
  writeFinal(w, messageId, tag, res.result ?? SUCCESS, res, res.controls);
  return w.buffer;
}

/** The unsolicited Notice of Disconnection (RFC 4511 §4.4.1): message id 0, ExtendedResponse. */
export function encodeNoticeOfDisconnection(result: LdapResult): Buffer {
  const w = new BerWriter({ size: 256 });
  writeFinal(w, 0, Tag.extendedResponse, result, { extended: { oid: OID.noticeOfDisconnection } }, undefined);
  return w.buffer;
}

/** IntermediateResponse (RFC 4511 §4.13); not used by the operations we serve yet. */
export function encodeIntermediateResponse(messageId: number, oid?: string, value?: Buffer): Buffer {
  const w = new BerWriter({ size: 128 });
  w.startSequence(0x30);
  w.writeInt(messageId);
  w.startSequence(Tag.intermediateResponse);
  if (oid !== undefined) w.writeString(oid, 0x80);
  if (value !== undefined) w.writeBuffer(value, 0x81);
  w.endSequence();
  w.endSequence();
  return w.buffer;
}
