/**
 * Modify (MS-ADTS 3.1.1.5.3): per change, the attribute must exist in the schema, the caller needs
 * WRITE_PROPERTY on it (directly, through its property set, or object-wide; `member` also through
 * the Self-Membership validated write for one's own DN), then the operation's value rules apply.
 * Special attributes: unicodePwd/userPassword (password-write.ts), nTSecurityDescriptor (WRITE_DAC /
 * WRITE_OWNER per the SD-flags control, then inheritance to the subtree), pwdLastSet (0 or -1 only),
 * lockoutTime (0 unlocks). The rootDSE accepts the Windows operational attributes.
 */
import type { ModifyChange, OperationContext } from "./api.ts";
import type { AuditEvent } from "./audit.ts";
import { sdFlags } from "./controls.ts";
import { type Dc, EntryDraft } from "./dc.ts";
import type { Entry } from "./entry.ts";
import {
  isPlainUserPassword,
  isSecretAttribute,
  mayHoldPassword,
  passwordAttributeOf,
} from "./password-attributes.ts";
import { applyPasswordModify } from "./password-write.ts";
import type { PendingObject } from "./pipeline/commit.ts";
import { resolveAttributeType } from "./schema/attribute-names.ts";
import { allowedFor, attributeDef } from "./schema/index.ts";
import { normalizeValue, validSyntax } from "./schema/syntax.ts";
import { runSdProp } from "./sdprop.ts";
import {
  AdRight,
  canWriteProperty,
  composeSd,
  decodeSecurityDescriptor,
  hasExtendedRight,
  hasRights,
  reinherit,
  SdControl,
  type SecurityDescriptor,
  sdToSddl,
} from "./security-adapter.ts";

type AuditInput = Omit<AuditEvent, "recordId">;

const SELF_MEMBERSHIP = "bf9679c0-0de6-11d0-a285-00aa003049e2";
const RDN_ATTRS = new Set(["cn", "ou", "dc", "name"]);

/**
 * The changes with every attribute named by its lDAPDisplayName, whatever the client sent (OID,
 * options): from here on an attribute is itself, never its spelling (issue 12 item 1).
 */
function resolveChanges(dc: Dc, target: Entry, changes: ModifyChange[]): ModifyChange[] {
  return changes.map((ch) => {
    const sent = ch.modification.type;
    const r = resolveAttributeType(sent);
    if (r.indirect && dc.personality.quirks.modifyByNameOnly)
      throw dc.err("UNDEFINED_ATTRIBUTE_TYPE_MODIFY", { dn: target.dn, attribute: sent });
    return r.name === sent ? ch : { ...ch, modification: { type: r.name, values: ch.modification.values } };
  });
}

