/**
 * Per-attribute replication metadata (MS-ADTS 3.1.1.1.9 "attribute stamps"; MS-DRSR 5.11
 * AttributeStamp): for every replicated attribute of an object, the version (1 at creation, +1 per
 * originating write), the invocationId of the DC that made the last originating write, its USN and
 * time there, and the USN at which this DC applied it (usnLocalChange).
 *
 * Stored compactly: an attribute written when its object was created has the creation stamp
 * (version 1, this DC, uSNCreated, whenCreated), which is implied and costs nothing; only attributes
 * written later carry a stamp in Entry.meta. A removed attribute keeps its stamp (its version goes on
 * counting), as AD keeps metadata for absent attributes.
 *
 * Read over LDAP as the constructed attribute msDS-ReplAttributeMetaData (MS-ADTS 3.1.1.4.5.x,
 * MS-ADA2 2.444): one value per attribute, the XML form of DS_REPL_ATTR_META_DATA_2, in attribute-ID
 * order, as a Windows DC returns it (values seen in captures: a tab before each element, newlines,
 * a trailing NUL).
 */
import { ATTRIBUTES } from "../../security/schema-data.ts";
import type { Entry } from "../entry.ts";
import { attidOf } from "../schema/attributes.ts";
import { attributeDef } from "../schema/index.ts";

export interface AttrStamp {
  version: number;
  /** invocationId of the DC that made the last originating write (GUID string). */
  invocationId: string;
  originatingUsn: number;
  /** ms since the epoch (second precision, as FILETIME stamps are compared). */
  originatingTime: number;
  localUsn: number;
}

const systemFlagsByName = new Map<string, number>();
for (const a of ATTRIBUTES) systemFlagsByName.set(a.ldapName.toLowerCase(), a.systemFlags);

/** Not in the schema facts but never replicated or never stamped. */
const NOT_STAMPED = new Set(
  ["memberof", "distinguishedname", "objectguid", "uSNCreated", "uSNChanged"].map((s) => s.toLowerCase()),
);

/**
 * Whether writes to an attribute originate replication (and get a stamp): not FLAG_ATTR_NOT_REPLICATED
 * (systemFlags 0x1: badPwdCount, lastLogon, uSNChanged, whenChanged, …) and not constructed.
 */
export function isReplicated(attrLower: string): boolean {
  if (NOT_STAMPED.has(attrLower)) return false;
  const flags = systemFlagsByName.get(attrLower);
  if (flags !== undefined) return (flags & 0x1) === 0 && (flags & 0x4) === 0;
  const def = attributeDef(attrLower);
  return !!def && !def.constructed && !def.backLink;
}

/** The password-derived attributes a password write stamps (MS-SAMR 3.1.1.8.x via MS-ADTS). */
export const PASSWORD_STAMPED = [
  "dBCSPwd",
  "unicodePwd",
  "ntPwdHistory",
  "lmPwdHistory",
  "supplementalCredentials",
];
/** nTSecurityDescriptor lives in Entry.sd, not in the attribute map. */
export const SD_ATTRIBUTE = "nTSecurityDescriptor";

/**
 * Attributes an originating write changed between `before` and `after` (lower-case names), by
 * value: rewriting an attribute with the values it holds is no change (Samba's repl_meta_data skips
 * it too). Non-replicated attributes are left out.
 */
export function changedAttributes(before: Entry, after: Entry): string[] {
  const out: string[] = [];
  for (const [k, a] of after.attrs) {
    const old = before.attrs.get(k);
    if (old === a || !isReplicated(k)) continue;
    if (old && sameValues(old.values, a.values)) continue;
    out.push(a.name);
  }
  for (const [k, a] of before.attrs) if (!after.attrs.has(k) && isReplicated(k)) out.push(a.name);
  if (before.sd !== after.sd) out.push(SD_ATTRIBUTE);
  if (before.secrets?.hash !== after.secrets?.hash) out.push(...PASSWORD_STAMPED);
  return out;
}

function sameValues(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!a[i].equals(b[i])) return false;
  return true;
}

/** The stamp an attribute carries: its own, or the creation stamp. */
export function stampOf(e: Entry, attrLower: string, ownInvocationId: string): AttrStamp {
  const own = e.meta?.get(attrLower);
  if (own) return own;
  const usn = Number(e.attrs.get("usncreated")?.values[0]?.toString() ?? 0);
  const when = e.attrs.get("whencreated")?.values[0]?.toString();
  return {
    version: 1,
    invocationId: ownInvocationId,
    originatingUsn: usn,
    originatingTime: when ? parseGeneralizedTime(when) : 0,
    localUsn: usn,
  };
}

