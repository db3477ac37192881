/**
 * The `wbsim` CLI as a real process (node bin/wbsim.mjs, from the repository root) for the tests that
 * go through the command line. Asynchronous, so a DC the CLI talks to can live in the test process.
 *
 *   runWbsim(args, { input?, env?, timeoutMs? }): Promise<{ code, stdout, stderr }>
 *   startWbsimServe(args): Promise<RunningServe>  (`wbsim serve` on free ports, once its banner is out)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WBSIM = join(REPO_ROOT, "bin/wbsim.mjs");

export interface WbsimResult {
  /** The exit code; null when the process was killed (e.g. by the timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface WbsimOptions {
  /** Written to stdin, which is then closed (closed at once when absent). */
  input?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Kills the process after this long; default 60 s. */
  timeoutMs?: number;
}

function spawnWbsim(args: string[], env: Record<string, string> = {}, timeoutMs?: number): ChildProcess {
  return spawn(process.execPath, [WBSIM, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
    timeout: timeoutMs,
  });
}

/** Runs `wbsim …args` to the end. */
export function runWbsim(args: string[], opts: WbsimOptions = {}): Promise<WbsimResult> {
  return new Promise((resolve, reject) => {
    const child = spawnWbsim(args, opts.env, opts.timeoutMs ?? 60_000);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // A command that never reads stdin may exit before the write lands.
    child.stdin!.on("error", () => {});
    child.stdin!.end(opts.input ?? "");
  });
}

export interface RunningServe {
  child: ChildProcess;
  /** stdout and stderr so far. */
  out(): string;
  /** The URL the banner prints after a label (a regular expression source), e.g. url("LDAPS"). */
  url(label: string): string;
}

/**
 * Starts `wbsim serve --ldap-port 0 --ldaps-port 0 --http-port 0 …args` and resolves once it has
 * printed its banner; rejects with its output if it exits before that.
 */
export function startWbsimServe(args: string[]): Promise<RunningServe> {
  const child = spawnWbsim(["serve", "--ldap-port", "0", "--ldaps-port", "0", "--http-port", "0", ...args]);
  child.stdin!.end();
  let out = "";
  let ready = false;
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`wbsim serve exited with ${code}: ${out}`));
    const onData = (d: string) => {
      out += d;
      if (ready || !out.includes("Press Ctrl+C to stop.")) return;
      ready = true;
      child.off("exit", onExit);
      resolve({
        child,
        out: () => out,
        url: (label) => new RegExp(`${label}\\s+(\\S+)`).exec(out)![1],
      });
    };
    child.stdout!.setEncoding("utf8").on("data", onData);
    child.stderr!.setEncoding("utf8").on("data", onData);
    child.once("exit", onExit);
  });
}