export function modifyEntry(dc: Dc, dn: string, sent: ModifyChange[], ctx: OperationContext): void {
  if (ctx.identity.anonymous) throw dc.err("OPERATIONS_BIND_REQUIRED", { operation: "modify" });
  if (dn.trim() === "") {
    modifyRootDse(dc, sent, ctx);
    return;
  }
  const target = dc.resolve(dn);
  if (!target) {
    const n = dn.startsWith("<") ? "" : dc.ndnOf(dn);
    throw dc.err("NO_OBJECT_MODIFY", { dn, bestMatch: n ? dc.bestMatch(n) : "" });
  }
  const changes = resolveChanges(dc, target, sent);
  const token = dc.tokenFor(ctx.identity);
  const t = { sd: target.sd, sid: target.sid, objectClass: target.objectClass };
  const d = new EntryDraft(target);
  const q = dc.personality.quirks;
  let passwordDone = false;
  const passwordAudit: AuditInput[] = [];
  let sdChanged = false;
  const changedAttrs: { name: string; values: Buffer[]; op: "Value Added" | "Value Deleted" }[] = [];
  let unlocked = false;

  for (const ch of changes) {
    const k = ch.modification.type.toLowerCase();
    const pwdAttr = passwordAttributeOf(dc, k);
    if (pwdAttr) {
      if (passwordDone) continue;
      passwordDone = true;
      const pw = changes.filter((c) => c.modification.type.toLowerCase() === k);
      passwordAudit.push(applyPasswordModify(dc, target, d, pw, pwdAttr, ctx).audit);
      continue;
    }
    const def = attributeDef(k);
    // clearTextPassword where it is no attribute (Windows): noSuchAttribute, as Samba's
    // passwords.py records for Windows ("NO SUCH ATTRIBUTE is returned by Windows").
    if (!def && k === "cleartextpassword")
      throw dc.err("NO_SUCH_ATTRIBUTE", { dn: target.dn, attribute: ch.modification.type });
    if (!def)
      throw dc.err("UNDEFINED_ATTRIBUTE_TYPE_MODIFY", { dn: target.dn, attribute: ch.modification.type });
    const args = { dn: target.dn, attribute: def.name, attid: def.attid };
    if (k === "ntsecuritydescriptor") {
      applySdChange(dc, target, d, ch, ctx);
      sdChanged = true;
      changedAttrs.push({
        name: def.name,
        values: [Buffer.from(sdToSddl(d.sd, dc.config.domainSid))],
        op: "Value Added",
      });
      continue;
    }
    // Access first (Samba's acl module runs before the schema modules).
    let allowed = canWriteProperty(t, token, def.name);
    if (!allowed && k === "member") {
      const self = ctx.identity.dn ? dc.ndnOf(ctx.identity.dn) : "";
      const onlySelf =
        ch.modification.values.length > 0 && ch.modification.values.every((v) => safeNdn(dc, v) === self);
      allowed =
        onlySelf &&
        (ch.operation === "add" || ch.operation === "delete") &&
        hasExtendedRight(t, token, SELF_MEMBERSHIP);
    }
    if (!allowed) throw dc.err("INSUFF_ACCESS_RIGHTS_WRITE", args);
    if (isSecretAttribute(k)) throw dc.err("PASSWORD_SECRET_ATTRIBUTE", args);
    if (isPlainUserPassword(dc, k)) throw dc.err("USER_PASSWORD_NOT_A_PASSWORD", args);
    if (def.constructed || (def.systemOnly && k !== "memberof")) throw dc.err("SYSTEM_ONLY_ATTRIBUTE", args);
    if (k === "memberof") throw dc.err("SYSTEM_ONLY_ATTRIBUTE", args);
    if (RDN_ATTRS.has(k) && (k === "name" || target.attrs.get(k)) && isRdnAttr(target, k))
      throw dc.err("NOT_ALLOWED_ON_RDN", args);

    if (k === "pwdlastset") {
      // MS-ADA3 2.175 / MS-SAMR 3.1.1.8.8: only 0 (expire) and -1 (now) may be written.
      const v = ch.modification.values.map((x) => x.toString("utf8").trim());
      if (ch.operation !== "replace" || v.length !== 1 || (v[0] !== "0" && v[0] !== "-1"))
        throw dc.err("PWDLASTSET_INVALID", args);
      d.setStr("pwdLastSet", v[0] === "0" ? 0n : dc.nowFileTime());
      changedAttrs.push({ name: def.name, values: d.get("pwdLastSet")!, op: "Value Added" });
      continue;
    }
    if (k === "lockouttime") {
      // MS-SAMR 3.1.1.8.3: writing 0 unlocks and resets badPwdCount. Windows refuses other values;
      // Samba 4.17 stores them (E7: lockoutTime 5 read back as 5).
      const v = ch.modification.values.map((x) => x.toString("utf8").trim());
      if (v.length !== 1 || !/^-?\d+$/.test(v[0])) throw dc.err("LOCKOUTTIME_INVALID", args);
      if (v[0] !== "0" && !q.lockoutTimeStoresAnyValue) throw dc.err("LOCKOUTTIME_INVALID", args);
      d.setStr("lockoutTime", v[0]);
      if (v[0] === "0") {
        d.setStr("badPwdCount", 0);
        unlocked = true;
      }
      changedAttrs.push({ name: def.name, values: d.get("lockoutTime")!, op: "Value Added" });
      continue;
    }
    applyGeneric(dc, target, d, ch, def.name, ctx);
    changedAttrs.push({
      name: def.name,
      values: ch.modification.values,
      op: ch.operation === "delete" ? "Value Deleted" : "Value Added",
    });
  }

  // Schema checks on the result.
  const allowedSet = allowedFor(target.objectClass);
  for (const [k, a] of d.attrs) {
    if (target.attrs.get(k) === a) continue;
    if (!allowedSet.may.has(k))
      throw dc.err("OBJ_CLASS_VIOLATION_NOT_ALLOWED", {
        dn: target.dn,
        attribute: a.name,
        attid: attributeDef(k)?.attid,
      });
  }
  for (const must of allowedSet.must) {
    if (
      must === "objectclass" ||
      must === "ntsecuritydescriptor" ||
      must === "instancetype" ||
      must === "objectcategory"
    )
      continue;
    if (target.attrs.has(must) && !d.attrs.has(must))
      throw dc.err("OBJ_CLASS_VIOLATION_MISSING_REQUIRED", {
        dn: target.dn,
        attribute: attributeDef(must)?.name ?? must,
      });
  }

  // The audit stage's events for this write (the password stage prepared its own: 4723/4724).
  const audit: AuditInput[] = [...passwordAudit];
  const subject = dc.principalOf(token.userSid);
  for (const c of changedAttrs) {
    // Defence in depth: a value that may be a password never reaches the Security log.
    if (mayHoldPassword(c.name)) continue;
    audit.push({
      id: 5136,
      time: dc.now(),
      keywords: "Audit Success",
      subject,
      object: { dn: target.dn, guid: target.guid, class: target.objectClass },
      attribute: { name: c.name, value: c.values.map((v) => v.toString("utf8")).join(";"), operation: c.op },
      clientAddress: ctx.clientAddress,
    });
  }
  const isAccount =
    target.objectClass === "user" ||
    target.objectClass === "inetOrgPerson" ||
    target.objectClass === "computer";
  const accountEvent = (id: 4738 | 4767): AuditInput => ({
    id,
    time: dc.now(),
    keywords: "Audit Success",
    subject,
    target: { ...dc.principalOf(target.sid ?? ""), dn: target.dn },
  });
  if (isAccount && (changedAttrs.length > 0 || passwordDone)) audit.push(accountEvent(4738));
  if (isAccount && unlocked) audit.push(accountEvent(4767));

  const [updated] = dc.commitWrite({
    kind: "modify",
    actorSid: token.userSid,
    objects: [{ before: target, after: d.freeze(), change: "modified" }],
    audit,
  });
  if (sdChanged) propagateSd(dc, updated);
}

