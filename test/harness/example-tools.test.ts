/**
 * Using the harness to test someone else's writeback tool (README, "Testing your own tool"):
 *  (a) a Node script that calls Graph at the real Microsoft URLs, intercepted in-process by msw with
 *      the environment's handlers;
 *  (b) a third-party agent in its own process that consumes the relay over HTTP and writes to the
 *      fake DC over LDAPS.
 */
import { spawn } from "node:child_process";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createEnvironment, type Environment, type EnvironmentSnapshot } from "../../harness/environment.ts";
import { runStep } from "../../harness/steps/index.ts";
import { expectEvent } from "../../harness/vitest/index.ts";
import { createCloudHandlers } from "../../simulator/cloud/msw/handlers.ts";
// @ts-expect-error: a plain .mjs fixture, as a third party would write it
import { resetPasswordViaGraph } from "../fixtures/example-tools/graph-reset.mjs";

let env: Environment;
let fresh: EnvironmentSnapshot;
beforeAll(async () => {
  env = await createEnvironment({});
  fresh = await env.snapshot();
});
afterAll(() => env.close());

const step = (kind: string, params: unknown = null) => runStep(env, kind, params);
const GRANT = {
  object: "DC=contoso,DC=com",
  principal: "CONTOSO\\MSOL_0123456789ab",
  appliesTo: "Descendant User objects",
  permissions: ["Reset password", "Change password"],
  properties: ["Write lockoutTime", "Write pwdLastSet"],
};

describe("(a) a Graph client at the real Microsoft URLs, intercepted by msw", () => {
  it("resets alice's password; Connect writes it back", async () => {
    await env.restore(fresh);
    await step("connect.enableWriteback", {
      admin: "admin@contoso.onmicrosoft.com",
      password: "Gl0bal!Admin#1",
    });
    await step("aduc.addPermission", GRANT);
    const server = setupServer(...createCloudHandlers(env.cloud));
    server.listen({ onUnhandledRequest: "error" });
    try {
      const result = await resetPasswordViaGraph({
        tenant: "contoso.onmicrosoft.com",
        clientId: "5d8c1f3a-2e4b-4a6c-8d9e-1b7f0c3a5e21",
        admin: "helpdesk@contoso.onmicrosoft.com",
        adminPassword: "Helpd3sk!Admin#1",
        user: "alice@contoso.com",
        newPassword: "Gr4ph!Reset#1",
      });
      expect(result).toMatchObject({ ok: true, status: "succeeded" });
      const wrong = await resetPasswordViaGraph({
        tenant: "contoso.onmicrosoft.com",
        clientId: "5d8c1f3a-2e4b-4a6c-8d9e-1b7f0c3a5e21",
        admin: "helpdesk@contoso.onmicrosoft.com",
        adminPassword: "not-the-password",
        user: "alice@contoso.com",
        newPassword: "Gr4ph!Reset#2",
      });
      expect(wrong).toMatchObject({ ok: false, stage: "token", status: 400 });
    } finally {
      server.close();
    }
    expectEvent(env, { source: "PasswordResetService", id: 31010 });
    // Graph's resetPassword always asks for a change at next logon: AD holds the new password, expired.
    const bind = await step("ad.bind", { user: "alice@contoso.com", password: "Gr4ph!Reset#1" });
    expect(bind.ldap?.message).toContain("data 773");
  });
});

describe("(b) a third-party agent process on the relay over HTTP, writing to the DC over LDAPS", () => {
  it("answers alice's SSPR reset and the new password works in AD", { timeout: 60_000 }, async () => {
    await env.restore(fresh);
    // The agent is a real process answering in real time: give it more than the default 5 s budget, so
    // a busy CI machine cannot turn a slow answer into an expiry (SSPR_0030).
    env.cloud.relay.realWaitMs = 30_000;
    await step("aduc.addPermission", GRANT);
    const cloud = await env.cloudUrl();
    const agent = spawn(
      process.execPath,
      [
        "test/fixtures/example-tools/relay-agent.mjs",
        "--cloud",
        cloud,
        "--tenant",
        env.tenant.id,
        "--admin",
        "admin@contoso.onmicrosoft.com",
        "--dc",
        env.dc.ldapsUrl,
      ],
      {
        env: {
          ...process.env,
          AGENT_ADMIN_PASSWORD: "Gl0bal!Admin#1",
          AGENT_CONNECTOR_UPN: "MSOL_0123456789ab@contoso.com",
          AGENT_CONNECTOR_PASSWORD: "Msol!Passw0rd#1",
        },
      },
    );
    let out = "";
    let err = "";
    agent.stderr.on("data", (b) => {
      err += String(b);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        agent.stdout.on("data", (b) => {
          out += String(b);
          if (out.includes("agent ready")) resolve();
        });
        agent.on("exit", (code) => reject(new Error(`agent exited with ${code}: ${err}`)));
      });
      expect(env.cloud.relay.health(env.tenant.id).state).toBe("healthy");
      const r = await step("user.resetPassword", { user: "alice@contoso.com", newPassword: "Ag3nt!Reset#1" });
      expect(r.outcome, `${r.summary} ${out} ${err}`).toBe("success");
      expect((await step("ad.bind", { user: "alice@contoso.com", password: "Ag3nt!Reset#1" })).outcome).toBe(
        "success",
      );
      // The agent logs after posting its result, so its line may reach us a moment after the reset.
      await vi.waitFor(() => expect(out).toContain("handled reset for alice@contoso.com: LDAP 0"), {
        timeout: 10_000,
      });
      expect(out + err).not.toContain("Ag3nt!Reset#1");
    } finally {
      const exited = new Promise((r) => agent.once("exit", r));
      agent.kill("SIGTERM");
      await exited;
    }
  });
});
