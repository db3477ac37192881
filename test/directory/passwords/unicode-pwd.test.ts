import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeUnicodePwd,
  decodeUserPassword,
  encodeUnicodePwd,
  encodeUserPassword,
} from "../../../simulator/directory/passwords/index.ts";

const utf16 = (s: string) => Buffer.from(s, "utf16le");
/** With the u flag a surrogate pair is one code point, so \p{Cs} matches only unpaired surrogates. */
const wellFormed = (s: string) => !/\p{Cs}/u.test(s);

describe("decodeUnicodePwd (MS-ADTS 3.1.1.3.1.5.1)", () => {
  it.each([
    ["a quoted UTF-16LE password", utf16('"NewPassw0rd!1"'), { ok: true, password: "NewPassw0rd!1" }],
    ["quotes inside the password are kept", utf16('"a"b"'), { ok: true, password: 'a"b' }],
    ["a quoted empty string decodes to the empty password", utf16('""'), { ok: true, password: "" }],
    ["non-BMP characters", utf16('"P@ss😀word1"'), { ok: true, password: "P@ss😀word1" }],
    // samba-observations.md E7: both of these were refused with "…not allowed to set the NT hash password directly'"
    ["UTF-16LE without the quotes", utf16("NoQuotes#1Abc"), { ok: false, reason: "notQuoted" }],
    [
      "UTF-8 bytes of a quoted password",
      Buffer.from('"Utf8Enc#1Abc"', "utf8"),
      { ok: false, reason: "notUtf16le" },
    ],
    ["a single quote byte", Buffer.from('"'), { ok: false, reason: "notUtf16le" }],
    [
      "odd byte length with UTF-16 quotes",
      Buffer.from([0x22, 0, 0x41, 0x22, 0]),
      { ok: false, reason: "notUtf16le" },
    ],
    ["odd byte length without quotes", Buffer.from([0x41, 0, 0x42]), { ok: false, reason: "notUtf16le" }],
    [
      "a lone high surrogate",
      Buffer.from([0x22, 0, 0x00, 0xd8, 0x22, 0]),
      { ok: false, reason: "notUtf16le" },
    ],
    [
      "a lone low surrogate",
      Buffer.from([0x22, 0, 0x00, 0xdc, 0x22, 0]),
      { ok: false, reason: "notUtf16le" },
    ],
    ["an unquoted lone surrogate", Buffer.from([0x41, 0, 0x00, 0xd8]), { ok: false, reason: "notUtf16le" }],
    ["a quote at one end only", utf16('"abc'), { ok: false, reason: "notQuoted" }],
    ["a zero-length value", Buffer.alloc(0), { ok: false, reason: "empty" }],
    ["a 16-byte NT-hash-like blob", Buffer.alloc(16, 0x41), { ok: false, reason: "notQuoted" }],
  ])("%s", (_name, value, expected) => {
    expect(decodeUnicodePwd(value)).toEqual(expected);
  });

  it("encodeUnicodePwd wraps in quotes and encodes UTF-16LE", () => {
    expect(encodeUnicodePwd("ab")).toEqual(Buffer.from([0x22, 0, 0x61, 0, 0x62, 0, 0x22, 0]));
  });

  it("property: encode/decode round-trips every well-formed string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 64 }), (s) => {
        fc.pre(wellFormed(s));
        expect(decodeUnicodePwd(encodeUnicodePwd(s))).toEqual({ ok: true, password: s });
      }),
      { numRuns: 500 },
    );
  });

  it("property: an unpaired surrogate anywhere makes the value notUtf16le", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary-ascii", maxLength: 10 }),
        fc.integer({ min: 0xd800, max: 0xdfff }),
        fc.string({ unit: "binary-ascii", maxLength: 10 }),
        (before, surrogate, after) => {
          const s = before + String.fromCharCode(surrogate) + after;
          expect(decodeUnicodePwd(encodeUnicodePwd(s))).toEqual({ ok: false, reason: "notUtf16le" });
        },
      ),
    );
  });

  it("property: a UTF-8 quoted ASCII password is never taken for UTF-16LE", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 30 }), (s) => {
        expect(decodeUnicodePwd(Buffer.from(`"${s}"`, "utf8"))).toEqual({ ok: false, reason: "notUtf16le" });
      }),
    );
  });
});

describe("decodeUserPassword (MS-ADTS 3.1.1.3.1.5.2: plain UTF-8, no quotes)", () => {
  it.each([
    ["plain UTF-8", Buffer.from("Pässword1", "utf8"), { ok: true, password: "Pässword1" }],
    ["quotes are part of the password", Buffer.from('"x"', "utf8"), { ok: true, password: '"x"' }],
    ["invalid UTF-8", Buffer.from([0xc3, 0x28]), { ok: false, reason: "notUtf16le" }],
    ["empty", Buffer.alloc(0), { ok: false, reason: "empty" }],
  ])("%s", (_name, value, expected) => {
    expect(decodeUserPassword(value)).toEqual(expected);
  });

  it("property: round-trips every well-formed string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1, maxLength: 64 }), (s) => {
        fc.pre(wellFormed(s));
        expect(decodeUserPassword(encodeUserPassword(s))).toEqual({ ok: true, password: s });
      }),
    );
  });
});
