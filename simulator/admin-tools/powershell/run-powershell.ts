/**
 * Runs one PowerShell command line against the AdSyncConfig cmdlets, with PowerShell's binder errors
 * (unknown cmdlet, unknown parameter, missing mandatory parameters, ambiguous parameter set).
 */
import type { DirectorySession } from "../../ldap-client/directory-session.ts";
import {
  type CmdletResult,
  type ConnectorAccountRef,
  getADSyncADConnectorAccount,
  getADSyncObjectsWithInheritanceDisabled,
  setADSyncPasswordWritebackPermissions,
  showADSyncADObjectPermissions,
  TerminatingError,
} from "./adsyncconfig.ts";
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

const CMDLETS: CmdletSpec[] = [
  {
    name: "Set-ADSyncPasswordWritebackPermissions",
    params: ["ADConnectorAccountName", "ADConnectorAccountDomain", "ADConnectorAccountDN", "ADobjectDN"],
    switches: ["SkipAdminSdHolders", "IncludeAdminSdHolders"],
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
}

function fail(message: string): PowerShellResult {
  return { success: false, output: [message], errors: [message], dsaclsCommands: [], objects: [] };
}

export async function runPowerShell(host: PowerShellHost, line: string): Promise<PowerShellResult> {
  let cmd: ReturnType<typeof parsePsCommand>;
  try {
    cmd = parsePsCommand(
      line,
      (n) => new Set([...(byName.get(n)?.switches ?? []), ...COMMON_SWITCHES].map((s) => s.toLowerCase())),
    );
  } catch (e) {
    if (e instanceof PsParseError) return fail(`ParserError: ${e.message}`);
    throw e;
  }
  const spec = byName.get(cmd.name.toLowerCase());
  if (!spec) {
    return fail(
      `${cmd.name} : The term '${cmd.name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
    );
  }
  // Bind named parameters case-insensitively (PowerShell also accepts unique prefixes).
  const all = [...spec.params, ...spec.switches, ...COMMON_SWITCHES];
  const bound: Record<string, PsValue> = {};
  for (const [typed, value] of cmd.named) {
    const hits = all.filter((p) => p.toLowerCase().startsWith(typed.toLowerCase()));
    const exact = all.find((p) => p.toLowerCase() === typed.toLowerCase());
    const target = exact ?? (hits.length === 1 ? hits[0] : undefined);
    if (!target) {
      return fail(`${spec.name} : A parameter cannot be found that matches parameter name '${typed}'.`);
    }
    bound[target] = value;
  }
  const positional = [...cmd.positional];
  const str = (k: string) => (typeof bound[k] === "string" ? (bound[k] as string) : undefined);
  try {
    switch (spec.name) {
      case "Import-Module":
        return { success: true, output: [], errors: [], dsaclsCommands: [], objects: [] };
      case "Set-ADSyncPasswordWritebackPermissions": {
        const byDn = str("ADConnectorAccountDN") !== undefined;
        const byUser =
          str("ADConnectorAccountName") !== undefined || str("ADConnectorAccountDomain") !== undefined;
        if (byDn && byUser)
          return fail(
            `${spec.name} : Parameter set cannot be resolved using the specified named parameters.`,
          );
        if (!byDn) {
          const missing = ["ADConnectorAccountName", "ADConnectorAccountDomain"].filter(
            (k) => str(k) === undefined,
          );
          if (missing.length > 0) {
            return fail(
              `${spec.name} : Cannot process command because of one or more missing mandatory parameters: ${missing.join(" ")}.`,
            );
          }
        }
        const r = await setADSyncPasswordWritebackPermissions(host.session, {
          ADConnectorAccountName: str("ADConnectorAccountName"),
          ADConnectorAccountDomain: str("ADConnectorAccountDomain"),
          ADConnectorAccountDN: str("ADConnectorAccountDN"),
          ADobjectDN: str("ADobjectDN"),
          SkipAdminSdHolders: bound.SkipAdminSdHolders === true,
          IncludeAdminSdHolders: bound.IncludeAdminSdHolders === true,
          WhatIf: bound.WhatIf === true,
        });
        return { success: true, ...r };
      }
      case "Get-ADSyncObjectsWithInheritanceDisabled": {
        const searchBase = str("SearchBase") ?? positional.shift();
        if (!searchBase)
          return fail(
            `${spec.name} : Cannot process command because of one or more missing mandatory parameters: SearchBase.`,
          );
        const r = await getADSyncObjectsWithInheritanceDisabled(host.session, {
          SearchBase: searchBase,
          ObjectClass: str("ObjectClass") ?? positional.shift(),
        });
        return { success: true, ...r };
      }
      case "Get-ADSyncADConnectorAccount":
        return { success: true, ...getADSyncADConnectorAccount(host.connectorAccount) };
      case "Show-ADSyncADObjectPermissions": {
        const dn = str("ADobjectDN") ?? positional.shift();
        if (!dn)
          return fail(
            `${spec.name} : Cannot process command because of one or more missing mandatory parameters: ADobjectDN.`,
          );
        return { success: true, ...(await showADSyncADObjectPermissions(host.session, dn)) };
      }
    }
  } catch (e) {
    if (e instanceof TerminatingError) return fail(`${spec.name} : ${e.message}`);
    throw e;
  }
  return fail(`${spec.name} is not simulated`);
}
