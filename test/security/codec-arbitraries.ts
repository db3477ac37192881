/**
 * fast-check generators of security descriptors for the codec property tests and the Samba
 * differential test. `sddlSd` generates only SDs that SDDL can express exactly (so
 * SD → SDDL → SD is the identity); `binarySd` generates anything the binary form carries
 * (opaque ACE types, any control bits, any ACE flags, large identifier authorities).
 */
import fc from "fast-check";
import type {
  Ace,
  Acl,
  KnownAce,
  KnownAceType,
  OpaqueAce,
  SecurityDescriptor,
} from "../../simulator/security/types.ts";

export const SAMBA_DOMAIN_SID = "S-1-5-21-2505225072-1339010360-3064522927";

const FIXED_SIDS = [
  "S-1-1-0",
  "S-1-3-0",
  "S-1-3-1",
  "S-1-3-4",
  "S-1-5-7",
  "S-1-5-9",
  "S-1-5-10",
  "S-1-5-11",
  "S-1-5-18",
  "S-1-5-32-544",
  "S-1-5-32-545",
  "S-1-5-32-548",
  "S-1-5-32-554",
  "S-1-5-32-557",
  "S-1-5-32-560",
  "S-1-5-32-580",
  "S-1-15-2-1",
  "S-1-16-4096",
  "S-1-16-12288",
  "S-1-18-2",
  "S-1-5-84-0-0-0-0-0",
  "S-1-5",
  "S-1-0-0",
];

const DOMAIN_RIDS = [
  498, 500, 501, 502, 512, 513, 514, 515, 516, 517, 518, 519, 520, 521, 522, 525, 526, 527, 553, 1109, 1000,
];

const u32 = fc.integer({ min: 0, max: 0xffffffff });

export interface SidOptions {
  /** Allow identifier authorities ≥ 2^32 (printed as 0x…). */
  largeAuthority?: boolean;
}

export function sidArb(domainSid: string, opts: SidOptions = {}): fc.Arbitrary<string> {
  const random = fc
    .tuple(
      opts.largeAuthority
        ? fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 48 - 1 }))
        : fc.integer({ min: 0, max: 40 }),
      fc.array(u32, { minLength: 0, maxLength: 15 }),
    )
    .map(([auth, subs]) => {
      const a = auth > 0xffffffff ? `0x${auth.toString(16).padStart(12, "0")}` : String(auth);
      return `S-1-${a}${subs.map((s) => `-${s}`).join("")}`;
    });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...FIXED_SIDS) },
    { weight: 4, arbitrary: fc.constantFrom(...DOMAIN_RIDS).map((r) => `${domainSid}-${r}`) },
    {
      weight: 1,
      arbitrary: fc.tuple(u32, u32, u32, u32).map(([a, b, c, r]) => `S-1-5-21-${a}-${b}-${c}-${r}`),
    },
    { weight: 2, arbitrary: random },
  );
}

const LETTERED = [
  0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x10000, 0x20000, 0x40000, 0x80000, 0x10000000,
  0x20000000, 0x40000000, 0x80000000,
];

export const maskArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.subarray(LETTERED).map((bits) => bits.reduce((m, b) => (m | b) >>> 0, 0)) },
  { weight: 1, arbitrary: u32 },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      0xf01ff,
      0x20094,
      0x1f01ff,
      0x120089,
      0xf003f,
      0x20006,
      0x20019,
      0x100,
      0x1200a9,
    ),
  },
);

const guidArb = fc.uuid({ version: [1, 2, 3, 4, 5] });

export interface AceOptions extends SidOptions {
  /** Include SDDL-expressible opaque types (AL, OL, ML, SP). */
  sddlOpaque?: boolean;
  /** Include SYSTEM_MANDATORY_LABEL (0x11) and SCOPED_POLICY_ID (0x13) among sddlOpaque. */
  labels?: boolean;
  /** Any ACE flag byte (binary only) instead of the SDDL letters' bits. */
  anyFlags?: boolean;
  /** Opaque ACEs of any type with random bodies (binary only). */
  anyOpaque?: boolean;
  /** Masks to leave out (e.g. composite letters a peer can't parse). */
  excludeMasks?: readonly number[];
}

const SDDL_FLAG_BITS = [0x01, 0x02, 0x04, 0x08, 0x10, 0x40, 0x80];

