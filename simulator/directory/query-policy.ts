/**
 * The query policy a DC uses (MS-ADTS 3.1.1.3.4.6; "Managing Lightweight Directory Access Protocol
 * Policies"): the queryPolicy object named by the DC's nTDSDSA queryPolicyObject, else the Default
 * Query Policy under CN=Query-Policies,CN=Directory Service,CN=Windows NT,CN=Services in the
 * configuration NC. Its lDAPAdminLimits values are the DC's LDAP policies: the write pipeline calls
 * `followQueryPolicy` after each commit, so a write over LDAP changes the live limits at once (KB
 * 315071: "changes take effect without a reboot").
 */
import type { Dc } from "./dc.ts";
import { normalizeDn } from "./dn.ts";
import type { Entry } from "./entry.ts";

/** The RDN path of the Default Query Policy below the configuration NC head. */
export const DEFAULT_QUERY_POLICY_PATH =
  "CN=Default Query Policy,CN=Query-Policies,CN=Directory Service,CN=Windows NT,CN=Services";

export function defaultQueryPolicyDn(dc: Dc): string {
  return `${DEFAULT_QUERY_POLICY_PATH},${dc.configDn}`;
}

/** The normalised DN of the policy this DC follows. */
export function queryPolicyNdn(dc: Dc): string {
  const ntds = dc.store.get(normalizeDn(dc.dsServiceName));
  const chosen = ntds?.attrs.get("querypolicyobject")?.values[0]?.toString("utf8");
  if (chosen) {
    try {
      const n = normalizeDn(chosen);
      if (dc.store.has(n)) return n;
    } catch {
      // a malformed reference: AD falls back to the default policy
    }
  }
  return normalizeDn(defaultQueryPolicyDn(dc));
}

/** Reloads the DC's LDAP policies from its query policy object (no object: AD's defaults). */
export function loadQueryPolicy(dc: Dc): void {
  watched.delete(dc);
  const policy = dc.store.get(queryPolicyNdn(dc));
  const values = policy?.attrs.get("ldapadminlimits")?.values.map((v) => v.toString("utf8")) ?? [];
  dc.ldapPolicy.setValues(values);
}

/** Per DC: its nTDSDSA's DN and the policy it points at, so a commit costs two string compares. */
const watched = new WeakMap<Dc, { ntds: string; policy: string }>();

/** After a commit: when the written objects include the policy or the DC's nTDSDSA, reload. */
export function followQueryPolicy(dc: Dc, written: readonly Entry[]): void {
  let w = watched.get(dc);
  if (!w) {
    w = { ntds: normalizeDn(dc.dsServiceName), policy: queryPolicyNdn(dc) };
    watched.set(dc, w);
  }
  for (const e of written) {
    if (e.ndn === w.ntds) w.policy = queryPolicyNdn(dc);
    if (e.ndn === w.policy || e.ndn === w.ntds) {
      loadQueryPolicy(dc);
      return;
    }
  }
}
