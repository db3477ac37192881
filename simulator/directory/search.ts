/**
 * Search (RFC 4511 4.5 with AD's rules, MS-ADTS 3.1.1.3): base resolution including extended DNs,
 * scopes, index-planned candidates, size limit, attribute selection (`*`, `+`, `1.1`, names),
 * typesOnly, read-property checks, nTSecurityDescriptor under the SD-flags control, constructed
 * attributes and the extended-DN control. Anonymous connections may read only the rootDSE.
 *
 * A search runs through a cursor (EntryCursor): it yields to the event loop every few milliseconds
 * and stops at the client's timeLimit or the MaxQueryDuration policy with timeLimitExceeded (3), so
 * one expensive filter never stops other clients (MS-ADTS 3.1.1.3.4.6).
 *
 * Simplification (documented): LIST_CHILDREN/LIST_OBJECT do not hide entries — read-property checks
 * decide which attributes a caller sees.
 */
import type {
  Attribute,
  Filter,
  LdapResult,
  OperationContext,
  SearchCursor,
  SearchEntry,
  SearchPage,
  SearchRequest,
  SearchResult,
} from "./api.ts";
import { extendedDnFormat, OID, sdFlags } from "./controls.ts";
import { type Dc, fileTimeToMs } from "./dc.ts";
import { isUnder } from "./dn.ts";
import { big, type Entry, num } from "./entry.ts";
import { matches, plan } from "./filter.ts";
import { isLockedOut, UF_DONT_EXPIRE_PASSWD } from "./passwords/index.ts";
import { formatAttributeMetaData, metadataOf } from "./pipeline/replication-metadata.ts";
import { isDeleted } from "./pipeline/tombstone.ts";
import { rootDseAttributes } from "./rootdse.ts";
import { resolveAttributeType } from "./schema/attribute-names.ts";
import { allowedFor, attributeDef } from "./schema/index.ts";
import { subschemaLists } from "./schema/subschema.ts";
import { formatGeneralizedTime } from "./schema/syntax.ts";
import {
  AdRight,
  canReadProperty,
  canWriteProperty,
  encodeSecurityDescriptor,
  hasRights,
  sdPart,
  sidToBytes,
  type Token,
} from "./security-adapter.ts";

/** Attributes "+" returns (cheap operational/constructed ones). */
const PLUS = [
  "createTimeStamp",
  "modifyTimeStamp",
  "subSchemaSubEntry",
  "structuralObjectClass",
  "canonicalName",
];

const PAGED_RESULTS_OID = "1.2.840.113556.1.4.319";

/** Requested attributes and filter attributes by lDAPDisplayName, whatever the client spelled (OIDs, options). */
function resolveNames(req: SearchRequest): SearchRequest {
  const attributes = req.attributes.map((a) =>
    a === "*" || a === "+" || a === "1.1" ? a : resolveAttributeType(a).name,
  );
  return { ...req, attributes, filter: resolveFilter(req.filter) };
}

function resolveFilter(f: Filter): Filter {
  switch (f.type) {
    case "and":
    case "or":
      return { ...f, filters: f.filters.map(resolveFilter) };
    case "not":
      return { ...f, filter: resolveFilter(f.filter) };
    case "extensible":
      return f.attribute ? { ...f, attribute: resolveAttributeType(f.attribute).name } : f;
    default:
      return { ...f, attribute: resolveAttributeType(f.attribute).name };
  }
}

/** A search that needs no cursor: the rootDSE (one entry or none). */
function rootDseSearch(dc: Dc, req: SearchRequest, ctx: OperationContext): SearchResult {
  const attrs = rootDseAttributes(dc, req.attributes, ctx);
  if (!matchesRootDse(req)) return { entries: [], references: [], controls: [] };
  return {
    entries: [
      { dn: "", attributes: req.typesOnly ? attrs.map((a) => ({ type: a.type, values: [] })) : attrs },
    ],
    references: [],
    controls: [],
  };
}

/** A cursor over results already computed (the rootDSE). */
class FixedCursor implements SearchCursor {
  readonly storedBytes = 0;
  constructor(private result: SearchResult) {}
  async next(): Promise<SearchPage> {
    const { entries, references, controls } = this.result;
    this.result = { entries: [], references: [], controls: [] };
    return { entries, references, controls, done: true };
  }
}

