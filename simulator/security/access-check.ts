/**
 * Directory access check: MS-DTYP 2.5.3.2 (AccessCheck with an object type list) as Active Directory
 * uses it (MS-ADTS 5.1.3.3), cross-checked against Samba's sec_access_check_ds
 * (libcli/security/access_check.c).
 *
 * Rules implemented, each with where it comes from:
 * - The DACL is walked in order; INHERIT_ONLY ACEs are skipped (MS-DTYP 2.5.3.2). A bit is decided by
 *   the first ACE that grants or denies it, so a deny wins only when it comes before the grant.
 * - PRINCIPAL_SELF (S-1-5-10) in an ACE stands for the target object's SID (MS-ADTS 5.1.3.3.2 "the
 *   PrincipalSelfSubst parameter"): it matches when the token holds `selfSid`.
 * - The owner implicitly gets READ_CONTROL | WRITE_DAC before the DACL is walked, unless the DACL has
 *   an OWNER RIGHTS (S-1-3-4) ACE; then the owner gets exactly what the OWNER RIGHTS ACEs say
 *   (MS-DTYP 2.5.3.2, Windows Server 2008+). Samba 4.17 applies the plain owner rule only.
 * - A NULL DACL (dacl === null) grants everything; an empty DACL grants nothing except the owner's
 *   implicit rights (MS-DTYP 2.4.6 / 2.5.3.2).
 * - Generic bits, in the request and in ACEs, are mapped with the DS generic mapping (MS-ADTS 5.1.3.2).
 * - Object ACEs are matched against the object type tree (object-types.ts): an ACE whose ObjectType
 *   is a node covers the node and its descendants; an object ACE without ObjectType, or a plain ACE,
 *   covers the whole tree; an ObjectType not in the tree makes the ACE not apply. A grant propagates
 *   up to a parent once all the parent's children hold it; a deny propagates up at once
 *   (MS-DTYP 2.5.3.2). The request is allowed when the root holds every desired bit.
 * - InheritedObjectType plays no part in the evaluation: MS-DTYP 2.5.3.2 looks only at ObjectType,
 *   and Samba's sec_access_check_ds likewise ignores it. It matters only to inheritance (inheritance.ts),
 *   which leaves an ACE whose InheritedObjectType does not match the object's class INHERIT_ONLY.
 * - ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege; SeTakeOwnershipPrivilege grants WRITE_OWNER.
 * - Callback/conditional and other ACE types we do not evaluate are ignored (reported in the trace).
 *
 * Speed: the DACL is compiled once per SecurityDescriptor object (WeakMap) into typed arrays, and the
 * ACEs that match a token are cached per (SD, token, selfSid); a check against a 60-ACE DACL then
 * walks only the dozen ACEs whose trustee the token holds. Tracing takes a separate, allocating path.
 */

import {
  isChain,
  type ObjectTypeNode,
  treeForAttribute,
  treeForControlAccessRight,
  treeForObject,
} from "./object-types.ts";
import { mapGenericRights } from "./rights.ts";
import { findAttribute, findExtendedRight, findPropertySet } from "./schema.ts";
import { OWNER_RIGHTS_SID, PRINCIPAL_SELF_SID, type Token } from "./token.ts";
import {
  type Ace,
  AceFlag,
  AceType,
  type Acl,
  AdRight,
  type KnownAce,
  type SecurityDescriptor,
} from "./types.ts";

export interface AccessRequest {
  sd: SecurityDescriptor;
  token: Token;
  /** Desired access mask (generic bits allowed; MAXIMUM_ALLOWED supported). */
  desired: number;
  /** The target object's SID, substituted for PRINCIPAL_SELF (S-1-5-10). */
  selfSid?: string;
  /** The target object's structural class lDAPDisplayName, e.g. "user": the root of the object type tree. */
  objectClass?: string;
  /** An explicit object type tree; overrides the one built from objectClass. */
  objectTypes?: ObjectTypeNode[];
}

export type AceOutcome =
  /** INHERIT_ONLY: affects only children. */
  | "inherit-only"
  /** The token does not hold the ACE's trustee. */
  | "other-trustee"
  /** Object ACE whose ObjectType is not in the object type tree. */
  | "other-object-type"
  /** The ACE's rights share no bit with what is asked. */
  | "other-rights"
  /** Every bit it would give or take was already decided by an earlier ACE. */
  | "already-decided"
  | "granted"
  | "denied"
  /** The decision was made before this ACE was reached. */
  | "not-reached"
  /** Audit, callback, conditional or other ACE types the check does not evaluate. */
  | "unsupported";

