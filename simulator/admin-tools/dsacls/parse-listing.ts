/**
 * Reads back the security listing dsacls prints (the inverse of format-listing.ts), as customers
 * send it: redirected to a file, or copied from a console window that hard-wrapped long lines at
 * 80 or 120 columns. Names longer than the 38-column head (DSACLS_COLUMN) put the rights on the next line.
 *
 * What a listing cannot say, and what we assume (ASSUMPTIONS.md "dsacls listings"):
 * - OBJECT_INHERIT vs CONTAINER_INHERIT: entries under "Permissions inherited to subobjects" get CI
 *   (what AD's own ACEs use);
 * - NO_PROPAGATE_INHERIT ("this object and its immediate children only"): not shown; assumed off;
 * - the relative order of inherit-only entries and effective ones: inherit-only entries follow.
 * An entry that appears both in "Access list:" and under "Inherited to …" is one ACE that applies
 * here and is inherited (CI without IO); one that appears only under "Inherited to …" is inherit-only.
 */
import { classGuidChain, findClass, parseDsaclsObjectSpec } from "../../security/schema.ts";
import {
  AceFlag,
  AceType,
  AdRight,
  type KnownAce,
  SdControl,
  type SecurityDescriptor,
} from "../../security/types.ts";
import {
  DSACLS_FULL_CONTROL as FULL_CONTROL,
  GENERIC_READ_DS,
  GENERIC_WRITE_DS,
  RIGHT_WORDS,
} from "./format-listing.ts";

export interface ListingLine {
  text: string;
  /** 1-based line in the file the listing came from. */
  line: number;
}

export interface ParsedListing {
  sd: SecurityDescriptor;
  /** The listing line each ACE came from (its "Allow …"/"Deny …" head). */
  aceLines: Map<KnownAce, number>;
  /** Lines that could not be read, with why. */
  problems: { line: number; message: string }[];
}

/** Resolves a "DOMAIN\name" as dsacls prints it to a SID; undefined when it can't. */
export type NameResolver = (name: string) => string | undefined;

const WORD_BITS = new Map<string, number>(RIGHT_WORDS.map(([bit, word]) => [word, bit]));
// dsacls spells it "READ PERMISSONS"; accept the correct spelling too.
WORD_BITS.set("READ PERMISSIONS", AdRight.READ_CONTROL);

