/**
 * Turns the Connect server's writeback events into operations: each password reset, change or admin
 * reset from its start event (31001/31006/31009) to its outcome (31002/31007/31010, or the 33xxx
 * AD-side error, the ADSync 6329 and the …Fail event), grouped by TrackingId; plus the service's own
 * history (onboarding, offboarding, start/stop, Service Bus trouble). Events are matched against our
 * catalogue by source and ID, and their message shape (TrackingId, hr=, the user) is read from the
 * text, so small wording differences between Connect builds do not matter.
 */
import { eventDefinition } from "../../connect/events/catalogue.ts";
import { HRESULTS } from "../../connect/events/hresults.ts";
import type { LogEvent } from "../model.ts";

export type OperationKind = "reset" | "change" | "adminReset";

export interface WritebackOperation {
  kind: OperationKind;
  trackingId?: string;
  upn?: string;
  start?: LogEvent;
  /** 31002/31007/31010. */
  success?: LogEvent;
  /** The 33xxx (or 32xxx) error that says why, if any. */
  error?: LogEvent;
  /** The ADSync 6329 logged with it. */
  adsync?: LogEvent;
  /** 31003/31008/31011. */
  fail?: LogEvent;
  /** hr=… of the failure, upper-case hex. */
  hr?: string;
  outcome: "success" | "failure" | "unfinished";
}

export interface ServiceHistory {
  onboarded?: LogEvent;
  onboardingFailed?: LogEvent;
  offboarded?: LogEvent;
  stopped?: LogEvent;
  started?: LogEvent;
  /** Service Bus / relay trouble: 31034, 31044, 32001, 32002, 6800. */
  connectivity: LogEvent[];
  /** The last of 31015/31016: is the service running at the end of the log? */
  runningAtEnd?: boolean;
}

export interface MatchedEvents {
  operations: WritebackOperation[];
  service: ServiceHistory;
  /** Events of a writeback source whose ID our catalogue does not have. */
  unknown: LogEvent[];
}

const START: Record<number, OperationKind> = { 31001: "reset", 31006: "change", 31009: "adminReset" };
const SUCCESS = new Set([31002, 31007, 31010]);
const FAIL = new Set([31003, 31008, 31011]);
const KNOWN_HR = new Set(HRESULTS.map((h) => h.hr.toUpperCase()));

/** True when our HRESULT catalogue has this code. */
export function isKnownHr(hr: string): boolean {
  return KNOWN_HR.has(hr.toUpperCase());
}

export function trackingIdOf(text: string): string | undefined {
  const m = /TrackingId:\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(text);
  return m && !/^0{8}-/.test(m[1]) ? m[1].toLowerCase() : undefined;
}

export function hrOf(text: string): string | undefined {
  const m = /\bhr=([0-9A-Fa-f]{8})\b/.exec(text) ?? /\b0x(80[0-9A-Fa-f]{6})\b/.exec(text);
  return m?.[1].toUpperCase();
}

export function upnOf(text: string): string | undefined {
  const m =
    /UserPrincipalName:?\s*([^\s,]+@[^\s,]+)/i.exec(text) ??
    /Details:\s*([^\s,]+@[^\s,]+?)\s*,?\s*$/i.exec(text);
  return m?.[1];
}

function isCatalogued(e: LogEvent): boolean {
  const source =
    e.source === "ADSync" || e.source === "PasswordResetService" || e.source === "Directory Synchronization";
  if (!source) return false;
  try {
    eventDefinition(e.id, e.source as "ADSync");
    return true;
  } catch {
    return false;
  }
}

export function matchEvents(events: LogEvent[]): MatchedEvents {
  const operations: WritebackOperation[] = [];
  const byTracking = new Map<string, WritebackOperation>();
  const service: ServiceHistory = { connectivity: [] };
  const unknown: LogEvent[] = [];
  /** The operation a 6329 (which carries no TrackingId) belongs to: the newest unfinished one. */
  let open: WritebackOperation | undefined;

  const opFor = (e: LogEvent, kind?: OperationKind): WritebackOperation => {
    const tid = trackingIdOf(e.message);
    let op = tid ? byTracking.get(tid) : undefined;
    if (!op) {
      op = { kind: kind ?? "reset", outcome: "unfinished" };
      if (tid) {
        op.trackingId = tid;
        byTracking.set(tid, op);
      }
      operations.push(op);
    }
    op.upn ??= upnOf(e.message);
    return op;
  };

  for (const e of events) {
    if (!isCatalogued(e)) {
      unknown.push(e);
      continue;
    }
    const id = e.id;
    if (START[id]) {
      const op = opFor(e, START[id]);
      op.kind = START[id];
      op.start ??= e;
      open = op;
    } else if (SUCCESS.has(id)) {
      const op = opFor(e);
      op.success ??= e;
      op.outcome = "success";
      if (open === op) open = undefined;
    } else if (id >= 33001 && id <= 33009) {
      const op = opFor(e);
      op.error ??= e;
      op.hr ??= hrOf(e.message);
      op.outcome = "failure";
    } else if (FAIL.has(id)) {
      const op = opFor(e);
      op.fail ??= e;
      op.hr ??= hrOf(e.message);
      op.outcome = "failure";
      if (open === op) open = undefined;
    } else if (id === 6329 && e.source === "ADSync") {
      const op = open ?? operations[operations.length - 1];
      if (op && !op.adsync) {
        op.adsync = e;
        op.hr ??= hrOf(e.message);
        if (op.outcome === "unfinished") op.outcome = "failure";
      }
    } else if (id === 31005) service.onboarded = e;
    else if (id === 32009 || id === 32011 || id === 32001 || id === 32007 || id === 31014)
      service.onboardingFailed = e;
    else if (id === 31013) service.offboarded = e;
    else if (id === 31016) {
      service.stopped = e;
      service.runningAtEnd = false;
    } else if (id === 31015) {
      service.started = e;
      service.runningAtEnd = true;
    } else if (id === 31034 || id === 31044 || id === 32001 || id === 32002 || id === 6800)
      service.connectivity.push(e);
  }
  return { operations, service, unknown };
}

/** The operation the case is about: the newest failed one (for the user, when one is named). */
export function failingOperation(
  matched: MatchedEvents,
  user?: { upn?: string; samOrName?: string },
): WritebackOperation | undefined {
  const failed = matched.operations.filter((o) => o.outcome === "failure");
  const upn = user?.upn?.toLowerCase();
  const sam = user?.samOrName?.toLowerCase();
  const mine = failed.filter((o) => {
    const u = o.upn?.toLowerCase();
    if (!u) return false;
    return (upn !== undefined && u === upn) || (sam !== undefined && u.split("@")[0] === sam);
  });
  const pool = upn || sam ? mine : failed;
  return pool[pool.length - 1];
}

/** Operations of a user that succeeded before time `before` (for "reset twice within the minimum age"). */
export function successesOf(matched: MatchedEvents, upn: string | undefined): WritebackOperation[] {
  if (!upn) return [];
  return matched.operations.filter(
    (o) => o.outcome === "success" && o.upn?.toLowerCase() === upn.toLowerCase(),
  );
}
