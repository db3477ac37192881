/**
 * createLdapServer: plain LDAP (with StartTLS) and LDAPS listeners in front of a DirectoryService.
 * Every accepted socket gets TCP_NODELAY: each answer is one write, and with Nagle's algorithm
 * on, a client waiting on the delayed ACK adds ~40 ms per request (ldapjs-pitfalls.md).
 */
import net from "node:net";
import tls from "node:tls";
import type { DirectoryService } from "../../directory/api.ts";
import { LDAP_POLICY_DEFAULTS, type LdapAdminLimits, type LdapPolicyName } from "../../directory/api.ts";
import { type ConnectionGate, processConnectionGate } from "../../net/connection-gate.ts";
import { processReceiveBudget, type ReceiveBudget } from "../../net/receive-budget.ts";
import { DirectoryRequestHandler } from "../handlers/directory-handler.ts";
import {
  type ConnectionEvent,
  type InternalErrorReporter,
  logInternalErrorToStderr,
  type RequestHandler,
} from "../handlers/request-handler.ts";
import { encodeNoticeOfDisconnection } from "../protocol/encode-response.ts";
import { Connection, type ConnectionHost } from "./connection.ts";
import { ConnectionState } from "./connection-state.ts";
import { PagedSearchStore, ResultSetPool } from "./paging.ts";
import { defaultTlsMaterial, type TlsMaterial } from "./tls-cert.ts";

export interface LdapServerOptions {
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Plain LDAP port (0 = ephemeral); undefined = no plain listener. */
  ldapPort?: number;
  /** LDAPS port (0 = ephemeral); undefined = no LDAPS listener. */
  ldapsPort?: number;
  /** PEM certificate and key; a cached self-signed CN=dc1.contoso.com certificate when absent. */
  tls?: TlsMaterial;
  /**
   * LDAP policies that override the directory's (MS-ADTS 3.1.1.3.4.6) for this server, e.g. a small
   * MaxConnections in a test. Everything else follows the directory's query policy, read live.
   */
  limits?: Partial<Record<LdapPolicyName, number>>;
  /** Largest accepted LDAPMessage in bytes: MaxReceiveBuffer. */
  maxMessageSize?: number;
  /** Connections beyond this many are refused with a Notice of Disconnection: MaxConnections. */
  maxConnections?: number;
  /** Idle time in ms before a connection is closed (finer than MaxConnIdleTime's seconds; tests). */
  idleTimeoutMs?: number;
  /** Most entries per page of a paged search: MaxPageSize. */
  maxPageSize?: number;
  /** Whether StartTLS is offered on the plain listener (default true). */
  allowStartTls?: boolean;
  /** Wraps the core handler with decorators, e.g. `(core) => accessLog(faultInjection(core, rules))`. */
  decorate?: (core: RequestHandler) => RequestHandler;
  /** Where non-DirectoryError exceptions are reported (default: one JSON line on stderr). */
  onInternalError?: InternalErrorReporter;
  /** The process-wide socket gate (default: the shared one). */
  connectionGate?: ConnectionGate;
  /** The process-wide budget for received, unprocessed bytes (default: the shared one). */
  receiveBudget?: ReceiveBudget;
}

export interface LdapServer {
  /** Starts the configured listeners; URLs are undefined for listeners not configured. */
  listen(): Promise<{ ldapUrl?: string; ldapsUrl?: string }>;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
  /** Open connections. */
  readonly connections: ReadonlySet<ConnectionState>;
  /** The handler chain in use (core wrapped by `decorate`). */
  readonly handler: RequestHandler;
  /** The limits in force now (the directory's query policy with this server's overrides). */
  limits(): LdapAdminLimits;
  /** Stored paged-search result sets of every connection (MaxResultSetSize, MaxResultSetsPerConn). */
  readonly resultSets: ResultSetPool;
}

export const DEFAULT_MAX_MESSAGE_SIZE = LDAP_POLICY_DEFAULTS.MaxReceiveBuffer;
/** AD's default MaxPageSize LDAP policy. */
export const DEFAULT_MAX_PAGE_SIZE = LDAP_POLICY_DEFAULTS.MaxPageSize;

