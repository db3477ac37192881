import { describe, expect, it } from "vitest";
import {
  guidFromBytes,
  guidToBytes,
  parseGuidString,
  SecurityFormatError,
} from "../../simulator/security/index.ts";

describe("GUIDs (MS-DTYP 2.3.4.2 mixed-endian layout)", () => {
  it("writes the first three groups little-endian and the rest in order", () => {
    // User-Force-Change-Password, as it appears in an object ACE on the wire.
    expect(guidToBytes("00299570-246d-11d0-a768-00aa006e0529").toString("hex")).toBe(
      "709529006d24d011a76800aa006e0529",
    );
    expect(guidFromBytes(Buffer.from("709529006d24d011a76800aa006e0529", "hex"))).toBe(
      "00299570-246d-11d0-a768-00aa006e0529",
    );
  });

  it("accepts upper case and prints lower case", () => {
    expect(parseGuidString("77B5B886-944A-11d1-AEBD-0000F80367C1")).toBe(
      "77b5b886-944a-11d1-aebd-0000f80367c1",
    );
  });

  it("reads at an offset and reports truncation", () => {
    const b = Buffer.concat([Buffer.alloc(5), guidToBytes("bf967aba-0de6-11d0-a285-00aa003049e2")]);
    expect(guidFromBytes(b, 5)).toBe("bf967aba-0de6-11d0-a285-00aa003049e2");
    expect(() => guidFromBytes(b, 6)).toThrow(/byte 6: GUID truncated/);
  });

  it.each([
    ["bf967aba-0de6-11d0-a285-00aa003049e", 35, "36 characters"],
    ["bf967aba_0de6-11d0-a285-00aa003049e2", 8, 'expected "-"'],
    ["bf967abg-0de6-11d0-a285-00aa003049e2", 7, "hex digit"],
  ])("rejects %j at character %i", (text, offset, message) => {
    try {
      parseGuidString(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SecurityFormatError);
      expect((e as SecurityFormatError).offset).toBe(offset);
      expect((e as Error).message).toContain(message);
    }
  });
});

describe("GUID decoding memo", () => {
  it("never confuses GUIDs that share a cache slot (random GUIDs round-trip)", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 20 }),
        (raws) => {
          const strings = raws.map((r) => guidFromBytes(r));
          raws.forEach((r, i) => {
            expect(guidToBytes(strings[i] as string)).toEqual(Buffer.from(r));
            expect(guidFromBytes(r)).toBe(strings[i]);
          });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
