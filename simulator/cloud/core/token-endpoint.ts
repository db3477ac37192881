/**
 * OAuth2 v2.0 token endpoint logic (POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token):
 * resource-owner password (ROPC, [ROPC]) and client credentials ([CCG]). Transport-free: takes the
 * decoded form, returns the status and JSON body the endpoint sends.
 */
import { AADSTS, type AadstsKey } from "./catalogue/aadsts.ts";
import type { Cloud } from "./cloud.ts";
import { GRAPH_APP_ID, GRAPH_AUDIENCE } from "./constants.ts";
import { canonicalScope, isKnownDelegatedScope, OIDC_SCOPES } from "./graph-permissions.ts";
import type { CloudApplication, CloudUser } from "./model.ts";
import { verifyPassword } from "./password-hash.ts";
import type { Tenant } from "./tenant.ts";

export interface TokenEndpointResult {
  status: number;
  body: Record<string, unknown>;
}

const GRAPH_RESOURCES = [GRAPH_AUDIENCE, GRAPH_APP_ID];

/** "2016-01-09 02:02:12Z", the timestamp form inside error_description. */
function aadTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

export function aadstsError(
  cloud: Cloud,
  key: AadstsKey,
  args: Record<string, string> = {},
  correlationId?: string,
): TokenEndpointResult {
  const def = AADSTS[key];
  const traceId = cloud.newRequestId();
  const correlation = correlationId ?? cloud.newRequestId();
  const now = cloud.nowIso();
  const ts = aadTimestamp(now);
  return {
    status: def.status,
    body: {
      error: def.error,
      error_description: `AADSTS${def.code}: ${def.message(args)}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${ts}`,
      error_codes: [def.code],
      timestamp: ts,
      trace_id: traceId,
      correlation_id: correlation,
      error_uri: `https://login.microsoftonline.com/error?code=${def.code}`,
    },
  };
}

type Form = Record<string, string | undefined>;

export async function tokenEndpoint(
  cloud: Cloud,
  tenantSegment: string,
  form: Form,
): Promise<TokenEndpointResult> {
  const correlationId = form["client-request-id"];
  const fail = (key: AadstsKey, args: Record<string, string> = {}) =>
    aadstsError(cloud, key, args, correlationId);
  let tenant = cloud.resolveTenant(tenantSegment);
  const multiTenant = ["organizations", "common"].includes(tenantSegment.toLowerCase());
  if (!tenant && multiTenant && form.grant_type === "password" && form.username) {
    // Home-realm discovery by the UPN's domain.
    tenant = cloud.resolveTenant(form.username.split("@")[1] ?? "");
  }
  if (!tenant) return fail("tenantNotFound", { tenant: tenantSegment });
  if (!form.grant_type) return fail("missingParameter", { parameter: "grant_type" });
  if (!form.client_id) return fail("missingParameter", { parameter: "client_id" });
  const app = tenant.applications.get(form.client_id);
  if (!app) return fail("applicationNotFound", { clientId: form.client_id, tenant: tenantSegment });
  if (form.grant_type === "password") return ropc(cloud, tenant, app, form, fail);
  if (form.grant_type === "client_credentials") return clientCredentials(cloud, tenant, app, form, fail);
  return fail("unsupportedGrantType");
}

type Fail = (key: AadstsKey, args?: Record<string, string>) => TokenEndpointResult;

