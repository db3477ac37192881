/**
 * Cloud side of enabling password writeback in Connect (the wizard's Configure step, events
 * 31004/31005/31017/31018): the admin whose token the wizard obtained must be a Global Administrator
 * or Hybrid Identity Administrator, cloud-only (a federated admin can't get that token at all), and
 * licensed — otherwise "Unable to configure password writeback. Ensure you have the required
 * license." ([SA:unable-configure-pwd-writeback-error], facts §4/§8 case 17).
 */
import { type Actor, actorFromClaims } from "./actor.ts";
import { GraphError } from "./catalogue/graph-errors.ts";
import type { Cloud } from "./cloud.ts";
import { ROLE } from "./directory-roles.ts";

export function onboardWritebackAgent(
  cloud: Cloud,
  actor: Actor,
  tenantId: string,
  info: { machineName: string; version: string },
): { agentId: string; relayKey: string; heartbeatIntervalSeconds: number } {
  if (actor.kind !== "user" || actor.tenant.id !== tenantId) throw new GraphError("accessDenied");
  const roles = actor.tenant.rolesOf(actor.user.id);
  if (!roles.has(ROLE.globalAdministrator) && !roles.has(ROLE.hybridIdentityAdministrator))
    throw new GraphError("accessDenied");
  if (!actor.tenant.hasPremiumLicense(actor.user)) throw new GraphError("onboardingNotLicensed");
  return cloud.relay.registerAgent(tenantId, info);
}

/**
 * For an in-process Connect (simulator/connect/): checks the admin token the wizard obtained on
 * "Connect to Azure AD" the way onboarding does, without registering an HTTP agent. On success the
 * caller attaches its handler with `cloud.relay.attachAgent(tenantId, handler)`.
 */
export async function authorizeWritebackOnboarding(
  cloud: Cloud,
  accessToken: string,
  tenantId: string,
): Promise<{ ok: true; adminUpn: string } | { ok: false; code: string; message: string }> {
  const check = await cloud.tokens.verifyAccessToken(accessToken);
  try {
    if (!check.ok) throw new GraphError(check.error);
    const actor = actorFromClaims(cloud, check.claims);
    if (actor.kind !== "user" || actor.tenant.id !== tenantId) throw new GraphError("accessDenied");
    const roles = actor.tenant.rolesOf(actor.user.id);
    if (!roles.has(ROLE.globalAdministrator) && !roles.has(ROLE.hybridIdentityAdministrator))
      throw new GraphError("accessDenied");
    if (!actor.tenant.hasPremiumLicense(actor.user)) throw new GraphError("onboardingNotLicensed");
    return { ok: true, adminUpn: actor.user.userPrincipalName };
  } catch (e) {
    if (e instanceof GraphError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}
