/**
 * A directory entry. Entries are immutable once stored: a write builds a new Entry (copy on write)
 * and swaps it into the store, which makes snapshots a shallow copy of the maps.
 *
 * Attribute values are Buffers in their LDAP string/binary form (AD syntaxes decide comparison).
 * nTSecurityDescriptor is kept parsed in `sd` (encoded on read); passwords are kept as salted hashes
 * in `secrets`, never as attributes.
 */

import type { SecurityDescriptor } from "../security/types.ts";
import type { PasswordHash } from "./passwords/index.ts";
import type { AttrStamp } from "./pipeline/replication-metadata.ts";

export interface StoredAttr {
  /** lDAPDisplayName as the schema spells it. */
  name: string;
  values: Buffer[];
}

export interface Secrets {
  /** Current password hash; null when the account never had a password. */
  hash: PasswordHash | null;
  /** Newest first, includes the current one. */
  history: PasswordHash[];
}

export interface Entry {
  readonly dn: string;
  readonly ndn: string;
  /** Normalised parent DN, "" for a naming-context head. */
  readonly parent: string;
  /** Structural class lDAPDisplayName ("user"). */
  readonly objectClass: string;
  readonly attrs: ReadonlyMap<string, StoredAttr>;
  readonly sd: SecurityDescriptor;
  readonly guid: string;
  readonly sid: string | null;
  readonly secrets?: Secrets;
  /**
   * Replication stamps of attributes written after the object was created (lower-case name →
   * stamp); the others carry the implied creation stamp (pipeline/replication-metadata.ts).
   */
  readonly meta?: ReadonlyMap<string, AttrStamp>;
}

export function attr(e: Entry, name: string): Buffer[] | undefined {
  return e.attrs.get(name.toLowerCase())?.values;
}

export function str(e: Entry, name: string): string | undefined {
  const v = e.attrs.get(name.toLowerCase())?.values[0];
  return v === undefined ? undefined : v.toString("utf8");
}

export function num(e: Entry, name: string): number | undefined {
  const s = str(e, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function big(e: Entry, name: string): bigint | undefined {
  const s = str(e, name);
  if (s === undefined) return undefined;
  try {
    return BigInt(s);
  } catch {
    return undefined;
  }
}

const internedAttrs = new Map<string, StoredAttr>();
/** Attributes whose values are (nearly) unique per entry: not worth interning. */
const UNIQUE = new Set([
  "uSNCreated",
  "uSNChanged",
  "badPasswordTime",
  "lastLogon",
  "lockoutTime",
  "pwdLastSet",
]);

/** A mutable draft of an entry, turned back into an Entry by `freeze`. */
export class EntryDraft {
  dn: string;
  ndn: string;
  parent: string;
  objectClass: string;
  attrs: Map<string, StoredAttr>;
  sd: SecurityDescriptor;
  guid: string;
  sid: string | null;
  secrets?: Secrets;
  meta?: ReadonlyMap<string, AttrStamp>;

  constructor(e: Entry) {
    this.dn = e.dn;
    this.ndn = e.ndn;
    this.parent = e.parent;
    this.objectClass = e.objectClass;
    this.attrs = new Map(e.attrs);
    this.sd = e.sd;
    this.guid = e.guid;
    this.sid = e.sid;
    this.secrets = e.secrets;
    this.meta = e.meta;
  }

  get(name: string): Buffer[] | undefined {
    return this.attrs.get(name.toLowerCase())?.values;
  }

  set(name: string, values: Buffer[]): void {
    const k = name.toLowerCase();
    if (values.length === 0) this.attrs.delete(k);
    else this.attrs.set(k, { name: this.attrs.get(k)?.name ?? name, values });
  }

  setStr(name: string, value: string | number | bigint): void {
    const v = String(value);
    if (v.length <= 20 && !UNIQUE.has(name)) {
      // Small values (counters, flags, "0") repeat across entries: share one immutable StoredAttr.
      const k = `${name}\0${v}`;
      let a = internedAttrs.get(k);
      if (!a) {
        a = Object.freeze({ name, values: Object.freeze([Buffer.from(v, "utf8")]) as Buffer[] });
        if (internedAttrs.size < 100_000) internedAttrs.set(k, a);
      }
      this.attrs.set(name.toLowerCase(), a);
      return;
    }
    this.set(name, [Buffer.from(v, "utf8")]);
  }

  freeze(): Entry {
    for (const [k, a] of this.attrs) {
      const shared = internAttr(a);
      if (shared !== a) this.attrs.set(k, shared);
    }
    return {
      dn: this.dn,
      ndn: this.ndn,
      parent: this.parent,
      objectClass: this.objectClass,
      attrs: this.attrs,
      sd: this.sd,
      guid: this.guid,
      sid: this.sid,
      secrets: this.secrets,
      ...(this.meta ? { meta: this.meta } : {}),
    };
  }
}

// ---------------------------------------------------------------- shared attribute values

/**
 * Most small values repeat across entries ("0", "512", the objectClass chain, objectCategory, the
 * whenCreated of a bulk load): entries share one frozen StoredAttr per (spelling, values) instead of
 * each holding its own Buffers, which is what keeps a 100,000-user world under the memory goal.
 * Values are immutable by contract (copy on write), the freeze makes that loud. Bounded: the table
 * is dropped when full, so unique values (names, USNs) cost nothing lasting.
 */
const INTERN_MAX_BYTES = 96;
const INTERN_TABLE_MAX = 20_000;
let internTable = new Map<string, StoredAttr>();
const interned = new WeakSet<StoredAttr>();

function internAttr(a: StoredAttr): StoredAttr {
  if (interned.has(a) || a.values.length > 8) return a;
  let bytes = 0;
  for (const v of a.values) bytes += v.length;
  if (bytes > INTERN_MAX_BYTES) return a;
  let key = a.name;
  for (const v of a.values) key += `\0${v.length}:${v.toString("latin1")}`;
  const hit = internTable.get(key);
  if (hit) return hit;
  if (internTable.size >= INTERN_TABLE_MAX) internTable = new Map();
  const shared: StoredAttr = Object.freeze({
    name: a.name,
    values: Object.freeze([...a.values]) as Buffer[],
  });
  interned.add(shared);
  internTable.set(key, shared);
  return shared;
}
