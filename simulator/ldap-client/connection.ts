/**
 * Opening an LDAP connection the way Connect and the admin tools do: LDAPS, or ldap:// plus
 * StartTLS, or (only when asked, to model "Sign and Encrypt LDAP Traffic" off) cleartext; then a
 * simple bind. Self-signed DC certificates are accepted (rejectUnauthorized: false): every DC we
 * talk to in tests has one.
 */
import { Client } from "ldapts";
import { LdapTransportError, outcomeOf } from "./outcome.ts";

export type Transport = "ldaps" | "starttls" | "plain";

export interface ConnectionOptions {
  /** ldaps://host:port or ldap://host:port. */
  url: string;
  /** Default: "ldaps" for ldaps:// URLs, "starttls" for ldap:// URLs. */
  transport?: Transport;
  /** DN, UPN or DOMAIN\\user. */
  bindName: string;
  password: string;
  /** Connect timeout, ms (real time: a socket is real). Default 5000. */
  connectTimeoutMs?: number;
  /** Operation timeout, ms. Default 10000. */
  timeoutMs?: number;
}

export function defaultTransport(url: string): Transport {
  return url.toLowerCase().startsWith("ldaps://") ? "ldaps" : "starttls";
}

/** Which phase failed, for error mapping (a bind failure is not a connection failure). */
export class LdapConnectError extends Error {
  constructor(
    readonly phase: "connect" | "starttls" | "bind",
    readonly outcome: ReturnType<typeof outcomeOf>,
  ) {
    super(
      `${phase} failed: ${outcome.code >= 0 ? `${outcome.code} ${outcome.name} ` : ""}${outcome.diagnosticMessage}`,
    );
    this.name = "LdapConnectError";
  }
}

export async function openConnection(opts: ConnectionOptions): Promise<Client> {
  const transport = opts.transport ?? defaultTransport(opts.url);
  if (transport === "ldaps" && !opts.url.toLowerCase().startsWith("ldaps://")) {
    throw new LdapTransportError(`transport ldaps needs an ldaps:// URL, got ${opts.url}`);
  }
  const client = new Client({
    url: opts.url,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    timeout: opts.timeoutMs ?? 10_000,
    // ldapts opens TLS at connect whenever tlsOptions is set, even for ldap:// URLs: only for LDAPS.
    ...(transport === "ldaps" ? { tlsOptions: { rejectUnauthorized: false } } : {}),
    strictDN: false,
  });
  if (transport === "starttls") {
    try {
      await client.startTLS({ rejectUnauthorized: false });
    } catch (e) {
      await client.unbind().catch(() => {});
      throw new LdapConnectError(isTransport(e) ? "connect" : "starttls", outcomeOf(e));
    }
  }
  try {
    await client.bind(opts.bindName, opts.password);
  } catch (e) {
    await client.unbind().catch(() => {});
    throw new LdapConnectError(isTransport(e) ? "connect" : "bind", outcomeOf(e));
  }
  return client;
}

function isTransport(e: unknown): boolean {
  return outcomeOf(e).code === -1;
}

/** The domain's naming context from the RootDSE (MS-ADTS 3.1.1.3.2.3); "" when the DC gives none. */
export async function defaultNamingContext(client: Client): Promise<string> {
  const root = await client.search("", {
    scope: "base",
    filter: "(objectClass=*)",
    attributes: ["defaultNamingContext"],
  });
  return String(root.searchEntries[0]?.defaultNamingContext ?? "");
}
