/**
 * `wbsim serve`: the fake DC (LDAP with StartTLS, and LDAPS) and the mock Entra ID (HTTP) as
 * standalone servers, for tools written in any language. Listens on 127.0.0.1 unless told otherwise;
 * stops cleanly on SIGINT and SIGTERM.
 */
import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import { isWorldName, UnknownWorldError, type WorldName } from "../../worlds/world-names.ts";
import { personalityValue, WORLD_CHOICES, worldValue } from "../option-values.ts";
import type { SetExitCode } from "./shared.ts";

export interface ServeOptions {
  world: WorldName;
  personality: "windows" | "samba";
  host: string;
  ldapPort: number;
  ldapsPort: number;
  httpPort: number;
  tlsCert?: string;
  tlsKey?: string;
  state?: string;
  accessLog?: boolean;
  /** Start from the state this scenario leaves (its steps run first, on the served DC and cloud). */
  scenario?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("expected a port number 0-65535 (0 picks a free port)");
  return n;
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("serve")
    .description("run the fake domain controller (LDAP/LDAPS) and the mock Entra ID (HTTP)")
    .option("--world <name>", WORLD_CHOICES, worldValue, "contoso")
    .option("--personality <name>", "windows or samba", personalityValue, "windows")
    .option("--host <address>", "listen address", "127.0.0.1")
    .option("--ldap-port <n>", "plain LDAP port with StartTLS", port, 10389)
    .option("--ldaps-port <n>", "LDAPS port", port, 10636)
    .option("--http-port <n>", "mock Entra ID HTTP port", port, 10080)
    .option("--tls-cert <file>", "PEM certificate (default: a generated self-signed one)")
    .option("--tls-key <file>", "PEM private key for --tls-cert")
    .option("--state <file>", "persist the DC state in this file across restarts")
    .option("--access-log", "log every LDAP operation to stderr (passwords are never logged)")
    .option(
      "--scenario <file>",
      "run this scenario first and serve the state it leaves (Connect and its agent included)",
    )
    .action(async (opts: ServeOptions) => {
      const running = await startServe(opts);
      process.stdout.write(running.banner);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await running.close();
      process.stdout.write("wbsim serve: stopped\n");
      setExitCode(0);
    });
}

export interface RunningServe {
  ldapUrl?: string;
  ldapsUrl?: string;
  httpUrl: string;
  banner: string;
  close(): Promise<void>;
}

export async function startServe(opts: ServeOptions): Promise<RunningServe> {
  if (opts.scenario) return startServeScenario(opts, opts.scenario);
  if (!isWorldName(opts.world)) throw new UnknownWorldError(opts.world);
  if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new Error("--tls-cert and --tls-key go together");
  const tls =
    opts.tlsCert && opts.tlsKey
      ? { cert: readFileSync(opts.tlsCert, "utf8"), key: readFileSync(opts.tlsKey, "utf8") }
      : undefined;
  // Loaded here, not at the top: `wbsim --help` and the other commands never pay for the servers.
  const [{ startCloudHttp }, { createDirectory }, { accessLog, createLdapServer }, { CONTOSO_ACCOUNTS }] =
    await Promise.all([
      import("../../cloud/http/start.ts"),
      import("../../worlds/index.ts"),
      import("../../ldap/index.ts"),
      import("../../worlds/contoso.ts"),
    ]);
  const directory = createDirectory({
    world: opts.world,
    personality: opts.personality,
    statePath: opts.state,
  });
  const ldap = createLdapServer(directory, {
    host: opts.host,
    ldapPort: opts.ldapPort,
    ldapsPort: opts.ldapsPort,
    tls,
    decorate: opts.accessLog ? (core) => accessLog(core) : undefined,
  });
  const urls = await ldap.listen();
  let http: Awaited<ReturnType<typeof startCloudHttp>>;
  try {
    http = await startCloudHttp({ host: opts.host, port: opts.httpPort });
  } catch (err) {
    await ldap.close();
    throw err;
  }
  const banner = [
    "wbsim serve: fake Active Directory domain controller and mock Entra ID",
    `  LDAP (StartTLS)  ${urls.ldapUrl}`,
    `  LDAPS            ${urls.ldapsUrl}`,
    `  Entra ID (HTTP)  ${http.url}`,
    `  personality      ${opts.personality}`,
    `  world            ${opts.world}`,
    `  base DN          ${directory.baseDn}`,
    `  domain SID       ${directory.domainSid}`,
    `  accounts         ${CONTOSO_ACCOUNTS.map((a) => a.name).join(", ")}`,
    '                   (passwords: README.md, "The default world")',
    "Press Ctrl+C to stop.",
    "",
  ].join("\n");
  return {
    ldapUrl: urls.ldapUrl,
    ldapsUrl: urls.ldapsUrl,
    httpUrl: http.url,
    banner,
    close: async () => {
      await Promise.all([ldap.close(), http.close()]);
    },
  };
}

/**
 * `--scenario FILE`: the whole environment (fake DC, cloud, Connect with its agent on the relay,
 * admin tools) on the requested ports, after the scenario's steps ran, so an external tool meets the
 * prepared case: e.g. writeback enabled and the connector account not yet granted.
 */
async function startServeScenario(opts: ServeOptions, file: string): Promise<RunningServe> {
  const { loadScenarioFile } = await import("../../../harness/scenario/load-scenario.ts");
  const { createEnvironment } = await import("../../../harness/environment.ts");
  const { runScenario } = await import("../../../harness/run/run-scenario.ts");
  const { STEP_EXECUTORS } = await import("../../../harness/steps/index.ts");
  const scenario = loadScenarioFile(file);
  if (opts.tlsCert || opts.state) throw new Error("--scenario does not combine with --tls-cert or --state");
  const env = await createEnvironment({
    world: scenario.world,
    personality: scenario.personality,
    listen: { host: opts.host, ldapPort: opts.ldapPort, ldapsPort: opts.ldapsPort },
  });
  try {
    const report = await runScenario(scenario, {
      createEnvironment: async () => env.lend(async () => {}),
      executors: STEP_EXECUTORS,
    });
    const httpUrl = await env.cloudUrl({ host: opts.host, port: opts.httpPort });
    const banner = [
      `wbsim serve: the state scenario ${scenario.name} leaves (${report.status}, ${report.steps.length}/${scenario.steps.length} steps)`,
      `  LDAP (StartTLS)  ${env.dc.ldapUrl}`,
      `  LDAPS            ${env.dc.ldapsUrl}`,
      `  Entra ID (HTTP)  ${httpUrl}`,
      `  personality      ${scenario.personality}`,
      `  world            ${scenario.world}`,
      `  writeback        ${env.connect.config.passwordWriteback ? "enabled (Connect's agent listens on the relay)" : "not enabled"}`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n");
    return {
      ldapUrl: env.dc.ldapUrl,
      ldapsUrl: env.dc.ldapsUrl,
      httpUrl,
      banner,
      close: () => env.close(),
    };
  } catch (err) {
    await env.close();
    throw err;
  }
}
