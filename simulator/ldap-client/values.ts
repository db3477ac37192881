/**
 * Value encodings AD uses on the wire for the attributes writeback touches. SIDs and GUIDs go
 * through simulator/security/sid.ts and guid.ts.
 */

/** unicodePwd value: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5.1). */
export function quotedUnicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, "utf16le");
}

/** The sourceAnchor Connect uses by default: base64 of the 16 objectGUID bytes (ms-DS-ConsistencyGuid). */
export function immutableIdFromGuidBytes(b: Buffer): string {
  return b.toString("base64");
}

export function guidBytesFromImmutableId(id: string): Buffer {
  const b = Buffer.from(id, "base64");
  if (b.length !== 16) throw new RangeError(`sourceAnchor "${id}" is not base64 of a 16-byte GUID`);
  return b;
}

/** RFC 4515 escaping of raw bytes for a filter value: every byte as \xx. */
export function escapeFilterBytes(b: Buffer): string {
  return [...b].map((x) => `\\${x.toString(16).padStart(2, "0")}`).join("");
}

/** RFC 4515 escaping of a string value. */
export function escapeFilterValue(s: string): string {
  return s.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
