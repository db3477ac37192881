/**
 * A tiny PowerShell command parser for one cmdlet invocation: `Verb-Noun -Param value -Switch
 * -Param:value 'single' "double" positional`. Quoting follows PowerShell: '…' is literal ('' is a
 * quote), "…" allows the backtick escape (`" `` `n); $true/$false are booleans; no variable
 * expansion (scenarios pass literal values).
 */
export type PsValue = string | boolean;

export interface PsCommand {
  name: string;
  /** Named parameters, keyed by the name as typed (without "-"). Switches are `true`. */
  named: Map<string, PsValue>;
  positional: string[];
}

export class PsParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PsParseError";
  }
}

interface Token {
  text: string;
  quoted: boolean;
}

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    let text = "";
    let quoted = false;
    while (i < line.length && line[i] !== " " && line[i] !== "\t") {
      const ch = line[i];
      if (ch === "'") {
        quoted = true;
        i++;
        for (;;) {
          if (i >= line.length) throw new PsParseError("The string is missing the terminator: '.");
          if (line[i] === "'" && line[i + 1] === "'") {
            text += "'";
            i += 2;
          } else if (line[i] === "'") {
            i++;
            break;
          } else text += line[i++];
        }
      } else if (ch === '"') {
        quoted = true;
        i++;
        for (;;) {
          if (i >= line.length) throw new PsParseError('The string is missing the terminator: ".');
          if (line[i] === "`" && i + 1 < line.length) {
            const n = line[i + 1];
            text += n === "n" ? "\n" : n === "t" ? "\t" : n;
            i += 2;
          } else if (line[i] === '"' && line[i + 1] === '"') {
            text += '"';
            i += 2;
          } else if (line[i] === '"') {
            i++;
            break;
          } else text += line[i++];
        }
      } else {
        text += ch;
        i++;
      }
    }
    out.push({ text, quoted });
  }
  return out;
}

function literal(v: string): PsValue {
  const l = v.toLowerCase();
  if (l === "$true") return true;
  if (l === "$false") return false;
  return v;
}

/**
 * Parses one command. `switchesOf(cmdletName)` names the cmdlet's switch parameters (lower case):
 * a switch never takes the next token as its value, as in PowerShell's binder.
 */
export function parsePsCommand(
  line: string,
  switchesOf: (cmdlet: string) => ReadonlySet<string> = () => new Set(),
): PsCommand {
  const tokens = tokenize(line.trim().replace(/;\s*$/, ""));
  if (tokens.length === 0) throw new PsParseError("empty command");
  const [first, ...rest] = tokens;
  const cmd: PsCommand = { name: first.text, named: new Map(), positional: [] };
  const switches = switchesOf(first.text.toLowerCase());
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i];
    const m = !t.quoted ? /^-([A-Za-z][\w]*)(?::(.*))?$/.exec(t.text) : null;
    if (!m) {
      cmd.positional.push(t.text);
      continue;
    }
    const name = m[1];
    if (m[2] !== undefined) {
      cmd.named.set(name, literal(m[2]));
      continue;
    }
    const next = rest[i + 1];
    if (switches.has(name.toLowerCase())) cmd.named.set(name, true);
    else if (next && (next.quoted || !/^-[A-Za-z]/.test(next.text))) {
      cmd.named.set(name, next.quoted ? next.text : literal(next.text));
      i++;
    } else {
      cmd.named.set(name, true);
    }
  }
  return cmd;
}
