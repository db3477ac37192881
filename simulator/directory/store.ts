/**
 * The in-memory DIT: entries by normalised DN, the parent → children index, equality indexes on
 * the attributes AD indexes for the operations we serve (sAMAccountName, userPrincipalName,
 * objectSid, objectGUID, cn, objectClass, objectCategory, and member for the memberOf back-link),
 * and the counters (USN, next RID). Entries are immutable, so a snapshot copies maps, not entries.
 */
import type { Entry } from "./entry.ts";
import { attributeDef } from "./schema/index.ts";
import { normalizeValue } from "./schema/syntax.ts";

export const INDEXED = [
  "samaccountname",
  "userprincipalname",
  "objectsid",
  "objectguid",
  "cn",
  "objectclass",
  "objectcategory",
  "member",
];
const INDEXED_SET = new Set(INDEXED);

export function indexKey(attrLower: string, value: Buffer): string {
  const def = attributeDef(attrLower);
  return normalizeValue(def?.syntax ?? "string", value);
}

/** Index keys of a stored attribute, memoised per (immutable, often shared) StoredAttr. */
const keyCache = new WeakMap<object, string[]>();
function keysOf(attrLower: string, a: { values: Buffer[] }): string[] {
  // One value (a name, a SID, a GUID: unique per entry) is cheaper to normalise again than to
  // remember: a WeakMap entry plus an array per user cost ~5 x 100k objects the GC keeps scanning.
  if (a.values.length === 1) return [indexKey(attrLower, a.values[0])];
  let k = keyCache.get(a);
  if (!k) {
    k = a.values.map((v) => indexKey(attrLower, v));
    keyCache.set(a, k);
  }
  return k;
}

/**
 * The entries holding one index key: the ndn itself while there is one (most keys: a name, a SID, a
 * GUID), a Set from the second on. A Set per key cost ~200 bytes x 5 keys x 100k users.
 */
type Holders = string | Set<string>;

export interface StoreState {
  entries: Map<string, Entry>;
  children: Map<string, Set<string>>;
  index: Map<string, Map<string, Holders>>;
  usn: number;
  nextRid: number;
}

export class Store {
  entries = new Map<string, Entry>();
  children = new Map<string, Set<string>>();
  index = new Map<string, Map<string, Holders>>();
  usn = 4000;
  nextRid = 1100;
  /** Bumped on every membership-relevant change; token caches compare against it. */
  membershipVersion = 0;

  constructor() {
    for (const a of INDEXED) this.index.set(a, new Map());
  }

  get(ndn: string): Entry | undefined {
    return this.entries.get(ndn);
  }

  has(ndn: string): boolean {
    return this.entries.has(ndn);
  }

  nextUsn(): number {
    return ++this.usn;
  }

  childrenOf(ndn: string): Set<string> | undefined {
    return this.children.get(ndn);
  }

  /** Equality lookup on an indexed attribute; undefined when the attribute is not indexed. */
  lookup(attrLower: string, key: string): Set<string> | undefined {
    const m = this.index.get(attrLower);
    if (!m) return undefined;
    const h = m.get(key);
    if (h === undefined) return EMPTY;
    return typeof h === "string" ? new Set([h]) : h;
  }

  isIndexed(attrLower: string): boolean {
    return INDEXED_SET.has(attrLower);
  }

  /** Inserts or replaces an entry, keeping indexes in step. */
  put(e: Entry): void {
    const old = this.entries.get(e.ndn);
    if (old) this.unindex(old, e);
    this.entries.set(e.ndn, e);
    if (!old && e.parent) {
      let set = this.children.get(e.parent);
      if (!set) {
        set = new Set();
        this.children.set(e.parent, set);
      }
      set.add(e.ndn);
    }
    this.indexEntry(e, old);
  }

  remove(ndn: string): void {
    const old = this.entries.get(ndn);
    if (!old) return;
    this.unindex(old, undefined);
    this.entries.delete(ndn);
    this.children.get(old.parent)?.delete(ndn);
    this.children.delete(ndn);
    this.membershipVersion++;
  }

  private unindex(old: Entry, next: Entry | undefined): void {
    for (const a of INDEXED) {
      const oldAttr = old.attrs.get(a);
      if (!oldAttr) continue;
      if (next && next.attrs.get(a) === oldAttr) continue;
      const m = this.index.get(a)!;
      for (const k of keysOf(a, oldAttr)) {
        const h = m.get(k);
        if (h === old.ndn) m.delete(k);
        else if (typeof h === "object") {
          h.delete(old.ndn);
          if (h.size === 0) m.delete(k);
        }
      }
      if (a === "member") this.membershipVersion++;
    }
  }

  private indexEntry(e: Entry, old: Entry | undefined): void {
    for (const a of INDEXED) {
      const at = e.attrs.get(a);
      if (!at) continue;
      if (old && old.attrs.get(a) === at) continue;
      const m = this.index.get(a)!;
      for (const k of keysOf(a, at)) {
        const h = m.get(k);
        if (h === undefined) m.set(k, e.ndn);
        else if (typeof h === "string") {
          if (h !== e.ndn) m.set(k, new Set([h, e.ndn]));
        } else h.add(e.ndn);
      }
      if (a === "member") this.membershipVersion++;
    }
    if (old && old.attrs.get("primarygroupid") !== e.attrs.get("primarygroupid")) this.membershipVersion++;
  }

  /** Copies the maps (entries are shared: they are immutable). */
  snapshot(): StoreState {
    const children = new Map<string, Set<string>>();
    for (const [k, v] of this.children) children.set(k, new Set(v));
    const index = new Map<string, Map<string, Holders>>();
    for (const [a, m] of this.index) {
      const copy = new Map<string, Holders>();
      for (const [k, v] of m) copy.set(k, typeof v === "string" ? v : new Set(v));
      index.set(a, copy);
    }
    return { entries: new Map(this.entries), children, index, usn: this.usn, nextRid: this.nextRid };
  }

  restore(s: StoreState): void {
    const copy = cloneState(s);
    this.entries = copy.entries;
    this.children = copy.children;
    this.index = copy.index;
    this.usn = copy.usn;
    this.nextRid = copy.nextRid;
    this.membershipVersion++;
  }
}

function cloneState(s: StoreState): StoreState {
  const children = new Map<string, Set<string>>();
  for (const [k, v] of s.children) children.set(k, new Set(v));
  const index = new Map<string, Map<string, Holders>>();
  for (const [a, m] of s.index) {
    const copy = new Map<string, Holders>();
    for (const [k, v] of m) copy.set(k, typeof v === "string" ? v : new Set(v));
    index.set(a, copy);
  }
  return { entries: new Map(s.entries), children, index, usn: s.usn, nextRid: s.nextRid };
}

const EMPTY: Set<string> = new Set();
