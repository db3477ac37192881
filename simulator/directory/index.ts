/**
 * The fake AD domain controller, without the wire. It knows no worlds: simulator/worlds/ builds a
 * Directory from a named or LDIF world (createDirectory).
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
 *   changeLog: ChangeLog                            one entry per committed write (subscribe, since, sinceUsn)
 * Every write goes through one pipeline: the operation's stages (access, schema, defaults/RID, SD,
 * password: add.ts, modify.ts, delete-rename.ts, bind.ts, sdprop.ts) end in Dc.commitWrite
 * (pipeline/commit.ts: replication metadata, audit, commit, change log). Deletes leave tombstones
 * (pipeline/tombstone.ts), seen with the show-deleted control; msDS-ReplAttributeMetaData reads the
 * stamps (pipeline/replication-metadata.ts).
 * directoryToLdif(dir) exports LDIF (worlds load from LDIF, SDs as SDDL or binary).
 * systemContext() gives an OperationContext bound as SYSTEM (harness-side writes).
 */
import type { Directory } from "./directory.ts";
import { exportLdif } from "./ldif.ts";

export { DirectoryError } from "./api.ts";
export type { AuditEvent, AuditQuery } from "./audit.ts";
export { Directory, type DirectorySnapshot, SYSTEM_IDENTITY, systemContext } from "./directory.ts";
export type { Entry } from "./entry.ts";
export { LdifError, parseLdif } from "./ldif.ts";
export type {
  ChangedObject,
  ChangeEntry,
  ChangeKind,
  ChangeListener,
  ChangeLog,
  ObjectChange,
} from "./pipeline/change-log.ts";
export type { AttrStamp } from "./pipeline/replication-metadata.ts";

/** The directory's DIT as LDIF (parents first, binary values base64, no passwords). */
export function directoryToLdif(dir: Directory): string {
  return exportLdif(dir.dc);
}
