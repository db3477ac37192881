/**
 * Self-relative SECURITY_DESCRIPTOR, ACL and ACE binary codec (MS-DTYP 2.4.6, 2.4.5, 2.4.4).
 *
 * Decoding accepts any valid self-relative SD, including the partial ones AD returns under the
 * LDAP_SERVER_SD_FLAGS control (e.g. DACL only, no owner/group). Every structural fault throws a
 * SecurityDescriptorDecodeError naming the byte offset; nothing deeper (RangeError, undefined
 * reads) escapes, and no loop runs past the input. Encoding writes the layout Windows produces
 * (RtlMakeSelfRelativeSD): the 20-byte header, then SACL, DACL, owner, group.
 *
 * ACE types we evaluate (KnownAce: 0x00-0x02, 0x05-0x07) are decoded into fields and must be
 * exactly as long as their content; every other type is kept byte-for-byte as an OpaqueAce.
 */
import { SecurityDescriptorDecodeError, SecurityDescriptorEncodeError } from "./errors.ts";
import { guidFromBytes, writeGuid } from "./guid.ts";
import { parseSidParts, type SidParts, sidFromBytes, writeSidParts } from "./sid.ts";
import type { Ace, Acl, KnownAce, KnownAceType, OpaqueAce, SecurityDescriptor } from "./types.ts";
import { SdControl } from "./types.ts";

const SD_HEADER = 20;
const ACL_HEADER = 8;
/** MS-DTYP 2.4.4.3 ACCESS_ALLOWED_OBJECT_ACE Flags. */
const ACE_OBJECT_TYPE_PRESENT = 0x1;
const ACE_INHERITED_OBJECT_TYPE_PRESENT = 0x2;

function u16(b: Uint8Array, o: number): number {
  return (b[o] as number) | ((b[o + 1] as number) << 8);
}

function u32(b: Uint8Array, o: number): number {
  return (
    ((b[o] as number) |
      ((b[o + 1] as number) << 8) |
      ((b[o + 2] as number) << 16) |
      ((b[o + 3] as number) << 24)) >>>
    0
  );
}

function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}

function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/** True for the ACE types whose fields we decode. */
export function isKnownAceType(type: number): type is KnownAceType {
  return type <= 0x02 || (type >= 0x05 && type <= 0x07);
}

/** True for the object ACE types (they carry ObjectType / InheritedObjectType GUIDs). */
export function isObjectAceType(type: number): boolean {
  return (
    type === 0x05 ||
    type === 0x06 ||
    type === 0x07 ||
    type === 0x08 ||
    type === 0x0b ||
    type === 0x0c ||
    type === 0x0f ||
    type === 0x10
  );
}

/**
 * Decodes one ACE at `offset`; `limit` is the end of the enclosing ACL. Returns the ACE and its
 * size in bytes (AceSize from its header).
 */
