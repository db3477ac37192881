/**
 * The one place the directory calls into simulator/security/. Everything the directory needs from
 * the codec, SDDL, the access check and inheritance goes through these functions, which also add
 * the caches that keep a 100k-user world fast:
 *  - parsed SDDL is memoised per (text, domain SID);
 *  - inheritance results are interned: children of one parent with the same class and explicit part
 *    share one SecurityDescriptor object, so propagating a root DACL change over 100k users computes
 *    each distinct (parent SD, child SD) pair once;
 *  - access decisions are cached per (SD object, token, what) — SDs and tokens are immutable values.
 */
import {
  accessCheck,
  checkExtendedRight,
  checkReadProperty,
  checkRights,
  checkWriteProperty,
} from "../security/access-check.ts";
import { decodeSecurityDescriptor, encodeSecurityDescriptor } from "../security/binary-codec.ts";
import { guidFromBytes, guidToBytes } from "../security/guid.ts";
import {
  createChildSecurityDescriptor,
  recomputeInheritedSecurityDescriptor,
} from "../security/inheritance.ts";
import { treeForChildClass } from "../security/object-types.ts";
import { findAttribute, findClass } from "../security/schema.ts";
import { formatSddl } from "../security/sddl-format.ts";
import { parseSddl } from "../security/sddl-parse.ts";
import { sidFromBytes, sidToBytes } from "../security/sid.ts";
import { createToken, expandGroupSids, type Token } from "../security/token.ts";
import {
  type Ace,
  AceFlag,
  type Acl,
  AdRight,
  SdControl,
  type SecurityDescriptor,
} from "../security/types.ts";

export type { Token } from "../security/token.ts";
export type { SecurityDescriptor } from "../security/types.ts";
export { AdRight, SdControl } from "../security/types.ts";
export {
  createToken,
  decodeSecurityDescriptor,
  encodeSecurityDescriptor,
  expandGroupSids,
  guidFromBytes,
  guidToBytes,
  sidFromBytes,
  sidToBytes,
};

const sddlCache = new Map<string, SecurityDescriptor>();

/** Parses SDDL with domain-relative aliases resolved against `domainSid`; memoised (SDs are never mutated). */
export function sddlToSd(sddl: string, domainSid: string): SecurityDescriptor {
  const k = `${domainSid}|${sddl}`;
  let sd = sddlCache.get(k);
  if (!sd) {
    sd = parseSddl(sddl, { domainSid });
    sddlCache.set(k, sd);
  }
  return sd;
}

/** SDDL of an SD; `dialect` "samba-4.17" orders rights letters as Samba prints them (the captures). */
export function sdToSddl(
  sd: SecurityDescriptor,
  domainSid: string,
  dialect: "windows" | "samba-4.17" = "windows",
): string {
  return formatSddl(sd, { domainSid, dialect });
}

/** Class name the access check knows (its object type tree needs a class from the schema facts). */
function checkClass(objectClass: string): string {
  return findClass(objectClass) ? objectClass : "top";
}

// ---------------------------------------------------------------- access decisions (cached)

type DecisionCache = WeakMap<SecurityDescriptor, WeakMap<Token, Map<string, boolean>>>;
const decisions: DecisionCache = new WeakMap();

function cached(sd: SecurityDescriptor, token: Token, key: string, compute: () => boolean): boolean {
  let byToken = decisions.get(sd);
  if (!byToken) {
    byToken = new WeakMap();
    decisions.set(sd, byToken);
  }
  let m = byToken.get(token);
  if (!m) {
    m = new Map();
    byToken.set(token, m);
  }
  let v = m.get(key);
  if (v === undefined) {
    v = compute();
    m.set(key, v);
  }
  return v;
}

export interface Target {
  sd: SecurityDescriptor;
  sid: string | null;
  objectClass: string;
}

const opts = (t: Target) => ({ selfSid: t.sid ?? undefined, objectClass: checkClass(t.objectClass) });

export function hasRights(t: Target, token: Token, mask: number): boolean {
  return cached(
    t.sd,
    token,
    `r:${mask}:${t.sid}:${t.objectClass}`,
    () => checkRights(t.sd, token, mask, opts(t)).granted,
  );
}

export function canWriteProperty(t: Target, token: Token, attribute: string): boolean {
  return cached(t.sd, token, `wp:${attribute}:${t.sid}:${t.objectClass}`, () =>
    findAttribute(attribute)
      ? checkWriteProperty(t.sd, token, attribute, opts(t)).granted
      : checkRights(t.sd, token, AdRight.WRITE_PROPERTY, opts(t)).granted,
  );
}

