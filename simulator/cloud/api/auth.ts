/** Bearer-token authentication for Graph-style routes: token → validated claims → Actor. */
import { type Actor, actorFromClaims } from "../core/actor.ts";
import { GraphError } from "../core/catalogue/graph-errors.ts";
import type { Cloud } from "../core/cloud.ts";
import type { ApiRequest } from "./types.ts";

export function bearerToken(req: ApiRequest): string {
  const h = req.headers.authorization ?? "";
  const m = /^Bearer\s+(.*)$/i.exec(h.trim());
  return m ? m[1].trim() : "";
}

export async function authenticate(cloud: Cloud, req: ApiRequest): Promise<Actor> {
  const check = await cloud.tokens.verifyAccessToken(bearerToken(req));
  if (!check.ok) throw new GraphError(check.error);
  return actorFromClaims(cloud, check.claims);
}
