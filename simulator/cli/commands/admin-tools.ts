/**
 * `wbsim dsacls "<dsacls command line>"` and `wbsim powershell "<AdSyncConfig cmdlet line>"`: the
 * simulated admin tools against any DC over LDAPS (default: `wbsim serve` on ldaps://127.0.0.1:10636),
 * signed in as an administrator. Output is the tool's console output; exit code 0 on success, 1 when
 * the tool failed, 2 when the DC could not be reached or the sign-in failed.
 *
 * The password comes from --password or the WBSIM_ADMIN_PASSWORD environment variable; it is never
 * printed.
 *
 * Set-ADSyncPasswordWritebackPermissions asks for confirmation once per domain (ConfirmImpact High)
 * unless -Confirm:$false: answers come from --answer (Y, A, N or L, in order) or, on a terminal, from
 * the keyboard; with neither, the command stops as a non-interactive powershell.exe does.
 * --module pre-2.0.3.0 runs the module build that still had -SkipAdminSdHolders.
 */
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { CONFIRM_CHOICES } from "../../admin-tools/powershell/cmdlet-context.ts";
import {
  ADSYNCCONFIG_VERSIONS,
  type AdSyncConfigVersion,
} from "../../admin-tools/powershell/module-versions.ts";
import type { DirectorySession } from "../../ldap-client/directory-session.ts";
import { oneOf } from "../option-values.ts";
import type { SetExitCode } from "./shared.ts";

const moduleValue = oneOf(...ADSYNCCONFIG_VERSIONS);
const answerValue = (v: string, prev: string[] = []) => [...prev, oneOf(...CONFIRM_CHOICES)(v.toUpperCase())];

/** Reads confirmation answers at a terminal; none when stdin is not one. */
function terminalReader(): ((prompt: string) => Promise<string | undefined>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (prompt) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(prompt);
    } finally {
      rl.close();
    }
  };
}

interface ConnOptions {
  url: string;
  user: string;
  password?: string;
}

const DEFAULT_URL = "ldaps://127.0.0.1:10636";
const DEFAULT_USER = "CONTOSO\\Administrator";

function withConnection(cmd: Command): Command {
  return cmd
    .option("--url <url>", "DC URL (ldaps://, or ldap:// with StartTLS)", DEFAULT_URL)
    .option("--user <name>", "admin account (DOMAIN\\name, UPN or DN)", DEFAULT_USER)
    .option("--password <password>", "admin password (default: $WBSIM_ADMIN_PASSWORD)");
}

async function open(o: ConnOptions, setExitCode: SetExitCode): Promise<DirectorySession | undefined> {
  const password = o.password ?? process.env.WBSIM_ADMIN_PASSWORD;
  if (!password) {
    process.stderr.write("wbsim: give the admin password with --password or WBSIM_ADMIN_PASSWORD\n");
    setExitCode(2);
    return undefined;
  }
  // Loaded on use, so `wbsim --help` and the other commands never load the LDAP client.
  const [{ DirectorySession }, { LdapConnectError }] = await Promise.all([
    import("../../ldap-client/directory-session.ts"),
    import("../../ldap-client/connection.ts"),
  ]);
  try {
    return await DirectorySession.open({ url: o.url, bindName: o.user, password });
  } catch (e) {
    const why = e instanceof LdapConnectError ? e.message : (e as Error).message;
    process.stderr.write(`wbsim: cannot sign in to ${o.url} as ${o.user}: ${why}\n`);
    setExitCode(2);
    return undefined;
  }
}

export function register(program: Command, setExitCode: SetExitCode): void {
  withConnection(
    program
      .command("dsacls")
      .argument(
        "<commandLine...>",
        'the dsacls arguments, e.g. "DC=contoso,DC=com" /G "CONTOSO\\MSOL_x:CA;Reset Password;user" /I:S',
      )
      .description("run the simulated dsacls.exe against a DC over LDAP"),
  ).action(async (args: string[], o: ConnOptions) => {
    const session = await open(o, setExitCode);
    if (!session) return;
    try {
      const { runDsacls } = await import("../../admin-tools/dsacls/dsacls.ts");
      const r = await runDsacls(session, args);
      process.stdout.write(`${r.output.join("\n")}\n`);
      if (r.exitCode !== 0) setExitCode(1);
    } finally {
      await session.close();
    }
  });

  withConnection(
    program
      .command("powershell")
      .argument(
        "<commandLine>",
        "one AdSyncConfig cmdlet line, e.g. Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_x -ADConnectorAccountDomain contoso.com",
      )
      .description("run a simulated AdSyncConfig cmdlet against a DC over LDAP")
      .option(
        "--answer <choice>",
        "answer to a confirmation prompt: Y, A, N or L (repeat for each)",
        answerValue,
      )
      .option(
        "--module <build>",
        `AdSyncConfig.psm1 build: ${ADSYNCCONFIG_VERSIONS.join(" or ")}`,
        moduleValue,
      ),
  ).action(async (line: string, o: ConnOptions & { answer?: string[]; module?: AdSyncConfigVersion }) => {
    const session = await open(o, setExitCode);
    if (!session) return;
    try {
      const { runPowerShell } = await import("../../admin-tools/powershell/run-powershell.ts");
      const r = await runPowerShell(
        {
          session,
          module: o.module,
          answers: o.answer ?? [],
          readAnswer: terminalReader(),
          onOutput: (l) => process.stdout.write(`${l}\n`),
        },
        line,
      );
      for (const c of r.dsaclsCommands) process.stderr.write(`> ${c}\n`);
      if (!r.success || r.errors.length > 0) setExitCode(1);
    } finally {
      await session.close();
    }
  });
}
