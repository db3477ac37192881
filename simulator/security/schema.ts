/**
 * Lookups over the AD schema facts (schema-data.ts) and control access rights (extended-rights.ts),
 * in both directions and case-insensitively, accepting the names admins type: lDAPDisplayName
 * ("pwdLastSet"), cn ("Pwd-Last-Set"), Windows display name ("Reset Password"), rights CN
 * ("User-Force-Change-Password") or the GUID itself (with or without braces, any case).
 */

import {
  CONTROL_ACCESS_RIGHTS,
  type ControlAccessRight,
  type ControlAccessRightKind,
} from "./extended-rights.ts";
import { ATTRIBUTES, type AttributeSchema, CLASSES, type ClassSchema } from "./schema-data.ts";
import { AdRight } from "./types.ts";

export type { ControlAccessRight, ControlAccessRightKind } from "./extended-rights.ts";
export type { AttributeSchema, ClassSchema } from "./schema-data.ts";

export type GuidKind = "class" | ControlAccessRightKind | "attribute";

/** What a GUID names. A GUID can name several things (see extended-rights.ts). */
export interface GuidInfo {
  guid: string;
  kind: GuidKind;
  /** lDAPDisplayName for classes and attributes, CN for control access rights. */
  name: string;
  /** What an admin sees: Windows display name for rights, lDAPDisplayName for schema objects. */
  displayName: string;
}

const GUID_RE = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Canonical lowercase GUID string, or undefined when `text` is not a GUID. */
export function normalizeGuidText(text: string): string | undefined {
  const m = GUID_RE.exec(text.trim());
  return m ? m[1].toLowerCase() : undefined;
}

const key = (s: string) => s.trim().toLowerCase();

const classByKey = new Map<string, ClassSchema>();
for (const c of CLASSES) {
  classByKey.set(key(c.ldapName), c);
  classByKey.set(key(c.cn), c);
  classByKey.set(c.schemaIdGuid, c);
}

const attributeByKey = new Map<string, AttributeSchema>();
for (const a of ATTRIBUTES) {
  attributeByKey.set(key(a.ldapName), a);
  attributeByKey.set(key(a.cn), a);
  attributeByKey.set(a.schemaIdGuid, a);
}

const rightsByKind: Record<ControlAccessRightKind, Map<string, ControlAccessRight>> = {
  extendedRight: new Map(),
  propertySet: new Map(),
  validatedWrite: new Map(),
};
for (const r of CONTROL_ACCESS_RIGHTS) {
  const m = rightsByKind[r.kind];
  m.set(key(r.cn), r);
  m.set(key(r.displayName), r);
  if (r.sambaDisplayName) m.set(key(r.sambaDisplayName), r);
  m.set(r.rightsGuid, r);
}

const propertySetMembersByGuid = new Map<string, AttributeSchema[]>();
for (const a of ATTRIBUTES) {
  if (!a.propertySet) continue;
  const list = propertySetMembersByGuid.get(a.propertySet);
  if (list) list.push(a);
  else propertySetMembersByGuid.set(a.propertySet, [a]);
}

function lookupKey(text: string): string {
  return normalizeGuidText(text) ?? key(text);
}

/** A class by lDAPDisplayName ("user"), cn ("User") or schemaIDGUID. */
export function findClass(nameOrGuid: string): ClassSchema | undefined {
  return classByKey.get(lookupKey(nameOrGuid));
}

/** An attribute by lDAPDisplayName ("pwdLastSet"), cn ("Pwd-Last-Set") or schemaIDGUID. */
export function findAttribute(nameOrGuid: string): AttributeSchema | undefined {
  return attributeByKey.get(lookupKey(nameOrGuid));
}

/**
 * A control access right by Windows display name ("Reset Password"), CN
 * ("User-Force-Change-Password"), Samba's display name or rightsGuid. Extended rights are preferred;
 * validated writes ("Add/Remove self as member") and property sets ("Account Restrictions") are
 * found too when no extended right has that name.
 */
export function findExtendedRight(nameOrGuid: string): ControlAccessRight | undefined {
  const k = lookupKey(nameOrGuid);
  return (
    rightsByKind.extendedRight.get(k) ?? rightsByKind.validatedWrite.get(k) ?? rightsByKind.propertySet.get(k)
  );
}

/** A property set by display name ("Account Restrictions"), CN ("User-Account-Restrictions") or GUID. */
export function findPropertySet(nameOrGuid: string): ControlAccessRight | undefined {
  return rightsByKind.propertySet.get(lookupKey(nameOrGuid));
}

