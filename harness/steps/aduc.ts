/**
 * Active Directory Users and Computers steps, through the ADUC console API over LDAP as the
 * signed-in admin (or as the `as` account): View > Advanced Features, the Advanced Security Settings
 * dialog (add/remove entries, inheritance, Effective Access) and the Account tab's "User cannot
 * change password".
 */
import { AducConsole, AducError, type PermissionEntryInput } from "../../simulator/admin-tools/index.ts";
import { PrincipalNotFoundError } from "../../simulator/ldap-client/index.ts";
import { formatAceSddl } from "../../simulator/security/sddl-format.ts";
import type { KnownAce } from "../../simulator/security/types.ts";
import type { Environment } from "../environment.ts";
import type { StepResult } from "../run/types.ts";
import { type Executors, failed, ldapOf, ok } from "./results.ts";

interface Credentials {
  user: string;
  password: string;
}

/**
 * The console a step uses: the environment's (signed in as CONTOSO\Administrator) or one opened as
 * `as`. A step that opens Advanced Security Settings first turns on View > Advanced Features, as the
 * documented procedure does, unless the scenario explicitly turned it off.
 */
async function withConsole(
  env: Environment,
  as: Credentials | undefined,
  needsSecurityTab: boolean,
  body: (aduc: AducConsole, details: string[]) => Promise<StepResult>,
): Promise<StepResult> {
  const details: string[] = [];
  let aduc = env.aduc;
  if (as) {
    try {
      aduc = await AducConsole.open({ url: env.dc.ldapsUrl, bindName: as.user, password: as.password });
    } catch (err) {
      const o = (err as { outcome?: { code: number; diagnosticMessage: string } }).outcome;
      const ldap = o ? { code: o.code, message: o.diagnosticMessage } : ldapOf(err);
      return failed(`signing in to ADUC as ${as.user} failed: ${(err as Error).message}`, { ldap });
    }
  }
  try {
    if (needsSecurityTab && !aduc.advancedFeatures && !env.stepState.advancedFeaturesExplicitlyOff) {
      aduc.setAdvancedFeatures(true);
      details.push("View > Advanced Features turned on");
    }
    const result = await body(aduc, details);
    return { ...result, details: [...details, ...(result.details ?? [])] };
  } catch (err) {
    if (err instanceof AducError || err instanceof PrincipalNotFoundError) {
      return failed(err.message, { userMessage: err.message, details });
    }
    if (typeof (err as { code?: unknown }).code === "number") {
      const ldap = ldapOf(err);
      return failed(`the DC refused the change: ${ldap.code} ${ldap.message}`, { ldap, details });
    }
    throw err;
  } finally {
    if (as) await aduc.close();
  }
}

function aceLines(aces: KnownAce[], domainSid: string | undefined): string[] {
  return aces.map((a) => {
    try {
      return `ACE ${formatAceSddl(a, { domainSid })}`;
    } catch {
      return `ACE type ${a.type} mask 0x${a.mask.toString(16)}`;
    }
  });
}

type EntryParams = PermissionEntryInput & { as?: Credentials };

function entryInput(p: EntryParams): PermissionEntryInput {
  const { as: _as, ...input } = p;
  return input;
}

export const aducExecutors: Executors = {
  "aduc.setAdvancedFeatures": async (env, params) => {
    const enabled = typeof params === "boolean" ? params : (params as { enabled: boolean }).enabled;
    env.aduc.setAdvancedFeatures(enabled);
    env.stepState.advancedFeaturesExplicitlyOff = !enabled;
    return ok(`View > Advanced Features ${enabled ? "on" : "off"}`);
  },

  "aduc.addPermission": (env, params) => {
    const p = params as EntryParams;
    return withConsole(env, p.as, true, async (aduc) => {
      const { added } = await aduc.addPermission(entryInput(p));
      const what = [...(p.permissions ?? []), ...(p.properties ?? [])].join(", ");
      return ok(
        `${p.type === "deny" ? "Deny" : "Allow"} ${p.principal}: ${what} — applies to "${p.appliesTo ?? "This object and all descendant objects"}" on ${p.object}`,
        { details: aceLines(added, env.directory?.domainSid) },
      );
    });
  },

  "aduc.removePermission": (env, params) => {
    const p = params as EntryParams;
    return withConsole(env, p.as, true, async (aduc) => {
      const { removed } = await aduc.removePermission(entryInput(p));
      return ok(
        `removed ${removed} permission entr${removed === 1 ? "y" : "ies"} of ${p.principal} on ${p.object}`,
      );
    });
  },

  "aduc.disableInheritance": (env, params) => {
    const p = params as { object: string; convert?: boolean; as?: Credentials };
    const convert = p.convert ?? true;
    return withConsole(env, p.as, true, async (aduc) => {
      await aduc.disableInheritance(p.object, convert);
      return ok(
        `Disable inheritance on ${p.object}: ${convert ? "Convert inherited permissions into explicit permissions on this object" : "Remove all inherited permissions from this object"}`,
      );
    });
  },

  "aduc.enableInheritance": (env, params) => {
    const p = params as { object: string; as?: Credentials };
    return withConsole(env, p.as, true, async (aduc) => {
      await aduc.enableInheritance(p.object);
      return ok(`Enable inheritance on ${p.object}`);
    });
  },

  "aduc.setUserCannotChangePassword": (env, params) => {
    const p = params as { user: string; value?: boolean; as?: Credentials };
    const value = p.value ?? true;
    return withConsole(env, p.as, false, async (aduc) => {
      await aduc.setUserCannotChangePassword(p.user, value);
      return ok(`Account tab of ${p.user}: "User cannot change password" ${value ? "checked" : "cleared"}`);
    });
  },

  "aduc.effectiveAccess": (env, params) => {
    const p = params as { object: string; principal: string; as?: Credentials };
    return withConsole(env, p.as, true, async (aduc) => {
      const rows = await aduc.effectiveAccess(p.object, p.principal);
      return ok(`Effective Access of ${p.principal} on ${p.object}`, {
        output: rows.map((r) => `${r.allowed ? "[x]" : "[ ]"} ${r.permission}`).join("\n"),
      });
    });
  },
};
