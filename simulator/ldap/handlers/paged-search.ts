/** Simple paged results over the directory's search cursor; the rules are in server/paging.ts. */
import type {
  Control,
  DirectoryService,
  OperationContext,
  SearchCursor,
  SearchPage,
  SearchRequest,
  SearchResult,
} from "../../directory/api.ts";
import {
  decodePagedResultsValue,
  encodePagedResultsValue,
  PAGED_RESULTS_OID,
  type PagedResultsValue,
} from "../ber/controls-codec.ts";
import { SUCCESS } from "../protocol/local-results.ts";
import type { OperationResponse } from "../protocol/messages.ts";
import { type PagedSearchStore, requestDigest } from "../server/paging.ts";

const EMPTY = Buffer.alloc(0);

/**
 * The size in the response control: RFC 2696 §3 makes it an estimate that may be 0, which is what a
 * cursor that does not know its total reports.
 */
function responseControl(cookie: Buffer, size = 0): Control {
  return { oid: PAGED_RESULTS_OID, critical: false, value: encodePagedResultsValue({ size, cookie }) };
}

/**
 * For a directory without cursors: its whole result, handed out page by page. (The simulated DC has
 * cursors; this keeps small test directories pageable.)
 */
class ResultCursor implements SearchCursor {
  private position = 0;
  readonly storedBytes: number;
  readonly estimate: number;
  constructor(private readonly res: SearchResult) {
    this.storedBytes = 512 + 256 * res.entries.length;
    this.estimate = res.entries.length;
  }
  async next(max: number): Promise<SearchPage> {
    const { entries } = this.res;
    const end = Math.min(entries.length, this.position + max);
    const page = entries.slice(this.position, end);
    this.position = end;
    const done = end >= entries.length;
    return done
      ? {
          entries: page,
          references: this.res.references,
          controls: this.res.controls,
          done,
          result: this.res.result,
        }
      : { entries: page, references: [], controls: [], done };
  }
}

async function open(
  directory: DirectoryService,
  request: SearchRequest,
  ctx: OperationContext,
): Promise<SearchCursor> {
  if (directory.openSearch) return directory.openSearch(request, ctx);
  return new ResultCursor(await directory.search(request, ctx));
}

export async function pagedSearch(
  directory: DirectoryService,
  request: SearchRequest,
  raw: Buffer,
  ctx: OperationContext,
  store: PagedSearchStore,
  maxPageSize: number,
): Promise<OperationResponse> {
  const control = ctx.controls.find((c) => c.oid === PAGED_RESULTS_OID)!;
  let value: PagedResultsValue;
  try {
    value = decodePagedResultsValue(control.value);
  } catch {
    return { result: directory.protocolErrors.protocolError("malformed paged results control") };
  }

  const digest = requestDigest(raw);
  let cursor: SearchCursor;
  if (value.cookie.length === 0) {
    cursor = await open(directory, request, ctx);
  } else {
    const found = store.take(value.cookie);
    if (!found?.requestDigest.equals(digest))
      return { result: directory.protocolErrors.pagedCookieInvalid() };
    // RFC 2696 §3: a page size of zero with a cookie abandons the paged search.
    if (value.size === 0) return { result: SUCCESS, controls: [responseControl(EMPTY)] };
    cursor = found.cursor;
  }

  // MS-ADTS 3.1.1.3.4.1.1: no page holds more than MaxPageSize objects; a larger size is clamped.
  const pageSize = Math.max(1, Math.min(value.size === 0 ? maxPageSize : value.size, maxPageSize));
  const page = await cursor.next(pageSize, ctx);
  if (!page.done) {
    const cookie = store.save({ requestDigest: digest, cursor, bytes: cursor.storedBytes });
    return { entries: page.entries, result: SUCCESS, controls: [responseControl(cookie, cursor.estimate)] };
  }
  return {
    entries: page.entries,
    references: page.references,
    result: page.result ?? SUCCESS,
    controls: [...page.controls, responseControl(EMPTY, cursor.estimate)],
  };
}
