/**
 * Directory steps: what an AD admin does with their tools, sent over LDAP to the DC as
 * CONTOSO\Administrator (or as the step's `as` account), plus binds as users and SDProp on demand.
 * Everything but ad.runSdProp works on any target.
 */
import { Attribute, Change, Client, Control } from "ldapts";
import {
  openConnection,
  POLICY_HINTS_DEPRECATED_OID,
  POLICY_HINTS_OID,
  policyHintsControl,
  quotedUnicodePwd,
  SdFlags,
  sdFlagsControl,
} from "../../simulator/ldap-client/index.ts";
import { encodeSecurityDescriptor } from "../../simulator/security/binary-codec.ts";
import { parseSddl } from "../../simulator/security/sddl-parse.ts";
import type { SecurityDescriptor } from "../../simulator/security/types.ts";
import type { Environment } from "../environment.ts";
import type { StepResult } from "../run/types.ts";
import {
  type Executor,
  type Executors,
  failed,
  humanDuration,
  ldapOf,
  ok,
  parseDuration,
  requireInProcessDc,
} from "./results.ts";

interface Credentials {
  user: string;
  password: string;
}

/** "OU=Staff" or a full DN → a full DN under the domain. */
function underDomain(env: Environment, dn: string | undefined, fallback: string): string {
  const d = dn ?? fallback;
  return d.toLowerCase().endsWith(env.dc.baseDn.toLowerCase()) ? d : `${d},${env.dc.baseDn}`;
}

/** A DN for what a scenario names: a DN, CONTOSO\name, a UPN or a bare name. */
async function dnOf(env: Environment, name: string): Promise<string> {
  if (/^(CN|OU|DC)=/i.test(name.trim())) return name.trim();
  const p = await env.session.resolvePrincipal(name);
  if (!p.dn) throw new Error(`"${name}" is a well-known principal, not a directory object`);
  return p.dn;
}

/** Runs an admin LDAP write and reports its LDAP result either way. */
async function ldapWrite(summary: string, write: () => Promise<unknown>): Promise<StepResult> {
  try {
    await write();
    return ok(summary, { ldap: { code: 0, message: "" } });
  } catch (err) {
    if (err instanceof TypeError || err instanceof ReferenceError) throw err; // a bug, not an LDAP answer
    const ldap = ldapOf(err);
    return failed(`${summary}: refused with ${ldap.code} ${ldap.message}`, { ldap });
  }
}

async function withClient<T>(env: Environment, as: Credentials | undefined, body: (c: Client) => Promise<T>) {
  if (!as) return body(env.session.client);
  const c = await openConnection({ url: env.dc.ldapsUrl, bindName: as.user, password: as.password });
  try {
    return await body(c);
  } finally {
    await c.unbind().catch(() => {});
  }
}

const replace = (type: string, values: string[]) =>
  new Change({ operation: "replace", modification: new Attribute({ type, values }) });

/** A negative 100-ns interval as AD stores durations (minPwdAge, lockoutDuration, …). */
function interval(value: string): string {
  const ms = parseDuration(value);
  return ms === 0 ? "0" : String(-BigInt(ms) * 10_000n);
}

async function bindOnce(
  env: Environment,
  user: string,
  password: string,
  transport: "ldaps" | "starttls" | "ldap" = "ldaps",
): Promise<{ code: number; message: string }> {
  const url = transport === "ldaps" ? env.dc.ldapsUrl : env.dc.ldapUrl;
  if (!url) throw new Error(`the DC has no ${transport} endpoint`);
  const c = new Client({
    url,
    connectTimeout: 5000,
    timeout: 10_000,
    ...(transport === "ldaps" ? { tlsOptions: { rejectUnauthorized: false } } : {}),
  });
  try {
    if (transport === "starttls") await c.startTLS({ rejectUnauthorized: false });
    await c.bind(user, password);
    return { code: 0, message: "" };
  } catch (err) {
    return ldapOf(err);
  } finally {
    await c.unbind().catch(() => {});
  }
}

