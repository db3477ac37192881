/**
 * Spawning the real clients: OpenLDAP's ldapsearch/ldapmodify (Debian ldap-utils) and python ldap3
 * (Debian python3-ldap3, run with /usr/bin/python3). A missing tool fails the test with a clear
 * message; tests never skip. Passwords go to the tools through a 0600 file (-y) or stdin, never on
 * a command line.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ToolResult } from "../support/tools.ts";

export { requireTool, run, SYSTEM_PYTHON, type ToolResult } from "../support/tools.ts";

/** A private directory for password files, removed by cleanup(). */
export class SecretFiles {
  private readonly dir = mkdtempSync(join(tmpdir(), "wbsim-dc-clients-"));
  private n = 0;
  /** A file holding exactly `secret` (ldapsearch -y reads the whole file, no newline). */
  file(secret: string): string {
    const path = join(this.dir, `pw${++this.n}`);
    writeFileSync(path, secret, { mode: 0o600 });
    return path;
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The result an OpenLDAP tool reported: its exit status is the LDAP result code, and the server's
 * diagnosticMessage follows "additional info: " (printed with one "\n" of its own).
 */
export function openLdapOutcome(r: ToolResult): { code: number | null; message: string } {
  const marker = "\tadditional info: ";
  const at = r.stderr.lastIndexOf(marker);
  const message = at < 0 ? "" : r.stderr.slice(at + marker.length).replace(/\n$/, "");
  return { code: r.code, message };
}

/** Values of `attr` in LDIF output (unwrapped with -o ldif-wrap=no); base64 values decoded. */
export function ldifValues(ldif: string, attr: string): Buffer[] {
  const out: Buffer[] = [];
  for (const line of ldif.split("\n")) {
    const m = /^([^:]+):(:?) ?(.*)$/.exec(line);
    if (!m || m[1].toLowerCase() !== attr.toLowerCase()) continue;
    out.push(m[2] === ":" ? Buffer.from(m[3], "base64") : Buffer.from(m[3], "utf8"));
  }
  return out;
}
