/**
 * One process-wide budget for bytes received from clients and not yet processed: unfinished LDAP
 * messages and complete ones waiting their turn. Each connection holds part of it; when a chunk would
 * take the total above the budget, the connections holding the most are dropped first (the one that
 * pushed may be one of them), so the total stays bounded whatever the number of connections, and a
 * client sending ordinary small requests is never the one cut off. MaxReceiveBuffer bounds one
 * message; this bounds them all.
 */

export interface BudgetHolder {
  /** Called when the budget drops this holder: it must close and release what it holds. */
  evict(): void;
}

/** 64 MiB: six maximum-size (10 MiB) messages in flight at once, and a flood of them bounded. */
export const DEFAULT_RECEIVE_BUDGET = 64 * 1024 * 1024;

export class ReceiveBudget {
  private readonly holders = new Map<BudgetHolder, number>();
  private total = 0;
  /** Holders dropped so far to stay within the budget. */
  evictions = 0;

  constructor(public capacity: number = DEFAULT_RECEIVE_BUDGET) {}

  get used(): number {
    return this.total;
  }

  /**
   * Records that `holder` now holds `bytes`. Returns false when the holder itself was evicted to
   * make room (it must stop processing its data).
   */
  set(holder: BudgetHolder, bytes: number): boolean {
    const before = this.holders.get(holder) ?? 0;
    if (bytes === 0) this.holders.delete(holder);
    else this.holders.set(holder, bytes);
    this.total += bytes - before;
    if (this.total <= this.capacity) return true;
    let selfEvicted = false;
    while (this.total > this.capacity && this.holders.size > 0) {
      let largest: BudgetHolder | undefined;
      let most = -1;
      for (const [h, n] of this.holders) {
        if (n > most) {
          most = n;
          largest = h;
        }
      }
      if (!largest) break;
      this.release(largest);
      this.evictions++;
      if (largest === holder) selfEvicted = true;
      largest.evict();
    }
    return !selfEvicted;
  }

  release(holder: BudgetHolder): void {
    const n = this.holders.get(holder);
    if (n === undefined) return;
    this.holders.delete(holder);
    this.total -= n;
  }
}

/** Shared by every LDAP listener in this process. */
export const processReceiveBudget = new ReceiveBudget();