function buildSimpleOpaque(
  type: number,
  flags: number,
  mask: number,
  sidBytes: Uint8Array,
  guids?: [string?, string?],
): OpaqueAce {
  const objectPart = guids === undefined ? 0 : 4 + (guids[0] ? 16 : 0) + (guids[1] ? 16 : 0);
  const size = 8 + objectPart + sidBytes.length;
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  b[0] = type;
  b[1] = flags;
  dv.setUint16(2, size, true);
  dv.setUint32(4, mask >>> 0, true);
  let p = 8;
  if (guids !== undefined) {
    dv.setUint32(p, (guids[0] ? 1 : 0) | (guids[1] ? 2 : 0), true);
    p += 4;
    for (const g of guids) {
      if (!g) continue;
      b.set(Buffer.from(guidBytes(g)), p);
      p += 16;
    }
  }
  b.set(sidBytes, p);
  return { kind: "opaque", type, flags, bytes: b };
}

/** Windows mixed-endian GUID bytes, written independently of the codec under test. */
function guidBytes(g: string): Uint8Array {
  const h = g.replace(/-/g, "");
  const raw = Buffer.from(h, "hex");
  return Uint8Array.from([
    raw[3],
    raw[2],
    raw[1],
    raw[0],
    raw[5],
    raw[4],
    raw[7],
    raw[6],
    ...raw.subarray(8),
  ] as number[]);
}

/** SID bytes, written independently of the codec under test. */
function sidBytes(sid: string): Uint8Array {
  const parts = sid.split("-").slice(2);
  const auth = parts[0]?.startsWith("0x") ? Number.parseInt(parts[0].slice(2), 16) : Number(parts[0]);
  const subs = parts.slice(1).map(Number);
  const b = Buffer.alloc(8 + 4 * subs.length);
  b[0] = 1;
  b[1] = subs.length;
  b.writeUIntBE(auth, 2, 6);
  subs.forEach((s, i) => {
    b.writeUInt32LE(s, 8 + 4 * i);
  });
  return b;
}

export function aceArb(domainSid: string, opts: AceOptions = {}): fc.Arbitrary<Ace> {
  const flagsArb = opts.anyFlags
    ? fc.integer({ min: 0, max: 255 })
    : fc.subarray(SDDL_FLAG_BITS).map((bits) => bits.reduce((m, b) => m | b, 0));
  const mask = opts.excludeMasks ? maskArb.filter((m) => !opts.excludeMasks?.includes(m)) : maskArb;
  const known: fc.Arbitrary<Ace> = fc
    .record({
      type: fc.constantFrom<KnownAceType>(0x00, 0x01, 0x02, 0x05, 0x06, 0x07),
      flags: flagsArb,
      mask,
      sid: sidArb(domainSid, opts),
      objectType: fc.option(guidArb, { nil: undefined }),
      inheritedObjectType: fc.option(guidArb, { nil: undefined }),
    })
    .map((r) => {
      const ace: KnownAce = { kind: "known", type: r.type, flags: r.flags, mask: r.mask, sid: r.sid };
      if (r.type >= 0x05) {
        if (r.objectType !== undefined) ace.objectType = r.objectType;
        if (r.inheritedObjectType !== undefined) ace.inheritedObjectType = r.inheritedObjectType;
      }
      return ace;
    });
  const arbs: fc.Arbitrary<Ace>[] = [known];
  if (opts.sddlOpaque) {
    const types = opts.labels ? [0x03, 0x08, 0x11, 0x13] : [0x03, 0x08];
    arbs.push(
      fc
        .record({
          type: fc.constantFrom(...types),
          flags: flagsArb,
          mask,
          sid: sidArb(domainSid, opts),
          g1: fc.option(guidArb, { nil: undefined }),
          g2: fc.option(guidArb, { nil: undefined }),
        })
        .map((r) =>
          buildSimpleOpaque(
            r.type,
            r.flags,
            r.mask,
            sidBytes(r.sid),
            r.type === 0x08 ? [r.g1, r.g2] : undefined,
          ),
        ),
    );
  }
  if (opts.anyOpaque) {
    arbs.push(
      fc
        .record({
          type: fc.integer({ min: 0, max: 255 }).filter((t) => !(t <= 2 || (t >= 5 && t <= 7))),
          flags: fc.integer({ min: 0, max: 255 }),
          body: fc.uint8Array({ minLength: 0, maxLength: 40 }),
        })
        .map((r): OpaqueAce => {
          const b = new Uint8Array(4 + r.body.length);
          b[0] = r.type;
          b[1] = r.flags;
          b[2] = b.length & 0xff;
          b[3] = b.length >> 8;
          b.set(r.body, 4);
          return { kind: "opaque", type: r.type, flags: r.flags, bytes: b };
        }),
    );
  }
  return arbs.length === 1
    ? known
    : fc.oneof({ weight: 4, arbitrary: known }, ...arbs.slice(1).map((a) => ({ weight: 1, arbitrary: a })));
}

