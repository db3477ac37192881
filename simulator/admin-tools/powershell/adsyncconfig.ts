/**
 * The AdSyncConfig module's cmdlets that the writeback procedure uses (AdSyncConfig.psm1, shipped with
 * Connect ≥ 1.1.880.0; sspr-writeback-facts.md §3): Set-ADSyncPasswordWritebackPermissions,
 * Get-ADSyncObjectsWithInheritanceDisabled, Get-ADSyncADConnectorAccount, Show-ADSyncADObjectPermissions.
 * Set-ADSyncPasswordWritebackPermissions issues exactly the module's dsacls commands, through our
 * dsacls, and prints the module's console lines.
 */
import { SdFlags, sdFlagsControl } from "../../ldap-client/controls.ts";
import type { DirectorySession } from "../../ldap-client/directory-session.ts";
import { escapeFilterValue } from "../../ldap-client/values.ts";
import { decodeSecurityDescriptor } from "../../security/binary-codec.ts";
import { SdControl } from "../../security/types.ts";
import { runDsacls } from "../dsacls/dsacls.ts";

export interface CmdletResult {
  /** Console lines (output stream and Write-Error records, in order). */
  output: string[];
  /** Non-terminating errors written (Write-Error) and the terminating one, if any. */
  errors: string[];
  /** The dsacls command lines run, exactly as the module builds them. */
  dsaclsCommands: string[];
  /** Structured result objects (Get-* cmdlets). */
  objects: Record<string, string>[];
}

export class TerminatingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TerminatingError";
  }
}

const DN_FORMAT = /^((CN|OU|DC|O|L|ST|C)=[^,]+,)*(CN|OU|DC|O|L|ST|C)=[^,]+$/i;

export interface ConnectorAccountRef {
  /** forest-login-user */
  userName: string;
  /** forest-login-domain */
  domain: string;
  /** AD connector name, e.g. "contoso.com". */
  connectorName: string;
  forest: string;
}

/** Resolve AD object: what the module's ADConnectorAccount lookups do, with its error texts. */
async function resolveConnectorAccount(
  session: DirectorySession,
  p: { name?: string; domain?: string; dn?: string },
): Promise<{ dn: string; sam: string }> {
  const d = await session.domainInfo();
  if (p.dn !== undefined) {
    if (!DN_FORMAT.test(p.dn)) {
      throw new TerminatingError(
        `Cannot validate argument on parameter 'ADConnectorAccountDN'. The argument '${p.dn}' does not match a DistinguishedName format.`,
      );
    }
    try {
      const e = await session.readEntry(p.dn, ["sAMAccountName"]);
      return { dn: e.dn, sam: String(e.sAMAccountName) };
    } catch {
      throw new TerminatingError(`Resolve AD object : Unable to find '${p.dn}' in AD Forest.`);
    }
  }
  const dom = (p.domain ?? "").toLowerCase();
  if (dom !== d.dnsName.toLowerCase() && dom !== d.netbiosName.toLowerCase()) {
    throw new TerminatingError(
      `Resolve AD object : Unable to find Domain '${p.domain}' in AD Forest. Exception Details: Cannot find an object with identity: '${p.domain}' under: '${d.defaultNamingContext}'.`,
    );
  }
  const n = escapeFilterValue(p.name ?? "");
  const { searchEntries } = await session.client.search(d.defaultNamingContext, {
    scope: "sub",
    filter: `(|(Name=${n})(sAMAccountName=${n}))`,
    attributes: ["sAMAccountName"],
  });
  if (searchEntries.length !== 1) {
    throw new TerminatingError(`Resolve AD object : Unable to find '${p.name}' in AD Forest.`);
  }
  return { dn: searchEntries[0].dn, sam: String(searchEntries[0].sAMAccountName) };
}

export interface WritebackPermissionsParams {
  ADConnectorAccountName?: string;
  ADConnectorAccountDomain?: string;
  ADConnectorAccountDN?: string;
  ADobjectDN?: string;
  SkipAdminSdHolders?: boolean;
  IncludeAdminSdHolders?: boolean;
  WhatIf?: boolean;
}

