/**
 * The tail of the write pipeline, shared by every write: replication metadata → audit → commit →
 * change log. Samba's chain ends the same way (repl_meta_data, audit_log, then the backend).
 *
 * The stages before it (access check → schema/objectClass → defaults and RID allocation → security
 * descriptor → password; see pipeline/README in index.ts) are the operation modules (add.ts,
 * modify.ts, delete-rename.ts, bind.ts, sdprop.ts, state-file.ts, the world builders): each ends by
 * handing its objects to commitWrite, and nothing else puts an entry into the store.
 *
 *  - replication metadata: an object whose replicated attributes changed gets the next USN as
 *    uSNChanged (and uSNCreated when added), whenChanged, and a new stamp for each such attribute
 *    (replication-metadata.ts). A write of non-replicated attributes only (badPwdCount, lastLogon)
 *    takes no USN, as on AD. A `local` object (an SD recomputed by propagation, a descendant whose DN
 *    follows a moved parent) takes none either: every DC does that work itself.
 *  - audit: the Security-log events the stages prepared, in order.
 *  - commit: the store swaps the entries in (a moved or deleted object leaves its old DN).
 *  - change log: one entry, names only.
 *  - derived state: a write to the DC's query policy changes its LDAP policies (query-policy.ts).
 */
import type { AuditEvent } from "../audit.ts";
import type { Dc } from "../dc.ts";
import type { Entry } from "../entry.ts";
import { followQueryPolicy } from "../query-policy.ts";
import type { ChangedObject, ChangeKind, ObjectChange } from "./change-log.ts";
import { changedAttributes, restamp } from "./replication-metadata.ts";

export interface PendingObject {
  /** The object before the write; absent for an add. */
  before?: Entry;
  /** The object as the stages built it (its USNs and whenChanged are stamped here). */
  after: Entry;
  change: ObjectChange;
  /** A local, non-originating write (SD propagation, a DN that follows its parent): no USN, no stamp. */
  local?: boolean;
  /** Attributes stamped even if their value did not change (a move stamps `name`, MS-DRSR 4.1.10.6.x). */
  alsoStamp?: string[];
  /** The caller built `after.attrs` for this write alone: the pipeline may stamp it in place (bulk loads). */
  owned?: boolean;
}

export interface Write {
  kind: ChangeKind;
  /** Who wrote: the bound principal's SID, "S-1-5-18" for the DC itself. */
  actorSid: string;
  objects: PendingObject[];
  /** Security-log events to record with the write (never carrying a password). */
  audit?: Omit<AuditEvent, "recordId">[];
}

/**
 * The entry with its USNs (and whenChanged, stamps) set: a shallow copy of the attribute map with new
 * values for those few, no draft round trip (a bulk load of 100k objects goes through here).
 */
function stamped(
  e: Entry,
  usn: number,
  whenChanged: string | undefined,
  meta: Entry["meta"] | undefined,
  owned: boolean,
): Entry {
  const attrs = owned
    ? (e.attrs as Map<string, Entry["attrs"] extends ReadonlyMap<string, infer A> ? A : never>)
    : new Map(e.attrs);
  const u = Buffer.from(String(usn));
  attrs.set("usnchanged", { name: "uSNChanged", values: [u] });
  if (whenChanged === undefined) {
    attrs.set("usncreated", { name: "uSNCreated", values: [u] });
  } else {
    attrs.set("whenchanged", { name: "whenChanged", values: [Buffer.from(whenChanged)] });
  }
  if (owned && !meta) return e;
  return { ...e, attrs, ...(meta ? { meta } : {}) };
}

export function commitWrite(dc: Dc, w: Write): Entry[] {
  const now = dc.now();
  const nowGt = dc.generalizedNow();
  const stored: Entry[] = [];
  const summary: ChangedObject[] = [];
  let highestUsn = 0;
  for (const o of w.objects) {
    let e = o.after;
    let usn = 0;
    let names: string[] = [];
    if (!o.local) {
      if (o.before) {
        names = changedAttributes(o.before, e);
        for (const n of o.alsoStamp ?? []) if (!names.includes(n)) names.push(n);
      }
      if (!o.before || names.length > 0 || o.change !== "modified") {
        usn = dc.store.nextUsn();
        e = stamped(
          e,
          usn,
          o.before ? nowGt : undefined,
          o.before ? restamp(o.before, names, usn, now, dc.invocationId) : undefined,
          o.owned === true,
        );
        highestUsn = usn;
      }
    }
    if (o.before && o.before.ndn !== e.ndn) dc.store.remove(o.before.ndn);
    dc.store.put(e);
    stored.push(e);
    summary.push({
      dn: e.dn,
      guid: e.guid,
      change: o.change,
      attributes: names,
      usn,
      ...(o.before && o.before.dn !== e.dn ? { oldDn: o.before.dn } : {}),
    });
  }
  for (const a of w.audit ?? []) dc.audit.record(a);
  dc.changeLog.append({ kind: w.kind, time: now, actorSid: w.actorSid, objects: summary, highestUsn });
  // State the DC derives from objects it holds: its LDAP policies follow its query policy object.
  followQueryPolicy(dc, stored);
  return stored;
}
