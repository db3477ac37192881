/**
 * `wbsim diagnose --out`: a scenario that reproduces the case on the simulator. The case replays in
 * the `contoso` world (contoso-legacy-dc when the DC lacked the policy hints control): the customer's
 * domain root becomes DC=contoso,DC=com and their connector account CONTOSO\MSOL_0123456789ab; the
 * OUs and the user keep their names (placeholders with --anonymize) and are created when the world
 * lacks them; the security descriptors the customer sent are applied with `ad.setSecurityDescriptor`
 * (explicit ACEs and the "inherit permissions" setting — the DC recomputes what is inherited), the
 * account state (disabled, locked, adminCount) and the connector and cloud settings the cause needs
 * are set; then the failing operation runs with the SSPR code, events and LDAP result it should give.
 * Lab passwords only: the customer's passwords are never known, never written.
 */
import { stringify } from "yaml";
import { formatSddl } from "../../security/sddl-format.ts";
import { type Ace, AceFlag, SdControl, type SecurityDescriptor } from "../../security/types.ts";
import { CONTOSO_ACCOUNTS, CONTOSO_BASE_DN, CONTOSO_DOMAIN_SID } from "../../worlds/contoso.ts";
import type { CauseKey } from "../analysis/causes.ts";
import { pathFromRoot } from "../analysis/sd-chain.ts";
import type { Diagnosis } from "../diagnose.ts";
import type { Anonymizer } from "./anonymize.ts";

/** Lab passwords for the reproduction (the contoso world's documented lab accounts). */
const NEW_PASSWORD = "N3w!Passw0rd#1";
const SHORT_PASSWORD = "Sh0rt!";
const WRONG_PASSWORD = "Wr0ng!Passw0rd";
const GLOBAL_ADMIN = { admin: "admin@contoso.onmicrosoft.com", password: "Gl0bal!Admin#1" };
const HELPDESK = { admin: "helpdesk@contoso.onmicrosoft.com", password: "Helpd3sk!Admin#1" };
const WORLD_CONNECTOR = "CONTOSO\\MSOL_0123456789ab";
/** Stand-in SIDs the ad.setSecurityDescriptor step maps to accounts by name. */
const CASE_SID = "S-1-5-21-0-0-0";
/** RIDs below 1000 are the domain's well-known accounts and groups: the same in every domain. */
const WELL_KNOWN_RID_LIMIT = 1000;

const BASE_OUS = new Set([
  "ou=staff",
  "ou=sales",
  "ou=admins",
  "ou=domain controllers",
  "cn=users",
  "cn=computers",
]);

export interface WriteOptions {
  anonymizer?: Anonymizer;
}

type Step = Record<string, unknown>;

function ndn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((p) => p.trim())
    .join(",")
    .toLowerCase();
}

function rdnValue(dn: string): { type: string; value: string } {
  const [t, ...v] = dn.split(/(?<!\\),/)[0].split("=");
  return { type: t.trim().toUpperCase(), value: v.join("=").trim() };
}

function kebab(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "case"
  );
}

