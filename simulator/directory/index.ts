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
 * directoryToLdif(dir) exports LDIF; worlds load from LDIF ({ ldifPath } or { ldif }, SDs as SDDL or binary).
 * statePath: the DC state is saved atomically after every acknowledged write and reloaded on start.
 * systemContext() gives an OperationContext bound as SYSTEM (harness-side writes).
 */
import type { SimClock } from "../clock/sim-clock.ts";
import type { PersonalityName } from "../personality/catalogue.ts";
import { getPersonality } from "../personality/index.ts";
import { buildContoso } from "../worlds/contoso.ts";
import { buildLdifWorld, buildLdifWorldFromFile, type LdifWorldSettings } from "../worlds/ldif-world.ts";
import { Directory } from "./directory.ts";
import { exportLdif } from "./ldif.ts";
import { runSdProp } from "./sdprop.ts";
import { attachStateFile } from "./state-file.ts";

export type { LdifWorldSettings } from "../worlds/ldif-world.ts";
export { DirectoryError } from "./api.ts";
export type { AuditEvent, AuditQuery } from "./audit.ts";
export { Directory, type DirectorySnapshot, SYSTEM_IDENTITY, systemContext } from "./directory.ts";
export type { Entry } from "./entry.ts";
export { LdifError, parseLdif } from "./ldif.ts";

/** contoso-legacy-dc: contoso on a Windows DC without the password policy hints control. */
export type WorldName = "contoso" | "contoso-express" | "contoso-legacy-dc";

export interface CreateDirectoryOptions {
  world:
    | WorldName
    | { ldifPath: string; settings?: LdifWorldSettings }
    | { ldif: string; settings?: LdifWorldSettings };
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
  const w = opts.world;
  const dc =
    typeof w === "string"
      ? buildContoso({
          personality,
          clock: opts.clock,
          seed: opts.seed,
          variant: w,
          allowCleartextSimpleBind: opts.allowCleartextSimpleBind,
        })
      : "ldifPath" in w
        ? buildLdifWorldFromFile(w.ldifPath, {
            personality,
            clock: opts.clock,
            seed: opts.seed,
            settings: { allowCleartextSimpleBind: opts.allowCleartextSimpleBind, ...w.settings },
          })
        : buildLdifWorld(w.ldif, {
            personality,
            clock: opts.clock,
            seed: opts.seed,
            settings: { allowCleartextSimpleBind: opts.allowCleartextSimpleBind, ...w.settings },
          });
  if (opts.statePath) attachStateFile(dc, opts.statePath);
  if (personality.quirks.sdProp) dc.clock.every(SDPROP_INTERVAL_MS, () => runSdProp(dc));
  return new Directory(dc);
}

/** The directory's DIT as LDIF (parents first, binary values base64, no passwords). */
export function directoryToLdif(dir: Directory): string {
  return exportLdif(dir.dc);
}
