/**
 * Simple bind (MS-ADTS 5.1.1.1.1): by DN, UPN (alice@contoso.com, or the implicit
 * sAMAccountName@dnsDomain) or down-level name (CONTOSO\alice); a bare sAMAccountName is not one of
 * AD's name forms (the Samba container answers 52e); "" with "" is anonymous. The verdict and its AD data code come from the
 * passwords module (evaluateBind); lockout bookkeeping updates badPwdCount, badPasswordTime and
 * lockoutTime (4740 audit on lock). An unknown account answers 52e like a wrong password: AD does
 * not reveal which names exist through simple binds.
 */
import { ANONYMOUS, type Identity, type OperationContext } from "./api.ts";
import { type Dc, EntryDraft, fileTimeToMs, msToFileTime } from "./dc.ts";
import { big, type Entry, num } from "./entry.ts";
import {
  evaluateBind,
  isLockedOut,
  type LockoutState,
  onBadPassword,
  onGoodPassword,
  verifyPassword,
} from "./passwords/index.ts";
import { normalizeValue } from "./schema/syntax.ts";

function findAccount(dc: Dc, name: string): Entry | undefined {
  const n = name.trim();
  if (n.includes("=")) {
    try {
      return dc.resolve(n);
    } catch {
      return undefined;
    }
  }
  const lookup = (attr: string, v: string) =>
    dc.live(dc.store.lookup(attr, normalizeValue("string", Buffer.from(v))));
  if (n.includes("\\")) {
    const [domain, user] = n.split("\\", 2);
    if (
      domain.toLowerCase() !== dc.config.netbios.toLowerCase() &&
      domain.toLowerCase() !== dc.config.dnsDomain.toLowerCase()
    )
      return undefined;
    return lookup("samaccountname", user);
  }
  if (n.includes("@")) {
    const byUpn = lookup("userprincipalname", n);
    if (byUpn) return byUpn;
    const [user, domain] = n.split("@", 2);
    // AD also accepts sAMAccountName@dnsDomain when no UPN matches (implicit UPN).
    if (domain.toLowerCase() === dc.config.dnsDomain.toLowerCase()) return lookup("samaccountname", user);
    return undefined;
  }
  return undefined;
}

function lockoutState(e: Entry): LockoutState {
  const bpt = big(e, "badPasswordTime") ?? 0n;
  const lt = big(e, "lockoutTime") ?? 0n;
  return {
    badPwdCount: num(e, "badPwdCount") ?? 0,
    badPasswordTimeMs: bpt > 0n ? fileTimeToMs(bpt) : null,
    lockoutTimeMs: lt > 0n ? fileTimeToMs(lt) : null,
  };
}

export function bindSimple(dc: Dc, name: string, password: Buffer, ctx: OperationContext): Identity {
  const q = dc.personality.quirks;
  if (name === "" && password.length === 0) return ANONYMOUS;
  if (q.simpleBindNeedsTls && !ctx.secure && !dc.config.allowCleartextSimpleBind)
    throw dc.err("BIND_STRONGER_AUTH_REQUIRED");
  // RFC 4513 5.1.2 unauthenticated bind (name, no password): anonymous, unless the personality refuses it.
  if (password.length === 0) {
    if (q.unauthenticatedBindRefused) throw dc.err("BIND_INVALID_CREDENTIALS", { dataCode: "52e" });
    return ANONYMOUS;
  }
  const e = findAccount(dc, name);
  const policy = dc.policy();
  const now = dc.now();
  if (!e?.sid || !e.attrs.has("useraccountcontrol"))
    throw dc.err("BIND_INVALID_CREDENTIALS", { dataCode: "52e" });
  const state = lockoutState(e);
  const locked = isLockedOut(state, policy, now);
  const matchesPw = !!e.secrets?.hash && verifyPassword(password.toString("utf8"), e.secrets.hash);
  const pls = big(e, "pwdLastSet") ?? 0n;
  const ae = big(e, "accountExpires") ?? 0n;
  const verdict = evaluateBind({
    exists: true,
    passwordMatches: matchesPw,
    userAccountControl: num(e, "userAccountControl") ?? 0,
    accountExpiresMs: ae > 0n && ae < 9223372036854775807n ? fileTimeToMs(ae) : null,
    pwdLastSetMs: pls > 0n ? fileTimeToMs(pls) : null,
    lockedOut: locked,
    policy,
    nowMs: now,
  });
  if (!verdict.ok) {
    if (!matchesPw && !locked) recordBadPassword(dc, e, state);
    throw dc.err("BIND_INVALID_CREDENTIALS", { dataCode: verdict.dataCode });
  }
  if (state.badPwdCount !== 0 || (num(e, "logonCount") ?? 0) >= 0) {
    const next = onGoodPassword(state);
    const d = new EntryDraft(e);
    d.setStr("badPwdCount", next.badPwdCount);
    d.setStr("lastLogon", msToFileTime(now));
    d.setStr("logonCount", (num(e, "logonCount") ?? 0) + 1);
    // badPwdCount, lastLogon and logonCount are not replicated: the pipeline stamps no USN for them.
    dc.commitWrite({
      kind: "logon",
      actorSid: e.sid,
      objects: [{ before: e, after: d.freeze(), change: "modified" }],
    });
  }
  return { anonymous: false, dn: e.dn, sid: e.sid, bindName: name };
}

function recordBadPassword(dc: Dc, e: Entry, state: LockoutState): void {
  const policy = dc.policy();
  const { state: next, lockedNow } = onBadPassword(state, policy, dc.now());
  const d = new EntryDraft(e);
  d.setStr("badPwdCount", next.badPwdCount);
  d.setStr("badPasswordTime", next.badPasswordTimeMs !== null ? msToFileTime(next.badPasswordTimeMs) : 0);
  const audit: Parameters<Dc["commitWrite"]>[0]["audit"] = [];
  if (lockedNow && next.lockoutTimeMs !== null) {
    // lockoutTime replicates (urgently, on AD): the pipeline stamps it; badPwdCount does not.
    d.setStr("lockoutTime", msToFileTime(next.lockoutTimeMs));
    audit.push({
      id: 4740,
      time: dc.now(),
      keywords: "Audit Success",
      subject: dc.principalOf("S-1-5-18"),
      target: { ...dc.principalOf(e.sid ?? ""), dn: e.dn },
    });
  }
  dc.commitWrite({
    kind: "logon",
    actorSid: "S-1-5-18",
    objects: [{ before: e, after: d.freeze(), change: "modified" }],
    audit,
  });
}
