/**
 * The SSPR portal flow over both front ends (fastify over real HTTP, msw at the real hostnames):
 * every SSPR code with its exact technical-details text (troubleshoot-sspr.md / SSPR_009 support
 * article), the on-prem policy message, OnPremisesSuccessCloudFailure, unlock, throttling.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SSPR_SKUS } from "../../simulator/cloud/core/constants.ts";
import { ROLE } from "../../simulator/cloud/core/directory-roles.ts";
import { type ApiBody, fakeAgent, type Harness, startHarness, TRANSPORTS } from "./support/transports.ts";

/** Exact "Technical details" lines from Microsoft's docs (facts §1). */
const TECHNICAL = {
  SSPR_0009:
    "SSPR_0009: We've detected that password reset hasn't been enabled by your administrator. Contact your admin and ask them to enable password reset for your organization.",
  SSPR_0010:
    "SSPR_0010: We've detected that password writeback hasn't been enabled. Contact your admin and ask them to enable password writeback.",
  SSPR_0011:
    "SSPR_0011: Your organization hasn't defined a password reset policy. Contact your admin and ask them to define a password reset policy.",
  SSPR_0012:
    "SSPR_0012: Your organization doesn't have the required licenses necessary to perform password reset. Contact your admin and ask them to review the license assignments.",
  SSPR_0013:
    "SSPR_0013: You aren't a member of a group enabled for password reset. Contact your admin and request to be added to the group.",
  SSPR_0014:
    "SSPR_0014: Additional security info is needed to reset your password. To proceed, contact your admin and ask them to reset your password. After you can access to your account, you can register additional security info at https://aka.ms/ssprsetup. Your admin can add additional security info to your account by following the steps in Set and read authentication data for password reset.",
  SSPR_0029:
    "SSPR_0029: We're unable to reset your password due to an error in your on-premises configuration. Contact your admin and ask them to investigate.",
  SSPR_0030:
    "SSPR_0030: We can't reset your password due to a poor connection with your on-premises environment. Contact your admin and ask them to investigate.",
  SSPR_009:
    "SSPR_009: Your organization hasn't turned on password reset. If you're an administrator, you can get more information from the \"How to enable password reset\" article. If you're not an administrator, you can provide this information when you contact your administrator.",
};

const NEW_PW = "N3w!Passw0rd-2026";

