/**
 * SDDL text → SecurityDescriptor (MS-DTYP 2.5.1).
 *
 *   sddl  = *( "O:" sid / "G:" sid / "D:" acl / "S:" acl )      each part at most once, any order
 *   acl   = *( "P" / "AI" / "AR" / "NO_ACCESS_CONTROL" ) *( "(" ace ")" )
 *   ace   = type ";" flags ";" rights ";" [guid] ";" [guid] ";" sid
 *
 * Like ConvertStringSecurityDescriptorToSecurityDescriptor, the result is self-relative
 * (SE_SELF_RELATIVE), "D:" sets DACL_PRESENT and its P / AI / AR flags set DACL_PROTECTED /
 * DACL_AUTO_INHERITED / DACL_AUTO_INHERIT_REQ (the SACL equivalents for "S:"); NO_ACCESS_CONTROL
 * gives a NULL ACL. An ACL gets revision 4 (ACL_REVISION_DS) when it holds an object ACE,
 * otherwise 2 (ACL_REVISION), as Windows does (MS-DTYP 2.4.5).
 *
 * ACE types: A D AU OA OD OU decode to KnownAce; AL OL ML SP are built as OpaqueAce bytes (same
 * layout as A / OA). Conditional and resource-attribute ACEs (XA XD XU ZA RA) are refused with
 * a clear error. Every error is an SddlParseError naming the character offset.
 */
import { SddlParseError, SecurityFormatError } from "./errors.ts";
import { parseGuidString, writeGuid } from "./guid.ts";
import { parseRights } from "./rights.ts";
import { formatSidParts, scanSid, writeSidParts } from "./sid.ts";
import type { Ace, Acl, KnownAceType, SecurityDescriptor } from "./types.ts";
import { SdControl } from "./types.ts";
import { isSidAlias, normaliseSidContext, resolveSidAlias, type SidContext } from "./well-known-sids.ts";

export type SddlOptions = SidContext;

/** SDDL ACE type strings (MS-DTYP 2.5.1.1 ace-type). */
export const SDDL_ACE_TYPES: Readonly<Record<string, number>> = {
  A: 0x00,
  D: 0x01,
  AU: 0x02,
  AL: 0x03,
  OA: 0x05,
  OD: 0x06,
  OU: 0x07,
  OL: 0x08,
  ML: 0x11,
  SP: 0x13,
};

const UNSUPPORTED_ACE_TYPES: Readonly<Record<string, string>> = {
  XA: "callback (conditional) ACE",
  XD: "callback (conditional) ACE",
  XU: "callback (conditional) audit ACE",
  ZA: "callback object ACE",
  RA: "resource attribute ACE",
};

/** SDDL ACE flag strings (MS-DTYP 2.5.1.1 ace-flag-string), in Windows' print order. */
export const SDDL_ACE_FLAGS: readonly (readonly [string, number])[] = [
  ["OI", 0x01],
  ["CI", 0x02],
  ["NP", 0x04],
  ["IO", 0x08],
  ["ID", 0x10],
  ["SA", 0x40],
  ["FA", 0x80],
];
const ACE_FLAG_BY_NAME = new Map<string, number>(SDDL_ACE_FLAGS);

const OBJECT_TYPES = new Set([0x05, 0x06, 0x07, 0x08]);

