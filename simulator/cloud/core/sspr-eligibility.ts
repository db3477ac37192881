/**
 * Which SSPR error (if any) stops a user right after "Who are you?", from the tenant's policy.
 * Checks run in the portal's enum order (ASSUMED — the docs list the codes, not their precedence):
 * administrators get SSPR_009 when SSPR for administrators is off and otherwise the
 * Microsoft-managed admin policy (two methods); users get SSPR_0009 (None), SSPR_0011 (Selected with
 * no group), SSPR_0012 (the tenant holds no SKU that carries SSPR for this kind of user: LIC, see
 * Tenant.ssprLicensed), SSPR_0013 (not in the group), then SSPR_0010 for synced users when
 * writeback is off or was never onboarded, and SSPR_0014 when fewer usable methods are registered
 * than required.
 */
import type { WritebackHealth } from "../relay/agent-health.ts";
import type { SsprErrorCode } from "./catalogue/sspr-messages.ts";
import type { AuthMethodRegistration, CloudUser } from "./model.ts";
import type { Tenant } from "./tenant.ts";

export interface SsprRequirements {
  methodsRequired: number;
  usableMethods: AuthMethodRegistration[];
}

export function ssprRequirements(tenant: Tenant, user: CloudUser): SsprRequirements {
  const admin = tenant.isAdmin(user.id);
  const available = admin
    ? ["email", "mobilePhone", "officePhone", "authenticatorApp"]
    : tenant.ssprPolicy.methodsAvailable;
  return {
    methodsRequired: admin ? 2 : tenant.ssprPolicy.methodsRequired,
    usableMethods: user.authMethods.filter((m) => available.includes(m.type)),
  };
}

export function ssprEligibility(
  tenant: Tenant,
  user: CloudUser,
  health: WritebackHealth,
): SsprErrorCode | undefined {
  const p = tenant.ssprPolicy;
  if (tenant.isAdmin(user.id)) {
    if (!p.allowedToUseSSPRForAdmins) return "SSPR_009";
  } else {
    if (p.enabledFor === "none") return "SSPR_0009";
    if (p.enabledFor === "selected" && (!p.scopedGroupId || !tenant.groups.has(p.scopedGroupId)))
      return "SSPR_0011";
  }
  if (!tenant.ssprLicensed(user)) return "SSPR_0012";
  if (!tenant.isAdmin(user.id) && p.enabledFor === "selected") {
    if (!tenant.groups.get(p.scopedGroupId!)?.members.has(user.id)) return "SSPR_0013";
  }
  if (user.onPremisesSyncEnabled && (!p.writebackEnabled || !health.configured)) return "SSPR_0010";
  const req = ssprRequirements(tenant, user);
  if (req.usableMethods.length < req.methodsRequired) return "SSPR_0014";
  return undefined;
}
