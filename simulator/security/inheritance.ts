/**
 * Security descriptor inheritance for directory objects: MS-DTYP 2.5.3.4 (CreatePrivateObjectSecurityEx)
 * as AD applies it (MS-ADTS 7.1.3 "Security descriptor requirements"), matched against Samba 4.17
 * (libcli/security/create_descriptor.c, dsdb descriptor module) and the captures in
 * test/fixtures/samba-sddl/.
 *
 * The rules, as Samba implements them and the captures confirm:
 * - Every directory object is a container (AD passes IsContainer = TRUE): a parent ACE is inherited
 *   when it has CONTAINER_INHERIT; an ACE with only OBJECT_INHERIT is carried as INHERIT_ONLY.
 * - An object ACE whose InheritedObjectType is not the new object's class is carried INHERIT_ONLY
 *   (for the grandchildren); when it is, INHERIT_ONLY is dropped and the ACE is effective. The
 *   InheritedObjectType GUID is kept either way: `(OA;CIIO;CR;00299570-…;bf967aba-…;S)` on the domain
 *   root becomes `(OA;CIID;CR;00299570-…;bf967aba-…;S)` on a user (S1_alice_full_sd.txt). Samba
 *   compares with the object's structural class only (descriptor.c passes one GUID); pass
 *   `matchSuperclasses: true` to also accept its superclasses (not verified against Windows).
 * - NO_PROPAGATE_INHERIT: the ACE applies to this child only, without CI/OI/NP, and is not carried further.
 * - Every inherited ACE carries INHERITED (ID). ACEs with generic rights or CREATOR OWNER/GROUP are
 *   split: the original kept INHERIT_ONLY for the grandchildren and an expanded, effective copy
 *   (generic bits mapped, CO/CG replaced by the new owner/group, no inheritance flags).
 * - The new DACL is the explicit ACEs (from the SD given at creation, else the class's
 *   defaultSecurityDescriptor) followed by the inherited ones, in the parent's order. A protected
 *   DACL (P) inherits nothing; ACEs marked ID in a protected SD become explicit (how OU=Blocked's
 *   DACL looked after protection, E3_blocked_ou_dacl_after.txt). The SACL is computed the same way.
 * - DACL_AUTO_INHERITED (AI) is set when something was inherited; control bits of the creator SD are kept.
 * - Owner and group, when the creator SD does not name them: Domain Admins when the creator's token
 *   holds Domain Admins (then Enterprise Admins, then Schema Admins), else the creator and its
 *   primary group (Samba get_default_ag; the captured user objects are `O:DAG:DA`). With a 2008+
 *   domain functional level the group defaults to the same SID as the owner.
 *
 * Where Windows is known or suspected to differ: Windows may treat the class's superclasses as
 * matching InheritedObjectType; Windows sets SE_OWNER_DEFAULTED/SE_GROUP_DEFAULTED internally but
 * does not show them; when nothing is explicit or inherited Samba leaves no DACL while Windows
 * creates an empty one (we create an empty DACL, which denies, rather than no DACL, which grants).
 */

import { mapGenericRights } from "./rights.ts";
import { classGuidChain, findClass } from "./schema.ts";
import { parseSddl } from "./sddl-parse.ts";
import { CREATOR_GROUP_SID, CREATOR_OWNER_SID, type Token } from "./token.ts";
import {
  type Ace,
  AceFlag,
  AceType,
  type Acl,
  type KnownAce,
  SdControl,
  type SecurityDescriptor,
} from "./types.ts";

export interface CreateChildOptions {
  /** The parent's SD (at least its DACL and SACL). */
  parentSd: SecurityDescriptor;
  /** The new object's structural class lDAPDisplayName. */
  objectClass: string;
  /** The SID of the account creating the object. */
  creatorSid: string;
  /** The creator's primary group (defaults to the token's, else Domain Users). */
  creatorGroupSid?: string;
  /** The creator's token, to decide the default owner (Domain Admins members → DA). */
  creatorToken?: Token;
  /** An nTSecurityDescriptor given in the add request; its parts replace the class default. */
  explicitSd?: SecurityDescriptor;
  domainSid: string;
  rootDomainSid?: string;
  /** Also match InheritedObjectType against the class's superclasses (Samba: no). */
  matchSuperclasses?: boolean;
}

