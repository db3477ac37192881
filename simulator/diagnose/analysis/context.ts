/**
 * Who and where the case is about, pieced together from every artifact: the domain (root DN, DNS and
 * NetBIOS names, domain SID), the connector account (name, SID, groups) and the failing user (DN,
 * UPN, SID, class, adminCount, userAccountControl, groups). Each fact remembers where it came from;
 * what no artifact says is listed as unknown instead of guessed.
 */
import type { Artifacts, DirectoryObject, Fact, SourceRef } from "../model.ts";
import type { MatchedEvents } from "./operations.ts";
import { Principals, STAND_IN_DOMAIN } from "./principals.ts";

export interface CaseInput {
  /** --connector 'DOMAIN\MSOL_…' */
  connector?: string;
  /** --connector-sid S-1-… */
  connectorSid?: string;
  /** --user DN or UPN */
  user?: string;
}

export interface CaseContext {
  rootDn?: string;
  dnsDomain?: string;
  netbios?: string;
  domainSid?: string;
  connector: {
    name?: string;
    sid: string;
    sidKnown: boolean;
    groups: string[];
    groupsKnown: boolean;
    refs: SourceRef[];
  };
  user: {
    dn?: string;
    upn?: string;
    sid?: string;
    objectClass: string;
    adminCount?: number;
    userAccountControl?: number;
    lockoutTime?: string;
    pwdLastSet?: string;
    groups: string[];
    groupsKnown: boolean;
    object?: DirectoryObject;
    refs: SourceRef[];
  };
  /** Password policy on the domain root, when an LDIF export included it. */
  policy?: {
    minPwdLength?: number;
    pwdHistoryLength?: number;
    minPwdAge?: string;
    complexity?: boolean;
    ref: SourceRef;
  };
  principals: Principals;
  unknowns: string[];
}

const SID_PREFIX = /^(S-1-5-21-\d+-\d+-\d+)-\d+$/i;

function domainOfSid(sid: string | undefined): string | undefined {
  return sid ? SID_PREFIX.exec(sid)?.[1]?.toUpperCase() : undefined;
}

function rootOfDn(dn: string): string | undefined {
  const parts = dn.split(/(?<!\\),/).map((p) => p.trim());
  const i = parts.findIndex((p) => /^DC=/i.test(p));
  return i < 0 ? undefined : parts.slice(i).join(",");
}

export function dnsOfRoot(root: string): string {
  return root
    .split(",")
    .map((p) => p.replace(/^DC=/i, "").trim())
    .join(".")
    .toLowerCase();
}

function attr(o: DirectoryObject | undefined, name: string): string | undefined {
  return o?.attributes.get(name.toLowerCase())?.[0];
}

function isUserObject(o: DirectoryObject): boolean {
  const oc = o.attributes.get("objectclass")?.map((c) => c.toLowerCase()) ?? [];
  return oc.includes("user") || oc.includes("inetorgperson");
}

