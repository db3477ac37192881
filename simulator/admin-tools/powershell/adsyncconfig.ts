/**
 * The AdSyncConfig module's cmdlets that the writeback procedure uses (AdSyncConfig.psm1, shipped with
 * Connect; PSM1, CFGREF, ADDS in fidelity-audit.md): Set-ADSyncPasswordWritebackPermissions,
 * Get-ADSyncObjectsWithInheritanceDisabled, Get-ADSyncADConnectorAccount, Show-ADSyncADObjectPermissions.
 * Set-ADSyncPasswordWritebackPermissions issues exactly the module's dsacls commands, through our
 * dsacls, and prints what the module writes: its progress lines and dsacls' own output.
 *
 * Two builds of the module (VH 2.0.3.0, July 2021: "We no longer apply permissions on AdminSDHolders
 * … We changed the parameter SkipAdminSdHolders to IncludeAdminSdHolders"):
 *  - "current" (2.0.3.0 and later, the default; ADDS 12/2024): AdminSDHolder only with
 *    -IncludeAdminSdHolders ("not recommended"); -SkipAdminSdHolders does not exist;
 *  - "pre-2.0.3.0" (PSM1, still what CFGREF shows): AdminSDHolder unless -SkipAdminSdHolders.
 */
import { SdFlags, sdFlagsControl } from "../../ldap-client/controls.ts";
import type { DirectorySession } from "../../ldap-client/directory-session.ts";
import { escapeFilterValue } from "../../ldap-client/values.ts";
import { decodeSecurityDescriptor } from "../../security/binary-codec.ts";
import { SdControl } from "../../security/types.ts";
import { runDsacls } from "../dsacls/dsacls.ts";
import { type CmdletContext, TerminatingError } from "./cmdlet-context.ts";
import { formatTable } from "./format-table.ts";
import type { AdSyncConfigVersion } from "./module-versions.ts";

export { TerminatingError } from "./cmdlet-context.ts";

export interface CmdletResult {
  /** Console lines (output stream, prompts and Write-Error records, in order). */
  output: string[];
  /** Non-terminating errors written (Write-Error) and the terminating one, if any. */
  errors: string[];
  /** The dsacls command lines run, exactly as the module builds them. */
  dsaclsCommands: string[];
  /** Structured result objects (Get-* cmdlets). */
  objects: Record<string, string>[];
}

/** Which build of AdSyncConfig.psm1 is installed (see the header). */
export { ADSYNCCONFIG_VERSIONS, type AdSyncConfigVersion } from "./module-versions.ts";

/**
 * The module's $distinguishedNameRegex: an optional CN=, then CN/OU path elements, then DC= parts
 * (PowerShell's -match is case-insensitive).
 */
const DN_FORMAT = /^(?:CN=[^,]*,)?(?:(?:(?:CN|OU)=[^,]+,?)+,)?(?:DC=[^,]+,?)+$/i;

export interface ConnectorAccountRef {
  /** forest-login-user */
  userName: string;
  /** forest-login-domain */
  domain: string;
  /** AD connector name, e.g. "contoso.com". */
  connectorName: string;
  forest: string;
}

/**
 * Get-ADObject's ADIdentityNotFoundException text, which the module puts after "Exception Details:".
 * The partition named for a Global Catalog lookup is UNVERIFIED (we name the domain).
 */
const notFoundDetails = (identity: string, under: string) =>
  `Cannot find an object with identity: '${identity}' under: '${under}'.`;

/** ResolveADobject -IdentityParameterSet DistinguishedName: the object, or the module's throw. */
async function resolveByDn(
  session: DirectorySession,
  dn: string,
): Promise<{ dn: string; name: string; objectClass: string; sam: string }> {
  const d = await session.domainInfo();
  if (!DN_FORMAT.test(dn)) {
    throw new TerminatingError(
      `Resolve AD object : Cannot validate argument on parameter 'ADConnectorAccountDN'. The argument '${dn}' does not match a DistinguishedName format.`,
    );
  }
  try {
    const e = await session.readEntry(dn, ["name", "objectClass", "sAMAccountName"]);
    const oc = ([] as string[]).concat((e.objectClass as string | string[]) ?? []);
    return {
      dn: e.dn,
      name: String(e.name ?? ""),
      objectClass: oc[oc.length - 1] ?? "top",
      sam: String(e.sAMAccountName ?? ""),
    };
  } catch {
    throw new TerminatingError(
      `Resolve AD object : Unable to get object '${dn}' in AD Forest. Exception Details: ${notFoundDetails(dn, d.defaultNamingContext)}`,
    );
  }
}