/**
 * Set-ADSyncPasswordWritebackPermissions. Default AdminSDHolder handling follows the cmdlet reference
 * page (-SkipAdminSdHolders to skip); -IncludeAdminSdHolders, from newer module builds, is accepted
 * and includes it explicitly. Which builds changed the default is UNVERIFIED (facts §3).
 */
export async function setADSyncPasswordWritebackPermissions(
  session: DirectorySession,
  p: WritebackPermissionsParams,
): Promise<CmdletResult> {
  const res: CmdletResult = { output: [], errors: [], dsaclsCommands: [], objects: [] };
  if (p.SkipAdminSdHolders && p.IncludeAdminSdHolders) {
    throw new TerminatingError("Parameter set cannot be resolved using the specified named parameters.");
  }
  const acct = await resolveConnectorAccount(session, {
    name: p.ADConnectorAccountName,
    domain: p.ADConnectorAccountDomain,
    dn: p.ADConnectorAccountDN,
  });
  const d = await session.domainInfo();
  const identity = `${d.netbiosName}\\${acct.sam}`;
  const acls = [
    `${identity}:CA;Reset Password;user`,
    `${identity}:WP;lockoutTime;user`,
    `${identity}:WP;pwdLastSet;user`,
  ];

  const grant = async (objectDn: string, aceList: string[], inherit: "S" | "T") => {
    const cmd = `dsacls.exe "${objectDn}" /G ${aceList.map((a) => `"${a}"`).join(" ")} /I:${inherit}`;
    if (p.WhatIf) {
      res.output.push(
        `What if: Performing the operation "Grant Password Writeback permissions" on target "${objectDn}".`,
      );
      return;
    }
    res.dsaclsCommands.push(cmd);
    const r = await runDsacls(session, cmd);
    if (r.exitCode !== 0) {
      // GrantAcls: Write-Error "$result" (non-terminating) with dsacls' output.
      const text = r.output.join(" ");
      res.errors.push(text);
      res.output.push(`Write-Error: ${text}`);
    }
  };

  if (p.ADobjectDN !== undefined) {
    let cls: string;
    try {
      cls = await session.structuralClass(p.ADobjectDN);
    } catch {
      throw new TerminatingError(`Resolve AD object : Unable to find '${p.ADobjectDN}' in AD Forest.`);
    }
    res.output.push(`Grant permissions on AD object : Setting permissions on AD object '${p.ADobjectDN}'...`);
    if (cls === "organizationalUnit" || cls === "container" || cls === "domainDNS") {
      await grant(p.ADobjectDN, acls, "S");
    } else {
      // The module keeps only the ACEs whose class suffix matches the target and strips the suffix.
      const applicable = acls
        .filter((a) => a.toLowerCase().endsWith(`;${cls.toLowerCase()}`))
        .map((a) => a.replace(/;[^;]+$/, ""));
      if (applicable.length === 0) {
        throw new TerminatingError(
          `Grant permissions on AD object : AD permissions are not applicable for AD ObjectClass '${cls}': ${acls.join(" ")}`,
        );
      }
      await grant(p.ADobjectDN, applicable, "T");
    }
    return res;
  }

  const domainDn = d.defaultNamingContext;
  res.output.push(`Grant permissions on all Domains : AD Domain '${domainDn}'...`);
  await grant(domainDn, acls, "S");
  if (p.SkipAdminSdHolders) {
    res.output.push(
      `Grant permissions on all Domains : Skipping permissions on AdminSDHolder container of '${domainDn}'.`,
    );
  } else {
    res.output.push(
      `Grant permissions on all Domains : Setting permissions on AdminSDHolder container of '${domainDn}'`,
    );
    // (Get-ADObject -Filter "Name -like 'adminsdholder'").DistinguishedName
    const { searchEntries } = await session.client.search(domainDn, {
      scope: "sub",
      filter: "(name=AdminSDHolder)",
      attributes: ["distinguishedName"],
    });
    const adminSdHolder = searchEntries[0]?.dn ?? `CN=AdminSDHolder,CN=System,${domainDn}`;
    await grant(adminSdHolder, acls, "S");
  }
  return res;
}

