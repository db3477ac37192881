/**
 * Directory: the DirectoryService the LDAP server calls, plus what tests and the harness need
 * (snapshot/restore, audit queries, the simulated clock, lookups by SID/GUID/name, SDProp on demand).
 * Operations run synchronously inside the promise; each acknowledged write triggers the commit hook
 * (state-file persistence).
 */
import type { SimClock } from "../clock/sim-clock.ts";
import type { Personality } from "../personality/catalogue.ts";
import { addEntry } from "./add.ts";
import {
  ANONYMOUS,
  type Attribute,
  DirectoryError,
  type DirectoryService,
  type ExtendedRequest,
  type ExtendedResponse,
  type Identity,
  type ModifyChange,
  type OperationContext,
  type ProtocolErrorCatalogue,
  type SearchCursor,
  type SearchRequest,
  type SearchResult,
} from "./api.ts";
import type { AuditEvent, AuditQuery } from "./audit.ts";
import { bindSimple } from "./bind.ts";
import { supportedControlsFor } from "./controls.ts";
import { type Dc, SYSTEM_SID } from "./dc.ts";
import { deleteEntry, renameEntry } from "./delete-rename.ts";
import type { Entry } from "./entry.ts";
import type { LdapAdminLimits } from "./ldap-policy.ts";
import { modifyEntry } from "./modify.ts";
import type { ChangeLog, ChangeLogMark } from "./pipeline/change-log.ts";
import { isDeleted } from "./pipeline/tombstone.ts";
import { loadQueryPolicy } from "./query-policy.ts";
import { remoteSamAllowed } from "./remote-sam.ts";
import { resolveAttributeType } from "./schema/attribute-names.ts";
import { normalizeValue } from "./schema/syntax.ts";
import { runSdProp } from "./sdprop.ts";
import { openSearch, search } from "./search.ts";
import { canReadProperty, sdToSddl } from "./security-adapter.ts";
import type { StoreState } from "./store.ts";

export interface DirectorySnapshot {
  readonly store: StoreState;
  readonly audit: { length: number; nextId: number };
  readonly changeLog: ChangeLogMark;
  readonly restrictRemoteSam?: string;
}

/** The identity SYSTEM, for harness-side writes that must bypass nothing but need a bound context. */
export const SYSTEM_IDENTITY: Identity = Object.freeze({
  anonymous: false,
  dn: "",
  sid: SYSTEM_SID,
  bindName: "SYSTEM",
});

export function systemContext(secure = true): OperationContext {
  return {
    identity: SYSTEM_IDENTITY,
    secure,
    controls: [],
    connectionId: 0,
    messageId: 0,
    clientAddress: "127.0.0.1",
  };
}

export class Directory implements DirectoryService {
  readonly protocolErrors: ProtocolErrorCatalogue;
  readonly supportedControls: ReadonlySet<string>;
  /** This DC machine's RestrictRemoteSam registry value (remote-sam.ts); undefined = not set. */
  restrictRemoteSam?: string;

  constructor(readonly dc: Dc) {
    this.protocolErrors = dc.personality.protocolErrors;
    this.supportedControls = supportedControlsFor(dc.policyHints);
  }

  get personality(): Personality {
    return this.dc.personality;
  }
  get clock(): SimClock {
    return this.dc.clock;
  }
  get baseDn(): string {
    return this.dc.config.domainDn;
  }
  get domainSid(): string {
    return this.dc.config.domainSid;
  }
  /** diagnosticMessage of a successful add/modify/delete/modifyDN ("00000000: Success" on Samba, "" on Windows). */
  get successMessage(): string {
    return this.dc.personality.quirks.successMessage;
  }

