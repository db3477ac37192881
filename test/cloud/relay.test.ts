/**
 * The writeback relay: the in-process seam (attachAgent, heartbeats in simulated time, health and
 * its portal messages, expiry, faults, redaction) and the HTTP protocol a third-party agent uses
 * (register with an admin token, long-poll, post results, heartbeat), over fastify and msw.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SeededIds } from "../../simulator/clock/seeded-ids.ts";
import { SimClock } from "../../simulator/clock/sim-clock.ts";
import { PORTAL_STATUS_MESSAGES } from "../../simulator/cloud/core/catalogue/portal-status.ts";
import { type WritebackDraft, WritebackRelay } from "../../simulator/cloud/relay/relay.ts";
import { type Harness, startHarness, TRANSPORTS } from "./support/transports.ts";

const T = "tenant-1";
const draft: WritebackDraft = {
  kind: "reset",
  origin: "sspr",
  cloudAnchor: "XtbMtldOQEi8Xswkt6zjpw==",
  userPrincipalName: "alice@contoso.com",
  newPassword: "S3cret!Never-Logged",
  unlockAccount: true,
  enforcePasswordPolicy: true,
};

describe("relay core", () => {
  let clock: SimClock;
  let relay: WritebackRelay;
  beforeEach(() => {
    clock = new SimClock();
    relay = new WritebackRelay({ clock, ids: new SeededIds("relay-test"), realWaitMs: 50 });
  });

  it("an in-process agent answers at once; the journal never holds the password", async () => {
    relay.attachAgent(T, {
      handle: async (r) => ({ requestId: r.requestId, outcome: "success", detail: `set ${r.newPassword}` }),
    });
    const d = await relay.submit(T, draft);
    expect(d.status).toBe("answered");
    if (d.status === "answered") expect(d.result.detail).toBe("set [redacted]");
    const journal = JSON.stringify(relay.journal);
    expect(journal).not.toContain("S3cret!Never-Logged");
    expect(journal).toContain('"newPassword":"[redacted]"');
    expect(relay.journal.map((e) => e.event)).toEqual(["registered", "submitted", "delivered", "answered"]);
  });

  it("expires at once when nobody can answer (no agent), reporting the simulated expiry", async () => {
    const d = await relay.submit(T, draft);
    expect(d).toMatchObject({ status: "expired", reason: "noAgent", expiredAfterMs: 5 * 60_000 });
  });

  it("a delay below the expiry is only latency; at or above it the request expires though the agent ran", async () => {
    let calls = 0;
    relay.attachAgent(T, {
      handle: async (r) => {
        calls++;
        return { requestId: r.requestId, outcome: "success", detail: "" };
      },
    });
    relay.setFaults(T, { delayMs: 60_000 });
    expect(await relay.submit(T, draft)).toMatchObject({ status: "answered", latencyMs: 60_000 });
    relay.setFaults(T, { delayMs: 5 * 60_000 });
    expect(await relay.submit(T, draft)).toMatchObject({ status: "expired", reason: "agentTooSlow" });
    expect(calls).toBe(2);
  });

  it("relay unreachable fails the submit at once; a stopped agent lets it expire", async () => {
    relay.attachAgent(T, {
      handle: async (r) => ({ requestId: r.requestId, outcome: "success", detail: "" }),
    });
    relay.setFaults(T, { relayUnreachable: true });
    expect((await relay.submit(T, draft)).status).toBe("unreachable");
    relay.setFaults(T, { relayUnreachable: false, agentStopped: true });
    expect(await relay.submit(T, draft)).toMatchObject({ status: "expired", reason: "agentStopped" });
  });

  it("an HTTP agent that holds a request expires it when the SimClock passes the expiry", async () => {
    const slow = new WritebackRelay({ clock, ids: new SeededIds("x"), realWaitMs: 60_000 });
    const { agentId } = slow.registerAgent(T, { machineName: "AADC01", version: "2.4.27.0" });
    const pending = slow.submit(T, draft);
    const got = await slow.poll(T, agentId, 0);
    expect(got?.newPassword).toBe(draft.newPassword); // the agent does receive the password
    clock.advance(5 * 60_000);
    expect(await pending).toMatchObject({ status: "expired", reason: "simulatedTimeout" });
    expect(slow.postResult(T, agentId, { requestId: got!.requestId, outcome: "success", detail: "" })).toBe(
      "expired",
    );
  });

  it("an HTTP agent that never answers runs into the real-time budget", async () => {
    relay.registerAgent(T, { machineName: "AADC01", version: "2.4.27.0" });
    expect(await relay.submit(T, draft)).toMatchObject({ status: "expired", reason: "realTimeout" });
  });

  it("health and the portal's status messages follow registrations, heartbeats, versions and faults", () => {
    expect(relay.health(T)).toMatchObject({ state: "notConfigured", configured: false });
    expect(relay.health(T).message).toBe(
      "Unfortunately, we can't connect to your on-premises writeback client because password writeback has not been properly configured. Configure password writeback to restore the connection.",
    );
    const a = relay.attachAgent(T, {
      handle: async (r) => ({ requestId: r.requestId, outcome: "success", detail: "" }),
    });
    clock.advance(3 * 3600_000); // in-process heartbeats keep coming every 5 simulated minutes
    expect(relay.health(T).message).toBe("Your on-premises writeback client is up and running.");
    relay.setFaults(T, { agentStopped: true });
    expect(relay.health(T).message).toBe(PORTAL_STATUS_MESSAGES.unreachable);
    relay.setFaults(T, { agentStopped: false, cloudServiceIssue: true });
    expect(relay.health(T).message).toMatch(/temporary issues on our end/);
    relay.clearFaults(T);
    a.detach();
    relay.registerAgent(T, { machineName: "OLD", version: "1.6.4.0" });
    expect(relay.health(T).message).toMatch(/^Microsoft Entra ID is online and is connected .* out-of-date/);
    const r2 = new WritebackRelay({ clock, ids: new SeededIds("y") });
    r2.registerAgent(T, { machineName: "ANCIENT", version: "1.1.380.0" });
    expect(r2.health(T).state).toBe("cannotCheck");
  });
});

describe.each(TRANSPORTS)("relay HTTP protocol over %s", (transport) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(transport);
  });
  afterEach(async () => {
    await h.close();
  });

  const register = async (token?: string) =>
    h.client.call("relay", "POST", `/relay/${h.tenant.id}/agents`, {
      token,
      json: { machineName: "AADC01", version: "2.4.27.0" },
    });

  it("registration needs a licensed Global or Hybrid Identity Administrator", async () => {
    expect((await register()).status).toBe(401);
    expect(
      (await register(await h.client.ropc("helpdesk@contoso.onmicrosoft.com", "Helpd3sk!Admin#1"))).status,
    ).toBe(403);
    const admin = h.tenant.findUser("admin@contoso.onmicrosoft.com")!;
    const token = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    h.tenant.removeLicense(admin.id);
    const unlicensed = await register(token);
    expect(unlicensed.status).toBe(403);
    expect(unlicensed.json.error.message).toBe(
      "Unable to configure password writeback. Ensure you have the required license.",
    );
    h.tenant.assignLicense(admin.id);
    const ok = await register(token);
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({
      agentId: expect.any(String),
      relayKey: expect.any(String),
      heartbeatIntervalSeconds: 300,
    });
  });

  it("the relay path takes the tenant id or a domain name; anything else gets an answer that says so", async () => {
    const token = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    const json = { machineName: "AADC01", version: "2.4.27.0" };
    const byName = await h.client.call("relay", "POST", "/relay/contoso.onmicrosoft.com/agents", {
      token,
      json,
    });
    expect(byName.status).toBe(201);
    const auth = { authorization: `Relay ${byName.json.relayKey}` };
    const beat = await h.client.call(
      "relay",
      "POST",
      `/relay/contoso.com/agents/${byName.json.agentId}/heartbeat`,
      {
        headers: auth,
      },
    );
    expect(beat.status).toBe(204);

    const unknown = await h.client.call("relay", "POST", "/relay/fabrikam.onmicrosoft.com/agents", {
      token,
      json,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toBe(
      "Tenant 'fabrikam.onmicrosoft.com' not found. The relay path takes the tenant id (a GUID: the tid claim of your token) or one of the tenant's domain names, e.g. /relay/contoso.onmicrosoft.com/agents.",
    );

    const other = h.cloud.addTenant({
      id: "0f0e0d0c-0b0a-4909-8807-060504030201",
      initialDomain: "fabrikam.onmicrosoft.com",
      displayName: "Fabrikam",
    });
    const mismatch = await h.client.call("relay", "POST", `/relay/${other.id}/agents`, { token, json });
    expect(mismatch.status).toBe(403);
    expect(mismatch.json.error.message).toBe(
      `The token was issued for tenant ${h.tenant.id}; the relay path names tenant ${other.id}. Use the tenant id from the token's tid claim.`,
    );
  });

  it("an external agent long-polls, answers, and the user's SSPR reset completes", async () => {
    const adminToken = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    const { agentId, relayKey } = (await register(adminToken)).json;
    const auth = { authorization: `Relay ${relayKey}` };
    const base = `/relay/${h.tenant.id}/agents/${agentId}`;
    expect((await h.client.call("relay", "POST", `${base}/heartbeat`, { headers: auth })).status).toBe(204);
    expect(
      (
        await h.client.call("relay", "POST", `${base}/heartbeat`, {
          headers: { authorization: "Relay wrong" },
        })
      ).status,
    ).toBe(401);
    const health = await h.client.call("relay", "GET", `/relay/${h.tenant.id}/health`, { token: adminToken });
    expect(health.json).toMatchObject({
      state: "healthy",
      message: "Your on-premises writeback client is up and running.",
    });

    const agentLoop = (async () => {
      const poll = await h.client.call("relay", "GET", `${base}/requests?waitMs=30000`, { headers: auth });
      expect(poll.status).toBe(200);
      expect(poll.json).toMatchObject({
        kind: "reset",
        origin: "sspr",
        userPrincipalName: "alice@contoso.com",
        enforcePasswordPolicy: true,
      });
      const posted = await h.client.call("relay", "POST", `${base}/results`, {
        headers: auth,
        json: {
          requestId: poll.json.requestId,
          outcome: "success",
          eventIds: [31001, 31002],
          detail: "Password set",
        },
      });
      expect(posted.status).toBe(202);
    })();
    const reset = await h.client.ssprReset(h.tenant.id, "alice@contoso.com", "Rem0te!Agent#1");
    await agentLoop;
    expect(reset.json.page).toBe("finished");
    const empty = await h.client.call("relay", "GET", `${base}/requests?waitMs=10`, { headers: auth });
    expect(empty.status).toBe(204);
  });

  it("relay unreachable: agent calls get 503 and the user gets SSPR_0030", async () => {
    const adminToken = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    const { agentId, relayKey } = (await register(adminToken)).json;
    await h.client.call("sim", "POST", `/_sim/relay/${h.tenant.id}/faults`, {
      json: { relayUnreachable: true },
    });
    const hb = await h.client.call("relay", "POST", `/relay/${h.tenant.id}/agents/${agentId}/heartbeat`, {
      headers: { authorization: `Relay ${relayKey}` },
    });
    expect(hb.status).toBe(503);
    expect(hb.json.error.message).toBe("Couldn't connect to any service bus endpoint(s).");
    const r = await h.client.ssprReset(h.tenant.id, "alice@contoso.com", "Rem0te!Agent#1");
    expect(r.json.error.code).toBe("SSPR_0030");
  });

  it("a result posted after the simulated expiry gets 409", async () => {
    const adminToken = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    const { agentId, relayKey } = (await register(adminToken)).json;
    const auth = { authorization: `Relay ${relayKey}` };
    const base = `/relay/${h.tenant.id}/agents/${agentId}`;
    const resetToken = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    const started = await h.client.graph(
      "POST",
      "/v1.0/users/bob@contoso.com/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword",
      {
        token: resetToken,
        json: { newPassword: "Late!Answer#2026" },
      },
    );
    expect(started.status).toBe(202);
    const poll = await h.client.call("relay", "GET", `${base}/requests?waitMs=30000`, { headers: auth });
    h.cloud.clock.advance(5 * 60_000);
    const late = await h.client.call("relay", "POST", `${base}/results`, {
      headers: auth,
      json: { requestId: poll.json.requestId, outcome: "success", detail: "too late" },
    });
    expect(late.status).toBe(409);
    const op = await fetch(started.headers.get("location")!, {
      headers: { authorization: `Bearer ${resetToken}` },
    });
    expect(((await op.json()) as { status: string }).status).toBe("failed");
  });
});
