/**
 * Starts the LDAP server on ephemeral loopback ports in front of a directory. To run these tests
 * against the real directory later, change makeDirectory() (tests that assert on recorded calls
 * use the StubDirectory's bookkeeping and stay on the stub).
 */
import { Client } from "ldapts";
import type { DirectoryService } from "../../../simulator/directory/api.ts";
import { createLdapServer, type LdapServer, type LdapServerOptions } from "../../../simulator/ldap/index.ts";
import { StubDirectory } from "./stub-directory.ts";

/** An ldapts client for one of the server's URLs (over LDAPS, trusting its self-signed certificate). */
export function ldaptsClient(url: string): Client {
  return new Client(url.startsWith("ldaps:") ? { url, tlsOptions: { rejectUnauthorized: false } } : { url });
}

/** Runs `fn` with a fresh ldapts client, then unbinds it whatever happened. */
export async function withLdapts<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = ldaptsClient(url);
  try {
    return await fn(c);
  } finally {
    await c.unbind().catch(() => {});
  }
}

export function makeDirectory(): StubDirectory {
  return new StubDirectory();
}

export interface RunningServer {
  server: LdapServer;
  ldapUrl: string;
  ldapsUrl: string;
  port: number;
  ldapsPort: number;
  internalErrors: unknown[];
  close(): Promise<void>;
}

export async function startServer(
  directory: DirectoryService,
  opts: Omit<LdapServerOptions, "ldapPort" | "ldapsPort"> = {},
): Promise<RunningServer> {
  const internalErrors: unknown[] = [];
  const server = createLdapServer(directory, {
    onInternalError: (e) => internalErrors.push(e),
    ...opts,
    ldapPort: 0,
    ldapsPort: 0,
  });
  const urls = await server.listen();
  const ldapUrl = urls.ldapUrl!;
  const ldapsUrl = urls.ldapsUrl!;
  return {
    server,
    ldapUrl,
    ldapsUrl,
    port: Number(new URL(ldapUrl).port),
    ldapsPort: Number(new URL(ldapsUrl).port),
    internalErrors,
    close: () => server.close(),
  };
}