  private run<T>(f: () => T, write: boolean): Promise<T> {
    try {
      const v = f();
      if (write) this.dc.acknowledge();
      return Promise.resolve(v);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  bindSimple(name: string, password: Buffer, ctx: OperationContext): Promise<Identity> {
    return this.run(() => bindSimple(this.dc, name, password, ctx), false);
  }
  search(req: SearchRequest, ctx: OperationContext): Promise<SearchResult> {
    return search(this.dc, req, ctx);
  }
  openSearch(req: SearchRequest, ctx: OperationContext): Promise<SearchCursor> {
    return this.run(() => openSearch(this.dc, req, ctx), false);
  }
  /** The LDAP policies in force (the DC's query policy), read at each use. */
  get ldapLimits(): LdapAdminLimits {
    return this.dc.ldapPolicy.limits;
  }
  add(dn: string, attributes: Attribute[], ctx: OperationContext): Promise<void> {
    return this.run(() => {
      addEntry(this.dc, dn, attributes, ctx);
    }, true);
  }
  modify(dn: string, changes: ModifyChange[], ctx: OperationContext): Promise<void> {
    return this.run(() => modifyEntry(this.dc, dn, changes, ctx), true);
  }
  delete(dn: string, ctx: OperationContext): Promise<void> {
    return this.run(() => deleteEntry(this.dc, dn, ctx), true);
  }
  modifyDN(
    dn: string,
    newRdn: string,
    deleteOldRdn: boolean,
    newSuperior: string | undefined,
    ctx: OperationContext,
  ): Promise<void> {
    return this.run(() => renameEntry(this.dc, dn, newRdn, deleteOldRdn, newSuperior, ctx), true);
  }
  compare(dn: string, attribute: string, value: Buffer, ctx: OperationContext): Promise<boolean> {
    return this.run(() => {
      const dc = this.dc;
      if (ctx.identity.anonymous) throw dc.err("OPERATIONS_BIND_REQUIRED", { operation: "compare" });
      const e = dc.resolve(dn);
      if (!e)
        throw dc.err("NO_OBJECT", { dn, bestMatch: dn.startsWith("<") ? "" : dc.bestMatch(dc.ndnOf(dn)) });
      const def = resolveAttributeType(attribute).def;
      if (!def) throw dc.err("UNDEFINED_ATTRIBUTE_TYPE", { dn: e.dn, attribute });
      if (def.neverRead) return false;
      const token = dc.tokenFor(ctx.identity);
      if (!canReadProperty({ sd: e.sd, sid: e.sid, objectClass: e.objectClass }, token, def.name))
        throw dc.err("INSUFF_ACCESS_RIGHTS_WRITE", { dn: e.dn, attribute: def.name });
      const vals = e.attrs.get(def.name.toLowerCase())?.values;
      if (!vals) throw dc.err("NO_SUCH_ATTRIBUTE", { dn: e.dn, attribute: def.name, attid: def.attid });
      const want = normalizeValue(def.syntax, value);
      return vals.some((v) => normalizeValue(def.syntax, v) === want);
    }, false);
  }
  extended(req: ExtendedRequest, ctx: OperationContext): Promise<ExtendedResponse> {
    return this.run(() => {
      if (req.oid === "1.3.6.1.4.1.4203.1.11.3") {
        if (ctx.identity.anonymous) return { value: Buffer.alloc(0) };
        const e = this.dc.bySid(ctx.identity.sid);
        const sam = e?.attrs.get("samaccountname")?.values[0]?.toString() ?? ctx.identity.bindName;
        return { value: Buffer.from(`u:${this.dc.config.netbios}\\${sam}`) };
      }
      throw this.dc.err("UNSUPPORTED_EXTENDED_OPERATION", { oid: req.oid });
    }, false);
  }

  // ------------------------------------------------------------ harness API

  snapshot(): DirectorySnapshot {
    return {
      store: this.dc.store.snapshot(),
      audit: this.dc.audit.mark(),
      changeLog: this.dc.changeLog.mark(),
      restrictRemoteSam: this.restrictRemoteSam,
    };
  }

  /** Back to a snapshot; change-log subscribers get a "reset" entry (the state changed under them). */
  restore(s: DirectorySnapshot): void {
    this.restrictRemoteSam = s.restrictRemoteSam;
    this.dc.store.restore(s.store);
    this.dc.audit.rollback(s.audit);
    loadQueryPolicy(this.dc);
    this.dc.changeLog.rollback(s.changeLog, this.dc.now());
    this.dc.acknowledge();
  }

  /** The change log: one entry per committed write (pipeline/change-log.ts has the API). */
  get changeLog(): ChangeLog {
    return this.dc.changeLog;
  }

  audit(q: AuditQuery = {}): AuditEvent[] {
    return this.dc.audit.query(q);
  }

  findByDn(dn: string): Entry | undefined {
    return this.dc.resolve(dn);
  }
  findBySid(sid: string): Entry | undefined {
    return this.dc.bySid(sid);
  }
  findByGuid(guid: string): Entry | undefined {
    return this.dc.byGuid(guid);
  }
  findBySamAccountName(name: string): Entry | undefined {
    return this.dc.live(this.dc.store.lookup("samaccountname", normalizeValue("string", Buffer.from(name))));
  }
  /** The SDDL of an object's SD (domain-relative SIDs as aliases; Samba's rights order on request). */
  sddlOf(dn: string, dialect: "windows" | "samba-4.17" = "windows"): string {
    const e = this.dc.resolve(dn);
    if (!e) throw new Error(`no such object: ${dn}`);
    return sdToSddl(e.sd, this.dc.config.domainSid, dialect);
  }
  /**
   * Whether `sid` may call SAM on this DC remotely (NetUserGetInfo over SMB), under a RestrictRemoteSam
   * value (this DC's own, or another machine's given as `sddl`): the account's token against it.
   */
  remoteSamAllowed(sid: string, sddl: string | undefined = this.restrictRemoteSam): boolean {
    const token = this.dc.tokenFor({ anonymous: false, dn: "", sid, bindName: sid });
    return remoteSamAllowed(sddl, token, this.dc.config.domainSid);
  }
  /** Runs SDProp now (Windows personality; a no-op returning 0 on Samba). */
  runSdProp(): number {
    return this.dc.personality.quirks.sdProp ? runSdProp(this.dc) : 0;
  }
  /** Live objects in the domain NC (what directoryToLdif exports): no tombstones, no configuration NC. */
  get entryCount(): number {
    let n = 0;
    const nc = this.dc.domainNdn;
    for (const e of this.dc.store.entries.values())
      if ((e.ndn === nc || e.ndn.endsWith(`,${nc}`)) && this.dc.ncOf(e.ndn) === nc && !isDeleted(e)) n++;
    return n;
  }
  /** Anonymous context helper for tests. */
  static anonymousContext(secure = false): OperationContext {
    return {
      identity: ANONYMOUS,
      secure,
      controls: [],
      connectionId: 0,
      messageId: 0,
      clientAddress: "127.0.0.1",
    };
  }
}

export { DirectoryError };