describe.each(TRANSPORTS)("SSPR flow over %s", (transport) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(transport);
  });
  afterEach(async () => {
    await h.close();
  });

  const reset = (upn = "alice@contoso.com", pw = NEW_PW) => h.client.ssprReset(h.tenant.id, upn, pw);
  const expectCode = (json: ApiBody, code: keyof typeof TECHNICAL) => {
    expect(json.page).toBe("error");
    expect(json.error.code).toBe(code);
    expect(json.error.technicalDetails).toBe(TECHNICAL[code]);
    expect(json.error.supportCode).toMatch(/^[0-9a-f-]{36}$/);
  };

  it("resets a synced user's password through the relay and the cloud", async () => {
    const agent = fakeAgent(h.cloud, h.tenant.id);
    const r = await reset();
    expect(r.status).toBe(200);
    expect(r.json.page).toBe("finished");
    expect(r.json.result).toMatchObject({ outcome: "passwordReset", text: "Your password has been reset" });
    expect(agent.seen).toHaveLength(1);
    const alice = h.tenant.findUser("alice@contoso.com")!;
    expect(agent.seen[0]).toMatchObject({
      kind: "reset",
      origin: "sspr",
      cloudAnchor: alice.onPremisesImmutableId,
      onPremisesSecurityIdentifier: "S-1-5-21-1004336348-1177238915-682003330-1104",
      userPrincipalName: "alice@contoso.com",
      newPassword: NEW_PW,
      unlockAccount: true,
      enforcePasswordPolicy: true,
    });
    expect(r.json.result.trackingId).toBe(agent.seen[0].trackingId);
    expect(await h.client.ropc("alice@contoso.com", NEW_PW)).toMatch(/^ey/);
  });

  it("shows the page sequence who-are-you → why-trouble → verification → new password", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    const start = await h.client.call("sspr", "POST", "/sspr/sessions");
    expect(start.status).toBe(201);
    expect(start.json).toMatchObject({ page: "whoAreYou", captcha: expect.stringMatching(/^[A-Z2-9]{6}$/) });
    const wrong = await h.client.ssprStep(start.json.sessionId, "who-are-you", {
      userId: "alice@contoso.com",
      captcha: "nope",
    });
    expect(wrong.json.page).toBe("whoAreYou");
    expect(wrong.json.message).toBe("The characters you entered didn't match. Please try again.");
    const r = await h.client.ssprStep(start.json.sessionId, "who-are-you", {
      userId: "alice@contoso.com",
      captcha: wrong.json.captcha.toLowerCase(),
    });
    expect(r.json).toMatchObject({ page: "whyTrouble", reasons: ["forgotPassword", "unlockAccount"] });
    const v = await h.client.ssprStep(r.json.sessionId, "trouble", { reason: "forgotPassword" });
    expect(v.json).toMatchObject({ page: "verification", methodsRequired: 1 });
    expect(v.json.methods.map((m) => m.type)).toEqual(["email", "mobilePhone"]);
    expect(JSON.stringify(v.json)).not.toContain("alice@fabrikam-mail.example"); // targets are masked
    const out = await h.client.ssprStep(r.json.sessionId, "new-password", {
      newPassword: NEW_PW,
      confirmPassword: NEW_PW,
    });
    expect(out.status).toBe(409); // not on that page yet
    expect(out.json.error.code).toBe("Request_Conflict");
  });

  it("verification fails on a wrong code and is throttled after five wrong codes", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    let r = await h.client.ssprWhoAreYou("alice@contoso.com");
    r = await h.client.ssprStep(r.json.sessionId, "trouble", { reason: "forgotPassword" });
    await h.client.ssprStep(r.json.sessionId, "verification/send", { method: "mobilePhone" });
    for (let i = 0; i < 4; i++) {
      const wrong = await h.client.ssprStep(r.json.sessionId, "verification", {
        method: "mobilePhone",
        code: "000000x",
      });
      expect(wrong.json).toMatchObject({
        page: "verification",
        message: "The code you entered isn't correct. Please try again.",
      });
    }
    const blocked = await h.client.ssprStep(r.json.sessionId, "verification", {
      method: "mobilePhone",
      code: "000000x",
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe(String(24 * 3600));
  });

  it("SSPR_0009 when self-service password reset is set to None", async () => {
    h.tenant.updateSsprPolicy({ enabledFor: "none" });
    expectCode((await reset()).json, "SSPR_0009");
  });

  it("SSPR_0010 when writeback is switched off in the portal, or Connect never onboarded", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.tenant.updateSsprPolicy({ writebackEnabled: false });
    expectCode((await reset()).json, "SSPR_0010");
    h.tenant.updateSsprPolicy({ writebackEnabled: true });
    expect((await reset()).json.page).toBe("finished");
  });

  it("SSPR_0010 when no writeback client ever registered", async () => {
    expectCode((await reset()).json, "SSPR_0010");
  });

  it("SSPR_0011 when Selected has no group", async () => {
    h.tenant.updateSsprPolicy({ enabledFor: "selected", scopedGroupId: null });
    expectCode((await reset()).json, "SSPR_0011");
  });

  it("SSPR_0012 from the tenant's subscriptions, not from one user's licence (LIC)", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.tenant.removeLicense(h.tenant.findUser("alice@contoso.com")!.id);
    expect((await reset()).json.page).toBe("finished");
    // Business Standard carries cloud-only reset but not writeback: a synced user gets SSPR_0012.
    h.tenant.setSubscription(SSPR_SKUS["Microsoft 365 Business Standard"], true);
    h.tenant.setSubscription(SSPR_SKUS["Microsoft Entra ID P1"], false);
    const blocked = await h.client.ssprWhoAreYou("frank@contoso.com");
    expectCode(blocked.json, "SSPR_0012");
    expect(blocked.json.error.userText).toBe(
      "We're sorry, you can't reset your password at this time because required licenses are missing from your organization. There's no further action you can take to resolve this situation. Contact your admin and ask them to check your license assignment.",
    );
    h.tenant.setSubscription(SSPR_SKUS["Microsoft 365 Business Premium"], true);
    expect((await reset("frank@contoso.com")).json.page).toBe("finished");
  });

  it("SSPR_0012 per user when the tenant is set to enforce licences per user (kept variant)", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.tenant.licenseEnforcement = "user";
    h.tenant.removeLicense(h.tenant.findUser("alice@contoso.com")!.id);
    expectCode((await reset()).json, "SSPR_0012");
  });

  it("SSPR_0013 when the user is outside the scoped group", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    const g = h.tenant.createGroup("SSPR pilot");
    h.tenant.addGroupMember(g.id, "frank@contoso.com");
    h.tenant.updateSsprPolicy({ enabledFor: "selected", scopedGroupId: g.id });
    expectCode((await reset()).json, "SSPR_0013");
    expect((await reset("frank@contoso.com")).json.page).toBe("finished");
  });

  it("SSPR_0014 when no authentication method is registered", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.tenant.setAuthMethods("alice@contoso.com", []);
    expectCode((await reset()).json, "SSPR_0014");
  });

  it("SSPR_009 for an administrator when SSPR for administrators is off", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.tenant.assignRole(h.tenant.findUser("carol@contoso.com")!.id, ROLE.userAdministrator);
    h.tenant.updateSsprPolicy({ allowedToUseSSPRForAdmins: false });
    const r = await reset("carol@contoso.com");
    expectCode(r.json, "SSPR_009");
    expect(r.json.error.userText).toBe(
      "You can't reset your own password because password reset isn't turned on for your organization.",
    );
  });

  it("administrators need two methods", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.tenant.assignRole(h.tenant.findUser("carol@contoso.com")!.id, ROLE.userAdministrator);
    const r = await h.client.ssprWhoAreYou("carol@contoso.com");
    const v = await h.client.ssprStep(r.json.sessionId, "trouble", { reason: "forgotPassword" });
    expect(v.json.methodsRequired).toBe(2);
    const done = await h.client.ssprVerify(h.tenant.id, v.json);
    expect(done.json.page).toBe("newPassword");
  });

  it("SSPR_0029 when the agent reports access denied (33004)", async () => {
    fakeAgent(h.cloud, h.tenant.id, () => ({
      outcome: "accessDenied",
      ldapResultCode: 50,
      ldapMessage: "00000005: SecErr: DSID-031A1248, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0",
      eventIds: [31001, 33004, 6329],
    }));
    const r = await reset();
    expectCode(r.json, "SSPR_0029");
    // The "We're sorry" screen in the portal's words (SA-0029); the table's line stays in the technical details.
    expect(r.json.error.userText).toBe(
      "SSPR_0029: Your organization hasn't properly set up the on-premises configuration for password reset.\n\nIf you're an administrator, you can get more information from the Troubleshoot password writeback article. If you're not an administrator, you can provide this information when you contact your administrator.",
    );
  });

  it("SSPR_0030 when the agent is stopped: the health check comes right after Who are you?, before the verification gates (CONCEPT)", async () => {
    const agent = fakeAgent(h.cloud, h.tenant.id);
    h.cloud.relay.setFaults(h.tenant.id, { agentStopped: true });
    const r = await h.client.ssprWhoAreYou("alice@contoso.com");
    expectCode(r.json, "SSPR_0030");
    expect(h.tenant.outbox).toHaveLength(0); // no verification code was ever sent
    expect(agent.seen).toHaveLength(0);
  });

  it("SSPR_0030 when heartbeats stop arriving for more than two intervals of simulated time", async () => {
    const { agentId } = h.cloud.relay.registerAgent(h.tenant.id, {
      machineName: "AADC01",
      version: "2.4.27.0",
    });
    expect(h.cloud.relay.health(h.tenant.id).state).toBe("healthy");
    h.cloud.clock.advance(11 * 60_000 + 1);
    expectCode((await reset()).json, "SSPR_0030");
    h.cloud.relay.heartbeat(h.tenant.id, agentId);
    expect(h.cloud.relay.health(h.tenant.id).message).toBe(
      "Your on-premises writeback client is up and running.",
    );
  });

  it("SSPR_0030 when the result is dropped and the request expires", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.cloud.relay.setFaults(h.tenant.id, { dropResults: true });
    expectCode((await reset()).json, "SSPR_0030");
  });

  it("keeps the user on the new-password page with the on-premises policy message", async () => {
    let n = 0;
    fakeAgent(h.cloud, h.tenant.id, () =>
      n++ === 0 ? { outcome: "policyViolation", eventIds: [31001, 33008, 6329] } : {},
    );
    let r = await reset();
    expect(r.json.page).toBe("newPassword");
    expect(r.json.message).toBe(
      "This password does not meet the length, complexity, age or history requirements of your corporate password policy.",
    );
    r = await h.client.ssprStep(r.json.sessionId, "new-password", {
      newPassword: "An0ther!One#9",
      confirmPassword: "An0ther!One#9",
    });
    expect(r.json.page).toBe("finished");
  });

  it("OnPremisesSuccessCloudFailure when the cloud write fails after the on-prem set", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.cloud.faults.cloudPasswordWriteFails = true;
    const r = await reset();
    expect(r.json.page).toBe("finished");
    expect(r.json.result.outcome).toBe("onPremisesSuccessCloudFailure");
    expect(r.json.result.text).toBe(
      "We've reset your password successfully, but you have to wait a few minutes before the changes are committed to the cloud. After these changes are committed, you can use your new password wherever you sign in with a work or school account.",
    );
  });

  it("unlocks without a reset ('I know my password, but still can't sign in')", async () => {
    const agent = fakeAgent(h.cloud, h.tenant.id);
    let r = await h.client.ssprWhoAreYou("alice@contoso.com");
    r = await h.client.ssprStep(r.json.sessionId, "trouble", { reason: "unlockAccount" });
    r = await h.client.ssprVerify(h.tenant.id, r.json);
    expect(r.json.page).toBe("finished");
    expect(r.json.result.outcome).toBe("accountUnlocked");
    expect(agent.seen[0]).toMatchObject({ kind: "unlock", unlockAccount: true });
    expect(agent.seen[0].newPassword).toBeUndefined();
  });

  it("skips the why-trouble page when unlock without reset is not allowed", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    h.tenant.updateSsprPolicy({ allowUnlockWithoutReset: false });
    const r = await h.client.ssprWhoAreYou("alice@contoso.com");
    expect(r.json.page).toBe("verification");
  });

  it("throttles the sixth reset of the same account within an hour (429 + Retry-After), lifted 24 h later", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    for (let i = 0; i < 5; i++) {
      h.cloud.clock.advance(60_000);
      expect((await reset("alice@contoso.com", `N3w!Passw0rd-${i}`)).json.page).toBe("finished");
    }
    const r = await h.client.ssprWhoAreYou("alice@contoso.com");
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe("TooManyRequests");
    expect(Number(r.headers.get("retry-after"))).toBe(24 * 3600);
    h.cloud.clock.advance(24 * 3600_000);
    expect((await reset()).json.page).toBe("finished");
  });

  it("resets a cloud-only user without the relay, under the cloud password rules", async () => {
    const agent = fakeAgent(h.cloud, h.tenant.id);
    let r = await h.client.ssprWhoAreYou("helpdesk@contoso.onmicrosoft.com");
    expect(r.json.page).toBe("verification");
    r = await h.client.ssprVerify(h.tenant.id, r.json);
    const weak = await h.client.ssprStep(r.json.sessionId, "new-password", {
      newPassword: "short",
      confirmPassword: "short",
    });
    expect(weak.json.page).toBe("newPassword");
    expect(weak.json.message).toMatch(/at least 8 characters/);
    const ok = await h.client.ssprStep(r.json.sessionId, "new-password", {
      newPassword: NEW_PW,
      confirmPassword: NEW_PW,
    });
    expect(ok.json.page).toBe("finished");
    expect(agent.seen).toHaveLength(0);
  });

  it("rejects bad bodies and unknown sessions with the Graph envelope", async () => {
    const s = await h.client.call("sspr", "POST", "/sspr/sessions");
    const bad = await h.client.call("sspr", "POST", `/sspr/sessions/${s.json.sessionId}/who-are-you`, {
      raw: "{nope",
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("BadRequest");
    const missing = await h.client.ssprStep(s.json.sessionId, "who-are-you", { userId: "alice@contoso.com" });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toBe("body must have required property 'captcha'");
    const unknown = await h.client.call("sspr", "GET", "/sspr/sessions/does-not-exist");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: "Request_ResourceNotFound" });
    expect(unknown.json.error.innerError).toHaveProperty("request-id");
  });
});
