/**
 * Finding the AD object a writeback request is about. Connect joins cloudAnchor → metaverse → AD
 * connector space; its AD CS object carries the objectGUID, so it reaches the DC by GUID. We do the
 * same from the sourceAnchor (base64 objectGUID): `<GUID=…>` as the base (MS-ADTS 3.1.1.3.1.2.4
 * extended DN), then an `(objectGUID=\xx…)` filter, then the user's SID.
 */
import type { Client, Entry } from "ldapts";
import { escapeFilterBytes } from "../../ldap-client/values.ts";
import { guidFromBytes } from "../../security/guid.ts";
import { sidToBytes } from "../../security/sid.ts";

export const USER_ATTRIBUTES = [
  "objectGUID",
  "objectSid",
  "sAMAccountName",
  "userAccountControl",
  "lockoutTime",
  "msDS-User-Account-Control-Computed",
  "pwdLastSet",
];

export type LocateResult = { found: true; entry: Entry } | { found: false; multiple: boolean };

export async function locateUser(
  client: Client,
  baseDn: string,
  sourceAnchor: string,
  sid: string | undefined,
): Promise<LocateResult> {
  const opts = { attributes: USER_ATTRIBUTES, explicitBufferAttributes: ["objectGUID", "objectSid"] };
  let guidBytes: Buffer | undefined;
  try {
    const b = Buffer.from(sourceAnchor, "base64");
    if (b.length === 16) guidBytes = b;
  } catch {
    guidBytes = undefined;
  }
  if (guidBytes) {
    try {
      const r = await client.search(`<GUID=${guidFromBytes(guidBytes)}>`, {
        scope: "base",
        filter: "(objectClass=user)",
        ...opts,
      });
      if (r.searchEntries.length === 1) return { found: true, entry: r.searchEntries[0] };
    } catch {
      // A DC (or proxy) that does not take extended DNs as a base: fall back to the filter.
    }
    const r = await client.search(baseDn, {
      scope: "sub",
      filter: `(objectGUID=${escapeFilterBytes(guidBytes)})`,
      ...opts,
    });
    if (r.searchEntries.length === 1) return { found: true, entry: r.searchEntries[0] };
    if (r.searchEntries.length > 1) return { found: false, multiple: true };
  }
  if (sid) {
    const r = await client.search(baseDn, {
      scope: "sub",
      filter: `(objectSid=${escapeFilterBytes(sidToBytes(sid))})`,
      ...opts,
    });
    if (r.searchEntries.length === 1) return { found: true, entry: r.searchEntries[0] };
    if (r.searchEntries.length > 1) return { found: false, multiple: true };
  }
  return { found: false, multiple: false };
}

function num(v: unknown): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined || s === null || s === "") return undefined;
  const n = Number(String(s));
  return Number.isFinite(n) ? n : undefined;
}

export interface AccountState {
  disabled: boolean;
  lockedOut: boolean;
  /** True when the DC let the connector read the attributes the state comes from. */
  known: boolean;
}

/** UF_ACCOUNTDISABLE 0x2 in userAccountControl; UF_LOCKOUT 0x10 in msDS-User-Account-Control-Computed (MS-ADTS 3.1.1.4.5.17). */
export function accountState(e: Entry): AccountState {
  const uac = num(e.userAccountControl);
  const computed = num(e["msDS-User-Account-Control-Computed"]);
  const lockoutTime = num(e.lockoutTime);
  return {
    disabled: uac !== undefined && (uac & 0x2) !== 0,
    lockedOut:
      computed !== undefined ? (computed & 0x10) !== 0 : lockoutTime !== undefined && lockoutTime > 0,
    known: uac !== undefined,
  };
}

export function hasLockoutTime(e: Entry): boolean {
  const t = num(e.lockoutTime);
  return t !== undefined && t > 0;
}
