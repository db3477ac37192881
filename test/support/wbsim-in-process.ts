/**
 * The `wbsim` CLI run in this process (the same main() bin/wbsim.mjs calls), with its stdout and
 * stderr captured: for suites that drive many commands and cannot afford a Node start for each.
 * Commands run one at a time (the capture replaces process.stdout/stderr.write while one runs).
 */
import { main } from "../../simulator/cli/main.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let running: Promise<unknown> = Promise.resolve();

export function wbsimInProcess(args: string[]): Promise<CliResult> {
  const next = running.then(async () => {
    let stdout = "";
    let stderr = "";
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    }) as typeof process.stderr.write;
    try {
      const code = await main(args);
      return { code, stdout, stderr };
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
  });
  running = next.catch(() => undefined);
  return next;
}
