/**
 * The state of one simulated domain controller and the helpers every operation shares: DN and
 * extended-DN resolution, tokens for bound identities, the domain password policy read from the
 * domain root, time conversions, and committing a changed entry (USN, whenChanged, indexes, journal).
 */

import type { SeededIds } from "../clock/seeded-ids.ts";
import { SeededIds as Ids } from "../clock/seeded-ids.ts";
import type { SimClock } from "../clock/sim-clock.ts";
import type { ErrorKey, MessageArgs, Personality } from "../personality/catalogue.ts";
import type { DirectoryError, Identity } from "./api.ts";
import { AuditLog } from "./audit.ts";
import { DnSyntaxError, normalizeDn, parentDn } from "./dn.ts";
import { big, type Entry, EntryDraft, num, str } from "./entry.ts";
import { LdapPolicy } from "./ldap-policy.ts";
import { type PasswordPolicy, WINDOWS_DEFAULT_POLICY } from "./passwords/index.ts";
import { ChangeLog } from "./pipeline/change-log.ts";
import { commitWrite, type Write } from "./pipeline/commit.ts";
import { DELETED_OBJECTS_SDDL, isDeleted } from "./pipeline/tombstone.ts";
import { formatGeneralizedTime } from "./schema/syntax.ts";
import {
  createToken,
  expandGroupSids,
  guidToBytes,
  sddlToSd,
  sidToBytes,
  type Token,
} from "./security-adapter.ts";
import { Store } from "./store.ts";

export interface DcConfig {
  /** "DC=contoso,DC=com" */
  domainDn: string;
  domainSid: string;
  /** "contoso.com" */
  dnsDomain: string;
  /** "CONTOSO" */
  netbios: string;
  /** "DC1" */
  dcName: string;
  /** Samba: allow simple binds on cleartext ("ldap server require strong auth = no"). */
  allowCleartextSimpleBind: boolean;
  /** dSHeuristics fUserPwdSupport (9th char '1'): userPassword behaves like unicodePwd (MS-ADTS 3.1.1.3.1.5.2). */
  userPasswordIsUnicodePwd: boolean;
  /**
   * false: a Windows DC without LDAP_SERVER_POLICY_HINTS (before Windows Server 2016, or 2008 R2 without
   * the update): the control is neither advertised nor honoured (sspr-writeback-facts.md §8 case 20).
   */
  policyHintsControl?: boolean;
  /** This DC's invocationId (MS-ADTS 3.1.1.1.9); default: seeded from the DC and domain. */
  invocationId?: string;
  /** The forest root domain's DN, which names the configuration and schema NCs; default: this domain. */
  forestDn?: string;
  /** The site this DC is in (CN=Sites,…); default Default-First-Site-Name. */
  site?: string;
}

export const SYSTEM_SID = "S-1-5-18";
/** Everyone, Authenticated Users, NETWORK, This Organization (MS-DTYP 2.4.2.4): in every LDAP bind's token. */
const NETWORK_LOGON_SIDS = ["S-1-1-0", "S-1-5-11", "S-1-5-2", "S-1-5-15"];
const MS_TO_FILETIME_OFFSET = 11_644_473_600_000n;

export function msToFileTime(ms: number): bigint {
  return (BigInt(Math.round(ms)) + MS_TO_FILETIME_OFFSET) * 10_000n;
}

export function fileTimeToMs(ft: bigint): number {
  return Number(ft / 10_000n - MS_TO_FILETIME_OFFSET);
}

/** AD stores policy durations as negative 100-ns intervals (MS-ADA1 minPwdAge etc.). */
export function intervalToMs(v: bigint | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (v === -9223372036854775808n) return 0; // "never"
  return Number((v < 0n ? -v : v) / 10_000n);
}

export function msToInterval(ms: number): bigint {
  return -BigInt(Math.round(ms)) * 10_000n;
}

interface CachedToken {
  version: number;
  token: Token;
}

export class Dc {
  store = new Store();
  audit = new AuditLog();
  /** One entry per committed write (pipeline/change-log.ts): replication and the change feed read it. */
  readonly changeLog = new ChangeLog();
  /** Identifies this DC's replica in replication metadata (uuidLastOriginatingDsaInvocationID). */
  readonly invocationId: string;
  /** The LDAP policies this DC enforces (MS-ADTS 3.1.1.3.4.6), AD's defaults until changed. */
  readonly ldapPolicy = new LdapPolicy();
  readonly domainNdn: string;
  /** Called after every acknowledged write (persistence). */
  onCommit?: () => void;
  private tokens = new Map<string, CachedToken>();
  readonly systemToken: Token;
  readonly anonymousToken: Token;
  /**
   * Real elapsed time in ms, for a search's timeLimit only: that limit bounds the server's work, so it
   * runs on the wall clock, never on the simulated one (which doesn't move during a search).
   */
  elapsedMs: () => number = () => performance.now();

