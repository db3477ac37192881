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

export const GRAPH_ROUTES: CloudRoute[] = [
  {
    method: "GET",
    host: "graph",
    path: "/v1.0/me",
    body: "none",
    async handle(cloud, req) {
      const actor = await authenticate(cloud, req);
      if (actor.kind !== "user")
        throw new GraphError("badRequest", {
          detail: "/me request is only valid with delegated authentication flow.",
        });
      return { status: 200, body: withContext(req.graphBaseUrl, "users/$entity", userResource(actor.user)) };
    },
  },
  {
    method: "GET",
    host: "graph",
    path: "/v1.0/users/:id",
    body: "none",
    async handle(cloud, req) {
      const actor = await authenticate(cloud, req);
      requirePermission(actor, READ_PERMISSIONS);
      const u = actor.tenant.findUser(req.params.id);
      if (!u) throw new GraphError("resourceNotFound", { id: req.params.id });
      return { status: 200, body: withContext(req.graphBaseUrl, "users/$entity", userResource(u)) };
    },
  },
  {
    method: "PATCH",
    host: "graph",
    path: "/v1.0/users/:id",
    body: "json",
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
    async handle(cloud, req) {
      const actor = await authenticate(cloud, req);
      const body = req.body as {
        passwordProfile?: { password?: string; forceChangePasswordNextSignIn?: boolean };
      };
      cloud.passwords.patchPasswordProfile(actor, req.params.id, body.passwordProfile ?? {});
      return { status: 204 };
    },
  },
  {
    method: "POST",
    host: "graph",
    path: "/v1.0/me/changePassword",
    body: "json",
    schema: closedObject(
      { currentPassword: passwordString, newPassword: passwordString },
      { required: ["currentPassword", "newPassword"] },
    ),
    async handle(cloud, req) {
      const actor = await authenticate(cloud, req);
      const body = req.body as { currentPassword: string; newPassword: string };
      await cloud.passwords.changePassword(actor, body.currentPassword, body.newPassword);
      return { status: 204 };
    },
  },
  {
    method: "POST",
    host: "graph",
    path: "/v1.0/users/:id/authentication/methods/:methodId/resetPassword",
    body: "json",
    schema: closedObject({ newPassword: passwordString }),
    async handle(cloud, req) {
      const actor = await authenticate(cloud, req);
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
  },
  {
    method: "GET",
    host: "graph",
    path: "/v1.0/users/:id/authentication/operations/:operationId",
    body: "none",
    async handle(cloud, req) {
      const actor = await authenticate(cloud, req);
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
  },
];

function withContext(
  base: string,
  entity: string,
  resource: Record<string, unknown>,
): Record<string, unknown> {
  return { "@odata.context": `${base}/v1.0/$metadata#${entity}`, ...resource };
}
