/**
 * SIDs: canonical string form "S-1-<authority>-<sub>…" ⇄ binary (MS-DTYP 2.4.2, 2.4.2.1).
 *
 * Binary layout: Revision (1 byte, always 1), SubAuthorityCount (1 byte, 0..15),
 * IdentifierAuthority (6 bytes, big-endian), SubAuthority[count] (4 bytes each, little-endian).
 * String form (MS-DTYP 2.4.2.1): the authority is decimal when it fits in 32 bits, otherwise
 * "0x" and 12 lowercase hex digits (as Windows' RtlConvertSidToUnicodeString prints it).
 * Decoding is on the hot path (every ACE trustee), so it uses no regexes and few allocations.
 */
import { SecurityDescriptorDecodeError, SecurityFormatError } from "./errors.ts";

/** MS-DTYP 2.4.2: SID_MAX_SUB_AUTHORITIES. */
export const MAX_SUB_AUTHORITIES = 15;
const MAX_AUTHORITY = 2 ** 48 - 1;

export interface SidParts {
  /** IdentifierAuthority as a number (0 .. 2^48-1). */
  authority: number;
  subAuthorities: number[];
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * Reads a SID string starting at `start` in `text` and returns its parts and where it ended.
 * Stops at the first character that cannot continue the SID (so SDDL can scan "O:S-1-5-18G:…").
 * Throws SecurityFormatError with the character offset of the fault.
 */
export function scanSid(text: string, start = 0): SidParts & { end: number } {
  const fail = (at: number, problem: string): never => {
    throw new SecurityFormatError("SID", text, at, problem);
  };
  let i = start;
  const c0 = text.charCodeAt(i);
  if (c0 !== 0x53 && c0 !== 0x73) fail(i, 'expected "S-" at the start of a SID');
  if (text.charCodeAt(i + 1) !== 0x2d) fail(i + 1, 'expected "-" after "S"');
  i += 2;
  if (text.charCodeAt(i) !== 0x31 || isDigit(text.charCodeAt(i + 1))) fail(i, "SID revision must be 1");
  i += 1;
  if (text.charCodeAt(i) !== 0x2d) fail(i, 'expected "-" and the identifier authority after the revision');
  i += 1;
  let authority = 0;
  const authStart = i;
  if (text.charCodeAt(i) === 0x30 && (text.charCodeAt(i + 1) === 0x78 || text.charCodeAt(i + 1) === 0x58)) {
    i += 2;
    const hexStart = i;
    // At most 12 digits are read: in SDDL a hex authority may be followed directly by "D:".
    let h = hexValue(text.charCodeAt(i));
    while (h >= 0 && i - hexStart < 12) {
      authority = authority * 16 + h;
      i++;
      h = hexValue(text.charCodeAt(i));
    }
    if (i === hexStart) fail(i, 'expected hex digits after "0x" in the identifier authority');
  } else {
    if (!isDigit(text.charCodeAt(i)))
      fail(i, "expected the identifier authority (decimal, or 0x and hex digits)");
    while (isDigit(text.charCodeAt(i))) {
      authority = authority * 10 + (text.charCodeAt(i) - 0x30);
      i++;
      if (authority > MAX_AUTHORITY) fail(authStart, "identifier authority exceeds 48 bits");
    }
  }
  const subAuthorities: number[] = [];
  while (text.charCodeAt(i) === 0x2d && isDigit(text.charCodeAt(i + 1))) {
    i++;
    const subStart = i;
    let v = 0;
    while (isDigit(text.charCodeAt(i))) {
      v = v * 10 + (text.charCodeAt(i) - 0x30);
      i++;
      if (v > 0xffffffff) fail(subStart, "sub-authority exceeds 4294967295 (32 bits)");
    }
    if (subAuthorities.length === MAX_SUB_AUTHORITIES) fail(subStart, "a SID has at most 15 sub-authorities");
    subAuthorities.push(v);
  }
  if (text.charCodeAt(i) === 0x2d) fail(i + 1, "expected a decimal sub-authority after '-'");
  return { authority, subAuthorities, end: i };
}

/** Parses a whole SID string (nothing may follow it). */
export function parseSidParts(text: string): SidParts {
  const r = scanSid(text, 0);
  if (r.end !== text.length) {
    throw new SecurityFormatError("SID", text, r.end, "unexpected character after the SID");
  }
  return { authority: r.authority, subAuthorities: r.subAuthorities };
}

/** Formats an identifier authority the way Windows prints it (MS-DTYP 2.4.2.1). */
function formatAuthority(authority: number): string {
  if (authority <= 0xffffffff) return String(authority);
  return `0x${authority.toString(16).padStart(12, "0")}`;
}

export function formatSidParts(parts: SidParts): string {
  let s = `S-1-${formatAuthority(parts.authority)}`;
  for (const sub of parts.subAuthorities) s += `-${sub}`;
  return s;
}

/** Validates a SID string and returns its canonical form (upper-case "S", decimal or 0x… authority). */
export function parseSidString(text: string): string {
  return formatSidParts(parseSidParts(text));
}

/** True when `text` is a valid SID string. */
export function isSidString(text: string): boolean {
  try {
    parseSidParts(text);
    return true;
  } catch {
    return false;
  }
}

/** Length in bytes of the binary form of `sid`. */
export function sidByteLength(sid: string): number {
  return 8 + 4 * parseSidParts(sid).subAuthorities.length;
}

/** Writes the binary SID at `offset` in `target`; returns the number of bytes written. */
export function writeSidParts(parts: SidParts, target: Uint8Array, offset: number): number {
  const n = parts.subAuthorities.length;
  target[offset] = 1;
  target[offset + 1] = n;
  let a = parts.authority;
  for (let k = 5; k >= 0; k--) {
    target[offset + 2 + k] = a % 256;
    a = Math.floor(a / 256);
  }
  let p = offset + 8;
  for (const sub of parts.subAuthorities) {
    target[p] = sub & 0xff;
    target[p + 1] = (sub >>> 8) & 0xff;
    target[p + 2] = (sub >>> 16) & 0xff;
    target[p + 3] = (sub >>> 24) & 0xff;
    p += 4;
  }
  return 8 + 4 * n;
}

/** Binary form of a SID string (MS-DTYP 2.4.2.2). */
export function sidToBytes(sid: string): Buffer {
  const parts = parseSidParts(sid);
  // allocUnsafe draws from Node's shared pool (writeSidParts sets every byte): a 100k-user world
  // otherwise holds 100k ArrayBuffers of its own for objectSid alone, which the GC sweeps one by one.
  const buf = Buffer.allocUnsafe(8 + 4 * parts.subAuthorities.length);
  writeSidParts(parts, buf, 0);
  return buf;
}

/**
 * Reads a binary SID at `offset`. `limit` (default: end of buffer) bounds it, e.g. to the end
 * of the enclosing ACE. Throws SecurityDescriptorDecodeError on truncation, a revision other
 * than 1 or more than 15 sub-authorities.
 */
export function sidFromBytes(
  buf: Uint8Array,
  offset = 0,
  limit = buf.length,
): { sid: string; length: number } {
  if (offset < 0 || offset + 8 > limit) {
    throw new SecurityDescriptorDecodeError(
      offset,
      `SID truncated: needs 8 header bytes, ${Math.max(0, limit - offset)} available`,
    );
  }
  if (buf[offset] !== 1) {
    throw new SecurityDescriptorDecodeError(offset, `SID revision is ${buf[offset]}, expected 1`);
  }
  const n = buf[offset + 1] as number;
  if (n > MAX_SUB_AUTHORITIES) {
    throw new SecurityDescriptorDecodeError(
      offset + 1,
      `SID sub-authority count is ${n}, at most 15 allowed`,
    );
  }
  const length = 8 + 4 * n;
  if (offset + length > limit) {
    throw new SecurityDescriptorDecodeError(
      offset,
      `SID truncated: ${n} sub-authorities need ${length} bytes, ${limit - offset} available`,
    );
  }
  // Direct-mapped memo keyed on the SID's bytes: SDs repeat the same trustees (and every object
  // of a domain shares its domain SID prefix), so most decodes are a short byte compare.
  const slot =
    (((buf[offset + 7] as number) ^
      (n << 3) ^
      ((buf[offset + length - 1] as number) << 1) ^
      ((buf[offset + length - 4] as number) << 5)) &
      SID_CACHE_MASK) >>>
    0;
  const base = slot * SID_MAX_BYTES;
  const cached = sidCacheStrings[slot];
  if (cached !== undefined && sidCacheLengths[slot] === length) {
    let same = true;
    for (let k = 0; k < length; k++) {
      if (sidCacheBytes[base + k] !== buf[offset + k]) {
        same = false;
        break;
      }
    }
    if (same) return { sid: cached, length };
  }
  const s = formatSidBytes(buf, offset, n);
  for (let k = 0; k < length; k++) sidCacheBytes[base + k] = buf[offset + k] as number;
  sidCacheLengths[slot] = length;
  sidCacheStrings[slot] = s;
  return { sid: s, length };
}

const SID_MAX_BYTES = 8 + 4 * MAX_SUB_AUTHORITIES;
const SID_CACHE_SLOTS = 1024;
const SID_CACHE_MASK = SID_CACHE_SLOTS - 1;
const sidCacheBytes = new Uint8Array(SID_CACHE_SLOTS * SID_MAX_BYTES);
const sidCacheLengths = new Uint8Array(SID_CACHE_SLOTS);
const sidCacheStrings: (string | undefined)[] = new Array(SID_CACHE_SLOTS).fill(undefined);

function formatSidBytes(buf: Uint8Array, offset: number, n: number): string {
  let s: string;
  if (buf[offset + 2] === 0 && buf[offset + 3] === 0) {
    const auth =
      (((buf[offset + 4] as number) << 24) |
        ((buf[offset + 5] as number) << 16) |
        ((buf[offset + 6] as number) << 8) |
        (buf[offset + 7] as number)) >>>
      0;
    s = `S-1-${auth}`;
  } else {
    let auth = 0;
    for (let k = 2; k < 8; k++) auth = auth * 256 + (buf[offset + k] as number);
    s = `S-1-${formatAuthority(auth)}`;
  }
  let p = offset + 8;
  for (let k = 0; k < n; k++) {
    const v =
      ((buf[p] as number) |
        ((buf[p + 1] as number) << 8) |
        ((buf[p + 2] as number) << 16) |
        ((buf[p + 3] as number) << 24)) >>>
      0;
    s += `-${v}`;
    p += 4;
  }
  return s;
}

/** The relative identifier (last sub-authority) of `sid`, or undefined when it has none. */
export function sidRid(sid: string): number | undefined {
  const subs = parseSidParts(sid).subAuthorities;
  return subs.length > 0 ? subs[subs.length - 1] : undefined;
}
