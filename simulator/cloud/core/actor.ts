/** Who is calling: the signed-in user or the application behind a validated access token. */
import { GraphError } from "./catalogue/graph-errors.ts";
import type { Cloud } from "./cloud.ts";
import { hasAnyPermission } from "./graph-permissions.ts";
import type { CloudUser } from "./model.ts";
import type { Tenant } from "./tenant.ts";
import type { AccessTokenClaims } from "./tokens.ts";

export type Actor =
  | { kind: "user"; tenant: Tenant; user: CloudUser; scopes: string[] }
  | { kind: "app"; tenant: Tenant; clientId: string; roles: string[] };

/** Claims → actor; a token for a tenant or user that no longer exists is rejected as invalid. */
export function actorFromClaims(cloud: Cloud, claims: AccessTokenClaims): Actor {
  const tenant = cloud.tenants.get(claims.tid);
  if (!tenant) throw new GraphError("tokenInvalid");
  if (claims.idtyp === "app")
    return { kind: "app", tenant, clientId: claims.appid, roles: claims.roles ?? [] };
  const user = tenant.findUser(claims.oid);
  if (!user) throw new GraphError("tokenInvalid");
  return { kind: "user", tenant, user, scopes: (claims.scp ?? "").split(" ").filter(Boolean) };
}

export function permissionsOf(actor: Actor): string[] {
  return actor.kind === "user" ? actor.scopes : actor.roles;
}

export function requirePermission(actor: Actor, needed: readonly string[]): void {
  if (!hasAnyPermission(permissionsOf(actor), needed)) throw new GraphError("accessDenied");
}