/** Get-ADSyncObjectsWithInheritanceDisabled -SearchBase <DN|FQDN> [-ObjectClass <class|*>]. */
export async function getADSyncObjectsWithInheritanceDisabled(
  session: DirectorySession,
  p: { SearchBase: string; ObjectClass?: string },
): Promise<CmdletResult> {
  const base = /=/.test(p.SearchBase)
    ? p.SearchBase
    : p.SearchBase.split(".")
        .map((x) => `DC=${x}`)
        .join(",");
  const cls = p.ObjectClass ?? "organizationalUnit";
  const filter = cls === "*" ? "(objectClass=*)" : `(objectClass=${escapeFilterValue(cls)})`;
  const { searchEntries } = await session.client.search(
    base,
    {
      scope: "sub",
      filter,
      attributes: ["name", "objectClass", "nTSecurityDescriptor"],
      explicitBufferAttributes: ["nTSecurityDescriptor"],
    },
    sdFlagsControl(SdFlags.DACL),
  );
  const res: CmdletResult = { output: [], errors: [], dsaclsCommands: [], objects: [] };
  for (const e of searchEntries) {
    const raw = e.nTSecurityDescriptor;
    const buf = Array.isArray(raw) ? raw[0] : raw;
    if (!Buffer.isBuffer(buf)) continue;
    if (decodeSecurityDescriptor(buf).control & SdControl.DACL_PROTECTED) {
      const oc = ([] as string[]).concat((e.objectClass as string | string[]) ?? []);
      res.objects.push({
        DistinguishedName: e.dn,
        Name: String(e.name ?? ""),
        ObjectClass: oc[oc.length - 1] ?? "",
      });
    }
  }
  if (res.objects.length > 0) {
    res.output.push("", `${"DistinguishedName".padEnd(50) + "Name".padEnd(20)}ObjectClass`);
    res.output.push(`${"-----------------".padEnd(50) + "----".padEnd(20)}-----------`);
    for (const o of res.objects)
      res.output.push(o.DistinguishedName.padEnd(50) + o.Name.padEnd(20) + o.ObjectClass);
  }
  return res;
}

/** Get-ADSyncADConnectorAccount: reads the AD connector's forest-login-user/-domain on the Connect server. */
export function getADSyncADConnectorAccount(account: ConnectorAccountRef | undefined): CmdletResult {
  const res: CmdletResult = { output: [], errors: [], dsaclsCommands: [], objects: [] };
  if (!account) {
    throw new TerminatingError(
      "Get-ADSyncConnector : The term 'Get-ADSyncConnector' is not recognized as the name of a cmdlet, function, script file, or operable program. (Run this on the Azure AD Connect server.)",
    );
  }
  const o = {
    ADConnectorName: account.connectorName,
    ADConnectorForest: account.forest,
    ADConnectorAccountName: account.userName,
    ADConnectorAccountDomain: account.domain,
  };
  res.objects.push(o);
  res.output.push(
    "",
    "ADConnectorName".padEnd(20) +
      "ADConnectorForest".padEnd(20) +
      "ADConnectorAccountName".padEnd(26) +
      "ADConnectorAccountDomain",
    "---------------".padEnd(20) +
      "-----------------".padEnd(20) +
      "----------------------".padEnd(26) +
      "------------------------",
    o.ADConnectorName.padEnd(20) +
      o.ADConnectorForest.padEnd(20) +
      o.ADConnectorAccountName.padEnd(26) +
      o.ADConnectorAccountDomain,
  );
  return res;
}

/** Show-ADSyncADObjectPermissions -ADobjectDN <DN>: runs dsacls.exe "<DN>". */
export async function showADSyncADObjectPermissions(
  session: DirectorySession,
  dn: string,
): Promise<CmdletResult> {
  const cmd = `dsacls.exe "${dn}"`;
  const r = await runDsacls(session, cmd);
  return {
    output: r.output,
    errors: r.exitCode === 0 ? [] : [r.output.join(" ")],
    dsaclsCommands: [cmd],
    objects: [],
  };
}
