/**
 * Add (MS-ADTS 3.1.1.5.2): name checks, CREATE_CHILD for the class on the parent (5.1.3.3.1),
 * schema checks, DSA-supplied attributes (objectGUID, objectSid with the next RID, whenCreated,
 * USNs, objectCategory, account defaults), the new SD from the class defaultSecurityDescriptor (or
 * the client's) plus inheritance, and a password in unicodePwd set as a reset would.
 */

import { findClass } from "../security/schema.ts";
import type { Attribute, OperationContext } from "./api.ts";
import type { Dc } from "./dc.ts";
import { formatDn, normalizeRdns, parentDn, parseDn } from "./dn.ts";
import { type Entry, EntryDraft } from "./entry.ts";
import { isPlainUserPassword, isSecretAttribute, passwordAttributeOf } from "./password-attributes.ts";
import { setPasswordOnAdd } from "./password-write.ts";
import { resolveAttributeType } from "./schema/attribute-names.ts";
import {
  allowedFor,
  attributeDef,
  categoryCn,
  classChain,
  getClass,
  objectClassValues,
  structuralClass,
} from "./schema/index.ts";
import { normalizeValue, validSyntax } from "./schema/syntax.ts";
import {
  AdRight,
  childSecurityDescriptor,
  decodeSecurityDescriptor,
  guidToBytes,
  hasChildRight,
  SdControl,
  type SecurityDescriptor,
  sddlToSd,
  sidFromBytes,
  sidToBytes,
  type Token,
} from "./security-adapter.ts";

/** Attributes a client may supply on add although the DSA owns them afterwards. */
const CLIENT_SETTABLE_ON_ADD = new Set(["instancetype", "objectsid"]);
const PASSWORD_ATTRS = new Set(["unicodepwd", "userpassword", "cleartextpassword"]);

export function defaultOwner(dc: Dc, token: Token): { owner: string; group: string } {
  const da = `${dc.config.domainSid}-512`;
  if (
    token.sids.has(da) ||
    token.sids.has("S-1-5-32-544") ||
    token.sids.has(`${dc.config.domainSid}-519`) ||
    token.userSid === "S-1-5-18"
  )
    return { owner: da, group: da };
  return { owner: token.userSid, group: token.primaryGroupSid ?? `${dc.config.domainSid}-513` };
}

const defaultSds = new Map<string, SecurityDescriptor>();
export function classDefaultSd(dc: Dc, objectClass: string): SecurityDescriptor {
  const k = `${dc.config.domainSid}|${objectClass}`;
  let sd = defaultSds.get(k);
  if (!sd) {
    sd = sddlToSd(findClass(objectClass)?.defaultSecurityDescriptor || "D:", dc.config.domainSid);
    defaultSds.set(k, sd);
  }
  return sd;
}

const categoryCache = new Map<string, Buffer[]>();
function categoryBuffers(dc: Dc, cls: string, fallbackCn: string): Buffer[] {
  const k = `${dc.schemaDn}|${cls}`;
  let v = categoryCache.get(k);
  if (!v) {
    v = [Buffer.from(`CN=${categoryCn(cls) ?? fallbackCn},${dc.schemaDn}`)];
    categoryCache.set(k, v);
  }
  return v;
}

export interface AddOptions {
  /** Skip access checks (world building, SYSTEM). */
  system?: boolean;
  /** Fixed objectGUID/objectSid (world building, LDIF import). */
  guid?: string;
  sd?: SecurityDescriptor;
  /** Password hash already prepared (world building). */
  secrets?: Entry["secrets"];
}

