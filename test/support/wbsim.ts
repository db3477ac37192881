/**
 * The `wbsim` CLI as a real process (node bin/wbsim.mjs, which runs the compiled dist/ that
 * test/support/build-dist.ts keeps current) for the tests that go through the command line.
 * Asynchronous, so a DC the CLI talks to can live in the test process.
 *
 *   runWbsim(args, { input?, env?, timeoutMs? }): Promise<{ code, stdout, stderr }>
 *   startWbsimServe(args): Promise<RunningServe>  (`wbsim serve` on free ports, once its banner is out)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunOptions, run, type ToolResult } from "./tools.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WBSIM = join(REPO_ROOT, "bin/wbsim.mjs");

/** Runs `wbsim …args` to the end (killed after 60 s unless `timeoutMs` says otherwise). */
export function runWbsim(args: string[], opts: Omit<RunOptions, "cwd"> = {}): Promise<ToolResult> {
  return run(process.execPath, [WBSIM, ...args], {
    ...opts,
    cwd: REPO_ROOT,
    timeoutMs: opts.timeoutMs ?? 60_000,
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
  const child = spawn(
    process.execPath,
    [WBSIM, "serve", "--ldap-port", "0", "--ldaps-port", "0", "--http-port", "0", ...args],
    { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
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
