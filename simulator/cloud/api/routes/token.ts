/** POST /{tenant}/oauth2/v2.0/token (form-encoded) — AADSTS-shaped errors, not the Graph envelope. */
import { tokenEndpoint } from "../../core/token-endpoint.ts";
import type { CloudRoute } from "../types.ts";

export const TOKEN_ROUTES: CloudRoute[] = [
  {
    method: "POST",
    host: "login",
    path: "/:tenant/oauth2/v2.0/token",
    body: "form",
    async handle(cloud, req) {
      const form = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, string>;
      const { status, body } = await tokenEndpoint(cloud, req.params.tenant, form);
      return { status, body, headers: { "cache-control": "no-store, no-cache", pragma: "no-cache" } };
    },
  },
];
