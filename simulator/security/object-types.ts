/**
 * Object type lists (MS-DTYP 2.5.3.2 OBJECT_TYPE_LIST, "object type tree") for directory access
 * checks, built the way MS-ADTS 5.1.3.3.3/5.1.3.3.4 describes:
 *
 *   level 0  the object's class (its schemaIDGUID)
 *   level 1  a property set (attributeSecurityGUID), or an extended right / validated write,
 *            or an attribute that belongs to no property set, or a child class (CC/DC)
 *   level 2  an attribute of that property set
 *
 * An object ACE whose ObjectType is a node applies to that node and everything below it, so a grant
 * of WP on User-Account-Restrictions covers pwdLastSet, and a deny on it denies pwdLastSet; an ACE
 * without ObjectType (or a plain ACE) applies to the whole tree. Samba builds the same three-level
 * tree (libcli/security/object_tree.c, dsdb acl module).
 */

import { type AttributeSchema, findAttribute, findClass, findExtendedRight } from "./schema.ts";

export interface ObjectTypeNode {
  /** 0 = the object's class, 1 = property set / right / lone attribute / child class, 2 = attribute. */
  level: number;
  /** lowercase GUID. */
  guid: string;
  /** What the node is, for traces and explanations. */
  kind?: "class" | "propertySet" | "attribute" | "extendedRight" | "validatedWrite" | "childClass";
  /** Display name, for traces and explanations. */
  name?: string;
}

function classNode(objectClass: string): ObjectTypeNode {
  const c = findClass(objectClass);
  if (!c) throw new Error(`unknown object class "${objectClass}"`);
  return { level: 0, guid: c.schemaIdGuid, kind: "class", name: c.ldapName };
}

function attributeOrThrow(attribute: string): AttributeSchema {
  const a = findAttribute(attribute);
  if (!a) throw new Error(`unknown attribute "${attribute}" (not in simulator/security/schema-data.ts)`);
  return a;
}

/** The object alone: [class]. Object ACEs with an ObjectType other than the class do not apply. */
export function treeForObject(objectClass: string): ObjectTypeNode[] {
  return [classNode(objectClass)];
}

/** [class, property set, attribute], or [class, attribute] for an attribute in no property set. */
export function treeForAttribute(objectClass: string, attribute: string): ObjectTypeNode[] {
  const a = attributeOrThrow(attribute);
  const root = classNode(objectClass);
  if (!a.propertySet) return [root, { level: 1, guid: a.schemaIdGuid, kind: "attribute", name: a.ldapName }];
  const ps = findExtendedRight(a.propertySet);
  return [
    root,
    { level: 1, guid: a.propertySet, kind: "propertySet", name: ps?.displayName ?? a.propertySet },
    { level: 2, guid: a.schemaIdGuid, kind: "attribute", name: a.ldapName },
  ];
}

/** [class, right] for an extended right or validated write, by name or rightsGuid. */
export function treeForControlAccessRight(objectClass: string, right: string): ObjectTypeNode[] {
  const r = findExtendedRight(right);
  if (!r) throw new Error(`unknown extended right "${right}"`);
  const kind =
    r.kind === "validatedWrite"
      ? "validatedWrite"
      : r.kind === "propertySet"
        ? "propertySet"
        : "extendedRight";
  return [classNode(objectClass), { level: 1, guid: r.rightsGuid, kind, name: r.displayName }];
}

/** [parent class, child class] for CREATE_CHILD / DELETE_CHILD of a given class. */
export function treeForChildClass(parentClass: string, childClass: string): ObjectTypeNode[] {
  const c = findClass(childClass);
  if (!c) throw new Error(`unknown object class "${childClass}"`);
  return [classNode(parentClass), { level: 1, guid: c.schemaIdGuid, kind: "childClass", name: c.ldapName }];
}

/** True when each node is the only child of the one before it (levels 0, 1, 2, …). */
export function isChain(tree: readonly ObjectTypeNode[]): boolean {
  for (let i = 0; i < tree.length; i++) if (tree[i].level !== i) return false;
  return true;
}
