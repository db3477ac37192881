/**
 * Strict reading helpers over @ldapjs/asn1's BerReader. BerReader alone does not check that an
 * element fits inside its enclosing SEQUENCE, accepts over-long integers and throws TypeErrors on
 * truncated input; every helper here takes the end offset of the enclosing element (`limit`) and
 * throws BerDecodeError on anything malformed, so a decoder never reads past its container.
 */
import type { BerReaderLike } from "./asn1.ts";

export class BerDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BerDecodeError";
  }
}

const hex = (tag: number): string => `0x${tag.toString(16).padStart(2, "0")}`;

/** True when another element starts before `limit`. */
export function hasMore(r: BerReaderLike, limit: number): boolean {
  return r.offset < limit;
}

/** The tag of the next element, or throws when the container is exhausted. */
export function peekTag(r: BerReaderLike, limit: number): number {
  const tag = r.offset < limit ? r.peek() : null;
  if (tag === null) throw new BerDecodeError("unexpected end of data");
  return tag;
}

/** Reads the header of the next element (which must carry `tag`) and returns where its value ends. */
export function enter(r: BerReaderLike, tag: number, limit: number): number {
  const found = peekTag(r, limit);
  if (found !== tag) throw new BerDecodeError(`expected tag ${hex(tag)}, found ${hex(found)}`);
  if (r.readSequence(tag) === null) throw new BerDecodeError(`truncated length of ${hex(tag)}`);
  const end = r.offset + r.length;
  if (end > limit) throw new BerDecodeError(`element ${hex(tag)} overruns its container`);
  return end;
}

/** The value bytes of the next primitive element carrying `tag` (a view, not a copy). */
export function octets(r: BerReaderLike, tag: number, limit: number): Buffer {
  const found = peekTag(r, limit);
  if (found !== tag) throw new BerDecodeError(`expected tag ${hex(tag)}, found ${hex(found)}`);
  const value = r.readString(tag, true);
  if (value === null) throw new BerDecodeError(`truncated element ${hex(tag)}`);
  if (r.offset > limit) throw new BerDecodeError(`element ${hex(tag)} overruns its container`);
  return value;
}

/** An LDAPString / LDAPDN / LDAPOID (RFC 4511 §4.1.2): UTF-8 text. */
export function utf8(r: BerReaderLike, tag: number, limit: number): string {
  return octets(r, tag, limit).toString("utf8");
}

/** An INTEGER or ENUMERATED of at most 4 value bytes, range-checked. */
export function integer(r: BerReaderLike, tag: number, limit: number, min: number, max: number): number {
  const v = octets(r, tag, limit);
  if (v.length < 1 || v.length > 4) throw new BerDecodeError(`integer ${hex(tag)} of ${v.length} bytes`);
  const n = v.readIntBE(0, v.length);
  if (n < min || n > max) throw new BerDecodeError(`integer ${n} out of range ${min}..${max}`);
  return n;
}

export function boolean(r: BerReaderLike, tag: number, limit: number): boolean {
  const v = octets(r, tag, limit);
  if (v.length !== 1) throw new BerDecodeError(`boolean of ${v.length} bytes`);
  return v[0] !== 0;
}

/** Skips the next element whatever its tag (used for extension fields we do not read). */
export function skip(r: BerReaderLike, limit: number): void {
  const tag = peekTag(r, limit);
  if ((tag & 0x1f) === 0x1f) throw new BerDecodeError("multi-byte tags are not used by LDAP");
  const valueStart = r.readLength(r.offset + 1);
  if (valueStart === null) throw new BerDecodeError(`truncated length of ${hex(tag)}`);
  const end = valueStart + r.length;
  if (end > limit) throw new BerDecodeError(`element ${hex(tag)} overruns its container`);
  r.setOffset(end);
}

/** Asserts that the container ending at `end` has been read completely. */
export function expectEnd(r: BerReaderLike, end: number, what: string): void {
  if (r.offset !== end) throw new BerDecodeError(`unexpected data at the end of ${what}`);
}