/**
 * Opens a search (RFC 4511 4.5, MS-ADTS 3.1.1.3): the base is resolved and access checked now, so a
 * missing base or an anonymous caller fails the operation before any page; entries come from `next`.
 */
export function openSearch(dc: Dc, sent: SearchRequest, ctx: OperationContext): SearchCursor {
  const req = resolveNames(sent);
  const isRootDse = req.scope === "base" && req.baseObject.trim() === "";
  if (isRootDse) return new FixedCursor(rootDseSearch(dc, req, ctx));
  if (ctx.identity.anonymous) throw dc.err("OPERATIONS_BIND_REQUIRED", { operation: "search" });
  // Tombstones are seen only with the show-deleted control (MS-ADTS 3.1.1.3.4.1.14).
  const showDeleted = ctx.controls.some((c) => c.oid === OID.SHOW_DELETED);
  const base = dc.resolve(req.baseObject, { showDeleted });
  if (!base) {
    const extended = req.baseObject.startsWith("<");
    const n = extended ? "" : dc.ndnOf(req.baseObject);
    throw dc.err(extended ? "NO_OBJECT_SEARCH_EXTENDED_BASE" : "NO_OBJECT_SEARCH_BASE", {
      dn: req.baseObject,
      bestMatch: n ? dc.bestMatch(n) : "",
    });
  }
  return new EntryCursor(dc, req, base, showDeleted, requestedRanges(sent.attributes));
}

/**
 * A whole search in one result: the entries up to the client's sizeLimit and, on Windows, at most
 * MaxPageSize of them unless the client pages (MS-ADTS 3.1.1.3.4.6: a non-paged search that finds
 * more ends with sizeLimitExceeded).
 */
export async function search(dc: Dc, req: SearchRequest, ctx: OperationContext): Promise<SearchResult> {
  const cursor = openSearch(dc, req, ctx);
  const page = await cursor.next(nonPagedCap(dc, ctx), ctx);
  const result = page.result ?? (page.done ? undefined : dc.personality.result("SIZE_LIMIT_EXCEEDED"));
  return { entries: page.entries, references: page.references, controls: page.controls, result };
}

function nonPagedCap(dc: Dc, ctx: OperationContext): number {
  const capped = dc.personality.quirks.maxPageSize > 0;
  const paged = ctx.controls.some((c) => c.oid === PAGED_RESULTS_OID);
  return capped && !paged ? dc.ldapPolicy.limits.MaxPageSize : Number.POSITIVE_INFINITY;
}

/** Wall-clock time one stretch of a search may run before it lets other work in. */
const SLICE_MS = 10;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Nodes of a filter: how much work matching one entry costs, to decide how often to look at the clock. */
function filterWeight(f: SearchRequest["filter"]): number {
  switch (f.type) {
    case "and":
    case "or":
      return f.filters.reduce((n, x) => n + filterWeight(x), 1);
    case "not":
      return 1 + filterWeight(f.filter);
    default:
      return 1;
  }
}

/** Bytes a stored cursor costs beyond its candidates: the request, the iterator stack, bookkeeping. */
const CURSOR_OVERHEAD = 512;
/** Bytes per name in a candidate set built for one search (an OR over indexes). */
const BYTES_PER_CANDIDATE = 48;

/**
 * The entries of one search, produced on demand. It holds the candidates' iterator (a position in the
 * DIT or in an index), the count returned so far and at most one matched entry read ahead, so a paged
 * search costs the same memory whether it has ten results or a million. Each page reads the clock
 * (real time: the limits bound the server's work) so it can stop at the time limit and yield to the
 * event loop every SLICE_MS.
 */
class EntryCursor implements SearchCursor {
  private readonly candidates: Iterator<Entry>;
  /** A matched entry read ahead to learn whether another page exists. */
  private pending: Entry | undefined;
  private returned = 0;
  private finished = false;
  private readonly checkEvery: number;
  readonly storedBytes: number;

