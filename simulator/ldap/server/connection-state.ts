/** What the server knows about one client connection; handlers read and update it. */
import { ANONYMOUS, type Identity } from "../../directory/api.ts";
import type { PagedSearchStore } from "./paging.ts";

export class ConnectionState {
  /** Bound identity: ANONYMOUS until a successful bind, and again after a failed one. */
  identity: Identity = ANONYMOUS;
  /** True on LDAPS or after a successful StartTLS. */
  secure: boolean;
  /** Paged searches in progress on this connection (RFC 2696 cookies are per connection). */
  readonly paging: PagedSearchStore;
  /** Operations answered so far. */
  operations = 0;
  /** Times the server stopped reading because the client sent faster than it was answered. */
  readerPauses = 0;
  /** The most requests ever waiting on this connection (bounded by the reader pause). */
  maxQueuedRequests = 0;

  constructor(
    readonly id: number,
    readonly clientAddress: string,
    secure: boolean,
    /** "ldap" or "ldaps": the listener the client connected to. */
    readonly listener: "ldap" | "ldaps",
    paging: PagedSearchStore,
  ) {
    this.secure = secure;
    this.paging = paging;
  }
}
