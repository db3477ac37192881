/**
 * Value matching by AD syntax (MS-ADTS 3.1.1.3.1.3): strings compare case-insensitively, DNs by
 * their normalised form, integers numerically, binary/SID/GUID byte for byte, generalized time as
 * instants. `normalizeValue` gives the key used for equality and for the equality indexes.
 */

import { guidToBytes, isGuidString } from "../../security/guid.ts";
import { isSidString, sidFromBytes, sidToBytes } from "../../security/sid.ts";
import { normalizeDn } from "../dn.ts";
import type { Syntax } from "./attributes.ts";

export function normalizeValue(syntax: Syntax, value: Buffer): string {
  switch (syntax) {
    case "string":
    case "oid":
      return value.toString("utf8").trim().toLowerCase();
    case "dn":
      try {
        return normalizeDn(value.toString("utf8"));
      } catch {
        return value.toString("utf8").toLowerCase();
      }
    case "int":
    case "int64":
      try {
        return BigInt(value.toString("utf8").trim()).toString();
      } catch {
        return value.toString("utf8");
      }
    case "bool":
      return value.toString("utf8").trim().toUpperCase();
    case "time":
      return normalizeTime(value.toString("utf8"));
    default:
      return value.toString("hex");
  }
}

/**
 * A filter assertion value in the forms AD accepts: `(objectSid=S-1-5-…)` and
 * `(objectGUID=<GUID string>)` besides the escaped binary form.
 */
export function assertionKey(syntax: Syntax, value: Buffer): string {
  if (syntax === "sid") {
    const s = value.toString("utf8");
    if (isSidString(s)) return sidToBytes(s).toString("hex");
  }
  if (syntax === "guid") {
    const s = value.toString("utf8");
    if (value.length !== 16 && isGuidString(s)) return guidToBytes(s).toString("hex");
  }
  return normalizeValue(syntax, value);
}

/** Ordering comparison for >= and <=; undefined when the syntax has no ordering. */
export function compareValues(syntax: Syntax, a: Buffer, b: Buffer): number | undefined {
  switch (syntax) {
    case "int":
    case "int64": {
      try {
        const x = BigInt(a.toString("utf8").trim());
        const y = BigInt(b.toString("utf8").trim());
        return x < y ? -1 : x > y ? 1 : 0;
      } catch {
        return undefined;
      }
    }
    case "time": {
      const x = normalizeTime(a.toString("utf8"));
      const y = normalizeTime(b.toString("utf8"));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case "string":
    case "oid":
    case "dn": {
      const x = normalizeValue(syntax, a);
      const y = normalizeValue(syntax, b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default:
      return Buffer.compare(a, b);
  }
}

/** "20260105090000.0Z" for any of YYYYMMDDHHMMSS[.f]Z forms. */
export function normalizeTime(s: string): string {
  const m = /^(\d{14})(?:[.,]\d+)?Z?$/.exec(s.trim());
  return m ? `${m[1]}.0Z` : s.trim();
}

export function formatGeneralizedTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.0Z`;
}

export function sidString(value: Buffer): string {
  return sidFromBytes(value).sid;
}

/** Checks that a value is valid for its syntax (AD answers invalidAttributeSyntax 21 otherwise). */
export function validSyntax(syntax: Syntax, value: Buffer): boolean {
  const s = value.toString("utf8");
  switch (syntax) {
    case "int":
      return /^-?\d+$/.test(s.trim()) && Math.abs(Number(s)) <= 0xffffffff;
    case "int64":
      return /^-?\d+$/.test(s.trim());
    case "bool":
      return /^(TRUE|FALSE)$/i.test(s.trim());
    case "time":
      return /^\d{14}(?:[.,]\d+)?Z$/.test(s.trim());
    case "dn":
      try {
        normalizeDn(s);
        return true;
      } catch {
        return false;
      }
    case "guid":
      return value.length === 16;
    default:
      return true;
  }
}
