/**
 * Microsoft Graph v1.0 routes (facts §6): GET/PATCH /users/{id}, GET /me, POST /me/changePassword,
 * POST /users/{id}/authentication/methods/{passwordMethodId}/resetPassword (202 + Location) and
 * GET /users/{id}/authentication/operations/{id}.
 */
import { requirePermission } from "../../core/actor.ts";
import { GraphError } from "../../core/catalogue/graph-errors.ts";
import { PASSWORD_METHOD_ID } from "../../core/constants.ts";
import { userResource } from "../../core/model.ts";
import { authenticate } from "../auth.ts";
import { routesFor } from "../route-builder.ts";
import type { CloudRoute } from "../types.ts";
import { closedObject } from "../validation.ts";

const READ_PERMISSIONS = [
  "User.Read",
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.AccessAsUser.All",
];

const passwordString = { type: "string", minLength: 1, maxLength: 256 };

/** Every Graph call presents a bearer token; the handler gets its Actor. */
const graphRoute = routesFor("graph", authenticate);

export const GRAPH_ROUTES: CloudRoute[] = [
  graphRoute({ method: "GET", path: "/v1.0/me" }, async (_cloud, actor, req) => {
    if (actor.kind !== "user")
      throw new GraphError("badRequest", {
        detail: "/me request is only valid with delegated authentication flow.",
      });
    return { status: 200, body: withContext(req.graphBaseUrl, "users/$entity", userResource(actor.user)) };
  }),
  graphRoute({ method: "GET", path: "/v1.0/users/:id" }, async (_cloud, actor, req) => {
    requirePermission(actor, READ_PERMISSIONS);
    const u = actor.tenant.findUser(req.params.id);
    if (!u) throw new GraphError("resourceNotFound", { id: req.params.id });
    return { status: 200, body: withContext(req.graphBaseUrl, "users/$entity", userResource(u)) };
  }),
  graphRoute(
    {
      method: "PATCH",
      path: "/v1.0/users/:id",
      schema: closedObject(
        {
          passwordProfile: closedObject({
            password: passwordString,
            forceChangePasswordNextSignIn: { type: "boolean" },
            forceChangePasswordNextSignInWithMfa: { type: "boolean" },
          }),
        },
        { minProperties: 1 },
      ),
    },
    async (cloud, actor, req) => {
      const body = req.body as {
        passwordProfile?: { password?: string; forceChangePasswordNextSignIn?: boolean };
      };
      cloud.passwords.patchPasswordProfile(actor, req.params.id, body.passwordProfile ?? {});
      return { status: 204 };
    },
  ),
  graphRoute(
    {
      method: "POST",
      path: "/v1.0/me/changePassword",
      schema: closedObject(
        { currentPassword: passwordString, newPassword: passwordString },
        { required: ["currentPassword", "newPassword"] },
      ),
    },
    async (cloud, actor, req) => {
      const body = req.body as { currentPassword: string; newPassword: string };
      await cloud.passwords.changePassword(actor, body.currentPassword, body.newPassword);
      return { status: 204 };
    },
  ),
  graphRoute(
    {
      method: "POST",
      path: "/v1.0/users/:id/authentication/methods/:methodId/resetPassword",
      schema: closedObject({ newPassword: passwordString }),
    },
    async (cloud, actor, req) => {
      if (req.params.methodId !== PASSWORD_METHOD_ID)
        throw new GraphError("resourceNotFound", { id: req.params.methodId });
      const body = (req.body ?? {}) as { newPassword?: string };
      const { operation, generatedPassword } = cloud.passwords.graphResetPassword(
        actor,
        req.params.id,
        body.newPassword,
      );
      const location = `${req.graphBaseUrl}/v1.0/users/${operation.userId}/authentication/operations/${operation.id}?aadgdc=WBSIM01&aadgsu=ssprprod-a`;
      return {
        status: 202,
        headers: { location, "retry-after": "1" },
        body: generatedPassword
          ? {
              "@odata.context": `${req.graphBaseUrl}/v1.0/$metadata#microsoft.graph.passwordResetResponse`,
              newPassword: generatedPassword,
            }
          : {},
      };
    },
  ),
  graphRoute(
    { method: "GET", path: "/v1.0/users/:id/authentication/operations/:operationId" },
    async (cloud, actor, req) => {
      const op = cloud.passwords.getOperation(actor, req.params.id, req.params.operationId);
      const headers: Record<string, string> = op.status === "running" ? { "retry-after": "1" } : {};
      return {
        status: 200,
        headers,
        body: {
          "@odata.context": `${req.graphBaseUrl}/v1.0/$metadata#users('${op.userId}')/authentication/operations/$entity`,
          id: op.id,
          createdDateTime: op.createdDateTime,
          lastActionDateTime: op.lastActionDateTime,
          status: op.status,
          statusDetail: op.statusDetail,
          resourceLocation: `${req.graphBaseUrl}/v1.0/users/${op.userId}/authentication/methods/${PASSWORD_METHOD_ID}`,
        },
      };
    },
  ),
];

function withContext(
  base: string,
  entity: string,
  resource: Record<string, unknown>,
): Record<string, unknown> {
  return { "@odata.context": `${base}/v1.0/$metadata#${entity}`, ...resource };
}
