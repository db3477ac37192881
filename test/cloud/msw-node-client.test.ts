/**
 * msw interception as a tool under test sees it: a small Node client written against Microsoft's real
 * URLs (login.microsoftonline.com, graph.microsoft.com) — a helpdesk tool resetting a synced user's
 * password with Graph and polling the operation — reaches the simulator with no network.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WBSIM_PUBLIC_CLIENT_ID } from "../../simulator/cloud/core/constants.ts";
import { createContosoCloud } from "../../simulator/cloud/core/contoso.ts";
import { createCloudHandlers } from "../../simulator/cloud/msw/handlers.ts";

/** The "tool under test": knows nothing of the simulator, only Microsoft's endpoints. */
async function helpdeskResetTool(upn: string, password: string, target: string, newPassword: string) {
  const tokenRes = await fetch(
    "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: WBSIM_PUBLIC_CLIENT_ID,
        scope: "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
        username: upn,
        password,
      }),
    },
  );
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${access_token}` };
  const reset = await fetch(
    `https://graph.microsoft.com/v1.0/users/${target}/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword`,
    {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ newPassword }),
    },
  );
  if (reset.status !== 202) return { status: reset.status, body: await reset.json() };
  for (;;) {
    const op = (await (await fetch(reset.headers.get("location")!, { headers: auth })).json()) as {
      status: string;
    };
    if (op.status !== "running" && op.status !== "notStarted") return { status: 202, body: op };
    await new Promise((r) => setTimeout(r, 5));
  }
}

const { cloud, tenant } = createContosoCloud();
const server = setupServer(...createCloudHandlers(cloud));
const seen: string[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  cloud.relay.attachAgent(tenant.id, {
    async handle(r) {
      seen.push(`${r.origin}:${r.userPrincipalName}`);
      return { requestId: r.requestId, outcome: "success", detail: "ok" };
    },
  });
});
afterAll(() => server.close());

it("a Node client calling the real Microsoft URLs is served by the simulator", async () => {
  const r = await helpdeskResetTool(
    "helpdesk@contoso.onmicrosoft.com",
    "Helpd3sk!Admin#1",
    "bob@contoso.com",
    "Msw!Intercept#1",
  );
  expect(r.body).toMatchObject({ status: "succeeded" });
  expect(seen).toEqual(["graphResetPassword:bob@contoso.com"]);
});

it("the same client gets Graph's 403 envelope for a target above its role", async () => {
  const r = await helpdeskResetTool(
    "helpdesk@contoso.onmicrosoft.com",
    "Helpd3sk!Admin#1",
    "admin@contoso.onmicrosoft.com",
    "Msw!Intercept#1",
  );
  expect(r.status).toBe(403);
  expect(r.body).toMatchObject({ error: { code: "Authorization_RequestDenied" } });
});