class Parser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly ctx: SidContext,
  ) {}

  fail(at: number, problem: string): never {
    throw new SddlParseError(at, problem);
  }

  peek(n = 0): string {
    return this.text.charAt(this.pos + n);
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return "end of input";
    const c = this.text[this.pos] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") return "whitespace (SDDL allows none)";
    return JSON.stringify(c);
  }

  parse(): SecurityDescriptor {
    const sd: SecurityDescriptor = {
      revision: 1,
      rmControl: 0,
      control: SdControl.SELF_RELATIVE,
      owner: null,
      group: null,
      sacl: null,
      dacl: null,
    };
    const seen = new Set<string>();
    while (this.pos < this.text.length) {
      const start = this.pos;
      const c = this.peek();
      if (this.peek(1) !== ":" || !"OGDS".includes(c)) {
        this.fail(start, `expected "O:", "G:", "D:" or "S:" but found ${this.describeHere()}`);
      }
      if (seen.has(c)) this.fail(start, `"${c}:" appears twice`);
      seen.add(c);
      this.pos += 2;
      if (c === "O") sd.owner = this.sid("owner");
      else if (c === "G") sd.group = this.sid("group");
      else {
        const { flags, acl } = this.acl(c === "D" ? "DACL" : "SACL");
        if (c === "D") {
          sd.control |= SdControl.DACL_PRESENT | flags;
          sd.dacl = acl;
        } else {
          sd.control |= SdControl.SACL_PRESENT | (flags << 1);
          sd.sacl = acl;
        }
      }
    }
    return sd;
  }

  /** A SID: an alias or an "S-1-…" string, ending wherever the SID can't continue. */
  sid(what: string, end?: number): string {
    const start = this.pos;
    const c = this.peek();
    if ((c === "S" || c === "s") && this.peek(1) === "-") {
      try {
        const r = scanSid(this.text, start);
        if (end !== undefined && r.end !== end)
          this.fail(r.end, `unexpected ${JSON.stringify(this.text[r.end])} after the ${what} SID`);
        this.pos = r.end;
        return formatSidParts(r);
      } catch (err) {
        if (err instanceof SecurityFormatError) this.fail(err.offset, `bad ${what} SID: ${err.problem}`);
        throw err;
      }
    }
    const alias = this.text.slice(start, start + 2);
    if (!isSidAlias(alias)) {
      this.fail(
        start,
        `expected a SID ("S-1-…") or a two-letter SID alias for the ${what}, found ${JSON.stringify(this.text.slice(start, start + 2))}`,
      );
    }
    const sid = resolveSidAlias(alias, this.ctx);
    if (sid === undefined) {
      this.fail(
        start,
        `SID alias ${alias} is relative to the domain; pass the domain SID (domainSid / --domain-sid) to resolve it`,
      );
    }
    this.pos = start + 2;
    if (end !== undefined && this.pos !== end)
      this.fail(this.pos, `unexpected ${JSON.stringify(this.peek())} after SID alias ${alias}`);
    return sid;
  }

  acl(name: string): { flags: number; acl: Acl | null } {
    let flags = 0;
    let nullAcl = false;
    for (;;) {
      const here = this.pos;
      if (this.text.startsWith("NO_ACCESS_CONTROL", here)) {
        nullAcl = true;
        this.pos += 17;
      } else if (this.peek() === "P") {
        flags |= SdControl.DACL_PROTECTED;
        this.pos += 1;
      } else if (this.text.startsWith("AI", here)) {
        flags |= SdControl.DACL_AUTO_INHERITED;
        this.pos += 2;
      } else if (this.text.startsWith("AR", here)) {
        flags |= SdControl.DACL_AUTO_INHERIT_REQ;
        this.pos += 2;
      } else break;
    }
    const aces: Ace[] = [];
    while (this.peek() === "(") {
      if (nullAcl) this.fail(this.pos, `${name} is NO_ACCESS_CONTROL (a NULL ACL) and cannot also have ACEs`);
      aces.push(this.ace());
    }
    if (this.pos < this.text.length && this.peek(1) !== ":") {
      this.fail(
        this.pos,
        `expected an ACL flag (P, AI, AR, NO_ACCESS_CONTROL), "(" starting an ACE, or the next part, but found ${this.describeHere()}`,
      );
    }
    if (nullAcl) return { flags, acl: null };
    const revision = aces.some((a) => OBJECT_TYPES.has(a.type)) ? 4 : 2;
    return { flags, acl: { revision, aces } };
  }

  /** The next ';'- or ')'-terminated field of an ACE; returns its text and start offset. */
  field(what: string): { text: string; at: number } {
    const at = this.pos;
    let i = at;
    while (i < this.text.length) {
      const ch = this.text.charCodeAt(i);
      if (ch === 0x3b || ch === 0x29) break; // ';' or ')'
      if (ch === 0x28)
        this.fail(i, `unexpected "(" inside an ACE (missing ")" before it?) while reading the ${what}`);
      i++;
    }
    if (i >= this.text.length) this.fail(i, `ACE not terminated: expected ";" or ")" after the ${what}`);
    this.pos = i;
    return { text: this.text.slice(at, i), at };
  }

  expect(ch: string, context: string): void {
    if (this.peek() !== ch)
      this.fail(this.pos, `expected ${JSON.stringify(ch)} ${context}, found ${this.describeHere()}`);
    this.pos++;
  }

  ace(): Ace {
    this.expect("(", "to start an ACE");
    const t = this.field("ACE type");
    const type = SDDL_ACE_TYPES[t.text];
    if (type === undefined) {
      const why = UNSUPPORTED_ACE_TYPES[t.text];
      if (why !== undefined)
        this.fail(t.at, `ACE type ${t.text} (${why}) is not supported by this SDDL parser`);
      this.fail(
        t.at,
        `unknown ACE type ${JSON.stringify(t.text)}; expected one of ${Object.keys(SDDL_ACE_TYPES).join(" ")}`,
      );
    }
    this.expect(";", "after the ACE type");
    const f = this.field("ACE flags");
    let flags = 0;
    for (let i = 0; i < f.text.length; i += 2) {
      const v = ACE_FLAG_BY_NAME.get(f.text.slice(i, i + 2));
      if (v === undefined) {
        this.fail(
          f.at + i,
          `unknown ACE flag ${JSON.stringify(f.text.slice(i, i + 2))}; expected OI CI NP IO ID SA FA`,
        );
      }
      flags |= v;
    }
    this.expect(";", "after the ACE flags");
    const r = this.field("access rights");
    const mask = parseRights(r.text, r.at);
    this.expect(";", "after the access rights");
    const objectType = this.guidField("object type GUID", type);
    this.expect(";", "after the object type GUID");
    const inheritedObjectType = this.guidField("inherited object type GUID", type);
    this.expect(";", "after the inherited object type GUID");
    const s = this.field("trustee SID");
    if (s.text.length === 0) this.fail(s.at, "expected the trustee SID");
    this.pos = s.at;
    const sid = this.sid("trustee", s.at + s.text.length);
    if (this.peek() === ";") {
      this.fail(
        this.pos,
        "a seventh ACE field (condition or resource attribute) is only valid for XA/XD/XU/ZA/RA ACEs, which are not supported",
      );
    }
    this.expect(")", "to end the ACE");
    if (type <= 0x02 || (type >= 0x05 && type <= 0x07)) {
      const ace: Ace = { kind: "known", type: type as KnownAceType, flags, mask, sid };
      if (objectType !== undefined) ace.objectType = objectType;
      if (inheritedObjectType !== undefined) ace.inheritedObjectType = inheritedObjectType;
      return ace;
    }
    return buildOpaque(type, flags, mask, sid, objectType, inheritedObjectType);
  }

  guidField(what: string, type: number): string | undefined {
    const g = this.field(what);
    if (g.text.length === 0) return undefined;
    if (!OBJECT_TYPES.has(type)) {
      this.fail(g.at, `an ${what} is only allowed in object ACEs (OA, OD, OU, OL)`);
    }
    try {
      return parseGuidString(g.text);
    } catch (err) {
      if (err instanceof SecurityFormatError)
        this.fail(g.at + err.offset, `bad ${what}: expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`);
      throw err;
    }
  }
}

