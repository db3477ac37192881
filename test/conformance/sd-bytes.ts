/**
 * Just enough of the self-relative security descriptor format (MS-DTYP 2.4.6) for the conformance
 * suite to add, remove and list ACEs over LDAP. Deliberately independent of simulator/security/:
 * the suite is an oracle for that code and must not share its bugs.
 */

/** MS-DTYP 2.4.2.2: binary SID -> "S-1-5-21-…". */
export function sidToString(buf: Buffer, offset = 0): string {
  const revision = buf[offset];
  const count = buf[offset + 1];
  const authority = buf.readUIntBE(offset + 2, 6);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(buf.readUInt32LE(offset + 8 + 4 * i));
  return [`S-${revision}-${authority}`, ...subs].join("-");
}

export function sidLength(buf: Buffer, offset = 0): number {
  return 8 + 4 * buf[offset + 1];
}

export function sidToBytes(sid: string): Buffer {
  const parts = sid.split("-");
  if (parts[0] !== "S" || parts.length < 3) throw new Error(`not a SID: ${sid}`);
  const subs = parts.slice(3).map(Number);
  const out = Buffer.alloc(8 + 4 * subs.length);
  out[0] = Number(parts[1]);
  out[1] = subs.length;
  out.writeUIntBE(Number(parts[2]), 2, 6);
  subs.forEach((s, i) => {
    out.writeUInt32LE(s, 8 + 4 * i);
  });
  return out;
}

