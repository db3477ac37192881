/**
 * One client connection: frames the byte stream, decodes each request, runs the handler chain and
 * writes the response. Requests on one connection are answered in order of arrival (RFC 4511 §4.1.1
 * lets a server do so); connections run concurrently. Nothing a client sends can throw out of here:
 * framing errors and undecodable envelopes end the connection with a Notice of Disconnection,
 * malformed operations with a known message id get protocolError (RFC 4511 §4.1.1).
 */
import type net from "node:net";
import tls from "node:tls";
import type { LdapAdminLimits } from "../../directory/api.ts";
import { ANONYMOUS, type DirectoryService, type LdapResult } from "../../directory/api.ts";
import type { BudgetHolder, ReceiveBudget } from "../../net/receive-budget.ts";
import type {
  ConnectionEvent,
  DisconnectReason,
  InternalErrorReporter,
  RequestHandler,
} from "../handlers/request-handler.ts";
import { decodeRequest } from "../protocol/decode-request.ts";
import { encodeNoticeOfDisconnection, encodeResponse } from "../protocol/encode-response.ts";
import { INTERNAL_ERROR, PROTOCOL_ERROR_FALLBACK } from "../protocol/local-results.ts";
import type { LdapRequest, OperationResponse } from "../protocol/messages.ts";
import { RESPONSE_TAG } from "../protocol/tags.ts";
import type { ConnectionState } from "./connection-state.ts";
import { Framer, FramingError } from "./framing.ts";

/** Requests waiting on one connection before we stop reading from it. */
export const MAX_QUEUED = 256;
/** Bytes of complete requests waiting on one connection before we stop reading from it. */
const MAX_QUEUED_BYTES = 1024 * 1024;

export interface ConnectionHost {
  readonly handler: RequestHandler;
  readonly directory: DirectoryService;
  /** The LDAP policies in force, read at each use. */
  limits(): LdapAdminLimits;
  /** Idle limit in ms; overrides MaxConnIdleTime when set (tests). */
  readonly idleTimeoutMs?: number;
  /** The process-wide budget for received, unprocessed bytes. */
  readonly receiveBudget: ReceiveBudget;
  /** For StartTLS. */
  secureContext(): tls.SecureContext;
  readonly onInternalError: InternalErrorReporter;
  observe(event: ConnectionEvent): void;
  closed(connection: Connection): void;
}

export class Connection implements BudgetHolder {
  private socket: net.Socket;
  private framer: Framer;
  private readonly queue: Buffer[] = [];
  private busy = false;
  /** No more requests are read (fatal error, unbind, close). */
  private stopped = false;
  /** The client half-closed; finish the queue, then close. */
  private readEnded = false;
  /** Bytes of complete requests in the queue. */
  private queuedBytes = 0;
  /** Why the server ended the connection (undefined: the client did). */
  private endReason: { reason: DisconnectReason; detail?: string } | undefined;
  /** InitRecvTimeout until the first request, then MaxConnIdleTime between requests. */
  private idleTimer: NodeJS.Timeout | undefined;
  private firstRequestSeen = false;

  constructor(
    socket: net.Socket,
    readonly state: ConnectionState,
    private readonly host: ConnectionHost,
  ) {
    this.socket = socket;
    this.framer = new Framer(() => host.limits().MaxReceiveBuffer);
    this.attach(socket);
    this.armIdleTimer();
    socket.once("close", () => {
      this.stopped = true;
      this.queue.length = 0;
      this.queuedBytes = 0;
      this.clearIdleTimer();
      host.receiveBudget.release(this);
      this.state.paging.clear();
      const end = this.endReason ?? { reason: "client" as const };
      host.observe({ type: "disconnect", connection: this.state, ...end });
      host.closed(this);
    });
  }

  /** Ends the connection from the server side (server shutdown, idle timeout, limits). */
  close(notice?: LdapResult, reason: DisconnectReason = "shutdown", detail?: string): void {
    if (this.socket.destroyed) return;
    this.endReason ??= { reason, ...(detail !== undefined ? { detail } : {}) };
    this.stop();
    if (notice && this.socket.writable) this.socket.write(encodeNoticeOfDisconnection(notice));
    this.endSocket();
  }

