/**
 * Cloud side of enabling password writeback in Connect (the wizard's Configure step, events
 * 31004/31005/31017/31018): the admin whose token the wizard obtained must be a Global Administrator
 * or Hybrid Identity Administrator, cloud-only (a federated admin can't get that token at all), and
 * licensed — otherwise "Unable to configure password writeback. Ensure you have the required
 * license." ([SA:unable-configure-pwd-writeback-error], facts §4/§8 case 17).
 */
import type { Actor } from "./actor.ts";
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
