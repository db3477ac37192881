/**
 * The environment's event logs as the harness sees them: the Connect server's Application log
 * (sources PasswordResetService, ADSync) and the DC's Security log (source
 * Microsoft-Windows-Security-Auditing, events 4723/4724/4738/4740/4767/5136), merged in record order.
 * The Security log exists only on the in-process DC; a real DC's log is not reachable over LDAP.
 */
import type { EventLog } from "../simulator/connect/index.ts";
import type { AuditEvent, Directory } from "../simulator/directory/index.ts";
import type { LoggedEvent } from "./run/types.ts";

export const SECURITY_AUDITING_SOURCE = "Microsoft-Windows-Security-Auditing";

/** A position in both logs. */
export interface EventMark {
  application: number;
  security: number;
}

const AUDIT_TITLES: Record<AuditEvent["id"], string> = {
  4723: "An attempt was made to change an account's password.",
  4724: "An attempt was made to reset an account's password.",
  4738: "A user account was changed.",
  4740: "A user account was locked out.",
  4767: "A user account was unlocked.",
  5136: "A directory service object was modified.",
};

export function auditToLoggedEvent(e: AuditEvent): LoggedEvent {
  const lines = [AUDIT_TITLES[e.id]];
  lines.push(`Subject: ${e.subject.accountDomain}\\${e.subject.accountName} (${e.subject.sid})`);
  if (e.target) {
    lines.push(
      `Target Account: ${e.target.accountDomain}\\${e.target.accountName} (${e.target.sid})${e.target.dn ? ` ${e.target.dn}` : ""}`,
    );
  }
  if (e.object) lines.push(`Object: ${e.object.dn} (${e.object.class})`);
  if (e.attribute)
    lines.push(`Attribute: ${e.attribute.name} ${e.attribute.operation}: ${e.attribute.value}`);
  if (e.failure) lines.push(`Failure: LDAP ${e.failure.resultCode} (${e.failure.key})`);
  return {
    source: SECURITY_AUDITING_SOURCE,
    id: e.id,
    level: e.keywords,
    time: new Date(e.time).toISOString(),
    text: lines.join(" "),
  };
}

export class EnvironmentEvents {
  /** For each Application log record: the newest Security log record at the moment it was written. */
  private readonly securityPosition = new Map<number, number>();

  constructor(
    private readonly application: EventLog,
    private readonly directory: Directory | undefined,
  ) {
    application.onEvent((e) => this.securityPosition.set(e.recordId, this.lastSecurityRecord()));
  }

  private lastSecurityRecord(): number {
    const audit = this.directory?.audit() ?? [];
    return audit.length ? audit[audit.length - 1].recordId : 0;
  }

  mark(): EventMark {
    return { application: this.application.lastRecordId(), security: this.lastSecurityRecord() };
  }

  since(mark: EventMark): LoggedEvent[] {
    const app = this.application.query({ afterRecord: mark.application }).map((e) => ({
      at: this.securityPosition.get(e.recordId) ?? Number.MAX_SAFE_INTEGER,
      event: {
        source: e.source,
        id: e.id,
        level: e.level,
        time: new Date(e.time).toISOString(),
        text: e.text,
      } satisfies LoggedEvent,
    }));
    const sec = (this.directory?.audit() ?? [])
      .filter((e) => e.recordId > mark.security)
      .map((e) => ({ at: e.recordId, event: auditToLoggedEvent(e) }));
    // In the order they were written: an Application record goes after the Security records that
    // existed when it was written (stable sort keeps each log's own order).
    return [...sec, ...app].sort((a, b) => a.at - b.at).map((x) => x.event);
  }

  /** Every event, optionally filtered. */
  query(q: { source?: string; id?: number } = {}): LoggedEvent[] {
    return this.since({ application: 0, security: 0 }).filter(
      (e) =>
        (q.source === undefined || e.source.toLowerCase() === q.source.toLowerCase()) &&
        (q.id === undefined || e.id === q.id),
    );
  }
}
