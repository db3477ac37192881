/**
 * LDAP filter evaluation with AD semantics (MS-ADTS 3.1.1.3.1.3): matching by attribute syntax,
 * the bitwise matching rules 1.2.840.113556.1.4.803 (AND) and .804 (OR), LDAP_MATCHING_RULE_IN_CHAIN
 * (.1941), `objectSid=S-1-…`/`objectGUID=<guid>` string forms and `objectCategory=<class name>`.
 * Password attributes never match. Also the index planner: equality terms on indexed attributes
 * give candidate sets, so indexed searches don't scan the DIT.
 */
import type { Filter } from "./api.ts";
import type { Dc } from "./dc.ts";
import { normalizeDn } from "./dn.ts";
import type { Entry } from "./entry.ts";
import { attributeDef, categoryCn, getClass } from "./schema/index.ts";
import { assertionKey, compareValues, normalizeValue } from "./schema/syntax.ts";

const MATCH_AND = "1.2.840.113556.1.4.803";
const MATCH_OR = "1.2.840.113556.1.4.804";
const MATCH_IN_CHAIN = "1.2.840.113556.1.4.1941";

const SECRET = new Set([
  "unicodepwd",
  "userpassword",
  "dbcspwd",
  "ntpwdhistory",
  "lmpwdhistory",
  "supplementalcredentials",
]);

/** objectCategory=person → the category DN (AD expands a class name, MS-ADTS 3.1.1.3.1.3.2). */
function assertion(dc: Dc, attrLower: string, value: Buffer): string {
  const def = attributeDef(attrLower);
  if (attrLower === "objectcategory") {
    const s = value.toString("utf8");
    if (!s.includes("=")) {
      const cls = getClass(s);
      const cn = cls ? categoryCn(cls.name) : categoryCn(s);
      if (cn) return normalizeDn(`CN=${cn},${dc.schemaDn}`);
    }
  }
  return assertionKey(def?.syntax ?? "string", value);
}

/** Values an entry exposes to filters, including computed ones (memberOf, distinguishedName). */
export function valuesForFilter(dc: Dc, e: Entry, attrLower: string): Buffer[] | undefined {
  if (attrLower === "memberof") {
    const gs = dc.directGroups(e);
    return gs.length ? gs.map((g) => Buffer.from(g.dn)) : undefined;
  }
  if (attrLower === "distinguishedname") return [Buffer.from(e.dn)];
  return e.attrs.get(attrLower)?.values;
}

export function matches(dc: Dc, f: Filter, e: Entry): boolean {
  switch (f.type) {
    case "and":
      return f.filters.every((x) => matches(dc, x, e));
    case "or":
      return f.filters.some((x) => matches(dc, x, e));
    case "not":
      return !matches(dc, f.filter, e);
    case "present": {
      const a = f.attribute.toLowerCase();
      if (SECRET.has(a)) return false;
      if (a === "objectclass") return true;
      if (a === "ntsecuritydescriptor") return true;
      return (valuesForFilter(dc, e, a)?.length ?? 0) > 0;
    }
    case "equality": {
      const a = f.attribute.toLowerCase();
      if (SECRET.has(a)) return false;
      const vals = valuesForFilter(dc, e, a);
      if (!vals) return false;
      const def = attributeDef(a);
      const want = assertion(dc, a, f.value);
      const syn = def?.syntax ?? "string";
      return vals.some((v) => normalizeValue(syn, v) === want);
    }
    case "approxMatch": {
      const a = f.attribute.toLowerCase();
      if (SECRET.has(a)) return false;
      const vals = valuesForFilter(dc, e, a);
      const syn = attributeDef(a)?.syntax ?? "string";
      const want = assertion(dc, a, f.value);
      return !!vals?.some((v) => normalizeValue(syn, v) === want);
    }
    case "greaterOrEqual":
    case "lessOrEqual": {
      const a = f.attribute.toLowerCase();
      if (SECRET.has(a)) return false;
      const vals = valuesForFilter(dc, e, a);
      if (!vals) return false;
      const syn = attributeDef(a)?.syntax ?? "string";
      return vals.some((v) => {
        const c = compareValues(syn, v, f.value);
        if (c === undefined) return false;
        return f.type === "greaterOrEqual" ? c >= 0 : c <= 0;
      });
    }
    case "substrings": {
      const a = f.attribute.toLowerCase();
      if (SECRET.has(a)) return false;
      const vals = valuesForFilter(dc, e, a);
      if (!vals) return false;
      const syn = attributeDef(a)?.syntax ?? "string";
      const norm = (b: Buffer) =>
        syn === "dn" || syn === "string" || syn === "oid"
          ? b.toString("utf8").toLowerCase()
          : b.toString("utf8");
      return vals.some((v) => {
        const s = norm(v);
        let pos = 0;
        if (f.initial) {
          const i = norm(f.initial);
          if (!s.startsWith(i)) return false;
          pos = i.length;
        }
        for (const part of f.any) {
          const p = norm(part);
          const at = s.indexOf(p, pos);
          if (at < 0) return false;
          pos = at + p.length;
        }
        if (f.final) {
          const fin = norm(f.final);
          if (s.length - fin.length < pos || !s.endsWith(fin)) return false;
        }
        return true;
      });
    }
    case "extensible": {
      const a = (f.attribute ?? "").toLowerCase();
      if (SECRET.has(a)) return false;
      const rule = f.matchingRule;
      if (rule === MATCH_AND || rule === MATCH_OR) {
        const vals = valuesForFilter(dc, e, a);
        if (!vals) return false;
        let want: bigint;
        try {
          want = BigInt(f.value.toString("utf8"));
        } catch {
          return false;
        }
        return vals.some((v) => {
          let have: bigint;
          try {
            have = BigInt(v.toString("utf8"));
          } catch {
            return false;
          }
          const m = BigInt.asUintN(64, have) & BigInt.asUintN(64, want);
          return rule === MATCH_AND ? m === BigInt.asUintN(64, want) : m !== 0n;
        });
      }
      if (rule === MATCH_IN_CHAIN) return inChain(dc, e, a, f.value);
      if (!rule || rule === "2.5.13.2" || rule === "caseIgnoreMatch") {
        if (!a) return false;
        return matches(dc, { type: "equality", attribute: a, value: f.value }, e);
      }
      return false;
    }
  }
}

