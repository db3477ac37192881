/**
 * DACL edits as the Windows ACL editor (ADUC's Advanced Security Settings) and dsacls make them.
 * Pure functions over the shared SD model.
 *
 * Canonical order (MS-DTYP 2.4.5 "order of ACEs in a DACL"; the ACL editor sorts on save):
 * explicit deny, explicit allow, then inherited ACEs in the order the DC propagated them.
 */
import { type Ace, AceFlag, AceType, type KnownAce, SdControl, type SecurityDescriptor } from "./types.ts";

const ACL_REVISION = 2;
const ACL_REVISION_DS = 4;

export function isInherited(ace: Ace): boolean {
  return (ace.flags & AceFlag.INHERITED) !== 0;
}

export function isDeny(ace: Ace): boolean {
  return ace.type === AceType.ACCESS_DENIED || ace.type === AceType.ACCESS_DENIED_OBJECT;
}

/**
 * An allow or deny ACE as the ACL editor and dsacls write it: the object form (MS-DTYP 2.4.4.3,
 * 2.4.4.4) only when it names an object type or an inherited object type, the plain form otherwise.
 */
export function allowOrDenyAce(a: {
  deny: boolean;
  sid: string;
  mask: number;
  flags: number;
  objectType?: string;
  inheritedObjectType?: string;
}): KnownAce {
  const isObject = a.objectType !== undefined || a.inheritedObjectType !== undefined;
  const type = a.deny
    ? isObject
      ? AceType.ACCESS_DENIED_OBJECT
      : AceType.ACCESS_DENIED
    : isObject
      ? AceType.ACCESS_ALLOWED_OBJECT
      : AceType.ACCESS_ALLOWED;
  const ace: KnownAce = {
    kind: "known",
    type: type as KnownAce["type"],
    flags: a.flags,
    mask: a.mask,
    sid: a.sid,
  };
  if (a.objectType) ace.objectType = a.objectType;
  if (a.inheritedObjectType) ace.inheritedObjectType = a.inheritedObjectType;
  return ace;
}

export function canonicalOrder(aces: readonly Ace[]): Ace[] {
  const explicitDeny = aces.filter((a) => !isInherited(a) && isDeny(a));
  const explicitOther = aces.filter((a) => !isInherited(a) && !isDeny(a));
  const inherited = aces.filter(isInherited);
  return [...explicitDeny, ...explicitOther, ...inherited];
}

function sameTarget(a: KnownAce, b: KnownAce): boolean {
  return (
    a.type === b.type &&
    a.flags === b.flags &&
    a.sid === b.sid &&
    (a.objectType ?? "") === (b.objectType ?? "") &&
    (a.inheritedObjectType ?? "") === (b.inheritedObjectType ?? "")
  );
}

function withDacl(sd: SecurityDescriptor, aces: Ace[], control = sd.control): SecurityDescriptor {
  const hasObjectAce = aces.some(
    (a) =>
      a.type === AceType.ACCESS_ALLOWED_OBJECT || a.type === AceType.ACCESS_DENIED_OBJECT || a.type === 0x07,
  );
  return {
    ...sd,
    control: control | SdControl.DACL_PRESENT,
    dacl: { revision: hasObjectAce ? ACL_REVISION_DS : (sd.dacl?.revision ?? ACL_REVISION), aces },
  };
}

/**
 * Adds explicit ACEs. An ACE equal to an existing explicit one in everything but the mask is merged
 * into it (the ACL editor shows one entry per principal/type/applies-to/object).
 */
export function addAces(sd: SecurityDescriptor, added: readonly KnownAce[]): SecurityDescriptor {
  const aces = [...(sd.dacl?.aces ?? [])].map((a) => (a.kind === "known" ? { ...a } : a));
  for (const n of added) {
    const hit = aces.find((a): a is KnownAce => a.kind === "known" && !isInherited(a) && sameTarget(a, n));
    if (hit) hit.mask = (hit.mask | n.mask) >>> 0;
    else aces.push({ ...n });
  }
  return withDacl(sd, canonicalOrder(aces));
}

/**
 * Removes `removed` rights from matching explicit ACEs; an ACE left with no rights disappears.
 * Returns the new SD and how many ACEs were touched.
 */
export function removeAces(
  sd: SecurityDescriptor,
  removed: readonly KnownAce[],
): { sd: SecurityDescriptor; touched: number } {
  let touched = 0;
  const out: Ace[] = [];
  for (const a of sd.dacl?.aces ?? []) {
    if (a.kind !== "known" || isInherited(a)) {
      out.push(a);
      continue;
    }
    const r = removed.find((x) => sameTarget(a, x));
    if (!r) {
      out.push(a);
      continue;
    }
    touched++;
    const mask = (a.mask & ~r.mask) >>> 0;
    if (mask !== 0) out.push({ ...a, mask });
  }
  return { sd: withDacl(sd, canonicalOrder(out)), touched };
}

/** Removes every explicit ACE for which `pred` holds. */
export function removeWhere(
  sd: SecurityDescriptor,
  pred: (ace: KnownAce) => boolean,
): { sd: SecurityDescriptor; removed: number } {
  const before = sd.dacl?.aces ?? [];
  const kept = before.filter((a) => a.kind !== "known" || isInherited(a) || !pred(a));
  return { sd: withDacl(sd, canonicalOrder(kept)), removed: before.length - kept.length };
}

/**
 * "Disable inheritance": protect the DACL; with convert=true the inherited ACEs become explicit
 * ("Convert inherited permissions into explicit permissions on this object"), otherwise they go
 * ("Remove all inherited permissions from this object").
 */
export function disableInheritance(sd: SecurityDescriptor, convert: boolean): SecurityDescriptor {
  const aces: Ace[] = [];
  for (const a of sd.dacl?.aces ?? []) {
    if (!isInherited(a)) aces.push(a);
    else if (convert) aces.push({ ...a, flags: a.flags & ~AceFlag.INHERITED });
  }
  return withDacl(sd, convert ? aces : canonicalOrder(aces), sd.control | SdControl.DACL_PROTECTED);
}

/** "Enable inheritance": unprotect; the DC re-propagates the parent's inheritable ACEs on write. */
export function enableInheritance(sd: SecurityDescriptor): SecurityDescriptor {
  return withDacl(sd, [...(sd.dacl?.aces ?? [])], sd.control & ~SdControl.DACL_PROTECTED);
}

export function isProtected(sd: SecurityDescriptor): boolean {
  return (sd.control & SdControl.DACL_PROTECTED) !== 0;
}

export function explicitAces(sd: SecurityDescriptor): KnownAce[] {
  return (sd.dacl?.aces ?? []).filter((a): a is KnownAce => a.kind === "known" && !isInherited(a));
}
