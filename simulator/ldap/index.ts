/** The LDAP/LDAPS front end of the simulated DC: a thin protocol adapter over DirectoryService. */
export { decodePagedResultsValue, encodePagedResultsValue, PAGED_RESULTS_OID } from "./ber/controls-codec.ts";
export { decodeFilter, encodeFilter } from "./ber/filter-codec.ts";
export { type AccessLogOptions, type AccessLogRecord, accessLog } from "./handlers/access-log.ts";
export {
  type FaultAction,
  FaultInjector,
  type FaultRule,
  faultInjection,
} from "./handlers/fault-injection.ts";
export type { InternalErrorReporter, RequestHandler } from "./handlers/request-handler.ts";
export { decodeRequest } from "./protocol/decode-request.ts";
export { encodeNoticeOfDisconnection, encodeResponse } from "./protocol/encode-response.ts";
export type { LdapOperation, LdapRequest, OperationResponse } from "./protocol/messages.ts";
export { ConnectionState } from "./server/connection-state.ts";
export {
  createLdapServer,
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_MAX_PAGE_SIZE,
  type LdapServer,
  type LdapServerOptions,
} from "./server/ldap-server.ts";