/** ResolveADobject for the connector account: DOMAIN\sAMAccountName, or the module's throw. */
async function resolveConnectorAccount(
  session: DirectorySession,
  p: { name?: string; domain?: string; dn?: string },
): Promise<string> {
  const d = await session.domainInfo();
  if (p.dn !== undefined) {
    const e = await resolveByDn(session, p.dn);
    return `${d.netbiosName}\\${e.sam}`;
  }
  const dom = (p.domain ?? "").toLowerCase();
  if (dom !== d.dnsName.toLowerCase() && dom !== d.netbiosName.toLowerCase()) {
    throw new TerminatingError(
      `Resolve AD object : Unable to find Domain '${p.domain}' in AD Forest. Exception Details: ${notFoundDetails(p.domain ?? "", d.defaultNamingContext)}`,
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
  return `${d.netbiosName}\\${String(searchEntries[0].sAMAccountName)}`;
}

/** ConvertFQDNtoDN */
const fqdnToDn = (fqdn: string) =>
  fqdn
    .split(".")
    .map((p) => `DC=${p}`)
    .join(",");

/**
 * GrantAcls: dsacls.exe "<DN>" /G <ACLs> /I:<flag>. On success dsacls' output goes to the pipeline
 * (the module returns $result), so the listing is printed; on failure Write-Error "$result" (the
 * lines joined with spaces).
 */
async function grantAcls(
  ctx: CmdletContext,
  session: DirectorySession,
  objectDn: string,
  acl: string,
  inherit: "S" | "T",
): Promise<void> {
  const cmd = `dsacls.exe "${objectDn}" /G ${acl} /I:${inherit}`;
  ctx.result.dsaclsCommands.push(cmd);
  const r = await runDsacls(session, cmd);
  if (r.exitCode === 0) ctx.write(...r.output);
  else ctx.writeError("GrantAcls", r.output.join(" "));
}

export interface WritebackPermissionsParams {
  ADConnectorAccountName?: string;
  ADConnectorAccountDomain?: string;
  ADConnectorAccountDN?: string;
  ADobjectDN?: string;
  /** pre-2.0.3.0 only */
  SkipAdminSdHolders?: boolean;
  /** current only */
  IncludeAdminSdHolders?: boolean;
}

const WRITEBACK_MESSAGE = "Grant Password Writeback permissions";

/**
 * Set-ADSyncPasswordWritebackPermissions ([CmdletBinding(SupportsShouldProcess, ConfirmImpact="high")]).
 * The ACEs never include Change password or Unexpire Password (PSM1, ADDS).
 */
export async function setADSyncPasswordWritebackPermissions(
  ctx: CmdletContext,
  session: DirectorySession,
  p: WritebackPermissionsParams,
  version: AdSyncConfigVersion = "current",
): Promise<void> {
  const identity = await resolveConnectorAccount(session, {
    name: p.ADConnectorAccountName,
    domain: p.ADConnectorAccountDomain,
    dn: p.ADConnectorAccountDN,
  });
  const acl = [
    `"${identity}:CA;Reset Password;user"`,
    `"${identity}:WP;lockoutTime;user"`,
    `"${identity}:WP;pwdLastSet;user"`,
  ].join(" ");
  if (p.ADobjectDN !== undefined) {
    await grantOnAdObject(ctx, session, acl, p.ADobjectDN, WRITEBACK_MESSAGE);
    return;
  }
  const adminSdHolder = version === "current" ? p.IncludeAdminSdHolders === true : !p.SkipAdminSdHolders;
  await grantOnAllDomains(ctx, session, acl, WRITEBACK_MESSAGE, { adminSdHolder, version });
}

/**
 * GrantADPermissionsOnADobject: organizationalUnit and container get the ACEs as they are with /I:S;
 * any other class keeps only the ACEs whose class suffix names it (suffix removed, /I:T), and throws
 * when none does — a domain root (domainDNS) included.
 */
async function grantOnAdObject(
  ctx: CmdletContext,
  session: DirectorySession,
  acl: string,
  objectDn: string,
  message: string,
): Promise<void> {
  const target = await resolveByDn(session, objectDn);
  let finalAcl = acl;
  let inherit: "S" | "T" = "T";
  if (target.objectClass === "organizationalUnit" || target.objectClass === "container") {
    inherit = "S";
  } else {
    const aces = acl.slice(1, -1).split('" "');
    const kept = aces
      .filter((ace) => {
        const i = ace.lastIndexOf(";");
        return i < 0 || ace.slice(i).includes(target.objectClass);
      })
      .map((ace) => ace.replace(`;${target.objectClass}`, ""));
    if (kept.length === 0) {
      throw new TerminatingError(
        `Grant permissions on AD object : AD permissions are not applicable for AD ObjectClass '${target.objectClass}': ${acl}`,
      );
    }
    finalAcl = `"${kept.join('" "')}"`;
  }
  if (await ctx.shouldProcess(target.name, message)) {
    ctx.write(`Grant permissions on AD object : Setting permissions on AD object '${target.dn}'...`);
    await grantAcls(ctx, session, target.dn, finalAcl, inherit);
  }
}

/**
 * GrantADPermissionsOnAllDomains: for each domain of (Get-ADForest).Domains, ShouldProcess(<FQDN>),
 * then the root with /I:S and, when asked, AdminSDHolder. How the current build words its
 * AdminSDHolder lines is UNVERIFIED: we print the pre-2.0.3.0 lines, and no "Skipping" line when
 * AdminSDHolder is left alone by default.
 */
async function grantOnAllDomains(
  ctx: CmdletContext,
  session: DirectorySession,
  acl: string,
  message: string,
  o: { adminSdHolder: boolean; version: AdSyncConfigVersion },
): Promise<void> {
  const fn = "Grant permissions on all Domains :";
  for (const domain of await session.forestDomains()) {
    if (!(await ctx.shouldProcess(domain, message))) continue;
    const domainDn = fqdnToDn(domain);
    ctx.write(`${fn} AD Domain '${domainDn}'...`);
    await grantAcls(ctx, session, domainDn, acl, "S");
    if (!o.adminSdHolder) {
      if (o.version === "pre-2.0.3.0")
        ctx.write(`${fn} Skipping permissions on AdminSDHolder container of '${domainDn}'.`);
      continue;
    }
    ctx.write(`${fn} Setting permissions on AdminSDHolder container of '${domainDn}'`);
    // (Get-ADObject -Server $domain -Filter "Name -like 'adminsdholder'").DistinguishedName
    const { searchEntries } = await session.client.search(domainDn, {
      scope: "sub",
      filter: "(name=AdminSDHolder)",
      attributes: ["distinguishedName"],
    });
    const holder = searchEntries[0]?.dn ?? `CN=AdminSDHolder,CN=System,${domainDn}`;
    await grantAcls(ctx, session, holder, acl, "S");
  }
}

/** Get-ADSyncObjectsWithInheritanceDisabled -SearchBase <DN|FQDN> [-ObjectClass <class|*>]. */
export async function getADSyncObjectsWithInheritanceDisabled(
  ctx: CmdletContext,
  session: DirectorySession,
  p: { SearchBase: string; ObjectClass?: string },
): Promise<void> {
  const base = /=/.test(p.SearchBase) ? p.SearchBase : fqdnToDn(p.SearchBase);
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
  const objects = ctx.result.objects;
  for (const e of searchEntries) {
    const raw = e.nTSecurityDescriptor;
    const buf = Array.isArray(raw) ? raw[0] : raw;
    if (!Buffer.isBuffer(buf)) continue;
    if (decodeSecurityDescriptor(buf).control & SdControl.DACL_PROTECTED) {
      const oc = ([] as string[]).concat((e.objectClass as string | string[]) ?? []);
      objects.push({
        DistinguishedName: e.dn,
        Name: String(e.name ?? ""),
        ObjectClass: oc[oc.length - 1] ?? "",
      });
    }
  }
  if (objects.length > 0) {
    ctx.write("", `${"DistinguishedName".padEnd(50) + "Name".padEnd(20)}ObjectClass`);
    ctx.write(`${"-----------------".padEnd(50) + "----".padEnd(20)}-----------`);
    for (const o of objects) ctx.write(o.DistinguishedName.padEnd(50) + o.Name.padEnd(20) + o.ObjectClass);
  }
}

/**
 * Get-ADSyncADConnectorAccount: ADConnectorName, ADConnectorAccountName, ADConnectorAccountDomain of
 * each AD connector (forest-login-user/-domain). Off a Connect server Get-ADSyncConnector is missing:
 * the module writes a non-terminating error and returns $null.
 */
export function getADSyncADConnectorAccount(
  ctx: CmdletContext,
  account: ConnectorAccountRef | undefined,
): void {
  if (!account) {
    ctx.writeError(
      "Get-ADSyncADConnectorAccount",
      "Failure calling 'Get-ADSyncConnector' cmdlet. This function can only be executed with AAD Connect installed.",
    );
    return;
  }
  const o = {
    ADConnectorName: account.connectorName,
    ADConnectorAccountName: account.userName,
    ADConnectorAccountDomain: account.domain,
  };
  ctx.result.objects.push(o);
  ctx.write(...formatTable(["ADConnectorName", "ADConnectorAccountName", "ADConnectorAccountDomain"], [o]));
}

/**
 * Show-ADSyncADObjectPermissions -ADobjectDN <DN>: dsacls.exe "<DN>"; the listing on success, else
 * Throw "Get-ADSyncADObjectPermissions : $result" (the module's $functionMsg keeps the Get- name).
 */
export async function showADSyncADObjectPermissions(
  ctx: CmdletContext,
  session: DirectorySession,
  dn: string,
): Promise<void> {
  const cmd = `dsacls.exe "${dn}"`;
  ctx.result.dsaclsCommands.push(cmd);
  const r = await runDsacls(session, cmd);
  if (r.exitCode !== 0) throw new TerminatingError(`Get-ADSyncADObjectPermissions : ${r.output.join(" ")}`);
  ctx.write(...r.output);
}