export function writeScenario(d: Diagnosis, opts: WriteOptions = {}): string {
  const anon = opts.anonymizer;
  const A = (s: string) => (anon ? anon.text(s) : s);
  const ctx = d.ctx;
  const cause = d.causes[0]?.key as CauseKey | undefined;
  const causes = new Set(d.causes.map((c) => c.key));
  const customerRoot = ctx.rootDn;
  /** A customer DN → the same DN under DC=contoso,DC=com, names anonymized. */
  const mapDn = (dn: string): string => {
    if (!customerRoot) return dn;
    const i = ndn(dn).lastIndexOf(ndn(customerRoot));
    const head = i > 0 ? dn.slice(0, dn.length - customerRoot.length).replace(/,\s*$/, "") : "";
    return head ? `${A(head)},${CONTOSO_BASE_DN}` : CONTOSO_BASE_DN;
  };
  const steps: Step[] = [];
  const notes: string[] = [];
  // The user: a lab account of the contoso world (it has SSPR methods registered in Entra ID, which a
  // user created by a step would lack): the one the case names when the world has it, else alice,
  // moved to where the customer's user sits.
  const upnName = ctx.user.upn ? ctx.user.upn.split("@")[0] : undefined;
  const customerUserDn = ctx.user.dn ? mapDn(ctx.user.dn) : undefined;
  const lab =
    CONTOSO_ACCOUNTS.find(
      (a) => customerUserDn && ndn(`CN=${a.name},${a.parent},${CONTOSO_BASE_DN}`) === ndn(customerUserDn),
    ) ??
    (!anon && upnName
      ? CONTOSO_ACCOUNTS.find((a) => a.name.toLowerCase() === upnName.toLowerCase())
      : undefined) ??
    CONTOSO_ACCOUNTS.find((a) => a.name === "alice")!;
  const labParent = `${lab.parent},${CONTOSO_BASE_DN}`;
  const parent = customerUserDn
    ? customerUserDn
        .split(/(?<!\\),/)
        .slice(1)
        .join(",")
    : labParent;
  const userDn = `CN=${lab.name},${parent}`;
  const upn = `${lab.name}@contoso.com`;
  const userPassword = lab.password;
  const deleted = cause === "user-not-found";
  if (ctx.user.upn || ctx.user.dn)
    notes.push(
      `${ctx.user.upn ?? ctx.user.dn} → ${upn} (a lab user with SSPR methods registered), in ${parent}`,
    );
  /** A customer DN → its DN in the scenario (the user's is the lab user's). */
  const scenarioDn = (dn: string) => (ctx.user.dn && ndn(dn) === ndn(ctx.user.dn) ? userDn : mapDn(dn));

  // 1. The OUs of the case that the world lacks, and the user moved there.
  if (ndn(parent) !== ndn(labParent)) {
    for (const dn of pathFromRoot(CONTOSO_BASE_DN, userDn).slice(1, -1)) {
      const rel = dn.slice(0, dn.length - CONTOSO_BASE_DN.length).replace(/,$/, "");
      if (BASE_OUS.has(ndn(rel))) continue;
      const { type, value } = rdnValue(dn);
      if (type !== "OU") {
        notes.push(`${dn} is a container the world lacks and no step creates: the case needs an OU there`);
        continue;
      }
      steps.push({
        "ad.createOU": {
          name: value,
          parent: dn
            .split(/(?<!\\),/)
            .slice(1)
            .join(","),
        },
      });
    }
    steps.push({ "ad.move": { object: `CN=${lab.name},${labParent}`, to: parent } });
  }

  // 2. The security descriptors the customer sent, with SIDs made portable.
  const principals = new Map<string, string>();
  let standIns = 0;
  const otherAccounts = new Set<string>();
  const portableSid = (sid: string): string => {
    if (sid === ctx.connector.sid) return standIn(sid, WORLD_CONNECTOR);
    if (ctx.user.sid && sid === ctx.user.sid) return standIn(sid, upn);
    const dom = ctx.domainSid && sid.startsWith(`${ctx.domainSid}-`);
    const rid = Number(sid.split("-").pop());
    if (dom && rid < WELL_KNOWN_RID_LIMIT) return `${CONTOSO_DOMAIN_SID}-${rid}`;
    const name = ctx.principals.nameOf(sid);
    if (
      name?.includes("\\") &&
      !/^(NT AUTHORITY|BUILTIN)\\/i.test(name) &&
      (dom || sid.startsWith(CASE_SID))
    ) {
      const sam = A(name.split("\\").pop()!);
      otherAccounts.add(sam);
      return standIn(sid, `CONTOSO\\${sam}`);
    }
    if (/^S-1-5-21-/.test(sid)) return standIn(sid, undefined);
    return sid;
  };
  function standIn(sid: string, account: string | undefined): string {
    for (const [k, v] of principals) if (v === account && account) return k;
    const s = `${CASE_SID}-${++standIns}`;
    if (account) principals.set(s, account);
    else notes.push(`${A(sid)} is an account the artifacts do not name; it stays an unknown SID`);
    return s;
  }
  const sdSteps: Step[] = [];
  const given = d.chain.path.filter((p) => p.source === "given");
  for (const o of [...given].reverse()) {
    if (deleted && ctx.user.dn && ndn(o.dn) === ndn(ctx.user.dn)) continue;
    const sddl = portableSddl(o.sd, portableSid);
    const step: Record<string, unknown> = { object: scenarioDn(o.dn), sddl };
    const used = [...principals.entries()].filter(([k]) => sddl.includes(`${k})`) || sddl.includes(`:${k}`));
    if (used.length) step.principals = Object.fromEntries(used);
    sdSteps.push({ "ad.setSecurityDescriptor": step });
  }
  const grantedOthers = new Set(d.grants.filter((g) => !g.onPath).map((g) => g.object));
  for (const o of d.chain.others.filter((x) => grantedOthers.has(x.dn))) {
    const rel = ndn(mapDn(o.dn));
    if (![...BASE_OUS].some((b) => rel.startsWith(b))) continue;
    const sddl = portableSddl(o.sd, portableSid);
    const step: Record<string, unknown> = { object: scenarioDn(o.dn), sddl };
    const used = [...principals.entries()].filter(([k]) => sddl.includes(k));
    if (used.length) step.principals = Object.fromEntries(used);
    sdSteps.push({ "ad.setSecurityDescriptor": step });
  }
  for (const sam of otherAccounts) {
    if (CONTOSO_ACCOUNTS.some((a) => a.name.toLowerCase() === sam.toLowerCase())) continue;
    steps.push({ "ad.createUser": { name: sam } });
  }
  steps.push(...sdSteps);

  // 3. Account state and settings the cause needs.
  if (ctx.user.adminCount === 1 && userDn) {
    steps.push({
      "ad.modify": { dn: userDn, changes: [{ operation: "replace", attribute: "adminCount", values: [1] }] },
    });
  }
  if (cause === "account-disabled" && userDn) steps.push({ "ad.disableAccount": { user: upn } });
  const op = d.operation;
  const locked =
    (ctx.user.lockoutTime && ctx.user.lockoutTime !== "0") ||
    cause === "account-locked" ||
    causes.has("missing-write-lockouttime");
  if (locked && userDn) {
    steps.push({ "ad.setPasswordPolicy": { lockoutThreshold: 3 } }, { "ad.lockOut": { user: upn } });
  }
  if (cause === "account-locked") steps.push({ "cloud.setSsprPolicy": { unlock: false } });
  if (cause === "password-policy" && d.ctx.policy?.minPwdLength !== undefined)
    steps.push({ "ad.setPasswordPolicy": { minPwdLength: d.ctx.policy.minPwdLength } });
  if (cause === "restrict-remote-sam") steps.push({ "ad.setRestrictRemoteSam": {} });
  if (cause === "ldap-sign-encrypt-off")
    steps.push({ "connect.setConnectorOption": { signAndEncrypt: false } });
  // SSPR_0012 comes from the tenant's subscriptions, not the user's licence (LIC; cloud ASSUMPTIONS).
  if (cause === "user-not-licensed")
    steps.push({ "cloud.setSubscription": { sku: "Microsoft Entra ID P1", enabled: false } });
  if (cause === "sspr-admins-disabled")
    steps.push(
      { "cloud.setRole": { user: upn, role: "User Administrator" } },
      { "cloud.setSsprPolicy": { administrators: false } },
    );
  const onboard = cause !== "writeback-not-onboarded" && cause !== "onboarding-failed";
  if (onboard) steps.unshift({ "connect.enableWriteback": { ...GLOBAL_ADMIN } });
  if (cause === "onboarding-failed")
    steps.push(
      { "cloud.setLicense": { user: GLOBAL_ADMIN.admin, licensed: false } },
      { "connect.enableWriteback": { ...GLOBAL_ADMIN } },
    );
  if (cause === "writeback-disabled") steps.push({ "connect.disableWriteback": { ...GLOBAL_ADMIN } });
  if (cause === "writeback-disabled-in-portal") steps.push({ "cloud.setSsprPolicy": { writeback: false } });
  if (cause === "service-stopped") steps.push({ "connect.stopService": null }, { "clock.advance": "11m" });
  if (cause === "relay-unreachable")
    steps.push({ "relay.fault": { kind: "unreachable" } }, { "clock.advance": "6m" });
  if (deleted && userDn) steps.push({ "ad.delete": { object: userDn } });

  // 4. The failing operation, with what it should give.
  const expect: Record<string, unknown> = { outcome: "failure" };
  if (d.expected.ssprCode) expect.ssprCode = d.expected.ssprCode;
  if (d.expected.events.length) expect.events = d.expected.events;
  if (d.expected.ldapCode !== undefined) expect.ldap = { code: d.expected.ldapCode };
  const kind = op?.kind ?? "reset";
  if (cause === "password-policy" && op) {
    const earlier = d.causes[0].why.some((w) => w.includes("set successfully earlier"));
    if (earlier) steps.push({ "user.resetPassword": { user: upn, newPassword: NEW_PASSWORD } });
    if (kind === "change")
      steps.push({
        "user.changePassword": {
          user: upn,
          oldPassword: earlier ? NEW_PASSWORD : userPassword,
          newPassword: earlier ? "Chg!Passw0rd#2" : SHORT_PASSWORD,
        },
        expect,
      });
    else
      steps.push({
        "user.resetPassword": { user: upn, newPassword: earlier ? NEW_PASSWORD : SHORT_PASSWORD },
        expect,
      });
    notes.push(
      earlier
        ? "policy: reproduced as a second change within the minimum password age"
        : "policy: which rule the customer's password broke is not in the events; reproduced with a too-short password",
    );
  } else if (kind === "change") {
    steps.push({
      "user.changePassword": {
        user: upn,
        oldPassword: cause === "wrong-current-password" ? WRONG_PASSWORD : userPassword,
        newPassword: "Chg!Passw0rd#2",
      },
      expect,
    });
  } else if (kind === "adminReset") {
    if (causes.has("missing-write-pwdlastset")) steps.push({ "ad.setPasswordPolicy": { minPwdAge: "0s" } });
    steps.push({
      "admin.resetPassword": {
        ...HELPDESK,
        user: upn,
        newPassword: "Tmp!Passw0rd#7",
        via: "entra-portal",
        forceChangeAtNextLogon: true,
      },
      expect,
    });
  } else if (causes.has("missing-write-lockouttime")) {
    steps.push({ "user.unlockAccount": { user: upn }, expect });
  } else {
    steps.push({ "user.resetPassword": { user: upn, newPassword: NEW_PASSWORD }, expect });
  }

  const who = A(ctx.user.upn ?? ctx.user.dn ?? "the user");
  const title = `Reproduction: ${kind === "change" ? "password change" : kind === "adminReset" ? "admin reset" : "password reset"} for ${who} fails (${d.causes[0]?.key ?? "unknown cause"})`;
  const doc = {
    name: kebab(`case-${anon ? lab.name : (upnName ?? lab.name)}-${cause ?? "unknown"}`),
    title,
    description: A(
      `Generated by wbsim diagnose from ${d.artifacts.files.map((f) => f.file).join(", ")}. Likely cause: ${d.causes[0]?.title ?? "unknown"}. ` +
        "The case replays in the contoso world: the customer's domain root is DC=contoso,DC=com and their connector account is CONTOSO\\MSOL_0123456789ab.",
    ),
    tags: ["support-case", "generated"],
    source: "wbsim diagnose",
    world: cause === "dc-without-policy-hints" ? "contoso-legacy-dc" : "contoso",
    personality: "windows",
    steps,
  };
  const header = [
    "# Generated by `wbsim diagnose`. Case mapping:",
    ...(customerRoot ? [`#   ${A(customerRoot)} → ${CONTOSO_BASE_DN}`] : []),
    ...(ctx.connector.name ? [`#   ${A(ctx.connector.name)} → ${WORLD_CONNECTOR}`] : []),
    ...(ctx.domainSid
      ? [`#   ${A(ctx.domainSid)} → the contoso domain SID (RIDs below ${WELL_KNOWN_RID_LIMIT} kept)`]
      : []),
    ...notes.map((n) => `# Note: ${A(n)}`),
    ...d.unknowns.map((u) => `# Unknown: ${A(u)}`),
  ];
  return `${header.join("\n")}\n${stringify(doc, { lineWidth: 0 })}`;
}

function portableSddl(sd: SecurityDescriptor, map: (sid: string) => string): string {
  const mapAce = (a: Ace): Ace => (a.kind === "known" ? { ...a, sid: map(a.sid) } : a);
  const explicit = (sd.dacl?.aces ?? []).filter((a) => !(a.flags & AceFlag.INHERITED)).map(mapAce);
  const out: SecurityDescriptor = {
    ...sd,
    owner: sd.owner ? map(sd.owner) : null,
    group: sd.group ? map(sd.group) : null,
    sacl: null,
    control:
      (sd.control & (SdControl.DACL_PROTECTED | SdControl.DACL_AUTO_INHERITED)) |
      SdControl.DACL_PRESENT |
      SdControl.SELF_RELATIVE,
    dacl: { revision: sd.dacl?.revision ?? 4, aces: explicit },
  };
  return formatSddl(out, { domainSid: CONTOSO_DOMAIN_SID });
}
