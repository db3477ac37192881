/**
 * The security-descriptor data model shared by the binary codec, SDDL, access check and inheritance.
 * MS-DTYP 2.4.4 (ACE), 2.4.5 (ACL), 2.4.6 (SECURITY_DESCRIPTOR). Pure data: no LDAP, no I/O.
 *
 * SIDs are carried as their canonical string form ("S-1-5-21-…-512"); GUIDs as lowercase
 * "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" strings. Binary forms live only in the codec.
 */

/** ACE types (MS-DTYP 2.4.4.1). */
export const AceType = {
  ACCESS_ALLOWED: 0x00,
  ACCESS_DENIED: 0x01,
  SYSTEM_AUDIT: 0x02,
  SYSTEM_ALARM: 0x03,
  ACCESS_ALLOWED_COMPOUND: 0x04,
  ACCESS_ALLOWED_OBJECT: 0x05,
  ACCESS_DENIED_OBJECT: 0x06,
  SYSTEM_AUDIT_OBJECT: 0x07,
  SYSTEM_ALARM_OBJECT: 0x08,
  ACCESS_ALLOWED_CALLBACK: 0x09,
  ACCESS_DENIED_CALLBACK: 0x0a,
  ACCESS_ALLOWED_CALLBACK_OBJECT: 0x0b,
  ACCESS_DENIED_CALLBACK_OBJECT: 0x0c,
  SYSTEM_AUDIT_CALLBACK: 0x0d,
  SYSTEM_ALARM_CALLBACK: 0x0e,
  SYSTEM_AUDIT_CALLBACK_OBJECT: 0x0f,
  SYSTEM_ALARM_CALLBACK_OBJECT: 0x10,
  SYSTEM_MANDATORY_LABEL: 0x11,
  SYSTEM_RESOURCE_ATTRIBUTE: 0x12,
  SYSTEM_SCOPED_POLICY_ID: 0x13,
} as const;

/** The ACE types we decode into fields; everything else is carried as an OpaqueAce. */
export type KnownAceType = 0x00 | 0x01 | 0x02 | 0x05 | 0x06 | 0x07;

/** ACE header flags (MS-DTYP 2.4.4.1). */
export const AceFlag = {
  OBJECT_INHERIT: 0x01, // OI
  CONTAINER_INHERIT: 0x02, // CI
  NO_PROPAGATE_INHERIT: 0x04, // NP
  INHERIT_ONLY: 0x08, // IO
  INHERITED: 0x10, // ID
  SUCCESSFUL_ACCESS: 0x40, // SA
  FAILED_ACCESS: 0x80, // FA
} as const;

/** SECURITY_DESCRIPTOR control bits (MS-DTYP 2.4.6). */
export const SdControl = {
  OWNER_DEFAULTED: 0x0001,
  GROUP_DEFAULTED: 0x0002,
  DACL_PRESENT: 0x0004,
  DACL_DEFAULTED: 0x0008,
  SACL_PRESENT: 0x0010,
  SACL_DEFAULTED: 0x0020,
  DACL_TRUSTED: 0x0040,
  SERVER_SECURITY: 0x0080,
  DACL_AUTO_INHERIT_REQ: 0x0100,
  SACL_AUTO_INHERIT_REQ: 0x0200,
  DACL_AUTO_INHERITED: 0x0400,
  SACL_AUTO_INHERITED: 0x0800,
  DACL_PROTECTED: 0x1000,
  SACL_PROTECTED: 0x2000,
  RM_CONTROL_VALID: 0x4000,
  SELF_RELATIVE: 0x8000,
} as const;

/** Directory-service access rights (MS-ADTS 5.1.3.2) and the standard/generic bits (MS-DTYP 2.4.3). */
export const AdRight = {
  CREATE_CHILD: 0x00000001, // CC
  DELETE_CHILD: 0x00000002, // DC
  LIST_CHILDREN: 0x00000004, // LC
  SELF: 0x00000008, // SW (validated write)
  READ_PROPERTY: 0x00000010, // RP
  WRITE_PROPERTY: 0x00000020, // WP
  DELETE_TREE: 0x00000040, // DT
  LIST_OBJECT: 0x00000080, // LO
  CONTROL_ACCESS: 0x00000100, // CR
  DELETE: 0x00010000, // SD
  READ_CONTROL: 0x00020000, // RC
  WRITE_DAC: 0x00040000, // WD
  WRITE_OWNER: 0x00080000, // WO
  ACCESS_SYSTEM_SECURITY: 0x01000000,
  MAXIMUM_ALLOWED: 0x02000000,
  GENERIC_ALL: 0x10000000, // GA
  GENERIC_EXECUTE: 0x20000000, // GX
  GENERIC_WRITE: 0x40000000, // GW
  GENERIC_READ: 0x80000000, // GR
} as const;

/** An ACE whose fields we decode and evaluate: (OBJECT_)ACCESS_ALLOWED/DENIED and (OBJECT_)SYSTEM_AUDIT. */
export interface KnownAce {
  kind: "known";
  type: KnownAceType;
  flags: number;
  /** ACCESS_MASK as an unsigned 32-bit number. */
  mask: number;
  /** Trustee SID, canonical string form. */
  sid: string;
  /** Object ACE types only: the ObjectType GUID (property, property set, extended right or class), if present. */
  objectType?: string;
  /** Object ACE types only: the InheritedObjectType GUID (the class the ACE is limited to), if present. */
  inheritedObjectType?: string;
}

/**
 * Any other ACE type (callback, conditional, mandatory label, resource attribute, …): the whole ACE,
 * header included, exactly as it was on the wire. Never dropped or altered.
 */
export interface OpaqueAce {
  kind: "opaque";
  type: number;
  flags: number;
  bytes: Uint8Array;
}

export type Ace = KnownAce | OpaqueAce;

export interface Acl {
  /** 2 (ACL_REVISION) or 4 (ACL_REVISION_DS, needed when object ACEs are present). */
  revision: number;
  aces: Ace[];
}

/**
 * A security descriptor, independent of its encoding.
 * `dacl === null` with DACL_PRESENT set is a NULL DACL (grants everyone everything);
 * DACL_PRESENT clear means "no DACL" (as in the partial SDs AD returns under the SD-flags control).
 */
export interface SecurityDescriptor {
  revision: number;
  /** The Sbz1 / RM control byte (meaningful when RM_CONTROL_VALID is set). */
  rmControl: number;
  control: number;
  owner: string | null;
  group: string | null;
  sacl: Acl | null;
  dacl: Acl | null;
}