/** Windows' ACL revision rule: 4 when any object ACE is present, else 2. */
export function windowsAclRevision(aces: readonly Ace[]): number {
  return aces.some((a) => a.type === 0x05 || a.type === 0x06 || a.type === 0x07 || a.type === 0x08) ? 4 : 2;
}

function aclArb(domainSid: string, opts: AceOptions, maxAces: number): fc.Arbitrary<Acl> {
  return fc
    .array(aceArb(domainSid, opts), { maxLength: maxAces })
    .map((aces) => ({ revision: windowsAclRevision(aces), aces }));
}

export interface SdOptions extends AceOptions {
  /** Allow NULL DACL / SACL (present with no ACL). */
  nullAcls?: boolean;
  maxAces?: number;
}

/** SDs that SDDL expresses exactly (control = SELF_RELATIVE + present bits + P/AI/AR of present ACLs). */
export function sddlSd(domainSid: string, opts: SdOptions = {}): fc.Arbitrary<SecurityDescriptor> {
  const maxAces = opts.maxAces ?? 8;
  const aclOrNone = fc.oneof(
    { weight: 1, arbitrary: fc.constant<"absent">("absent") },
    { weight: opts.nullAcls ? 1 : 0, arbitrary: fc.constant<"null">("null") },
    { weight: 4, arbitrary: aclArb(domainSid, opts, maxAces) },
  );
  return fc
    .record({
      owner: fc.option(sidArb(domainSid, opts), { nil: null }),
      group: fc.option(sidArb(domainSid, opts), { nil: null }),
      dacl: aclOrNone,
      sacl: aclOrNone,
      dFlags: fc.subarray([0x1000, 0x0400, 0x0100]),
      sFlags: fc.subarray([0x2000, 0x0800, 0x0200]),
    })
    .map((r) => {
      let control = 0x8000;
      if (r.dacl !== "absent") control |= 0x0004 | r.dFlags.reduce((a, b) => a | b, 0);
      if (r.sacl !== "absent") control |= 0x0010 | r.sFlags.reduce((a, b) => a | b, 0);
      return {
        revision: 1,
        rmControl: 0,
        control,
        owner: r.owner,
        group: r.group,
        dacl: r.dacl === "absent" || r.dacl === "null" ? null : r.dacl,
        sacl: r.sacl === "absent" || r.sacl === "null" ? null : r.sacl,
      };
    });
}

/** Anything the binary form carries: any control bits, RM byte, opaque ACEs, any ACL revision 2..4. */
export function binarySd(domainSid: string): fc.Arbitrary<SecurityDescriptor> {
  const opts: AceOptions = {
    anyFlags: true,
    anyOpaque: true,
    sddlOpaque: true,
    labels: true,
    largeAuthority: true,
  };
  const acl = fc.record({
    revision: fc.integer({ min: 2, max: 4 }),
    aces: fc.array(aceArb(domainSid, opts), { maxLength: 10 }),
  });
  return fc
    .record({
      rmControl: fc.integer({ min: 0, max: 255 }),
      control: fc.integer({ min: 0, max: 0xffff }),
      owner: fc.option(sidArb(domainSid, opts), { nil: null }),
      group: fc.option(sidArb(domainSid, opts), { nil: null }),
      dacl: fc.option(acl, { nil: null }),
      sacl: fc.option(acl, { nil: null }),
    })
    .map((r) => {
      // An ACL exists only with its *_PRESENT bit (the data model's rule).
      const dacl = r.control & 0x0004 ? r.dacl : null;
      const sacl = r.control & 0x0010 ? r.sacl : null;
      return {
        revision: 1,
        rmControl: r.rmControl,
        control: r.control,
        owner: r.owner,
        group: r.group,
        dacl,
        sacl,
      };
    });
}
