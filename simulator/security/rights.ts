/**
 * Access masks ⇄ SDDL rights strings (MS-DTYP 2.5.1.1 "rights"), the directory-service generic
 * mapping, and display names of the AD rights (MS-ADTS 5.1.3.2).
 *
 * Formatting has two dialects, because a Samba 4.17 DC prints masks differently from Windows:
 * - "windows": a mask equal to one of the composite file/registry rights prints as that name
 *   (FA, FR, FW, FX, KA, KR, KW, KX), otherwise one letter per bit in ascending bit order
 *   (CC DC LC SW RP WP DT LO CR SD RC WD WO GA GX GW GR, e.g. "CCDCLCSWRPWPDTLOCRSDRCWDWO" for
 *   0xf01ff); a mask with any bit that has no letter prints as "0x" + lowercase hex, unpadded
 *   ("0x1200a9"). Source: Windows' own output as reproduced by Wine's advapi32 DumpRights, and
 *   Samba ≥ 4.19 libcli/security/sddl.c which changed its table to this order to match Windows.
 * - "samba-4.17": Samba 4.17's table order (RP WP CR CC DC LC LO RC WO WD SD DT SW GA GR GW GX,
 *   e.g. "RPWPCRCCDCLCLORCWOWDSDDTSW"), no composite names, hex padded to 8 digits ("0x001f01ff").
 *   Observed from python3-samba 4.17.12 (test/fixtures/samba-sddl/ were captured with it).
 */
import { SddlParseError } from "./errors.ts";

export type SddlDialect = "windows" | "samba-4.17";

interface Letter {
  letter: string;
  mask: number;
  name: string;
}

/** The single-bit letters, in bit order (the Windows print order). */
const BIT_LETTERS: readonly Letter[] = [
  { letter: "CC", mask: 0x00000001, name: "Create Child" },
  { letter: "DC", mask: 0x00000002, name: "Delete Child" },
  { letter: "LC", mask: 0x00000004, name: "List Contents" },
  { letter: "SW", mask: 0x00000008, name: "Validated Write (Self)" },
  { letter: "RP", mask: 0x00000010, name: "Read Property" },
  { letter: "WP", mask: 0x00000020, name: "Write Property" },
  { letter: "DT", mask: 0x00000040, name: "Delete Tree" },
  { letter: "LO", mask: 0x00000080, name: "List Object" },
  { letter: "CR", mask: 0x00000100, name: "Control Access (Extended Right)" },
  { letter: "SD", mask: 0x00010000, name: "Delete" },
  { letter: "RC", mask: 0x00020000, name: "Read Permissions" },
  { letter: "WD", mask: 0x00040000, name: "Modify Permissions (Write DAC)" },
  { letter: "WO", mask: 0x00080000, name: "Modify Owner" },
  { letter: "GA", mask: 0x10000000, name: "Generic All" },
  { letter: "GX", mask: 0x20000000, name: "Generic Execute" },
  { letter: "GW", mask: 0x40000000, name: "Generic Write" },
  { letter: "GR", mask: 0x80000000, name: "Generic Read" },
];

/** Composite letters that Windows accepts and prints on an exact match (MS-DTYP 2.5.1.1). */
const COMPOSITE_LETTERS: readonly Letter[] = [
  { letter: "FA", mask: 0x001f01ff, name: "File All Access" },
  { letter: "FR", mask: 0x00120089, name: "File Generic Read" },
  { letter: "FW", mask: 0x00120116, name: "File Generic Write" },
  { letter: "FX", mask: 0x001200a0, name: "File Generic Execute" },
  { letter: "KA", mask: 0x000f003f, name: "Key All Access" },
  { letter: "KR", mask: 0x00020019, name: "Key Read" },
  { letter: "KW", mask: 0x00020006, name: "Key Write" },
  { letter: "KX", mask: 0x00020019, name: "Key Execute" },
];

/** Mandatory-label policy letters (MS-DTYP 2.4.4.13), accepted when parsing only. */
const LABEL_LETTERS: readonly Letter[] = [
  { letter: "NR", mask: 0x00000002, name: "No Read Up" },
  { letter: "NW", mask: 0x00000001, name: "No Write Up" },
  { letter: "NX", mask: 0x00000004, name: "No Execute Up" },
];

const SAMBA_417_ORDER = [
  "RP",
  "WP",
  "CR",
  "CC",
  "DC",
  "LC",
  "LO",
  "RC",
  "WO",
  "WD",
  "SD",
  "DT",
  "SW",
  "GA",
  "GR",
  "GW",
  "GX",
];

const PARSE_TABLE = new Map<string, number>();
for (const l of [...BIT_LETTERS, ...COMPOSITE_LETTERS, ...LABEL_LETTERS]) PARSE_TABLE.set(l.letter, l.mask);
const BY_LETTER = new Map<string, Letter>(BIT_LETTERS.map((l) => [l.letter, l]));
const SAMBA_417_TABLE: readonly Letter[] = SAMBA_417_ORDER.map((x) => BY_LETTER.get(x) as Letter);
const LETTERED_BITS = BIT_LETTERS.reduce((m, l) => (m | l.mask) >>> 0, 0);

