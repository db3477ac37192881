/**
 * LDIF (RFC 2849) reading and writing, compatible with ldapadd/ldapmodify and ldifde: folded
 * lines, comments, `attr:: base64` for binary or unsafe values, `changetype: add|modify|delete`
 * with `add:/delete:/replace:` blocks separated by `-`. `attr:< URL` is refused (no file reads
 * from data). Export writes what a directory holds: passwords are never exported (only salted
 * hashes exist; they stay inside the state file).
 */
import type { Attribute, ModifyChange } from "./api.ts";
import type { Dc } from "./dc.ts";
import type { Entry } from "./entry.ts";
import { isDeleted } from "./pipeline/tombstone.ts";
import { attributeDef } from "./schema/index.ts";
import { encodeSecurityDescriptor } from "./security-adapter.ts";

export type LdifRecord =
  | { kind: "add"; dn: string; attributes: Attribute[]; line: number }
  | { kind: "modify"; dn: string; changes: ModifyChange[]; line: number }
  | { kind: "delete"; dn: string; line: number };

export class LdifError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`LDIF line ${line}: ${detail}`);
    this.name = "LdifError";
  }
}

interface Line {
  n: number;
  text: string;
}

/** Unfolds continuation lines and drops comments; returns records as arrays of logical lines. */
function logicalRecords(text: string): Line[][] {
  const raw = text.replace(/\r\n/g, "\n").split("\n");
  const records: Line[][] = [];
  let cur: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (t.startsWith(" ") && cur.length) {
      cur[cur.length - 1].text += t.slice(1);
      continue;
    }
    if (t.startsWith("#")) continue;
    if (t.trim() === "") {
      if (cur.length) records.push(cur);
      cur = [];
      continue;
    }
    cur.push({ n: i + 1, text: t });
  }
  if (cur.length) records.push(cur);
  return records;
}

function parseLine(l: Line): { name: string; value: Buffer } {
  const m = /^([A-Za-z0-9][A-Za-z0-9;.-]*)(:{1,2}|:<)\s?(.*)$/.exec(l.text);
  if (!m) throw new LdifError(l.n, `expected "attribute: value", got ${JSON.stringify(l.text.slice(0, 40))}`);
  const [, name, sep, rest] = m;
  if (sep === ":<") throw new LdifError(l.n, "URL values (attr:< …) are not supported");
  if (sep === "::") {
    if (!/^[A-Za-z0-9+/=\s]*$/.test(rest)) throw new LdifError(l.n, "invalid base64 value");
    return { name, value: Buffer.from(rest, "base64") };
  }
  return { name, value: Buffer.from(rest, "utf8") };
}

export function parseLdif(text: string): LdifRecord[] {
  const out: LdifRecord[] = [];
  for (const rec of logicalRecords(text)) {
    let lines = rec;
    if (/^version:/i.test(lines[0].text)) {
      lines = lines.slice(1);
      if (!lines.length) continue;
    }
    const first = parseLine(lines[0]);
    if (first.name.toLowerCase() !== "dn") throw new LdifError(lines[0].n, 'a record must start with "dn:"');
    const dn = first.value.toString("utf8");
    let body = lines.slice(1);
    let kind = "add";
    // Controls are ignored (ldapmodify's "control:" lines).
    body = body.filter((l) => !/^control:/i.test(l.text));
    if (body.length && /^changetype:/i.test(body[0].text)) {
      kind = parseLine(body[0]).value.toString("utf8").trim().toLowerCase();
      body = body.slice(1);
    }
    const line = lines[0].n;
    if (kind === "add") {
      const attrs = new Map<string, Attribute>();
      for (const l of body) {
        const { name, value } = parseLine(l);
        const k = name.toLowerCase();
        const a = attrs.get(k);
        if (a) a.values.push(value);
        else attrs.set(k, { type: name, values: [value] });
      }
      out.push({ kind: "add", dn, attributes: [...attrs.values()], line });
    } else if (kind === "delete") {
      out.push({ kind: "delete", dn, line });
    } else if (kind === "modify") {
      const changes: ModifyChange[] = [];
      let i = 0;
      while (i < body.length) {
        const head = parseLine(body[i]);
        const op = head.name.toLowerCase();
        if (op !== "add" && op !== "delete" && op !== "replace" && op !== "increment")
          throw new LdifError(body[i].n, `expected add:/delete:/replace:/increment:, got ${head.name}:`);
        const type = head.value.toString("utf8").trim();
        const values: Buffer[] = [];
        i++;
        while (i < body.length && body[i].text !== "-") {
          const { name, value } = parseLine(body[i]);
          if (name.toLowerCase() !== type.toLowerCase())
            throw new LdifError(body[i].n, `value for ${name} inside the ${type} block`);
          values.push(value);
          i++;
        }
        i++; // "-"
        changes.push({ operation: op, modification: { type, values } });
      }
      out.push({ kind: "modify", dn, changes, line });
    } else throw new LdifError(line, `unsupported changetype ${kind}`);
  }
  return out;
}

/** RFC 2849 SAFE-STRING: otherwise base64. */
function safe(v: Buffer): boolean {
  if (v.length === 0) return true;
  const s = v.toString("utf8");
  if (!Buffer.from(s, "utf8").equals(v)) return false;
  if (/^[ :<]/.test(s) || / $/.test(s)) return false;
  return /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(s);
}

function fold(line: string): string {
  if (line.length <= 76) return line;
  const parts = [line.slice(0, 76)];
  for (let i = 76; i < line.length; i += 75) parts.push(` ${line.slice(i, i + 75)}`);
  return parts.join("\n");
}

function attrLine(name: string, v: Buffer): string {
  return fold(safe(v) ? `${name}: ${v.toString("utf8")}` : `${name}:: ${v.toString("base64")}`);
}

export function entryToLdif(e: Entry): string {
  const lines = [attrLine("dn", Buffer.from(e.dn))];
  const oc = e.attrs.get("objectclass");
  if (oc) for (const v of oc.values) lines.push(attrLine("objectClass", v));
  for (const [k, a] of e.attrs) {
    if (k === "objectclass") continue;
    const def = attributeDef(k);
    if (def?.neverRead || def?.constructed) continue;
    for (const v of a.values) lines.push(attrLine(a.name, v));
  }
  lines.push(attrLine("nTSecurityDescriptor", encodeSecurityDescriptor(e.sd)));
  return lines.join("\n");
}

/** The whole DIT (or a subtree) in parent-before-child order. */
export function exportLdif(dc: Dc, baseNdn = dc.domainNdn): string {
  const out: string[] = ["version: 1"];
  const stack = [baseNdn];
  while (stack.length) {
    const n = stack.pop()!;
    const e = dc.store.get(n);
    // Tombstones (and CN=Deleted Objects) are no part of a world: a DC recreates its own.
    if (!e || isDeleted(e)) continue;
    out.push(entryToLdif(e));
    const kids = [...(dc.store.childrenOf(n) ?? [])].sort().reverse();
    stack.push(...kids);
  }
  return `${out.join("\n\n")}\n`;
}
