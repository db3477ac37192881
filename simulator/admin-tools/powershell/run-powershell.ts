/**
 * Runs one PowerShell command line against the AdSyncConfig cmdlets, with PowerShell's binder errors
 * (unknown cmdlet, unknown parameter, missing mandatory parameters, ambiguous parameter set) and the
 * common parameters -WhatIf and -Confirm (cmdlet-context.ts). A terminating error (the module's
 * `Throw "…"`) prints its message alone, as PowerShell 5.1 shows a script's throw; binder errors
 * and Write-Error records print "<command> : <message>". The "At line:…" and CategoryInfo lines
 * PowerShell adds under an error are not printed.
 */
import type { DirectorySession } from "../../ldap-client/directory-session.ts";
import {
  type AdSyncConfigVersion,
  type CmdletResult,
  type ConnectorAccountRef,
  getADSyncADConnectorAccount,
  getADSyncObjectsWithInheritanceDisabled,
  setADSyncPasswordWritebackPermissions,
  showADSyncADObjectPermissions,
} from "./adsyncconfig.ts";
import { CmdletContext, TerminatingError } from "./cmdlet-context.ts";
import { PsParseError, type PsValue, parsePsCommand } from "./parse-command.ts";

export interface PowerShellResult extends CmdletResult {
  /** False when a terminating error stopped the command. */
  success: boolean;
}

interface CmdletSpec {
  name: string;
  params: string[];
  switches: string[];
}

const COMMON_SWITCHES = ["WhatIf", "Confirm", "Verbose", "Debug"];

/** The AdminSDHolder switch differs between the module's builds (adsyncconfig.ts). */
const ADMIN_SD_HOLDER_SWITCH: Record<AdSyncConfigVersion, string> = {
  current: "IncludeAdminSdHolders",
  "pre-2.0.3.0": "SkipAdminSdHolders",
};

const CMDLETS: CmdletSpec[] = [
  {
    name: "Set-ADSyncPasswordWritebackPermissions",
    params: ["ADConnectorAccountName", "ADConnectorAccountDomain", "ADConnectorAccountDN", "ADobjectDN"],
    switches: [],
  },
  { name: "Get-ADSyncObjectsWithInheritanceDisabled", params: ["SearchBase", "ObjectClass"], switches: [] },
  { name: "Get-ADSyncADConnectorAccount", params: [], switches: [] },
  { name: "Show-ADSyncADObjectPermissions", params: ["ADobjectDN"], switches: [] },
  { name: "Import-Module", params: ["Name"], switches: [] },
];

const byName = new Map(CMDLETS.map((c) => [c.name.toLowerCase(), c]));

export interface PowerShellHost {
  session: DirectorySession;
  /** What Get-ADSyncConnector would return on the Connect server (undefined elsewhere). */
  connectorAccount?: ConnectorAccountRef;
  /** The installed AdSyncConfig.psm1 build; default "current" (2.0.3.0 and later). */
  module?: AdSyncConfigVersion;
  /** Answers to confirmation prompts, in order (Y, A, N, L; "" takes the default). */
  answers?: string[];
  /** Reads an answer at the console after showing the prompt; undefined when there is no input. */
  readAnswer?: (prompt: string) => Promise<string | undefined>;
  /** Each console line as it is written (the lines are also returned). */
  onOutput?: (line: string) => void;
}

function fail(message: string, host?: PowerShellHost): PowerShellResult {
  host?.onOutput?.(message);
  return { success: false, output: [message], errors: [message], dsaclsCommands: [], objects: [] };
}

function switchesOf(spec: CmdletSpec | undefined, version: AdSyncConfigVersion): string[] {
  if (!spec) return [];
  return spec.name === "Set-ADSyncPasswordWritebackPermissions"
    ? [ADMIN_SD_HOLDER_SWITCH[version]]
    : spec.switches;
}

