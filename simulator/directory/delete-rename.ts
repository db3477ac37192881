/**
 * Delete (MS-ADTS 3.1.1.5.5) and ModifyDN (3.1.1.5.4).
 * Delete needs DELETE on the object or DELETE_CHILD for its class on the parent; only leaves,
 * unless the tree-delete control asks (then DELETE_TREE on the object). Links to a deleted object
 * are removed from groups (AD keeps links by object, so they vanish with it).
 * ModifyDN renames (WRITE_PROPERTY on the RDN attribute and name) and moves (DELETE on the object or
 * DELETE_CHILD on the old parent, CREATE_CHILD on the new one); the subtree's DNs follow, links are
 * re-pointed, and a move re-inherits the SDs of the moved subtree.
 */
import type { OperationContext } from "./api.ts";
import { findControl, OID } from "./controls.ts";
import { type Dc, EntryDraft } from "./dc.ts";
import { formatDn, isUnder, normalizeRdns, parseDn } from "./dn.ts";
import type { Entry } from "./entry.ts";
import { propagateSd } from "./modify.ts";
import type { PendingObject } from "./pipeline/commit.ts";
import { tombstoneOf } from "./pipeline/tombstone.ts";
import { normalizeValue } from "./schema/syntax.ts";
import { AdRight, canWriteProperty, hasChildRight, hasRights, reinherit } from "./security-adapter.ts";

function target(e: Entry) {
  return { sd: e.sd, sid: e.sid, objectClass: e.objectClass };
}

export function deleteEntry(dc: Dc, dn: string, ctx: OperationContext): void {
  if (ctx.identity.anonymous) throw dc.err("OPERATIONS_BIND_REQUIRED", { operation: "delete" });
  const e = dc.resolve(dn);
  if (!e) {
    const n = dn.startsWith("<") ? "" : dc.ndnOf(dn);
    throw dc.err("NO_OBJECT", { dn, bestMatch: n ? dc.bestMatch(n) : "" });
  }
  const token = dc.tokenFor(ctx.identity);
  const parent = e.parent ? dc.store.get(e.parent) : undefined;
  const kids = dc.store.childrenOf(e.ndn);
  const tree = !!findControl(ctx.controls, OID.TREE_DELETE);
  if (kids && kids.size > 0) {
    if (!tree) throw dc.err("NOT_ALLOWED_ON_NON_LEAF", { dn: e.dn, detail: String(kids.size) });
    if (!hasRights(target(e), token, AdRight.DELETE_TREE))
      throw dc.err("INSUFF_ACCESS_RIGHTS_DELETE", { dn: e.dn });
  } else {
    const ok =
      hasRights(target(e), token, AdRight.DELETE) ||
      (!!parent && hasChildRight(target(parent), token, e.objectClass, AdRight.DELETE_CHILD));
    if (!ok) throw dc.err("INSUFF_ACCESS_RIGHTS_DELETE", { dn: e.dn, parentDn: parent?.dn });
  }
  if (e.ndn === dc.domainNdn)
    throw dc.err("UNWILLING_TO_PERFORM", { dn: e.dn, detail: "Cannot delete the domain" });
  // Collect the subtree, deepest first: each object becomes a tombstone (MS-ADTS 3.1.1.5.5).
  const order: Entry[] = [];
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    order.push(x);
    for (const k of dc.store.childrenOf(x.ndn) ?? []) {
      const c = dc.store.get(k);
      if (c) stack.push(c);
    }
  }
  const deletedObjects = dc.deletedObjects();
  const objects: PendingObject[] = [];
  // Links to a deleted object leave the groups that held them (AD keeps links by object).
  const groups = new Map<string, EntryDraft>();
  const gone = new Set(order.map((x) => x.ndn));
  for (const x of order) {
    for (const g of dc.directGroups(x)) {
      if (gone.has(g.ndn)) continue;
      const d = groups.get(g.ndn) ?? new EntryDraft(g);
      d.set(
        "member",
        (d.get("member") ?? []).filter((v) => normalizeValue("dn", v) !== x.ndn),
      );
      groups.set(g.ndn, d);
    }
  }
  for (const x of order.reverse())
    objects.push({ before: x, after: tombstoneOf(x, deletedObjects), change: "deleted" });
  for (const [ndn, d] of groups)
    objects.push({ before: dc.store.get(ndn)!, after: d.freeze(), change: "modified" });
  dc.commitWrite({ kind: "delete", actorSid: token.userSid, objects });
}