/**
 * LDAP_MATCHING_RULE_IN_CHAIN: the DN in the assertion is reachable from the entry by following
 * the link attribute transitively (member / memberOf; MS-ADTS 3.1.1.3.4.4.3).
 */
function inChain(dc: Dc, e: Entry, a: string, value: Buffer): boolean {
  let target: string;
  try {
    target = normalizeDn(value.toString("utf8"));
  } catch {
    return false;
  }
  const seen = new Set<string>();
  if (a === "memberof") {
    // Is e a (nested) member of target?
    const queue = [e];
    while (queue.length) {
      const cur = queue.pop()!;
      for (const g of dc.directGroups(cur)) {
        if (g.ndn === target) return true;
        if (!seen.has(g.ndn)) {
          seen.add(g.ndn);
          queue.push(g);
        }
      }
    }
    return false;
  }
  // member ("is target a nested member of e?") and other DN-valued links (manager…): follow the forward link.
  const queue = [e];
  while (queue.length) {
    const cur = queue.pop()!;
    for (const m of cur.attrs.get(a)?.values ?? []) {
      let n: string;
      try {
        n = normalizeDn(m.toString("utf8"));
      } catch {
        continue;
      }
      if (n === target) return true;
      if (!seen.has(n)) {
        seen.add(n);
        const me = dc.store.get(n);
        if (me) queue.push(me);
      }
    }
  }
  return false;
}

/**
 * Candidate entries for a filter from the equality indexes, or null when the filter needs a scan.
 * AND: the smallest indexed term; OR: the union when every branch is indexed.
 */
export function plan(dc: Dc, f: Filter): Set<string> | null {
  switch (f.type) {
    case "equality": {
      const a = f.attribute.toLowerCase();
      if (SECRET.has(a)) return new Set();
      if (a === "distinguishedname") {
        try {
          const n = normalizeDn(f.value.toString("utf8"));
          return dc.store.has(n) ? new Set([n]) : new Set();
        } catch {
          return new Set();
        }
      }
      if (!dc.store.isIndexed(a)) return null;
      return dc.store.lookup(a, assertion(dc, a, f.value)) ?? null;
    }
    case "and": {
      let best: Set<string> | null = null;
      for (const x of f.filters) {
        const s = plan(dc, x);
        if (s && (!best || s.size < best.size)) best = s;
      }
      return best;
    }
    case "or": {
      const out = new Set<string>();
      for (const x of f.filters) {
        const s = plan(dc, x);
        if (!s) return null;
        for (const n of s) out.add(n);
      }
      return out;
    }
    default:
      return null;
  }
}
