/**
 * The DC's change log: one entry per committed write, appended by the write pipeline's last stage
 * (commit.ts) and by nothing else. Replication (pull by USN) and the environment's change feed read
 * it; the LDAP wire never does.
 *
 * API (small on purpose):
 *   log.subscribe(fn) → unsubscribe       fn(entry) after each commit, in commit order
 *   log.since(seq)    → ChangeEntry[]     entries with seq > `seq` still held (see firstSeq)
 *   log.lastSeq / log.firstSeq            newest seq (0: none yet) / oldest seq still held
 *   log.sinceUsn(usn) → ChangeEntry[]     entries that stamped a USN above `usn` (replication)
 *   log.mark() / log.rollback(mark)       snapshot support (a restore also notifies: kind "reset")
 *
 * Entries carry names, never values: no password (or any value) can reach a subscriber. The log is
 * bounded (RETAIN entries): a reader that fell further behind than firstSeq must re-read the state
 * (a full sync, as a DC does when its partner's USN window has moved on).
 */

/** What kind of write produced the entry. */
export type ChangeKind =
  | "add"
  | "modify"
  | "delete"
  | "modrdn"
  /** Bind bookkeeping: badPwdCount, lockoutTime, lastLogon, logonCount (MS-ADTS 3.1.1.5.3.x). */
  | "logon"
  /** AdminSDHolder protection (MS-ADTS 3.1.1.6.1.2). */
  | "sdprop"
  /** Inherited ACEs recomputed below an object whose SD changed or that moved. */
  | "sd-propagation"
  /** The whole state replaced: a --state file loaded or a snapshot restored. Readers re-read. */
  | "reset";

export type ObjectChange = "added" | "modified" | "deleted" | "moved";

export interface ChangedObject {
  dn: string;
  guid: string;
  change: ObjectChange;
  /** lDAPDisplayNames of the replicated attributes written (never their values); [] for an add. */
  attributes: string[];
  /** uSNChanged the object got; 0 for a write that does not replicate (badPwdCount, SD propagation). */
  usn: number;
  /** The DN before a move or a delete (tombstones move to CN=Deleted Objects). */
  oldDn?: string;
}

export interface ChangeEntry {
  /** 1, 2, 3, … in commit order. */
  seq: number;
  kind: ChangeKind;
  /** Simulated time of the commit, ms since the epoch. */
  time: number;
  /** SID of the principal the write ran as ("S-1-5-18" for the DC itself). */
  actorSid: string;
  /** The objects the write changed, the request's target first. */
  objects: ChangedObject[];
  /** Highest USN stamped by this write (0 when nothing replicates). */
  highestUsn: number;
}

export type ChangeListener = (entry: ChangeEntry) => void;

export interface ChangeLogMark {
  lastSeq: number;
}

/** Entries kept in memory (at least this many, at most twice); older ones are dropped (firstSeq moves). */
export const RETAIN = 10_000;

export class ChangeLog {
  private entries: ChangeEntry[] = [];
  private listeners = new Set<ChangeListener>();
  private seq = 0;
  private quiet = false;

  get lastSeq(): number {
    return this.seq;
  }

  get firstSeq(): number {
    return this.entries.length ? this.entries[0].seq : this.seq + 1;
  }

  /** Appends one entry (the pipeline's commit stage only) and tells the subscribers. */
  append(e: Omit<ChangeEntry, "seq">): ChangeEntry {
    const entry: ChangeEntry = { ...e, seq: ++this.seq };
    if (this.quiet) return entry;
    this.entries.push(entry);
    // Trimmed in chunks, so a bulk load of 100k objects costs O(1) per append.
    if (this.entries.length >= 2 * RETAIN) this.entries = this.entries.slice(-RETAIN);
    for (const l of this.listeners) l(entry);
    return entry;
  }

  subscribe(fn: ChangeListener): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  since(seq: number): ChangeEntry[] {
    const i = this.entries.findIndex((e) => e.seq > seq);
    return i < 0 ? [] : this.entries.slice(i);
  }

  sinceUsn(usn: number): ChangeEntry[] {
    return this.entries.filter((e) => e.highestUsn > usn || e.kind === "reset");
  }

  mark(): ChangeLogMark {
    return { lastSeq: this.seq };
  }

  /** Back to a mark (snapshot restore); subscribers get a "reset" entry, as the state changed under them. */
  rollback(m: ChangeLogMark, time: number): void {
    // Nothing committed since the mark: the state is the marked one, no reader needs to re-read.
    if (this.seq === m.lastSeq) return;
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1].seq > m.lastSeq) i--;
    this.entries.length = i;
    this.append({ kind: "reset", time, actorSid: "S-1-5-18", objects: [], highestUsn: 0 });
  }

  /** Forgets the history (a world's initial build is its baseline, not a list of changes). */
  clear(): void {
    this.entries = [];
  }

  /**
   * Runs a world's bulk build: its writes are the baseline, so they are neither kept nor sent to
   * subscribers (a 100k-user load would otherwise hold 10k–20k entries at its peak).
   */
  baseline<T>(build: () => T): T {
    this.quiet = true;
    try {
      return build();
    } finally {
      this.quiet = false;
      this.entries = [];
    }
  }
}
