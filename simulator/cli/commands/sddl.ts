/**
 * `wbsim sddl to-hex | from-hex | explain`: convert security descriptors between SDDL and the
 * binary (hex) form AD stores in nTSecurityDescriptor, and explain one as a readable table.
 *
 * to-hex / from-hex take items as arguments or, with none, one item per stdin line, and write
 * exactly one output line per input item; a bad item writes "error: <message>" on its line, the
 * run goes on, and the exit code is 1.
 */
import type { Command } from "commander";
import {
  ACE_TYPE_NAMES,
  type Ace,
  AceFlag,
  type Acl,
  aliasForSid,
  decodeSecurityDescriptor,
  describeRights,
  encodeSecurityDescriptor,
  formatRights,
  formatSddl,
  guidDisplayName,
  parseSddl,
  parseSidString,
  SdControl,
  type SddlDialect,
  type SecurityDescriptor,
  type SidContext,
  wellKnownSidName,
} from "../../security/index.ts";
import type { SetExitCode } from "./shared.ts";

interface SidOptions {
  domainSid?: string;
  rootDomainSid?: string;
}

function sidContext(opts: SidOptions): SidContext {
  const ctx: SidContext = {};
  if (opts.domainSid !== undefined) ctx.domainSid = parseSidString(opts.domainSid);
  if (opts.rootDomainSid !== undefined) ctx.rootDomainSid = parseSidString(opts.rootDomainSid);
  return ctx;
}

/** Parses hex (whitespace and a leading 0x ignored) into bytes, naming the first bad character. */
export function hexToBytes(text: string): Buffer {
  let t = text.replace(/\s+/g, "");
  if (t.startsWith("0x") || t.startsWith("0X")) t = t.slice(2);
  if (t.length === 0) throw new Error("empty hex input");
  const bad = t.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw new Error(`not hex: unexpected ${JSON.stringify(t[bad])} at hex digit ${bad}`);
  if (t.length % 2 !== 0) throw new Error(`odd number of hex digits (${t.length})`);
  return Buffer.from(t, "hex");
}