  constructor(
    private readonly dc: Dc,
    private readonly req: SearchRequest,
    private readonly base: Entry,
    private readonly showDeleted: boolean,
    private readonly ranges: ReadonlyMap<string, ValueRange> | undefined,
  ) {
    const planned = req.scope === "base" ? null : plan(dc, req.filter);
    this.candidates = collect(dc, req, base, planned)[Symbol.iterator]();
    const weight = filterWeight(req.filter);
    // Heavy filters cost enough per entry that the clock is worth reading at each one.
    this.checkEvery = weight >= 64 ? 1 : weight >= 8 ? 16 : 64;
    const ownSet = planned && req.filter.type === "or" ? planned.size : 0;
    this.storedBytes = CURSOR_OVERHEAD + weight * 64 + ownSet * BYTES_PER_CANDIDATE;
  }

  async next(max: number, ctx: OperationContext): Promise<SearchPage> {
    const dc = this.dc;
    const req = this.req;
    const entries: SearchEntry[] = [];
    const page = (done: boolean, result?: LdapResult): SearchPage => {
      if (done) this.finished = true;
      return { entries, references: [], controls: [], done, result };
    };
    if (this.finished) return page(true);
    const token = dc.tokenFor(ctx.identity);
    const valueLimits: ValueLimits = { max: dc.ldapPolicy.limits.MaxValRange, ranges: this.ranges };
    const sd = sdFlags(ctx.controls);
    const ext = extendedDnFormat(ctx.controls);
    const sizeLimit = req.sizeLimit > 0 ? req.sizeLimit : Number.POSITIVE_INFINITY;
    const start = dc.elapsedMs();
    // RFC 4511 4.5.1.5 timeLimit and AD's MaxQueryDuration (MS-ADTS 3.1.1.3.4.6), whichever is shorter.
    const policySeconds = dc.ldapPolicy.limits.MaxQueryDuration;
    const seconds = Math.min(
      req.timeLimit > 0 ? req.timeLimit : Number.POSITIVE_INFINITY,
      policySeconds > 0 ? policySeconds : Number.POSITIVE_INFINITY,
    );
    const deadline = start + seconds * 1000;
    let sliceStart = start;
    let examined = 0;
    const emit = (e: Entry) => {
      entries.push(render(dc, e, req, token, sd.flags, ext, valueLimits));
      this.returned++;
    };
    if (this.pending) {
      const e = this.pending;
      this.pending = undefined;
      if (this.returned >= sizeLimit) return page(true, dc.personality.result("SIZE_LIMIT_EXCEEDED"));
      emit(e);
    }
    for (;;) {
      if (++examined % this.checkEvery === 0) {
        const now = dc.elapsedMs();
        if (now > deadline) return page(true, dc.personality.result("TIME_LIMIT_EXCEEDED"));
        if (now - sliceStart >= SLICE_MS) {
          await yieldToEventLoop();
          sliceStart = dc.elapsedMs();
        }
      }
      const step = this.candidates.next();
      if (step.done) return page(true);
      const e = step.value;
      if (!this.showDeleted && e !== this.base && isDeleted(e)) continue;
      if (!matches(dc, req.filter, e)) continue;
      if (entries.length >= max || this.returned >= sizeLimit) {
        // One match beyond the page: keep it for the next page, or end with sizeLimitExceeded.
        if (this.returned >= sizeLimit) return page(true, dc.personality.result("SIZE_LIMIT_EXCEEDED"));
        this.pending = e;
        return page(false);
      }
      emit(e);
    }
  }
}

function matchesRootDse(req: SearchRequest): boolean {
  // AD answers the rootDSE for (objectClass=*) and any present filter; keep it simple and permissive.
  return (
    req.filter.type === "present" ||
    req.filter.type === "and" ||
    req.filter.type === "or" ||
    req.filter.type === "equality"
  );
}

/**
 * The candidates of a search in the order AD-like clients see them: an index's entries when the
 * filter has an indexed term, else the base's children or its subtree depth-first, base first. The
 * subtree walk keeps one iterator per level (never a copy of the children), so a cursor paused
 * mid-search holds O(depth), and entries added or removed meanwhile are seen or skipped.
 */
