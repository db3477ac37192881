/**
 * AD's LDAP policies (MS-ADTS 3.1.1.3.4.6; KB 315071 "View and set LDAP policy in Active Directory by
 * using Ntdsutil.exe"): the administrative limits a DC enforces on its LDAP interface, stored as
 * "Name=Value" strings in lDAPAdminLimits of the queryPolicy object the DC uses (by default
 * CN=Default Query Policy,CN=Query-Policies,CN=Directory Service,CN=Windows NT,CN=Services in the
 * configuration NC). The DC holds one LdapPolicy; the LDAP layer and the search read it live, so a
 * change takes effect without a restart (KB 315071 "Reboot requirement").
 *
 * Values are numbers as AD stores them: seconds for durations, bytes for sizes, counts otherwise.
 */

/** The policies a DC lists in supportedLDAPPolicies, with AD's defaults (KB 315071, MS-ADTS 3.1.1.3.4.6). */
export const LDAP_POLICY_DEFAULTS = Object.freeze({
  /** Seconds a new connection may wait before its first request. */
  InitRecvTimeout: 120,
  /** Simultaneous LDAP connections the DC accepts. */
  MaxConnections: 5000,
  /** Seconds a connection may stay idle before the DC closes it with a Notice of Disconnection. */
  MaxConnIdleTime: 900,
  /** Largest datagram (CLDAP) request; we serve no datagrams, listed for completeness. */
  MaxDatagramRecv: 4096,
  /** Outstanding notification searches per connection (LDAP_SERVER_NOTIFICATION_OID). */
  MaxNotificationPerConn: 5,
  /** Threads per processor; no meaning in one Node process, listed for completeness. */
  MaxPoolThreads: 4,
  /** Largest LDAP request in bytes. */
  MaxReceiveBuffer: 10_485_760,
  /** Most objects in one search result (one page of a paged search). */
  MaxPageSize: 1000,
  /** Seconds one search may run before timeLimitExceeded. */
  MaxQueryDuration: 120,
  /** Bytes the DC keeps for all stored paged-search result sets together. */
  MaxResultSetSize: 262_144,
  /** Stored paged-search result sets per connection. */
  MaxResultSetsPerConn: 10,
  /** Result sets kept whatever their size (the pool is not trimmed below this count). */
  MinResultSets: 4,
  /** Rows of a temporary table; no meaning in an in-memory store, listed for completeness. */
  MaxTempTableSize: 10_000,
  /** Values of one attribute returned before range retrieval is needed. */
  MaxValRange: 1500,
  /** Messages in one batch of a search response; listed for completeness. */
  MaxBatchReturnMessages: 1200,
  /** Percentage of DirSync requests; listed for completeness. */
  MaxPercentDirSyncRequests: 0,
});

export type LdapPolicyName = keyof typeof LDAP_POLICY_DEFAULTS;
export type LdapAdminLimits = Readonly<Record<LdapPolicyName, number>>;

/** Floors AD enforces whatever is stored (KB 315071: MaxValRange minimum 30). */
const MINIMUMS: Partial<Record<LdapPolicyName, number>> = { MaxValRange: 30 };

/**
 * Ceilings Windows Server 2008 and later apply over larger stored values (the "hardcoded LDAP
 * limits"): MaxReceiveBuffer 20 MiB, MaxPageSize 20,000, MaxQueryDuration 1,200 s,
 * MaxTempTableSize 100,000, MaxValRange 5,000.
 */
const CEILINGS: Partial<Record<LdapPolicyName, number>> = {
  MaxReceiveBuffer: 20_971_520,
  MaxPageSize: 20_000,
  MaxQueryDuration: 1200,
  MaxTempTableSize: 100_000,
  MaxValRange: 5000,
};

const NAMES = Object.keys(LDAP_POLICY_DEFAULTS) as LdapPolicyName[];
const BY_LOWER = new Map(NAMES.map((n) => [n.toLowerCase(), n]));