  constructor(
    readonly config: DcConfig,
    readonly personality: Personality,
    readonly clock: SimClock,
    readonly ids: SeededIds,
  ) {
    this.domainNdn = normalizeDn(config.domainDn);
    // Its own seeded stream, so it never shifts the GUIDs the world's objects get from `ids`.
    this.invocationId =
      config.invocationId ?? new Ids(`${config.domainSid}/${config.dcName}/invocationId`).guid();
    this.systemToken = createToken({
      userSid: SYSTEM_SID,
      groupSids: ["S-1-5-32-544"],
      logon: "network",
      privileges: ["SeSecurityPrivilege", "SeTakeOwnershipPrivilege", "SeRestorePrivilege"],
    });
    this.anonymousToken = createToken({ userSid: "S-1-5-7", logon: "anonymous" });
  }

  err(key: ErrorKey, args: MessageArgs = {}): DirectoryError {
    return this.personality.error(key, args);
  }

  /** The forest root domain's DN (rootDomainNamingContext). */
  get forestDn(): string {
    return this.config.forestDn ?? this.config.domainDn;
  }
  get configDn(): string {
    return `CN=Configuration,${this.forestDn}`;
  }
  get schemaDn(): string {
    return `CN=Schema,CN=Configuration,${this.forestDn}`;
  }
  get site(): string {
    return this.config.site ?? "Default-First-Site-Name";
  }
  get dsServiceName(): string {
    return `CN=NTDS Settings,${this.serverName}`;
  }
  get serverName(): string {
    return `CN=${this.config.dcName},CN=Servers,CN=${this.site},CN=Sites,${this.configDn}`;
  }

  /** The naming contexts this DC holds, normalised, most specific first (schema, configuration, domain). */
  get namingContexts(): string[] {
    return [normalizeDn(this.schemaDn), normalizeDn(this.configDn), this.domainNdn];
  }

  /** Whether a normalised DN names one of this DC's NC heads. */
  isNcHead(ndn: string): boolean {
    return this.namingContexts.includes(ndn);
  }

  /** The NC head holding a normalised DN ("" when none does). */
  ncOf(ndn: string): string {
    for (const nc of this.namingContexts) if (ndn === nc || ndn.endsWith(`,${nc}`)) return nc;
    return "";
  }
  get dnsHostName(): string {
    return `${this.config.dcName.toLowerCase()}.${this.config.dnsDomain}`;
  }

  domainRoot(): Entry {
    return this.store.get(this.domainNdn)!;
  }

  /** Whether this DC implements the password policy hints controls (personality and world). */
  get policyHints(): boolean {
    return this.personality.quirks.policyHints && this.config.policyHintsControl !== false;
  }

  now(): number {
    return this.clock.now();
  }

  nowFileTime(): bigint {
    return msToFileTime(this.clock.now());
  }

  generalizedNow(): string {
    return formatGeneralizedTime(this.clock.now());
  }

  /** Normalises a DN or throws INVALID_DN_SYNTAX. */
  ndnOf(dn: string): string {
    try {
      return normalizeDn(dn);
    } catch (e) {
      if (e instanceof DnSyntaxError) throw this.err("INVALID_DN_SYNTAX", { dn });
      throw e;
    }
  }

  /**
   * Resolves a DN as clients send it, including the extended forms `<GUID=…>`, `<SID=…>` and
   * `<WKGUID=guid,DN>` (MS-ADTS 3.1.1.3.1.2.4/5). Returns undefined when nothing matches.
   */
  resolve(dn: string, opts: { showDeleted?: boolean } = {}): Entry | undefined {
    const e = this.resolveAny(dn);
    return e && !opts.showDeleted && isDeleted(e) ? undefined : e;
  }

  /** resolve(), tombstones included (the show-deleted control, MS-ADTS 3.1.1.3.4.1.14). */
  private resolveAny(dn: string): Entry | undefined {
    const t = dn.trim();
    if (t.startsWith("<")) {
      const m = /^<(GUID|SID|WKGUID)=([^>]*)>(?:;.*)?$/i.exec(t);
      if (!m) throw this.err("INVALID_DN_SYNTAX", { dn });
      const kind = m[1].toUpperCase();
      const val = m[2];
      if (kind === "GUID") return this.byGuid(val, true);
      if (kind === "SID") return this.bySid(val);
      const [guid, ...rest] = val.split(",");
      const container = this.resolveAny(rest.join(","));
      if (!container) return undefined;
      for (const v of container.attrs.get("wellknownobjects")?.values ?? []) {
        // DN-Binary: B:32:<hex guid>:<dn>
        const mm = /^B:32:([0-9a-fA-F]{32}):(.*)$/.exec(v.toString("utf8"));
        if (mm && mm[1].toLowerCase() === guid.toLowerCase()) return this.store.get(this.ndnOf(mm[2]));
      }
      return undefined;
    }
    return this.store.get(this.ndnOf(t));
  }