export interface RecomputeOptions {
  domainSid?: string;
  matchSuperclasses?: boolean;
}

const INHERIT_FLAGS = AceFlag.OBJECT_INHERIT | AceFlag.CONTAINER_INHERIT | AceFlag.NO_PROPAGATE_INHERIT;
const GENERIC_BITS = 0xf0000000;

const OBJECT_TYPES = new Set<number>([
  AceType.ACCESS_ALLOWED_OBJECT,
  AceType.ACCESS_DENIED_OBJECT,
  AceType.SYSTEM_AUDIT_OBJECT,
  AceType.SYSTEM_ALARM_OBJECT,
  AceType.ACCESS_ALLOWED_CALLBACK_OBJECT,
  AceType.ACCESS_DENIED_CALLBACK_OBJECT,
  AceType.SYSTEM_AUDIT_CALLBACK_OBJECT,
]);

/** The plain type an object ACE becomes when its expanded copy has no ObjectType. */
const NON_OBJECT_TYPE: Readonly<Record<number, number>> = {
  [AceType.ACCESS_ALLOWED_OBJECT]: AceType.ACCESS_ALLOWED,
  [AceType.ACCESS_DENIED_OBJECT]: AceType.ACCESS_DENIED,
  [AceType.SYSTEM_AUDIT_OBJECT]: AceType.SYSTEM_AUDIT,
};

function withFlags(ace: Ace, flags: number): Ace {
  if (ace.kind === "known") return { ...ace, flags };
  const bytes = Uint8Array.from(ace.bytes);
  bytes[1] = flags;
  return { ...ace, flags, bytes };
}

function hasGeneric(ace: Ace): boolean {
  if (ace.kind !== "known") return false;
  return (ace.mask & GENERIC_BITS) !== 0 || ace.sid === CREATOR_OWNER_SID || ace.sid === CREATOR_GROUP_SID;
}

/** The effective copy of an ACE with generic rights / CREATOR OWNER / CREATOR GROUP (flags cleared). */
function expandGeneric(ace: KnownAce, owner: string, group: string): KnownAce {
  const out: KnownAce = { ...ace, mask: mapGenericRights(ace.mask), flags: 0 };
  if (ace.sid === CREATOR_OWNER_SID) out.sid = owner;
  if (ace.sid === CREATOR_GROUP_SID) out.sid = group;
  return out;
}

/** MS-DTYP 2.5.3.4.2 ComputeInheritedACLFromParent, AD flavour (always a container). */
function inheritedFromParent(
  acl: Acl | null,
  classGuids: ReadonlySet<string>,
  owner: string,
  group: string,
): Ace[] {
  if (!acl) return [];
  const out: Ace[] = [];
  for (const ace of acl.aces) {
    let applies = (ace.flags & AceFlag.CONTAINER_INHERIT) !== 0;
    if (!applies && !(ace.flags & AceFlag.OBJECT_INHERIT)) continue;
    const iot = ace.kind === "known" && OBJECT_TYPES.has(ace.type) ? ace.inheritedObjectType : undefined;
    if (iot !== undefined && !classGuids.has(iot)) applies = false;

    let inheritOnly = false;
    let expand = false;
    let expandOnly = false;
    if (ace.flags & AceFlag.NO_PROPAGATE_INHERIT) {
      if (!applies) continue;
      expand = true;
      expandOnly = true;
    } else if (applies) {
      expand = hasGeneric(ace);
      inheritOnly = expand;
    } else {
      inheritOnly = true;
    }

    if (expand && ace.kind === "known") {
      const e = expandGeneric(ace, owner, group);
      e.flags = AceFlag.INHERITED | (ace.flags & (AceFlag.SUCCESSFUL_ACCESS | AceFlag.FAILED_ACCESS));
      // Expanded ACEs never keep the class restriction; without ObjectType they become plain ACEs.
      if (e.inheritedObjectType !== undefined) e.inheritedObjectType = undefined;
      if (e.objectType === undefined && NON_OBJECT_TYPE[e.type] !== undefined) {
        e.type = NON_OBJECT_TYPE[e.type] as KnownAce["type"];
      }
      delete e.inheritedObjectType;
      out.push(e);
      if (expandOnly) continue;
    } else if (expandOnly) {
      // Opaque ACE with NP: keep it effective, without inheritance flags.
      out.push(withFlags(ace, (ace.flags & ~INHERIT_FLAGS & ~AceFlag.INHERIT_ONLY) | AceFlag.INHERITED));
      continue;
    }

    let flags = ace.flags | AceFlag.INHERITED;
    flags = inheritOnly ? flags | AceFlag.INHERIT_ONLY : flags & ~AceFlag.INHERIT_ONLY;
    out.push(withFlags(ace, flags));
  }
  return out;
}

