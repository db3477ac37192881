/**
 * A real Samba 4.17 AD DC (realm CONTOSO.COM, fixed domain SID) in a podman container, started
 * through testcontainers. The image is built locally by `npm run setup` (scripts/setup.sh); this
 * module never builds or pulls. Ports are published on 127.0.0.1 only.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { StartedTestContainer } from "testcontainers";
import { loadPodmanEnv, type PodmanEnv } from "./podman-env.ts";
import { acquirePodmanSocket, releasePodmanSocket } from "./podman-socket.ts";

export interface StartedSambaDc {
  /** ldap://127.0.0.1:<mapped 389> — simple binds are refused here (strongerAuthRequired). */
  ldapUrl: string;
  /** ldaps://127.0.0.1:<mapped 636> — self-signed certificate: use rejectUnauthorized: false. */
  ldapsUrl: string;
  /** "DC=contoso,DC=com" */
  baseDn: string;
  /** "S-1-5-21-1004336348-1177238915-682003330" (fixed at provision time) */
  domainSid: string;
  /** "CN=Administrator,CN=Users,DC=contoso,DC=com" */
  adminDn: string;
  adminPassword: string;
  /** "CONTOSO.COM" */
  realm: string;
  /** The image the container runs (content-hashed tag). */
  image: string;
  /** Stops and removes the container, and the API service if this process started it. */
  stop(): Promise<void>;
}

export interface SambaDcOptions {
  /** How long to wait for the readiness line; default 60 s. */
  startupTimeoutMs?: number;
}

const run = promisify(execFile);

export async function startSambaDc(opts: SambaDcOptions = {}): Promise<StartedSambaDc> {
  const env = loadPodmanEnv();
  await requireImage(env);
  const socket = await acquirePodmanSocket(env);
  let container: StartedTestContainer;
  try {
    // testcontainers reads these when it first talks to the runtime. Ryuk's image cannot be pulled
    // here, and the VM has /.dockerenv, so without the override it would dial the bridge gateway.
    process.env.DOCKER_HOST = `unix://${socket}`;
    process.env.TESTCONTAINERS_RYUK_DISABLED = "true";
    process.env.TESTCONTAINERS_HOST_OVERRIDE = "127.0.0.1";
    const tc = await import("testcontainers");
    // podman publishes on every host address unless told otherwise; tests talk to loopback only.
    class LoopbackContainer extends tc.GenericContainer {
      override async start(): Promise<StartedTestContainer> {
        const all = (this.hostConfig.PortBindings ?? {}) as Record<string, { HostIp?: string }[] | undefined>;
        for (const bindings of Object.values(all)) {
          for (const b of bindings ?? []) b.HostIp = "127.0.0.1";
        }
        return super.start();
      }
    }
    container = await new LoopbackContainer(env.dcImage)
      .withExposedPorts(389, 636)
      // Not Wait.forListeningPorts(): it execs into the container every 100 ms (see
      // container-runtime.md); the entrypoint prints this line once 389, 636 and 88 answer.
      .withWaitStrategy(tc.Wait.forLogMessage(env.readyLine))
      .withStartupTimeout(opts.startupTimeoutMs ?? 60_000)
      .start();
  } catch (e) {
    releasePodmanSocket();
    throw new Error(`starting the Samba DC container (${env.dcImage}) failed: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const baseDn = env.realm
    .split(".")
    .map((part) => `DC=${part.toLowerCase()}`)
    .join(",");
  let stopped = false;
  return {
    ldapUrl: `ldap://127.0.0.1:${container.getMappedPort(389)}`,
    ldapsUrl: `ldaps://127.0.0.1:${container.getMappedPort(636)}`,
    baseDn,
    domainSid: env.domainSid,
    adminDn: `CN=Administrator,CN=Users,${baseDn}`,
    adminPassword: env.adminPassword,
    realm: env.realm,
    image: env.dcImage,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await container.stop();
      } finally {
        releasePodmanSocket();
      }
    },
  };
}

async function requireImage(env: PodmanEnv): Promise<void> {
  try {
    await run("podman", ["image", "exists", env.dcImage], { env: { ...process.env, ...env.podmanVars } });
  } catch (e) {
    const err = e as { code?: number | string; stderr?: string; message: string };
    if (err.code === "ENOENT")
      throw new Error("podman is not installed: run `npm run setup` (as root) first");
    if (err.code === 1) {
      throw new Error(
        `the Samba DC image ${env.dcImage} is missing (containers/ changed or never built): run \`npm run setup\` first`,
      );
    }
    throw new Error(`podman cannot check for ${env.dcImage}: ${err.stderr?.trim() || err.message}`);
  }
}