function* collect(dc: Dc, req: SearchRequest, base: Entry, planned: Set<string> | null): Iterable<Entry> {
  if (req.scope === "base") {
    yield base;
    return;
  }
  if (planned) {
    // A subtree search stays in its naming context: CN=Configuration,DC=… is under DC=… by name only.
    const nc = dc.ncOf(base.ndn);
    for (const n of planned) {
      const e = dc.store.get(n);
      if (!e) continue;
      if (req.scope === "one" ? e.parent === base.ndn : isUnder(e.ndn, base.ndn) && dc.ncOf(e.ndn) === nc)
        yield e;
    }
    return;
  }
  if (req.scope === "one") {
    for (const c of dc.store.childrenOf(base.ndn) ?? []) {
      const e = dc.store.get(c);
      if (e) yield e;
    }
    return;
  }
  yield base;
  const stack: Iterator<string>[] = [];
  const top = dc.store.childrenOf(base.ndn);
  if (top) stack.push(top.values());
  while (stack.length > 0) {
    const step = stack[stack.length - 1].next();
    if (step.done) {
      stack.pop();
      continue;
    }
    const e = dc.store.get(step.value);
    if (!e) continue;
    yield e;
    const kids = dc.store.childrenOf(e.ndn);
    if (kids && kids.size > 0) stack.push(kids.values());
  }
}

function extDn(_dc: Dc, e: Entry, fmt: 0 | 1): string {
  const guid = e.attrs.get("objectguid")?.values[0];
  const parts: string[] = [];
  if (guid) parts.push(`<GUID=${fmt === 1 ? e.guid : guid.toString("hex")}>`);
  if (e.sid) parts.push(`<SID=${fmt === 1 ? e.sid : sidToBytes(e.sid).toString("hex")}>`);
  parts.push(e.dn);
  return parts.join(";");
}

function dnValue(dc: Dc, v: Buffer, fmt: 0 | 1 | undefined): Buffer {
  if (fmt === undefined) return v;
  const target = dc.resolve(v.toString("utf8"));
  return target ? Buffer.from(extDn(dc, target, fmt)) : v;
}

/** A requested value range ("member;range=1500-*", MS-ADTS 3.1.1.3.1.3.3). */
export interface ValueRange {
  low: number;
  /** Inclusive; "*" = to the last value. */
  high: number | "*";
}

/** How many values of one attribute a search returns: MaxValRange, and the ranges the client asked for. */
export interface ValueLimits {
  max: number;
  /** By lower-case lDAPDisplayName. */
  ranges?: ReadonlyMap<string, ValueRange>;
}

const NO_VALUE_LIMITS: ValueLimits = { max: Number.POSITIVE_INFINITY };

/** The range options among the requested attributes, by lower-case lDAPDisplayName. */
export function requestedRanges(attributes: readonly string[]): Map<string, ValueRange> | undefined {
  let out: Map<string, ValueRange> | undefined;
  for (const a of attributes) {
    if (!a.includes(";")) continue;
    const r = resolveAttributeType(a);
    for (const o of r.options) {
      const m = /^range=(\d+)-(\d+|\*)$/.exec(o);
      if (!m) continue;
      out ??= new Map();
      out.set(r.name.toLowerCase(), { low: Number(m[1]), high: m[2] === "*" ? "*" : Number(m[2]) });
    }
  }
  return out;
}

/**
 * MS-ADTS 3.1.1.3.1.3.3 range retrieval under MaxValRange (3.1.1.3.4.6): an attribute with more
 * values than MaxValRange comes back as "name;range=0-(MaxValRange-1)"; a client asks for the rest
 * with "name;range=low-high" or "name;range=low-*", and the last slice says "-*".
 */
function valueSlice(
  type: string,
  values: Buffer[],
  range: ValueRange | undefined,
  max: number,
): { type: string; values: Buffer[] } | undefined {
  if (!range) {
    if (values.length <= max) return { type, values };
    return { type: `${type};range=0-${max - 1}`, values: values.slice(0, max) };
  }
  const { low } = range;
  if (low >= values.length) return undefined;
  const wantedHigh = range.high === "*" ? values.length - 1 : Math.min(range.high, values.length - 1);
  const high = Math.min(wantedHigh, low + max - 1);
  const last = high >= values.length - 1;
  return { type: `${type};range=${low}-${last ? "*" : high}`, values: values.slice(low, high + 1) };
}

