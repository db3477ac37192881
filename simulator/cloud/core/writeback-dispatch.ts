/**
 * Cloud-side use of the relay: whether a user's password operation goes on-premises, the request
 * sent, and how the agent's answer maps to what the cloud tells the user.
 *
 * Mapping (facts §1, §2, §8): success → success; policyViolation (33008) → the on-prem policy
 * message; wrongOldPassword (33007) → wrong current password; accessDenied (33004), userNotFound
 * (33002), accountDisabled (33005) and error (33001/32000…) → SSPR_0029
 * OnPremisesAdminActionRequired; expiry or an unreachable relay → SSPR_0030
 * OnPremisesConnectivityError. accountDisabled → SSPR_0029 is ASSUMED (no source names the code).
 */
import type { WritebackDraft, WritebackRelay } from "../relay/relay.ts";
import type { RelayDelivery, WritebackKind, WritebackOrigin } from "../relay/types.ts";
import type { CloudUser } from "./model.ts";
import type { Tenant } from "./tenant.ts";

export type WritebackVerdict =
  | "success"
  | "policyViolation"
  | "wrongOldPassword"
  | "adminActionRequired"
  | "connectivity";

export function verdictOf(d: RelayDelivery): WritebackVerdict {
  if (d.status !== "answered") return "connectivity";
  switch (d.result.outcome) {
    case "success":
      return "success";
    case "policyViolation":
      return "policyViolation";
    case "wrongOldPassword":
      return "wrongOldPassword";
    default:
      return "adminActionRequired";
  }
}

/** Synced user whose tenant has writeback switched on in the portal and onboarded by Connect. */
export function goesOnPremises(relay: WritebackRelay, tenant: Tenant, user: CloudUser): boolean {
  return (
    user.onPremisesSyncEnabled === true &&
    tenant.ssprPolicy.writebackEnabled &&
    relay.health(tenant.id).configured
  );
}

export function writebackDraft(
  user: CloudUser,
  kind: WritebackKind,
  origin: WritebackOrigin,
  extra: Partial<WritebackDraft> = {},
): WritebackDraft {
  return {
    kind,
    origin,
    cloudAnchor: user.onPremisesImmutableId ?? "",
    onPremisesSecurityIdentifier: user.onPremisesSecurityIdentifier ?? undefined,
    onPremisesDistinguishedName: user.onPremisesDistinguishedName ?? undefined,
    onPremisesSamAccountName: user.onPremisesSamAccountName ?? undefined,
    userPrincipalName: user.userPrincipalName,
    enforcePasswordPolicy: true,
    ...extra,
  };
}

export async function writeBack(
  relay: WritebackRelay,
  tenant: Tenant,
  draft: WritebackDraft,
): Promise<{ verdict: WritebackVerdict; delivery: RelayDelivery }> {
  const delivery = await relay.submit(tenant.id, draft);
  return { verdict: verdictOf(delivery), delivery };
}
