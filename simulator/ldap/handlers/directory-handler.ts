/**
 * The innermost RequestHandler: checks critical controls, owns the operations the LDAP layer
 * implements itself (SASL refusal, StartTLS, paged results) and calls the DirectoryService for the
 * rest. Every exception ends here: a DirectoryError becomes its result unchanged; anything else
 * becomes other (80) with a generic message and is reported (without request values).
 */
import {
  DirectoryError,
  type DirectoryService,
  type LdapResult,
  type OperationContext,
} from "../../directory/api.ts";
import { PAGED_RESULTS_OID } from "../ber/controls-codec.ts";
import { INTERNAL_ERROR, ResultCode, SUCCESS } from "../protocol/local-results.ts";
import { type LdapRequest, OID, type OperationResponse } from "../protocol/messages.ts";
import type { ConnectionState } from "../server/connection-state.ts";
import { pagedSearch } from "./paged-search.ts";
import type { InternalErrorReporter, RequestHandler } from "./request-handler.ts";

export interface DirectoryHandlerOptions {
  /** Whether StartTLS may be negotiated on plain connections. */
  allowStartTls: boolean;
  /** Largest page of a paged search (AD's MaxPageSize policy, MS-ADTS 3.1.1.3.4.1.1), read live. */
  maxPageSize: () => number;
  onInternalError: InternalErrorReporter;
}

const NO_RESPONSE: OperationResponse = Object.freeze({});

/** DirectoryError thrown by another copy of api.ts (e.g. a bundled directory) still counts. */
function asDirectoryResult(err: unknown): LdapResult | undefined {
  if (err instanceof DirectoryError) return err.toResult();
  const e = err as Partial<DirectoryError> | null;
  if (e && e.name === "DirectoryError" && typeof e.resultCode === "number") {
    return {
      resultCode: e.resultCode,
      diagnosticMessage: String(e.diagnosticMessage ?? ""),
      matchedDN: String(e.matchedDN ?? ""),
    };
  }
  return undefined;
}

/**
 * The success result of add/modify/delete/modifyDN. Samba says "00000000: Success" where Windows
 * says nothing (samba-observations.md); the directory exposes that as `successMessage`, which
 * api.ts does not declare yet, so it is read when present.
 */
function writeSuccess(directory: DirectoryService): LdapResult {
  const message = (directory as { successMessage?: unknown }).successMessage;
  return typeof message === "string" && message !== ""
    ? Object.freeze({ resultCode: 0, matchedDN: "", diagnosticMessage: message })
    : SUCCESS;
}

export class DirectoryRequestHandler implements RequestHandler {
  private readonly writeSuccess: LdapResult;

  constructor(
    private readonly directory: DirectoryService,
    private readonly options: DirectoryHandlerOptions,
  ) {
    this.writeSuccess = writeSuccess(directory);
  }

  async handle(request: LdapRequest, conn: ConnectionState): Promise<OperationResponse> {
    try {
      return await this.dispatch(request, conn);
    } catch (err) {
      const result = asDirectoryResult(err);
      if (result) return { result };
      this.options.onInternalError(err, {
        connectionId: conn.id,
        messageId: request.messageId,
        operation: request.operation.type,
      });
      return { result: INTERNAL_ERROR };
    }
  }

  private async dispatch(request: LdapRequest, conn: ConnectionState): Promise<OperationResponse> {
    const op = request.operation;
    if (op.type === "unbind" || op.type === "abandon") return NO_RESPONSE;
    const directory = this.directory;
    // RFC 4511 §4.1.11: a critical control we cannot honour fails the operation before it runs.
    for (const c of request.controls) {
      if (c.critical && c.oid !== PAGED_RESULTS_OID && !directory.supportedControls.has(c.oid)) {
        return { result: directory.protocolErrors.unavailableCriticalExtension(c.oid) };
      }
    }
    const ctx: OperationContext = {
      identity: conn.identity,
      secure: conn.secure,
      controls: request.controls,
      connectionId: conn.id,
      messageId: request.messageId,
      clientAddress: conn.clientAddress,
    };
    switch (op.type) {
      case "bind": {
        if (op.authentication.kind === "sasl") {
          return { result: directory.protocolErrors.saslNotSupported(op.authentication.mechanism) };
        }
        const identity = await directory.bindSimple(op.name, op.authentication.password, ctx);
        return { result: SUCCESS, identity };
      }
      case "search": {
        if (request.controls.some((c) => c.oid === PAGED_RESULTS_OID)) {
          return pagedSearch(directory, op.request, op.raw, ctx, conn.paging, this.options.maxPageSize());
        }
        const res = await directory.search(op.request, ctx);
        return {
          entries: res.entries,
          references: res.references,
          controls: res.controls,
          result: res.result ?? SUCCESS,
        };
      }
      case "modify":
        await directory.modify(op.dn, op.changes, ctx);
        return { result: this.writeSuccess };
      case "add":
        await directory.add(op.dn, op.attributes, ctx);
        return { result: this.writeSuccess };
      case "delete":
        await directory.delete(op.dn, ctx);
        return { result: this.writeSuccess };
      case "modifyDN":
        await directory.modifyDN(op.dn, op.newRdn, op.deleteOldRdn, op.newSuperior, ctx);
        return { result: this.writeSuccess };
      case "compare": {
        const equal = await directory.compare(op.dn, op.attribute, op.value, ctx);
        return {
          result: {
            resultCode: equal ? ResultCode.compareTrue : ResultCode.compareFalse,
            matchedDN: "",
            diagnosticMessage: "",
          },
        };
      }
      case "extended": {
        if (op.oid === OID.startTls) return this.startTls(op.value, conn);
        const extended = await directory.extended(
          op.value ? { oid: op.oid, value: op.value } : { oid: op.oid },
          ctx,
        );
        return { result: SUCCESS, extended };
      }
    }
  }

  /** RFC 4511 §4.14: StartTLS has no value; refused when TLS is already active or disabled. */
  private startTls(value: Buffer | undefined, conn: ConnectionState): OperationResponse {
    const errors = this.directory.protocolErrors;
    if (value !== undefined) return { result: errors.protocolError("StartTLS request with a value") };
    if (conn.secure) return { result: errors.startTlsRefused("TLS is already active on this connection") };
    if (!this.options.allowStartTls) return { result: errors.startTlsRefused("StartTLS is not enabled") };
    return { result: SUCCESS, extended: { oid: OID.startTls }, startTls: true };
  }
}