export function decodeAce(buf: Uint8Array, offset = 0, limit = buf.length): { ace: Ace; length: number } {
  if (offset + 4 > limit) {
    throw new SecurityDescriptorDecodeError(
      offset,
      `ACE header truncated: needs 4 bytes, ${Math.max(0, limit - offset)} left in the ACL`,
    );
  }
  const type = buf[offset] as number;
  const flags = buf[offset + 1] as number;
  const size = u16(buf, offset + 2);
  if (size < 4)
    throw new SecurityDescriptorDecodeError(
      offset + 2,
      `ACE size ${size} is smaller than the 4-byte ACE header`,
    );
  if (offset + size > limit) {
    throw new SecurityDescriptorDecodeError(
      offset + 2,
      `ACE size ${size} runs past the end of the ACL (${limit - offset} bytes left)`,
    );
  }
  const end = offset + size;
  if (!isKnownAceType(type)) {
    // A copy: an OpaqueAce owns its bytes (Buffer#slice would share the caller's memory).
    const opaque: OpaqueAce = {
      kind: "opaque",
      type,
      flags,
      bytes: new Uint8Array(buf.subarray(offset, end)),
    };
    return { ace: opaque, length: size };
  }
  if (offset + 8 > end)
    throw new SecurityDescriptorDecodeError(
      offset + 2,
      `ACE size ${size} leaves no room for the access mask`,
    );
  const mask = u32(buf, offset + 4);
  let p = offset + 8;
  let objectType: string | undefined;
  let inheritedObjectType: string | undefined;
  const isObject = type >= 0x05;
  if (isObject) {
    if (p + 4 > end)
      throw new SecurityDescriptorDecodeError(
        p,
        `object ACE size ${size} leaves no room for its Flags field`,
      );
    const objFlags = u32(buf, p);
    if ((objFlags & ~3) !== 0) {
      throw new SecurityDescriptorDecodeError(
        p,
        `object ACE Flags 0x${objFlags.toString(16)} has bits other than OBJECT_TYPE_PRESENT (1) and INHERITED_OBJECT_TYPE_PRESENT (2)`,
      );
    }
    p += 4;
    if (objFlags & ACE_OBJECT_TYPE_PRESENT) {
      if (p + 16 > end)
        throw new SecurityDescriptorDecodeError(
          p,
          `object ACE size ${size} too small for its ObjectType GUID`,
        );
      objectType = guidFromBytes(buf, p);
      p += 16;
    }
    if (objFlags & ACE_INHERITED_OBJECT_TYPE_PRESENT) {
      if (p + 16 > end)
        throw new SecurityDescriptorDecodeError(
          p,
          `object ACE size ${size} too small for its InheritedObjectType GUID`,
        );
      inheritedObjectType = guidFromBytes(buf, p);
      p += 16;
    }
  }
  const { sid, length: sidLen } = sidFromBytes(buf, p, end);
  if (p + sidLen !== end) {
    throw new SecurityDescriptorDecodeError(
      offset + 2,
      `ACE size ${size} disagrees with its content (${p + sidLen - offset} bytes)`,
    );
  }
  const ace: KnownAce = { kind: "known", type, flags, mask, sid };
  if (objectType !== undefined) ace.objectType = objectType;
  if (inheritedObjectType !== undefined) ace.inheritedObjectType = inheritedObjectType;
  return { ace, length: size };
}

/** Decodes the ACL at `offset` (bounded by `limit`, default the end of the buffer). */
export function decodeAcl(buf: Uint8Array, offset = 0, limit = buf.length): Acl {
  if (offset + ACL_HEADER > limit) {
    throw new SecurityDescriptorDecodeError(
      offset,
      `ACL header truncated: needs 8 bytes, ${Math.max(0, limit - offset)} available`,
    );
  }
  const revision = buf[offset] as number;
  if (revision < 2 || revision > 4) {
    throw new SecurityDescriptorDecodeError(
      offset,
      `ACL revision is ${revision}, expected 2 (ACL_REVISION) or 4 (ACL_REVISION_DS)`,
    );
  }
  const size = u16(buf, offset + 2);
  const count = u16(buf, offset + 4);
  if (size < ACL_HEADER)
    throw new SecurityDescriptorDecodeError(
      offset + 2,
      `ACL size ${size} is smaller than the 8-byte ACL header`,
    );
  if (offset + size > limit) {
    throw new SecurityDescriptorDecodeError(
      offset + 2,
      `ACL size ${size} runs past the end of the data (${limit - offset} bytes available)`,
    );
  }
  if (count * 4 > size - ACL_HEADER) {
    throw new SecurityDescriptorDecodeError(
      offset + 4,
      `ACE count ${count} cannot fit in an ACL of ${size} bytes`,
    );
  }
  const end = offset + size;
  const aces: Ace[] = new Array(count);
  let p = offset + ACL_HEADER;
  for (let i = 0; i < count; i++) {
    const r = decodeAce(buf, p, end);
    aces[i] = r.ace;
    p += r.length;
  }
  return { revision, aces };
}

