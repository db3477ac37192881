/**
 * GUIDs: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" ⇄ 16 bytes in the Windows mixed-endian layout
 * (MS-DTYP 2.3.4.2: Data1 u32, Data2 u16, Data3 u16 little-endian; Data4 8 bytes in order).
 * Canonical strings are lowercase; input is accepted in either case. Decoding uses a precomputed
 * byte → hex table because object ACEs carry two GUIDs each and are decoded on every access check.
 */
import { SecurityDescriptorDecodeError, SecurityFormatError } from "./errors.ts";

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));

/** Byte positions, in the 16-byte binary form, of each hex pair of the string form. */
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;
/** Character positions of the dashes. */
const DASHES = [8, 13, 18, 23] as const;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Writes the binary form of `guid` into `target` at `offset` (16 bytes). Throws SecurityFormatError. */
export function writeGuid(guid: string, target: Uint8Array, offset: number): void {
  if (guid.length !== 36) {
    throw new SecurityFormatError(
      "GUID",
      guid,
      Math.min(guid.length, 36),
      "a GUID has 36 characters (8-4-4-4-12 hex digits)",
    );
  }
  for (const d of DASHES) {
    if (guid.charCodeAt(d) !== 0x2d) throw new SecurityFormatError("GUID", guid, d, 'expected "-"');
  }
  let pos = 0;
  for (let k = 0; k < 16; k++) {
    if (pos === 8 || pos === 13 || pos === 18 || pos === 23) pos++;
    const hi = hexValue(guid.charCodeAt(pos));
    if (hi < 0) throw new SecurityFormatError("GUID", guid, pos, "expected a hex digit");
    const lo = hexValue(guid.charCodeAt(pos + 1));
    if (lo < 0) throw new SecurityFormatError("GUID", guid, pos + 1, "expected a hex digit");
    target[offset + (ORDER[k] as number)] = (hi << 4) | lo;
    pos += 2;
  }
}

/** The 16-byte binary form of a GUID string. */
export function guidToBytes(guid: string): Buffer {
  // From Node's shared pool (writeGuid sets all 16 bytes or throws): no ArrayBuffer per objectGUID.
  const buf = Buffer.allocUnsafe(16);
  writeGuid(guid, buf, 0);
  return buf;
}

/** Reads 16 bytes at `offset` as a lowercase GUID string. Throws SecurityDescriptorDecodeError when truncated. */
export function guidFromBytes(buf: Uint8Array, offset = 0): string {
  if (offset < 0 || offset + 16 > buf.length) {
    throw new SecurityDescriptorDecodeError(
      offset,
      `GUID truncated: needs 16 bytes, ${Math.max(0, buf.length - offset)} available`,
    );
  }
  // A direct-mapped memo of recently seen GUIDs: an AD SD repeats a few dozen GUIDs across its
  // ACEs and across objects, so most decodes are a 16-byte compare, and returning the same string
  // object makes the access check's GUID comparisons cheap.
  const o = offset;
  const slot =
    (((buf[o] as number) ^
      ((buf[o + 4] as number) << 2) ^
      ((buf[o + 8] as number) << 4) ^
      ((buf[o + 15] as number) << 6)) &
      CACHE_MASK) >>>
    0;
  const base = slot * 16;
  const cached = cacheStrings[slot];
  if (cached !== undefined) {
    let same = true;
    for (let k = 0; k < 16; k++) {
      if (cacheBytes[base + k] !== buf[o + k]) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  const str = formatGuidBytes(buf, o);
  for (let k = 0; k < 16; k++) cacheBytes[base + k] = buf[o + k] as number;
  cacheStrings[slot] = str;
  return str;
}

const CACHE_SLOTS = 1024;
const CACHE_MASK = CACHE_SLOTS - 1;
const cacheBytes = new Uint8Array(CACHE_SLOTS * 16);
const cacheStrings: (string | undefined)[] = new Array(CACHE_SLOTS).fill(undefined);

function formatGuidBytes(buf: Uint8Array, o: number): string {
  const h = HEX;
  // Plain concatenation (no closures): this runs for every object ACE of every access check.
  return (
    (h[buf[o + 3] as number] as string) +
    h[buf[o + 2] as number] +
    h[buf[o + 1] as number] +
    h[buf[o] as number] +
    "-" +
    h[buf[o + 5] as number] +
    h[buf[o + 4] as number] +
    "-" +
    h[buf[o + 7] as number] +
    h[buf[o + 6] as number] +
    "-" +
    h[buf[o + 8] as number] +
    h[buf[o + 9] as number] +
    "-" +
    h[buf[o + 10] as number] +
    h[buf[o + 11] as number] +
    h[buf[o + 12] as number] +
    h[buf[o + 13] as number] +
    h[buf[o + 14] as number] +
    h[buf[o + 15] as number]
  );
}

/** Validates a GUID string and returns it in canonical lowercase form. */
export function parseGuidString(guid: string): string {
  const tmp = new Uint8Array(16);
  writeGuid(guid, tmp, 0);
  return guidFromBytes(tmp, 0);
}

/** True when `text` is a GUID string (either case). */
export function isGuidString(text: string): boolean {
  try {
    parseGuidString(text);
    return true;
  } catch {
    return false;
  }
}