/** MS-DTYP 2.3.4.2: GUID in its mixed-endian packet form. */
export function guidToBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a GUID: ${guid}`);
  const b = Buffer.from(hex, "hex");
  return Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(),
    Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(),
    b.subarray(8),
  ]);
}

export function guidFromBytes(buf: Buffer, offset: number): string {
  const b = buf.subarray(offset, offset + 16);
  const h = (x: Buffer) => x.toString("hex");
  return [
    h(Buffer.from(b.subarray(0, 4)).reverse()),
    h(Buffer.from(b.subarray(4, 6)).reverse()),
    h(Buffer.from(b.subarray(6, 8)).reverse()),
    h(b.subarray(8, 10)),
    h(b.subarray(10, 16)),
  ].join("-");
}

// MS-DTYP 2.4.4.1 ACE types used here.
export const ACCESS_ALLOWED = 0x00;
export const ACCESS_DENIED = 0x01;
export const ACCESS_ALLOWED_OBJECT = 0x05;
export const ACCESS_DENIED_OBJECT = 0x06;
// MS-DTYP 2.4.4.1 ACE flags.
export const CONTAINER_INHERIT = 0x02;
export const INHERIT_ONLY = 0x08;
export const INHERITED = 0x10;
// MS-DTYP 2.4.6 SECURITY_DESCRIPTOR control bits.
export const SE_DACL_PROTECTED = 0x1000;

export interface Ace {
  type: number;
  flags: number;
  mask: number;
  objectType?: string;
  inheritedObjectType?: string;
  sid: string;
}

const isObjectType = (t: number) => t >= 0x05 && t <= 0x08;

export function encodeAce(ace: Ace): Buffer {
  const sid = sidToBytes(ace.sid);
  const parts: Buffer[] = [];
  const mask = Buffer.alloc(4);
  mask.writeUInt32LE(ace.mask >>> 0);
  parts.push(mask);
  if (isObjectType(ace.type)) {
    // MS-DTYP 2.4.4.3: Flags says which of the two GUIDs follow.
    const flags = Buffer.alloc(4);
    flags.writeUInt32LE((ace.objectType ? 1 : 0) | (ace.inheritedObjectType ? 2 : 0));
    parts.push(flags);
    if (ace.objectType) parts.push(guidToBytes(ace.objectType));
    if (ace.inheritedObjectType) parts.push(guidToBytes(ace.inheritedObjectType));
  }
  parts.push(sid);
  const body = Buffer.concat(parts);
  const header = Buffer.from([ace.type, ace.flags, 0, 0]);
  header.writeUInt16LE(4 + body.length, 2);
  return Buffer.concat([header, body]);
}

export function decodeAce(buf: Buffer, offset: number): { ace: Ace; size: number } {
  const type = buf[offset];
  const flags = buf[offset + 1];
  const size = buf.readUInt16LE(offset + 2);
  const mask = buf.readUInt32LE(offset + 4);
  let p = offset + 8;
  const ace: Ace = { type, flags, mask, sid: "" };
  if (isObjectType(type)) {
    const objFlags = buf.readUInt32LE(p);
    p += 4;
    if (objFlags & 1) {
      ace.objectType = guidFromBytes(buf, p);
      p += 16;
    }
    if (objFlags & 2) {
      ace.inheritedObjectType = guidFromBytes(buf, p);
      p += 16;
    }
  }
  ace.sid = sidToString(buf, p);
  return { ace, size };
}

export interface DaclDescriptor {
  control: number;
  /** ACEs of the DACL, or undefined when the SD has none. */
  aces?: Ace[];
  hasOwner: boolean;
  hasGroup: boolean;
  hasSacl: boolean;
  aclRevision?: number;
}

/** Reads a self-relative SD (MS-DTYP 2.4.6), keeping the DACL's ACEs. */
export function decodeSd(buf: Buffer): DaclDescriptor {
  const control = buf.readUInt16LE(2);
  const owner = buf.readUInt32LE(4);
  const group = buf.readUInt32LE(8);
  const sacl = buf.readUInt32LE(12);
  const dacl = buf.readUInt32LE(16);
  const out: DaclDescriptor = { control, hasOwner: owner !== 0, hasGroup: group !== 0, hasSacl: sacl !== 0 };
  if (dacl !== 0) {
    out.aclRevision = buf[dacl];
    const count = buf.readUInt16LE(dacl + 4);
    const aces: Ace[] = [];
    let p = dacl + 8;
    for (let i = 0; i < count; i++) {
      const { ace, size } = decodeAce(buf, p);
      aces.push(ace);
      p += size;
    }
    out.aces = aces;
  }
  return out;
}

/** A self-relative SD holding only a DACL, as written with LDAP_SERVER_SD_FLAGS = 4. */
export function encodeDaclOnlySd(control: number, aces: Ace[], aclRevision = 4): Buffer {
  const body = Buffer.concat(aces.map(encodeAce));
  const acl = Buffer.alloc(8);
  acl[0] = aclRevision;
  acl.writeUInt16LE(8 + body.length, 2);
  acl.writeUInt16LE(aces.length, 4);
  const header = Buffer.alloc(20);
  header[0] = 1;
  // SE_SELF_RELATIVE | SE_DACL_PRESENT, plus the caller's inheritance bits.
  header.writeUInt16LE((control | 0x8004) & 0xffff, 2);
  header.writeUInt32LE(20, 16);
  return Buffer.concat([header, acl, body]);
}

const typeNames: Record<number, string> = { 0: "A", 1: "D", 5: "OA", 6: "OD", 2: "AU", 7: "OU" };

/** A compact, SDDL-like rendering used in golden files: "OA;CIID;0x100;<guid>;<guid>;<sid>". */
export function aceToText(ace: Ace): string {
  const flags = [
    [0x01, "OI"],
    [0x02, "CI"],
    [0x04, "NP"],
    [0x08, "IO"],
    [0x10, "ID"],
    [0x40, "SA"],
    [0x80, "FA"],
  ]
    .filter(([bit]) => ace.flags & (bit as number))
    .map(([, n]) => n)
    .join("");
  const type = typeNames[ace.type] ?? `0x${ace.type.toString(16)}`;
  return [
    type,
    flags,
    `0x${ace.mask.toString(16)}`,
    ace.objectType ?? "",
    ace.inheritedObjectType ?? "",
    ace.sid,
  ].join(";");
}
