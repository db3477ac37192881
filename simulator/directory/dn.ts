/**
 * Distinguished names as AD handles them (RFC 4514 string form, MS-ADTS 3.1.1.1.x naming).
 * Attribute types compare case-insensitively, values compare case-insensitively (AD's
 * Unicode-string RDN attributes), escapes (`\,` and `\4C`) and insignificant spaces are ignored
 * when comparing. The normalised form (`ndn`) is the key of every entry in the store.
 */

export interface Ava {
  type: string;
  value: string;
}
/** One RDN; AD only creates single-valued RDNs but we parse `+` for completeness. */
export type Rdn = Ava[];

export class DnSyntaxError extends Error {
  constructor(
    readonly dn: string,
    detail: string,
  ) {
    super(`invalid DN ${JSON.stringify(dn)}: ${detail}`);
    this.name = "DnSyntaxError";
  }
}

const HEX = /^[0-9a-fA-F]{2}$/;

/** Parses a DN string into RDNs (leftmost first). "" is the root DSE (zero RDNs). */
export function parseDn(dn: string): Rdn[] {
  const rdns: Rdn[] = [];
  let i = 0;
  const n = dn.length;
  const skipSpaces = () => {
    while (i < n && dn[i] === " ") i++;
  };
  skipSpaces();
  if (i >= n) return rdns;
  let current: Rdn = [];
  for (;;) {
    skipSpaces();
    // attribute type
    const tStart = i;
    while (i < n && dn[i] !== "=" && dn[i] !== "," && dn[i] !== "+") i++;
    if (i >= n || dn[i] !== "=")
      throw new DnSyntaxError(dn, `missing '=' after ${JSON.stringify(dn.slice(tStart, i))}`);
    const type = dn.slice(tStart, i).trim();
    if (!/^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)*)$/.test(type))
      throw new DnSyntaxError(dn, `bad attribute type ${JSON.stringify(type)}`);
    i++; // '='
    skipSpaces();
    // attribute value
    let value = "";
    if (dn[i] === "#") {
      // BER-encoded hex value: keep as the literal string form.
      const vStart = i;
      i++;
      while (i < n && /[0-9a-fA-F]/.test(dn[i])) i++;
      value = dn.slice(vStart, i);
      skipSpaces();
    } else if (dn[i] === '"') {
      i++;
      while (i < n && dn[i] !== '"') {
        if (dn[i] === "\\" && i + 1 < n) {
          value += dn[i + 1];
          i += 2;
        } else value += dn[i++];
      }
      if (i >= n) throw new DnSyntaxError(dn, "unterminated quoted value");
      i++;
      skipSpaces();
    } else {
      // Plain characters are copied as text; \XX hex escapes are collected as bytes (UTF-8).
      let text = "";
      let pending: number[] = [];
      let trailingSpaces = 0;
      const flush = () => {
        if (pending.length) {
          text += Buffer.from(pending).toString("utf8");
          pending = [];
        }
      };
      while (i < n && dn[i] !== "," && dn[i] !== "+" && dn[i] !== ";") {
        const c = dn[i];
        if (c === "\\") {
          const pair = dn.slice(i + 1, i + 3);
          if (HEX.test(pair)) {
            pending.push(Number.parseInt(pair, 16));
            i += 3;
          } else if (i + 1 < n) {
            flush();
            text += dn[i + 1];
            i += 2;
          } else throw new DnSyntaxError(dn, "dangling escape");
          trailingSpaces = 0;
        } else {
          flush();
          trailingSpaces = c === " " ? trailingSpaces + 1 : 0;
          text += c;
          i++;
        }
      }
      flush();
      // Unescaped trailing spaces are insignificant (RFC 4514 2.4).
      value = trailingSpaces ? text.slice(0, text.length - trailingSpaces) : text;
    }
    current.push({ type, value });
    if (i >= n) {
      rdns.push(current);
      break;
    }
    const sep = dn[i++];
    if (sep === "+") continue;
    rdns.push(current);
    current = [];
    skipSpaces();
    if (i >= n) throw new DnSyntaxError(dn, "empty RDN at end");
  }
  for (const rdn of rdns)
    for (const ava of rdn) if (ava.value === "") throw new DnSyntaxError(dn, "empty value");
  return rdns;
}

/** RFC 4514 2.4 escaping of one attribute value. */
export function escapeDnValue(value: string): string {
  let out = "";
  for (let k = 0; k < value.length; k++) {
    const c = value[k];
    if (
      c === "," ||
      c === "+" ||
      c === '"' ||
      c === "\\" ||
      c === "<" ||
      c === ">" ||
      c === ";" ||
      c === "=" ||
      (c === "#" && k === 0) ||
      (c === " " && (k === 0 || k === value.length - 1))
    )
      out += `\\${c}`;
    else if (c === "\n") out += "\\0A";
    else if (c === "\r") out += "\\0D";
    else if (c === "\0") out += "\\00";
    else out += c;
  }
  return out;
}

const UPPER_TYPES = new Set(["cn", "ou", "dc", "o", "c", "l", "st", "street", "uid"]);

/** Display form: types as AD writes them (CN, OU, DC upper-case), values escaped, no spaces. */
export function formatDn(rdns: Rdn[]): string {
  return rdns
    .map((rdn) =>
      rdn
        .map(
          (a) =>
            `${UPPER_TYPES.has(a.type.toLowerCase()) ? a.type.toUpperCase() : a.type}=${escapeDnValue(a.value)}`,
        )
        .join("+"),
    )
    .join(",");
}

/** Normalised key: lower-case types and values, canonical escapes, sorted multi-valued RDNs. */
export function normalizeRdns(rdns: Rdn[]): string {
  return rdns
    .map((rdn) =>
      rdn
        .map((a) => `${a.type.toLowerCase()}=${escapeDnValue(a.value.toLowerCase())}`)
        .sort()
        .join("+"),
    )
    .join(",");
}

const normCache = new Map<string, string>();

/** Normalises a DN string; throws DnSyntaxError. Memoised because the same DNs come back constantly. */
export function normalizeDn(dn: string): string {
  const hit = normCache.get(dn);
  if (hit !== undefined) return hit;
  const n = normalizeRdns(parseDn(dn));
  if (normCache.size > 20_000) normCache.clear();
  normCache.set(dn, n);
  return n;
}

/** Display form of a DN string (canonical escapes, CN/OU/DC upper-case). */
export function canonicalDn(dn: string): string {
  return formatDn(parseDn(dn));
}

/** Parent of a normalised (or display) DN: everything after the first unescaped comma. */
export function parentDn(dn: string): string {
  for (let k = 0; k < dn.length; k++) {
    if (dn[k] === "\\") {
      k++;
      continue;
    }
    if (dn[k] === ",") return dn.slice(k + 1);
  }
  return "";
}

/** The leftmost RDN of a DN string, as written. */
export function firstRdn(dn: string): string {
  for (let k = 0; k < dn.length; k++) {
    if (dn[k] === "\\") {
      k++;
      continue;
    }
    if (dn[k] === ",") return dn.slice(0, k);
  }
  return dn;
}

/** True when `dn` equals `base` or lies below it (both normalised). */
export function isUnder(ndn: string, nbase: string): boolean {
  if (nbase === "") return true;
  return ndn === nbase || ndn.endsWith(`,${nbase}`);
}

/** Joins a display RDN and a parent DN. */
export function childDn(rdn: string, parent: string): string {
  return parent ? `${rdn},${parent}` : rdn;
}