export function render(
  dc: Dc,
  e: Entry,
  req: Pick<SearchRequest, "attributes" | "typesOnly" | "scope">,
  token: Token,
  flags: number,
  ext: 0 | 1 | undefined,
  limits: ValueLimits = NO_VALUE_LIMITS,
): SearchEntry {
  const wanted = req.attributes.map((a) => a.toLowerCase());
  const all = wanted.length === 0 || wanted.includes("*");
  const plus = wanted.includes("+");
  const names = new Set(wanted.filter((a) => a !== "*" && a !== "+" && a !== "1.1"));
  const attrs: Attribute[] = [];
  const emit = (type: string, values: Buffer[]) => {
    if (values.length === 0) return;
    attrs.push({ type, values: req.typesOnly ? [] : values });
  };
  /** Stored and computed multi-valued attributes go through MaxValRange and the requested ranges. */
  const emitRanged = (type: string, values: Buffer[], map?: (v: Buffer) => Buffer) => {
    if (values.length === 0) return;
    const slice = valueSlice(type, values, limits.ranges?.get(type.toLowerCase()), limits.max);
    if (slice) emit(slice.type, map ? slice.values.map(map) : slice.values);
  };
  const target = { sd: e.sd, sid: e.sid, objectClass: e.objectClass };
  const readable = (name: string) => canReadProperty(target, token, name);

  // Stored attributes.
  for (const [k, a] of e.attrs) {
    if (!all && !names.has(k)) continue;
    const def = attributeDef(k);
    if (def?.neverRead) continue;
    if (!readable(a.name)) continue;
    emitRanged(
      a.name,
      a.values,
      def?.syntax === "dn" && ext !== undefined ? (v) => dnValue(dc, v, ext) : undefined,
    );
  }
  // distinguishedName is stored; memberOf is a back-link computed from member.
  if ((all || names.has("memberof")) && readable("memberOf")) {
    const groups = dc.directGroups(e);
    emitRanged(
      "memberOf",
      groups.map((g) => (ext !== undefined ? Buffer.from(extDn(dc, g, ext)) : Buffer.from(g.dn))),
    );
  }
  // nTSecurityDescriptor: only the parts asked for, only with the rights for each part (MS-ADTS 3.1.1.3.4.1.11).
  if (all || names.has("ntsecuritydescriptor")) {
    let ok = true;
    if (flags & 0x7) ok = ok && hasRights(target, token, AdRight.READ_CONTROL);
    if (flags & 0x8) ok = ok && token.privileges.has("SeSecurityPrivilege");
    if (ok) emit("nTSecurityDescriptor", [encodeSecurityDescriptor(sdPart(e.sd, flags))]);
  }
  // Constructed attributes, only when named (or "+").
  const want = (n: string) => names.has(n.toLowerCase()) || (plus && PLUS.includes(n));
  if (want("msDS-User-Account-Control-Computed") && isAccount(e))
    emit("msDS-User-Account-Control-Computed", [Buffer.from(String(uacComputed(dc, e)))]);
  if (want("tokenGroups") && req.scope === "base" && e.sid) {
    const sids = tokenGroups(dc, e);
    emit(
      "tokenGroups",
      sids.map((s) => sidToBytes(s)),
    );
  }
  if (want("msDS-ReplAttributeMetaData") && dc.personality.quirks.replAttributeMetaData)
    emit(
      "msDS-ReplAttributeMetaData",
      metadataOf(e, dc.invocationId).map(({ name, stamp }) =>
        Buffer.from(
          formatAttributeMetaData(
            name,
            stamp,
            stamp.invocationId === dc.invocationId ? dc.dsServiceName : "",
          ),
        ),
      ),
    );
  // The subschema entry's lists are constructed, returned when named (as AD and Samba do).
  if (
    e.objectClass === "subSchema" &&
    (want("attributeTypes") || want("objectClasses") || want("dITContentRules"))
  ) {
    const lists = subschemaLists();
    if (want("attributeTypes")) emit("attributeTypes", lists.attributeTypes);
    if (want("objectClasses")) emit("objectClasses", lists.objectClasses);
    if (want("dITContentRules")) emit("dITContentRules", lists.dITContentRules);
  }
  if (want("createTimeStamp")) emit("createTimeStamp", e.attrs.get("whencreated")?.values ?? []);
  if (want("modifyTimeStamp")) emit("modifyTimeStamp", e.attrs.get("whenchanged")?.values ?? []);
  if (want("subSchemaSubEntry")) emit("subSchemaSubEntry", [Buffer.from(`CN=Aggregate,${dc.schemaDn}`)]);
  if (want("structuralObjectClass")) emit("structuralObjectClass", [Buffer.from(e.objectClass)]);
  if (want("canonicalName")) emit("canonicalName", [Buffer.from(canonicalName(dc, e))]);
  if (want("msDS-PrincipalName") && e.sid)
    emit("msDS-PrincipalName", [
      Buffer.from(`${dc.config.netbios}\\${e.attrs.get("samaccountname")?.values[0]?.toString() ?? ""}`),
    ]);
  if (want("allowedAttributes"))
    emit(
      "allowedAttributes",
      [...allowedFor(e.objectClass).may].map((n) => Buffer.from(attributeDef(n)?.name ?? n)),
    );
  if (want("allowedAttributesEffective")) {
    const may = [...allowedFor(e.objectClass).may];
    const eff = may.filter((n) => {
      const def = attributeDef(n);
      return def && !def.systemOnly && !def.constructed && canWriteProperty(target, token, def.name);
    });
    emit(
      "allowedAttributesEffective",
      eff.map((n) => Buffer.from(attributeDef(n)?.name ?? n)),
    );
  }
  return { dn: ext !== undefined ? extDn(dc, e, ext) : e.dn, attributes: attrs };
}

