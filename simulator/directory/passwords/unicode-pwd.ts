/**
 * Password value encodings on the wire.
 *
 * unicodePwd (MS-ADTS 3.1.1.3.1.5.1): the value is the password surrounded by double quotes, encoded as
 * UTF-16LE. Samba recognises a clear-text value only when it is at least 4 bytes long and starts with `"` 0x00
 * and ends with `"` 0x00 (source4/dsdb/samdb/ldb_modules/password_hash.c, setup_io); anything else it takes
 * for an NT hash and refuses ("it's not allowed to set the NT hash password directly"). We split that one
 * refusal into two reasons so a Windows personality can tell them apart:
 *  - "notUtf16le": the bytes look like a quoted string in a byte encoding (UTF-8/ASCII: starts and ends with a
 *    `"` byte not followed by 0x00), or an odd number of bytes, or unpaired UTF-16 surrogates;
 *  - "notQuoted": well-formed UTF-16LE without the surrounding quotes;
 *  - "empty": a zero-length value.
 * A quoted empty string (`""` in UTF-16LE, 4 bytes) decodes to the empty password: whether that is acceptable
 * is the policy check's business (too short), exactly as on Samba.
 *
 * userPassword (MS-ADTS 3.1.1.3.1.5.2, when dSHeuristics fUserPwdSupport is on): "Vpassword = V", plain UTF-8,
 * no quotes. Invalid UTF-8 is reported as "notUtf16le" (the contract's name for "not in the encoding the
 * attribute requires").
 */

export type DecodedPasswordValue =
  | { ok: true; password: string }
  | { ok: false; reason: "notQuoted" | "notUtf16le" | "empty" };

const QUOTE = 0x22;
const utf16Decoder = new TextDecoder("utf-16le", { fatal: true, ignoreBOM: true });
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function looksLikeQuotedUtf16(v: Buffer): boolean {
  const n = v.length;
  return n >= 4 && v[0] === QUOTE && v[1] === 0 && v[n - 2] === QUOTE && v[n - 1] === 0;
}

/** True when `bytes` (even length) is UTF-16LE without unpaired surrogates. */
function decodeUtf16Strict(bytes: Buffer): string | null {
  if (bytes.length % 2 !== 0) return null;
  try {
    return utf16Decoder.decode(bytes);
  } catch {
    return null;
  }
}

export function decodeUnicodePwd(value: Buffer): DecodedPasswordValue {
  if (value.length === 0) return { ok: false, reason: "empty" };
  if (looksLikeQuotedUtf16(value)) {
    if (value.length % 2 !== 0) return { ok: false, reason: "notUtf16le" };
    const inner = decodeUtf16Strict(value.subarray(2, value.length - 2));
    if (inner === null) return { ok: false, reason: "notUtf16le" };
    return { ok: true, password: inner };
  }
  // Not a quoted UTF-16LE string. A `"` byte at both ends means a byte-encoded (UTF-8) quoted string.
  if (value[0] === QUOTE && value[value.length - 1] === QUOTE) return { ok: false, reason: "notUtf16le" };
  if (value.length % 2 !== 0) return { ok: false, reason: "notUtf16le" };
  if (decodeUtf16Strict(value) === null) return { ok: false, reason: "notUtf16le" };
  return { ok: false, reason: "notQuoted" };
}

export function encodeUnicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, "utf16le");
}

export function decodeUserPassword(value: Buffer): DecodedPasswordValue {
  if (value.length === 0) return { ok: false, reason: "empty" };
  try {
    return { ok: true, password: utf8Decoder.decode(value) };
  } catch {
    return { ok: false, reason: "notUtf16le" };
  }
}

export function encodeUserPassword(password: string): Buffer {
  return Buffer.from(password, "utf8");
}

/**
 * clearTextPassword (Samba's password_hash attribute): the password as UTF-16LE, without quotes.
 * Invalid UTF-16LE is "notUtf16le"; an empty value is "empty".
 */
export function decodeClearTextPassword(value: Buffer): DecodedPasswordValue {
  if (value.length === 0) return { ok: false, reason: "empty" };
  const s = decodeUtf16Strict(value);
  return s === null ? { ok: false, reason: "notUtf16le" } : { ok: true, password: s };
}

/** Decodes a password value as the attribute carrying it defines. */
export function decodePasswordValue(
  attribute: "unicodePwd" | "userPassword" | "clearTextPassword",
  value: Buffer,
): DecodedPasswordValue {
  if (attribute === "unicodePwd") return decodeUnicodePwd(value);
  if (attribute === "userPassword") return decodeUserPassword(value);
  return decodeClearTextPassword(value);
}
