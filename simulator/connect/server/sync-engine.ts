/**
 * The synchronization run, reduced to what writeback needs: read the in-scope AD users as the
 * connector account and export them to Entra ID with their onPremises* properties. sourceAnchor =
 * base64 of objectGUID (Connect's default before ms-DS-ConsistencyGuid is populated). Password hash
 * sync cannot be modelled from LDAP (the DC never returns unicodePwd), so the cloud keeps its own hash.
 */
import type { Client } from "ldapts";
import type { Tenant } from "../../cloud/core/tenant.ts";
import { sidFromBytes } from "../../security/sid.ts";

export interface SyncRunResult {
  exported: { userPrincipalName: string; dn: string; sourceAnchor: string }[];
  skipped: { dn: string; reason: string }[];
}

export interface SyncScope {
  /** Domain naming context. */
  baseDn: string;
  dnsDomain: string;
  /** OU filtering: the containers whose users are synchronized; empty/undefined = the whole domain. */
  includedContainers?: string[];
  /** sAMAccountNames never exported (the connector account itself, built-ins). */
  excludedSam?: RegExp;
}

function first(v: unknown): string | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return x === undefined || x === null ? undefined : String(x);
}

function inScope(dn: string, containers: string[] | undefined): boolean {
  if (!containers || containers.length === 0) return true;
  const d = dn.toLowerCase();
  return containers.some((c) => d.endsWith(`,${c.toLowerCase()}`));
}

export async function runSyncCycle(client: Client, tenant: Tenant, scope: SyncScope): Promise<SyncRunResult> {
  const { searchEntries } = await client.search(scope.baseDn, {
    scope: "sub",
    filter: "(objectClass=user)",
    attributes: [
      "objectGUID",
      "objectSid",
      "objectClass",
      "sAMAccountName",
      "userPrincipalName",
      "displayName",
      "cn",
      "userAccountControl",
      "isCriticalSystemObject",
    ],
    explicitBufferAttributes: ["objectGUID", "objectSid"],
    paged: { pageSize: 500 },
  });
  const result: SyncRunResult = { exported: [], skipped: [] };
  const excluded = scope.excludedSam ?? /^(MSOL_|krbtgt$|Guest$|Administrator$|DefaultAccount$)/i;
  for (const e of searchEntries) {
    const classes = ([] as string[])
      .concat((e.objectClass as string | string[]) ?? [])
      .map((c) => c.toLowerCase());
    const sam = first(e.sAMAccountName) ?? "";
    if (classes.includes("computer")) continue;
    if (first(e.isCriticalSystemObject)?.toUpperCase() === "TRUE" || excluded.test(sam)) {
      result.skipped.push({ dn: e.dn, reason: "excluded by the default synchronization rules" });
      continue;
    }
    if (!inScope(e.dn, scope.includedContainers)) {
      result.skipped.push({ dn: e.dn, reason: "outside the Domain/OU filtering scope" });
      continue;
    }
    const guid = e.objectGUID as Buffer;
    const sid = e.objectSid as Buffer;
    if (!Buffer.isBuffer(guid) || !Buffer.isBuffer(sid)) {
      result.skipped.push({ dn: e.dn, reason: "objectGUID/objectSid not readable by the connector account" });
      continue;
    }
    const upn = first(e.userPrincipalName) ?? `${sam}@${scope.dnsDomain}`;
    const uac = Number(first(e.userAccountControl) ?? "512");
    const sourceAnchor = guid.toString("base64");
    try {
      tenant.upsertSyncedUser({
        userPrincipalName: upn,
        onPremisesImmutableId: sourceAnchor,
        onPremisesSecurityIdentifier: sidFromBytes(sid).sid,
        onPremisesDistinguishedName: e.dn,
        onPremisesSamAccountName: sam,
        displayName: first(e.displayName) ?? first(e.cn) ?? sam,
        accountEnabled: (uac & 0x2) === 0,
        onPremisesDomainName: scope.dnsDomain,
      });
      result.exported.push({ userPrincipalName: upn, dn: e.dn, sourceAnchor });
    } catch (err) {
      result.skipped.push({ dn: e.dn, reason: (err as Error).message });
    }
  }
  return result;
}
