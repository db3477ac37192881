/**
 * The security listing dsacls prints: Owner/Group, "Access list:" (the ACEs effective on the object),
 * "Permissions inherited to subobjects are:" (inheritable ACEs, grouped "Inherited to all sub-objects"
 * and "Inherited to <class>"), names in DOMAIN\name form, rights in dsacls' words (including its
 * own "READ PERMISSONS" spelling), "<Inherited from parent>" marks and the 38-column layout.
 */

import { isDeny } from "../../security/acl-edit.ts";
import { findClass, guidDisplayName } from "../../security/schema.ts";
import { AceFlag, AdRight, type KnownAce, SdControl, type SecurityDescriptor } from "../../security/types.ts";

/** The column where dsacls starts the rights of an entry. */
export const DSACLS_COLUMN = 38;
const COLUMN = DSACLS_COLUMN;

export const DSACLS_FULL_CONTROL = 0x000f01ff;
const FULL_CONTROL = DSACLS_FULL_CONTROL;
export const GENERIC_READ_DS =
  AdRight.READ_CONTROL | AdRight.LIST_CHILDREN | AdRight.READ_PROPERTY | AdRight.LIST_OBJECT;
export const GENERIC_WRITE_DS = AdRight.READ_CONTROL | AdRight.SELF | AdRight.WRITE_PROPERTY;

/** Rights lines in the order dsacls prints them. */
export const RIGHT_WORDS: readonly [number, string][] = [
  [AdRight.DELETE, "DELETE"],
  [AdRight.READ_CONTROL, "READ PERMISSONS"],
  [AdRight.WRITE_DAC, "WRITE PERMISSIONS"],
  [AdRight.WRITE_OWNER, "CHANGE OWNERSHIP"],
  [AdRight.CREATE_CHILD, "CREATE CHILD"],
  [AdRight.DELETE_CHILD, "DELETE CHILD"],
  [AdRight.LIST_CHILDREN, "LIST CONTENTS"],
  [AdRight.SELF, "WRITE SELF"],
  [AdRight.WRITE_PROPERTY, "WRITE PROPERTY"],
  [AdRight.READ_PROPERTY, "READ PROPERTY"],
  [AdRight.DELETE_TREE, "DELETE TREE"],
  [AdRight.LIST_OBJECT, "LIST OBJECT"],
  [AdRight.CONTROL_ACCESS, "CONTROL ACCESS"],
];

export type SidNamer = (sid: string) => string;

function accessLines(ace: KnownAce): string[] {
  const mask = ace.mask >>> 0;
  if (!ace.objectType) {
    if ((mask & FULL_CONTROL) === FULL_CONTROL || mask & AdRight.GENERIC_ALL) return ["FULL CONTROL"];
    if (mask === GENERIC_READ_DS || mask === AdRight.GENERIC_READ) return ["GENERIC READ"];
    if (mask === GENERIC_WRITE_DS || mask === AdRight.GENERIC_WRITE) return ["GENERIC WRITE"];
    return ["SPECIAL ACCESS", ...RIGHT_WORDS.filter(([b]) => mask & b).map(([, w]) => w)];
  }
  const name = guidDisplayName(ace.objectType, mask) ?? ace.objectType;
  const words = RIGHT_WORDS.filter(([b]) => mask & b && b !== AdRight.CONTROL_ACCESS).map(([, w]) => w);
  return [`SPECIAL ACCESS for ${name}`, ...words];
}

function entry(ace: KnownAce, name: SidNamer, inheritedMark: boolean): string[] {
  const deny = isDeny(ace);
  const head = `${deny ? "Deny" : "Allow"} ${name(ace.sid)}`;
  const lines = accessLines(ace);
  const mark = inheritedMark && ace.flags & AceFlag.INHERITED ? "   <Inherited from parent>" : "";
  const out: string[] = [];
  if (head.length < COLUMN) out.push(`${head.padEnd(COLUMN)}${lines[0]}${mark}`);
  else out.push(head, `${" ".repeat(COLUMN)}${lines[0]}${mark}`);
  for (const l of lines.slice(1)) out.push(`${" ".repeat(COLUMN)}${l}`);
  return out;
}

function isAccessAce(a: unknown): a is KnownAce {
  const ace = a as KnownAce;
  return ace.kind === "known" && [0, 1, 5, 6].includes(ace.type);
}

export function formatDsaclsListing(sd: SecurityDescriptor, name: SidNamer): string[] {
  const out: string[] = [];
  if (sd.owner) out.push(`Owner: ${name(sd.owner)}`);
  if (sd.group) out.push(`Group: ${name(sd.group)}`);
  out.push("", "Access list:");
  if (sd.control & SdControl.DACL_PROTECTED) {
    out.push("{This object is protected from inheriting permissions from the parent}");
  }
  const aces = (sd.dacl?.aces ?? []).filter(isAccessAce);
  for (const a of aces) if (!(a.flags & AceFlag.INHERIT_ONLY)) out.push(...entry(a, name, true));
  const inheritable = aces.filter((a) => a.flags & AceFlag.CONTAINER_INHERIT);
  if (inheritable.length > 0) {
    out.push("", "Permissions inherited to subobjects are:");
    const groups = new Map<string, KnownAce[]>();
    for (const a of inheritable) {
      const k = a.inheritedObjectType ?? "";
      groups.set(k, [...(groups.get(k) ?? []), a]);
    }
    for (const [iot, list] of groups) {
      out.push(iot ? `Inherited to ${findClass(iot)?.ldapName ?? iot}` : "Inherited to all sub-objects");
      for (const a of list) out.push(...entry(a, name, true));
    }
  }
  return out;
}