function isRdnAttr(e: Entry, k: string): boolean {
  if (k === "name") return true;
  return e.dn.toLowerCase().startsWith(`${k}=`);
}

function safeNdn(dc: Dc, v: Buffer): string {
  try {
    return dc.ndnOf(v.toString("utf8"));
  } catch {
    return "";
  }
}

function applyGeneric(
  dc: Dc,
  target: Entry,
  d: EntryDraft,
  ch: ModifyChange,
  name: string,
  ctx: OperationContext,
): void {
  const def = attributeDef(name)!;
  const args = { dn: target.dn, attribute: def.name, attid: def.attid };
  const permissive = ctx.controls.some((c) => c.oid === "1.2.840.113556.1.4.1413");
  let incoming = ch.modification.values;
  for (const v of incoming) if (!validSyntax(def.syntax, v)) throw dc.err("INVALID_ATTRIBUTE_SYNTAX", args);
  if (def.syntax === "dn") {
    // Links name existing objects; store the target's current DN.
    incoming = incoming.map((v) => {
      const e = dc.resolve(v.toString("utf8"));
      if (!e) {
        if (ch.operation === "delete") return v;
        throw dc.err("NO_OBJECT", { dn: v.toString("utf8"), bestMatch: dc.bestMatch(safeNdn(dc, v)) });
      }
      return Buffer.from(e.dn);
    });
  }
  const cur = d.get(def.name) ?? [];
  const key = (v: Buffer) => normalizeValue(def.syntax, v);
  switch (ch.operation) {
    case "add": {
      if (incoming.length === 0) throw dc.err("CONSTRAINT_VIOLATION", args);
      const have = new Set(cur.map(key));
      const next = [...cur];
      for (const v of incoming) {
        const k = key(v);
        if (have.has(k)) {
          if (permissive) continue;
          throw dc.err("ATTRIBUTE_OR_VALUE_EXISTS", args);
        }
        have.add(k);
        next.push(v);
      }
      if (def.single && next.length > 1) throw dc.err("SINGLE_VALUE_CONSTRAINT", args);
      d.set(def.name, next);
      return;
    }
    case "delete": {
      if (incoming.length === 0) {
        if (cur.length === 0 && !permissive) throw dc.err("NO_SUCH_ATTRIBUTE", args);
        d.set(def.name, []);
        return;
      }
      const drop = new Set(incoming.map(key));
      for (const k of drop)
        if (!cur.some((v) => key(v) === k) && !permissive) throw dc.err("NO_SUCH_ATTRIBUTE", args);
      d.set(
        def.name,
        cur.filter((v) => !drop.has(key(v))),
      );
      return;
    }
    case "replace": {
      if (def.single && incoming.length > 1) throw dc.err("SINGLE_VALUE_CONSTRAINT", args);
      const seen = new Set<string>();
      for (const v of incoming) {
        const k = key(v);
        if (seen.has(k)) throw dc.err("ATTRIBUTE_OR_VALUE_EXISTS", args);
        seen.add(k);
      }
      d.set(def.name, incoming);
      return;
    }
    case "increment": {
      if ((def.syntax !== "int" && def.syntax !== "int64") || incoming.length !== 1)
        throw dc.err("CONSTRAINT_VIOLATION", args);
      if (cur.length === 0) throw dc.err("NO_SUCH_ATTRIBUTE", args);
      d.setStr(def.name, BigInt(cur[0].toString()) + BigInt(incoming[0].toString()));
      return;
    }
  }
}