/** A validated write by display name ("Validated write to service principal name"), CN or GUID. */
export function findValidatedWrite(nameOrGuid: string): ControlAccessRight | undefined {
  return rightsByKind.validatedWrite.get(lookupKey(nameOrGuid));
}

/** The attributes of a property set (by name or GUID): those whose attributeSecurityGUID is its rightsGuid. */
export function propertySetMembers(propertySet: string): readonly AttributeSchema[] {
  const ps = findPropertySet(propertySet);
  return (ps && propertySetMembersByGuid.get(ps.rightsGuid)) ?? [];
}

/**
 * The class and its superclasses, most derived first, ending with "top":
 * classChain("user") = ["user", "organizationalPerson", "person", "top"].
 * Throws for an unknown class (a typo here would silently change access decisions).
 */
export function classChain(className: string): string[] {
  const out: string[] = [];
  let c = findClass(className);
  if (!c) throw new Error(`unknown object class "${className}"`);
  for (;;) {
    out.push(c.ldapName);
    if (c.subClassOf === c.ldapName) break;
    const next = findClass(c.subClassOf);
    if (!next) break;
    c = next;
  }
  return out;
}

/** schemaIDGUIDs of classChain(className), in the same order. */
export function classGuidChain(className: string): string[] {
  return classChain(className).map((n) => (findClass(n) as ClassSchema).schemaIdGuid);
}

/** The class's defaultSecurityDescriptor SDDL as stored in the schema (aliases unresolved). */
export function defaultSecurityDescriptorSddl(className: string): string | undefined {
  return findClass(className)?.defaultSecurityDescriptor;
}

/** Everything a GUID names, in the order class, extended right, property set, attribute, validated write. */
export function lookupGuid(guid: string): GuidInfo[] {
  const g = normalizeGuidText(guid);
  if (!g) return [];
  const out: GuidInfo[] = [];
  const c = classByKey.get(g);
  if (c) out.push({ guid: g, kind: "class", name: c.ldapName, displayName: c.ldapName });
  for (const kind of ["extendedRight", "propertySet"] as const) {
    const r = rightsByKind[kind].get(g);
    if (r) out.push({ guid: g, kind, name: r.cn, displayName: r.displayName });
  }
  const a = attributeByKey.get(g);
  if (a) out.push({ guid: g, kind: "attribute", name: a.ldapName, displayName: a.ldapName });
  const v = rightsByKind.validatedWrite.get(g);
  if (v) out.push({ guid: g, kind: "validatedWrite", name: v.cn, displayName: v.displayName });
  return out;
}

/**
 * The name to show for a GUID found in an ACE, or undefined when we do not know it.
 * With the ACE's mask the ambiguous GUIDs resolve the way the ACE uses them: CR → extended right,
 * SW → validated write, RP/WP → attribute or property set, CC/DC → class.
 */
export function guidDisplayName(guid: string, mask?: number): string | undefined {
  const all = lookupGuid(guid);
  if (all.length === 0) return undefined;
  if (mask !== undefined) {
    const prefer: GuidKind[] = [];
    if (mask & AdRight.CONTROL_ACCESS) prefer.push("extendedRight");
    if (mask & AdRight.SELF) prefer.push("validatedWrite");
    if (mask & (AdRight.READ_PROPERTY | AdRight.WRITE_PROPERTY)) prefer.push("attribute", "propertySet");
    if (mask & (AdRight.CREATE_CHILD | AdRight.DELETE_CHILD)) prefer.push("class");
    for (const kind of prefer) {
      const hit = all.find((i) => i.kind === kind);
      if (hit) return hit.displayName;
    }
  }
  return all[0].displayName;
}

/** dsacls permission letters (dsacls /? "perm bits"), which are not SDDL's. */
const DSACLS_RIGHTS: Record<string, number> = {
  GR: AdRight.GENERIC_READ,
  GE: AdRight.GENERIC_EXECUTE,
  GW: AdRight.GENERIC_WRITE,
  GA: AdRight.GENERIC_ALL,
  SD: AdRight.DELETE,
  RC: AdRight.READ_CONTROL,
  WD: AdRight.WRITE_DAC,
  WO: AdRight.WRITE_OWNER,
  CC: AdRight.CREATE_CHILD,
  DC: AdRight.DELETE_CHILD,
  LC: AdRight.LIST_CHILDREN,
  WS: AdRight.SELF,
  WP: AdRight.WRITE_PROPERTY,
  RP: AdRight.READ_PROPERTY,
  CA: AdRight.CONTROL_ACCESS,
  LO: AdRight.LIST_OBJECT,
  DT: AdRight.DELETE_TREE,
};

