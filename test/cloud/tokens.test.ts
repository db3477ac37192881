/**
 * The OAuth2 v2.0 token endpoint over both front ends: ROPC and client credentials, the JWT claims,
 * and each AADSTS error with the real response shape.
 */
import { decodeJwt } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CONTOSO_TENANT_ID,
  WBSIM_DAEMON_CLIENT_ID,
  WBSIM_DAEMON_CLIENT_SECRET,
  WBSIM_PUBLIC_CLIENT_ID,
} from "../../simulator/cloud/core/constants.ts";
import { ROLE } from "../../simulator/cloud/core/directory-roles.ts";
import { type Harness, type Reply, startHarness, type TokenBody, TRANSPORTS } from "./support/transports.ts";

const ropcForm = (username: string, password: string, scope = "https://graph.microsoft.com/.default") => ({
  grant_type: "password",
  client_id: WBSIM_PUBLIC_CLIENT_ID,
  scope,
  username,
  password,
});

describe.each(TRANSPORTS)("token endpoint over %s", (transport) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(transport);
  });
  afterEach(async () => {
    await h.close();
  });

  const expectAadsts = (r: Reply<TokenBody>, code: number, error: string, text: string) => {
    expect(r.status).toBe(400);
    expect(r.json.error).toBe(error);
    expect(r.json.error_codes).toEqual([code]);
    expect(r.json.error_description).toMatch(
      new RegExp(
        `^AADSTS${code}: ${text.replace(/[.*+?^${}()|[\]\\']/g, "\\$&")}\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
      ),
    );
    expect(r.json.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.timestamp).toBe("2026-01-05 09:00:00Z");
    expect(r.json.error_uri).toBe(`https://login.microsoftonline.com/error?code=${code}`);
  };

  it("issues a delegated Graph token by ROPC with tenant, audience, scopes, roles and SimClock times", async () => {
    const r = await h.client.token(
      "contoso.onmicrosoft.com",
      ropcForm("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1", "User.Read openid profile"),
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
    expect(r.json.scope).toBe("https://graph.microsoft.com/User.Read openid profile");
    expect(r.json.id_token).toBeTypeOf("string");
    const claims = decodeJwt(r.json.access_token);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      iss: `https://sts.windows.net/${CONTOSO_TENANT_ID}/`,
      tid: CONTOSO_TENANT_ID,
      upn: "admin@contoso.onmicrosoft.com",
      scp: "User.Read",
      wids: [ROLE.globalAdministrator],
      appid: WBSIM_PUBLIC_CLIENT_ID,
      idtyp: "user",
    });
    expect(claims.iat).toBe(Date.UTC(2026, 0, 5, 9) / 1000);
    expect(claims.exp).toBe(claims.iat! + 3600);
  });

  it("accepts the tenant by id and by verified domain", async () => {
    const byId = await h.client.token(CONTOSO_TENANT_ID, ropcForm("alice@contoso.com", "x"));
    expect(byId.json.error_codes).toEqual([50126]); // alice has no cloud password yet: the tenant resolved
    const byDomain = await h.client.token(
      "contoso.com",
      ropcForm("helpdesk@contoso.onmicrosoft.com", "Helpd3sk!Admin#1"),
    );
    expect(byDomain.status).toBe(200);
  });

  it("issues an app-only token by client credentials with roles and no scp", async () => {
    const r = await h.client.token("contoso.onmicrosoft.com", {
      grant_type: "client_credentials",
      client_id: WBSIM_DAEMON_CLIENT_ID,
      client_secret: WBSIM_DAEMON_CLIENT_SECRET,
      scope: "https://graph.microsoft.com/.default",
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual([
      "access_token",
      "expires_in",
      "ext_expires_in",
      "token_type",
    ]);
    const claims = decodeJwt(r.json.access_token);
    expect(claims.idtyp).toBe("app");
    expect(claims.scp).toBeUndefined();
    expect(claims.roles).toContain("User-PasswordProfile.ReadWrite.All");
  });

  it("AADSTS50126 for a wrong password", async () => {
    const r = await h.client.token(
      "contoso.onmicrosoft.com",
      ropcForm("admin@contoso.onmicrosoft.com", "wrong"),
    );
    expectAadsts(
      r,
      50126,
      "invalid_grant",
      "Error validating credentials due to invalid username or password.",
    );
  });

  it("AADSTS70011 for an invalid scope (ROPC and client credentials)", async () => {
    const r = await h.client.token(
      "contoso.onmicrosoft.com",
      ropcForm("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1", "Mail.Nope"),
    );
    expectAadsts(
      r,
      70011,
      "invalid_scope",
      "The provided value for the input parameter 'scope' is not valid. The scope Mail.Nope is not valid.",
    );
    const cc = await h.client.token("contoso.onmicrosoft.com", {
      grant_type: "client_credentials",
      client_id: WBSIM_DAEMON_CLIENT_ID,
      client_secret: WBSIM_DAEMON_CLIENT_SECRET,
      scope: "User.Read.All",
    });
    expect(cc.json.error_codes).toEqual([70011]);
  });

  it("AADSTS50076 when MFA is required and registered, 50079 when it must be enrolled", async () => {
    const admin = h.tenant.findUser("admin@contoso.onmicrosoft.com")!;
    h.tenant.setMfaRequired(admin.id, true);
    const r = await h.client.token(
      "contoso.onmicrosoft.com",
      ropcForm(admin.userPrincipalName, "Gl0bal!Admin#1"),
    );
    expectAadsts(
      r,
      50076,
      "invalid_grant",
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
    );
    h.tenant.setAuthMethods(admin.id, []);
    const e = await h.client.token(
      "contoso.onmicrosoft.com",
      ropcForm(admin.userPrincipalName, "Gl0bal!Admin#1"),
    );
    expect(e.json.error_codes).toEqual([50079]);
    expect(e.json.error_description).toMatch(/must enroll in multi-factor authentication/);
  });

  it("AADSTS50057 for a disabled account", async () => {
    const hd = h.tenant.findUser("helpdesk@contoso.onmicrosoft.com")!;
    h.tenant.setAccountEnabled(hd.id, false);
    const r = await h.client.token(
      "contoso.onmicrosoft.com",
      ropcForm(hd.userPrincipalName, "Helpd3sk!Admin#1"),
    );
    expectAadsts(r, 50057, "invalid_grant", "The user account is disabled.");
  });

  it("AADSTS90002 for an unknown tenant", async () => {
    const r = await h.client.token(
      "fabrikam.onmicrosoft.com",
      ropcForm("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1"),
    );
    expectAadsts(
      r,
      90002,
      "invalid_request",
      "Tenant 'fabrikam.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
    );
  });

  it("AADSTS900144 for a missing parameter, 7000215 for a wrong client secret", async () => {
    const r = await h.client.token("contoso.onmicrosoft.com", { client_id: WBSIM_PUBLIC_CLIENT_ID });
    expectAadsts(
      r,
      900144,
      "invalid_request",
      "The request body must contain the following parameter: 'grant_type'.",
    );
    const s = await h.client.token("contoso.onmicrosoft.com", {
      grant_type: "client_credentials",
      client_id: WBSIM_DAEMON_CLIENT_ID,
      client_secret: "nope",
      scope: "https://graph.microsoft.com/.default",
    });
    expect(s.status).toBe(401);
    expect(s.json.error).toBe("invalid_client");
    expect(s.json.error_codes).toEqual([7000215]);
  });

  it("ignores a JSON body (the endpoint reads form fields only)", async () => {
    const r = await h.client.call<TokenBody>("login", "POST", "/contoso.onmicrosoft.com/oauth2/v2.0/token", {
      json: ropcForm("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1"),
    });
    expect(r.json.error_codes).toEqual([900144]);
  });
});