/** MS-DTYP 2.5.3.4.1 step "process the creator's ACL" (Samba process_user_acl). */
function explicitAces(acl: Acl | null, isProtected: boolean, owner: string, group: string): Ace[] | null {
  if (!acl) return null;
  const out: Ace[] = [];
  for (const original of acl.aces) {
    let ace = original;
    if (ace.flags & AceFlag.INHERITED) {
      if (!isProtected) continue; // recomputed from the parent instead
      ace = withFlags(ace, ace.flags & ~AceFlag.INHERITED);
    }
    const f = ace.flags;
    if (f & AceFlag.INHERIT_ONLY && !(f & (AceFlag.CONTAINER_INHERIT | AceFlag.OBJECT_INHERIT))) continue;
    if (f & AceFlag.INHERIT_ONLY || !hasGeneric(ace) || ace.kind !== "known") {
      out.push(ace);
      continue;
    }
    if (!(f & AceFlag.CONTAINER_INHERIT)) {
      out.push(expandGeneric(ace, owner, group));
    } else {
      out.push(withFlags(ace, f | AceFlag.INHERIT_ONLY));
      out.push(expandGeneric(ace, owner, group));
    }
  }
  return out;
}

function aclOf(aces: Ace[]): Acl {
  const objectAce = aces.some((a) => a.kind === "known" && OBJECT_TYPES.has(a.type));
  return { revision: objectAce ? 4 : 2, aces };
}

function classGuidSet(objectClass: string, matchSuperclasses: boolean | undefined): Set<string> {
  const c = findClass(objectClass);
  if (!c) throw new Error(`unknown object class "${objectClass}"`);
  return new Set(matchSuperclasses ? classGuidChain(objectClass) : [c.schemaIdGuid]);
}

/**
 * The core of CreatePrivateObjectSecurityEx: combine a creator SD (explicit parts) with what the
 * parent passes down. Owner and group must already be decided.
 */
function compose(
  parentSd: SecurityDescriptor | null,
  creator: SecurityDescriptor | null,
  classGuids: ReadonlySet<string>,
  owner: string,
  group: string,
): SecurityDescriptor {
  const creatorControl = creator?.control ?? 0;
  const daclProtected = (creatorControl & SdControl.DACL_PROTECTED) !== 0;
  const saclProtected = (creatorControl & SdControl.SACL_PROTECTED) !== 0;
  const inhDacl =
    parentSd && !daclProtected ? inheritedFromParent(parentSd.dacl, classGuids, owner, group) : [];
  const inhSacl =
    parentSd && !saclProtected ? inheritedFromParent(parentSd.sacl, classGuids, owner, group) : [];
  const userDacl = explicitAces(creator?.dacl ?? null, daclProtected, owner, group);
  const userSacl = explicitAces(creator?.sacl ?? null, saclProtected, owner, group);

  let control = SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT;
  const daclAces = [...(userDacl ?? []), ...inhDacl];
  if (inhDacl.length > 0) control |= SdControl.DACL_AUTO_INHERITED;
  let sacl: Acl | null = null;
  if (userSacl !== null || inhSacl.length > 0) {
    sacl = aclOf([...(userSacl ?? []), ...inhSacl]);
    control |= SdControl.SACL_PRESENT;
  }
  if (inhSacl.length > 0) control |= SdControl.SACL_AUTO_INHERITED;
  // Samba keeps whatever control bits the creator SD carried (AI, P, …).
  control |= creatorControl & ~(SdControl.OWNER_DEFAULTED | SdControl.GROUP_DEFAULTED);
  if (sacl === null) control &= ~SdControl.SACL_PRESENT;
  return {
    revision: 1,
    rmControl: 0,
    control: control & 0xffff,
    owner,
    group,
    sacl,
    dacl: aclOf(daclAces),
  };
}

