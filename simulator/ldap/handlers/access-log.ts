/**
 * Access log decorator: one structured record per operation (connection, message id, operation,
 * DN, result code, elapsed time), and one per connection event the server reports (accepted, refused
 * by a limit, protocol error, disconnected and why). Attribute values are never logged, only
 * attribute names, so no password (unicodePwd, userPassword, bind credentials, extended-operation
 * payloads) can leak.
 */
import { performance } from "node:perf_hooks";
import type { LdapRequest, OperationResponse } from "../protocol/messages.ts";
import type { ConnectionState } from "../server/connection-state.ts";
import type { ConnectionEvent, RequestHandler } from "./request-handler.ts";
import { requestDn } from "./request-summary.ts";

export interface AccessLogRecord {
  conn: number;
  client: string;
  msgId: number;
  op: string;
  dn: string;
  /** Result code, or null when the operation has no response (unbind, abandon) or it was dropped. */
  result: number | null;
  /** Diagnostic message of a non-success result. */
  message?: string;
  /** Elapsed milliseconds in the handler chain below this decorator. */
  etime: number;
  secure: boolean;
  /** The bound identity's DN when the operation started ("" anonymous). */
  authzDn: string;
  /** Operation details without values: scope, filter attribute names, modified attribute names, … */
  detail?: Record<string, unknown>;
  controls?: string[];
  entries?: number;
  dropped?: true;
  closed?: true;
}

/** A connection event: `event` says which; no operation fields. */
export interface AccessLogConnectionRecord {
  event: "connect" | "refuse" | "protocolError" | "disconnect";
  /** Connection id (absent for refusals: the connection never started). */
  conn?: number;
  client: string;
  listener?: "ldap" | "ldaps";
  /** Why a connection was refused or ended. */
  reason?: string;
  /** Message id of a malformed request, when it could be read. */
  msgId?: number;
  op?: string;
  /** What was wrong (framing, decoding), never request values. */
  detail?: string;
  /** Operations answered on the connection (disconnect). */
  operations?: number;
}

export interface AccessLogOptions {
  /** Receives each record; default: one JSON line on stderr (stdout belongs to the CLI's output). */
  write?: (record: AccessLogRecord) => void;
  /** Receives each connection record; default: stderr, unless only `write` is given (then none). */
  writeEvent?: (record: AccessLogConnectionRecord) => void;
}

function connectionRecord(event: ConnectionEvent): AccessLogConnectionRecord {
  switch (event.type) {
    case "connect":
      return {
        event: "connect",
        conn: event.connection.id,
        client: event.connection.clientAddress,
        listener: event.connection.listener,
      };
    case "refuse":
      return { event: "refuse", client: event.client, listener: event.listener, reason: event.reason };
    case "protocolError": {
      const r: AccessLogConnectionRecord = {
        event: "protocolError",
        conn: event.connection.id,
        client: event.connection.clientAddress,
        detail: event.detail,
      };
      if (event.messageId !== undefined) r.msgId = event.messageId;
      if (event.operation !== undefined) r.op = event.operation;
      return r;
    }
    case "disconnect": {
      const r: AccessLogConnectionRecord = {
        event: "disconnect",
        conn: event.connection.id,
        client: event.connection.clientAddress,
        reason: event.reason,
        operations: event.connection.operations,
      };
      if (event.detail !== undefined) r.detail = event.detail;
      return r;
    }
  }
}

const jsonLine = (record: AccessLogRecord): void => {
  process.stderr.write(`${JSON.stringify(record)}\n`);
};

/** What is safe to say about a request: names and shapes, never values. */
function describe(request: LdapRequest): Record<string, unknown> | undefined {
  const op = request.operation;
  switch (op.type) {
    case "bind":
      return op.authentication.kind === "simple"
        ? { method: "simple", version: op.version }
        : { method: "sasl", mechanism: op.authentication.mechanism };
    case "search":
      return {
        scope: op.request.scope,
        sizeLimit: op.request.sizeLimit,
        attributes: op.request.attributes,
      };
    case "modify":
      return { changes: op.changes.map((c) => `${c.operation}:${c.modification.type}`) };
    case "add":
      return { attributes: op.attributes.map((a) => a.type) };
    case "modifyDN":
      return { newRdn: op.newRdn, deleteOldRdn: op.deleteOldRdn, newSuperior: op.newSuperior };
    case "compare":
      return { attribute: op.attribute };
    case "abandon":
      return { abandonId: op.abandonId };
    case "extended":
      return { oid: op.oid };
    default:
      return undefined;
  }
}

export function accessLog(inner: RequestHandler, options: AccessLogOptions = {}): RequestHandler {
  const write = options.write ?? jsonLine;
  // A caller that gave only `write` wants operation records only.
  const writeEvent =
    options.writeEvent ??
    (options.write
      ? undefined
      : (r: AccessLogConnectionRecord) => {
          process.stderr.write(`${JSON.stringify(r)}\n`);
        });
  return {
    observe(event: ConnectionEvent): void {
      writeEvent?.(connectionRecord(event));
      inner.observe?.(event);
    },
    async handle(request: LdapRequest, conn: ConnectionState): Promise<OperationResponse> {
      const start = performance.now();
      const authzDn = conn.identity.dn;
      const response = await inner.handle(request, conn);
      const record: AccessLogRecord = {
        conn: conn.id,
        client: conn.clientAddress,
        msgId: request.messageId,
        op: request.operation.type,
        dn: requestDn(request.operation),
        result: response.drop || !response.result ? null : response.result.resultCode,
        etime: Math.round((performance.now() - start) * 1000) / 1000,
        secure: conn.secure,
        authzDn,
      };
      const r = response.result;
      if (r && r.resultCode !== 0 && r.diagnosticMessage) record.message = r.diagnosticMessage;
      const detail = describe(request);
      if (detail) record.detail = detail;
      if (request.controls.length > 0) {
        record.controls = request.controls.map((c) => (c.critical ? `${c.oid}!` : c.oid));
      }
      if (response.entries) record.entries = response.entries.length;
      if (response.drop) record.dropped = true;
      if (response.close) record.closed = true;
      write(record);
      return response;
    },
  };
}
