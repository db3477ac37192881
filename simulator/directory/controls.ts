/**
 * The request controls the directory implements, decoded from their BER values (MS-ADTS 3.1.1.3.4.1).
 * The LDAP layer rejects unknown critical controls before the directory is called; this module only
 * interprets the ones in SUPPORTED_CONTROLS.
 */
import type { Control } from "./api.ts";

export const OID = {
  SD_FLAGS: "1.2.840.113556.1.4.801",
  TREE_DELETE: "1.2.840.113556.1.4.805",
  EXTENDED_DN: "1.2.840.113556.1.4.529",
  POLICY_HINTS: "1.2.840.113556.1.4.2239",
  POLICY_HINTS_DEPRECATED: "1.2.840.113556.1.4.2066",
  SHOW_DELETED: "1.2.840.113556.1.4.417",
  LAZY_COMMIT: "1.2.840.113556.1.4.619",
  PERMISSIVE_MODIFY: "1.2.840.113556.1.4.1413",
  DOMAIN_SCOPE: "1.2.840.113556.1.4.1339",
  PAGED_RESULTS: "1.2.840.113556.1.4.319",
} as const;

/** Controls the directory itself implements (the LDAP layer adds paged results). */
export function supportedControlsFor(policyHints: boolean): Set<string> {
  const s = new Set<string>([
    OID.SD_FLAGS,
    OID.TREE_DELETE,
    OID.EXTENDED_DN,
    OID.LAZY_COMMIT,
    OID.PERMISSIVE_MODIFY,
    OID.DOMAIN_SCOPE,
    OID.SHOW_DELETED,
  ]);
  if (policyHints) {
    s.add(OID.POLICY_HINTS);
    s.add(OID.POLICY_HINTS_DEPRECATED);
  }
  return s;
}

export function findControl(controls: Control[], oid: string): Control | undefined {
  return controls.find((c) => c.oid === oid);
}

/** SEQUENCE { INTEGER } → the integer; undefined for an absent or malformed value. */
export function decodeIntegerSequence(value: Buffer | undefined): number | undefined {
  if (!value || value.length < 5 || value[0] !== 0x30) return undefined;
  let i = 2;
  if (value[1] & 0x80) i += value[1] & 0x7f;
  if (value[i] !== 0x02) return undefined;
  const len = value[i + 1];
  if (len < 1 || len > 4 || i + 2 + len > value.length) return undefined;
  let n = value[i + 2] & 0x80 ? -1 : 0;
  for (let k = 0; k < len; k++) n = (n << 8) | value[i + 2 + k];
  return n;
}

/** SD flags of a search or modify: the control's value, or all four parts when absent. */
export function sdFlags(controls: Control[]): { flags: number; explicit: boolean } {
  const c = findControl(controls, OID.SD_FLAGS);
  if (!c) return { flags: 0xf, explicit: false };
  const v = decodeIntegerSequence(c.value);
  return { flags: (v ?? 0xf) & 0xf || 0xf, explicit: true };
}

/** Extended DN control: undefined when absent, else the format flag (0 hex, 1 string). */
export function extendedDnFormat(controls: Control[]): 0 | 1 | undefined {
  const c = findControl(controls, OID.EXTENDED_DN);
  if (!c) return undefined;
  return decodeIntegerSequence(c.value) === 1 ? 1 : 0;
}

/** Policy hints (either OID) with flags & 1: enforce history/age on a reset (MS-ADTS 3.1.1.3.4.1.27). */
export function policyHints(controls: Control[]): Control | undefined {
  return findControl(controls, OID.POLICY_HINTS) ?? findControl(controls, OID.POLICY_HINTS_DEPRECATED);
}