export function canReadProperty(t: Target, token: Token, attribute: string): boolean {
  return cached(t.sd, token, `rp:${attribute}:${t.sid}:${t.objectClass}`, () =>
    findAttribute(attribute)
      ? checkReadProperty(t.sd, token, attribute, opts(t)).granted
      : checkRights(t.sd, token, AdRight.READ_PROPERTY, opts(t)).granted,
  );
}

/** CONTROL_ACCESS for an extended right, or SELF for a validated write (by name or GUID). */
export function hasExtendedRight(t: Target, token: Token, right: string): boolean {
  return cached(
    t.sd,
    token,
    `cr:${right}:${t.sid}:${t.objectClass}`,
    () => checkExtendedRight(t.sd, token, right, opts(t)).granted,
  );
}

/** CREATE_CHILD or DELETE_CHILD for a child class on the parent (MS-ADTS 3.1.1.5.2.1). */
export function hasChildRight(parent: Target, token: Token, childClass: string, right: number): boolean {
  return cached(
    parent.sd,
    token,
    `cc:${right}:${childClass}:${parent.objectClass}`,
    () =>
      accessCheck({
        sd: parent.sd,
        token,
        desired: right,
        selfSid: parent.sid ?? undefined,
        objectTypes: treeForChildClass(checkClass(parent.objectClass), checkClass(childClass)),
      }).granted,
  );
}

// ---------------------------------------------------------------- inheritance (MS-DTYP 2.5.3.4.x)
//
// ONE implementation of inheritance: simulator/security/inheritance.ts. This file only caches its
// results (interning) and decides owner/group defaults; it never combines ACEs itself.

function explicitAces(acl: Acl | null): Ace[] {
  return acl ? acl.aces.filter((a) => (a.flags & AceFlag.INHERITED) === 0) : [];
}

/** SE_OWNER_DEFAULTED | SE_GROUP_DEFAULTED: kept through re-inheritance and DACL-only writes (Samba's
 * descr_handle_sd_flags keeps the old SD's bits for the parts not written). */
const DEFAULTED_BITS = SdControl.OWNER_DEFAULTED | SdControl.GROUP_DEFAULTED;

/**
 * An NC head's SD (no parent: nothing to inherit): the explicit ACEs, the protection and defaulted
 * bits given, and AUTO_INHERITED as AD marks every object's ACLs (MS-DTYP 2.5.3.4.1).
 */
function ncHeadSd(
  explicitSd: SecurityDescriptor,
  owner: string | null,
  group: string | null,
): SecurityDescriptor {
  const dExp = explicitAces(explicitSd.dacl);
  const sExp = explicitAces(explicitSd.sacl);
  let control = SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT | SdControl.DACL_AUTO_INHERITED;
  control |= explicitSd.control & (SdControl.DACL_PROTECTED | SdControl.SACL_PROTECTED | DEFAULTED_BITS);
  const hasSacl = explicitSd.sacl !== null;
  if (hasSacl) control |= SdControl.SACL_PRESENT | SdControl.SACL_AUTO_INHERITED;
  const acl = (aces: Ace[], revision: number): Acl => ({
    revision: aces.some((a) => a.kind === "known" && (a.type === 5 || a.type === 6 || a.type === 7))
      ? 4
      : Math.max(2, revision),
    aces,
  });
  return {
    revision: 1,
    rmControl: 0,
    control,
    owner,
    group,
    dacl: acl(dExp, explicitSd.dacl?.revision ?? 2),
    sacl: hasSacl ? acl(sExp, explicitSd.sacl?.revision ?? 2) : null,
  };
}

const childCache = new WeakMap<
  SecurityDescriptor,
  WeakMap<SecurityDescriptor, Map<string, SecurityDescriptor>>
>();

/**
 * The SD of a new object: explicit part (class default or client-supplied), parent's inheritable
 * ACEs, owner/group from the explicit SD or else the creator's defaults. Interned.
 */
export function childSecurityDescriptor(input: {
  parentSd: SecurityDescriptor | null;
  explicitSd: SecurityDescriptor;
  objectClass: string;
  owner: string;
  group: string;
  domainSid: string;
}): SecurityDescriptor {
  const { parentSd, explicitSd, objectClass } = input;
  const owner = explicitSd.owner ?? input.owner;
  const group = explicitSd.group ?? input.group;
  if (!parentSd) return ncHeadSd(explicitSd, owner, group);
  let byParent = childCache.get(explicitSd);
  if (!byParent) {
    byParent = new WeakMap();
    childCache.set(explicitSd, byParent);
  }
  let m = byParent.get(parentSd);
  if (!m) {
    m = new Map();
    byParent.set(parentSd, m);
  }
  const k = `${objectClass}|${owner}|${group}`;
  let sd = m.get(k);
  if (!sd) {
    sd = createChildSecurityDescriptor({
      parentSd,
      objectClass: checkClass(objectClass),
      creatorSid: owner,
      creatorGroupSid: group,
      explicitSd: { ...explicitSd, owner, group },
      domainSid: input.domainSid,
    });
    m.set(k, sd);
  }
  return sd;
}