export function renameEntry(
  dc: Dc,
  dn: string,
  newRdn: string,
  _deleteOldRdn: boolean,
  newSuperior: string | undefined,
  ctx: OperationContext,
): void {
  if (ctx.identity.anonymous) throw dc.err("OPERATIONS_BIND_REQUIRED", { operation: "modifyDN" });
  const e = dc.resolve(dn);
  if (!e) {
    const n = dn.startsWith("<") ? "" : dc.ndnOf(dn);
    throw dc.err("NO_OBJECT", { dn, bestMatch: n ? dc.bestMatch(n) : "" });
  }
  let rdn: ReturnType<typeof parseDn>;
  try {
    rdn = parseDn(newRdn);
  } catch {
    throw dc.err("INVALID_DN_SYNTAX", { dn: newRdn });
  }
  if (rdn.length !== 1) throw dc.err("INVALID_DN_SYNTAX", { dn: newRdn });
  const oldParent = e.parent ? dc.store.get(e.parent) : undefined;
  const newParent = newSuperior !== undefined && newSuperior !== "" ? dc.resolve(newSuperior) : oldParent;
  if (!newParent)
    throw dc.err("NO_OBJECT", {
      dn: newSuperior ?? "",
      bestMatch: newSuperior ? dc.bestMatch(dc.ndnOf(newSuperior)) : "",
    });
  if (isUnder(newParent.ndn, e.ndn))
    throw dc.err("UNWILLING_TO_PERFORM", { dn: e.dn, detail: "Cannot move an object below itself" });
  const rdnType = e.dn.slice(0, e.dn.indexOf("=")).toLowerCase();
  if (rdn[0][0].type.toLowerCase() !== rdnType)
    throw dc.err("NAMING_VIOLATION", { dn: e.dn, detail: rdn[0][0].type, objectClass: e.objectClass });
  const newDisplay = `${formatDn(rdn)},${newParent.dn}`;
  const newNdn = `${normalizeRdns(rdn)},${newParent.ndn}`;
  if (newNdn !== e.ndn && dc.store.has(newNdn)) throw dc.err("ENTRY_EXISTS", { dn: newDisplay });
  const token = dc.tokenFor(ctx.identity);
  const moving = newParent.ndn !== e.parent;
  const renaming = normalizeRdns(rdn) !== e.ndn.slice(0, e.ndn.length - (e.parent ? e.parent.length + 1 : 0));
  if (
    renaming &&
    !(canWriteProperty(target(e), token, rdnType) && canWriteProperty(target(e), token, "name"))
  )
    throw dc.err("INSUFF_ACCESS_RIGHTS_RENAME", { dn: e.dn });
  if (moving) {
    const canLeave =
      hasRights(target(e), token, AdRight.DELETE) ||
      (!!oldParent && hasChildRight(target(oldParent), token, e.objectClass, AdRight.DELETE_CHILD));
    const canEnter = hasChildRight(target(newParent), token, e.objectClass, AdRight.CREATE_CHILD);
    if (!canLeave || !canEnter) throw dc.err("INSUFF_ACCESS_RIGHTS_MOVE", { dn: e.dn });
  }
  // Re-key the subtree.
  const moved: [Entry, string, string, string][] = []; // old entry, new dn, new ndn, new parent ndn
  const walk = (x: Entry, xDn: string, xNdn: string, pNdn: string) => {
    moved.push([x, xDn, xNdn, pNdn]);
    for (const k of dc.store.childrenOf(x.ndn) ?? []) {
      const c = dc.store.get(k);
      if (!c) continue;
      const cRdnDisplay = c.dn.slice(0, c.dn.length - x.dn.length - 1);
      const cRdnNorm = c.ndn.slice(0, c.ndn.length - x.ndn.length - 1);
      walk(c, `${cRdnDisplay},${xDn}`, `${cRdnNorm},${xNdn}`, xNdn);
    }
  };
  walk(e, newDisplay, newNdn, newParent.ndn);
  const referrers = new Map<string, Entry>();
  for (const [x] of moved) for (const g of dc.directGroups(x)) referrers.set(g.ndn, g);
  const objects: PendingObject[] = [];
  const newByOld = new Map<string, Entry>();
  for (const [x, xDn, xNdn, pNdn] of moved) {
    const d = new EntryDraft(x);
    d.dn = xDn;
    d.ndn = xNdn;
    d.parent = pNdn;
    d.setStr("distinguishedName", xDn);
    if (x === e) {
      const v = rdn[0][0].value;
      d.setStr(rdnType, v);
      d.setStr("name", v);
      if (moving) d.sd = reinherit(x.sd, newParent.sd, x.objectClass);
    }
    const after = d.freeze();
    newByOld.set(x.ndn, after);
    // The renamed or moved object originates the change (a move stamps `name`, which carries the
    // parent in replication); its descendants only follow, locally.
    objects.push(
      x === e
        ? { before: x, after, change: "moved", alsoStamp: ["name"] }
        : { before: x, after, change: "moved", local: true },
    );
  }
  // Re-point links held by groups (a group may itself have moved).
  const map = new Map(moved.map(([x, xDn]) => [x.ndn, xDn]));
  for (const g0 of referrers.values()) {
    const base = newByOld.get(g0.ndn) ?? g0;
    const d = new EntryDraft(base);
    d.set(
      "member",
      (d.get("member") ?? []).map((v) => {
        const n = normalizeValue("dn", v);
        return map.has(n) ? Buffer.from(map.get(n)!) : v;
      }),
    );
    const after = d.freeze();
    const i = objects.findIndex((o) => o.before?.ndn === g0.ndn);
    // A DN value that follows its target is not an originating change (AD stores links by object).
    if (i >= 0) objects[i] = { ...objects[i], after };
    else objects.push({ before: g0, after, change: "modified", local: true });
  }
  // Parents before children: remove every old DN first, then put the new ones.
  const committed = dc.commitWrite({ kind: "modrdn", actorSid: token.userSid, objects });
  if (moving) propagateSd(dc, committed[0]);
}
