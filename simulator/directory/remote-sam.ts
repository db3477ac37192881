/**
 * "Network access: Restrict clients allowed to make remote calls to SAM": the RestrictRemoteSam value
 * under HKLM\System\CurrentControlSet\Control\Lsa, a security descriptor in SDDL whose "Remote
 * Access" permission is READ_CONTROL; the policy's own default is Administrators only,
 * O:BAG:BAD:(A;;RC;;;BA). A machine setting, not directory data: it is never visible over LDAP.
 * SA-0029 cause 3: set on the DC (or the Connect server), it makes Connect's NetUserGetInfo call over
 * SMB fail with ERROR_ACCESS_DENIED. Disabling the GPO setting leaves the registry value in place.
 */
import { accessCheck } from "../security/access-check.ts";
import { parseSddl } from "../security/sddl-parse.ts";
import type { Token } from "../security/token.ts";
import { AdRight } from "../security/types.ts";

export const RESTRICT_REMOTE_SAM_DEFAULT = "O:BAG:BAD:(A;;RC;;;BA)";

/** The SDDL that allows Remote Access to exactly these SIDs (what the GPO editor writes). */
export function restrictRemoteSamSddl(allowedSids: readonly string[]): string {
  return `O:BAG:BAD:${allowedSids.map((sid) => `(A;;RC;;;${sid})`).join("")}`;
}

/** Whether a caller with this token may call SAM remotely; no value = not restricted. */
export function remoteSamAllowed(sddl: string | undefined, token: Token, domainSid: string): boolean {
  if (sddl === undefined) return true;
  const sd = parseSddl(sddl, { domainSid });
  return accessCheck({ sd, token, desired: AdRight.READ_CONTROL }).granted;
}
