import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeAce,
  decodeAcl,
  decodeSecurityDescriptor,
  encodeAce,
  encodeAcl,
  encodeSecurityDescriptor,
  parseSddl,
  type SecurityDescriptor,
  SecurityDescriptorDecodeError,
  SecurityDescriptorEncodeError,
} from "../../simulator/security/index.ts";
import { binarySd, SAMBA_DOMAIN_SID, sddlSd } from "./codec-arbitraries.ts";

const FIXTURES = new URL("../fixtures/samba-sddl/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8").trim();
const opts = { domainSid: SAMBA_DOMAIN_SID };

function decodeError(bytes: Uint8Array): SecurityDescriptorDecodeError {
  try {
    decodeSecurityDescriptor(bytes);
  } catch (e) {
    if (e instanceof SecurityDescriptorDecodeError) return e;
    throw e;
  }
  throw new Error("decoded without error");
}

describe("security descriptor binary layout", () => {
  it("writes header, SACL, DACL, owner, group in Windows' order", () => {
    const sd = parseSddl("O:BAG:SYD:(A;;RP;;;WD)S:(AU;SA;WP;;;WD)");
    const b = encodeSecurityDescriptor(sd);
    expect(b.toString("hex")).toBe(
      [
        "0100", // revision 1, Sbz1
        "1480", // control 0x8014: SELF_RELATIVE | SACL_PRESENT | DACL_PRESENT
        "4c000000", // owner at 76
        "5c000000", // group at 92
        "14000000", // SACL at 20
        "30000000", // DACL at 48
        "02001c0001000000", // SACL header: revision 2, size 28, 1 ACE
        "0240140020000000010100000000000100000000", // (AU;SA;WP;;;WD)
        "02001c0001000000", // DACL header: revision 2, size 28, 1 ACE
        "0000140010000000010100000000000100000000", // (A;;RP;;;WD)
        "01020000000000052000000020020000", // owner BA
        "010100000000000512000000", // group SY
      ].join(""),
    );
  });

  it("reproduces the size of the partial SD Samba returned for alice under SD flags 0x04", () => {
    // samba-observations.md §4: DACL only, control 0x8404, 2312 bytes.
    const full = parseSddl(fixture("S1_alice_full_sd.txt"), opts);
    const partial: SecurityDescriptor = { ...full, owner: null, group: null, sacl: null, control: 0x8404 };
    const bytes = encodeSecurityDescriptor(partial);
    expect(bytes.length).toBe(2312);
    const back = decodeSecurityDescriptor(bytes);
    expect(back).toEqual(partial);
    expect(back.owner).toBeNull();
    expect(back.dacl?.revision).toBe(4);
    expect(back.dacl?.aces.length).toBe(full.dacl?.aces.length);
  });

  it("decodes object ACEs with either GUID present or absent", () => {
    const sd = parseSddl(
      "D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)(OA;CIIO;RP;;bf967aba-0de6-11d0-a285-00aa003049e2;RU)(OD;;WP;;;AU)",
    );
    const back = decodeSecurityDescriptor(encodeSecurityDescriptor(sd));
    expect(back.dacl?.aces).toEqual([
      {
        kind: "known",
        type: 5,
        flags: 0,
        mask: 0x100,
        sid: "S-1-1-0",
        objectType: "00299570-246d-11d0-a768-00aa006e0529",
      },
      {
        kind: "known",
        type: 5,
        flags: 0x0a,
        mask: 0x10,
        sid: "S-1-5-32-554",
        inheritedObjectType: "bf967aba-0de6-11d0-a285-00aa003049e2",
      },
      { kind: "known", type: 6, flags: 0, mask: 0x20, sid: "S-1-5-11" },
    ]);
  });

  it("keeps a NULL DACL distinct from an absent DACL and from an empty DACL", () => {
    const nullDacl = decodeSecurityDescriptor(encodeSecurityDescriptor(parseSddl("D:NO_ACCESS_CONTROL")));
    expect(nullDacl.control & 0x4).toBe(0x4);
    expect(nullDacl.dacl).toBeNull();
    const empty = decodeSecurityDescriptor(encodeSecurityDescriptor(parseSddl("D:")));
    expect(empty.dacl).toEqual({ revision: 2, aces: [] });
    const absent = decodeSecurityDescriptor(encodeSecurityDescriptor(parseSddl("O:SY")));
    expect(absent.control & 0x4).toBe(0);
    expect(absent.dacl).toBeNull();
  });

  it("carries unknown ACE types byte for byte", () => {
    const callback = Uint8Array.from([
      0x09, 0x03, 0x18, 0x00, 0x10, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x61, 0x72, 0x74, 0x78,
    ]);
    const acl = Buffer.concat([Buffer.from([2, 0, 8 + 24, 0, 1, 0, 0, 0]), callback]);
    const decoded = decodeAcl(acl);
    expect(decoded.aces[0]).toEqual({ kind: "opaque", type: 9, flags: 3, bytes: callback });
    expect(encodeAcl(decoded)).toEqual(acl);
    // The opaque ACE owns its bytes.
    acl[8 + 20] = 0;
    expect((decoded.aces[0] as { bytes: Uint8Array }).bytes[20]).toBe(0x61);
  });

  it("encodes and decodes single ACEs", () => {
    const ace = { kind: "known" as const, type: 0 as const, flags: 0x12, mask: 0xf01ff, sid: "S-1-5-18" };
    const bytes = encodeAce(ace);
    expect(bytes.toString("hex")).toBe("00121400ff010f00010100000000000512000000");
    expect(decodeAce(bytes)).toEqual({ ace, length: 20 });
  });

  it("refuses SDs it cannot write faithfully", () => {
    const base = parseSddl("D:(A;;RP;;;WD)");
    expect(() => encodeSecurityDescriptor({ ...base, control: 0x8000 })).toThrow(
      SecurityDescriptorEncodeError,
    );
    expect(() => encodeSecurityDescriptor({ ...base, control: 0x8000 })).toThrow(/lacks DACL_PRESENT/);
    expect(() => encodeSecurityDescriptor({ ...base, owner: "S-1-5-x" })).toThrow(/owner: invalid SID/);
    const badAce = {
      kind: "known" as const,
      type: 0 as const,
      flags: 0,
      mask: 1,
      sid: "S-1-1-0",
      objectType: "00299570-246d-11d0-a768-00aa006e0529",
    };
    expect(() => encodeSecurityDescriptor({ ...base, dacl: { revision: 2, aces: [badAce] } })).toThrow(
      /DACL ACE #0: .*not an object ACE/,
    );
  });
});

