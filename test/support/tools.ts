/**
 * Runs real programs nobody here wrote (OpenLDAP's ldapsearch/ldapmodify, python ldap3) and our own
 * CLI as a process. A missing tool fails the test with a clear message (tests never skip).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const SYSTEM_PYTHON = "/usr/bin/python3";

export interface ToolResult {
  /** The exit code; null when the process was killed (e.g. by the timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, which is then closed (closed at once when absent). */
  input?: string;
  /** Added to this process's environment (or to `baseEnv`). */
  env?: Record<string, string>;
  /** The environment to start from instead of this process's. */
  baseEnv?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kills the process after this long. */
  timeoutMs?: number;
}

export function requireTool(path: string, hint: string): void {
  const found = path.startsWith("/") ? existsSync(path) : spawnSync("which", [path]).status === 0;
  if (!found) throw new Error(`${path} is not installed (${hint}); run scripts/setup.sh`);
}

/** Runs `cmd` to the end without blocking this process (a server it talks to may live here). */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      // No user or system ldap.conf may change what the OpenLDAP tools do; self-signed certificates accepted.
      env: {
        ...(opts.baseEnv ?? process.env),
        LDAPTLS_REQCERT: "never",
        LDAPCONF: "/dev/null",
        LDAPRC: "/dev/null",
        ...opts.env,
      },
      cwd: opts.cwd,
      timeout: opts.timeoutMs,
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
    // A program that exits before reading its input closes the pipe: not an error.
    child.stdin.on("error", () => {});
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
