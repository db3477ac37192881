import { describe, expect, it } from "vitest";
import {
  describeRights,
  formatRights,
  mapGenericRights,
  parseRights,
  SddlParseError,
} from "../../simulator/security/index.ts";

describe("SDDL rights", () => {
  it("parses letters in any order, composites and numbers", () => {
    expect(parseRights("RPWPCRCCDCLCLORCWOWDSDDTSW")).toBe(0xf01ff);
    expect(parseRights("CCDCLCSWRPWPDTLOCRSDRCWDWO")).toBe(0xf01ff);
    expect(parseRights("GAGRGWGX")).toBe(0xf0000000);
    expect(parseRights("FA")).toBe(0x1f01ff);
    expect(parseRights("FR")).toBe(0x120089);
    expect(parseRights("KA")).toBe(0xf003f);
    expect(parseRights("NWNR")).toBe(0x3);
    expect(parseRights("0x1200a9")).toBe(0x1200a9);
    expect(parseRights("0X10")).toBe(0x10);
    expect(parseRights("16")).toBe(16);
    expect(parseRights("020")).toBe(16);
    expect(parseRights("")).toBe(0);
  });

  it("rejects unknown letters and bad numbers with the offset", () => {
    expect(() => parseRights("RPXX", 10)).toThrow(SddlParseError);
    expect(() => parseRights("RPXX", 10)).toThrow(/character 12: unknown access right "XX"/);
    expect(() => parseRights("rp")).toThrow(/upper case/);
    expect(() => parseRights("0x1g")).toThrow(/character 3/);
    expect(() => parseRights("0x100000000")).toThrow(/exceeds 32 bits/);
  });

  it("formats like Windows: bit order, composites on exact match, unpadded hex", () => {
    expect(formatRights(0xf01ff)).toBe("CCDCLCSWRPWPDTLOCRSDRCWDWO");
    expect(formatRights(0x20094)).toBe("LCRPLORC");
    expect(formatRights(0xf0000000)).toBe("GAGXGWGR");
    expect(formatRights(0x1f01ff)).toBe("FA");
    expect(formatRights(0xf003f)).toBe("KA");
    expect(formatRights(0x20019)).toBe("KR");
    expect(formatRights(0x1200a9)).toBe("0x1200a9");
    expect(formatRights(0x100 | 0x01000000)).toBe("0x1000100");
    expect(formatRights(0)).toBe("");
  });

  it("formats like Samba 4.17 in that dialect", () => {
    expect(formatRights(0xf01ff, "samba-4.17")).toBe("RPWPCRCCDCLCLORCWOWDSDDTSW");
    expect(formatRights(0x20094, "samba-4.17")).toBe("RPLCLORC");
    expect(formatRights(0xf0000000, "samba-4.17")).toBe("GAGRGWGX");
    expect(formatRights(0x1f01ff, "samba-4.17")).toBe("0x001f01ff");
    expect(formatRights(0xf003f, "samba-4.17")).toBe("RPWPCCDCLCRCWOWDSDSW");
  });

  it("round-trips every mask through its text", () => {
    for (const m of [0, 1, 0x100, 0xf01ff, 0xffffffff, 0x80000000, 0x1f01ff, 0x20006, 0x12345678]) {
      expect(parseRights(formatRights(m))).toBe(m >>> 0);
      expect(parseRights(formatRights(m, "samba-4.17"))).toBe(m >>> 0);
    }
  });

  it("maps DS generic rights (MS-ADTS 5.1.3.2)", () => {
    expect(mapGenericRights(0x80000000)).toBe(0x20094);
    expect(mapGenericRights(0x40000000)).toBe(0x20028);
    expect(mapGenericRights(0x20000000)).toBe(0x20004);
    expect(mapGenericRights(0x10000000)).toBe(0xf01ff);
    expect(mapGenericRights(0x80000100)).toBe(0x20194);
  });

  it("describes bits with AD names", () => {
    expect(describeRights(0x20110).map((r) => r.letter ?? r.name)).toEqual(["RP", "CR", "RC"]);
    expect(describeRights(0x100000)[0]?.name).toBe("Synchronize");
  });
});