  destroy(reason: DisconnectReason = "shutdown"): void {
    this.endReason ??= { reason };
    this.stop();
    this.socket.destroy();
  }

  /** The receive budget needs this connection's bytes back: it holds the most. */
  evict(): void {
    if (this.stopped) return;
    const notice = this.busyResult("the server's receive buffers are full");
    this.close(notice, "receiveBudget");
  }

  /**
   * KB 315071: InitRecvTimeout bounds the wait for the first request, MaxConnIdleTime the wait
   * between requests; either ends the connection with a Notice of Disconnection. Real time: the
   * limits protect the server, they are not part of the simulated world.
   */
  private armIdleTimer(): void {
    this.clearIdleTimer();
    if (this.stopped) return;
    const limits = this.host.limits();
    const ms = this.firstRequestSeen
      ? (this.host.idleTimeoutMs ?? limits.MaxConnIdleTime * 1000)
      : Math.min(this.host.idleTimeoutMs ?? limits.InitRecvTimeout * 1000, limits.InitRecvTimeout * 1000);
    if (!(ms > 0)) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.busy || this.queue.length > 0) return this.armIdleTimer();
      this.close(this.idleNotice(), "idle");
    }, ms);
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private attach(socket: net.Socket): void {
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    // Errors (ECONNRESET, EPIPE, TLS alerts) only ever end this connection.
    socket.on("error", this.onError);
  }

  private detach(socket: net.Socket): void {
    socket.removeListener("data", this.onData);
    socket.removeListener("end", this.onEnd);
  }

  private readonly onError = (): void => {
    this.endReason ??= { reason: "client" };
    this.stop();
    this.socket.destroy();
  };

  private readonly onEnd = (): void => {
    this.readEnded = true;
    if (!this.busy) this.endSocket();
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.stopped) return;
    let frames: Buffer[];
    try {
      frames = this.framer.push(chunk);
    } catch (err) {
      const detail = err instanceof FramingError ? err.message : "unreadable message";
      this.fatal(detail);
      return;
    }
    for (const f of frames) {
      this.queue.push(f);
      this.queuedBytes += f.length;
    }
    // Unfinished and waiting messages count against the process's budget; past it, the connections
    // holding the most are dropped (possibly this one).
    if (!this.host.receiveBudget.set(this, this.framer.buffered + this.queuedBytes)) return;
    if (frames.length === 0) return;
    this.state.maxQueuedRequests = Math.max(this.state.maxQueuedRequests, this.queue.length);
    if (!this.firstRequestSeen) this.firstRequestSeen = true;
    this.clearIdleTimer();
    // A client that pipelines faster than we answer is paused instead of buffering without bound.
    if ((this.queue.length > MAX_QUEUED || this.queuedBytes > MAX_QUEUED_BYTES) && !this.socket.isPaused()) {
      this.socket.pause();
      this.state.readerPauses++;
    }
    if (!this.busy) void this.drain();
  };

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const frame = this.queue.shift()!;
        this.queuedBytes -= frame.length;
        this.host.receiveBudget.set(this, this.framer.buffered + this.queuedBytes);
        await this.process(frame);
        // A client that does not read its answers: wait until the kernel takes them.
        if (this.socket.writableNeedDrain) await this.writable();
      }
      if (!this.stopped && this.socket.isPaused()) this.socket.resume();
    } catch (err) {
      // process() guards itself; this is the last line of defence for the connection.
      this.host.onInternalError(err, { connectionId: this.state.id });
      this.destroy();
    } finally {
      this.busy = false;
    }
    if (this.readEnded && !this.stopped) this.endSocket();
    else if (!this.stopped) this.armIdleTimer();
  }

  private writable(): Promise<void> {
    const socket = this.socket;
    return new Promise((resolve) => {
      const done = () => {
        socket.removeListener("drain", done);
        socket.removeListener("close", done);
        resolve();
      };
      socket.on("drain", done);
      socket.on("close", done);
    });
  }

  private async process(frame: Buffer): Promise<void> {
    const outcome = decodeRequest(frame);
    if (!outcome.ok) {
      const { messageId, operation, detail } = outcome;
      if (messageId === undefined || operation === undefined || RESPONSE_TAG[operation] === undefined) {
        // Unknown envelope, unknown operation, or a malformed unbind/abandon (which have no response).
        this.fatal(detail);
        return;
      }
      if (operation === "bind") this.state.identity = ANONYMOUS;
      this.host.observe({ type: "protocolError", connection: this.state, messageId, operation, detail });
      const result = this.protocolError(detail);
      this.write(encodeResponse(messageId, operation, { result }));
      return;
    }
    const request = outcome.request;
    let response: OperationResponse;
    try {
      response = await this.host.handler.handle(request, this.state);
    } catch (err) {
      this.host.onInternalError(err, {
        connectionId: this.state.id,
        messageId: request.messageId,
        operation: request.operation.type,
      });
      response = { result: INTERNAL_ERROR };
    }
    this.state.operations++;
    this.respond(request, response);
  }

  private respond(request: LdapRequest, response: OperationResponse): void {
    const op = request.operation;
    if (op.type === "bind") {
      // RFC 4513 §5.1: a failed bind leaves the connection anonymous.
      const ok = response.result !== undefined && response.result.resultCode === 0 && response.identity;
      this.state.identity = ok ? response.identity! : ANONYMOUS;
    }
    if (op.type === "unbind") {
      // RFC 4511 §4.3: no response; the server terminates the session.
      this.endReason ??= { reason: "client", detail: "unbind" };
      this.stop();
      this.endSocket();
      return;
    }
    if (!response.drop) {
      let bytes: Buffer | undefined;
      try {
        const typesOnly = op.type === "search" && op.request.typesOnly;
        bytes = encodeResponse(request.messageId, op.type, response, typesOnly);
      } catch (err) {
        this.host.onInternalError(err, {
          connectionId: this.state.id,
          messageId: request.messageId,
          operation: op.type,
        });
        bytes = encodeResponse(request.messageId, op.type, { result: INTERNAL_ERROR });
      }
      this.write(bytes);
    }
    if (response.close) {
      this.endReason ??= { reason: "handler" };
      this.stop();
      this.endSocket();
      return;
    }
    if (response.startTls && !response.drop && response.result?.resultCode === 0) this.upgrade();
  }

  /**
   * RFC 4511 §4.14.2, RFC 4513 §3.1: after the success response, TLS starts on the same socket.
   * The client sends nothing else until the handshake, so anything already buffered is discarded.
   */
  private upgrade(): void {
    const raw = this.socket;
    this.detach(raw);
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.framer = new Framer(() => this.host.limits().MaxReceiveBuffer);
    this.host.receiveBudget.release(this);
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: this.host.secureContext() });
    secure.setNoDelay(true);
    this.socket = secure;
    this.state.secure = true;
    this.attach(secure);
    secure.once("close", () => raw.destroy());
  }

  private write(bytes: Buffer | undefined): void {
    if (bytes && this.socket.writable) this.socket.write(bytes);
  }

  /** The personality's protocolError; a catalogue that throws must not take the process down. */
  private protocolError(detail: string): LdapResult {
    try {
      return this.host.directory.protocolErrors.protocolError(detail);
    } catch (err) {
      this.host.onInternalError(err, { connectionId: this.state.id });
      return PROTOCOL_ERROR_FALLBACK;
    }
  }

  private busyResult(detail: string): LdapResult {
    try {
      return this.host.directory.protocolErrors.busy(detail);
    } catch (err) {
      this.host.onInternalError(err, { connectionId: this.state.id });
      return PROTOCOL_ERROR_FALLBACK;
    }
  }

  private idleNotice(): LdapResult {
    try {
      return this.host.directory.protocolErrors.idleTimeout();
    } catch (err) {
      this.host.onInternalError(err, { connectionId: this.state.id });
      return PROTOCOL_ERROR_FALLBACK;
    }
  }

  /** RFC 4511 §4.1.1: Notice of Disconnection with protocolError, then close. */
  private fatal(detail: string): void {
    if (this.stopped) return;
    this.host.observe({ type: "protocolError", connection: this.state, detail });
    this.close(this.protocolError(detail), "protocolError", detail);
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearIdleTimer();
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.host.receiveBudget.release(this);
    this.detach(this.socket);
    // Keep draining the receive buffer so closing does not turn into a reset that loses our reply.
    this.socket.on("data", () => {});
  }

  private endSocket(): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    socket.end(() => socket.destroy());
  }
}
