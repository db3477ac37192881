/**
 * The DC's Windows Security event log, as far as password writeback troubleshooting reads it:
 * 4723 (an attempt was made to change an account's password), 4724 (… reset …), 4738 (a user
 * account was changed), 4740 (a user account was locked out), 4767 (… unlocked), 5136 (a directory
 * service object was modified). Success and failure both recorded ("Audit Success"/"Audit Failure").
 * Never carries a password: values of unicodePwd/userPassword are not logged at all.
 */

export type AuditKeyword = "Audit Success" | "Audit Failure";

export interface AuditPrincipal {
  sid: string;
  accountName: string;
  accountDomain: string;
}

export interface AuditEvent {
  /** Sequence number in this log (EventRecordID). */
  recordId: number;
  id: 4723 | 4724 | 4738 | 4740 | 4767 | 5136;
  /** Simulated time, ms since the epoch. */
  time: number;
  keywords: AuditKeyword;
  subject: AuditPrincipal;
  target?: AuditPrincipal & { dn?: string };
  /** 5136 only: the modified object and attribute. */
  object?: { dn: string; guid: string; class: string };
  attribute?: { name: string; value: string; operation: "Value Added" | "Value Deleted" };
  /** Failure reason for failures (the LDAP result code and catalogue key). */
  failure?: { resultCode: number; key: string };
  correlationId?: string;
  clientAddress?: string;
}

export interface AuditQuery {
  id?: number | number[];
  keywords?: AuditKeyword;
  targetSid?: string;
  since?: number;
}

export class AuditLog {
  private events: AuditEvent[] = [];
  private nextId = 1;

  record(e: Omit<AuditEvent, "recordId">): AuditEvent {
    const ev = { ...e, recordId: this.nextId++ } as AuditEvent;
    this.events.push(ev);
    return ev;
  }

  query(q: AuditQuery = {}): AuditEvent[] {
    const ids = q.id === undefined ? undefined : new Set(Array.isArray(q.id) ? q.id : [q.id]);
    return this.events.filter(
      (e) =>
        (!ids || ids.has(e.id)) &&
        (!q.keywords || e.keywords === q.keywords) &&
        (!q.targetSid || e.target?.sid === q.targetSid) &&
        (q.since === undefined || e.time >= q.since),
    );
  }

  get length(): number {
    return this.events.length;
  }

  /** Snapshot support: the log is append-only, so a length is enough. */
  mark(): { length: number; nextId: number } {
    return { length: this.events.length, nextId: this.nextId };
  }

  rollback(m: { length: number; nextId: number }): void {
    this.events.length = Math.min(this.events.length, m.length);
    this.nextId = m.nextId;
  }

  all(): readonly AuditEvent[] {
    return this.events;
  }

  load(events: AuditEvent[]): void {
    this.events = [...events];
    this.nextId = events.length ? events[events.length - 1].recordId + 1 : 1;
  }
}
