/**
 * Relay endpoints for an out-of-process writeback agent (protocol in relay/relay.ts). Registration
 * takes the admin's Graph token (as Connect's wizard does); every later call presents the relay key
 * issued at registration: `Authorization: Relay <relayKey>`.
 */
import type { Actor } from "../../core/actor.ts";
import { GraphError } from "../../core/catalogue/graph-errors.ts";
import type { Cloud } from "../../core/cloud.ts";
import { ROLE } from "../../core/directory-roles.ts";
import { onboardWritebackAgent } from "../../core/writeback-onboarding.ts";
import { REGISTRATION_REQUEST_SCHEMA, WRITEBACK_RESULT_SCHEMA } from "../../relay/schemas.ts";
import type { WritebackResult } from "../../relay/types.ts";
import { authenticate } from "../auth.ts";
import { routesFor } from "../route-builder.ts";
import type { ApiRequest, CloudRoute } from "../types.ts";

const MAX_WAIT_MS = 60_000;

/**
 * The `{tenantId}` of a relay path: the tenant id, or any of the tenant's domain names (as the token
 * endpoint's `{tenant}` takes them); the routes below only ever see the id.
 */
function relayTenantId(cloud: Cloud, req: ApiRequest): string {
  const tenant = cloud.resolveTenant(req.params.tenantId);
  if (!tenant) throw new GraphError("relayTenantNotFound", { tenant: req.params.tenantId });
  return tenant.id;
}

/** The admin behind the bearer token, for the tenant the path names. */
async function adminCall(cloud: Cloud, req: ApiRequest): Promise<{ actor: Actor; tenantId: string }> {
  const actor = await authenticate(cloud, req);
  const tenantId = relayTenantId(cloud, req);
  if (actor.kind === "user" && actor.tenant.id !== tenantId)
    throw new GraphError("relayTenantMismatch", { tokenTenant: actor.tenant.id, pathTenant: tenantId });
  return { actor, tenantId };
}

function agentCall(cloud: Cloud, req: ApiRequest): { tenantId: string; agentId: string } {
  const tenantId = relayTenantId(cloud, req);
  const { agentId } = req.params;
  const m = /^Relay\s+(\S+)$/i.exec((req.headers.authorization ?? "").trim());
  if (!m || !cloud.relay.verifyAgentKey(tenantId, agentId, m[1])) {
    if (!cloud.relay.hasAgent(tenantId, agentId)) throw new GraphError("resourceNotFound", { id: agentId });
    throw new GraphError("relayKeyInvalid");
  }
  if (cloud.relay.faults(tenantId).relayUnreachable) throw new GraphError("relayUnavailable");
  return { tenantId, agentId };
}

/** Registration and health present the admin's bearer token; the handler gets its Actor. */
const adminRoute = routesFor("relay", adminCall);
/** Every other call comes from a registered agent with its relay key. */
const agentRoute = routesFor("relay", agentCall);
const AGENT = "/relay/:tenantId/agents/:agentId";

export const RELAY_ROUTES: CloudRoute[] = [
  adminRoute(
    {
      method: "POST",
      path: "/relay/:tenantId/agents",
      schema: REGISTRATION_REQUEST_SCHEMA,
    },
    async (cloud, { actor, tenantId }, req) => {
      const body = req.body as { machineName: string; version: string };
      return { status: 201, body: onboardWritebackAgent(cloud, actor, tenantId, body) };
    },
  ),
  agentRoute({ method: "DELETE", path: AGENT }, async (cloud, { tenantId, agentId }) => {
    cloud.relay.unregisterAgent(tenantId, agentId);
    return { status: 204 };
  }),
  agentRoute({ method: "POST", path: `${AGENT}/heartbeat` }, async (cloud, { tenantId, agentId }) => {
    if (!cloud.relay.heartbeat(tenantId, agentId)) throw new GraphError("relayUnavailable");
    return { status: 204 };
  }),
  agentRoute({ method: "GET", path: `${AGENT}/requests` }, async (cloud, { tenantId, agentId }, req) => {
    const waitMs = Math.min(MAX_WAIT_MS, Math.max(0, Number.parseInt(req.query.waitMs ?? "0", 10) || 0));
    const request = await cloud.relay.poll(tenantId, agentId, waitMs, req.signal);
    return request ? { status: 200, body: request } : { status: 204 };
  }),
  agentRoute(
    {
      method: "POST",
      path: `${AGENT}/results`,
      schema: WRITEBACK_RESULT_SCHEMA,
    },
    async (cloud, { tenantId, agentId }, req) => {
      const outcome = cloud.relay.postResult(tenantId, agentId, req.body as WritebackResult);
      if (outcome === "unknownRequest")
        throw new GraphError("resourceNotFound", { id: (req.body as WritebackResult).requestId });
      if (outcome === "expired")
        throw new GraphError("conflict", {
          detail: "The writeback request expired before its result arrived.",
        });
      return { status: 202 };
    },
  ),
  adminRoute({ method: "GET", path: "/relay/:tenantId/health" }, async (cloud, { actor, tenantId }) => {
    if (actor.kind !== "user") throw new GraphError("accessDenied");
    const roles = actor.tenant.rolesOf(actor.user.id);
    if (!roles.has(ROLE.globalAdministrator) && !roles.has(ROLE.hybridIdentityAdministrator))
      throw new GraphError("accessDenied");
    const h = cloud.relay.health(tenantId);
    return {
      status: 200,
      body: { state: h.state, message: h.message, configured: h.configured, agents: h.agents },
    };
  }),
];