export function isLdapPolicyName(name: string): name is LdapPolicyName {
  return BY_LOWER.get(name.toLowerCase()) === name;
}

/** One lDAPAdminLimits value "Name=Value", or why it is not one. */
export function parseLimitValue(text: string): { name: LdapPolicyName; value: number } | { error: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) return { error: `"${text}" is not Name=Value` };
  const name = BY_LOWER.get(text.slice(0, eq).trim().toLowerCase());
  if (!name) return { error: `"${text.slice(0, eq)}" is not an LDAP policy` };
  const raw = text.slice(eq + 1).trim();
  if (!/^\d{1,10}$/.test(raw)) return { error: `${name}=${raw} is not a non-negative integer` };
  return { name, value: Number(raw) };
}

/** The limits in force: stored values clamped to AD's floors and ceilings. */
function effective(stored: Partial<Record<LdapPolicyName, number>>): LdapAdminLimits {
  const out = { ...LDAP_POLICY_DEFAULTS } as Record<LdapPolicyName, number>;
  for (const n of NAMES) {
    const v = stored[n];
    if (v === undefined) continue;
    const floor = MINIMUMS[n] ?? 0;
    const ceiling = CEILINGS[n] ?? Number.MAX_SAFE_INTEGER;
    out[n] = Math.min(Math.max(v, floor), ceiling);
  }
  return Object.freeze(out);
}

/**
 * The query policy a DC uses. `limits` is what every check reads; `values()` is what lDAPAdminLimits
 * holds (the stored strings, defaults for the policies the administrator never set).
 */
export class LdapPolicy {
  private stored: Partial<Record<LdapPolicyName, number>>;
  private current: LdapAdminLimits;

  constructor(stored: Partial<Record<LdapPolicyName, number>> = {}) {
    this.stored = { ...stored };
    this.current = effective(this.stored);
  }

  /** The limits in force now. */
  get limits(): LdapAdminLimits {
    return this.current;
  }

  /**
   * Replaces the stored policy from lDAPAdminLimits values. lDAPAdminLimits is a free string
   * attribute, so a value that is not a known "Name=Value" is stored and ignored, as AD does
   * (the policy keeps its default); `ignored` lists them.
   */
  setValues(values: readonly string[]): void {
    const next: Partial<Record<LdapPolicyName, number>> = {};
    const ignored: string[] = [];
    for (const v of values) {
      const parsed = parseLimitValue(v);
      if ("error" in parsed) ignored.push(parsed.error);
      else next[parsed.name] = parsed.value;
    }
    this.stored = next;
    this.current = effective(next);
    this.ignored = ignored;
  }

  /** Why the last setValues ignored some values. */
  ignored: string[] = [];

  /** Changes some policies, keeping the others (harness and tests). */
  update(changes: Partial<Record<LdapPolicyName, number>>): void {
    this.stored = { ...this.stored, ...changes };
    this.current = effective(this.stored);
  }

  /** lDAPAdminLimits as a Default Query Policy holds it: the policies ntdsutil lists, "Name=Value". */
  values(): string[] {
    return DEFAULT_QUERY_POLICY_NAMES.map((n) => `${n}=${this.stored[n] ?? LDAP_POLICY_DEFAULTS[n]}`);
  }
}

/** The policies a fresh forest's Default Query Policy stores (the ntdsutil "LDAP policies" list). */
export const DEFAULT_QUERY_POLICY_NAMES: readonly LdapPolicyName[] = [
  "MaxValRange",
  "MaxReceiveBuffer",
  "MaxDatagramRecv",
  "MaxPoolThreads",
  "MaxResultSetSize",
  "MaxTempTableSize",
  "MaxQueryDuration",
  "MaxPageSize",
  "MaxNotificationPerConn",
  "MaxConnIdleTime",
  "InitRecvTimeout",
  "MaxConnections",
  "MaxResultSetsPerConn",
  "MinResultSets",
];
