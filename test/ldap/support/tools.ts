/**
 * Runs real LDAP clients nobody here wrote: OpenLDAP's ldapsearch/ldapmodify and python ldap3.
 * A missing tool fails the test with a clear message (tests never skip).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const SYSTEM_PYTHON = "/usr/bin/python3";

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function requireTool(path: string, hint: string): void {
  const found = path.startsWith("/") ? existsSync(path) : spawnSync("which", [path]).status === 0;
  if (!found) throw new Error(`${path} is not installed (${hint}); run scripts/setup.sh`);
}

export function run(
  cmd: string,
  args: string[],
  opts: { input?: string; env?: Record<string, string> } = {},
) {
  return new Promise<ToolResult>((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: {
        ...process.env,
        LDAPTLS_REQCERT: "never",
        LDAPCONF: "/dev/null",
        LDAPRC: "/dev/null",
        ...opts.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs a python ldap3 script with /usr/bin/python3; the script prints one JSON document. */
export async function runLdap3(script: string, args: string[]): Promise<unknown> {
  requireTool(SYSTEM_PYTHON, "python3-ldap3 from Debian");
  const res = await run(SYSTEM_PYTHON, ["-c", script, ...args]);
  if (res.code !== 0) throw new Error(`ldap3 script failed (${res.code}): ${res.stderr}`);
  return JSON.parse(res.stdout);
}
