/**
 * Graph v1.0 over both front ends: GET user with onPremises* properties, /me/changePassword,
 * resetPassword (202 + Location, operations polling), PATCH passwordProfile (not written back), the
 * admin centers' resets, and the bad requests (malformed JSON, missing/expired/garbage token, wrong
 * tenant, wrong role, throttling).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  PASSWORD_METHOD_ID,
  WBSIM_DAEMON_CLIENT_ID,
  WBSIM_DAEMON_CLIENT_SECRET,
} from "../../simulator/cloud/core/constants.ts";
import { ROLE } from "../../simulator/cloud/core/directory-roles.ts";
import { fakeAgent, type Harness, startHarness, TRANSPORTS } from "./support/transports.ts";

const ADMIN = ["admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1"] as const;
const HELPDESK = ["helpdesk@contoso.onmicrosoft.com", "Helpd3sk!Admin#1"] as const;
const NEW_PW = "Fr3sh!Passw0rd#1";

describe.each(TRANSPORTS)("Graph over %s", (transport) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(transport);
  });
  afterEach(async () => {
    await h.close();
  });

  const appToken = async () =>
    (
      await h.client.token("contoso.onmicrosoft.com", {
        grant_type: "client_credentials",
        client_id: WBSIM_DAEMON_CLIENT_ID,
        client_secret: WBSIM_DAEMON_CLIENT_SECRET,
        scope: "https://graph.microsoft.com/.default",
      })
    ).json.access_token as string;
  const resetPath = (user: string, method = PASSWORD_METHOD_ID) =>
    `/v1.0/users/${user}/authentication/methods/${method}/resetPassword`;

  it("GET /users/{id} returns the onPremises* properties of a synced user", async () => {
    const token = await h.client.ropc(...ADMIN);
    const r = await h.client.graph("GET", "/v1.0/users/alice@contoso.com", { token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      userPrincipalName: "alice@contoso.com",
      onPremisesSyncEnabled: true,
      onPremisesSecurityIdentifier: "S-1-5-21-1004336348-1177238915-682003330-1104",
      onPremisesSamAccountName: "alice",
      onPremisesDistinguishedName: "CN=alice,OU=Staff,DC=contoso,DC=com",
      onPremisesImmutableId: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
    });
    const byId = await h.client.graph("GET", `/v1.0/users/${r.json.id}`, { token: await appToken() });
    expect(byId.json.userPrincipalName).toBe("alice@contoso.com");
    const admin = await h.client.graph("GET", "/v1.0/users/admin@contoso.onmicrosoft.com", { token });
    expect(admin.json.onPremisesSyncEnabled).toBeNull();
  });

  it("POST /me/changePassword: 204 for a cloud-only user; wrong current password is a 400", async () => {
    const token = await h.client.ropc(...HELPDESK);
    const wrong = await h.client.graph("POST", "/v1.0/me/changePassword", {
      token,
      json: { currentPassword: "nope", newPassword: NEW_PW },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatchObject({
      code: "Request_BadRequest",
      message: "Invalid currentPassword.",
    });
    const r = await h.client.graph("POST", "/v1.0/me/changePassword", {
      token,
      json: { currentPassword: HELPDESK[1], newPassword: NEW_PW },
    });
    expect(r.status).toBe(204);
    expect(await h.client.ropc(HELPDESK[0], NEW_PW)).toMatch(/^ey/);
  });

  it("POST /me/changePassword for a synced user is written back as a change", async () => {
    h.tenant.upsertSyncedUser({ ...syncedInput(h, "alice"), password: "0ld!Passw0rd#1" });
    let n = 0;
    const agent = fakeAgent(h.cloud, h.tenant.id, () => (n++ === 0 ? { outcome: "policyViolation" } : {}));
    const token = await h.client.ropc("alice@contoso.com", "0ld!Passw0rd#1");
    const body = { currentPassword: "0ld!Passw0rd#1", newPassword: NEW_PW };
    const rejected = await h.client.graph("POST", "/v1.0/me/changePassword", { token, json: body });
    expect(rejected.status).toBe(400);
    const ok = await h.client.graph("POST", "/v1.0/me/changePassword", { token, json: body });
    expect(ok.status).toBe(204);
    expect(agent.seen[1]).toMatchObject({
      kind: "change",
      origin: "userChange",
      oldPassword: "0ld!Passw0rd#1",
      newPassword: NEW_PW,
    });
  });

  it("resetPassword: 202 with a Location to poll; the operation succeeds after writeback", async () => {
    const agent = fakeAgent(h.cloud, h.tenant.id);
    const token = await h.client.ropc(...ADMIN);
    const alice = h.tenant.findUser("alice@contoso.com")!;
    const r = await h.client.graph("POST", resetPath("alice@contoso.com"), {
      token,
      json: { newPassword: NEW_PW },
    });
    expect(r.status).toBe(202);
    const location = r.headers.get("location")!;
    const base = transport === "msw" ? "https://graph.microsoft.com" : h.client.hosts.graph;
    expect(location).toMatch(
      new RegExp(
        `^${base.replace(/[.:/]/g, "\\$&")}/v1\\.0/users/${alice.id}/authentication/operations/[0-9a-f-]{36}\\?aadgdc=\\w+&aadgsu=ssprprod-a$`,
      ),
    );
    const op = await fetch(location, { headers: { authorization: `Bearer ${token}` } });
    expect(op.status).toBe(200);
    expect(await op.json()).toMatchObject({ status: "succeeded", statusDetail: null });
    expect(agent.seen[0]).toMatchObject({
      kind: "reset",
      origin: "graphResetPassword",
      adminUpn: "admin@contoso.onmicrosoft.com",
      forceChangeAtNextLogon: true,
      newPassword: NEW_PW,
    });
    expect(alice.forceChangePasswordNextSignIn).toBe(true);
  });

  it("resetPassword: the operation fails when the agent is denied access", async () => {
    fakeAgent(h.cloud, h.tenant.id, () => ({ outcome: "accessDenied", eventIds: [31009, 33004, 31011] }));
    const token = await h.client.ropc(...ADMIN);
    const r = await h.client.graph("POST", resetPath("alice@contoso.com"), {
      token,
      json: { newPassword: NEW_PW },
    });
    const op = await fetch(r.headers.get("location")!, { headers: { authorization: `Bearer ${token}` } });
    expect(((await op.json()) as { status: string }).status).toBe("failed");
  });

  it("resetPassword: wrong role, own account, app token and unknown method are refused", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    const helpdesk = await h.client.ropc(...HELPDESK);
    const denied = await h.client.graph("POST", resetPath("admin@contoso.onmicrosoft.com"), {
      token: helpdesk,
      json: { newPassword: NEW_PW },
    });
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });
    const ok = await h.client.graph("POST", resetPath("bob@contoso.com"), {
      token: helpdesk,
      json: { newPassword: NEW_PW },
    });
    expect(ok.status).toBe(202);
    const self = await h.client.graph("POST", resetPath("helpdesk@contoso.onmicrosoft.com"), {
      token: helpdesk,
      json: {},
    });
    expect(self.status).toBe(403);
    const app = await h.client.graph("POST", resetPath("bob@contoso.com"), {
      token: await appToken(),
      json: {},
    });
    expect(app.status).toBe(403);
    const method = await h.client.graph(
      "POST",
      resetPath("bob@contoso.com", "3179e48a-750b-4051-897c-87b9720928f7"),
      {
        token: helpdesk,
        json: {},
      },
    );
    expect(method.status).toBe(404);
    expect(method.json.error.code).toBe("Request_ResourceNotFound");
  });

  it("resetPassword is throttled after five resets of the same account in an hour (429 + Retry-After)", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    const token = await h.client.ropc(...ADMIN);
    for (let i = 0; i < 5; i++) {
      const r = await h.client.graph("POST", resetPath("dave@contoso.com"), {
        token,
        json: { newPassword: `${NEW_PW}${i}` },
      });
      expect(r.status).toBe(202);
    }
    const r = await h.client.graph("POST", resetPath("dave@contoso.com"), {
      token,
      json: { newPassword: NEW_PW },
    });
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe("TooManyRequests");
    expect(Number(r.headers.get("retry-after"))).toBe(24 * 3600);
  });

  it("PATCH passwordProfile changes the cloud password only (no writeback)", async () => {
    const agent = fakeAgent(h.cloud, h.tenant.id);
    const token = await appToken();
    const r = await h.client.graph("PATCH", "/v1.0/users/frank@contoso.com", {
      token,
      json: { passwordProfile: { password: NEW_PW, forceChangePasswordNextSignIn: false } },
    });
    expect(r.status).toBe(204);
    expect(agent.seen).toHaveLength(0);
    const frank = h.tenant.findUser("frank@contoso.com")!;
    expect(h.tenant.checkPassword(frank, NEW_PW)).toBe(true);
    expect(frank.cloudPasswordDivergedFromOnPremises).toBe(true);
    const weak = await h.client.graph("PATCH", "/v1.0/users/frank@contoso.com", {
      token,
      json: { passwordProfile: { password: "weak" } },
    });
    expect(weak.status).toBe(400);
    expect(weak.json.error).toMatchObject({
      code: "Request_BadRequest",
      message:
        "The specified password does not comply with password complexity requirements. Please provide a different password.",
    });
    const extra = await h.client.graph("PATCH", "/v1.0/users/frank@contoso.com", {
      token,
      json: { jobTitle: "x" },
    });
    expect(extra.status).toBe(400);
    expect(extra.json.error.message).toBe("body must NOT have additional properties ('jobTitle')");
  });

  it("Entra admin center resets are written back; Microsoft 365 admin center resets are not", async () => {
    const agent = fakeAgent(h.cloud, h.tenant.id);
    const token = await h.client.ropc(...ADMIN);
    const entra = await h.client.call(
      "sim",
      "POST",
      "/_sim/portal/entra/users/carol@contoso.com/resetPassword",
      {
        token,
        json: { newPassword: NEW_PW },
      },
    );
    expect(entra.json).toMatchObject({ ok: true, writtenBack: true });
    expect(agent.seen[0]).toMatchObject({
      origin: "entraAdminReset",
      adminUpn: "admin@contoso.onmicrosoft.com",
    });
    const m365 = await h.client.call(
      "sim",
      "POST",
      "/_sim/portal/m365/users/carol@contoso.com/resetPassword",
      {
        token,
        json: {},
      },
    );
    expect(m365.json).toMatchObject({ ok: true, writtenBack: false, temporaryPassword: expect.any(String) });
    expect(agent.seen).toHaveLength(1);
    expect(h.tenant.findUser("carol@contoso.com")!.cloudPasswordDivergedFromOnPremises).toBe(true);
  });

  it("the Entra admin center shows the on-premises policy message", async () => {
    fakeAgent(h.cloud, h.tenant.id, () => ({ outcome: "policyViolation", eventIds: [31009, 33008, 31011] }));
    const token = await h.client.ropc(...ADMIN);
    const r = await h.client.call("sim", "POST", "/_sim/portal/entra/users/carol@contoso.com/resetPassword", {
      token,
      json: { newPassword: NEW_PW },
    });
    expect(r.json).toMatchObject({
      ok: false,
      message:
        "Unfortunately, you cannot reset this user's password because your on-premises policy does not allow it. Please review your on-premises policy to ensure that it is setup correctly.",
    });
  });

  describe("bad requests", () => {
    it("malformed JSON → 400 BadRequest", async () => {
      const token = await h.client.ropc(...HELPDESK);
      const r = await h.client.graph("POST", "/v1.0/me/changePassword", {
        token,
        raw: '{"currentPassword": ',
      });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe("BadRequest");
      expect(r.json.error.message).toBe(
        "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
      );
      expect(Object.keys(r.json.error.innerError).sort()).toEqual([
        "client-request-id",
        "date",
        "request-id",
      ]);
    });

    it("missing, garbage and expired tokens → 401 InvalidAuthenticationToken", async () => {
      const none = await h.client.graph("GET", "/v1.0/users/alice@contoso.com");
      expect(none.status).toBe(401);
      expect(none.json.error).toMatchObject({
        code: "InvalidAuthenticationToken",
        message: "Access token is empty.",
      });
      const garbage = await h.client.graph("GET", "/v1.0/users/alice@contoso.com", { token: "not-a-jwt" });
      expect(garbage.json.error.message).toBe("CompactToken parsing failed with error code: 80049217");
      const token = await h.client.ropc(...ADMIN);
      h.cloud.clock.advance(61 * 60_000);
      const expired = await h.client.graph("GET", "/v1.0/users/alice@contoso.com", { token });
      expect(expired.status).toBe(401);
      expect(expired.json.error.message).toBe("Lifetime validation failed, the token is expired.");
    });

    it("a token from another tenant does not see this tenant's users", async () => {
      const fabrikam = h.cloud.addTenant({
        id: "0c5e9f4a-1b2d-4e6f-8a9b-7c3d2e1f0a5b",
        initialDomain: "fabrikam.onmicrosoft.com",
      });
      fabrikam.createCloudUser({
        userPrincipalName: "admin@fabrikam.onmicrosoft.com",
        displayName: "Fabrikam Admin",
        password: "Fabr1kam!Admin",
        roles: [ROLE.globalAdministrator],
      });
      fabrikam.registerApplication({
        clientId: "5d8c1f3a-2e4b-4a6c-8d9e-1b7f0c3a5e21",
        displayName: "c",
        delegatedPermissions: ["User.Read.All"],
      });
      const r = await h.client.token("fabrikam.onmicrosoft.com", {
        grant_type: "password",
        client_id: "5d8c1f3a-2e4b-4a6c-8d9e-1b7f0c3a5e21",
        scope: "User.Read.All",
        username: "admin@fabrikam.onmicrosoft.com",
        password: "Fabr1kam!Admin",
      });
      const miss = await h.client.graph("GET", "/v1.0/users/alice@contoso.com", {
        token: r.json.access_token,
      });
      expect(miss.status).toBe(404);
      expect(miss.json.error.message).toBe(
        "Resource 'alice@contoso.com' does not exist or one of its queried reference-property objects are not present.",
      );
    });

    it("an unknown segment → 400 BadRequest", async () => {
      const r = await h.client.graph("GET", "/v1.0/nothingHere");
      expect(r.status).toBe(400);
      expect(r.json.error.message).toBe("Resource not found for the segment 'nothingHere'.");
    });
  });
});

function syncedInput(h: Harness, sam: string) {
  const u = h.tenant.findUser(`${sam}@contoso.com`)!;
  return {
    userPrincipalName: u.userPrincipalName,
    onPremisesImmutableId: u.onPremisesImmutableId!,
    onPremisesSecurityIdentifier: u.onPremisesSecurityIdentifier!,
    onPremisesDistinguishedName: u.onPremisesDistinguishedName!,
    onPremisesSamAccountName: u.onPremisesSamAccountName!,
    displayName: u.displayName,
    accountEnabled: true,
  };
}
