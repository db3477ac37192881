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
}

/** Where an unexpected (non-DirectoryError) exception is reported. Never given request values. */
export type InternalErrorReporter = (
  error: unknown,
  info: { connectionId: number; messageId?: number; operation?: string },
) => void;

export const logInternalErrorToStderr: InternalErrorReporter = (error, info) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ event: "ldap.internalError", ...info, error: message })}\n`);
};