  byGuid(text: string, showDeleted = false): Entry | undefined {
    let hex: string;
    if (/^[0-9a-fA-F]{32}$/.test(text)) hex = text.toLowerCase();
    else {
      try {
        hex = guidToBytes(text).toString("hex");
      } catch {
        return undefined;
      }
    }
    return this.live(this.store.lookup("objectguid", hex), showDeleted);
  }

  /** The first entry of an index hit that is not a tombstone (unless tombstones are wanted). */
  live(ndns: Iterable<string> | undefined, showDeleted = false): Entry | undefined {
    for (const n of ndns ?? []) {
      const e = this.store.get(n);
      if (e && (showDeleted || !isDeleted(e))) return e;
    }
    return undefined;
  }

  bySid(text: string): Entry | undefined {
    let hex: string;
    if (/^[0-9a-fA-F]+$/.test(text) && !text.startsWith("S-")) hex = text.toLowerCase();
    else {
      try {
        hex = sidToBytes(text).toString("hex");
      } catch {
        return undefined;
      }
    }
    return this.live(this.store.lookup("objectsid", hex));
  }

  /** The closest existing ancestor's DN (noSuchObject matchedDN). */
  bestMatch(ndn: string): string {
    let p = parentDn(ndn);
    while (p) {
      const e = this.store.get(p);
      if (e) return e.dn;
      p = parentDn(p);
    }
    return "";
  }

  // ------------------------------------------------------------ RIDs

  private ridPoolEnd = Number.POSITIVE_INFINITY;
  private nextRidPool?: () => { start: number; end: number };

  /** RIDs come in pools from the domain's RID master (forest/topology.ts); without one, unbounded. */
  useRidPools(end: number, next: () => { start: number; end: number }): void {
    this.ridPoolEnd = end;
    this.nextRidPool = next;
  }

  /** The next RID of this DC's pool, asking the RID master for a new pool when it runs out. */
  allocateRid(): number {
    if (this.store.nextRid >= this.ridPoolEnd && this.nextRidPool) {
      let p = this.nextRidPool();
      while (p.end <= this.store.nextRid) p = this.nextRidPool();
      this.store.nextRid = Math.max(p.start, this.store.nextRid);
      this.ridPoolEnd = p.end;
    }
    return this.store.nextRid++;
  }

  // ------------------------------------------------------------ tokens

  /** The token of a bound identity (transitive groups, primary group, logon SIDs). Cached per membership version. */
  tokenFor(identity: Identity): Token {
    if (identity.anonymous || !identity.sid) return this.anonymousToken;
    if (identity.sid === SYSTEM_SID) return this.systemToken;
    const hit = this.tokens.get(identity.sid);
    if (hit && hit.version === this.store.membershipVersion) return hit.token;
    const token = this.buildToken(identity.sid);
    this.tokens.set(identity.sid, { version: this.store.membershipVersion, token });
    return token;
  }

  private buildToken(sid: string): Token {
    const e = this.bySid(sid);
    const primaryRid = e ? num(e, "primaryGroupID") : undefined;
    const primaryGroupSid = primaryRid !== undefined ? `${this.config.domainSid}-${primaryRid}` : undefined;
    const groups = e ? this.groupsOf(e) : new Set<string>();
    if (primaryGroupSid) {
      const pg = this.bySid(primaryGroupSid);
      if (pg) for (const g of this.groupsOf(pg)) groups.add(g);
    }
    // The well-known SIDs of a network logon are group members through their foreignSecurityPrincipal
    // objects (Authenticated Users in Pre-Windows 2000 Compatible Access): a real DC expands those
    // too, which is how the connector account reads alice's userAccountControl on Samba (RU grants).
    for (const wk of NETWORK_LOGON_SIDS) {
      const fsp = this.bySid(wk);
      if (fsp) for (const g of this.groupsOf(fsp)) groups.add(g);
    }
    const privileged = groups.has("S-1-5-32-544");
    return createToken({
      userSid: sid,
      primaryGroupSid,
      groupSids: groups,
      logon: "network",
      privileges: privileged
        ? ["SeSecurityPrivilege", "SeTakeOwnershipPrivilege", "SeBackupPrivilege", "SeRestorePrivilege"]
        : [],
    });
  }