export function addEntry(
  dc: Dc,
  dn: string,
  attributes: Attribute[],
  ctx: OperationContext,
  opt: AddOptions = {},
): Entry {
  if (!opt.system && ctx.identity.anonymous) throw dc.err("OPERATIONS_BIND_REQUIRED", { operation: "add" });
  let rdns: ReturnType<typeof parseDn>;
  try {
    rdns = parseDn(dn);
  } catch {
    throw dc.err("INVALID_DN_SYNTAX", { dn });
  }
  if (rdns.length === 0) throw dc.err("UNWILLING_TO_PERFORM", { dn, detail: "Cannot add the rootDSE" });
  const ndn = normalizeRdns(rdns);
  const displayDn = formatDn(rdns);
  const parentNdn = parentDn(ndn);
  const isNcHead = dc.isNcHead(ndn);
  const parent = isNcHead ? undefined : dc.store.get(parentNdn);
  if (!isNcHead && !parent) throw dc.err("NO_OBJECT", { dn, bestMatch: dc.bestMatch(ndn) });
  if (dc.store.has(ndn)) throw dc.err("ENTRY_EXISTS", { dn: displayDn });

  // Group the client's attributes by the attribute they name (an OID or `;binary` is the attribute).
  const incoming = new Map<string, { name: string; values: Buffer[] }>();
  for (const a of attributes) {
    const r = resolveAttributeType(a.type);
    const k = r.name.toLowerCase();
    const cur = incoming.get(k);
    if (cur) cur.values.push(...a.values);
    else incoming.set(k, { name: r.def ? r.name : a.type, values: [...a.values] });
  }
  const ocVals = incoming.get("objectclass")?.values.map((v) => v.toString("utf8")) ?? [];
  if (ocVals.length === 0)
    throw dc.err("OBJ_CLASS_VIOLATION_MISSING_REQUIRED", {
      dn: displayDn,
      attribute: "objectClass",
      attid: "0",
    });
  for (const oc of ocVals) {
    if (!getClass(oc) && !findClass(oc))
      throw dc.err("OBJ_CLASS_VIOLATION_UNKNOWN_CLASS", { dn: displayDn, objectClass: oc });
  }
  const cls = structuralClass(ocVals);
  if (!cls) throw dc.err("OBJ_CLASS_VIOLATION_UNKNOWN_CLASS", { dn: displayDn, objectClass: ocVals[0] });

  // RDN attribute and possible superiors (namingViolation).
  const rdn = rdns[0][0];
  if (rdn.type.toLowerCase() !== cls.rdnAttr.toLowerCase())
    throw dc.err("NAMING_VIOLATION", { dn: displayDn, detail: rdn.type, objectClass: cls.name });
  if (
    parent &&
    cls.possSuperiors.length &&
    !cls.possSuperiors.some((p) => classChain(parent.objectClass).some((c) => c.name === p))
  )
    throw dc.err("NAMING_VIOLATION", { dn: displayDn, detail: rdn.type, objectClass: cls.name });

  const token = opt.system ? dc.systemToken : dc.tokenFor(ctx.identity);
  if (!opt.system && parent) {
    if (
      !hasChildRight(
        { sd: parent.sd, sid: parent.sid, objectClass: parent.objectClass },
        token,
        cls.name,
        AdRight.CREATE_CHILD,
      )
    )
      throw dc.err("INSUFF_ACCESS_RIGHTS_ADD", { dn: displayDn });
  }

  // Attribute definitions, system-only attributes, syntaxes, single values.
  const allowed = allowedFor(cls.name);
  for (const [k, a] of incoming) {
    if (k === "cleartextpassword" && passwordAttributeOf(dc, k)) continue;
    const def = attributeDef(k);
    if (!def) throw dc.err("UNDEFINED_ATTRIBUTE_TYPE", { dn: displayDn, attribute: a.name });
    if (isSecretAttribute(k))
      throw dc.err("PASSWORD_SECRET_ATTRIBUTE", { dn: displayDn, attribute: def.name, attid: def.attid });
    if (k === "objectclass" || k === "ntsecuritydescriptor" || PASSWORD_ATTRS.has(k)) continue;
    if (!allowed.may.has(k))
      throw dc.err("OBJ_CLASS_VIOLATION_NOT_ALLOWED", {
        dn: displayDn,
        attribute: def.name,
        attid: def.attid,
      });
    if ((def.systemOnly || def.constructed) && !opt.system && !CLIENT_SETTABLE_ON_ADD.has(k))
      throw dc.err("SYSTEM_ONLY_ATTRIBUTE", { dn: displayDn, attribute: def.name, attid: def.attid });
    if (def.single && a.values.length > 1)
      throw dc.err("SINGLE_VALUE_CONSTRAINT", { dn: displayDn, attribute: def.name, attid: def.attid });
    for (const v of a.values)
      if (!validSyntax(def.syntax, v))
        throw dc.err("INVALID_ATTRIBUTE_SYNTAX", { dn: displayDn, attribute: def.name, attid: def.attid });
    const seen = new Set<string>();
    for (const v of a.values) {
      const n = normalizeValue(def.syntax, v);
      if (seen.has(n))
        throw dc.err("ATTRIBUTE_OR_VALUE_EXISTS", { dn: displayDn, attribute: def.name, attid: def.attid });
      seen.add(n);
    }
  }

  // Build the entry.
  const nowGt = dc.generalizedNow();
  const guid = opt.guid ?? dc.ids.guid();
  const d = new EntryDraft({
    dn: displayDn,
    ndn,
    parent: isNcHead ? "" : parentNdn,
    objectClass: cls.name,
    attrs: new Map(),
    sd: { revision: 1, rmControl: 0, control: 0, owner: null, group: null, dacl: null, sacl: null },
    guid,
    sid: null,
  });
  d.set(
    "objectClass",
    objectClassValues(cls.name).map((c) => Buffer.from(c)),
  );
  for (const [k, a] of incoming) {
    if (k === "objectclass" || k === "ntsecuritydescriptor" || PASSWORD_ATTRS.has(k)) continue;
    const def = attributeDef(k)!;
    d.set(def.name, a.values);
  }
  d.set(
    rdn.type.toLowerCase() === "cn" ? "cn" : rdn.type.toLowerCase() === "ou" ? "ou" : rdn.type.toLowerCase(),
    [Buffer.from(rdn.value)],
  );
  d.setStr("name", rdn.value);
  d.setStr("distinguishedName", displayDn);
  // NC head (1) | writable (4), plus "the NC above is held here" (8) for configuration and schema
  // (Samba's msDS-HasInstantiatedNCs shows 5 for the domain, 13 for the other two).
  if (!d.get("instanceType")) d.setStr("instanceType", !isNcHead ? 4 : ndn === dc.domainNdn ? 5 : 13);
  d.setStr("whenCreated", nowGt);
  d.setStr("whenChanged", nowGt);
  // Placeholders keep the attribute order; the pipeline's replication stage stamps the USN.
  d.setStr("uSNCreated", 0);
  d.setStr("uSNChanged", 0);
  d.set("objectGUID", [guidToBytes(guid)]);
  if (!d.get("objectCategory")) {
    d.set("objectCategory", categoryBuffers(dc, cls.name, cls.cn));
  }
  // Security principals: objectSid from the RID pool (MS-SAMR 3.1.1.9.1 keeps RIDs increasing).
  if (cls.principal) {
    const given = incoming.get("objectsid")?.values[0];
    let sid: string;
    if (given && opt.system) {
      sid = given.length > 0 && given[0] === 1 ? sidFromBuf(given) : given.toString("utf8");
    } else {
      sid = `${dc.config.domainSid}-${dc.allocateRid()}`;
    }
    d.sid = sid;
    d.set("objectSid", [sidToBytes(sid)]);
    applyAccountDefaults(dc, d, cls.name);
  } else if (incoming.get("objectsid") && opt.system) {
    const given = incoming.get("objectsid")!.values[0];
    d.sid = given[0] === 1 ? sidFromBuf(given) : given.toString("utf8");
    d.set("objectSid", [sidToBytes(d.sid)]);
  }
  // Uniqueness of sAMAccountName among principals (MS-SAMR 3.1.1.6, AD answers entryAlreadyExists).
  const sam = d.get("sAMAccountName")?.[0];
  if (sam && dc.live(dc.store.lookup("samaccountname", normalizeValue("string", sam))))
    throw dc.err("ENTRY_EXISTS", { dn: displayDn });

  // Member values must name existing objects.
  for (const m of d.get("member") ?? []) {
    const target = dc.resolve(m.toString("utf8"));
    if (!target)
      throw dc.err("NO_OBJECT", {
        dn: m.toString("utf8"),
        bestMatch: dc.bestMatch(dc.ndnOf(m.toString("utf8"))),
      });
  }

  // Required attributes after the DSA defaults.
  for (const must of allowed.must) {
    if (
      must === "objectclass" ||
      must === "ntsecuritydescriptor" ||
      must === "instancetype" ||
      must === "objectcategory"
    )
      continue;
    if (!d.get(must)) {
      const def = attributeDef(must);
      throw dc.err("OBJ_CLASS_VIOLATION_MISSING_REQUIRED", {
        dn: displayDn,
        attribute: def?.name ?? must,
        attid: def?.attid,
      });
    }
  }

  // Security descriptor: explicit (client's or the class default) + inheritance.
  let explicit = opt.sd ?? classDefaultSd(dc, cls.name);
  const clientSd = incoming.get("ntsecuritydescriptor")?.values[0];
  if (clientSd && !opt.sd) {
    try {
      explicit = decodeSecurityDescriptor(clientSd);
    } catch {
      throw dc.err("SD_INVALID", { dn: displayDn, attribute: "nTSecurityDescriptor", attid: "20119" });
    }
  }
  const { owner, group } = defaultOwner(dc, token);
  d.sd = childSecurityDescriptor({
    parentSd: parent?.sd ?? null,
    explicitSd: explicit,
    objectClass: cls.name,
    owner,
    group,
    domainSid: dc.config.domainSid,
  });
  if (dc.personality.quirks.ownerGroupDefaultedOnCreate) {
    const defaulted =
      (explicit.owner === null ? SdControl.OWNER_DEFAULTED : 0) |
      (explicit.group === null ? SdControl.GROUP_DEFAULTED : 0);
    if (defaulted) d.sd = { ...d.sd, control: d.sd.control | defaulted };
  }

  if (opt.secrets) d.secrets = opt.secrets;
  else {
    const given = ["unicodepwd", "userpassword", "cleartextpassword"].find(
      (k) => incoming.has(k) && passwordAttributeOf(dc, k),
    );
    if (given) setPasswordOnAdd(dc, d, incoming.get(given)!.values, ctx, passwordAttributeOf(dc, given)!);
    else if (incoming.has("userpassword") && isPlainUserPassword(dc, "userpassword"))
      throw dc.err("USER_PASSWORD_NOT_A_PASSWORD", { dn: displayDn, attribute: "userPassword", attid: "23" });
  }

  return dc.commitWrite({
    kind: "add",
    actorSid: token.userSid,
    objects: [{ after: d.freeze(), change: "added" }],
  })[0];
}