const recomputeCache = new WeakMap<
  SecurityDescriptor,
  WeakMap<SecurityDescriptor, Map<string, SecurityDescriptor>>
>();

/** The object's explicit ACEs plus what its (new) parent passes down now. Interned. */
export function reinherit(
  current: SecurityDescriptor,
  parentSd: SecurityDescriptor | null,
  objectClass: string,
): SecurityDescriptor {
  if (!parentSd) return current;
  let byParent = recomputeCache.get(current);
  if (!byParent) {
    byParent = new WeakMap();
    recomputeCache.set(current, byParent);
  }
  let m = byParent.get(parentSd);
  if (!m) {
    m = new Map();
    byParent.set(parentSd, m);
  }
  let sd = m.get(objectClass);
  if (!sd) {
    sd = recomputeInheritedSecurityDescriptor(current, parentSd, checkClass(objectClass));
    const defaulted = current.control & DEFAULTED_BITS;
    if (defaulted && (sd.control & defaulted) !== defaulted) sd = { ...sd, control: sd.control | defaulted };
    if (sdEquals(sd, current)) sd = current;
    m.set(objectClass, sd);
  }
  return sd;
}

/**
 * The SD an object gets when its explicit part is written (an nTSecurityDescriptor modify, SDProp):
 * the given explicit ACEs and control (protection bits), the owner and group, plus what the parent
 * passes down now — computed by security/inheritance.ts like every other inheritance, so CREATOR
 * OWNER and generic rights are expanded exactly as at creation (MS-DTYP 2.5.3.4.2).
 */
export function composeSd(
  explicitSd: SecurityDescriptor,
  parentSd: SecurityDescriptor | null,
  objectClass: string,
): SecurityDescriptor {
  if (!parentSd) return ncHeadSd(explicitSd, explicitSd.owner, explicitSd.group);
  const explicitOnly: SecurityDescriptor = {
    ...explicitSd,
    control:
      explicitSd.control |
      SdControl.DACL_AUTO_INHERITED |
      (explicitSd.sacl !== null || parentSd.sacl !== null ? SdControl.SACL_AUTO_INHERITED : 0),
    // Inherited (ID) ACEs in the written DACL are dropped and recomputed; in a protected DACL they
    // become explicit (inheritance.ts, as Samba did for OU=Blocked, E3).
  };
  const sd = recomputeInheritedSecurityDescriptor(explicitOnly, parentSd, checkClass(objectClass));
  const defaulted = explicitSd.control & DEFAULTED_BITS;
  return defaulted && (sd.control & defaulted) !== defaulted
    ? { ...sd, control: sd.control | defaulted }
    : sd;
}

function sdEquals(a: SecurityDescriptor, b: SecurityDescriptor): boolean {
  return a === b || encodeSecurityDescriptor(a).equals(encodeSecurityDescriptor(b));
}

/** The part of an SD selected by SD-flags bits (owner 1, group 2, DACL 4, SACL 8), MS-ADTS 3.1.1.3.4.1.11. */
export function sdPart(sd: SecurityDescriptor, flags: number): SecurityDescriptor {
  let control = sd.control;
  if (!(flags & 1)) control &= ~SdControl.OWNER_DEFAULTED;
  if (!(flags & 2)) control &= ~SdControl.GROUP_DEFAULTED;
  if (!(flags & 4))
    control &= ~(SdControl.DACL_PRESENT | SdControl.DACL_AUTO_INHERITED | SdControl.DACL_PROTECTED);
  if (!(flags & 8))
    control &= ~(SdControl.SACL_PRESENT | SdControl.SACL_AUTO_INHERITED | SdControl.SACL_PROTECTED);
  return {
    revision: sd.revision,
    rmControl: sd.rmControl,
    control,
    owner: flags & 1 ? sd.owner : null,
    group: flags & 2 ? sd.group : null,
    dacl: flags & 4 ? sd.dacl : null,
    sacl: flags & 8 ? sd.sacl : null,
  };
}

/** Explicit (non-inherited) ACEs only: what SDProp copies from AdminSDHolder. */
export function withoutInheritedAces(acl: Acl | null): Acl | null {
  if (!acl) return null;
  return { revision: acl.revision, aces: explicitAces(acl) };
}