/** Parse dsacls permission letters ("CA", "RPWP", "GA") into an access mask; throws on unknown letters. */
export function parseDsaclsRights(text: string): number {
  const t = text.trim().toUpperCase();
  if (t.length === 0 || t.length % 2 !== 0) throw new Error(`bad dsacls permission bits "${text}"`);
  let mask = 0;
  for (let i = 0; i < t.length; i += 2) {
    const bit = DSACLS_RIGHTS[t.slice(i, i + 2)];
    if (bit === undefined) throw new Error(`unknown dsacls permission "${t.slice(i, i + 2)}" in "${text}"`);
    mask |= bit;
  }
  return mask >>> 0;
}

export interface DsaclsObjectSpec {
  /** The ObjectType: extended right, validated write, attribute, property set or class. */
  objectType?: GuidInfo;
  /** The InheritedObjectType: always a class. */
  inheritedObjectType?: GuidInfo;
}

/**
 * Resolve the "<object type>;<inherited object type>" tail of a dsacls grant, e.g.
 * "Reset Password;user", "lockoutTime;user", ";user", "pwdLastSet". `mask` (the permission bits)
 * says which kind of name the object type is: CA → extended right, WS → validated write, RP/WP →
 * attribute or property set, CC/DC → class. Without a mask every kind is tried. Throws on unknown names.
 */
export function parseDsaclsObjectSpec(spec: string, mask?: number): DsaclsObjectSpec {
  const parts = spec.split(";");
  if (parts.length > 2) throw new Error(`bad dsacls object spec "${spec}": expected "<object type>;<class>"`);
  const [objText = "", inhText = ""] = parts.map((p) => p.trim());
  const out: DsaclsObjectSpec = {};
  if (objText) out.objectType = resolveObjectTypeName(objText, mask);
  if (inhText) {
    const c = findClass(inhText);
    if (!c) throw new Error(`unknown object class "${inhText}" in dsacls object spec "${spec}"`);
    out.inheritedObjectType = {
      guid: c.schemaIdGuid,
      kind: "class",
      name: c.ldapName,
      displayName: c.ldapName,
    };
  }
  return out;
}

/** Parse a whole dsacls permission statement "CA;Reset Password;user" into mask + object types. */
export function parseDsaclsPermission(text: string): DsaclsObjectSpec & { mask: number } {
  const i = text.indexOf(";");
  const rights = i < 0 ? text : text.slice(0, i);
  const mask = parseDsaclsRights(rights);
  return { mask, ...(i < 0 ? {} : parseDsaclsObjectSpec(text.slice(i + 1), mask)) };
}

function resolveObjectTypeName(name: string, mask?: number): GuidInfo {
  const guid = normalizeGuidText(name);
  if (guid) {
    const known = lookupGuid(guid);
    return known[0] ?? { guid, kind: "attribute", name: guid, displayName: guid };
  }
  const k = key(name);
  const tryKinds: GuidKind[] = [];
  const all = mask === undefined;
  if (all || mask & AdRight.CONTROL_ACCESS) tryKinds.push("extendedRight");
  if (all || mask & AdRight.SELF) tryKinds.push("validatedWrite");
  if (all || mask & (AdRight.READ_PROPERTY | AdRight.WRITE_PROPERTY))
    tryKinds.push("attribute", "propertySet");
  if (all || mask & (AdRight.CREATE_CHILD | AdRight.DELETE_CHILD)) tryKinds.push("class");
  for (const kind of tryKinds) {
    if (kind === "attribute") {
      const a = attributeByKey.get(k);
      if (a) return { guid: a.schemaIdGuid, kind, name: a.ldapName, displayName: a.ldapName };
    } else if (kind === "class") {
      const c = classByKey.get(k);
      if (c) return { guid: c.schemaIdGuid, kind, name: c.ldapName, displayName: c.ldapName };
    } else {
      const r = rightsByKind[kind].get(k);
      if (r) return { guid: r.rightsGuid, kind, name: r.cn, displayName: r.displayName };
    }
  }
  throw new Error(
    `unknown object type "${name}" (not an extended right, attribute, property set or class we know)`,
  );
}