describe("malformed binary SDs throw SecurityDescriptorDecodeError naming the offset", () => {
  const good = encodeSecurityDescriptor(
    parseSddl("O:BAG:SYD:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)S:(AU;SA;WP;;;WD)"),
  );
  const patched = (at: number, ...bytes: number[]) => {
    const b = Buffer.from(good);
    bytes.forEach((v, i) => {
      b[at + i] = v;
    });
    return b;
  };
  // Layout: header 0..19, SACL at 20 (28 bytes), DACL at 48, owner, group.
  it.each<[string, Uint8Array, number, RegExp]>([
    ["truncated header", good.subarray(0, 19), 0, /header needs 20 bytes, got 19/],
    ["bad SD revision", patched(0, 2), 0, /revision is 2, expected 1/],
    ["owner offset past the end", patched(4, 0xff, 0xff, 0, 0), 4, /owner offset 65535 is outside/],
    ["DACL offset into the header", patched(16, 4, 0, 0, 0), 16, /DACL offset 4 is outside/],
    ["bad ACL revision", patched(48, 9), 48, /ACL revision is 9/],
    ["ACL size past the end", patched(50, 0xff, 0x7f), 50, /ACL size 32767 runs past the end/],
    ["ACE count that overflows", patched(52, 0xff, 0x00), 52, /ACE count 255 cannot fit/],
    ["ACE size smaller than its header", patched(58, 2, 0), 58, /ACE size 2 is smaller/],
    ["ACE size past the ACL", patched(58, 0xf0, 0), 58, /ACE size 240 runs past the end of the ACL/],
    ["ACE size disagreeing with its content", patched(22, 16, 0, 1), 0, /./],
    [
      "SID with 16 sub-authorities",
      patched(good.length - 12 + 1, 16),
      good.length - 12 + 1,
      /sub-authority count is 16/,
    ],
  ])("%s", (_name, bytes, offset, message) => {
    const err = decodeError(bytes);
    expect(err.message).toMatch(message);
    if (_name !== "ACE size disagreeing with its content") expect(err.offset).toBe(offset);
  });

  it("names a size mismatch inside an ACE", () => {
    // Grow the SACL's only ACE by 4 bytes inside a larger ACL: content no longer matches AceSize.
    const sd = parseSddl("S:(AU;SA;WP;;;WD)");
    const b = Buffer.from(encodeSecurityDescriptor(sd));
    const acl = Buffer.concat([b.subarray(20), Buffer.alloc(4)]);
    acl.writeUInt16LE(acl.length, 2);
    acl.writeUInt16LE(0x14 + 4, 8 + 2);
    const err = decodeError(Buffer.concat([b.subarray(0, 20), acl]));
    expect(err.offset).toBe(30);
    expect(err.message).toContain("ACE size 24 disagrees with its content (20 bytes)");
  });
});

describe("binary codec properties", () => {
  it("binary → SD → binary is the identity for generated SDs", () => {
    fc.assert(
      fc.property(binarySd(SAMBA_DOMAIN_SID), (sd) => {
        const bytes = encodeSecurityDescriptor(sd);
        const back = decodeSecurityDescriptor(bytes);
        expect(back).toEqual(sd);
        expect(encodeSecurityDescriptor(back)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it("SD → binary → SD is the identity for SDDL-expressible SDs", () => {
    fc.assert(
      fc.property(
        sddlSd(SAMBA_DOMAIN_SID, { sddlOpaque: true, labels: true, nullAcls: true, largeAuthority: true }),
        (sd) => {
          expect(decodeSecurityDescriptor(encodeSecurityDescriptor(sd))).toEqual(sd);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("random bytes only ever throw SecurityDescriptorDecodeError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeSecurityDescriptor(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(SecurityDescriptorDecodeError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("mutated, truncated and extended valid SDs only ever throw SecurityDescriptorDecodeError", () => {
    const mutation = fc.record({
      sd: binarySd(SAMBA_DOMAIN_SID),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      tail: fc.uint8Array({ maxLength: 8 }),
    });
    fc.assert(
      fc.property(mutation, ({ sd, edits, cut, tail }) => {
        let b = Buffer.from(encodeSecurityDescriptor(sd));
        for (const [at, v] of edits) b[at % b.length] = v;
        if (cut !== undefined) b = b.subarray(0, cut % (b.length + 1));
        b = Buffer.concat([b, tail]);
        try {
          decodeSecurityDescriptor(b);
        } catch (e) {
          expect(e).toBeInstanceOf(SecurityDescriptorDecodeError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
