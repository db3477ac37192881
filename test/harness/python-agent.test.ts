/**
 * A writeback agent written in Python from docs/relay-protocol.md alone
 * (test/fixtures/example-tools/relay_agent.py: standard library and Debian's python3-ldap3) onboards
 * on the relay by the tenant's domain name, answers SSPR resets, and the step results show what the DC
 * answered it — the way a QA engineer would test their own agent.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createEnvironment, type Environment } from "../../harness/environment.ts";
import { runStep } from "../../harness/steps/index.ts";
import { requireTool, SYSTEM_PYTHON } from "../support/tools.ts";

const AGENT = "test/fixtures/example-tools/relay_agent.py";
const GRANT = {
  object: "DC=contoso,DC=com",
  principal: "CONTOSO\\MSOL_0123456789ab",
  appliesTo: "Descendant User objects",
  permissions: ["Reset password", "Change password"],
  properties: ["Write lockoutTime", "Write pwdLastSet"],
};

let env: Environment;
let agent: ChildProcess;
let out = "";
let err = "";
const step = (kind: string, params: unknown = null) => runStep(env, kind, params);

beforeAll(async () => {
  requireTool(SYSTEM_PYTHON, "python3-ldap3 from Debian");
  // Writeback is NOT enabled in Connect: Connect's own agent stays off the relay, ours answers.
  env = await createEnvironment({});
  // A real process on the wall clock: more than the default 5 s, so a loaded CI machine cannot turn
  // a slow answer into SSPR_0030 (docs/relay-protocol.md, "Time budgets").
  env.cloud.relay.realWaitMs = 30_000;
  agent = spawn(
    SYSTEM_PYTHON,
    [
      AGENT,
      "--cloud",
      await env.cloudUrl(),
      "--tenant",
      "contoso.onmicrosoft.com",
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
  agent.stderr?.on("data", (b) => {
    err += String(b);
  });
  await new Promise<void>((resolve, reject) => {
    agent.stdout?.on("data", (b) => {
      out += String(b);
      if (out.includes("agent ready")) resolve();
    });
    agent.on("exit", (code) => reject(new Error(`agent exited with ${code}: ${err}`)));
  });
});

afterAll(async () => {
  if (agent && agent.exitCode === null) {
    const exited = new Promise((r) => agent.once("exit", r));
    agent.kill("SIGTERM");
    await exited;
  }
  await env?.close();
});

describe("a Python agent written from docs/relay-protocol.md", () => {
  it("onboards: the tenant's writeback is configured and healthy", () => {
    const health = env.cloud.relay.health(env.tenant.id);
    expect(health.state).toBe("healthy");
    expect(health.agents.map((a) => [a.mode, a.machineName])).toEqual([["http", "PYAGENT01"]]);
  });

  it("answers a reset the connector account may not make: SSPR_0029", async () => {
    const r = await step("user.resetPassword", { user: "alice@contoso.com", newPassword: "Py7h0n!Reset#1" });
    expect(r.ssprCode, `${r.summary}\n${out}\n${err}`).toBe("SSPR_0029");
  });

  it("after the grant, answers the reset; alice binds with the new password", async () => {
    expect((await step("aduc.addPermission", GRANT)).outcome).toBe("success");
    const r = await step("user.resetPassword", { user: "alice@contoso.com", newPassword: "Py7h0n!Reset#2" });
    expect(r.outcome, `${r.summary}\n${out}\n${err}`).toBe("success");
    const bind = await step("ad.bind", { user: "alice@contoso.com", password: "Py7h0n!Reset#2" });
    expect(bind.outcome).toBe("success");
    await vi.waitFor(() => expect(out).toContain("handled reset for alice@contoso.com: LDAP 0 -> success"), {
      timeout: 10_000,
    });
    expect(out + err).not.toMatch(/Py7h0n!Reset/);
  });
});
