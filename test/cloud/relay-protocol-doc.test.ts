/**
 * docs/relay-protocol.md and its schemas (docs/relay/*.schema.json) say what the relay does: the files
 * equal the schemas the routes validate with, every message of a real exchange over HTTP matches its
 * file, and the page names every route, outcome, id and time budget the code has.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docSchema } from "../../scripts/write-doc-schemas.ts";
import { RELAY_ROUTES } from "../../simulator/cloud/api/routes/relay.ts";
import { CONTOSO_TENANT_ID, WBSIM_PUBLIC_CLIENT_ID } from "../../simulator/cloud/core/constants.ts";
import { DEFAULT_EXPIRY_MS, DEFAULT_REAL_WAIT_MS } from "../../simulator/cloud/relay/relay.ts";
import { RELAY_SCHEMAS, WRITEBACK_OUTCOMES } from "../../simulator/cloud/relay/schemas.ts";
import { type Harness, startHarness } from "./support/transports.ts";

const DOCS = join(import.meta.dirname, "../../docs");
const page = readFileSync(join(DOCS, "relay-protocol.md"), "utf8");
const files = Object.fromEntries(
  readdirSync(join(DOCS, "relay")).map((f) => [
    f.replace(/\.schema\.json$/, ""),
    JSON.parse(readFileSync(join(DOCS, "relay", f), "utf8")),
  ]),
);
const ajv = new Ajv({ strict: true, allErrors: true });
const validators = Object.fromEntries(Object.entries(files).map(([n, s]) => [n, ajv.compile(s)]));

function conforms(name: string, message: unknown): void {
  const validate = validators[name];
  expect(validate(message), `${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(message)}`).toBe(
    true,
  );
}

describe("docs/relay/*.schema.json", () => {
  it("are the schemas the relay validates with (run scripts/write-doc-schemas.ts after changing them)", () => {
    expect(Object.keys(files).sort()).toEqual(Object.keys(RELAY_SCHEMAS).sort());
    for (const [name, schema] of Object.entries(RELAY_SCHEMAS))
      expect(files[name]).toEqual(docSchema(name, schema));
  });

  it("are linked from the page", () => {
    for (const name of Object.keys(files)) expect(page).toContain(`relay/${name}.schema.json`);
  });
});

describe("docs/relay-protocol.md", () => {
  it("names every relay route", () => {
    for (const r of RELAY_ROUTES) {
      const path = r.path.replace(":tenantId", "{tenant}").replace(":agentId", "{agentId}");
      expect(page, `${r.method} ${path}`).toContain(`${r.method} ${path}`);
    }
  });

  it("maps every outcome, and gives the ids and time budgets the code has", () => {
    for (const o of WRITEBACK_OUTCOMES) expect(page).toContain(`\`${o}\``);
    expect(page).toContain(WBSIM_PUBLIC_CLIENT_ID);
    expect(page).toContain(CONTOSO_TENANT_ID);
    expect(DEFAULT_REAL_WAIT_MS).toBe(5_000);
    expect(page).toContain("**Real time: 5 seconds**");
    expect(DEFAULT_EXPIRY_MS).toBe(5 * 60_000);
    expect(page).toContain("**Simulated time: 5 minutes**");
  });
});

describe("a real exchange over HTTP matches the schemas", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness("http");
  });
  afterAll(() => h.close());

  it("registration, health, a request, a result, and each documented error", async () => {
    const token = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    const registration = { machineName: "DOCAGENT", version: "2.4.27.0" };
    conforms("agent-registration-request", registration);
    const reg = await h.client.call("relay", "POST", "/relay/contoso.onmicrosoft.com/agents", {
      token,
      json: registration,
    });
    expect(reg.status).toBe(201);
    conforms("agent-registration", reg.json);
    const auth = { authorization: `Relay ${reg.json.relayKey}` };
    const base = `/relay/${CONTOSO_TENANT_ID}/agents/${reg.json.agentId}`;

    const health = await h.client.call("relay", "GET", `/relay/${CONTOSO_TENANT_ID}/health`, { token });
    conforms("health", health.json);

    const poll = h.client.call("relay", "GET", `${base}/requests?waitMs=30000`, { headers: auth });
    const reset = h.client.ssprReset(CONTOSO_TENANT_ID, "alice@contoso.com", "D0cument3d!Reset");
    const request = await poll;
    expect(request.status).toBe(200);
    conforms("writeback-request", request.json);
    const result = {
      requestId: request.json.requestId,
      outcome: "accessDenied",
      ldapResultCode: 50,
      ldapMessage: "00000005: SecErr: DSID-031A1248, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n",
      eventIds: [31001, 6329, 33004, 31003],
      detail: "50 insufficientAccessRights",
    };
    conforms("writeback-result", result);
    expect(
      (await h.client.call("relay", "POST", `${base}/results`, { headers: auth, json: result })).status,
    ).toBe(202);
    expect((await reset).json.error.code).toBe("SSPR_0029");

    const errors = [
      await h.client.call("relay", "POST", `${base}/results`, {
        headers: auth,
        json: { ...result, extra: 1 },
      }),
      await h.client.call("relay", "POST", `${base}/heartbeat`, {
        headers: { authorization: "Relay wrong" },
      }),
      await h.client.call("relay", "POST", "/relay/fabrikam.example/agents", { token, json: registration }),
      await h.client.call("relay", "POST", `${base}/results`, { headers: auth, json: result }),
    ];
    expect(errors.map((e) => e.status)).toEqual([400, 401, 404, 404]);
    for (const e of errors) conforms("error", e.json);
    // The schema of what an agent sends refuses what the route refuses.
    expect(validators["writeback-result"]({ ...result, extra: 1 })).toBe(false);
  });
});
