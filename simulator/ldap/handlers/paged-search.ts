/** Simple paged results over DirectoryService.search; the rules are in server/paging.ts. */
import type { Control, DirectoryService, OperationContext, SearchRequest } from "../../directory/api.ts";
import {
  decodePagedResultsValue,
  encodePagedResultsValue,
  PAGED_RESULTS_OID,
  type PagedResultsValue,
} from "../ber/controls-codec.ts";
import { SUCCESS } from "../protocol/local-results.ts";
import type { OperationResponse } from "../protocol/messages.ts";
import type { PagedSearch, PagedSearchStore } from "../server/paging.ts";

const EMPTY = Buffer.alloc(0);

function responseControl(size: number, cookie: Buffer): Control {
  return { oid: PAGED_RESULTS_OID, critical: false, value: encodePagedResultsValue({ size, cookie }) };
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

  let search: PagedSearch;
  if (value.cookie.length === 0) {
    const res = await directory.search(request, ctx);
    search = {
      request: Buffer.from(raw),
      entries: res.entries,
      position: 0,
      references: res.references,
      result: res.result,
      controls: res.controls,
    };
  } else {
    const found = store.find(value.cookie);
    if (!found?.request.equals(raw)) {
      return { result: directory.protocolErrors.protocolError("invalid paged results cookie") };
    }
    store.delete(value.cookie);
    search = found;
    // RFC 2696 §3: a page size of zero with a cookie abandons the paged search.
    if (value.size === 0) return { result: SUCCESS, controls: [responseControl(0, EMPTY)] };
  }

  const total = search.entries.length;
  const pageSize = Math.min(value.size === 0 ? total : value.size, maxPageSize);
  const end = Math.min(total, search.position + pageSize);
  const entries =
    search.position === 0 && end === total ? search.entries : search.entries.slice(search.position, end);
  if (end < total) {
    search.position = end;
    const cookie = store.save(search);
    return { entries, result: SUCCESS, controls: [responseControl(total, cookie)] };
  }
  return {
    entries,
    references: search.references,
    result: search.result ?? SUCCESS,
    controls: [...search.controls, responseControl(total, EMPTY)],
  };
}
