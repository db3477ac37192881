/**
 * An access token as the DC builds it for an LDAP session: the user SID, every group the user is a
 * member of (transitively), the primary group, and the well-known SIDs the logon adds.
 * MS-DTYP 2.5.2 (Token/Authorization Context), MS-ADTS 5.1.3 (security context of an LDAP operation).
 *
 * Membership is a Set so access checks ask `sids.has(sid)` in O(1).
 */

/** Well-known SIDs added by the logon itself rather than by group membership (MS-DTYP 2.4.2.4). */
export const LogonSid = {
  EVERYONE: "S-1-1-0",
  NETWORK: "S-1-5-2",
  INTERACTIVE: "S-1-5-4",
  AUTHENTICATED_USERS: "S-1-5-11",
  THIS_ORGANIZATION: "S-1-5-15",
  LOCAL_SYSTEM: "S-1-5-18",
  /** BUILTIN\Users: Domain Users is a member of it in every AD domain. */
  BUILTIN_USERS: "S-1-5-32-545",
  ANONYMOUS: "S-1-5-7",
} as const;

/** SIDs that stand for something other than a token member and are resolved during the check. */
export const PRINCIPAL_SELF_SID = "S-1-5-10";
export const OWNER_RIGHTS_SID = "S-1-3-4";
export const CREATOR_OWNER_SID = "S-1-3-0";
export const CREATOR_GROUP_SID = "S-1-3-1";

export interface Token {
  /** The user's objectSid. */
  readonly userSid: string;
  /** primaryGroupID resolved to a SID (Domain Users, <domain>-513, for ordinary users). */
  readonly primaryGroupSid?: string;
  /** Every SID in the token: user, groups (transitive), primary group and the logon SIDs. */
  readonly sids: ReadonlySet<string>;
  /** Privilege names (e.g. "SeSecurityPrivilege", "SeTakeOwnershipPrivilege"). */
  readonly privileges: ReadonlySet<string>;
}

/** Which logon SIDs to add. */
export type LogonKind = "network" | "interactive" | "anonymous" | "none";

export interface CreateTokenOptions {
  userSid: string;
  /** Group SIDs, already transitive (see expandGroupSids); the primary group may be among them or not. */
  groupSids?: Iterable<string>;
  primaryGroupSid?: string;
  /**
   * "network" (default) is what an LDAP bind gets: Everyone, Authenticated Users, NETWORK and This
   * Organization (MS-DTYP 2.4.2.4; a Windows DC puts NETWORK in tokens of network logons, which LDAP
   * simple and SASL binds are, and This Organization for accounts of the forest). BUILTIN\Users is
   * added when the primary group is Domain Users (<domain>-513), because AD makes Domain Users a
   * member of it; pass it in groupSids yourself for other layouts.
   * "anonymous" gives Everyone (only when dSHeuristics allows it, the caller decides) and ANONYMOUS LOGON.
   * "none" adds nothing (tests that want an exact token).
   */
  logon?: LogonKind;
  /** Extra SIDs to add verbatim (e.g. S-1-5-32-554 Pre-Windows 2000 Compatible Access). */
  extraSids?: Iterable<string>;
  privileges?: Iterable<string>;
}

export function createToken(opts: CreateTokenOptions): Token {
  const sids = new Set<string>();
  sids.add(opts.userSid);
  if (opts.primaryGroupSid) sids.add(opts.primaryGroupSid);
  for (const g of opts.groupSids ?? []) sids.add(g);
  const logon = opts.logon ?? "network";
  if (logon === "network" || logon === "interactive") {
    sids.add(LogonSid.EVERYONE);
    sids.add(LogonSid.AUTHENTICATED_USERS);
    sids.add(LogonSid.THIS_ORGANIZATION);
    sids.add(logon === "network" ? LogonSid.NETWORK : LogonSid.INTERACTIVE);
    if (opts.primaryGroupSid?.endsWith("-513")) sids.add(LogonSid.BUILTIN_USERS);
  } else if (logon === "anonymous") {
    sids.add(LogonSid.EVERYONE);
    sids.add(LogonSid.ANONYMOUS);
  }
  for (const s of opts.extraSids ?? []) sids.add(s);
  return {
    userSid: opts.userSid,
    primaryGroupSid: opts.primaryGroupSid,
    sids,
    privileges: new Set(opts.privileges ?? []),
  };
}

/** True when the token holds `sid` (user, group or logon SID). */
export function hasSid(token: Token, sid: string): boolean {
  return token.sids.has(sid);
}

/**
 * The transitive closure of group membership: every group reachable from `direct` through
 * `parentsOf` (the groups a group is a direct member of). Cycles are tolerated, as AD allows them.
 */
export function expandGroupSids(
  direct: Iterable<string>,
  parentsOf: (groupSid: string) => Iterable<string>,
): Set<string> {
  const out = new Set<string>();
  const queue = [...direct];
  while (queue.length > 0) {
    const g = queue.pop() as string;
    if (out.has(g)) continue;
    out.add(g);
    for (const p of parentsOf(g)) if (!out.has(p)) queue.push(p);
  }
  return out;
}
