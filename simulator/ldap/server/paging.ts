/**
 * Simple paged results (RFC 2696, MS-ADTS 3.1.1.3.4.1.1, OID 1.2.840.113556.1.4.319),
 * implemented by the LDAP layer over DirectoryService.search:
 *
 * - The first request (empty cookie) runs the whole search once; the entries beyond the first
 *   page wait on the connection under an opaque cookie (a per-connection counter).
 * - A continuation must repeat the same SearchRequest (RFC 2696 §3); it is compared byte for byte
 *   with the first one. A cookie this connection did not issue, or one reused for a different
 *   request, fails with the personality's protocolError (2). (Windows answers a stale cookie with
 *   operationsError per KB 2561166; the catalogue has no entry for that yet.)
 * - Page size 0 with a cookie abandons the paged search (RFC 2696 §3).
 * - No page holds more than maxPageSize entries (MS-ADTS 3.1.1.3.4.1.1: each page returns no
 *   more objects than the MaxPageSize policy, default 1000); a larger requested size is clamped.
 * - The client's sizeLimit applies to the paged search as a whole, not to each page: the directory
 *   runs with it, and its sizeLimitExceeded (4) result arrives on the last page with the entries
 *   that fit (RFC 2696 §3: paging never returns more than the size limit).
 * - The size in the response control is the total number of entries the search produced.
 * - Each connection keeps at most MAX_PAGED_SEARCHES paged searches; the oldest is dropped first
 *   (compare AD's MaxResultSetsPerConn policy).
 */
import type { Control, LdapResult, SearchEntry } from "../../directory/api.ts";

export const MAX_PAGED_SEARCHES = 10;

export interface PagedSearch {
  /** The encoded SearchRequest protocolOp the cookie belongs to. */
  request: Buffer;
  entries: SearchEntry[];
  /** Next entry to return. */
  position: number;
  references: string[];
  /** The directory's result, returned on the last page. */
  result: LdapResult | undefined;
  controls: Control[];
}

export class PagedSearchStore {
  private readonly searches = new Map<string, PagedSearch>();
  private counter = 0;

  get size(): number {
    return this.searches.size;
  }

  /** Keeps a search for continuation and returns its cookie. */
  save(search: PagedSearch): Buffer {
    if (this.searches.size >= MAX_PAGED_SEARCHES) {
      const oldest = this.searches.keys().next().value;
      if (oldest !== undefined) this.searches.delete(oldest);
    }
    this.counter = (this.counter + 1) >>> 0;
    const cookie = Buffer.alloc(8);
    cookie.write("pg", 0, "latin1");
    cookie.writeUInt32BE(this.counter, 4);
    this.searches.set(cookie.toString("hex"), search);
    return cookie;
  }

  /** Reuses `cookie` for the search after the next page (keeps cookies stable per search). */
  find(cookie: Buffer): PagedSearch | undefined {
    return this.searches.get(cookie.toString("hex"));
  }

  delete(cookie: Buffer): void {
    this.searches.delete(cookie.toString("hex"));
  }

  clear(): void {
    this.searches.clear();
  }
}
