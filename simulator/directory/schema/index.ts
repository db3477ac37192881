/**
 * One view over the schema: our attribute table (syntaxes, flags, constructed attributes) merged
 * with the security engineers' AD schema facts (full may/must lists of the 2012 R2 schema,
 * schemaIDGUIDs, property sets). Attributes we don't list ourselves are taken from their data with
 * the syntax mapped from attributeSyntax (MS-ADTS 3.1.1.2.2.2).
 */
import { findAttribute, findClass } from "../../security/schema.ts";
import { ATTRIBUTES, type AttributeSchema } from "../../security/schema-data.ts";
import { type AttributeDef, getAttribute, type Syntax } from "./attributes.ts";
import { classChain, getClass, allowedAttributes as ownAllowed } from "./classes.ts";

export type { AttributeDef, Syntax } from "./attributes.ts";
export { type ClassDef, classChain, getClass, isSubclassOf, structuralClass } from "./classes.ts";

const SYNTAX_BY_OID: Record<string, Syntax> = {
  "2.5.5.1": "dn",
  "2.5.5.2": "oid",
  "2.5.5.4": "string",
  "2.5.5.5": "string",
  "2.5.5.6": "string",
  "2.5.5.7": "binary",
  "2.5.5.8": "bool",
  "2.5.5.9": "int",
  "2.5.5.10": "binary",
  "2.5.5.11": "time",
  "2.5.5.12": "string",
  "2.5.5.13": "binary",
  "2.5.5.14": "binary",
  "2.5.5.15": "sd",
  "2.5.5.16": "int64",
  "2.5.5.17": "sid",
};

const derived = new Map<string, AttributeDef | null>();

/** An attribute by name or OID, from our table or else from the AD schema facts. */
export function attributeDef(name: string): AttributeDef | undefined {
  const own = getAttribute(name);
  if (own) return own;
  const k = name.toLowerCase();
  const cached = derived.get(k);
  if (cached !== undefined) return cached ?? undefined;
  const a = findAttribute(name) ?? byOid(k);
  if (!a || /^[0-9a-f]{8}-/.test(k)) {
    derived.set(k, null);
    return undefined;
  }
  const def: AttributeDef = {
    name: a.ldapName,
    oid: a.attributeId,
    syntax: SYNTAX_BY_OID[a.attributeSyntax] ?? "string",
    single: a.singleValued,
    systemOnly: a.systemOnly,
    constructed: (a.systemFlags & 0x4) !== 0,
    neverRead: false,
    backLink: a.linkId !== undefined && a.linkId % 2 === 1,
    operational: false,
    attid: "0",
  };
  derived.set(k, def);
  return def;
}

let oidIndex: Map<string, AttributeSchema> | undefined;
/** An attribute of the AD schema facts by its attributeID (RFC 4512: an OID names the attribute). */
function byOid(oid: string): AttributeSchema | undefined {
  if (!/^\d+(\.\d+)+$/.test(oid)) return undefined;
  if (!oidIndex) {
    oidIndex = new Map();
    for (const a of ATTRIBUTES) oidIndex.set(a.attributeId, a);
  }
  return oidIndex.get(oid);
}

const allowedCache = new Map<string, { must: Set<string>; may: Set<string> }>();

/** Lower-cased must and may (may ⊇ must) attribute names for a structural class, aux classes included. */
export function allowedFor(className: string): { must: Set<string>; may: Set<string> } {
  const k = className.toLowerCase();
  const hit = allowedCache.get(k);
  if (hit) return hit;
  const own = ownAllowed(className);
  const must = new Set(own.must);
  const may = new Set(own.may);
  const seen = new Set<string>();
  const visit = (name: string) => {
    const c = findClass(name);
    if (!c || seen.has(c.ldapName)) return;
    seen.add(c.ldapName);
    for (const a of c.mayContain) may.add(a.toLowerCase());
    for (const a of c.mustContain) may.add(a.toLowerCase());
    for (const aux of c.auxiliaryClasses) visit(aux);
    if (c.subClassOf !== c.ldapName) visit(c.subClassOf);
  };
  visit(className);
  const v = { must, may };
  allowedCache.set(k, v);
  return v;
}

/** objectClass chain values as AD stores them (top first). */
export function objectClassValues(className: string): string[] {
  const own = classChain(className);
  if (own.length) return own.map((c) => c.name);
  return [className];
}

/** cn of a class for objectCategory DNs (user → Person). */
export function categoryCn(className: string): string | undefined {
  const c = getClass(className);
  if (c) return getClass(c.defaultCategory)?.cn ?? c.cn;
  return findClass(className)?.cn;
}

export function classSchemaIdGuid(className: string): string | undefined {
  return findClass(className)?.schemaIdGuid;
}