/**
 * nTSecurityDescriptor write (MS-ADTS 3.1.1.5.3.1.1.1 / 3.1.1.3.4.1.11): the SD-flags control (or all
 * parts) selects which parts of the supplied SD are applied; owner/group need WRITE_OWNER, the DACL
 * WRITE_DAC, the SACL ACCESS_SYSTEM_SECURITY (SeSecurityPrivilege). Inherited ACEs in the supplied
 * DACL are dropped and recomputed from the parent.
 */
function applySdChange(dc: Dc, target: Entry, d: EntryDraft, ch: ModifyChange, ctx: OperationContext): void {
  const args = { dn: target.dn, attribute: "nTSecurityDescriptor", attid: "20119" };
  if (ch.operation !== "replace" && ch.operation !== "add") throw dc.err("CONSTRAINT_VIOLATION", args);
  const raw = ch.modification.values[0];
  if (!raw || ch.modification.values.length !== 1) throw dc.err("SD_INVALID", args);
  let sd: SecurityDescriptor;
  try {
    sd = decodeSecurityDescriptor(raw);
  } catch {
    throw dc.err("SD_INVALID", args);
  }
  const { flags } = sdFlags(ctx.controls);
  const token = dc.tokenFor(ctx.identity);
  const t = { sd: target.sd, sid: target.sid, objectClass: target.objectClass };
  const setOwner = (flags & 1) !== 0 && sd.owner !== null;
  const setGroup = (flags & 2) !== 0 && sd.group !== null;
  const setDacl = (flags & 4) !== 0 && (sd.control & SdControl.DACL_PRESENT) !== 0;
  const setSacl = (flags & 8) !== 0 && (sd.control & SdControl.SACL_PRESENT) !== 0;
  if ((setOwner || setGroup) && !hasRights(t, token, AdRight.WRITE_OWNER))
    throw dc.err("INSUFF_ACCESS_RIGHTS_SD", args);
  if (setDacl && !hasRights(t, token, AdRight.WRITE_DAC)) throw dc.err("INSUFF_ACCESS_RIGHTS_SD", args);
  if (setSacl && !token.privileges.has("SeSecurityPrivilege")) throw dc.err("INSUFF_ACCESS_RIGHTS_SD", args);
  const cur = d.sd;
  const protectBits = SdControl.DACL_PROTECTED | SdControl.SACL_PROTECTED;
  let control = cur.control & protectBits;
  // An owner/group not written keeps its "defaulted" bit (Samba descr_handle_sd_flags).
  if (!setOwner) control |= cur.control & SdControl.OWNER_DEFAULTED;
  if (!setGroup) control |= cur.control & SdControl.GROUP_DEFAULTED;
  if (setDacl) control = (control & ~SdControl.DACL_PROTECTED) | (sd.control & SdControl.DACL_PROTECTED);
  if (setSacl) control = (control & ~SdControl.SACL_PROTECTED) | (sd.control & SdControl.SACL_PROTECTED);
  const explicit: SecurityDescriptor = {
    revision: 1,
    rmControl: 0,
    control,
    owner: setOwner ? sd.owner : cur.owner,
    group: setGroup ? sd.group : cur.group,
    dacl: setDacl ? sd.dacl : cur.dacl,
    sacl: setSacl ? sd.sacl : cur.sacl,
  };
  const parent = target.parent ? dc.store.get(target.parent) : undefined;
  d.sd = composeSd(explicit, parent?.sd ?? null, target.objectClass);
}

