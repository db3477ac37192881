import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeSecurityDescriptor,
  encodeSecurityDescriptor,
  formatSddl,
  parseSddl,
  SddlParseError,
  SecurityDescriptorEncodeError,
} from "../../simulator/security/index.ts";
import { SAMBA_DOMAIN_SID, sddlSd } from "./codec-arbitraries.ts";

const DIR = new URL("../fixtures/samba-sddl/", import.meta.url);
const opts = { domainSid: SAMBA_DOMAIN_SID };
const samba = { ...opts, dialect: "samba-4.17" as const };
/** Captures of Samba's as_sddl() output; the schema's defaultSecurityDescriptor is human-written input. */
const CAPTURES = readdirSync(DIR).filter((f) => f.endsWith(".txt") && !f.startsWith("schema_"));
const read = (f: string) => readFileSync(new URL(f, DIR), "utf8").trim();

const WINDOWS_ORDER = [
  "CC",
  "DC",
  "LC",
  "SW",
  "RP",
  "WP",
  "DT",
  "LO",
  "CR",
  "SD",
  "RC",
  "WD",
  "WO",
  "GA",
  "GX",
  "GW",
  "GR",
];
/** Rewrites each ACE's rights letters into Windows' order, independently of the formatter. */
function toWindowsOrder(sddl: string): string {
  return sddl.replace(/\(([A-Z]+);([A-Z]*);([A-Z]*);/g, (_m, type: string, flags: string, rights: string) => {
    const letters = rights.match(/../g) ?? [];
    const sorted = [...letters].sort((a, b) => WINDOWS_ORDER.indexOf(a) - WINDOWS_ORDER.indexOf(b));
    return `(${type};${flags};${sorted.join("")};`;
  });
}

function parseError(text: string, o = {}): SddlParseError {
  try {
    parseSddl(text, o);
  } catch (e) {
    if (e instanceof SddlParseError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe("Samba SDDL captures (test/fixtures/samba-sddl)", () => {
  it("has the captures", () => {
    expect(CAPTURES.length).toBeGreaterThanOrEqual(17);
  });

  it.each(CAPTURES)("%s re-formats identically in the Samba 4.17 dialect, also through binary", (file) => {
    const text = read(file);
    const sd = parseSddl(text, opts);
    expect(formatSddl(sd, samba)).toBe(text);
    expect(formatSddl(decodeSecurityDescriptor(encodeSecurityDescriptor(sd)), samba)).toBe(text);
  });

  it.each(CAPTURES)("%s formats in Windows' rights order in the Windows dialect", (file) => {
    const text = read(file);
    const windows = formatSddl(parseSddl(text, opts), opts);
    expect(windows).toBe(toWindowsOrder(text));
    expect(formatSddl(parseSddl(windows, opts), opts)).toBe(windows);
  });

  it("normalises the schema's hand-written defaultSecurityDescriptor (upper-case GUIDs, WPRP)", () => {
    const text = read("schema_user_defaultSecurityDescriptor.txt");
    const out = formatSddl(parseSddl(text, opts), samba);
    expect(out).toBe(
      text.replace(/[0-9A-F]{8}-[0-9A-Fa-f-]{27}/g, (g) => g.toLowerCase()).replaceAll("WPRP", "RPWP"),
    );
  });

  it("sets control flags and ACL revisions as Windows does", () => {
    const sd = parseSddl(read("E4_alice_full_sd.txt"), opts);
    // SELF_RELATIVE | SACL_AUTO_INHERITED | DACL_AUTO_INHERITED | SACL_PRESENT | DACL_PRESENT
    expect(sd.control).toBe(0x8c14);
    expect(sd.owner).toBe(`${SAMBA_DOMAIN_SID}-512`);
    expect(sd.dacl?.revision).toBe(4);
    expect(parseSddl("D:PAI(A;;RP;;;WD)").control).toBe(0x9404);
    expect(parseSddl("D:(A;;RP;;;WD)").dacl?.revision).toBe(2);
    expect(parseSddl("S:PARAI").control).toBe(0x8000 | 0x10 | 0x2000 | 0x200 | 0x800);
    expect(parseSddl("").control).toBe(0x8000);
  });
});

describe("SDDL parsing", () => {
  it("parses every ACE type it supports", () => {
    const sd = parseSddl(
      "D:(A;;RP;;;WD)(D;;WP;;;WD)(OA;;CR;;;WD)(OD;;CR;;;WD)(AL;;RP;;;WD)(OL;;RP;;;WD)S:(AU;SA;RP;;;WD)(OU;FA;RP;;;WD)(ML;;NW;;;LW)(SP;;;;;S-1-17-1)",
    );
    expect(sd.dacl?.aces.map((a) => `${a.kind}:${a.type}`)).toEqual([
      "known:0",
      "known:1",
      "known:5",
      "known:6",
      "opaque:3",
      "opaque:8",
    ]);
    expect(sd.sacl?.aces.map((a) => `${a.kind}:${a.type}`)).toEqual([
      "known:2",
      "known:7",
      "opaque:17",
      "opaque:19",
    ]);
    expect(formatSddl(sd)).toBe(
      "D:(A;;RP;;;WD)(D;;WP;;;WD)(OA;;CR;;;WD)(OD;;CR;;;WD)(AL;;RP;;;WD)(OL;;RP;;;WD)S:(AU;SA;RP;;;WD)(OU;FA;RP;;;WD)(ML;;NW;;;LW)(SP;;;;;S-1-17-1)",
    );
  });

  it("parses NULL ACLs and prints them as NO_ACCESS_CONTROL", () => {
    const sd = parseSddl("O:SYD:PNO_ACCESS_CONTROLS:NO_ACCESS_CONTROL");
    expect(sd.dacl).toBeNull();
    expect(sd.sacl).toBeNull();
    expect(sd.control).toBe(0x8000 | 0x4 | 0x10 | 0x1000);
    expect(formatSddl(sd)).toBe("O:SYD:PNO_ACCESS_CONTROLS:NO_ACCESS_CONTROL");
    // Samba 4.17 prints nothing for a NULL ACL.
    expect(formatSddl(sd, { dialect: "samba-4.17" })).toBe("O:SY");
  });

  it("accepts parts in any order, numeric rights, lower-case s- and upper-case GUIDs", () => {
    const sd = parseSddl(
      "D:(OA;CIIO;0x30;BF967ABA-0DE6-11D0-A285-00AA003049E2;;s-1-5-21-1-2-3-1109)O:S-1-5-21-1-2-3-512",
    );
    expect(formatSddl(sd, { domainSid: "S-1-5-21-1-2-3" })).toBe(
      "O:DAD:(OA;CIIO;RPWP;bf967aba-0de6-11d0-a285-00aa003049e2;;S-1-5-21-1-2-3-1109)",
    );
  });

  it("resolves domain aliases against the given domain and forest root", () => {
    const sd = parseSddl("O:DAG:EAD:(A;;RP;;;SA)", {
      domainSid: "S-1-5-21-1-2-3",
      rootDomainSid: "S-1-5-21-7-8-9",
    });
    expect(sd.owner).toBe("S-1-5-21-1-2-3-512");
    expect(sd.group).toBe("S-1-5-21-7-8-9-519");
    expect(sd.dacl?.aces[0]).toMatchObject({ sid: "S-1-5-21-7-8-9-518" });
  });

  it("handles an owner SID running into the D: part", () => {
    expect(parseSddl("O:S-1-5-21-1-2-3-512D:").owner).toBe("S-1-5-21-1-2-3-512");
    expect(parseSddl("G:S-1-0x123456789abcD:").group).toBe("S-1-0x123456789abc");
  });

  it.each<[string, number, RegExp]>([
    ["X:", 0, /expected "O:", "G:", "D:" or "S:"/],
    ["O:SYO:SY", 4, /"O:" appears twice/],
    ["O:DA", 2, /SID alias DA is relative to the domain; pass the domain SID/],
    ["O:QQ", 2, /expected a SID .* found "QQ"/],
    ["O:S-1-5-x", 8, /bad owner SID: expected a decimal sub-authority/],
    ["D:(B;;RP;;;WD)", 3, /unknown ACE type "B"/],
    ["D:(XA;;RP;;;WD;(x==1))", 3, /ACE type XA .* not supported/],
    ["D:(A;XX;RP;;;WD)", 5, /unknown ACE flag "XX"/],
    ["D:(A;;RPQQ;;;WD)", 8, /unknown access right "QQ"/],
    ["D:(A;;RP;bf967aba-0de6-11d0-a285-00aa003049e2;;WD)", 9, /only allowed in object ACEs/],
    ["D:(OA;;RP;bf967aba-0de6-11d0-a285;;WD)", 33, /bad object type GUID/],
    ["D:(A;;RP;;;)", 11, /expected the trustee SID/],
    ["D:(A;;RP;;;WDX)", 13, /unexpected "X" after SID alias WD/],
    ["D:(A;;RP;;;WD", 13, /ACE not terminated/],
    ["D:(A;;RP;;;WD;x)", 13, /seventh ACE field/],
    ["D:(A;;RP;;WD)", 10, /inherited object type GUID is only allowed in object ACEs/],
    ["D:NO_ACCESS_CONTROL(A;;RP;;;WD)", 19, /NULL ACL.*cannot also have ACEs/],
    ["D: (A;;RP;;;WD)", 2, /whitespace/],
    ["D:(A;;RP;;;WD)junk", 14, /expected an ACL flag/],
  ])("rejects %j at character %i", (text, offset, message) => {
    const err = parseError(text);
    expect(err.message).toMatch(message);
    expect(err.offset).toBe(offset);
  });
});

describe("SDDL formatting", () => {
  it("prints ACE flags in Windows' order and aliases only for the given domain", () => {
    const sd = parseSddl("D:(A;IDIOCIOINPSAFA;RP;;;S-1-5-21-1-2-3-512)");
    expect(formatSddl(sd)).toBe("D:(A;OICINPIOIDSAFA;RP;;;S-1-5-21-1-2-3-512)");
    expect(formatSddl(sd, { domainSid: "S-1-5-21-1-2-3" })).toBe("D:(A;OICINPIOIDSAFA;RP;;;DA)");
    expect(formatSddl(sd, { domainSid: "S-1-5-21-9-9-9" })).toBe(
      "D:(A;OICINPIOIDSAFA;RP;;;S-1-5-21-1-2-3-512)",
    );
  });

  it("throws a clear error for ACE types SDDL can't express, naming the ACE", () => {
    const callback = { kind: "opaque" as const, type: 0x09, flags: 0, bytes: new Uint8Array([9, 0, 4, 0]) };
    const sd = {
      ...parseSddl("D:(A;;RP;;;WD)"),
      dacl: { revision: 2, aces: [parseSddl("D:(A;;RP;;;WD)").dacl?.aces[0] as never, callback] },
    };
    expect(() => formatSddl(sd)).toThrow(SecurityDescriptorEncodeError);
    expect(() => formatSddl(sd)).toThrow(/DACL ACE #1 has type 0x09 \(ACCESS_ALLOWED_CALLBACK\)/);
  });

  it("throws for ACE flag bits without letters", () => {
    const sd = parseSddl("D:(A;;RP;;;WD)");
    (sd.dacl?.aces[0] as { flags: number }).flags = 0x20;
    expect(() => formatSddl(sd)).toThrow(/ACE flag bits 0x20/);
  });
});

describe("SDDL properties", () => {
  const arb = sddlSd(SAMBA_DOMAIN_SID, {
    sddlOpaque: true,
    labels: true,
    nullAcls: true,
    largeAuthority: true,
  });

  it("SD → SDDL → SD is the identity (both dialects where expressible)", () => {
    fc.assert(
      fc.property(arb, (sd) => {
        expect(parseSddl(formatSddl(sd, opts), opts)).toEqual(sd);
        if (sd.dacl !== null || (sd.control & 0x4) === 0) {
          if (sd.sacl !== null || (sd.control & 0x10) === 0)
            expect(parseSddl(formatSddl(sd, samba), opts)).toEqual(sd);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("SDDL → SD → SDDL is the identity", () => {
    fc.assert(
      fc.property(arb, (sd) => {
        const text = formatSddl(sd, opts);
        expect(formatSddl(parseSddl(text, opts), opts)).toBe(text);
        const bin = encodeSecurityDescriptor(parseSddl(text, opts));
        expect(formatSddl(decodeSecurityDescriptor(bin), opts)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it("arbitrary text only ever throws SddlParseError", () => {
    const alphabet = fc.constantFrom(..."OGDS:();-PAIRNOCLWUXBS0123456789abcdefx_ ".split(""));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 60 })), (text) => {
        try {
          parseSddl(text, opts);
        } catch (e) {
          expect(e).toBeInstanceOf(SddlParseError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