export async function runPowerShell(host: PowerShellHost, line: string): Promise<PowerShellResult> {
  const version = host.module ?? "current";
  let cmd: ReturnType<typeof parsePsCommand>;
  try {
    cmd = parsePsCommand(
      line,
      (n) => new Set([...switchesOf(byName.get(n), version), ...COMMON_SWITCHES].map((s) => s.toLowerCase())),
    );
  } catch (e) {
    if (e instanceof PsParseError) return fail(`ParserError: ${e.message}`, host);
    throw e;
  }
  const spec = byName.get(cmd.name.toLowerCase());
  if (!spec) {
    return fail(
      `${cmd.name} : The term '${cmd.name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
      host,
    );
  }
  // Bind named parameters case-insensitively (PowerShell also accepts unique prefixes).
  const all = [...spec.params, ...switchesOf(spec, version), ...COMMON_SWITCHES];
  const bound: Record<string, PsValue> = {};
  for (const [typed, value] of cmd.named) {
    const hits = all.filter((p) => p.toLowerCase().startsWith(typed.toLowerCase()));
    const exact = all.find((p) => p.toLowerCase() === typed.toLowerCase());
    const target = exact ?? (hits.length === 1 ? hits[0] : undefined);
    if (!target) {
      return fail(`${spec.name} : A parameter cannot be found that matches parameter name '${typed}'.`, host);
    }
    bound[target] = value;
  }
  const positional = [...cmd.positional];
  const str = (k: string) => (typeof bound[k] === "string" ? (bound[k] as string) : undefined);
  const flag = (k: string) => (k in bound ? bound[k] !== false : undefined);
  const ctx = new CmdletContext({
    whatIf: flag("WhatIf") === true,
    confirm: flag("Confirm"),
    answers: host.answers ?? [],
    readAnswer: host.readAnswer,
    onOutput: host.onOutput,
  });
  const done = (): PowerShellResult => ({ success: true, ...ctx.result });
  try {
    switch (spec.name) {
      case "Import-Module":
        return done();
      case "Set-ADSyncPasswordWritebackPermissions": {
        const byDn = str("ADConnectorAccountDN") !== undefined;
        const byUser =
          str("ADConnectorAccountName") !== undefined || str("ADConnectorAccountDomain") !== undefined;
        if (byDn && byUser)
          return fail(
            `${spec.name} : Parameter set cannot be resolved using the specified named parameters.`,
            host,
          );
        if (!byDn) {
          const missing = ["ADConnectorAccountName", "ADConnectorAccountDomain"].filter(
            (k) => str(k) === undefined,
          );
          if (missing.length > 0) {
            return fail(
              `${spec.name} : Cannot process command because of one or more missing mandatory parameters: ${missing.join(" ")}.`,
              host,
            );
          }
        }
        await setADSyncPasswordWritebackPermissions(
          ctx,
          host.session,
          {
            ADConnectorAccountName: str("ADConnectorAccountName"),
            ADConnectorAccountDomain: str("ADConnectorAccountDomain"),
            ADConnectorAccountDN: str("ADConnectorAccountDN"),
            ADobjectDN: str("ADobjectDN"),
            SkipAdminSdHolders: flag("SkipAdminSdHolders") === true,
            IncludeAdminSdHolders: flag("IncludeAdminSdHolders") === true,
          },
          version,
        );
        return done();
      }
      case "Get-ADSyncObjectsWithInheritanceDisabled": {
        const searchBase = str("SearchBase") ?? positional.shift();
        if (!searchBase)
          return fail(
            `${spec.name} : Cannot process command because of one or more missing mandatory parameters: SearchBase.`,
            host,
          );
        await getADSyncObjectsWithInheritanceDisabled(ctx, host.session, {
          SearchBase: searchBase,
          ObjectClass: str("ObjectClass") ?? positional.shift(),
        });
        return done();
      }
      case "Get-ADSyncADConnectorAccount":
        getADSyncADConnectorAccount(ctx, host.connectorAccount);
        return done();
      case "Show-ADSyncADObjectPermissions": {
        const dn = str("ADobjectDN") ?? positional.shift();
        if (!dn)
          return fail(
            `${spec.name} : Cannot process command because of one or more missing mandatory parameters: ADobjectDN.`,
            host,
          );
        await showADSyncADObjectPermissions(ctx, host.session, dn);
        return done();
      }
    }
  } catch (e) {
    if (e instanceof TerminatingError) {
      ctx.write(e.message);
      ctx.result.errors.push(e.message);
      return { success: false, ...ctx.result };
    }
    throw e;
  }
  return fail(`${spec.name} is not simulated`, host);
}
