/**
 * Every citation of our reference notes resolves inside the repository (issue 17 item 9): a file
 * named in code, scenarios, docs or scripts exists in docs/reference/, and the section (§N, §N.M),
 * support case (§8 case N) or audit row (5.12) it names is there. "facts §N" is shorthand for
 * sspr-writeback-facts.md §N.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const REFERENCE = join(ROOT, "docs/reference");
const SKIP_DIRS = new Set(["node_modules", "dist", ".git", "reference"]);
const TEXT = /\.(ts|mjs|js|yaml|yml|md|py|sh|conf|json)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (TEXT.test(name)) out.push(path);
  }
  return out;
}

interface Note {
  sections: Set<string>;
  /** Numbered list items per section ("8" → {"1", …, "34"}). */
  items: Map<string, Set<string>>;
  rows: Set<string>;
  text: string;
}

function readNote(name: string): Note {
  const text = readFileSync(join(REFERENCE, `${name}.md`), "utf8");
  const sections = new Set<string>();
  const items = new Map<string, Set<string>>();
  const rows = new Set<string>();
  let section = "";
  for (const line of text.split("\n")) {
    const h = /^#{2,3} (\d+(?:\.\d+)?)\.? /.exec(line);
    if (h) {
      section = h[1];
      sections.add(section);
      items.set(section, new Set());
      continue;
    }
    const item = /^(\d+)\. /.exec(line);
    if (item && section) items.get(section)?.add(item[1]);
    const row = /^\| (\d+\.\d+) \|/.exec(line);
    if (row) rows.add(row[1]);
  }
  return { sections, items, rows, text };
}

const NOTES = [
  "sspr-writeback-facts",
  "samba-observations",
  "fidelity-audit",
  "ldapjs-pitfalls",
  "container-runtime",
  "architecture-review",
];
const notes = new Map(NOTES.map((n) => [n, readNote(n)]));

/** Problems with one citation: `note` cited, followed by `tail` (up to the end of the clause). */
function check(note: string, tail: string): string[] {
  const n = notes.get(note);
  if (!n) return [`no docs/reference/${note}.md`];
  const problems: string[] = [];
  for (const m of tail.matchAll(/§\s?(\d+)(?:\.(\d+))?(?:\s+cases?\s+(\d+))?/g)) {
    const [, sec, sub, kase] = m;
    if (!n.sections.has(sec)) problems.push(`${note} has no §${sec}`);
    else if (sub && !n.sections.has(`${sec}.${sub}`) && !n.items.get(sec)?.has(sub))
      problems.push(`${note} §${sec} has no ${sub}`);
    if (kase && !n.items.get(sec)?.has(kase)) problems.push(`${note} §${sec} has no case ${kase}`);
  }
  if (note === "fidelity-audit") {
    // Row numbers come first ("5.12, 6.2: TUT …"); what follows a colon names source keys.
    for (const token of tail
      .split(":")[0]
      .split(/[\s,]+/)
      .filter(Boolean)) {
      if (!/^\d+\.\d+$/.test(token)) break;
      if (!n.rows.has(token)) problems.push(`fidelity-audit has no row ${token}`);
    }
  }
  if (note === "architecture-review") {
    for (const m of tail.matchAll(/\bP(\d+)\b/g))
      if (!new RegExp(`\\bP${m[1]}\\b`).test(n.text)) problems.push(`architecture-review has no P${m[1]}`);
  }
  return problems;
}

const CITATION =
  /(sspr-writeback-facts|samba-observations|fidelity-audit|ldapjs-pitfalls|container-runtime|architecture-review)(?:\.md)?|\bfacts(?= ?§)/g;

function citationsIn(text: string): Array<{ note: string; tail: string; at: number }> {
  // Comment leaders and line breaks are not part of a citation that wraps.
  const flat = text.replace(/\n[ \t]*(?:\*(?!\/)|\/\/|#)?[ \t]*/g, " ");
  const out: Array<{ note: string; tail: string; at: number }> = [];
  for (const m of flat.matchAll(CITATION)) {
    const rest = flat.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 90);
    // A clause ends at a bracket, a quote, a full stop or the next citation.
    const tail = rest.split(
      /[)\];`"]|\. |\n|sspr-writeback-facts|samba-observations|fidelity-audit|\bfacts /,
    )[0];
    out.push({ note: m[1] ?? "sspr-writeback-facts", tail, at: m.index ?? 0 });
  }
  return out;
}

describe("citations of the reference notes", () => {
  const files = walk(ROOT);

  it("finds the notes' sections, cases and rows", () => {
    expect(notes.get("sspr-writeback-facts")?.items.get("8")?.has("34")).toBe(true);
    expect(notes.get("fidelity-audit")?.rows.has("5.12")).toBe(true);
    expect(notes.get("samba-observations")?.sections.has("10")).toBe(true);
    expect(check("sspr-writeback-facts", " §8 case 35")).toEqual(["sspr-writeback-facts §8 has no case 35"]);
    expect(check("fidelity-audit", " 9.9: TUT")).toEqual(["fidelity-audit has no row 9.9"]);
    expect(check("nowhere", "")).toEqual(["no docs/reference/nowhere.md"]);
  });

  it("every citation in code, scenarios, docs and scripts resolves in docs/reference/", () => {
    const problems: string[] = [];
    let count = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      if (file === import.meta.filename) continue;
      for (const c of citationsIn(text)) {
        count++;
        for (const p of check(c.note, c.tail))
          problems.push(`${relative(ROOT, file)}: ${p} ("${c.tail.trim()}")`);
      }
    }
    expect(problems).toEqual([]);
    // The project cites these notes in over a hundred places; a scan that finds few is broken.
    expect(count).toBeGreaterThan(100);
  });

  it("no file points at the machine-local copy of the notes", () => {
    const machineLocal = ["", "work", "shared", ""].join("/");
    const local = files.filter((f) => readFileSync(f, "utf8").includes(machineLocal));
    expect(local.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
