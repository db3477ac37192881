/**
 * The chain the server core calls for every decoded request, in the style of UnboundID's
 * LDAPListenerRequestHandler decorators: the innermost handler talks to the DirectoryService;
 * decorators (access log, fault injection, …) wrap it and may observe or replace the response.
 */
import type { LdapRequest, OperationResponse } from "../protocol/messages.ts";
import type { ConnectionState } from "../server/connection-state.ts";

export interface RequestHandler {
  /** Never rejects in the core handler; decorators should not either (the connection guards anyway). */
  handle(request: LdapRequest, connection: ConnectionState): Promise<OperationResponse>;
  /**
   * What happens on a connection outside any operation: accepted, refused, a protocol error, closed.
   * Decorators that care (the access log) record it and pass it on to the handler they wrap.
   */
  observe?(event: ConnectionEvent): void;
}

/** Why a connection ended. */
export type DisconnectReason =
  /** The client closed, reset or unbound. */
  | "client"
  /** A frame we could not read: Notice of Disconnection with protocolError (RFC 4511 §4.1.1). */
  | "protocolError"
  /** MaxConnIdleTime or InitRecvTimeout. */
  | "idle"
  /** The process-wide receive budget dropped the connection holding the most unprocessed bytes. */
  | "receiveBudget"
  /** A handler asked to close (fault injection). */
  | "handler"
  /** The server is shutting down. */
  | "shutdown";

export type ConnectionEvent =
  | { type: "connect"; connection: ConnectionState }
  /** Refused on arrival: MaxConnections, or the process's descriptor reserve. */
  | { type: "refuse"; client: string; listener: "ldap" | "ldaps"; reason: "maxConnections" | "descriptors" }
  /** A malformed request answered with protocolError; messageId undefined when the envelope was unreadable. */
  | {
      type: "protocolError";
      connection: ConnectionState;
      messageId?: number;
      operation?: string;
      detail: string;
    }
  | { type: "disconnect"; connection: ConnectionState; reason: DisconnectReason; detail?: string };

/** Where an unexpected (non-DirectoryError) exception is reported. Never given request values. */
export type InternalErrorReporter = (
  error: unknown,
  info: { connectionId: number; messageId?: number; operation?: string },
) => void;

export const logInternalErrorToStderr: InternalErrorReporter = (error, info) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ event: "ldap.internalError", ...info, error: message })}\n`);
};