const STRUCTURAL =
  /^(Owner:|Group:|Access list:|Permissions inherited to subobjects are:|Inherited to |Allow |Deny |The command |\{This object)/;

/** Undoes a console's hard wrap: a line exactly as wide as the console continues on the next line. */
export function unwrapConsoleLines(lines: ListingLine[]): ListingLine[] {
  const out: ListingLine[] = [];
  for (const l of lines) {
    const prev = out[out.length - 1];
    const w = prev?.text.length ?? 0;
    const wrapped = (w === 80 || w === 120 || w === 79 || w === 119) && l.text.length > 0;
    // A rights line starts with 38 spaces; a wrapped remainder starts with text (or a space or two).
    if (prev && wrapped && /^\s{0,9}\S/.test(l.text) && !STRUCTURAL.test(l.text.trimStart())) {
      prev.text += l.text;
      continue;
    }
    out.push({ ...l });
  }
  return out;
}

interface Entry {
  deny: boolean;
  name: string;
  words: string[];
  inherited: boolean;
  line: number;
  /** Class the entry is inherited to ("" = all sub-objects); undefined in "Access list:". */
  inheritTo?: string;
}

function splitHead(rest: string): { name: string; rights?: string } {
  const m = /^(.*?\S)\s{2,}(\S.*)$/.exec(rest);
  return m ? { name: m[1], rights: m[2] } : { name: rest.trim() };
}

function entryMask(e: Entry): { mask: number; objectTypeName?: string } {
  const [first, ...more] = e.words;
  if (first === "FULL CONTROL") return { mask: FULL_CONTROL };
  if (first === "GENERIC READ") return { mask: GENERIC_READ_DS };
  if (first === "GENERIC WRITE") return { mask: GENERIC_WRITE_DS };
  if (first === "GENERIC EXECUTE") return { mask: AdRight.READ_CONTROL | AdRight.LIST_CHILDREN };
  let mask = 0;
  for (const w of more) {
    const bit = WORD_BITS.get(w);
    if (bit === undefined) throw new Error(`unknown right "${w}"`);
    mask |= bit;
  }
  const special = /^SPECIAL ACCESS(?: for (.+))?$/.exec(first ?? "");
  if (!special)
    throw new Error(`expected FULL CONTROL, GENERIC READ/WRITE or SPECIAL ACCESS, got "${first}"`);
  const objectTypeName = special[1]?.trim();
  // dsacls omits CONTROL ACCESS under "SPECIAL ACCESS for <extended right>" (and some builds print it).
  if (objectTypeName && mask === 0) mask = AdRight.CONTROL_ACCESS;
  return { mask, objectTypeName };
}

/**
 * `objectClass` (the listed object's class, when known) decides which of several inheritable entries
 * an entry of "Access list:" is: the one inherited to that class (or to all sub-objects).
 */
export function parseDsaclsListing(
  input: ListingLine[],
  resolve: NameResolver,
  objectClass?: string,
): ParsedListing {
  const lines = unwrapConsoleLines(input);
  const problems: { line: number; message: string }[] = [];
  let owner: string | null = null;
  let group: string | null = null;
  let protectedDacl = false;
  let section: "none" | "access" | "inherit" = "none";
  let inheritTo: string | undefined;
  const entries: Entry[] = [];
  let cur: Entry | undefined;

  const startEntry = (deny: boolean, rest: string, line: number) => {
    const { name, rights } = splitHead(rest);
    cur = { deny, name, words: [], inherited: false, line };
    if (section === "inherit") cur.inheritTo = inheritTo ?? "";
    entries.push(cur);
    if (rights) addWords(rights);
  };
  const addWords = (t: string) => {
    if (!cur) return;
    let w = t.trim();
    if (w.endsWith("<Inherited from parent>")) {
      cur.inherited = true;
      w = w.slice(0, -"<Inherited from parent>".length).trim();
    }
    if (w) cur.words.push(w);
  };

  for (const { text, line } of lines) {
    const t = text.replace(/\s+$/, "");
    if (t.trim() === "") continue;
    const owner_ = /^Owner:\s*(.+)$/.exec(t);
    const group_ = /^Group:\s*(.+)$/.exec(t);
    const inherited_ = /^Inherited to (.+)$/.exec(t);
    const entry_ = /^(Allow|Deny) (.+)$/.exec(t);
    if (owner_) owner = resolveOrNote(owner_[1].trim(), line, resolve, problems);
    else if (group_) group = resolveOrNote(group_[1].trim(), line, resolve, problems);
    else if (/^Access list:/.test(t)) section = "access";
    else if (/^\{This object is protected/.test(t)) protectedDacl = true;
    else if (/^Permissions inherited to subobjects are:/.test(t)) section = "inherit";
    else if (inherited_) {
      const what = inherited_[1].trim();
      if (/^all sub-?objects$/i.test(what)) inheritTo = "";
      else {
        const c = findClass(what);
        if (!c) problems.push({ line, message: `unknown object class "${what}"` });
        inheritTo = c?.schemaIdGuid ?? "?";
      }
    } else if (entry_) startEntry(entry_[1] === "Deny", entry_[2], line);
    else if (/^\s/.test(t) && cur) addWords(t);
    else if (/^The command (completed|failed)/.test(t)) cur = undefined;
    else if (/^(PS )?[A-Z]:\\.*>|dsacls/i.test(t)) continue;
    else problems.push({ line, message: `not part of a dsacls listing: ${JSON.stringify(t.slice(0, 60))}` });
  }

  const aces: KnownAce[] = [];
  const inheritOnly: KnownAce[] = [];
  const aceLines = new Map<KnownAce, number>();
  const own = new Set(objectClass ? classGuidChain(objectClass) : []);
  const appliesHere = (e: Entry) => e.inheritTo === "" || (e.inheritTo !== undefined && own.has(e.inheritTo));
  // Effective entries first, then inheritable ones that apply here (the twins), then the rest.
  const order = [
    ...entries.filter((e) => e.inheritTo === undefined),
    ...entries.filter((e) => e.inheritTo !== undefined && appliesHere(e)),
    ...entries.filter((e) => e.inheritTo !== undefined && !appliesHere(e)),
  ];
  for (const e of order) {
    if (e.inheritTo === "?") continue;
    let ace: KnownAce;
    try {
      const sid = resolveOrNote(e.name, e.line, resolve, problems);
      if (!sid) continue;
      const { mask, objectTypeName } = entryMask(e);
      const spec = objectTypeName ? parseDsaclsObjectSpec(objectTypeName, mask) : {};
      const objectType = spec.objectType?.guid;
      const inheritedObjectType = e.inheritTo || undefined;
      const isObject = objectType !== undefined || inheritedObjectType !== undefined;
      ace = {
        kind: "known",
        type: isObject
          ? e.deny
            ? AceType.ACCESS_DENIED_OBJECT
            : AceType.ACCESS_ALLOWED_OBJECT
          : e.deny
            ? AceType.ACCESS_DENIED
            : AceType.ACCESS_ALLOWED,
        flags: e.inherited ? AceFlag.INHERITED : 0,
        mask,
        sid,
        ...(objectType ? { objectType } : {}),
        ...(inheritedObjectType ? { inheritedObjectType } : {}),
      };
    } catch (err) {
      problems.push({ line: e.line, message: (err as Error).message });
      continue;
    }
    if (e.inheritTo === undefined) {
      aces.push(ace);
      aceLines.set(ace, e.line);
      continue;
    }
    // Inheritable: the same entry in "Access list:" is this ACE, applying here too.
    const twin = aces.find(
      (a) =>
        !(a.flags & AceFlag.CONTAINER_INHERIT) &&
        a.sid === ace.sid &&
        a.mask === ace.mask &&
        isDenyType(a.type) === isDenyType(ace.type) &&
        a.objectType === ace.objectType &&
        (a.flags & AceFlag.INHERITED) === (ace.flags & AceFlag.INHERITED) &&
        (ace.inheritedObjectType === undefined || a.inheritedObjectType === undefined),
    );
    if (twin) {
      twin.flags |= AceFlag.CONTAINER_INHERIT;
      if (ace.inheritedObjectType) {
        twin.inheritedObjectType = ace.inheritedObjectType;
        twin.type = ace.type;
      }
    } else {
      ace.flags |= AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY;
      inheritOnly.push(ace);
      aceLines.set(ace, e.line);
    }
  }
  let control = SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT | SdControl.DACL_AUTO_INHERITED;
  if (protectedDacl) control |= SdControl.DACL_PROTECTED;
  // Canonical order: explicit ACEs before inherited ones (MS-DTYP 2.4.5), each group keeping its order.
  const all = [...aces, ...inheritOnly];
  const ordered = [
    ...all.filter((a) => !(a.flags & AceFlag.INHERITED)),
    ...all.filter((a) => a.flags & AceFlag.INHERITED),
  ];
  const sd: SecurityDescriptor = {
    revision: 1,
    rmControl: 0,
    control,
    owner,
    group,
    sacl: null,
    dacl: { revision: 4, aces: ordered },
  };
  return { sd, aceLines, problems };
}

function resolveOrNote(
  name: string,
  line: number,
  resolve: NameResolver,
  problems: { line: number; message: string }[],
): string | null {
  const sid = resolve(name);
  if (sid) return sid;
  problems.push({ line, message: `cannot tell the SID of "${name}"` });
  return null;
}

/** Where a listing says which object it is: an echoed `dsacls "<DN>"` command line. */
export function dnFromCommandLine(text: string): string | undefined {
  const m = /dsacls(?:\.exe)?\s+(?:"([^"]+)"|'([^']+)'|(\S+))/i.exec(text);
  const dn = m?.[1] ?? m?.[2] ?? m?.[3];
  return dn && /=/.test(dn) ? dn.replace(/^\\\\[^\\]+\\/, "") : undefined;
}

function isDenyType(t: number): boolean {
  return t === AceType.ACCESS_DENIED || t === AceType.ACCESS_DENIED_OBJECT;
}