/**
 * Re-inherits the subtree below `root` after its SD changed (MS-ADTS 3.1.1.5.3.1.1.1, the SD
 * propagator). One pipeline write of kind "sd-propagation"; its objects are local (every DC
 * recomputes inheritance itself), so they take no USN and no stamp.
 */
export function propagateSd(dc: Dc, root: Entry): number {
  const objects: PendingObject[] = [];
  const stack: Entry[] = [root];
  while (stack.length) {
    const p = stack.pop()!;
    const kids = dc.store.childrenOf(p.ndn);
    if (!kids) continue;
    for (const kn of kids) {
      const c = dc.store.get(kn);
      if (!c) continue;
      const nsd = reinherit(c.sd, p.sd, c.objectClass);
      if (nsd === c.sd) continue;
      const next: Entry = { ...c, sd: nsd };
      objects.push({ before: c, after: next, change: "modified", local: true });
      stack.push(next);
    }
  }
  if (objects.length) dc.commitWrite({ kind: "sd-propagation", actorSid: "S-1-5-18", objects });
  return objects.length;
}

/** rootDSE modify (MS-ADTS 3.1.1.3.3): runProtectAdminGroupsTask, fixupInheritance (Windows). */
function modifyRootDse(dc: Dc, changes: ModifyChange[], ctx: OperationContext): void {
  const q = dc.personality.quirks;
  for (const ch of changes) {
    const k = ch.modification.type.toLowerCase();
    if (q.rootDseKnowsProtectAdminGroups && k === "runprotectadmingroupstask") {
      const token = dc.tokenFor(ctx.identity);
      if (!token.sids.has("S-1-5-32-544") && !token.sids.has(`${dc.config.domainSid}-512`))
        throw dc.err("INSUFF_ACCESS_RIGHTS_WRITE", { dn: "" });
      runSdProp(dc);
      continue;
    }
    if (q.rootDseKnowsProtectAdminGroups && k === "fixupinheritance") {
      propagateSd(dc, dc.domainRoot());
      continue;
    }
    throw dc.err("ROOTDSE_UNKNOWN_ATTRIBUTE", { attribute: ch.modification.type });
  }
}
