/**
 * Controls (RFC 4511 §4.1.11) as {oid, critical, value}, passed through undecoded, plus the one
 * control value the LDAP layer itself implements: simple paged results (RFC 2696,
 * 1.2.840.113556.1.4.319).
 */
import type { Control } from "../../directory/api.ts";
import { BerReader, type BerReaderLike, BerWriter, type BerWriterLike } from "./asn1.ts";
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
} from "./reader-helpers.ts";

export const CONTROLS_TAG = 0xa0;
export const PAGED_RESULTS_OID = "1.2.840.113556.1.4.319";

/** Decodes `controls [0] Controls` whose tag is next in the reader. */
export function decodeControls(r: BerReaderLike, limit: number): Control[] {
  const end = enter(r, CONTROLS_TAG, limit);
  const controls: Control[] = [];
  while (hasMore(r, end)) {
    const cEnd = enter(r, 0x30, end);
    const oid = utf8(r, 0x04, cEnd);
    if (oid.length === 0) throw new BerDecodeError("control without an OID");
    let critical = false;
    if (hasMore(r, cEnd) && peekTag(r, cEnd) === 0x01) critical = boolean(r, 0x01, cEnd);
    const control: Control = { oid, critical };
    if (hasMore(r, cEnd)) control.value = octets(r, 0x04, cEnd);
    expectEnd(r, cEnd, "control");
    controls.push(control);
  }
  return controls;
}

/** Writes `controls [0]` when there are any. */
export function encodeControls(w: BerWriterLike, controls: readonly Control[] | undefined): void {
  if (!controls || controls.length === 0) return;
  w.startSequence(CONTROLS_TAG);
  for (const c of controls) {
    w.startSequence(0x30);
    w.writeString(c.oid);
    if (c.critical) w.writeBoolean(true);
    if (c.value !== undefined) w.writeBuffer(c.value, 0x04);
    w.endSequence();
  }
  w.endSequence();
}

export interface PagedResultsValue {
  /** Request: page size; response: estimated total (0 when unknown). */
  size: number;
  cookie: Buffer;
}

/** realSearchControlValue ::= SEQUENCE { size INTEGER (0..maxInt), cookie OCTET STRING } */
export function decodePagedResultsValue(value: Buffer | undefined): PagedResultsValue {
  if (value === undefined) throw new BerDecodeError("paged results control without a value");
  const r = new BerReader(value);
  const end = enter(r, 0x30, value.length);
  const size = integer(r, 0x02, end, 0, 0x7fffffff);
  const cookie = Buffer.from(octets(r, 0x04, end));
  expectEnd(r, end, "paged results control value");
  expectEnd(r, value.length, "paged results control");
  return { size, cookie };
}

export function encodePagedResultsValue(v: PagedResultsValue): Buffer {
  const w = new BerWriter({ size: 32 + v.cookie.length });
  w.startSequence(0x30);
  w.writeInt(v.size);
  w.writeBuffer(v.cookie, 0x04);
  w.endSequence();
  return Buffer.from(w.buffer);
}
