/**
 * docs/cloud-http.md lists what the mock Entra ID serves: every route of the route table, the test
 * applications' ids and secret, and every AADSTS code the token endpoint can answer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLOUD_ROUTES } from "../../simulator/cloud/api/route-table.ts";
import { RELAY_ROUTES } from "../../simulator/cloud/api/routes/relay.ts";
import { AADSTS } from "../../simulator/cloud/core/catalogue/aadsts.ts";
import {
  CONTOSO_TENANT_ID,
  PASSWORD_METHOD_ID,
  WBSIM_DAEMON_CLIENT_ID,
  WBSIM_DAEMON_CLIENT_SECRET,
  WBSIM_PUBLIC_CLIENT_ID,
} from "../../simulator/cloud/core/constants.ts";
import {
  GRAPH_APPLICATION_ROLES,
  GRAPH_DELEGATED_SCOPES,
} from "../../simulator/cloud/core/graph-permissions.ts";

const page = readFileSync(join(import.meta.dirname, "../../docs/cloud-http.md"), "utf8");

describe("docs/cloud-http.md", () => {
  it("names every route but the relay's (docs/relay-protocol.md has those)", () => {
    for (const r of CLOUD_ROUTES.filter((r) => !RELAY_ROUTES.includes(r))) {
      const path = r.path
        .replace(":methodId", PASSWORD_METHOD_ID)
        .replace(/:(\w+)/g, (_, name: string) => `{${name === "id" ? "id" : name}}`);
      expect(page, `${r.method} ${path}`).toContain(`${r.method} ${path}`);
    }
  });

  it("gives the tenant and the test applications with their permissions", () => {
    for (const id of [
      CONTOSO_TENANT_ID,
      WBSIM_PUBLIC_CLIENT_ID,
      WBSIM_DAEMON_CLIENT_ID,
      WBSIM_DAEMON_CLIENT_SECRET,
    ])
      expect(page).toContain(id);
    for (const p of [...GRAPH_DELEGATED_SCOPES, ...GRAPH_APPLICATION_ROLES])
      expect(page).toContain(`\`${p}\``);
  });

  it("explains every AADSTS code the token endpoint answers", () => {
    for (const def of Object.values(AADSTS))
      expect(page).toMatch(new RegExp(`\\| ${def.code}\\b|/ ${def.code} \\|`));
  });
});