/** Domain SID seen most often in the SDDL texts (S-1-5-21-a-b-c-RID). */
function domainSidFromSddl(a: Artifacts): string | undefined {
  const counts = new Map<string, number>();
  for (const sd of a.sds) {
    for (const m of (sd.sddl ?? "").matchAll(/S-1-5-21-\d+-\d+-\d+(?=-\d+)/gi)) {
      const k = m[0].toUpperCase();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const ace of sd.binary?.dacl?.aces ?? []) {
      const d = ace.kind === "known" ? domainOfSid(ace.sid) : undefined;
      if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((x, y) => y[1] - x[1])[0]?.[0];
}

export function buildContext(a: Artifacts, input: CaseInput, matched: MatchedEvents): CaseContext {
  const f = a.facts;
  const unknowns: string[] = [];
  const refs = (...xs: (Fact | undefined)[]) => xs.filter((x): x is Fact => !!x).map((x) => x.ref);

  // The user: --user, the facts, or the user of the newest failed operation.
  let userDn = f.userDn?.value;
  let userUpn = f.userUpn?.value;
  if (input.user) {
    if (input.user.includes("=")) userDn = input.user;
    else userUpn = input.user;
  }
  if (!userDn && !userUpn) {
    const failed = matched.operations.filter((o) => o.outcome === "failure" && o.upn);
    userUpn = failed[failed.length - 1]?.upn;
  }
  const byDn = (dn: string) => a.objects.find((o) => o.dn.toLowerCase() === dn.toLowerCase());
  let userObject = userDn ? byDn(userDn) : undefined;
  if (!userObject && userUpn) {
    const u = userUpn.toLowerCase();
    userObject = a.objects.find(
      (o) =>
        attr(o, "userPrincipalName")?.toLowerCase() === u ||
        (isUserObject(o) && attr(o, "sAMAccountName")?.toLowerCase() === u.split("@")[0]),
    );
  }
  if (userObject) {
    userDn ??= userObject.dn;
    userUpn ??= attr(userObject, "userPrincipalName");
  }
  if (!userDn && !userUpn) {
    // One user object among the SDs we were given: that is the user.
    const userSds = a.sds.filter(
      (s) => s.dn && /^CN=/i.test(s.dn) && !/^CN=(Users|Computers|System|AdminSDHolder)\b/i.test(s.dn),
    );
    if (userSds.length === 1) userDn = userSds[0].dn;
  }

  // The domain.
  const domainObject = a.objects.find((o) =>
    o.attributes.get("objectclass")?.some((c) => c.toLowerCase() === "domaindns"),
  );
  const rootDn =
    (userDn && rootOfDn(userDn)) ??
    domainObject?.dn ??
    a.sds.map((s) => (s.dn ? rootOfDn(s.dn) : undefined)).find(Boolean) ??
    (f.forest
      ? f.forest.value
          .split(".")
          .map((p) => `DC=${p}`)
          .join(",")
      : undefined) ??
    (userUpn
      ? userUpn
          .split("@")[1]
          .split(".")
          .map((p) => `DC=${p}`)
          .join(",")
      : undefined);
  const dnsDomain = rootDn ? dnsOfRoot(rootDn) : undefined;
  const connectorName = input.connector ?? f.connectorName?.value;
  const netbios = connectorName?.includes("\\")
    ? connectorName.split("\\")[0].toUpperCase()
    : dnsDomain
      ? dnsDomain.split(".")[0].toUpperCase()
      : undefined;
  const connectorSidGiven = input.connectorSid ?? f.connectorSid?.value;
  const userSid = f.userSid?.value ?? attr(userObject, "objectSid");
  const domainSid =
    (domainObject && attr(domainObject, "objectSid")?.toUpperCase()) ??
    domainOfSid(connectorSidGiven) ??
    domainOfSid(userSid) ??
    a.objects.map((o) => domainOfSid(attr(o, "objectSid"))).find(Boolean) ??
    domainSidFromSddl(a);
  if (!domainSid)
    unknowns.push(
      `the domain SID: no artifact names it, so SDDL aliases such as DA and DU were read against a stand-in domain (${STAND_IN_DOMAIN})`,
    );

  const principals = new Principals(netbios, domainSid);
  for (const o of a.objects) {
    const sid = attr(o, "objectSid");
    const sam = attr(o, "sAMAccountName");
    if (sid && sam) principals.add(netbios ? `${netbios}\\${sam}` : sam, sid.toUpperCase());
    const upn = attr(o, "userPrincipalName");
    if (sid && upn) principals.add(upn, sid.toUpperCase(), false);
  }

  // The connector account.
  let connectorSid = connectorSidGiven?.toUpperCase();
  if (!connectorSid && connectorName) connectorSid = principals.lookup(connectorName);
  const sidKnown = connectorSid !== undefined;
  if (!connectorName && !connectorSid) {
    unknowns.push(
      "the connector account: neither its name nor its SID was given (--connector, --connector-sid, or the Connect configuration), so its rights cannot be evaluated",
    );
  } else if (!sidKnown) {
    unknowns.push(
      `the SID of ${connectorName}: ACEs that name it by SID cannot be recognised; dsacls entries were matched by name`,
    );
  }
  connectorSid ??= connectorName ? principals.resolve(connectorName) : `${STAND_IN_DOMAIN}-999`;
  if (connectorName) principals.add(connectorName, connectorSid);
  const groupSids = f.connectorGroups.map((g) =>
    principals.resolve(g.value.replace(/^CN=([^,]+),.*$/i, "$1")),
  );
  const groupsKnown = f.connectorGroups.length > 0 || f.connectorGroupsStated !== undefined;

  // The user's facts.
  const num = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : Number(v));
  const adminCount = num(f.adminCount?.value ?? attr(userObject, "adminCount"));
  const uac = num(f.userAccountControl?.value ?? attr(userObject, "userAccountControl"));
  const userGroups = [...f.userGroups.map((g) => g.value), ...(userObject?.attributes.get("memberof") ?? [])];
  if (userSid && userDn) principals.add(userDn, userSid.toUpperCase(), false);
  if (!userDn && !userUpn)
    unknowns.push(
      "the failing user: no --user, no user in the case facts, and no failed operation in the events names one",
    );
  else if (!userDn)
    unknowns.push(
      `the DN of ${userUpn}: which OUs the user sits under is not known (give --user DN, the case facts or an LDIF export)`,
    );

  let policy: CaseContext["policy"];
  if (domainObject?.attributes.has("minpwdlength")) {
    const props = num(attr(domainObject, "pwdProperties"));
    policy = {
      minPwdLength: num(attr(domainObject, "minPwdLength")),
      pwdHistoryLength: num(attr(domainObject, "pwdHistoryLength")),
      minPwdAge: attr(domainObject, "minPwdAge"),
      complexity: props === undefined ? undefined : (props & 1) === 1,
      ref: domainObject.ref,
    };
  }

  return {
    rootDn,
    dnsDomain,
    netbios,
    domainSid,
    connector: {
      name: connectorName,
      sid: connectorSid,
      sidKnown,
      groups: groupSids,
      groupsKnown,
      refs: refs(f.connectorName, f.connectorSid),
    },
    user: {
      dn: userDn,
      upn: userUpn,
      sid: userSid?.toUpperCase(),
      objectClass: userObject?.attributes.get("objectclass")?.at(-1) ?? "user",
      adminCount,
      userAccountControl: uac,
      lockoutTime: attr(userObject, "lockoutTime"),
      pwdLastSet: attr(userObject, "pwdLastSet"),
      groups: userGroups,
      groupsKnown: f.userGroups.length > 0 || (userObject?.attributes.has("memberof") ?? false),
      object: userObject,
      refs: [...refs(f.userDn, f.userUpn, f.adminCount), ...(userObject ? [userObject.ref] : [])],
    },
    policy,
    principals,
    unknowns,
  };
}
