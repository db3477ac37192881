/**
 * `--state FILE` persistence: the whole DC state (entries with their SDs and password hashes,
 * USN/RID counters, the audit log, the simulated time) as JSON, written after every acknowledged
 * write: to a temporary file, fsync, rename over the old one, fsync the directory — so a killed
 * process restarts with every write it acknowledged and never with a torn file.
 * The file holds salted hashes only, never a password.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { AuditEvent } from "./audit.ts";
import type { Dc } from "./dc.ts";
import type { Entry, Secrets, StoredAttr } from "./entry.ts";
import type { PendingObject } from "./pipeline/commit.ts";
import type { AttrStamp } from "./pipeline/replication-metadata.ts";
import { loadQueryPolicy } from "./query-policy.ts";
import { decodeSecurityDescriptor, encodeSecurityDescriptor } from "./security-adapter.ts";

const VERSION = 1;

interface SavedEntry {
  dn: string;
  ndn: string;
  parent: string;
  objectClass: string;
  guid: string;
  sid: string | null;
  sd: string;
  attrs: [string, string[]][];
  secrets?: Secrets;
  /** Replication stamps of attributes written after creation (pipeline/replication-metadata.ts). */
  meta?: [string, AttrStamp][];
}

interface SavedState {
  version: number;
  domainDn: string;
  personality: string;
  clockMs: number;
  usn: number;
  nextRid: number;
  entries: SavedEntry[];
  audit: AuditEvent[];
}

export function serializeState(dc: Dc): string {
  const entries: SavedEntry[] = [];
  for (const e of dc.store.entries.values()) {
    entries.push({
      dn: e.dn,
      ndn: e.ndn,
      parent: e.parent,
      objectClass: e.objectClass,
      guid: e.guid,
      sid: e.sid,
      sd: encodeSecurityDescriptor(e.sd).toString("base64"),
      attrs: [...e.attrs.values()].map((a) => [a.name, a.values.map((v) => v.toString("base64"))]),
      secrets: e.secrets,
      ...(e.meta ? { meta: [...e.meta] } : {}),
    });
  }
  const state: SavedState = {
    version: VERSION,
    domainDn: dc.config.domainDn,
    personality: dc.personality.name,
    clockMs: dc.clock.now(),
    usn: dc.store.usn,
    nextRid: dc.store.nextRid,
    entries,
    audit: [...dc.audit.all()],
  };
  return JSON.stringify(state);
}

/** Replaces the DC's state with the saved one (entries are re-indexed; parents before children). */
export function loadState(dc: Dc, json: string): void {
  const s = JSON.parse(json) as SavedState;
  if (s.version !== VERSION)
    throw new Error(`state file version ${s.version} is not supported (expected ${VERSION})`);
  if (s.domainDn.toLowerCase() !== dc.config.domainDn.toLowerCase())
    throw new Error(`state file is for ${s.domainDn}, the world is ${dc.config.domainDn}`);
  const objects: PendingObject[] = [];
  const sorted = [...s.entries].sort((a, b) => a.ndn.split(",").length - b.ndn.split(",").length);
  for (const se of sorted) {
    const attrs = new Map<string, StoredAttr>();
    for (const [name, vals] of se.attrs)
      attrs.set(name.toLowerCase(), { name, values: vals.map((v) => Buffer.from(v, "base64")) });
    const e: Entry = {
      dn: se.dn,
      ndn: se.ndn,
      parent: se.parent,
      objectClass: se.objectClass,
      attrs,
      sd: decodeSecurityDescriptor(Buffer.from(se.sd, "base64")),
      guid: se.guid,
      sid: se.sid,
      secrets: se.secrets,
      ...(se.meta ? { meta: new Map(se.meta) } : {}),
    };
    objects.push({ after: e, change: "added", local: true });
  }
  // Through the pipeline as one local write: the entries keep the USNs and stamps they were saved with.
  for (const n of [...dc.store.entries.keys()]) dc.store.remove(n);
  dc.commitWrite({ kind: "reset", actorSid: "S-1-5-18", objects });
  dc.store.usn = s.usn;
  dc.store.nextRid = s.nextRid;
  dc.audit.load(s.audit);
  loadQueryPolicy(dc);
  if (s.clockMs > dc.clock.now()) dc.clock.set(s.clockMs);
}

/** Atomic replace: temp file, fsync, rename, fsync of the directory. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dfd = openSync(dirname(path), "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}

/** Loads `path` if it exists, then saves after every acknowledged write. */
export function attachStateFile(dc: Dc, path: string): void {
  if (existsSync(path)) loadState(dc, readFileSync(path, "utf8"));
  else writeFileAtomic(path, serializeState(dc));
  dc.onCommit = () => writeFileAtomic(path, serializeState(dc));
}
