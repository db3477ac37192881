/**
 * The fake AD domain controller, without the wire.
 *
 *   createDirectory({ world: "contoso" | "contoso-express" | { ldifPath }, personality: "windows" | "samba",
 *                     clock?: SimClock, seed?: string, statePath?: string, allowCleartextSimpleBind?: boolean }): Directory
 *
 * Directory implements DirectoryService (api.ts: bindSimple, search, add, modify, delete, modifyDN,
 * compare, extended, protocolErrors, supportedControls) and adds, for tests and the harness:
 *   snapshot(): DirectorySnapshot / restore(s)      whole-DC state (store + audit log), copy-on-write entries
 *   audit({ id?, keywords?, targetSid?, since? })   Windows Security events 4723/4724/4738/4740/4767/5136
 *   clock: SimClock                                 advance() runs SDProp (Windows, every 60 min)
 *   findByDn / findBySid / findByGuid / findBySamAccountName → Entry (immutable; attrs Map of Buffers, sd)
 *   sddlOf(dn): string                              an object's SD as SDDL (domain aliases)
 *   runSdProp(): number                             AdminSDHolder protection now (Windows; 0 on Samba)
 *   successMessage: string                          diagnosticMessage for successful writes per personality
 *   baseDn, domainSid, personality, entryCount
 * systemContext() gives an OperationContext bound as SYSTEM (harness-side writes).
 */
import type { SimClock } from "../clock/sim-clock.ts";
import type { PersonalityName } from "../personality/catalogue.ts";
import { getPersonality } from "../personality/index.ts";
import { buildContoso } from "../worlds/contoso.ts";
import { Directory } from "./directory.ts";
import { runSdProp } from "./sdprop.ts";

export { DirectoryError } from "./api.ts";
export type { AuditEvent, AuditQuery } from "./audit.ts";
export { Directory, type DirectorySnapshot, SYSTEM_IDENTITY, systemContext } from "./directory.ts";
export type { Entry } from "./entry.ts";

export type WorldName = "contoso" | "contoso-express";

export interface CreateDirectoryOptions {
  world: WorldName | { ldifPath: string };
  personality: PersonalityName;
  clock?: SimClock;
  seed?: string;
  statePath?: string;
  /** Samba personality: accept simple binds on cleartext ("ldap server require strong auth = no"). */
  allowCleartextSimpleBind?: boolean;
}

/** SDProp interval on Windows (MS-ADTS 3.1.1.6.1.2: AdminSDProtectFrequency default 3600 s). */
export const SDPROP_INTERVAL_MS = 60 * 60 * 1000;

export function createDirectory(opts: CreateDirectoryOptions): Directory {
  const personality = getPersonality(opts.personality);
  if (typeof opts.world !== "string") throw new Error("LDIF worlds are not implemented yet");
  const dc = buildContoso({
    personality,
    clock: opts.clock,
    seed: opts.seed,
    variant: opts.world,
    allowCleartextSimpleBind: opts.allowCleartextSimpleBind,
  });
  if (personality.quirks.sdProp) dc.clock.every(SDPROP_INTERVAL_MS, () => runSdProp(dc));
  return new Directory(dc);
}
