/**
 * The simulated clock every piece of domain code reads instead of Date.now().
 * Time only moves when someone calls advance() or set(); timers registered with schedule() run,
 * in due order, inside advance(). That keeps transcripts reproducible and makes "an hour later" one step.
 */
export type ClockTask = (now: number) => void;

interface Scheduled {
  due: number;
  seq: number;
  task: ClockTask;
  /** Repeat interval in ms, or 0 for a one-shot task. */
  every: number;
  cancelled: boolean;
}

export interface ClockHandle {
  cancel(): void;
}

/** 2026-01-05T09:00:00Z: a Monday morning, the default start of every simulated world. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export class SimClock {
  private nowMs: number;
  private seq = 0;
  private queue: Scheduled[] = [];

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.nowMs = startMs;
  }

  /** Milliseconds since the Unix epoch, simulated. */
  now(): number {
    return this.nowMs;
  }

  date(): Date {
    return new Date(this.nowMs);
  }

  /** Windows FILETIME (100 ns ticks since 1601-01-01) for the current simulated time, as a bigint. */
  fileTime(): bigint {
    return (BigInt(this.nowMs) + 11_644_473_600_000n) * 10_000n;
  }

  /** Runs `task` once at now+delayMs (during a later advance). */
  schedule(delayMs: number, task: ClockTask): ClockHandle {
    return this.push(this.nowMs + Math.max(0, delayMs), task, 0);
  }

  /** Runs `task` every `intervalMs`, first at now+intervalMs. */
  every(intervalMs: number, task: ClockTask): ClockHandle {
    if (!(intervalMs > 0)) throw new RangeError(`clock interval must be positive, got ${intervalMs}`);
    return this.push(this.nowMs + intervalMs, task, intervalMs);
  }

  /** Moves time forward by `ms`, running every task that falls due on the way, at its own due time. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock can only move forward, got ${ms} ms`);
    this.runUntil(this.nowMs + ms);
  }

  /** Moves time to an absolute instant (never backwards), running due tasks. */
  set(epochMs: number): void {
    if (epochMs < this.nowMs) throw new RangeError("clock can only move forward");
    this.runUntil(epochMs);
  }

  private runUntil(target: number): void {
    for (;;) {
      const next = this.nextDue();
      if (!next || next.due > target) break;
      this.queue.splice(this.queue.indexOf(next), 1);
      if (next.cancelled) continue;
      this.nowMs = Math.max(this.nowMs, next.due);
      if (next.every > 0) {
        // Re-queue the same entry, so the handle returned by every() can still cancel it.
        next.due += next.every;
        next.seq = this.seq++;
        this.queue.push(next);
      }
      next.task(this.nowMs);
    }
    this.nowMs = target;
  }

  private nextDue(): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const s of this.queue) {
      if (!best || s.due < best.due || (s.due === best.due && s.seq < best.seq)) best = s;
    }
    return best;
  }

  private push(due: number, task: ClockTask, every: number): ClockHandle {
    const entry: Scheduled = { due, seq: this.seq++, task, every, cancelled: false };
    this.queue.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
        // Drop it now, so cancelled timers (relay expiries, lockout windows) don't pile up in the queue.
        const at = this.queue.indexOf(entry);
        if (at >= 0) this.queue.splice(at, 1);
      },
    };
  }
}
