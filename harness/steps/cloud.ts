/**
 * Entra ID admin settings (SSPR policy, licences, directory roles, MFA) through the tenant API, and
 * relay faults (what a firewall or a Service Bus outage does to the writeback path).
 */
import { SSPR_SKUS, type SsprSkuName } from "../../simulator/cloud/core/constants.ts";
import { ROLE_DISPLAY_NAMES, roleByName } from "../../simulator/cloud/core/directory-roles.ts";
import type { SsprPolicy } from "../../simulator/cloud/index.ts";
import type { Environment } from "../environment.ts";
import { type Executors, failed, ok } from "./results.ts";

function cloudUser(env: Environment, name: string) {
  const u = env.tenant.findUser(name);
  if (!u) throw new Error(`no user ${name} in ${env.tenant.initialDomain}`);
  return u;
}

export const cloudExecutors: Executors = {
  "cloud.setSsprPolicy": async (env, params) => {
    const p = params as {
      enabled?: "none" | "selected" | "all";
      group?: string;
      administrators?: boolean;
      writeback?: boolean;
      unlock?: boolean;
      methodsRequired?: 1 | 2;
    };
    const patch: Partial<SsprPolicy> = {};
    const said: string[] = [];
    if (p.enabled !== undefined) {
      patch.enabledFor = p.enabled;
      said.push(`Self service password reset enabled: ${p.enabled}`);
    }
    if (p.group !== undefined) {
      const g =
        [...env.tenant.groups.values()].find((x) => x.displayName.toLowerCase() === p.group!.toLowerCase()) ??
        env.tenant.createGroup(p.group);
      patch.scopedGroupId = g.id;
      said.push(`selected group: ${g.displayName}`);
    }
    if (p.administrators !== undefined) {
      patch.allowedToUseSSPRForAdmins = p.administrators;
      said.push(`SSPR for administrators ${p.administrators ? "on" : "off"}`);
    }
    if (p.writeback !== undefined) {
      patch.writebackEnabled = p.writeback;
      said.push(`Write back passwords to your on-premises directory: ${p.writeback ? "Yes" : "No"}`);
    }
    if (p.unlock !== undefined) {
      patch.allowUnlockWithoutReset = p.unlock;
      said.push(
        `Allow users to unlock accounts without resetting their password: ${p.unlock ? "Yes" : "No"}`,
      );
    }
    if (p.methodsRequired !== undefined) {
      patch.methodsRequired = p.methodsRequired;
      said.push(`Number of methods required to reset: ${p.methodsRequired}`);
    }
    env.tenant.updateSsprPolicy(patch);
    return ok(`Password reset settings: ${said.join("; ") || "unchanged"}`);
  },

  "cloud.setLicense": async (env, params) => {
    const p = params as { user: string; licensed: boolean };
    const u = cloudUser(env, p.user);
    if (p.licensed) env.tenant.assignLicense(u.id);
    else env.tenant.removeLicense(u.id);
    return ok(`Microsoft Entra ID P1 ${p.licensed ? "assigned to" : "removed from"} ${u.userPrincipalName}`);
  },

  "cloud.setSubscription": async (env, params) => {
    const p = params as { sku: SsprSkuName; enabled: boolean };
    env.tenant.setSubscription(SSPR_SKUS[p.sku], p.enabled);
    return ok(`subscription ${p.sku} ${p.enabled ? "active" : "expired"} in ${env.tenant.initialDomain}`);
  },

  "cloud.setLicenseEnforcement": async (env, params) => {
    const p = params as { per: "tenant" | "user" };
    env.tenant.licenseEnforcement = p.per;
    return ok(
      p.per === "user"
        ? "SSPR licences checked per user (each user's assigned licences)"
        : "SSPR licences checked per tenant (the tenant's subscriptions)",
    );
  },

  "cloud.setRole": async (env, params) => {
    const p = params as { user: string; role: string; remove?: boolean };
    const role = roleByName(p.role);
    if (!role)
      return failed(
        `unknown directory role "${p.role}" (known: ${Object.values(ROLE_DISPLAY_NAMES).join(", ")})`,
      );
    const u = cloudUser(env, p.user);
    if (p.remove) env.tenant.removeRole(u.id, role);
    else env.tenant.assignRole(u.id, role);
    return ok(
      `${ROLE_DISPLAY_NAMES[role]} ${p.remove ? "removed from" : "assigned to"} ${u.userPrincipalName}`,
    );
  },

  "cloud.setMfa": async (env, params) => {
    const p = params as { user: string; enabled: boolean };
    const u = cloudUser(env, p.user);
    env.tenant.setMfaRequired(u.id, p.enabled);
    return ok(
      `multi-factor authentication ${p.enabled ? "required" : "not required"} for ${u.userPrincipalName}`,
    );
  },

  "relay.fault": async (env, params) => {
    const p = params as { kind: "none" | "unreachable" | "delay" | "drop"; ms?: number };
    const relay = env.cloud.relay;
    const t = env.tenant.id;
    switch (p.kind) {
      case "none":
        relay.setFaults(t, { relayUnreachable: false, delayMs: 0, dropResults: false });
        break;
      case "unreachable":
        relay.setFaults(t, { relayUnreachable: true });
        break;
      case "delay":
        relay.setFaults(t, { delayMs: p.ms ?? relay.expiryMs });
        break;
      case "drop":
        relay.setFaults(t, { dropResults: true });
        break;
    }
    const health = relay.health(t);
    return ok(`relay fault: ${p.kind}${p.kind === "delay" ? ` ${p.ms ?? relay.expiryMs} ms` : ""}`, {
      details: [`portal status: ${health.message}`],
    });
  },
};