/** Every letter parseRights accepts. */
export const RIGHTS_LETTERS: readonly string[] = [...PARSE_TABLE.keys()];

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/**
 * Parses an SDDL rights string: letters ("RPWPCR"), or a number — "0x…" hex, "0…" octal or
 * decimal, as Windows accepts (MS-DTYP 2.5.1.1: rights may be a hex string). An empty string is
 * the mask 0. `baseOffset` is added to error offsets (the position of the token in a larger SDDL).
 */
export function parseRights(text: string, baseOffset = 0): number {
  if (text.length === 0) return 0;
  const c0 = text.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39) return parseNumericMask(text, baseOffset);
  let mask = 0;
  let i = 0;
  while (i < text.length) {
    const pair = text.slice(i, i + 2);
    const v = PARSE_TABLE.get(pair);
    if (v === undefined) {
      const hint = isUpper(text.charCodeAt(i)) ? "" : " (rights letters are upper case)";
      throw new SddlParseError(
        baseOffset + i,
        `unknown access right ${JSON.stringify(pair)}${hint}; expected one of ${RIGHTS_LETTERS.join(" ")} or a hex mask like 0x20094`,
      );
    }
    mask = (mask | v) >>> 0;
    i += 2;
  }
  return mask;
}

function parseNumericMask(text: string, baseOffset: number): number {
  let radix = 10;
  let start = 0;
  if (text.length > 1 && text[0] === "0" && (text[1] === "x" || text[1] === "X")) {
    radix = 16;
    start = 2;
  } else if (text.length > 1 && text[0] === "0") {
    radix = 8;
    start = 1;
  }
  if (start === text.length) throw new SddlParseError(baseOffset + start, "expected hex digits after 0x");
  let v = 0;
  for (let i = start; i < text.length; i++) {
    const d = Number.parseInt(text[i] as string, radix);
    if (Number.isNaN(d)) {
      throw new SddlParseError(
        baseOffset + i,
        `unexpected ${JSON.stringify(text[i])} in a numeric access mask (base ${radix})`,
      );
    }
    v = v * radix + d;
    if (v > 0xffffffff) throw new SddlParseError(baseOffset, "numeric access mask exceeds 32 bits");
  }
  return v;
}

/**
 * Formats the mask of a SYSTEM_MANDATORY_LABEL ACE: its policy bits as NW NR NX (bit order),
 * any other bit makes it hex (MS-DTYP 2.4.4.13).
 */
export function formatLabelRights(mask: number, dialect: SddlDialect = "windows"): string {
  const m = mask >>> 0;
  if ((m & ~7) !== 0) return formatRights(m, dialect);
  return (m & 1 ? "NW" : "") + (m & 2 ? "NR" : "") + (m & 4 ? "NX" : "");
}

/** Formats an access mask as SDDL rights (see the module comment for the dialects). */
export function formatRights(mask: number, dialect: SddlDialect = "windows"): string {
  const m = mask >>> 0;
  if (m === 0) return "";
  if (dialect === "windows") {
    for (const c of COMPOSITE_LETTERS) if (c.mask === m) return c.letter;
  }
  if ((m & ~LETTERED_BITS) !== 0) {
    return dialect === "windows" ? `0x${m.toString(16)}` : `0x${m.toString(16).padStart(8, "0")}`;
  }
  const table = dialect === "windows" ? BIT_LETTERS : SAMBA_417_TABLE;
  let s = "";
  for (const l of table) if ((m & l.mask) !== 0) s += l.letter;
  return s;
}

/** The DS generic mapping (MS-ADTS 5.1.3.2; MS-DTYP 2.4.3 GENERIC_MAPPING for directory objects). */
export const DS_GENERIC_MAPPING = {
  /** GR → RC | LC | RP | LO */
  read: 0x00020094,
  /** GW → RC | SW | WP */
  write: 0x00020028,
  /** GX → RC | LC */
  execute: 0x00020004,
  /** GA → CC DC LC SW RP WP DT LO CR SD RC WD WO */
  all: 0x000f01ff,
} as const;

/** Replaces the generic bits of `mask` with the DS rights they stand for (MS-DTYP 2.5.3.3 MapGenericBits). */
export function mapGenericRights(mask: number): number {
  let m = mask >>> 0;
  if (m & 0x80000000) m |= DS_GENERIC_MAPPING.read;
  if (m & 0x40000000) m |= DS_GENERIC_MAPPING.write;
  if (m & 0x20000000) m |= DS_GENERIC_MAPPING.execute;
  if (m & 0x10000000) m |= DS_GENERIC_MAPPING.all;
  return (m & 0x0fffffff) >>> 0;
}

const OTHER_BIT_NAMES: Readonly<Record<number, string>> = {
  1048576: "Synchronize",
  16777216: "Access System Security",
  33554432: "Maximum Allowed",
};

/** Each set bit of `mask` with its SDDL letter (if any) and AD display name, in bit order. */
export function describeRights(mask: number): { bit: number; letter: string | undefined; name: string }[] {
  const out: { bit: number; letter: string | undefined; name: string }[] = [];
  const m = mask >>> 0;
  for (let b = 0; b < 32; b++) {
    const bit = 2 ** b;
    if (Math.floor(m / bit) % 2 === 0) continue;
    const l = BIT_LETTERS.find((x) => x.mask === bit);
    out.push({
      bit,
      letter: l?.letter,
      name: l?.name ?? OTHER_BIT_NAMES[bit] ?? `bit 0x${bit.toString(16)}`,
    });
  }
  return out;
}