/** Builds the wire bytes of an ACE type we carry opaquely (alarm, mandatory label, scoped policy). */
function buildOpaque(
  type: number,
  flags: number,
  mask: number,
  sid: string,
  objectType?: string,
  inheritedObjectType?: string,
): Ace {
  const parts = scanSid(sid, 0);
  const isObject = OBJECT_TYPES.has(type);
  const size =
    8 +
    (isObject ? 4 + (objectType ? 16 : 0) + (inheritedObjectType ? 16 : 0) : 0) +
    8 +
    4 * parts.subAuthorities.length;
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  b[0] = type;
  b[1] = flags;
  dv.setUint16(2, size, true);
  dv.setUint32(4, mask >>> 0, true);
  let p = 8;
  if (isObject) {
    dv.setUint32(p, (objectType ? 1 : 0) | (inheritedObjectType ? 2 : 0), true);
    p += 4;
    if (objectType) {
      writeGuid(objectType, b, p);
      p += 16;
    }
    if (inheritedObjectType) {
      writeGuid(inheritedObjectType, b, p);
      p += 16;
    }
  }
  writeSidParts(parts, b, p);
  return { kind: "opaque", type, flags, bytes: b };
}

/**
 * Parses SDDL. `domainSid` resolves domain-relative aliases (DA, DU, LA, …); `rootDomainSid`
 * resolves forest-root ones (EA, SA, RO, EK) and defaults to `domainSid`.
 */
export function parseSddl(text: string, options: SddlOptions = {}): SecurityDescriptor {
  return new Parser(text, normaliseSidContext(options)).parse();
}