/** Decodes a self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6). */
export function decodeSecurityDescriptor(buf: Uint8Array): SecurityDescriptor {
  if (buf.length < SD_HEADER) {
    throw new SecurityDescriptorDecodeError(
      0,
      `security descriptor truncated: the header needs 20 bytes, got ${buf.length}`,
    );
  }
  const revision = buf[0] as number;
  if (revision !== 1)
    throw new SecurityDescriptorDecodeError(0, `security descriptor revision is ${revision}, expected 1`);
  const rmControl = buf[1] as number;
  const control = u16(buf, 2);
  const offOwner = u32(buf, 4);
  const offGroup = u32(buf, 8);
  const offSacl = u32(buf, 12);
  const offDacl = u32(buf, 16);
  const check = (off: number, field: number, what: string): void => {
    if (off !== 0 && (off < SD_HEADER || off >= buf.length)) {
      throw new SecurityDescriptorDecodeError(
        field,
        `${what} offset ${off} is outside the descriptor (valid: 20..${buf.length - 1}, or 0 for none)`,
      );
    }
  };
  check(offOwner, 4, "owner");
  check(offGroup, 8, "group");
  const saclPresent = (control & SdControl.SACL_PRESENT) !== 0;
  const daclPresent = (control & SdControl.DACL_PRESENT) !== 0;
  if (saclPresent) check(offSacl, 12, "SACL");
  if (daclPresent) check(offDacl, 16, "DACL");
  return {
    revision,
    rmControl,
    control,
    owner: offOwner === 0 ? null : sidFromBytes(buf, offOwner).sid,
    group: offGroup === 0 ? null : sidFromBytes(buf, offGroup).sid,
    sacl: saclPresent && offSacl !== 0 ? decodeAcl(buf, offSacl) : null,
    dacl: daclPresent && offDacl !== 0 ? decodeAcl(buf, offDacl) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Encoding

interface PreparedAce {
  ace: Ace;
  size: number;
  sid?: SidParts;
}

function prepareAce(ace: Ace, where: string): PreparedAce {
  if (ace.kind === "opaque") {
    if (ace.bytes.length < 4 || ace.bytes.length > 0xffff) {
      throw new SecurityDescriptorEncodeError(
        `${where}: opaque ACE of type 0x${ace.type.toString(16)} has ${ace.bytes.length} bytes (4..65535 allowed)`,
      );
    }
    return { ace, size: ace.bytes.length };
  }
  if (!isKnownAceType(ace.type)) {
    throw new SecurityDescriptorEncodeError(
      `${where}: ACE type 0x${Number((ace as Ace).type).toString(16)} cannot be a known ACE (use an opaque ACE)`,
    );
  }
  const isObject = ace.type >= 0x05;
  if (!isObject && (ace.objectType !== undefined || ace.inheritedObjectType !== undefined)) {
    throw new SecurityDescriptorEncodeError(
      `${where}: ACE type 0x${ace.type.toString(16)} is not an object ACE but has an object type GUID`,
    );
  }
  let sid: SidParts;
  try {
    sid = parseSidParts(ace.sid);
  } catch (err) {
    throw new SecurityDescriptorEncodeError(`${where}: ${(err as Error).message}`);
  }
  let size = 8 + 8 + 4 * sid.subAuthorities.length;
  if (isObject) {
    size += 4;
    if (ace.objectType !== undefined) size += 16;
    if (ace.inheritedObjectType !== undefined) size += 16;
  }
  return { ace, size, sid };
}

function writeAce(p: PreparedAce, out: Uint8Array, o: number, where: string): void {
  const ace = p.ace;
  if (ace.kind === "opaque") {
    out.set(ace.bytes, o);
    // The type and flags fields are authoritative (inheritance may have changed the flags).
    out[o] = ace.type;
    out[o + 1] = ace.flags;
    put16(out, o + 2, p.size);
    return;
  }
  out[o] = ace.type;
  out[o + 1] = ace.flags;
  put16(out, o + 2, p.size);
  put32(out, o + 4, ace.mask);
  let q = o + 8;
  try {
    if (ace.type >= 0x05) {
      put32(out, q, (ace.objectType !== undefined ? 1 : 0) | (ace.inheritedObjectType !== undefined ? 2 : 0));
      q += 4;
      if (ace.objectType !== undefined) {
        writeGuid(ace.objectType, out, q);
        q += 16;
      }
      if (ace.inheritedObjectType !== undefined) {
        writeGuid(ace.inheritedObjectType, out, q);
        q += 16;
      }
    }
  } catch (err) {
    throw new SecurityDescriptorEncodeError(`${where}: ${(err as Error).message}`);
  }
  writeSidParts(p.sid as SidParts, out, q);
}

interface PreparedAcl {
  acl: Acl;
  aces: PreparedAce[];
  size: number;
}

function prepareAcl(acl: Acl, name: string): PreparedAcl {
  if (!Number.isInteger(acl.revision) || acl.revision < 0 || acl.revision > 255) {
    throw new SecurityDescriptorEncodeError(`${name} revision ${acl.revision} is not a byte`);
  }
  if (acl.aces.length > 0xffff)
    throw new SecurityDescriptorEncodeError(`${name} has ${acl.aces.length} ACEs (at most 65535)`);
  const aces = acl.aces.map((a, i) => prepareAce(a, `${name} ACE #${i}`));
  const size = aces.reduce((n, a) => n + a.size, ACL_HEADER);
  if (size > 0xffff)
    throw new SecurityDescriptorEncodeError(`${name} would be ${size} bytes (an ACL holds at most 65535)`);
  return { acl, aces, size };
}

function writeAcl(p: PreparedAcl, out: Uint8Array, o: number, name: string): void {
  out[o] = p.acl.revision;
  out[o + 1] = 0;
  put16(out, o + 2, p.size);
  put16(out, o + 4, p.aces.length);
  put16(out, o + 6, 0);
  let q = o + ACL_HEADER;
  p.aces.forEach((a, i) => {
    writeAce(a, out, q, `${name} ACE #${i}`);
    q += a.size;
  });
}

/** Encodes one ACE. */
export function encodeAce(ace: Ace): Buffer {
  const p = prepareAce(ace, "ACE");
  const out = Buffer.alloc(p.size);
  writeAce(p, out, 0, "ACE");
  return out;
}

/** Encodes one ACL (header and ACEs). */
export function encodeAcl(acl: Acl): Buffer {
  const p = prepareAcl(acl, "ACL");
  const out = Buffer.alloc(p.size);
  writeAcl(p, out, 0, "ACL");
  return out;
}

function sidParts(sid: string, what: string): SidParts {
  try {
    return parseSidParts(sid);
  } catch (err) {
    throw new SecurityDescriptorEncodeError(`${what}: ${(err as Error).message}`);
  }
}

/**
 * Encodes a self-relative SD in Windows' layout (header, SACL, DACL, owner, group). The control
 * word is written as given; an ACL given without its *_PRESENT bit is refused rather than dropped.
 */
export function encodeSecurityDescriptor(sd: SecurityDescriptor): Buffer {
  if (sd.revision !== 1) throw new SecurityDescriptorEncodeError(`revision ${sd.revision} (only 1 exists)`);
  if (!Number.isInteger(sd.control) || sd.control < 0 || sd.control > 0xffff) {
    throw new SecurityDescriptorEncodeError(
      `control 0x${Number(sd.control).toString(16)} is not a 16-bit value`,
    );
  }
  if (sd.sacl !== null && (sd.control & SdControl.SACL_PRESENT) === 0) {
    throw new SecurityDescriptorEncodeError("a SACL is given but control lacks SACL_PRESENT (0x0010)");
  }
  if (sd.dacl !== null && (sd.control & SdControl.DACL_PRESENT) === 0) {
    throw new SecurityDescriptorEncodeError("a DACL is given but control lacks DACL_PRESENT (0x0004)");
  }
  const sacl = sd.sacl === null ? null : prepareAcl(sd.sacl, "SACL");
  const dacl = sd.dacl === null ? null : prepareAcl(sd.dacl, "DACL");
  const owner = sd.owner === null ? null : sidParts(sd.owner, "owner");
  const group = sd.group === null ? null : sidParts(sd.group, "group");
  let size = SD_HEADER;
  const offSacl = sacl ? size : 0;
  size += sacl ? sacl.size : 0;
  const offDacl = dacl ? size : 0;
  size += dacl ? dacl.size : 0;
  const offOwner = owner ? size : 0;
  size += owner ? 8 + 4 * owner.subAuthorities.length : 0;
  const offGroup = group ? size : 0;
  size += group ? 8 + 4 * group.subAuthorities.length : 0;
  const out = Buffer.alloc(size);
  out[0] = sd.revision;
  out[1] = sd.rmControl & 0xff;
  put16(out, 2, sd.control);
  put32(out, 4, offOwner);
  put32(out, 8, offGroup);
  put32(out, 12, offSacl);
  put32(out, 16, offDacl);
  if (sacl) writeAcl(sacl, out, offSacl, "SACL");
  if (dacl) writeAcl(dacl, out, offDacl, "DACL");
  if (owner) writeSidParts(owner, out, offOwner);
  if (group) writeSidParts(group, out, offGroup);
  return out;
}