function controlsOf(names: string[] | undefined): Control[] {
  return (names ?? []).map((n) => {
    const k = n.trim().toLowerCase();
    if (k === "policy-hints" || k === POLICY_HINTS_OID) return policyHintsControl(POLICY_HINTS_OID);
    if (k === "policy-hints-deprecated" || k === POLICY_HINTS_DEPRECATED_OID)
      return policyHintsControl(POLICY_HINTS_DEPRECATED_OID);
    if (/^\d+(\.\d+)+$/.test(k)) return new Control(k);
    throw new Error(`unknown control "${n}" (use policy-hints, policy-hints-deprecated or an OID)`);
  });
}

/** Add-ADGroupMember / Remove-ADGroupMember: one change to the group's member attribute. */
function groupMembership(operation: "add" | "delete", cmdlet: string): Executor {
  return async (env, params) => {
    const p = params as { member: string; group: string };
    const [member, group] = [await dnOf(env, p.member), await dnOf(env, p.group)];
    return ldapWrite(`${cmdlet} ${group} ${member}`, () =>
      env.session.client.modify(
        group,
        new Change({ operation, modification: new Attribute({ type: "member", values: [member] }) }),
      ),
    );
  };
}

export const adExecutors: Executors = {
  "ad.createUser": async (env, params) => {
    const p = params as {
      name: string;
      parent?: string;
      password?: string;
      upn?: string;
      displayName?: string;
      enabled?: boolean;
    };
    const dn = `CN=${p.name},${underDomain(env, p.parent, "CN=Users")}`;
    const domain = (await env.session.domainInfo()).dnsName;
    const attrs = [
      new Attribute({ type: "objectClass", values: ["top", "person", "organizationalPerson", "user"] }),
      new Attribute({ type: "sAMAccountName", values: [p.name] }),
      new Attribute({ type: "userPrincipalName", values: [p.upn ?? `${p.name}@${domain}`] }),
      new Attribute({ type: "displayName", values: [p.displayName ?? p.name] }),
      new Attribute({
        type: "userAccountControl",
        values: [p.enabled === false || !p.password ? "514" : "512"],
      }),
    ];
    if (p.password) attrs.push(new Attribute({ type: "unicodePwd", values: [quotedUnicodePwd(p.password)] }));
    return ldapWrite(`New-ADUser ${dn}`, () => env.session.client.add(dn, attrs));
  },

  "ad.createOU": async (env, params) => {
    const p = params as { name: string; parent?: string; blockInheritance?: boolean };
    const dn = `OU=${p.name},${underDomain(env, p.parent, env.dc.baseDn)}`;
    const r = await ldapWrite(`New-ADOrganizationalUnit ${dn}`, () =>
      env.session.client.add(dn, [
        new Attribute({ type: "objectClass", values: ["top", "organizationalUnit"] }),
        new Attribute({ type: "ou", values: [p.name] }),
      ]),
    );
    if (r.outcome === "failure" || !p.blockInheritance) return r;
    env.aduc.setAdvancedFeatures(true);
    await env.aduc.disableInheritance(dn, true);
    return { ...r, details: ["inheritance disabled (inherited entries converted to explicit)"] };
  },

  "ad.move": async (env, params) => {
    const p = params as { object: string; to: string };
    const dn = await dnOf(env, p.object);
    const rdn = dn.split(/(?<!\\),/)[0];
    const to = underDomain(env, p.to, env.dc.baseDn);
    return ldapWrite(`Move-ADObject ${dn} → ${to}`, () => env.session.client.modifyDN(dn, `${rdn},${to}`));
  },

  "ad.delete": async (env, params) => {
    const p = params as { object: string };
    const dn = await dnOf(env, p.object);
    return ldapWrite(`Remove-ADObject ${dn}`, () => env.session.client.del(dn));
  },

  "ad.addToGroup": groupMembership("add", "Add-ADGroupMember"),

  "ad.removeFromGroup": groupMembership("delete", "Remove-ADGroupMember"),

  "ad.setPasswordPolicy": async (env, params) => {
    const p = params as Record<string, string | number | boolean | undefined>;
    const changes: Change[] = [];
    const said: string[] = [];
    const num = (attr: string, key: string) => {
      if (p[key] === undefined) return;
      changes.push(replace(attr, [String(p[key])]));
      said.push(`${key} ${p[key]}`);
    };
    const dur = (attr: string, key: string) => {
      if (p[key] === undefined) return;
      changes.push(replace(attr, [interval(String(p[key]))]));
      said.push(`${key} ${humanDuration(parseDuration(String(p[key])))}`);
    };
    num("minPwdLength", "minPwdLength");
    num("pwdHistoryLength", "pwdHistoryLength");
    num("lockoutThreshold", "lockoutThreshold");
    dur("minPwdAge", "minPwdAge");
    dur("maxPwdAge", "maxPwdAge");
    dur("lockoutDuration", "lockoutDuration");
    dur("lockOutObservationWindow", "lockoutObservationWindow");
    if (p.complexity !== undefined) {
      const { searchEntries } = await env.session.client.search(env.dc.baseDn, {
        scope: "base",
        attributes: ["pwdProperties"],
      });
      const current = Number(searchEntries[0]?.pwdProperties ?? 0);
      changes.push(replace("pwdProperties", [String(p.complexity ? current | 1 : current & ~1)]));
      said.push(`complexity ${p.complexity ? "on" : "off"}`);
    }
    return ldapWrite(`Default Domain Policy: ${said.join(", ")}`, () =>
      env.session.client.modify(env.dc.baseDn, changes),
    );
  },

  "ad.disableAccount": async (env, params) => {
    const p = params as { user: string; enabled?: boolean };
    const dn = await dnOf(env, p.user);
    const { searchEntries } = await env.session.client.search(dn, {
      scope: "base",
      attributes: ["userAccountControl"],
    });
    const uac = Number(searchEntries[0]?.userAccountControl ?? 512);
    const enable = p.enabled === true;
    const next = enable ? uac & ~2 : uac | 2;
    return ldapWrite(
      `${enable ? "Enable" : "Disable"}-ADAccount ${dn} (userAccountControl ${uac} → ${next})`,
      () => env.session.client.modify(dn, replace("userAccountControl", [String(next)])),
    );
  },

  "ad.lockOut": async (env, params) => {
    const p = params as { user: string; attempts?: number };
    let attempts = p.attempts;
    if (attempts === undefined) {
      const { searchEntries } = await env.session.client.search(env.dc.baseDn, {
        scope: "base",
        attributes: ["lockoutThreshold"],
      });
      attempts = Number(searchEntries[0]?.lockoutThreshold ?? 0);
      if (attempts === 0)
        return failed(
          "the domain's lockout threshold is 0: accounts never lock out (set ad.setPasswordPolicy lockoutThreshold)",
        );
    }
    const details: string[] = [];
    let last = { code: 0, message: "" };
    for (let i = 1; i <= attempts; i++) {
      // A wrong password that can never be a real one.
      last = await bindOnce(env, p.user, `wrong-password-${i}-\u00a7`);
      details.push(`bind ${i} with a wrong password: ${last.code} ${last.message}`);
    }
    return ok(`${attempts} failed binds as ${p.user}`, { ldap: last, details });
  },

  "ad.bind": async (env, params) => {
    const p = params as { user: string; password: string; transport?: "ldaps" | "starttls" | "ldap" };
    const ldap = await bindOnce(env, p.user, p.password, p.transport);
    return ldap.code === 0
      ? ok(`bind as ${p.user} over ${p.transport ?? "ldaps"}: success`, { ldap })
      : failed(`bind as ${p.user} over ${p.transport ?? "ldaps"}: ${ldap.code}`, { ldap });
  },

  "ad.modify": async (env, params) => {
    const p = params as {
      dn: string;
      as?: Credentials;
      controls?: string[];
      changes: {
        operation: "add" | "delete" | "replace";
        attribute: string;
        values?: (string | number)[];
        password?: string[];
      }[];
    };
    const changes = p.changes.map(
      (c) =>
        new Change({
          operation: c.operation,
          modification: new Attribute({
            type: c.attribute,
            values: c.password ? c.password.map((pw) => quotedUnicodePwd(pw)) : (c.values ?? []).map(String),
          }),
        }),
    );
    const controls = controlsOf(p.controls);
    const who = p.as?.user ?? "CONTOSO\\Administrator";
    return withClient(env, p.as, (c) =>
      ldapWrite(
        `modify ${p.dn} as ${who} (${p.changes.map((x) => `${x.operation} ${x.attribute}`).join(", ")})`,
        () => c.modify(p.dn, changes, controls),
      ),
    );
  },

  "ad.search": async (env, params) => {
    const p = params as {
      base: string;
      filter?: string;
      scope?: "base" | "one" | "sub";
      attributes?: string[];
      as?: Credentials;
    };
    return withClient(env, p.as, async (c) => {
      try {
        const { searchEntries } = await c.search(p.base, {
          scope: p.scope ?? "sub",
          filter: p.filter ?? "(objectClass=*)",
          attributes: p.attributes ?? [],
        });
        const lines: string[] = [];
        for (const e of searchEntries) {
          lines.push(`dn: ${e.dn}`);
          for (const [k, v] of Object.entries(e)) {
            if (k === "dn") continue;
            for (const x of Array.isArray(v) ? v : [v])
              lines.push(`${k}: ${Buffer.isBuffer(x) ? x.toString("base64") : String(x)}`);
          }
        }
        return ok(`search ${p.base}: ${searchEntries.length} entries`, {
          ldap: { code: 0, message: "" },
          output: lines.join("\n"),
        });
      } catch (err) {
        const ldap = ldapOf(err);
        return failed(`search ${p.base}: ${ldap.code} ${ldap.message}`, { ldap });
      }
    });
  },

  "ad.setSecurityDescriptor": async (env, params) => {
    const p = params as {
      object: string;
      sddl: string;
      principals?: Record<string, string>;
      as?: Credentials;
    };
    const dn = await dnOf(env, p.object);
    const { domainSid } = await env.session.domainInfo();
    let sd: SecurityDescriptor;
    try {
      sd = parseSddl(p.sddl, { domainSid });
    } catch (err) {
      return failed(`Set-Acl ${dn}: ${(err as Error).message}`);
    }
    const map = new Map<string, string>();
    for (const [standIn, account] of Object.entries(p.principals ?? {})) {
      map.set(standIn.toUpperCase(), (await env.session.resolvePrincipal(account)).sid);
    }
    const sid = (s: string | null) => (s ? (map.get(s.toUpperCase()) ?? s) : s);
    sd = {
      ...sd,
      owner: sid(sd.owner),
      group: sid(sd.group),
      dacl: sd.dacl && {
        ...sd.dacl,
        aces: sd.dacl.aces.map((a) => (a.kind === "known" ? { ...a, sid: sid(a.sid)! } : a)),
      },
    };
    const flags = (sd.owner ? SdFlags.OWNER : 0) | (sd.group ? SdFlags.GROUP : 0) | SdFlags.DACL;
    return withClient(env, p.as, (c) =>
      ldapWrite(`Set-Acl ${dn} (${sd.dacl?.aces.length ?? 0} explicit entries)`, () =>
        c.modify(
          dn,
          new Change({
            operation: "replace",
            modification: new Attribute({
              type: "nTSecurityDescriptor",
              values: [encodeSecurityDescriptor(sd)],
            }),
          }),
          sdFlagsControl(flags),
        ),
      ),
    );
  },

  "ad.runSdProp": async (env) => {
    const dir = requireInProcessDc(env, "ad.runSdProp");
    const n = dir.runSdProp();
    return ok(`SDProp ran: ${n} protected object${n === 1 ? "" : "s"} re-stamped from AdminSDHolder`);
  },
};
