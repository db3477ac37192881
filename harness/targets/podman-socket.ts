/**
 * The Docker-compatible API socket testcontainers talks to. There is no Docker engine here: podman
 * serves the API (`podman system service`). A shared socket that already answers `/_ping` is used
 * as is; otherwise this process starts its own service on a per-process path (so parallel test
 * workers never race for one path) and stops it, by its PID, when the last user releases it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { PodmanEnv } from "./podman-env.ts";

let own: { child: ChildProcess; socket: string } | undefined;
let users = 0;

/** Resolves true when the socket answers GET /_ping with 200 "OK". */
export function pingSocket(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/_ping", method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** Returns a socket path that answers; starts `podman system service` when none does. */
export async function acquirePodmanSocket(env: PodmanEnv): Promise<string> {
  users++;
  try {
    if (own) return own.socket;
    if (await pingSocket(env.sharedSocket)) return env.sharedSocket;
    const dir = join(env.cacheDir, "podman");
    mkdirSync(dir, { recursive: true });
    const socket = join(dir, `podman-${process.pid}.sock`);
    rmSync(socket, { force: true });
    const child = spawn("podman", ["system", "service", "--time=0", `unix://${socket}`], {
      env: { ...process.env, ...env.podmanVars },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr = (stderr + String(d)).slice(-2000);
    });
    const spawnError = new Promise<Error>((resolve) => child.on("error", resolve));
    own = { child, socket };
    process.once("exit", killOwnService);
    for (let i = 0; i < 200; i++) {
      if (await pingSocket(socket, 500)) return socket;
      const failed = await Promise.race([spawnError, sleep(50).then(() => undefined)]);
      if (failed || child.exitCode !== null) {
        killOwnService();
        throw new Error(
          `podman system service did not start (${failed?.message ?? `exit ${child.exitCode}`}): ${stderr.trim()} — is podman installed? run \`npm run setup\``,
        );
      }
    }
    killOwnService();
    throw new Error(`podman system service on ${socket} did not answer /_ping within 10 s: ${stderr.trim()}`);
  } catch (e) {
    users--;
    throw e;
  }
}

/** Drops one use; the service this process started is stopped when nobody uses it any more. */
export function releasePodmanSocket(): void {
  users = Math.max(0, users - 1);
  if (users === 0) killOwnService();
}

function killOwnService(): void {
  if (!own) return;
  const { child, socket } = own;
  own = undefined;
  process.removeListener("exit", killOwnService);
  if (child.exitCode === null && child.pid !== undefined) child.kill("SIGTERM");
  rmSync(socket, { force: true });
}