/** New stamps after an originating write of `names` at `usn`/`time` on the DC `invocationId`. */
export function restamp(
  e: Entry,
  names: string[],
  usn: number,
  time: number,
  invocationId: string,
): ReadonlyMap<string, AttrStamp> {
  const meta = new Map(e.meta ?? []);
  const t = Math.floor(time / 1000) * 1000;
  for (const n of names) {
    const k = n.toLowerCase();
    const prev = meta.get(k) ?? (wasStampedAtCreation(e, k) ? stampOf(e, k, invocationId) : undefined);
    meta.set(k, {
      version: (prev?.version ?? 0) + 1,
      invocationId,
      originatingUsn: usn,
      originatingTime: t,
      localUsn: usn,
    });
  }
  return meta;
}

/** Whether an attribute had the implied creation stamp before this write (present, or a password). */
function wasStampedAtCreation(e: Entry, k: string): boolean {
  if (e.attrs.has(k)) return true;
  if (k === SD_ATTRIBUTE.toLowerCase()) return true;
  return isAccount(e) && PASSWORD_STAMPED.some((p) => p.toLowerCase() === k);
}

/**
 * Accounts get their password attributes written when they are created, with or without a
 * password (the SAM sets an empty one), so a later reset is their version 2.
 */
function isAccount(e: Entry): boolean {
  return e.attrs.has("useraccountcontrol");
}

/** Every stamped attribute of an entry, in attribute-ID order (how AD lists replPropertyMetaData). */
export function metadataOf(e: Entry, ownInvocationId: string): { name: string; stamp: AttrStamp }[] {
  const names = new Map<string, string>();
  for (const [k, a] of e.attrs) if (isReplicated(k)) names.set(k, a.name);
  names.set(SD_ATTRIBUTE.toLowerCase(), SD_ATTRIBUTE);
  if (isAccount(e)) for (const p of PASSWORD_STAMPED) names.set(p.toLowerCase(), p);
  for (const k of e.meta?.keys() ?? []) if (!names.has(k)) names.set(k, attributeDef(k)?.name ?? k);
  const out = [...names].map(([k, name]) => ({ name, stamp: stampOf(e, k, ownInvocationId), id: attid(k) }));
  out.sort((a, b) => a.id - b.id || a.name.localeCompare(b.name));
  return out.map(({ name, stamp }) => ({ name, stamp }));
}

function attid(k: string): number {
  const def = attributeDef(k);
  const n = def ? Number.parseInt(attidOf(def.oid), 16) : Number.NaN;
  // attidOf answers "0" for an OID outside the prefix table; objectClass (2.5.4.0) is a real 0.
  return Number.isNaN(n) || (n === 0 && def?.oid !== "2.5.4.0") ? Number.MAX_SAFE_INTEGER : n;
}

/** "20260105090000.0Z" → ms since the epoch. */
function parseGeneralizedTime(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : 0;
}

/** ISO 8601 in UTC to the second, as AD prints ftimeLastOriginatingChange. */
function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** One msDS-ReplAttributeMetaData value (DS_REPL_ATTR_META_DATA_2 as XML). */
export function formatAttributeMetaData(name: string, s: AttrStamp, originatingDsaDn: string): string {
  return (
    "<DS_REPL_ATTR_META_DATA>\n" +
    `\t<pszAttributeName>${name}</pszAttributeName>\n` +
    `\t<dwVersion>${s.version}</dwVersion>\n` +
    `\t<ftimeLastOriginatingChange>${isoSeconds(s.originatingTime)}</ftimeLastOriginatingChange>\n` +
    `\t<uuidLastOriginatingDsaInvocationID>${s.invocationId}</uuidLastOriginatingDsaInvocationID>\n` +
    `\t<usnOriginatingChange>${s.originatingUsn}</usnOriginatingChange>\n` +
    `\t<usnLocalChange>${s.localUsn}</usnLocalChange>\n` +
    `\t<pszLastOriginatingDsaDN>${originatingDsaDn}</pszLastOriginatingDsaDN>\n` +
    "</DS_REPL_ATTR_META_DATA>\n\0"
  );
}
