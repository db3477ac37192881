/**
 * The Connect server's Application log: append-only, structured, queryable, on the simulated clock.
 */
import type { SimClock } from "../../clock/sim-clock.ts";
import { type EventArgs, eventDefinition } from "./catalogue.ts";
import type { EventEntry, EventSource } from "./types.ts";

export interface EventQuery {
  source?: EventSource;
  id?: number;
  /** Inclusive lower bound on `time` (simulated ms). */
  since?: number;
  /** Only entries with recordId greater than this (for "events during this step"). */
  afterRecord?: number;
  trackingId?: string;
}

export type EventListener = (entry: EventEntry) => void;

export class EventLog {
  private readonly entries: EventEntry[] = [];
  private readonly listeners = new Set<EventListener>();
  private nextRecord = 1;

  constructor(private readonly clock: SimClock) {}

  /** Renders event `id` from the catalogue with `args` and appends it. */
  write(id: number, args: EventArgs = {}, source?: EventSource): EventEntry {
    const def = eventDefinition(id, source);
    const entry: EventEntry = {
      recordId: this.nextRecord++,
      id: def.id,
      source: def.source,
      level: def.level,
      name: def.name,
      time: this.clock.now(),
      text: def.render(args),
      ...(args.trackingId ? { trackingId: args.trackingId } : {}),
    };
    this.entries.push(entry);
    for (const l of this.listeners) l(entry);
    return entry;
  }

  query(q: EventQuery = {}): EventEntry[] {
    return this.entries.filter(
      (e) =>
        (q.source === undefined || e.source === q.source) &&
        (q.id === undefined || e.id === q.id) &&
        (q.since === undefined || e.time >= q.since) &&
        (q.afterRecord === undefined || e.recordId > q.afterRecord) &&
        (q.trackingId === undefined || e.trackingId === q.trackingId),
    );
  }

  /** The recordId of the newest entry (0 when empty): a bookmark for query({afterRecord}). */
  lastRecordId(): number {
    return this.nextRecord - 1;
  }

  all(): readonly EventEntry[] {
    return this.entries;
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Copy for harness snapshot/restore. */
  snapshot(): { entries: EventEntry[]; nextRecord: number } {
    return { entries: this.entries.map((e) => ({ ...e })), nextRecord: this.nextRecord };
  }

  restore(s: { entries: EventEntry[]; nextRecord: number }): void {
    this.entries.splice(0, this.entries.length, ...s.entries.map((e) => ({ ...e })));
    this.nextRecord = s.nextRecord;
  }
}
