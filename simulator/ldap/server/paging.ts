/**
 * Simple paged results (RFC 2696, MS-ADTS 3.1.1.3.4.1.1, OID 1.2.840.113556.1.4.319): the state a
 * server keeps between pages, and AD's limits on it ("How LDAP server cookies are handled",
 * MS-ADTS 3.1.1.3.4.6):
 *
 * - A cookie names a stored result set: the directory's cursor (a position among the candidates,
 *   never a copy of the results) and a digest of the SearchRequest it belongs to. A continuation
 *   must repeat the same request (RFC 2696 §3), compared by digest.
 * - Each connection keeps at most MaxResultSetsPerConn result sets; storing one more discards that
 *   connection's oldest (AD logs event 2898).
 * - All connections' result sets together stay under MaxResultSetSize bytes; the oldest are
 *   discarded first, but never below MinResultSets sets (AD logs event 2899).
 * - A discarded or unknown cookie gets `protocolErrors.pagedCookieInvalid()` (Windows: 12,
 *   "00000057: LdapErr: … Error processing control").
 */
import { createHash } from "node:crypto";
import type { LdapAdminLimits, SearchCursor } from "../../directory/api.ts";

export interface PagedSearch {
  /** SHA-256 of the encoded SearchRequest protocolOp the cookie belongs to. */
  requestDigest: Buffer;
  cursor: SearchCursor;
  /** Bytes counted against MaxResultSetSize. */
  bytes: number;
}

/** Why a stored result set was discarded before its client came back (AD's events 2898, 2899). */
export type DiscardReason = "perConnection" | "poolSize";

export function requestDigest(raw: Buffer): Buffer {
  return createHash("sha256").update(raw).digest();
}

interface PoolEntry {
  store: PagedSearchStore;
  key: string;
  bytes: number;
}

/** The server's cookie cache: every connection's stored result sets, oldest first. */
export class ResultSetPool {
  private readonly entries = new Map<PoolEntry, true>();
  private bytes = 0;
  /** Discards so far, by reason (tests and the access log read them). */
  readonly discarded: Record<DiscardReason, number> = { perConnection: 0, poolSize: 0 };

  constructor(private readonly limits: () => LdapAdminLimits) {}

  get size(): number {
    return this.entries.size;
  }
  get totalBytes(): number {
    return this.bytes;
  }

  /** Registers a stored set, then trims the pool to MaxResultSetSize (keeping MinResultSets). */
  add(entry: PoolEntry): void {
    this.entries.set(entry, true);
    this.bytes += entry.bytes;
    const { MaxResultSetSize, MinResultSets } = this.limits();
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= MaxResultSetSize || this.entries.size <= MinResultSets) break;
      if (oldest === entry) continue;
      oldest.store.discard(oldest.key, "poolSize");
    }
  }

  remove(entry: PoolEntry): void {
    if (this.entries.delete(entry)) this.bytes -= entry.bytes;
  }

  count(reason: DiscardReason): void {
    this.discarded[reason]++;
  }
}

/** One connection's stored result sets (RFC 2696 cookies are per connection). */
export class PagedSearchStore {
  private readonly searches = new Map<string, { search: PagedSearch; entry: PoolEntry }>();
  private counter = 0;

  constructor(
    private readonly pool: ResultSetPool,
    private readonly limits: () => LdapAdminLimits,
  ) {}

  get size(): number {
    return this.searches.size;
  }

  /** Stores a search for continuation and returns its cookie. */
  save(search: PagedSearch): Buffer {
    const perConn = Math.max(1, this.limits().MaxResultSetsPerConn);
    while (this.searches.size >= perConn) {
      const oldest = this.searches.keys().next().value;
      if (oldest === undefined) break;
      this.discard(oldest, "perConnection");
    }
    this.counter = (this.counter + 1) >>> 0;
    const cookie = Buffer.alloc(8);
    cookie.write("pg", 0, "latin1");
    cookie.writeUInt32BE(this.counter, 4);
    const key = cookie.toString("hex");
    const entry: PoolEntry = { store: this, key, bytes: search.bytes };
    this.searches.set(key, { search, entry });
    this.pool.add(entry);
    return cookie;
  }

  /** Takes the search a cookie names out of the store (it is stored again under a new cookie if more pages follow). */
  take(cookie: Buffer): PagedSearch | undefined {
    const key = cookie.toString("hex");
    const found = this.searches.get(key);
    if (!found) return undefined;
    this.searches.delete(key);
    this.pool.remove(found.entry);
    return found.search;
  }

  /** Drops one stored set because a limit needs the room. */
  discard(key: string, reason: DiscardReason): void {
    const found = this.searches.get(key);
    if (!found) return;
    this.searches.delete(key);
    this.pool.remove(found.entry);
    this.pool.count(reason);
  }

  clear(): void {
    for (const { entry } of this.searches.values()) this.pool.remove(entry);
    this.searches.clear();
  }
}