export function createLdapServer(directory: DirectoryService, opts: LdapServerOptions = {}): LdapServer {
  const host = opts.host ?? "127.0.0.1";
  const report = opts.onInternalError ?? logInternalErrorToStderr;
  // A reporter that throws must not turn one bad request into a crash.
  const onInternalError: InternalErrorReporter = (err, info) => {
    try {
      report(err, info);
    } catch {
      // nothing sensible left to do
    }
  };
  const overrides: Partial<Record<LdapPolicyName, number>> = { ...opts.limits };
  if (opts.maxMessageSize !== undefined) overrides.MaxReceiveBuffer = opts.maxMessageSize;
  if (opts.maxConnections !== undefined) overrides.MaxConnections = opts.maxConnections;
  if (opts.maxPageSize !== undefined) overrides.MaxPageSize = opts.maxPageSize;
  // The directory's policy object changes identity when it changes: merge once per version.
  let seen: LdapAdminLimits | undefined;
  let merged: LdapAdminLimits = { ...LDAP_POLICY_DEFAULTS, ...overrides };
  const limits = (): LdapAdminLimits => {
    const live = directory.ldapLimits;
    if (live !== seen) {
      seen = live;
      merged = Object.freeze({ ...LDAP_POLICY_DEFAULTS, ...live, ...overrides });
    }
    return merged;
  };
  const core = new DirectoryRequestHandler(directory, {
    allowStartTls: opts.allowStartTls ?? true,
    maxPageSize: () => limits().MaxPageSize,
    onInternalError,
  });
  const handler: RequestHandler = opts.decorate ? opts.decorate(core) : core;
  const observe = (event: ConnectionEvent): void => {
    try {
      handler.observe?.(event);
    } catch (err) {
      onInternalError(err, { connectionId: "connection" in event ? event.connection.id : 0 });
    }
  };
  const gate = opts.connectionGate ?? processConnectionGate;
  const resultSets = new ResultSetPool(limits);
  const open = new Map<ConnectionState, Connection>();
  const states = new Set<ConnectionState>();
  let nextId = 1;
  let secureContext: tls.SecureContext | undefined;
  const servers: net.Server[] = [];
  /** Every accepted TCP socket, including LDAPS ones still in their handshake, so close() never hangs. */
  const sockets = new Set<net.Socket>();
  /** Raw sockets holding a place in the process gate. */
  const gated = new WeakSet<net.Socket>();
  const track = (s: net.Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.once("close", () => {
      sockets.delete(s);
      if (gated.has(s)) gate.release();
    });
    if (gate.tryAcquire()) gated.add(s);
  };

  const connectionHost: ConnectionHost = {
    handler,
    directory,
    limits,
    idleTimeoutMs: opts.idleTimeoutMs,
    receiveBudget: opts.receiveBudget ?? processReceiveBudget,
    secureContext: () => secureContext!,
    onInternalError,
    observe,
    closed(connection) {
      open.delete(connection.state);
      states.delete(connection.state);
    },
  };

  /** A Notice of Disconnection with busy, then close: the client learns why instead of seeing a reset. */
  function refuse(socket: net.Socket, listener: "ldap" | "ldaps", reason: "maxConnections" | "descriptors") {
    socket.on("error", () => socket.destroy());
    observe({ type: "refuse", client: socket.remoteAddress ?? "", listener, reason });
    let notice: Buffer | undefined;
    try {
      const detail =
        reason === "maxConnections"
          ? "the server has reached its MaxConnections limit"
          : "the server is out of connection resources";
      notice = encodeNoticeOfDisconnection(directory.protocolErrors.busy(detail));
    } catch (err) {
      onInternalError(err, { connectionId: 0 });
    }
    if (notice) socket.end(notice, () => socket.destroy());
    else socket.end(() => socket.destroy());
    // A client that never reads must not keep the socket.
    setTimeout(() => socket.destroy(), 2000).unref();
  }

  /** `admitted`: the raw socket holds a place in the process gate (LDAPS sockets past it never get here). */
  function accept(socket: net.Socket, admitted: boolean, listener: "ldap" | "ldaps"): void {
    socket.setNoDelay(true);
    if (!admitted) {
      refuse(socket, listener, "descriptors");
      return;
    }
    // MaxConnections (KB 315071): the newcomer is refused, connected clients keep their sessions.
    if (open.size >= limits().MaxConnections) {
      refuse(socket, listener, "maxConnections");
      return;
    }
    const state = new ConnectionState(
      nextId++,
      socket.remoteAddress ?? "",
      listener === "ldaps",
      listener,
      new PagedSearchStore(resultSets, limits),
    );
    const connection = new Connection(socket, state, connectionHost);
    open.set(state, connection);
    states.add(state);
    observe({ type: "connect", connection: state });
  }

  function listenOn(server: net.Server, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.removeListener("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    connections: states,
    handler,
    limits,
    resultSets,
    async listen() {
      const material = opts.tls ?? (await defaultTlsMaterial());
      secureContext = tls.createSecureContext({ cert: material.cert, key: material.key });
      const urls: { ldapUrl?: string; ldapsUrl?: string } = {};
      if (opts.ldapPort !== undefined) {
        const plain = net.createServer({ allowHalfOpen: true, noDelay: true }, (s) => {
          track(s);
          accept(s, gated.has(s), "ldap");
        });
        servers.push(plain);
        urls.ldapUrl = `ldap://${urlHost}:${await listenOn(plain, opts.ldapPort)}`;
      }
      if (opts.ldapsPort !== undefined) {
        const secure = tls.createServer({ cert: material.cert, key: material.key, noDelay: true }, (s) =>
          accept(s, true, "ldaps"),
        );
        // The raw socket, before the handshake: no delay there too. Past the process gate, no
        // handshake is worth its CPU: the raw socket is closed at once.
        secure.on("connection", (s: net.Socket) => {
          track(s);
          if (!gated.has(s)) s.destroy();
        });
        // Failed handshakes concern one client only.
        secure.on("tlsClientError", (_err, s) => s.destroy());
        servers.push(secure);
        urls.ldapsUrl = `ldaps://${urlHost}:${await listenOn(secure, opts.ldapsPort)}`;
      }
      return urls;
    },
    async close() {
      const closing = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const c of [...open.values()]) c.destroy("shutdown");
      for (const s of [...sockets]) s.destroy();
      await Promise.all(closing);
      servers.length = 0;
    },
  };
}