function sidFromBuf(b: Buffer): string {
  return sidFromBytes(b).sid;
}

/** Defaults the DSA/SAM supplies for new users, computers and groups (MS-SAMR 3.1.1.8, MS-ADTS 3.1.1.5.2.2). */
function applyAccountDefaults(dc: Dc, d: EntryDraft, cls: string): void {
  const isGroup = cls === "group";
  if (!d.get("sAMAccountName"))
    d.setStr("sAMAccountName", `$${dc.ids.hex(6).toUpperCase()}-${dc.ids.hex(12).toUpperCase()}`);
  if (isGroup) {
    if (!d.get("groupType")) d.setStr("groupType", -2147483646);
    const gt = Number(d.get("groupType")![0].toString());
    d.setStr("sAMAccountType", gt & 0x4 ? 536870912 : gt & 0x80000000 ? 268435456 : 268435457);
    return;
  }
  const isComputer = cls === "computer";
  if (!d.get("userAccountControl")) d.setStr("userAccountControl", isComputer ? 4128 : 546);
  if (!d.get("primaryGroupID")) d.setStr("primaryGroupID", isComputer ? 515 : 513);
  d.setStr("sAMAccountType", isComputer ? 805306369 : 805306368);
  if (!d.get("pwdLastSet")) d.setStr("pwdLastSet", 0);
  if (!d.get("accountExpires")) d.setStr("accountExpires", "9223372036854775807");
  for (const a of [
    "badPwdCount",
    "badPasswordTime",
    "lastLogon",
    "logonCount",
    "codePage",
    "countryCode",
    "lastLogoff",
  ]) {
    if (!d.get(a) && attributeDef(a)) d.setStr(a, 0);
  }
}
