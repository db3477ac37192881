/**
 * Why a grant the admin made does not reach the user: for every ACE on the root, the OUs on the
 * path and the user that would give a writeback right, where it stops (MS-DTYP 2.5.3.4 inheritance,
 * as security/inheritance.ts implements it):
 * - no inheritance flags: "This object only";
 * - an InheritedObjectType that is not the user's class: "Descendant <class> objects";
 * - NO_PROPAGATE_INHERIT more than one level above the user: "immediate children only";
 * - an object below it (an OU, or the user) that does not inherit permissions (DACL protected).
 * Also: grants of writeback rights to someone other than the connector account, and grants on
 * objects that are not on the user's path at all.
 */
import { classGuidChain, findClass } from "../../security/schema.ts";
import { hasSid } from "../../security/token.ts";
import { type Ace, AceFlag, type KnownAce } from "../../security/types.ts";
import type { SourceRef } from "../model.ts";
import type { CaseContext } from "./context.ts";
import { aceCovers, connectorToken, isAllowAce, type RightKey, WRITEBACK_RIGHTS } from "./rights.ts";
import { isProtected, type ObjectSecurity, type SdChain } from "./sd-chain.ts";

export type Reach =
  | { kind: "reaches" }
  | { kind: "this-object-only" }
  | { kind: "other-class"; className: string }
  | { kind: "immediate-children-only" }
  | { kind: "blocked"; at: string; isUser: boolean };

export interface Grant {
  object: string;
  ace: KnownAce;
  ref?: SourceRef;
  rights: RightKey[];
  /** The trustee is the connector account (or a group in its token). */
  forConnector: boolean;
  trustee: string;
  reach: Reach;
  /** The object is on the user's path. */
  onPath: boolean;
}

/** Well-known administrators who hold every right by default; their grants are not "the wrong account". */
const ADMIN_RIDS = new Set([500, 512, 518, 519]);
const ADMIN_SIDS = new Set([
  "S-1-5-18",
  "S-1-5-32-544",
  "S-1-5-32-548",
  "S-1-5-9",
  "S-1-3-0",
  "S-1-5-10",
  "S-1-1-0",
  "S-1-5-11",
]);

function isDefaultHolder(sid: string): boolean {
  if (ADMIN_SIDS.has(sid)) return true;
  const rid = Number(sid.split("-").pop());
  return /^S-1-5-21-/.test(sid) && ADMIN_RIDS.has(rid);
}

function reachOf(ace: KnownAce, at: number, path: ObjectSecurity[], userClass: string): Reach {
  const userIndex = path.length - 1;
  if (at === userIndex) {
    if (ace.flags & AceFlag.INHERIT_ONLY) return { kind: "this-object-only" };
    return { kind: "reaches" };
  }
  if (!(ace.flags & (AceFlag.CONTAINER_INHERIT | AceFlag.OBJECT_INHERIT)))
    return { kind: "this-object-only" };
  if (ace.inheritedObjectType && !classGuidChain(userClass).includes(ace.inheritedObjectType)) {
    return {
      kind: "other-class",
      className: findClass(ace.inheritedObjectType)?.ldapName ?? ace.inheritedObjectType,
    };
  }
  if (ace.flags & AceFlag.NO_PROPAGATE_INHERIT && userIndex - at > 1)
    return { kind: "immediate-children-only" };
  for (let j = at + 1; j <= userIndex; j++) {
    if (isProtected(path[j].sd)) return { kind: "blocked", at: path[j].dn, isUser: j === userIndex };
  }
  return { kind: "reaches" };
}

function grantsOn(
  o: ObjectSecurity,
  at: number,
  path: ObjectSecurity[],
  ctx: CaseContext,
  onPath: boolean,
): Grant[] {
  const token = connectorToken(ctx);
  const out: Grant[] = [];
  for (const ace of (o.sd.dacl?.aces ?? []) as Ace[]) {
    if (ace.kind !== "known" || !isAllowAce(ace)) continue;
    // A grant counts where it was made: inherited copies are the parent's grant.
    if (ace.flags & AceFlag.INHERITED) continue;
    const rights = WRITEBACK_RIGHTS.filter((r) => r.on === "user" && aceCovers(ace, r)).map((r) => r.key);
    if (!rights.length) continue;
    const forConnector = hasSid(token, ace.sid) && !["S-1-1-0", "S-1-5-11", "S-1-5-10"].includes(ace.sid);
    if (!forConnector && isDefaultHolder(ace.sid)) continue;
    // Everyone/SELF hold Change password on every user by default: not a grant anyone made for writeback.
    if (!forConnector && rights.every((r) => r === "change")) continue;
    out.push({
      object: o.dn,
      ace,
      ref: o.aceRefs.get(ace),
      rights,
      forConnector,
      trustee: ctx.principals.describe(ace.sid),
      reach: onPath ? reachOf(ace, at, path, ctx.user.objectClass) : { kind: "this-object-only" },
      onPath,
    });
  }
  return out;
}

export function analyseGrants(chain: SdChain, ctx: CaseContext): Grant[] {
  const out: Grant[] = [];
  chain.path.forEach((o, i) => {
    out.push(...grantsOn(o, i, chain.path, ctx, true));
  });
  for (const o of chain.others) out.push(...grantsOn(o, -1, chain.path, ctx, false));
  return out;
}

export function describeReach(g: Grant): string {
  switch (g.reach.kind) {
    case "reaches":
      return "reaches the user";
    case "this-object-only":
      return g.onPath
        ? 'applies to "This object only", so nothing below inherits it'
        : "is on an object that is not on the user's path";
    case "other-class":
      return `applies to "Descendant ${g.reach.className} objects" only, and the user is not one`;
    case "immediate-children-only":
      return "applies to immediate children only, and the user is further down";
    case "blocked":
      return g.reach.isUser
        ? "is blocked at the user, which does not inherit permissions"
        : `is blocked at ${g.reach.at}, which does not inherit permissions`;
  }
}
