import { describe, expect, it } from "vitest";
import {
  aliasForSid,
  isSidAlias,
  parseSidString,
  resolveSidAlias,
  SecurityDescriptorDecodeError,
  SecurityFormatError,
  SID_ALIASES,
  sidFromBytes,
  sidToBytes,
  wellKnownSidName,
} from "../../simulator/security/index.ts";

const DOMAIN = "S-1-5-21-2505225072-1339010360-3064522927";
const ROOT = "S-1-5-21-1-2-3";

describe("SID strings", () => {
  it("canonicalises valid SIDs", () => {
    expect(parseSidString("S-1-5-18")).toBe("S-1-5-18");
    expect(parseSidString("s-1-5-32-544")).toBe("S-1-5-32-544");
    expect(parseSidString("S-1-5")).toBe("S-1-5");
    expect(parseSidString("S-1-0x000000000005-18")).toBe("S-1-5-18");
    expect(parseSidString("S-1-0xFFFFFFFFFFFF-1")).toBe("S-1-0xffffffffffff-1");
    expect(parseSidString("S-1-4294967296-7")).toBe("S-1-0x000100000000-7");
    expect(parseSidString(`${DOMAIN}-4294967295`)).toBe(`${DOMAIN}-4294967295`);
  });

  it.each([
    ["", 0, 'expected "S-"'],
    ["X-1-5", 0, 'expected "S-"'],
    ["S-2-5-18", 2, "revision must be 1"],
    ["S-1-", 4, "identifier authority"],
    ["S-1-5-", 6, "expected a decimal sub-authority"],
    ["S-1-5-4294967296", 6, "exceeds 4294967295"],
    ["S-1-281474976710656", 4, "exceeds 48 bits"],
    ["S-1-0x1234567890abc", 18, "unexpected character after the SID"],
    ["S-1-5-18x", 8, "unexpected character"],
    [`S-1-5${"-1".repeat(16)}`, 36, "at most 15 sub-authorities"],
  ])("rejects %j at character %i", (text, offset, message) => {
    let err: unknown;
    try {
      parseSidString(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SecurityFormatError);
    expect((err as SecurityFormatError).offset).toBe(offset);
    expect((err as Error).message).toContain(message);
  });
});

describe("SID binary form (MS-DTYP 2.4.2.2)", () => {
  it("encodes the authority big-endian and sub-authorities little-endian", () => {
    expect(sidToBytes("S-1-5-32-544").toString("hex")).toBe("01020000000000052000000020020000");
    expect(sidToBytes("S-1-0xffffffffffff-1").toString("hex")).toBe("0101ffffffffffff01000000");
  });

  it("round-trips through bytes at an offset", () => {
    for (const sid of [
      "S-1-1-0",
      `${DOMAIN}-1109`,
      "S-1-5",
      "S-1-0x123456789abc-1-2",
      `S-1-5${"-4294967295".repeat(15)}`,
    ]) {
      const b = Buffer.concat([Buffer.from([9, 9, 9]), sidToBytes(sid), Buffer.from([7])]);
      expect(sidFromBytes(b, 3)).toEqual({ sid, length: b.length - 4 });
    }
  });

  it("reports truncation, bad revision and bad sub-authority counts with their offsets", () => {
    const good = sidToBytes(`${DOMAIN}-512`);
    expect(() => sidFromBytes(good.subarray(0, 7))).toThrow(/byte 0: SID truncated: needs 8 header bytes/);
    expect(() => sidFromBytes(good.subarray(0, 20))).toThrow(
      /byte 0: SID truncated: 5 sub-authorities need 28 bytes, 20 available/,
    );
    const badRev = Buffer.from(good);
    badRev[0] = 2;
    expect(() => sidFromBytes(badRev)).toThrow(/byte 0: SID revision is 2, expected 1/);
    const badCount = Buffer.from(good);
    badCount[1] = 16;
    const err = (() => {
      try {
        sidFromBytes(badCount);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SecurityDescriptorDecodeError);
    expect((err as SecurityDescriptorDecodeError).offset).toBe(1);
  });
});

describe("SDDL SID aliases (MS-DTYP 2.5.1.1)", () => {
  it("knows every alias of the specification", () => {
    const expected =
      "AA AC AN AO AP AS AU BA BG BO BU CA CD CG CN CO CY DA DC DD DG DU EA ED EK ER ES HA HI IS IU KA LA LG LS LU LW ME MP MS MU NO NS NU OW PA PO PS PU RA RC RD RE RM RO RS RU SA SI SO SS SU SY UD WD WR";
    expect([...SID_ALIASES].sort().join(" ")).toBe(expected);
    for (const a of expected.split(" ")) expect(isSidAlias(a)).toBe(true);
    expect(isSidAlias("XX")).toBe(false);
  });

  it("resolves fixed, domain-relative and forest-root-relative aliases", () => {
    expect(resolveSidAlias("WD")).toBe("S-1-1-0");
    expect(resolveSidAlias("SI")).toBe("S-1-16-16384");
    expect(resolveSidAlias("UD")).toBe("S-1-5-84-0-0-0-0-0");
    expect(resolveSidAlias("DA")).toBeUndefined();
    expect(resolveSidAlias("DA", { domainSid: DOMAIN })).toBe(`${DOMAIN}-512`);
    expect(resolveSidAlias("LA", { domainSid: DOMAIN })).toBe(`${DOMAIN}-500`);
    expect(resolveSidAlias("RS", { domainSid: DOMAIN })).toBe(`${DOMAIN}-553`);
    // Forest-root relative: EA SA RO EK, defaulting to the domain in a single-domain forest.
    expect(resolveSidAlias("EA", { domainSid: DOMAIN })).toBe(`${DOMAIN}-519`);
    expect(resolveSidAlias("EA", { domainSid: DOMAIN, rootDomainSid: ROOT })).toBe(`${ROOT}-519`);
    expect(resolveSidAlias("SA", { domainSid: DOMAIN, rootDomainSid: ROOT })).toBe(`${ROOT}-518`);
    expect(resolveSidAlias("RO", { domainSid: DOMAIN, rootDomainSid: ROOT })).toBe(`${ROOT}-498`);
    expect(resolveSidAlias("EK", { domainSid: DOMAIN, rootDomainSid: ROOT })).toBe(`${ROOT}-527`);
    expect(resolveSidAlias("DA", { domainSid: DOMAIN, rootDomainSid: ROOT })).toBe(`${DOMAIN}-512`);
    expect(resolveSidAlias("NOPE")).toBeUndefined();
  });

  it("prints aliases for well-known SIDs and for SIDs of the given domain only", () => {
    expect(aliasForSid("S-1-5-32-554")).toBe("RU");
    expect(aliasForSid(`${DOMAIN}-512`)).toBeUndefined();
    expect(aliasForSid(`${DOMAIN}-512`, { domainSid: DOMAIN })).toBe("DA");
    expect(aliasForSid(`${DOMAIN}-1109`, { domainSid: DOMAIN })).toBeUndefined();
    expect(aliasForSid(`${ROOT}-519`, { domainSid: DOMAIN, rootDomainSid: ROOT })).toBe("EA");
    expect(aliasForSid(`${DOMAIN}-519`, { domainSid: DOMAIN, rootDomainSid: ROOT })).toBeUndefined();
    expect(aliasForSid(`${ROOT}-512`, { domainSid: DOMAIN, rootDomainSid: ROOT })).toBeUndefined();
    for (const alias of SID_ALIASES) {
      const sid = resolveSidAlias(alias, { domainSid: DOMAIN, rootDomainSid: ROOT }) as string;
      expect(aliasForSid(sid, { domainSid: DOMAIN, rootDomainSid: ROOT })).toBe(alias);
    }
  });

  it("names well-known SIDs for explanations", () => {
    expect(wellKnownSidName(`${DOMAIN}-512`, { domainSid: DOMAIN })).toBe("Domain Admins");
    expect(wellKnownSidName("S-1-5-32-560")).toBe("Windows Authorization Access Group");
    expect(wellKnownSidName(`${DOMAIN}-502`, { domainSid: DOMAIN })).toBe("krbtgt");
    expect(wellKnownSidName(`${DOMAIN}-1109`, { domainSid: DOMAIN })).toBeUndefined();
  });
});

describe("SID decoding memo", () => {
  it("never confuses SIDs that share a cache slot (random SIDs round-trip)", async () => {
    const fc = (await import("fast-check")).default;
    const sidArb = fc
      .tuple(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
      )
      .map(([a, subs]) => parseSidString(`S-1-${a}${subs.map((x) => `-${x}`).join("")}`));
    fc.assert(
      fc.property(fc.array(sidArb, { minLength: 1, maxLength: 20 }), (sids) => {
        const bytes = sids.map((s) => sidToBytes(s));
        for (let round = 0; round < 2; round++) {
          sids.forEach((s, i) => {
            expect(sidFromBytes(bytes[i] as Buffer).sid).toBe(s);
          });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
