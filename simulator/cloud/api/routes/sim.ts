/**
 * Simulator-only endpoints (no Microsoft counterpart): what a person would do in a browser or read on
 * a phone, for test drivers — the Entra and Microsoft 365 admin centers' "Reset password", the
 * verification codes "delivered" to a user, and relay fault injection.
 */
import { GraphError } from "../../core/catalogue/graph-errors.ts";
import type { SsprPolicy } from "../../core/model.ts";
import type { RelayFaults } from "../../relay/types.ts";
import { authenticate } from "../auth.ts";
import { routesFor } from "../route-builder.ts";
import type { CloudRoute } from "../types.ts";
import { closedObject } from "../validation.ts";

const adminResetSchema = closedObject({
  newPassword: { type: "string", minLength: 1, maxLength: 256 },
  forceChangePasswordNextSignIn: { type: "boolean" },
});

/** The admin centers act for the admin signed in with a bearer token. */
const portalRoute = routesFor("sim", authenticate);

function portalReset(kind: "entra" | "m365"): CloudRoute {
  return portalRoute(
    { method: "POST", path: `/_sim/portal/${kind}/users/:id/resetPassword`, schema: adminResetSchema },
    async (cloud, actor, req) => {
      if (actor.kind !== "user") throw new GraphError("accessDenied");
      const body = (req.body ?? {}) as { newPassword?: string; forceChangePasswordNextSignIn?: boolean };
      const run = kind === "entra" ? cloud.passwords.entraPortalReset : cloud.passwords.m365AdminReset;
      const result = await run.call(cloud.passwords, actor.tenant.id, actor.user.id, req.params.id, body);
      return { status: 200, body: result };
    },
  );
}

export const SIM_ROUTES: CloudRoute[] = [
  portalReset("entra"),
  portalReset("m365"),
  {
    method: "GET",
    host: "sim",
    path: "/_sim/tenants/:tenantId/outbox/:userId",
    body: "none",
    async handle(cloud, req) {
      const tenant = cloud.tenants.get(req.params.tenantId);
      const user = tenant?.findUser(req.params.userId);
      if (!tenant || !user) throw new GraphError("resourceNotFound", { id: req.params.userId });
      return { status: 200, body: { value: tenant.outbox.filter((m) => m.userId === user.id) } };
    },
  },
  {
    method: "POST",
    host: "sim",
    path: "/_sim/relay/:tenantId/faults",
    body: "json",
    schema: closedObject({
      relayUnreachable: { type: "boolean" },
      agentStopped: { type: "boolean" },
      delayMs: { type: "integer", minimum: 0 },
      dropResults: { type: "boolean" },
      cloudServiceIssue: { type: "boolean" },
    }),
    async handle(cloud, req) {
      // Faults for a tenant that does not exist would be relay state kept for nothing.
      if (!cloud.tenants.get(req.params.tenantId))
        throw new GraphError("resourceNotFound", { id: req.params.tenantId });
      return {
        status: 200,
        body: cloud.relay.setFaults(req.params.tenantId, req.body as Partial<RelayFaults>),
      };
    },
  },
];

/** Simulator controls for HTTP-driven scenarios (the clock, SSPR policy, cloud faults). Loopback only. */
export const SIM_CONTROL_ROUTES: CloudRoute[] = [
  {
    method: "POST",
    host: "sim",
    path: "/_sim/clock/advance",
    body: "json",
    schema: closedObject({ ms: { type: "integer", minimum: 0 } }, { required: ["ms"] }),
    async handle(cloud, req) {
      cloud.clock.advance((req.body as { ms: number }).ms);
      return { status: 200, body: { now: cloud.nowIso() } };
    },
  },
  {
    method: "PATCH",
    host: "sim",
    path: "/_sim/tenants/:tenantId/sspr-policy",
    body: "json",
    schema: closedObject({
      enabledFor: { type: "string", enum: ["none", "selected", "all"] },
      scopedGroupId: { type: ["string", "null"] },
      allowedToUseSSPRForAdmins: { type: "boolean" },
      methodsRequired: { type: "integer", enum: [1, 2] },
      methodsAvailable: {
        type: "array",
        items: { type: "string", enum: ["email", "mobilePhone", "officePhone", "authenticatorApp"] },
      },
      writebackEnabled: { type: "boolean" },
      allowUnlockWithoutReset: { type: "boolean" },
      enforceCloudPasswordPolicyForSyncedUsers: { type: "boolean" },
    }),
    async handle(cloud, req) {
      const tenant = cloud.tenants.get(req.params.tenantId);
      if (!tenant) throw new GraphError("resourceNotFound", { id: req.params.tenantId });
      return { status: 200, body: tenant.updateSsprPolicy(req.body as Partial<SsprPolicy>) };
    },
  },
  {
    method: "POST",
    host: "sim",
    path: "/_sim/faults",
    body: "json",
    schema: closedObject({ cloudPasswordWriteFails: { type: "boolean" } }),
    async handle(cloud, req) {
      Object.assign(cloud.faults, req.body as { cloudPasswordWriteFails?: boolean });
      return { status: 200, body: { ...cloud.faults } };
    },
  },
];
