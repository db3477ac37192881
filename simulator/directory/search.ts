/**
 * Search (RFC 4511 4.5 with AD's rules, MS-ADTS 3.1.1.3): base resolution including extended DNs,
 * scopes, index-planned candidates, size limit, attribute selection (`*`, `+`, `1.1`, names),
 * typesOnly, read-property checks, nTSecurityDescriptor under the SD-flags control, constructed
 * attributes and the extended-DN control. Anonymous connections may read only the rootDSE.
 *
 * Simplifications (documented): the time limit is accepted but never reached (searches are
 * synchronous and the simulated clock does not move during one); LIST_CHILDREN/LIST_OBJECT do not
 * hide entries — read-property checks decide which attributes a caller sees.
 */
import type { Attribute, Filter, OperationContext, SearchEntry, SearchRequest, SearchResult } from "./api.ts";
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

export function search(dc: Dc, sent: SearchRequest, ctx: OperationContext): SearchResult {
  const req = resolveNames(sent);
  const isRootDse = req.scope === "base" && req.baseObject.trim() === "";
  if (isRootDse) {
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
  const token = dc.tokenFor(ctx.identity);
  const candidates = collect(dc, req, base);
  const out: SearchEntry[] = [];
  const sd = sdFlags(ctx.controls);
  const ext = extendedDnFormat(ctx.controls);
  let limited = false;
  let timedOut = false;
  const limit = entryLimit(dc, req, ctx);
  const deadline = req.timeLimit > 0 ? dc.elapsedMs() + req.timeLimit * 1000 : Number.POSITIVE_INFINITY;
  let examined = 0;
  for (const e of candidates) {
    // RFC 4511 4.5.1.5: past the time limit, return what was found with timeLimitExceeded (checked every 256 entries).
    if ((++examined & 0xff) === 0 && dc.elapsedMs() > deadline) {
      timedOut = true;
      break;
    }
    if (!showDeleted && e !== base && isDeleted(e)) continue;
    if (!matches(dc, req.filter, e)) continue;
    if (out.length >= limit) {
      limited = true;
      break;
    }
    out.push(render(dc, e, req, token, sd.flags, ext));
  }
  const result = timedOut
    ? dc.personality.result("TIME_LIMIT_EXCEEDED")
    : limited
      ? dc.personality.result("SIZE_LIMIT_EXCEEDED")
      : undefined;
  return { entries: out, references: [], controls: [], result };
}

/**
 * How many entries the search may return: the client's sizeLimit, and on Windows at most MaxPageSize
 * (1000) unless the client pages (MS-ADTS 3.1.1.3.4.6: a non-paged search ends with sizeLimitExceeded).
 */
function entryLimit(dc: Dc, req: SearchRequest, ctx: OperationContext): number {
  const client = req.sizeLimit > 0 ? req.sizeLimit : Number.POSITIVE_INFINITY;
  const cap = dc.personality.quirks.maxPageSize;
  const paged = ctx.controls.some((c) => c.oid === PAGED_RESULTS_OID);
  return cap > 0 && !paged ? Math.min(client, cap) : client;
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

function* collect(dc: Dc, req: SearchRequest, base: Entry): Iterable<Entry> {
  if (req.scope === "base") {
    yield base;
    return;
  }
  const planned = plan(dc, req.filter);
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
  // Subtree: depth-first from the base, base first.
  const stack = [base.ndn];
  while (stack.length) {
    const n = stack.pop()!;
    const e = dc.store.get(n);
    if (!e) continue;
    yield e;
    const kids = dc.store.childrenOf(n);
    if (kids) {
      const arr = [...kids];
      for (let i = arr.length - 1; i >= 0; i--) stack.push(arr[i]);
    }
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

export function render(
  dc: Dc,
  e: Entry,
  req: Pick<SearchRequest, "attributes" | "typesOnly" | "scope">,
  token: Token,
  flags: number,
  ext: 0 | 1 | undefined,
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
  const target = { sd: e.sd, sid: e.sid, objectClass: e.objectClass };
  const readable = (name: string) => canReadProperty(target, token, name);

  // Stored attributes.
  for (const [k, a] of e.attrs) {
    if (!all && !names.has(k)) continue;
    const def = attributeDef(k);
    if (def?.neverRead) continue;
    if (!readable(a.name)) continue;
    const vals =
      def?.syntax === "dn" && ext !== undefined ? a.values.map((v) => dnValue(dc, v, ext)) : a.values;
    emit(a.name, vals);
  }
  // distinguishedName is stored; memberOf is a back-link computed from member.
  if ((all || names.has("memberof")) && readable("memberOf")) {
    const groups = dc.directGroups(e);
    emit(
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
