/**
 * Access log decorator: one structured record per operation (connection, message id, operation,
 * DN, result code, elapsed time). Attribute values are never logged, only attribute names, so no
 * password (unicodePwd, userPassword, bind credentials, extended-operation payloads) can leak.
 */
import { performance } from "node:perf_hooks";
import type { LdapRequest, OperationResponse } from "../protocol/messages.ts";
import type { ConnectionState } from "../server/connection-state.ts";
import type { RequestHandler } from "./request-handler.ts";
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

export interface AccessLogOptions {
  /** Receives each record; default: one JSON line on stderr (stdout belongs to the CLI's output). */
  write?: (record: AccessLogRecord) => void;
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
  return {
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
