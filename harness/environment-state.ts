/**
 * Snapshot and restore of the in-memory parts of an environment that have no snapshot API of their
 * own (the cloud, Connect, the simulated clock, seeded id generators), by recording the object graph
 * reachable from a few roots and, on restore, putting every recorded object back the way it was, IN
 * PLACE. Identity is preserved: every component keeps holding the same Cloud, Tenant, relay, clock
 * and event log objects, so nothing has to be re-wired; objects created after the snapshot simply
 * become unreachable again.
 *
 * What is recorded: own data properties of plain objects and class instances, the entries of Maps and
 * Sets, the items of arrays. What is kept by reference and never looked into (`opaque`): functions,
 * promises, Buffers and typed arrays, Dates, RegExps, Weak collections, event emitters (sockets,
 * servers, LDAP clients), crypto keys, frozen objects, and whatever the caller names (the fake DC,
 * which restores itself through Directory.snapshot/restore).
 *
 * Closures are not recorded: state hidden in a closure survives a restore. The components here keep
 * their state in properties (checked for the cloud relay, Connect, SimClock and SeededIds).
 */

import { KeyObject } from "node:crypto";
import { EventEmitter } from "node:events";

/** WebCrypto keys (jose may hold one); not in every lib typing, hence the lookup. */
const WebCryptoKey = (globalThis as { CryptoKey?: abstract new () => object }).CryptoKey;

type Recorded =
  | { kind: "object"; props: [string | symbol, unknown][] }
  | { kind: "array"; items: unknown[] }
  | { kind: "map"; entries: [unknown, unknown][] }
  | { kind: "set"; values: unknown[] };

export interface GraphSnapshot {
  readonly records: ReadonlyMap<object, Recorded>;
}

export type OpaquePredicate = (value: object) => boolean;

function isOpaque(value: object, extra: OpaquePredicate | undefined): boolean {
  return (
    typeof value === "function" ||
    value instanceof Promise ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof EventEmitter ||
    value instanceof KeyObject ||
    (WebCryptoKey !== undefined && value instanceof WebCryptoKey) ||
    Object.isFrozen(value) ||
    (extra?.(value) ?? false)
  );
}

/** Records everything reachable from `roots` (roots themselves included). */
export function captureGraph(roots: readonly object[], opaque?: OpaquePredicate): GraphSnapshot {
  const records = new Map<object, Recorded>();
  const stack: unknown[] = [...roots];
  const visit = (v: unknown) => {
    if (v !== null && typeof v === "object") stack.push(v);
  };
  while (stack.length > 0) {
    const value = stack.pop() as object;
    if (records.has(value) || isOpaque(value, opaque)) continue;
    if (Array.isArray(value)) {
      const items = value.slice();
      records.set(value, { kind: "array", items });
      for (const item of items) visit(item);
    } else if (value instanceof Map) {
      const entries = [...value.entries()];
      records.set(value, { kind: "map", entries });
      for (const [k, v] of entries) {
        visit(k);
        visit(v);
      }
    } else if (value instanceof Set) {
      const values = [...value.values()];
      records.set(value, { kind: "set", values });
      for (const v of values) visit(v);
    } else {
      const props: [string | symbol, unknown][] = [];
      for (const key of Reflect.ownKeys(value)) {
        const d = Object.getOwnPropertyDescriptor(value, key);
        if (!d || !("value" in d)) continue;
        props.push([key, d.value]);
        visit(d.value);
      }
      records.set(value, { kind: "object", props });
    }
  }
  return { records };
}

/** Puts every recorded object back as it was when the snapshot was taken. */
export function restoreGraph(snapshot: GraphSnapshot): void {
  for (const [target, rec] of snapshot.records) {
    switch (rec.kind) {
      case "array": {
        const a = target as unknown[];
        a.length = 0;
        for (const item of rec.items) a.push(item);
        break;
      }
      case "map": {
        const m = target as Map<unknown, unknown>;
        m.clear();
        for (const [k, v] of rec.entries) m.set(k, v);
        break;
      }
      case "set": {
        const s = target as Set<unknown>;
        s.clear();
        for (const v of rec.values) s.add(v);
        break;
      }
      case "object": {
        const o = target as Record<string | symbol, unknown>;
        const keep = new Set(rec.props.map(([k]) => k));
        for (const key of Reflect.ownKeys(o)) {
          const d = Object.getOwnPropertyDescriptor(o, key);
          if (d && "value" in d && !keep.has(key) && d.configurable) delete o[key];
        }
        for (const [key, v] of rec.props) {
          if (o[key] !== v) Reflect.set(o, key, v);
        }
        break;
      }
    }
  }
}