async function ropc(cloud: Cloud, tenant: Tenant, app: CloudApplication, form: Form, fail: Fail) {
  for (const p of ["scope", "username", "password"] as const) {
    if (!form[p]) return fail("missingParameter", { parameter: p });
  }
  if (app.secretHash && !verifyPassword(form.client_secret ?? "", app.secretHash))
    return fail("invalidClientSecret", { clientId: app.clientId });
  const scopes = parseDelegatedScopes(form.scope!, app);
  if ("invalid" in scopes) return fail("invalidScope", { scope: scopes.invalid });
  const user = tenant.findUser(form.username!);
  if (!user) return fail("userNotFound", { tenantId: tenant.id });
  // Federated users authenticate at their IdP; ROPC against Entra fails as bad credentials.
  if (user.federated) return fail("federatedUserRopc");
  // Smart lockout: a locked account is refused whatever the password.
  if (tenant.smartLockout.check(user.id).locked) return fail("accountLocked");
  if (!tenant.checkPassword(user, form.password!)) {
    tenant.smartLockout.failed(user.id, form.password!);
    return fail("invalidCredentials");
  }
  tenant.smartLockout.succeeded(user.id);
  if (!user.accountEnabled) return fail("userDisabled");
  if (user.mfaRequired) {
    const enrolled = user.authMethods.some((m) => m.type !== "email");
    return fail(enrolled ? "mfaRequired" : "mfaEnrollmentRequired", { resource: GRAPH_APP_ID });
  }
  return issueUserTokens(cloud, tenant, app, user, scopes.graph, scopes.oidc);
}

function parseDelegatedScopes(
  scope: string,
  app: CloudApplication,
): { graph: string[]; oidc: string[] } | { invalid: string } {
  const graph = new Set<string>();
  const oidc: string[] = [];
  for (const raw of scope.split(/\s+/).filter(Boolean)) {
    if ((OIDC_SCOPES as readonly string[]).includes(raw.toLowerCase())) {
      oidc.push(raw.toLowerCase());
      continue;
    }
    const resource = GRAPH_RESOURCES.find((r) => raw.toLowerCase().startsWith(`${r.toLowerCase()}/`));
    const name = resource ? raw.slice(resource.length + 1) : raw;
    if (!resource && raw.includes("/")) return { invalid: raw };
    if (name === ".default") {
      for (const p of app.delegatedPermissions) graph.add(p);
      continue;
    }
    if (!isKnownDelegatedScope(name)) return { invalid: raw };
    graph.add(canonicalScope(name));
  }
  if (graph.size === 0) graph.add("User.Read");
  return { graph: [...graph], oidc };
}

async function issueUserTokens(
  cloud: Cloud,
  tenant: Tenant,
  app: CloudApplication,
  user: CloudUser,
  graphScopes: string[],
  oidc: string[],
): Promise<TokenEndpointResult> {
  const wids = [...tenant.rolesOf(user.id)];
  const { token, expiresIn } = await cloud.tokens.issueAccessToken({
    tid: tenant.id,
    appid: app.clientId,
    idtyp: "user",
    oid: user.id,
    sub: user.id,
    upn: user.userPrincipalName,
    unique_name: user.userPrincipalName,
    name: user.displayName,
    scp: graphScopes.join(" "),
    ...(wids.length ? { wids } : {}),
  });
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: [...graphScopes.map((s) => `${GRAPH_AUDIENCE}/${s}`), ...oidc].join(" "),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: token,
  };
  if (oidc.includes("openid")) {
    body.id_token = await cloud.tokens.issueIdToken({
      aud: app.clientId,
      tid: tenant.id,
      oid: user.id,
      sub: user.id,
      preferred_username: user.userPrincipalName,
      name: user.displayName,
    });
  }
  return { status: 200, body };
}

async function clientCredentials(
  cloud: Cloud,
  tenant: Tenant,
  app: CloudApplication,
  form: Form,
  fail: Fail,
) {
  if (!form.scope) return fail("missingParameter", { parameter: "scope" });
  if (!form.client_secret) return fail("missingParameter", { parameter: "client_secret" });
  if (!app.secretHash || !verifyPassword(form.client_secret, app.secretHash))
    return fail("invalidClientSecret", { clientId: app.clientId });
  const scope = form.scope.trim();
  const ok = GRAPH_RESOURCES.some((r) => scope.toLowerCase() === `${r.toLowerCase()}/.default`);
  if (!ok) return fail("invalidScope", { scope });
  const { token, expiresIn } = await cloud.tokens.issueAccessToken({
    tid: tenant.id,
    appid: app.clientId,
    idtyp: "app",
    oid: app.clientId,
    sub: app.clientId,
    roles: [...app.applicationPermissions],
  });
  return {
    status: 200,
    body: { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token },
  };
}