export interface AceTraceEntry {
  index: number;
  ace: Ace;
  outcome: AceOutcome;
  /** Desired bits this ACE granted or denied (granted/denied outcomes). */
  bits?: number;
  /** Desired bits the ACE's mask and object type cover, whoever the trustee: what it would have done. */
  relevantBits: number;
  /** The tree node the ACE's ObjectType matched, if any. */
  node?: ObjectTypeNode;
  /** True when the ACE's trustee was PRINCIPAL_SELF and matched through selfSid. */
  viaSelf?: boolean;
}

export interface AccessDecision {
  granted: boolean;
  /** Desired bits granted (with MAXIMUM_ALLOWED: every bit the token would get). */
  grantedMask: number;
  /** Desired bits an ACE denied. */
  deniedMask: number;
  /** The desired mask after generic mapping. */
  desired: number;
  /** The ACE that completed the grant or issued the deny. Absent when no ACE decided (owner rights, NULL DACL, nothing matched). */
  decidingAce?: { index: number; ace: KnownAce };
  /** Every ACE considered and why it did or didn't apply; empty unless trace was asked for. */
  trace: AceTraceEntry[];
  /** Bits granted outside the DACL: owner implicit rights, privileges, NULL DACL. */
  implicitGrant?: { bits: number; reason: "owner" | "privilege" | "null-dacl" };
  /** The object type tree the check used. */
  objectTypes?: ObjectTypeNode[];
  /** Set when a privilege the request needs (ACCESS_SYSTEM_SECURITY) is missing. */
  missingPrivilege?: string;
  /** SID substituted for PRINCIPAL_SELF, for explanations. */
  selfSid?: string;
}

export interface CheckOptions {
  selfSid?: string;
  objectClass: string;
  trace?: boolean;
}

const ALL_DS_RIGHTS = 0x000f01ff;
const IS_OBJECT_ACE = (t: number) =>
  t === AceType.ACCESS_ALLOWED_OBJECT || t === AceType.ACCESS_DENIED_OBJECT;
const IS_ALLOW = (t: number) => t === AceType.ACCESS_ALLOWED || t === AceType.ACCESS_ALLOWED_OBJECT;

/** The DACL in flat arrays, compiled once per SecurityDescriptor. */
interface CompiledDacl {
  n: number;
  /** 1 allow, 2 deny, 0 not evaluated (inherit-only, audit, opaque, …). */
  kind: number[];
  mask: number[];
  sid: string[];
  objectType: (string | undefined)[];
  aces: Ace[];
  hasOwnerRights: boolean;
  /** Last token/self pair seen and the indexes of the evaluated ACEs that token matches. */
  lastToken?: Token;
  lastSelf?: string;
  lastOwner?: string | null;
  lastMatched?: number[];
}

/**
 * The compiled DACL is kept on the Acl object itself under a non-enumerable symbol (invisible to
 * JSON, equality checks and spreads). A WeakMap did the same job but made V8's garbage collector
 * spend two thirds of the time on its ephemeron table when every check decodes a fresh SD.
 */
const COMPILED = Symbol("compiledDacl");
type CachedAcl = Acl & { [COMPILED]?: CompiledDacl };

