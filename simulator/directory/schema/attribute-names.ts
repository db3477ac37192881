/**
 * What attribute a client names. RFC 4512 2.5 lets an attribute description be the attribute's
 * numeric OID or its lDAPDisplayName, either followed by options (`;binary`, RFC 4522; `;range=…`,
 * MS-ADTS 3.1.1.3.1.3.3). All of these name ONE attribute, and everything in the directory — access
 * checks, password semantics, audit, redaction, storage — must see that one attribute, never the
 * spelling: `replace: 1.2.840.113556.1.4.90` IS a unicodePwd write (issue 12, item 1).
 *
 * So every request is resolved here first (the job of Samba's resolve_oids module, first in its
 * chain) and the rest of the directory only ever sees lDAPDisplayNames.
 */
import { type AttributeDef, attributeDef } from "./index.ts";

export interface ResolvedAttributeType {
  /** The schema's definition, when the name (or OID) is known. */
  def: AttributeDef | undefined;
  /** lDAPDisplayName when known ("unicodePwd"); otherwise the base of what was sent, options removed. */
  name: string;
  /** Options after the first ";", lower-cased ("binary", "range=0-1499"). */
  options: string[];
  /** True when the client named the attribute by OID or with options: not its plain lDAPDisplayName. */
  indirect: boolean;
}

const NUMERIC_OID = /^\d+(?:\.\d+)+$/;

/**
 * clearTextPassword is not in AD's schema; Samba's password_hash module accepts it (UTF-16LE, no
 * quotes) as a password attribute of its own. It has no OID, so only its name resolves to it.
 */
export const CLEAR_TEXT_PASSWORD = "clearTextPassword";

const cache = new Map<string, ResolvedAttributeType>();

export function resolveAttributeType(type: string): ResolvedAttributeType {
  const hit = cache.get(type);
  if (hit) return hit;
  const trimmed = type.trim();
  const semi = trimmed.indexOf(";");
  const base = semi < 0 ? trimmed : trimmed.slice(0, semi);
  const options =
    semi < 0
      ? []
      : trimmed
          .slice(semi + 1)
          .split(";")
          .map((o) => o.trim().toLowerCase())
          .filter(Boolean);
  const def = attributeDef(base);
  const name = def?.name ?? (base.toLowerCase() === "cleartextpassword" ? CLEAR_TEXT_PASSWORD : base);
  const indirect = options.length > 0 || (NUMERIC_OID.test(base) && def !== undefined);
  const r: ResolvedAttributeType = { def, name, options, indirect };
  if (cache.size < 10_000) cache.set(type, r);
  return r;
}

/** The lDAPDisplayName for a requested attribute, lower-cased (search selections and filters). */
export function canonicalLower(type: string): string {
  return resolveAttributeType(type).name.toLowerCase();
}

/** True when a name is a numeric OID (a requested "1.1" is not an attribute). */
export function isNumericOid(s: string): boolean {
  return NUMERIC_OID.test(s);
}