/** The owner AD gives a new object when the creator SD names none (Samba get_default_ag, domain NC). */
function defaultOwner(opts: CreateChildOptions): { owner: string; group: string } {
  const root = opts.rootDomainSid ?? opts.domainSid;
  const sids = opts.creatorToken?.sids;
  const da = `${opts.domainSid}-512`;
  const ea = `${root}-519`;
  const sa = `${root}-518`;
  const admin = sids?.has(da) ? da : sids?.has(ea) ? ea : sids?.has(sa) ? sa : undefined;
  if (admin) return { owner: admin, group: admin };
  const group = opts.creatorGroupSid ?? opts.creatorToken?.primaryGroupSid ?? `${opts.domainSid}-513`;
  return { owner: opts.creatorSid, group };
}

/**
 * The SD of a new object: explicit part from `explicitSd` (each of owner, group, DACL, SACL it
 * carries) or else the class's defaultSecurityDescriptor (domain aliases resolved against
 * domainSid/rootDomainSid), then what the parent's DACL/SACL pass down.
 */
export function createChildSecurityDescriptor(opts: CreateChildOptions): SecurityDescriptor {
  const cls = findClass(opts.objectClass);
  if (!cls) throw new Error(`unknown object class "${opts.objectClass}"`);
  const def = parseSddl(cls.defaultSecurityDescriptor, {
    domainSid: opts.domainSid,
    rootDomainSid: opts.rootDomainSid,
  });
  const ex = opts.explicitSd;
  const exHasDacl = ex !== undefined && (ex.control & SdControl.DACL_PRESENT) !== 0;
  const exHasSacl = ex !== undefined && (ex.control & SdControl.SACL_PRESENT) !== 0;
  const creator: SecurityDescriptor = {
    revision: 1,
    rmControl: 0,
    control: exHasDacl || exHasSacl ? (ex?.control ?? 0) : def.control,
    owner: ex?.owner ?? def.owner,
    group: ex?.group ?? def.group,
    dacl: exHasDacl ? (ex?.dacl ?? null) : def.dacl,
    sacl: exHasSacl ? (ex?.sacl ?? null) : def.sacl,
  };
  const dflt = defaultOwner(opts);
  const owner = creator.owner ?? dflt.owner;
  const group = creator.group ?? dflt.group;
  return compose(
    opts.parentSd,
    creator,
    classGuidSet(opts.objectClass, opts.matchSuperclasses),
    owner,
    group,
  );
}

/**
 * Recompute a child's SD after its parent's DACL/SACL changed (the propagation Samba does at once
 * and Windows' SD propagator does in the background): the child's explicit ACEs are kept, in order,
 * its inherited ACEs are recomputed from the new parent SD and placed after them. A protected child
 * keeps its ACEs and inherits nothing. Owner and group are kept.
 */
export function recomputeInheritedSecurityDescriptor(
  childSd: SecurityDescriptor,
  parentSd: SecurityDescriptor,
  objectClass: string,
  opts: RecomputeOptions = {},
): SecurityDescriptor {
  const owner = childSd.owner ?? parentSd.owner ?? "";
  const group = childSd.group ?? parentSd.group ?? owner;
  const creator: SecurityDescriptor = {
    ...childSd,
    // The inherited bits of the control word are recomputed.
    control: childSd.control & ~(SdControl.DACL_AUTO_INHERITED | SdControl.SACL_AUTO_INHERITED),
  };
  const out = compose(parentSd, creator, classGuidSet(objectClass, opts.matchSuperclasses), owner, group);
  out.owner = childSd.owner;
  out.group = childSd.group;
  // An SD that had the auto-inherited bits keeps them (AD marks every object's DACL AI).
  out.control |= childSd.control & (SdControl.DACL_AUTO_INHERITED | SdControl.SACL_AUTO_INHERITED);
  if (childSd.sacl === null && out.sacl === null) out.control &= ~SdControl.SACL_AUTO_INHERITED;
  return out;
}