  /** Group entries whose member attribute holds the entry (direct). */
  directGroups(e: Entry): Entry[] {
    const set = this.store.lookup("member", e.ndn);
    const out: Entry[] = [];
    for (const g of set ?? []) {
      const ge = this.store.get(g);
      if (ge) out.push(ge);
    }
    return out;
  }

  /** Transitive group SIDs of an entry (not including its primary group's parents). */
  groupsOf(e: Entry): Set<string> {
    const direct = this.directGroups(e)
      .map((g) => g.sid)
      .filter((s): s is string => !!s);
    return expandGroupSids(direct, (gsid) => {
      const g = this.bySid(gsid);
      return g
        ? this.directGroups(g)
            .map((x) => x.sid ?? "")
            .filter(Boolean)
        : [];
    });
  }

  // ------------------------------------------------------------ policy

  policy(): PasswordPolicy {
    const r = this.domainRoot();
    if (!r) return WINDOWS_DEFAULT_POLICY;
    const d = WINDOWS_DEFAULT_POLICY;
    return {
      minPwdLength: num(r, "minPwdLength") ?? d.minPwdLength,
      pwdHistoryLength: num(r, "pwdHistoryLength") ?? d.pwdHistoryLength,
      complexity: ((num(r, "pwdProperties") ?? 1) & 1) === 1,
      minPwdAgeMs: intervalToMs(big(r, "minPwdAge"), d.minPwdAgeMs),
      maxPwdAgeMs: intervalToMs(big(r, "maxPwdAge"), d.maxPwdAgeMs),
      lockoutThreshold: num(r, "lockoutThreshold") ?? d.lockoutThreshold,
      lockoutDurationMs: intervalToMs(big(r, "lockoutDuration"), d.lockoutDurationMs),
      lockoutObservationWindowMs: intervalToMs(
        big(r, "lockOutObservationWindow"),
        d.lockoutObservationWindowMs,
      ),
    };
  }

  // ------------------------------------------------------------ commit

  /**
   * The one way into the store: the write pipeline's tail (pipeline/commit.ts) stamps USNs and
   * replication metadata, records the audit events, swaps the entries in and appends to the change log.
   */
  commitWrite(w: Write): Entry[] {
    return commitWrite(this, w);
  }

  /** This NC's CN=Deleted Objects (MS-ADTS 6.1.1.4), created on first use in worlds that lack it. */
  deletedObjects(): Entry {
    const dn = `CN=Deleted Objects,${this.config.domainDn}`;
    const have = this.store.get(normalizeDn(dn));
    if (have) return have;
    const d = new EntryDraft({
      dn,
      ndn: normalizeDn(dn),
      parent: this.domainNdn,
      objectClass: "container",
      attrs: new Map(),
      sd: sddlToSd(DELETED_OBJECTS_SDDL, this.config.domainSid),
      // Its own seeded stream: creating it never shifts the GUIDs other objects get.
      guid: new Ids(`${this.config.domainSid}/Deleted Objects`).guid(),
      sid: null,
    });
    const now = this.generalizedNow();
    d.set("objectClass", [Buffer.from("top"), Buffer.from("container")]);
    d.setStr("cn", "Deleted Objects");
    d.setStr("name", "Deleted Objects");
    d.setStr("description", "Container for deleted objects");
    d.setStr("distinguishedName", dn);
    d.setStr("instanceType", 4);
    d.setStr("whenCreated", now);
    d.setStr("isDeleted", "TRUE");
    d.setStr("showInAdvancedViewOnly", "TRUE");
    d.setStr("systemFlags", -1946157056);
    d.setStr("isCriticalSystemObject", "TRUE");
    d.set("objectGUID", [guidToBytes(d.guid)]);
    d.set("objectCategory", [Buffer.from(`CN=Container,${this.schemaDn}`)]);
    return this.commitWrite({
      kind: "add",
      actorSid: SYSTEM_SID,
      objects: [{ after: d.freeze(), change: "added" }],
    })[0];
  }

  acknowledge(): void {
    this.onCommit?.();
  }

  /** Short account name for audit events. */
  principalOf(sid: string): { sid: string; accountName: string; accountDomain: string } {
    if (sid === SYSTEM_SID) return { sid, accountName: "SYSTEM", accountDomain: "NT AUTHORITY" };
    if (sid === "S-1-5-7") return { sid, accountName: "ANONYMOUS LOGON", accountDomain: "NT AUTHORITY" };
    const e = this.bySid(sid);
    return { sid, accountName: (e && str(e, "sAMAccountName")) ?? sid, accountDomain: this.config.netbios };
  }
}

export { EntryDraft };
