/**
 * The "Applies to" list of ADUC's Permission Entry dialog, each option → ACE flags and
 * InheritedObjectType. MS-DTYP 2.4.4.1 (CI/IO/NP) and MS-ADTS 5.1.3.3.2 (InheritedObjectType limits
 * which class of descendant inherits the ACE).
 */
import { findClass } from "../../security/schema.ts";
import { AceFlag } from "../../security/types.ts";

export interface AppliesTo {
  flags: number;
  inheritedObjectType?: string;
  /** The class name for "Descendant X objects". */
  className?: string;
  /** ADUC's label, normalised. */
  label: string;
}

const FIXED: Record<string, { flags: number; label: string }> = {
  "this object only": { flags: 0, label: "This object only" },
  "this object and all descendant objects": {
    flags: AceFlag.CONTAINER_INHERIT,
    label: "This object and all descendant objects",
  },
  // Windows Server 2003 wording of the same two options.
  "this object and all child objects": {
    flags: AceFlag.CONTAINER_INHERIT,
    label: "This object and all descendant objects",
  },
  "all descendant objects": {
    flags: AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY,
    label: "All descendant objects",
  },
  "child objects only": {
    flags: AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY,
    label: "All descendant objects",
  },
};

/** ADUC shows class display names ("Organizational Unit", "InetOrgPerson"); map them to schema classes. */
function classFromLabel(label: string) {
  const candidates = [label, label.replace(/\s+/g, ""), label.replace(/\s+/g, "-")];
  for (const c of candidates) {
    const hit = findClass(c);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Resolves an "Applies to" label. `onlyWithinContainer` is the dialog's checkbox "Only apply these
 * permissions to objects and/or containers within this container" (NP).
 * Throws with the list of accepted labels when the label is unknown.
 */
export function resolveAppliesTo(label: string, onlyWithinContainer = false): AppliesTo {
  const t = label.trim().replace(/\s+/g, " ");
  const np = onlyWithinContainer ? AceFlag.NO_PROPAGATE_INHERIT : 0;
  const fixed = FIXED[t.toLowerCase()];
  if (fixed) return { flags: fixed.flags === 0 ? 0 : fixed.flags | np, label: fixed.label };
  const m = /^descendant (.+?) objects?$/i.exec(t);
  if (m) {
    const cls = classFromLabel(m[1]);
    if (!cls) throw new Error(`"Applies to: ${label}": no class "${m[1]}" in the schema`);
    return {
      flags: AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY | np,
      inheritedObjectType: cls.schemaIdGuid,
      className: cls.ldapName,
      label: `Descendant ${m[1]} objects`,
    };
  }
  throw new Error(
    `unknown "Applies to" option "${label}"; ADUC offers: This object only, This object and all descendant objects, All descendant objects, Descendant <class> objects (e.g. Descendant User objects)`,
  );
}

/** The label ADUC shows for an ACE's flags and InheritedObjectType (for listing entries). */
export function appliesToLabel(
  flags: number,
  inheritedObjectType: string | undefined,
  className?: string,
): string {
  const ci = (flags & AceFlag.CONTAINER_INHERIT) !== 0;
  const io = (flags & AceFlag.INHERIT_ONLY) !== 0;
  if (inheritedObjectType) {
    const name = className ?? findClass(inheritedObjectType)?.cn ?? inheritedObjectType;
    return io ? `Descendant ${name} objects` : `This object and descendant ${name} objects`;
  }
  if (!ci) return "This object only";
  return io ? "All descendant objects" : "This object and all descendant objects";
}
