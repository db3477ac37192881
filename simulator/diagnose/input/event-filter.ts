/**
 * Which events of an exported log `wbsim diagnose` keeps: the writeback sources of the Connect
 * server's Application log (sspr-writeback-facts.md §2) and the DC Security-log events about
 * password operations. Everything else is counted and dropped while streaming.
 */
import type { Artifacts, LogEvent } from "../model.ts";

export const WRITEBACK_SOURCES = new Set(["passwordresetservice", "adsync", "directory synchronization"]);
const SECURITY_SOURCE = "microsoft-windows-security-auditing";
const SECURITY_IDS = new Set([4723, 4724, 4738, 4740, 4767]);
/** Stored messages are capped: 33xxx texts carry stack traces, and a big log has thousands. */
const MAX_MESSAGE = 2000;

export type EventSink = (e: LogEvent) => void;

/** Whether an event of this source is kept (and so worth parsing in full). */
export function isKeptSource(source: string): boolean {
  const s = source.toLowerCase();
  return WRITEBACK_SOURCES.has(s) || s === SECURITY_SOURCE;
}

export function eventSink(into: Artifacts): EventSink {
  return (e) => {
    const s = e.source.toLowerCase();
    if (e.message.length > MAX_MESSAGE) e.message = `${e.message.slice(0, MAX_MESSAGE)}…`;
    if (WRITEBACK_SOURCES.has(s)) into.events.push(e);
    else if (s === SECURITY_SOURCE && SECURITY_IDS.has(e.id)) into.securityEvents.push(e);
    else into.otherEvents++;
  };
}

/** Windows event levels (EVENT_DESCRIPTOR Level; 0 is LogAlways, what classic sources write for Information). */
export function levelName(level: number, keywords?: string): string {
  if (keywords) {
    const k = BigInt.asUintN(64, BigInt(keywords));
    if (k & 0x10000000000000n) return "Audit Failure";
    if (k & 0x20000000000000n) return "Audit Success";
  }
  switch (level) {
    case 1:
      return "Critical";
    case 2:
      return "Error";
    case 3:
      return "Warning";
    case 5:
      return "Verbose";
    default:
      return "Information";
  }
}