async function readStdinLines(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.length === 0) return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Runs `convert` on every item, one output line each; returns whether all succeeded. */
async function convertEach(items: string[], convert: (item: string) => string): Promise<boolean> {
  const inputs = items.length > 0 ? items : await readStdinLines();
  let ok = true;
  const out: string[] = [];
  for (const raw of inputs) {
    const item = raw.trim();
    try {
      if (item.length === 0) throw new Error("empty line");
      out.push(convert(item));
    } catch (err) {
      ok = false;
      out.push(`error: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (out.length > 0) process.stdout.write(`${out.join("\n")}\n`);
  return ok;
}

/** Reads an SD given either as SDDL or as hex. */
export function readDescriptor(
  input: string,
  ctx: SidContext,
): { sd: SecurityDescriptor; from: "sddl" | "hex" } {
  const t = input.trim();
  if (/^(0x)?[0-9a-fA-F\s]+$/.test(t)) return { sd: decodeSecurityDescriptor(hexToBytes(t)), from: "hex" };
  return { sd: parseSddl(t, ctx), from: "sddl" };
}

const CONTROL_NAMES: readonly (readonly [number, string])[] = Object.entries(SdControl).map(
  ([name, bit]) => [bit, name] as const,
);

const FLAG_WORDS: readonly (readonly [number, string])[] = [
  [AceFlag.OBJECT_INHERIT, "object inherit"],
  [AceFlag.CONTAINER_INHERIT, "container inherit"],
  [AceFlag.NO_PROPAGATE_INHERIT, "no propagate"],
  [AceFlag.INHERIT_ONLY, "inherit only"],
  [AceFlag.SUCCESSFUL_ACCESS, "audit success"],
  [AceFlag.FAILED_ACCESS, "audit failure"],
];

function typeWord(type: number): string {
  switch (type) {
    case 0x00:
    case 0x05:
      return "Allow";
    case 0x01:
    case 0x06:
      return "Deny";
    case 0x02:
    case 0x07:
      return "Audit";
    case 0x03:
    case 0x08:
      return "Alarm";
    case 0x11:
      return "Label";
    default:
      return ACE_TYPE_NAMES[type] ?? `type 0x${type.toString(16)}`;
  }
}

function flagWords(flags: number): string {
  const words = [flags & AceFlag.INHERITED ? "inherited" : "explicit"];
  for (const [bit, word] of FLAG_WORDS) if (flags & bit) words.push(word);
  const unknown = flags & ~0xdf;
  if (unknown) words.push(`0x${unknown.toString(16)}`);
  return words.join(", ");
}

/** Full control of a DS object (MS-ADTS 5.1.3.2: every DS right plus the standard rights). */
const DS_FULL_CONTROL = 0x000f01ff;

/** Splits `items` into lines of at most `width` characters, joined with ", ". */
function wrap(items: string[], width: number): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const item of items) {
    const next = cur === "" ? item : `${cur}, ${item}`;
    if (cur !== "" && next.length > width) {
      lines.push(`${cur},`);
      cur = item;
    } else cur = next;
  }
  if (cur !== "") lines.push(cur);
  return lines;
}

function rightsCell(mask: number): string[] {
  const letters = formatRights(mask);
  if (mask === 0) return ["(none)"];
  if (mask === DS_FULL_CONTROL) return ["Full Control", letters];
  return [
    ...wrap(
      describeRights(mask).map((r) => r.name),
      40,
    ),
    letters.startsWith("0x") ? letters : `[${letters}]`,
  ];
}

function trusteeCell(sid: string, ctx: SidContext): string[] {
  const alias = aliasForSid(sid, ctx);
  const name = wellKnownSidName(sid, ctx);
  if (alias === undefined && name === undefined) return [sid];
  return [[alias, name].filter((x) => x !== undefined).join(" "), sid];
}

function trustee(sid: string, ctx: SidContext): string {
  const [first, second] = trusteeCell(sid, ctx);
  return second === undefined ? (first as string) : `${first} (${second})`;
}

function guidCell(
  guid: string | undefined,
  mask: number,
  resolveGuid: (guid: string, mask: number) => string | undefined,
): string[] {
  if (guid === undefined) return [""];
  const name = resolveGuid(guid, mask);
  return name === undefined ? [guid] : [name, guid];
}

/** Renders rows of multi-line cells as a padded table. */
function table(rows: string[][][]): string {
  const cols = rows[0]?.length ?? 0;
  const widths = Array.from({ length: cols }, (_, c) =>
    Math.max(...rows.map((r) => Math.max(...(r[c] ?? [""]).map((l) => l.length)))),
  );
  const out: string[] = [];
  for (const row of rows) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      out.push(
        row
          .map((cell, c) => (cell[line] ?? "").padEnd(widths[c] ?? 0))
          .join("  ")
          .trimEnd(),
      );
    }
  }
  return out.join("\n");
}

function aceRow(
  i: number,
  ace: Ace,
  ctx: SidContext,
  resolveGuid: (g: string, m: number) => string | undefined,
): string[][] {
  const flags = wrap(flagWords(ace.flags).split(", "), 20);
  if (ace.kind === "opaque") {
    return [
      [String(i)],
      [typeWord(ace.type)],
      flags,
      [`${ace.bytes.length} bytes,`, "not decoded"],
      [""],
      [""],
      [""],
    ];
  }
  return [
    [String(i)],
    [typeWord(ace.type)],
    flags,
    rightsCell(ace.mask),
    guidCell(ace.objectType, ace.mask, resolveGuid),
    guidCell(ace.inheritedObjectType, 0, resolveGuid),
    trusteeCell(ace.sid, ctx),
  ];
}

function aclSection(
  name: string,
  acl: Acl | null,
  present: boolean,
  ctx: SidContext,
  resolveGuid: (g: string, m: number) => string | undefined,
): string {
  if (!present) return `${name}: not present`;
  if (acl === null) return `${name}: NULL (no access control: everyone is granted everything)`;
  const head = `${name}: revision ${acl.revision}, ${acl.aces.length} ACE${acl.aces.length === 1 ? "" : "s"}`;
  if (acl.aces.length === 0) return head;
  const rows: string[][][] = [
    [["#"], ["Type"], ["Flags"], ["Rights"], ["Object type"], ["Inherited object type"], ["Trustee"]],
  ];
  acl.aces.forEach((ace, i) => {
    rows.push(aceRow(i, ace, ctx, resolveGuid));
  });
  return `${head}\n${table(rows)
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}`;
}

/**
 * A readable description of an SD: owner, group, control flags and each ACL as a table.
 * `resolveGuid` names object-type GUIDs (default: the schema's guidDisplayName).
 */
export function explainSecurityDescriptor(
  sd: SecurityDescriptor,
  ctx: SidContext = {},
  resolveGuid: (guid: string, mask: number) => string | undefined = guidDisplayName,
): string {
  const lines: string[] = [];
  lines.push(`Owner:   ${sd.owner === null ? "not present" : trustee(sd.owner, ctx)}`);
  lines.push(`Group:   ${sd.group === null ? "not present" : trustee(sd.group, ctx)}`);
  const names = CONTROL_NAMES.filter(([bit]) => sd.control & bit).map(([, n]) => n);
  lines.push(`Control: 0x${sd.control.toString(16).padStart(4, "0")} ${names.join(" | ")}`.trimEnd());
  lines.push(aclSection("DACL", sd.dacl, (sd.control & SdControl.DACL_PRESENT) !== 0, ctx, resolveGuid));
  lines.push(aclSection("SACL", sd.sacl, (sd.control & SdControl.SACL_PRESENT) !== 0, ctx, resolveGuid));
  return `${lines.join("\n")}\n`;
}

export function register(program: Command, setExitCode: SetExitCode): void {
  const sddl = program
    .command("sddl")
    .description("convert and explain security descriptors (SDDL ⇄ binary)");
  const withSidOptions = (c: Command): Command =>
    c
      .option("--domain-sid <sid>", "domain SID for domain-relative aliases (DA, DU, LA, …)")
      .option(
        "--root-domain-sid <sid>",
        "forest root domain SID for EA, SA, RO, EK (default: the domain SID)",
      );

  withSidOptions(
    sddl
      .command("to-hex")
      .description("SDDL → self-relative binary SD as hex (one line per input; stdin when no arguments)")
      .argument("[sddl...]", "SDDL strings"),
  ).action(async (items: string[], opts: SidOptions) => {
    const ctx = sidContext(opts);
    const ok = await convertEach(items, (item) =>
      encodeSecurityDescriptor(parseSddl(item, ctx)).toString("hex"),
    );
    if (!ok) setExitCode(1);
  });

  withSidOptions(
    sddl
      .command("from-hex")
      .description("binary SD as hex → SDDL (one line per input; stdin when no arguments)")
      .argument("[hex...]", "hex strings")
      .option("--dialect <dialect>", "windows (default) or samba-4.17", "windows"),
  ).action(async (items: string[], opts: SidOptions & { dialect: string }) => {
    if (opts.dialect !== "windows" && opts.dialect !== "samba-4.17") {
      throw new Error(`unknown --dialect ${JSON.stringify(opts.dialect)}; use windows or samba-4.17`);
    }
    const format = { ...sidContext(opts), dialect: opts.dialect as SddlDialect };
    const ok = await convertEach(items, (item) =>
      formatSddl(decodeSecurityDescriptor(hexToBytes(item)), format),
    );
    if (!ok) setExitCode(1);
  });

  withSidOptions(
    sddl
      .command("explain")
      .description("explain an SD (SDDL or hex): owner, group, control flags and every ACE")
      .argument("<sd>", "SDDL string or hex of a binary SD"),
  ).action((input: string, opts: SidOptions) => {
    const ctx = sidContext(opts);
    const { sd } = readDescriptor(input, ctx);
    process.stdout.write(explainSecurityDescriptor(sd, ctx));
  });
}
