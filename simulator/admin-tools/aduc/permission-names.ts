/**
 * The names ADUC's Permission Entry dialog shows on its Permissions and Properties lists, → access
 * mask and ObjectType GUID. Generic entries (Full control, Read all properties, …) have no object
 * type; extended rights ("Reset password"), validated writes, property sets ("Read/Write Account
 * Restrictions") and single properties ("Write lockoutTime") do. Rights: MS-ADTS 5.1.3.2.
 */
import {
  findAttribute,
  findClass,
  findExtendedRight,
  findPropertySet,
  findValidatedWrite,
} from "../../security/schema.ts";
import { AdRight } from "../../security/types.ts";

export interface PermissionBits {
  mask: number;
  objectType?: string;
  /** What the name resolved to, for messages. */
  label: string;
}

const R = AdRight;
/** "Full control" as the ACL editor writes it: the specific DS rights, not GENERIC_ALL (0x000F01FF). */
export const FULL_CONTROL =
  R.CREATE_CHILD |
  R.DELETE_CHILD |
  R.LIST_CHILDREN |
  R.SELF |
  R.READ_PROPERTY |
  R.WRITE_PROPERTY |
  R.DELETE_TREE |
  R.LIST_OBJECT |
  R.CONTROL_ACCESS |
  R.DELETE |
  R.READ_CONTROL |
  R.WRITE_DAC |
  R.WRITE_OWNER;

const GENERIC: Record<string, number> = {
  "full control": FULL_CONTROL,
  "list contents": R.LIST_CHILDREN,
  "read all properties": R.READ_PROPERTY,
  "write all properties": R.WRITE_PROPERTY,
  delete: R.DELETE,
  "delete subtree": R.DELETE_TREE,
  "read permissions": R.READ_CONTROL,
  "modify permissions": R.WRITE_DAC,
  "modify owner": R.WRITE_OWNER,
  "all validated writes": R.SELF,
  "all extended rights": R.CONTROL_ACCESS,
  "create all child objects": R.CREATE_CHILD,
  "delete all child objects": R.DELETE_CHILD,
  "list object": R.LIST_OBJECT,
  // The basic view's "Read" and "Write" (GENERIC_READ/WRITE as DS rights, MS-ADTS 5.1.3.3.4).
  read: R.READ_CONTROL | R.LIST_CHILDREN | R.READ_PROPERTY | R.LIST_OBJECT,
  write: R.SELF | R.WRITE_PROPERTY,
};

/** Resolves one entry of the Permissions list (generic, extended right, validated write, create/delete child, property set). */
export function resolvePermission(name: string): PermissionBits {
  const t = name.trim().replace(/\s+/g, " ");
  const lower = t.toLowerCase();
  const g = GENERIC[lower];
  if (g !== undefined) return { mask: g >>> 0, label: t };
  const cd = /^(create|delete) (.+?) objects$/i.exec(t);
  if (cd) {
    const cls = findClass(cd[2]) ?? findClass(cd[2].replace(/\s+/g, "-"));
    if (!cls) throw new Error(`Permission "${name}": no class "${cd[2]}" in the schema`);
    return {
      mask: cd[1].toLowerCase() === "create" ? R.CREATE_CHILD : R.DELETE_CHILD,
      objectType: cls.schemaIdGuid,
      label: t,
    };
  }
  const prop = resolveProperty(t, true);
  if (prop) return prop;
  const vw = findValidatedWrite(t);
  if (vw) return { mask: R.SELF, objectType: vw.rightsGuid, label: vw.displayName };
  const er = findExtendedRight(t);
  if (er && er.kind === "extendedRight")
    return { mask: R.CONTROL_ACCESS, objectType: er.rightsGuid, label: er.displayName };
  throw new Error(
    `unknown permission "${name}"; use ADUC's names, e.g. Full control, Read all properties, Reset password, Change password, Unexpire Password`,
  );
}

/**
 * Resolves one entry of the Properties list: "Read X", "Write X" or "Read/write X" for an attribute
 * ("Write lockoutTime") or a property set ("Write Account Restrictions").
 */
export function resolveProperty(name: string, quiet = false): PermissionBits | undefined {
  const t = name.trim().replace(/\s+/g, " ");
  const m = /^(read\/write|read|write) (.+)$/i.exec(t);
  if (m) {
    const verb = m[1].toLowerCase();
    const mask =
      verb === "read"
        ? R.READ_PROPERTY
        : verb === "write"
          ? R.WRITE_PROPERTY
          : R.READ_PROPERTY | R.WRITE_PROPERTY;
    const attr = findAttribute(m[2]);
    if (attr) return { mask, objectType: attr.schemaIdGuid, label: `${m[1]} ${attr.ldapName}` };
    const ps = findPropertySet(m[2]);
    if (ps) return { mask, objectType: ps.rightsGuid, label: `${m[1]} ${ps.displayName}` };
  }
  if (quiet) return undefined;
  throw new Error(
    `unknown property entry "${name}"; use "Read <attribute>" or "Write <attribute>", e.g. Write lockoutTime`,
  );
}

/**
 * Groups permission bits into the ACEs ADUC writes: one ACE for all generic bits, one per object type
 * (read and write of the same property share an ACE).
 */
export function groupByObjectType(bits: readonly PermissionBits[]): { mask: number; objectType?: string }[] {
  const byType = new Map<string, number>();
  for (const b of bits)
    byType.set(b.objectType ?? "", ((byType.get(b.objectType ?? "") ?? 0) | b.mask) >>> 0);
  return [...byType].map(([t, mask]) => (t ? { mask, objectType: t } : { mask }));
}
