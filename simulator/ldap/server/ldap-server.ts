/**
 * createLdapServer: plain LDAP (with StartTLS) and LDAPS listeners in front of a DirectoryService.
 * Every accepted socket gets TCP_NODELAY: each answer is one write, and with Nagle's algorithm
 * on, a client waiting on the delayed ACK adds ~40 ms per request (ldapjs-pitfalls.md).
 */
import net from "node:net";
import tls from "node:tls";
import type { DirectoryService } from "../../directory/api.ts";
import { DirectoryRequestHandler } from "../handlers/directory-handler.ts";
import {
  type InternalErrorReporter,
  logInternalErrorToStderr,
  type RequestHandler,
} from "../handlers/request-handler.ts";
import { Connection, type ConnectionHost } from "./connection.ts";
import { ConnectionState } from "./connection-state.ts";
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
  /** Largest accepted LDAPMessage in bytes (default 10 MiB); larger ones end the connection. */
  maxMessageSize?: number;
  /** Connections beyond this many are closed on arrival (default unlimited). */
  maxConnections?: number;
  /** Close connections idle this long (default: never). */
  idleTimeoutMs?: number;
  /** Most entries per page of a paged search (AD's MaxPageSize, default 1000). */
  maxPageSize?: number;
  /** Whether StartTLS is offered on the plain listener (default true). */
  allowStartTls?: boolean;
  /** Wraps the core handler with decorators, e.g. `(core) => accessLog(faultInjection(core, rules))`. */
  decorate?: (core: RequestHandler) => RequestHandler;
  /** Where non-DirectoryError exceptions are reported (default: one JSON line on stderr). */
  onInternalError?: InternalErrorReporter;
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
}

export const DEFAULT_MAX_MESSAGE_SIZE = 10 * 1024 * 1024;
/** AD's default MaxPageSize LDAP policy. */
export const DEFAULT_MAX_PAGE_SIZE = 1000;

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
  const core = new DirectoryRequestHandler(directory, {
    allowStartTls: opts.allowStartTls ?? true,
    maxPageSize: opts.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
    onInternalError,
  });
  const handler = opts.decorate ? opts.decorate(core) : core;
  const open = new Map<ConnectionState, Connection>();
  const states = new Set<ConnectionState>();
  let nextId = 1;
  let secureContext: tls.SecureContext | undefined;
  const servers: net.Server[] = [];
  /** Every accepted TCP socket, including LDAPS ones still in their handshake, so close() never hangs. */
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  };

  const connectionHost: ConnectionHost = {
    handler,
    directory,
    maxMessageSize: opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    secureContext: () => secureContext!,
    onInternalError,
    closed(connection) {
      open.delete(connection.state);
      states.delete(connection.state);
    },
  };

  function accept(socket: net.Socket, listener: "ldap" | "ldaps"): void {
    socket.setNoDelay(true);
    if (opts.maxConnections !== undefined && open.size >= opts.maxConnections) {
      socket.on("error", () => socket.destroy());
      socket.end(() => socket.destroy());
      return;
    }
    const state = new ConnectionState(nextId++, socket.remoteAddress ?? "", listener === "ldaps", listener);
    const connection = new Connection(socket, state, connectionHost);
    open.set(state, connection);
    states.add(state);
    if (opts.idleTimeoutMs) {
      socket.setTimeout(opts.idleTimeoutMs, () => connection.close());
    }
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
    async listen() {
      const material = opts.tls ?? (await defaultTlsMaterial());
      secureContext = tls.createSecureContext({ cert: material.cert, key: material.key });
      const urls: { ldapUrl?: string; ldapsUrl?: string } = {};
      if (opts.ldapPort !== undefined) {
        const plain = net.createServer({ allowHalfOpen: true, noDelay: true }, (s) => accept(s, "ldap"));
        plain.on("connection", track);
        servers.push(plain);
        urls.ldapUrl = `ldap://${urlHost}:${await listenOn(plain, opts.ldapPort)}`;
      }
      if (opts.ldapsPort !== undefined) {
        const secure = tls.createServer({ cert: material.cert, key: material.key, noDelay: true }, (s) =>
          accept(s, "ldaps"),
        );
        // The raw socket, before the handshake: no delay there too.
        secure.on("connection", track);
        // Failed handshakes concern one client only.
        secure.on("tlsClientError", (_err, s) => s.destroy());
        servers.push(secure);
        urls.ldapsUrl = `ldaps://${urlHost}:${await listenOn(secure, opts.ldapsPort)}`;
      }
      return urls;
    },
    async close() {
      const closing = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const c of [...open.values()]) c.destroy();
      for (const s of [...sockets]) s.destroy();
      await Promise.all(closing);
      servers.length = 0;
    },
  };
}
