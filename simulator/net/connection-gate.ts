/**
 * One process-wide count of the client sockets every listener holds (LDAP, LDAPS, HTTP), kept below
 * the process's descriptor limit with a reserve. A listener asks the gate before it keeps a socket:
 * when the gate is full, the listener still has descriptors to answer with a refusal (a Notice of
 * Disconnection, an HTTP 503) and close, instead of failing accept() with EMFILE for everyone — and
 * state files, logs and outgoing connections keep descriptors to work with.
 */
import { readFileSync } from "node:fs";

/** Descriptors kept back from client sockets: files, timers, outgoing sockets, and the refusals themselves. */
export function descriptorReserve(limit: number): number {
  return Math.max(64, Math.floor(limit * 0.05));
}

/** The soft RLIMIT_NOFILE of this process (Linux /proc), or a conservative 1024 where it cannot be read. */
export function descriptorLimit(): number {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (m) return m[1] === "unlimited" ? 1_048_576 : Number(m[1]);
  } catch {
    // not Linux
  }
  return 1024;
}

export class ConnectionGate {
  private held = 0;
  /** Sockets refused so far because the gate was full. */
  refused = 0;

  constructor(public capacity: number) {}

  get open(): number {
    return this.held;
  }

  /** Takes a place for one socket; false when the gate is full (the caller refuses the client). */
  tryAcquire(): boolean {
    if (this.held >= this.capacity) {
      this.refused++;
      return false;
    }
    this.held++;
    return true;
  }

  release(): void {
    if (this.held > 0) this.held--;
  }
}

const limit = descriptorLimit();
/** Shared by every listener in this process. */
export const processConnectionGate = new ConnectionGate(Math.max(16, limit - descriptorReserve(limit)));