function isAccount(e: Entry): boolean {
  return e.attrs.has("useraccountcontrol");
}

/** msDS-User-Account-Control-Computed (MS-ADTS 3.1.1.4.5.17): UF_LOCKOUT 0x10, UF_PASSWORD_EXPIRED 0x800000. */
export function uacComputed(dc: Dc, e: Entry): number {
  let v = 0;
  const policy = dc.policy();
  const now = dc.now();
  const lt = big(e, "lockoutTime") ?? 0n;
  const lockoutTimeMs = lt > 0n ? fileTimeToMs(lt) : null;
  if (
    lockoutTimeMs !== null &&
    isLockedOut(
      { badPwdCount: num(e, "badPwdCount") ?? 0, badPasswordTimeMs: null, lockoutTimeMs },
      policy,
      now,
    )
  )
    v |= 0x10;
  const uac = num(e, "userAccountControl") ?? 0;
  const pls = big(e, "pwdLastSet") ?? 0n;
  if (!(uac & UF_DONT_EXPIRE_PASSWD)) {
    if (pls === 0n) v |= 0x800000;
    else if (policy.maxPwdAgeMs > 0 && fileTimeToMs(pls) + policy.maxPwdAgeMs <= now) v |= 0x800000;
  }
  return v;
}

function tokenGroups(dc: Dc, e: Entry): string[] {
  const groups = dc.groupsOf(e);
  const pg = num(e, "primaryGroupID");
  if (pg !== undefined) {
    const pgSid = `${dc.config.domainSid}-${pg}`;
    groups.add(pgSid);
    const pge = dc.bySid(pgSid);
    if (pge) for (const g of dc.groupsOf(pge)) groups.add(g);
  }
  return [...groups];
}

function canonicalName(dc: Dc, e: Entry): string {
  const parts: string[] = [];
  let cur: Entry | undefined = e;
  while (cur && cur.ndn !== dc.domainNdn) {
    parts.unshift(cur.attrs.get("name")?.values[0]?.toString() ?? "");
    cur = cur.parent ? dc.store.get(cur.parent) : undefined;
  }
  return `${dc.config.dnsDomain}/${parts.join("/")}`;
}

export function generalized(ms: number): string {
  return formatGeneralizedTime(ms);
}