function compile(sd: SecurityDescriptor): CompiledDacl | null {
  const dacl = sd.dacl as CachedAcl | null;
  if (!dacl) return null;
  let c = dacl[COMPILED];
  if (c && c.aces === dacl.aces && c.n === dacl.aces.length) return c;
  const n = dacl.aces.length;
  c = {
    n,
    kind: new Array(n).fill(0),
    mask: new Array(n).fill(0),
    sid: new Array(n),
    objectType: new Array(n),
    aces: dacl.aces,
    hasOwnerRights: false,
  };
  for (let i = 0; i < n; i++) {
    const ace = dacl.aces[i];
    c.sid[i] = ace.kind === "known" ? ace.sid : "";
    c.objectType[i] = ace.kind === "known" ? ace.objectType : undefined;
    if (ace.kind !== "known") continue;
    if (ace.sid === OWNER_RIGHTS_SID && (ace.flags & AceFlag.INHERIT_ONLY) === 0) c.hasOwnerRights = true;
    if (ace.flags & AceFlag.INHERIT_ONLY) continue;
    const t = ace.type;
    if (t === AceType.ACCESS_ALLOWED || t === AceType.ACCESS_ALLOWED_OBJECT) c.kind[i] = 1;
    else if (t === AceType.ACCESS_DENIED || t === AceType.ACCESS_DENIED_OBJECT) c.kind[i] = 2;
    else continue;
    c.mask[i] = ace.mask & 0xf0000000 ? mapGenericRights(ace.mask) : ace.mask;
  }
  if (Object.isExtensible(dacl)) {
    Object.defineProperty(dacl, COMPILED, {
      value: c,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return c;
}

function trusteeMatches(
  sid: string,
  token: Token,
  selfSid: string | undefined,
  owner: string | null,
): 0 | 1 | 2 {
  if (sid === PRINCIPAL_SELF_SID) {
    if (selfSid !== undefined && token.sids.has(selfSid)) return 2;
    return token.sids.has(sid) ? 1 : 0;
  }
  if (sid === OWNER_RIGHTS_SID) return owner !== null && token.sids.has(owner) ? 1 : 0;
  return token.sids.has(sid) ? 1 : 0;
}

/** Indexes of the evaluated ACEs whose trustee the token holds, cached for the last (token, selfSid). */
function matchedAces(
  c: CompiledDacl,
  token: Token,
  selfSid: string | undefined,
  owner: string | null,
): number[] {
  if (c.lastMatched && c.lastToken === token && c.lastSelf === selfSid && c.lastOwner === owner)
    return c.lastMatched;
  const idx: number[] = [];
  for (let i = 0; i < c.n; i++) {
    if (c.kind[i] !== 0 && trusteeMatches(c.sid[i], token, selfSid, owner) !== 0) idx.push(i);
  }
  c.lastToken = token;
  c.lastSelf = selfSid;
  c.lastOwner = owner;
  c.lastMatched = idx;
  return idx;
}

/** Index of the tree node an ObjectType names (-1: not in tree). */
function nodeIndex(tree: readonly ObjectTypeNode[], guid: string): number {
  for (let i = 0; i < tree.length; i++) if (tree[i].guid === guid) return i;
  return -1;
}

function validateTree(tree: readonly ObjectTypeNode[]): void {
  if (tree.length === 0) return;
  if (tree[0].level !== 0) throw new Error("object type tree: the first node must have level 0");
  for (let i = 1; i < tree.length; i++) {
    if (tree[i].level < 1 || tree[i].level > tree[i - 1].level + 1) {
      throw new Error(
        `object type tree: node ${i} has level ${tree[i].level} after level ${tree[i - 1].level}`,
      );
    }
  }
}

interface Prelude {
  desired: number;
  max: boolean;
  implicit: number;
  implicitReason?: "owner" | "privilege";
  missingPrivilege?: string;
}

function prelude(req: AccessRequest, hasOwnerRights: boolean): Prelude {
  const max = (req.desired & AdRight.MAXIMUM_ALLOWED) !== 0;
  let desired = mapGenericRights(req.desired & ~AdRight.MAXIMUM_ALLOWED);
  if (max) desired |= ALL_DS_RIGHTS;
  let implicit = 0;
  let implicitReason: Prelude["implicitReason"];
  let missingPrivilege: string | undefined;
  const owner = req.sd.owner;
  if (!hasOwnerRights && owner !== null && req.token.sids.has(owner)) {
    implicit |= desired & (AdRight.READ_CONTROL | AdRight.WRITE_DAC);
    if (implicit) implicitReason = "owner";
  }
  if (desired & AdRight.ACCESS_SYSTEM_SECURITY) {
    if (req.token.privileges.has("SeSecurityPrivilege")) {
      implicit |= AdRight.ACCESS_SYSTEM_SECURITY;
      implicitReason ??= "privilege";
    } else missingPrivilege = "SeSecurityPrivilege";
  }
  if (desired & AdRight.WRITE_OWNER && req.token.privileges.has("SeTakeOwnershipPrivilege")) {
    implicit |= AdRight.WRITE_OWNER;
    implicitReason ??= "privilege";
  }
  return { desired: desired >>> 0, max, implicit: implicit >>> 0, implicitReason, missingPrivilege };
}

/** MS-DTYP 2.5.3.2 AccessCheck against a directory object. */
export function accessCheck(req: AccessRequest, opts?: { trace?: boolean }): AccessDecision {
  const trace = opts?.trace === true;
  const tree = req.objectTypes ?? (req.objectClass ? treeForObject(req.objectClass) : []);
  if (req.objectTypes) validateTree(tree);
  const c = compile(req.sd);
  const pre = prelude(req, c?.hasOwnerRights ?? false);
  const desired = pre.desired;

  if (c === null) {
    // NULL DACL: everything is granted (MS-DTYP 2.4.6), privileges still apply.
    const ok = pre.missingPrivilege === undefined;
    const grantedMask = ok ? desired : desired & ~AdRight.ACCESS_SYSTEM_SECURITY;
    return {
      granted: ok,
      grantedMask,
      deniedMask: 0,
      desired,
      trace: [],
      implicitGrant: { bits: grantedMask, reason: "null-dacl" },
      objectTypes: tree,
      missingPrivilege: pre.missingPrivilege,
      selfSid: req.selfSid,
    };
  }
  if (trace || !isChain(tree)) return evaluateTree(req, c, tree, pre, trace);
  return evaluateChain(req, c, tree, pre);
}

/** Fast path: the tree is a chain, so every node holds the same bits as the leaf. */
function evaluateChain(
  req: AccessRequest,
  c: CompiledDacl,
  tree: readonly ObjectTypeNode[],
  pre: Prelude,
): AccessDecision {
  const desired = pre.desired;
  let granted = pre.implicit;
  let denied = 0;
  if (pre.missingPrivilege) denied |= AdRight.ACCESS_SYSTEM_SECURITY;
  let deciding = -1;
  const matched = matchedAces(c, req.token, req.selfSid, req.sd.owner);
  const g0 = tree.length > 0 ? tree[0].guid : undefined;
  const g1 = tree.length > 1 ? tree[1].guid : undefined;
  const g2 = tree.length > 2 ? tree[2].guid : undefined;
  const deep = tree.length > 3;
  if ((granted & desired) !== desired && denied === 0) {
    for (let k = 0; k < matched.length; k++) {
      const i = matched[k];
      const ot = c.objectType[i];
      if (ot !== undefined) {
        if (ot !== g0 && ot !== g1 && ot !== g2 && !(deep && nodeIndex(tree, ot) >= 0)) continue;
      }
      const m = c.mask[i] & desired;
      if (c.kind[i] === 1) {
        const add = m & ~granted & ~denied;
        if (add === 0) continue;
        granted |= add;
        if ((granted & desired) === desired) {
          deciding = i;
          if (!pre.max) break;
        }
      } else {
        const take = m & ~granted & ~denied;
        if (take === 0) continue;
        denied |= take;
        if (!pre.max) {
          deciding = i;
          break;
        }
        if (deciding < 0) deciding = i;
      }
    }
  }
  return finish(req, c, tree, pre, granted, denied, deciding, []);
}

function finish(
  req: AccessRequest,
  c: CompiledDacl,
  tree: readonly ObjectTypeNode[],
  pre: Prelude,
  granted: number,
  denied: number,
  deciding: number,
  traceEntries: AceTraceEntry[],
): AccessDecision {
  const desired = pre.desired;
  const requested = pre.max ? mapGenericRights(req.desired & ~AdRight.MAXIMUM_ALLOWED) : desired;
  const grantedMask = (granted & desired) >>> 0;
  const ok = pre.max
    ? (requested & ~grantedMask) === 0 && grantedMask !== 0
    : (grantedMask & desired) === desired;
  const d: AccessDecision = {
    granted: ok && !pre.missingPrivilege,
    grantedMask,
    deniedMask: (denied & desired & ~AdRight.ACCESS_SYSTEM_SECURITY) >>> 0,
    desired: pre.max ? (requested | AdRight.MAXIMUM_ALLOWED) >>> 0 : desired,
    trace: traceEntries,
    objectTypes: tree as ObjectTypeNode[],
    selfSid: req.selfSid,
  };
  if (deciding >= 0) d.decidingAce = { index: deciding, ace: c.aces[deciding] as KnownAce };
  if (pre.implicit) d.implicitGrant = { bits: pre.implicit, reason: pre.implicitReason ?? "owner" };
  if (pre.missingPrivilege) d.missingPrivilege = pre.missingPrivilege;
  return d;
}

/** General path (any tree shape) and the tracing path: per-node bits, MS-DTYP propagation. */
function evaluateTree(
  req: AccessRequest,
  c: CompiledDacl,
  tree: readonly ObjectTypeNode[],
  pre: Prelude,
  trace: boolean,
): AccessDecision {
  const desired = pre.desired;
  const n = Math.max(tree.length, 1);
  const granted = new Uint32Array(n).fill(pre.implicit);
  const denied = new Uint32Array(n).fill(pre.missingPrivilege ? AdRight.ACCESS_SYSTEM_SECURITY : 0);
  const parent = new Int32Array(n).fill(-1);
  const end = new Int32Array(n).fill(n); // subtree of i is [i, end[i])
  for (let i = 1; i < tree.length; i++) {
    let p = i - 1;
    while (p >= 0 && tree[p].level >= tree[i].level) p = parent[p];
    parent[i] = p;
  }
  for (let i = 0; i < tree.length; i++) {
    let j = i + 1;
    while (j < tree.length && tree[j].level > tree[i].level) j++;
    end[i] = j;
  }
  const entries: AceTraceEntry[] = [];
  let deciding = -1;
  let decided = (granted[0] & desired) === desired || denied[0] !== 0;

  for (let i = 0; i < c.aces.length; i++) {
    const ace = c.aces[i];
    if (ace.kind !== "known" || (c.kind[i] === 0 && !(ace.flags & AceFlag.INHERIT_ONLY))) {
      if (trace) entries.push({ index: i, ace, outcome: "unsupported", relevantBits: 0 });
      continue;
    }
    const ot = ace.objectType;
    const isObj = IS_OBJECT_ACE(ace.type);
    const at = ot !== undefined && isObj ? nodeIndex(tree, ot) : 0;
    const covers = at >= 0 && (tree.length > 0 || ot === undefined || !isObj);
    const relevantBits = covers ? mapGenericRights(ace.mask) & desired : 0;
    const node = at >= 0 && ot !== undefined && isObj ? tree[at] : undefined;
    const entry: AceTraceEntry | undefined = trace
      ? { index: i, ace, outcome: "not-reached", relevantBits, node }
      : undefined;
    if (entry) entries.push(entry);
    if (ace.flags & AceFlag.INHERIT_ONLY) {
      if (entry) entry.outcome = "inherit-only";
      continue;
    }
    const who = trusteeMatches(ace.sid, req.token, req.selfSid, req.sd.owner);
    if (who === 0) {
      if (entry) entry.outcome = "other-trustee";
      continue;
    }
    if (entry && who === 2) entry.viaSelf = true;
    if (!covers) {
      if (entry) entry.outcome = "other-object-type";
      continue;
    }
    if (relevantBits === 0) {
      if (entry) entry.outcome = "other-rights";
      continue;
    }
    if (decided && !pre.max) continue; // entry stays "not-reached"
    const root = at;
    const stop = tree.length > 0 ? end[root] : 1;
    let changed = 0;
    if (IS_ALLOW(ace.type)) {
      for (let j = root; j < stop; j++) {
        const add = relevantBits & ~granted[j] & ~denied[j];
        granted[j] |= add;
        changed |= add;
      }
      // A parent holds a bit once all its children do.
      for (let p = parent[root]; p >= 0; p = parent[p]) {
        let all = relevantBits;
        for (let j = p + 1; j < end[p]; j++) if (parent[j] === p) all &= granted[j];
        const add = all & ~granted[p] & ~denied[p];
        if (add === 0) break;
        granted[p] |= add;
        changed |= add;
      }
    } else {
      for (let j = root; j < stop; j++) {
        const take = relevantBits & ~granted[j] & ~denied[j];
        denied[j] |= take;
        changed |= take;
      }
      for (let p = parent[root]; p >= 0; p = parent[p]) {
        const take = relevantBits & ~granted[p] & ~denied[p];
        denied[p] |= take;
        changed |= take;
      }
    }
    if (entry) {
      entry.outcome = changed === 0 ? "already-decided" : IS_ALLOW(ace.type) ? "granted" : "denied";
      if (changed) entry.bits = changed >>> 0;
    }
    if (changed === 0 || decided) continue;
    if (!IS_ALLOW(ace.type) && (denied[0] & desired) !== 0) {
      deciding = i;
      decided = true;
    } else if ((granted[0] & desired) === desired) {
      deciding = i;
      decided = true;
    }
  }
  return finish(req, c, tree, pre, granted[0], denied[0], deciding, entries);
}

/** Trees per (kind, class, name): schema lookups and tree building cost more than the check itself. */
const treeCache = new Map<string, { tree: ObjectTypeNode[]; desired: number }>();

function cachedTree(
  kind: "attribute" | "right",
  objectClass: string,
  what: string,
): { tree: ObjectTypeNode[]; desired: number } {
  const key = `${kind}\u0000${objectClass}\u0000${what}`;
  const hit = treeCache.get(key);
  if (hit) return hit;
  let entry: { tree: ObjectTypeNode[]; desired: number };
  if (kind === "attribute") {
    const ps = findAttribute(what) ? undefined : findPropertySet(what);
    if (!ps && !findAttribute(what)) throw new Error(`unknown attribute "${what}"`);
    entry = {
      tree: ps ? treeForControlAccessRight(objectClass, ps.rightsGuid) : treeForAttribute(objectClass, what),
      desired: 0,
    };
  } else {
    const r = findExtendedRight(what);
    if (!r) throw new Error(`unknown extended right "${what}"`);
    if (r.kind === "propertySet") {
      throw new Error(
        `"${what}" is a property set, not an extended right: check reading or writing it instead`,
      );
    }
    entry = {
      tree: treeForControlAccessRight(objectClass, r.rightsGuid),
      desired: r.kind === "validatedWrite" ? AdRight.SELF : AdRight.CONTROL_ACCESS,
    };
  }
  if (treeCache.size < 10_000) treeCache.set(key, entry);
  return entry;
}

/**
 * CONTROL_ACCESS for an extended right ("Reset Password", "User-Force-Change-Password" or its GUID),
 * or SELF (validated write) when the name is a validated write ("Validated write to service principal name").
 */
export function checkExtendedRight(
  sd: SecurityDescriptor,
  token: Token,
  rightGuidOrName: string,
  opts: CheckOptions,
): AccessDecision {
  const { tree, desired } = cachedTree("right", opts.objectClass, rightGuidOrName);
  return checkWith(sd, token, desired, opts, tree);
}

/** WRITE_PROPERTY on one attribute (or a whole property set, by name), granted directly, through its property set or object-wide. */
export function checkWriteProperty(
  sd: SecurityDescriptor,
  token: Token,
  attribute: string,
  opts: CheckOptions,
): AccessDecision {
  return checkProperty(sd, token, attribute, AdRight.WRITE_PROPERTY, opts);
}

/** READ_PROPERTY on one attribute, granted directly, through its property set or object-wide. */
export function checkReadProperty(
  sd: SecurityDescriptor,
  token: Token,
  attribute: string,
  opts: CheckOptions,
): AccessDecision {
  return checkProperty(sd, token, attribute, AdRight.READ_PROPERTY, opts);
}

function checkProperty(
  sd: SecurityDescriptor,
  token: Token,
  attribute: string,
  desired: number,
  opts: CheckOptions,
): AccessDecision {
  const { tree } = cachedTree("attribute", opts.objectClass, attribute);
  return checkWith(sd, token, desired, opts, tree);
}

/** Plain rights on the object (CC, DC, SD, DT, RC, WD, WO, LC, LO…), object tree = the class alone. */
export function checkRights(
  sd: SecurityDescriptor,
  token: Token,
  mask: number,
  opts: CheckOptions,
): AccessDecision {
  return checkWith(sd, token, mask, opts);
}

/** accessCheck with the caller's options; without an object type tree, the tree is the class alone. */
function checkWith(
  sd: SecurityDescriptor,
  token: Token,
  desired: number,
  opts: CheckOptions,
  objectTypes?: ObjectTypeNode[],
): AccessDecision {
  return accessCheck(
    { sd, token, desired, selfSid: opts.selfSid, objectClass: opts.objectClass, objectTypes },
    { trace: opts.trace },
  );
}
