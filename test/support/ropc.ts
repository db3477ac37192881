/**
 * A resource-owner password (ROPC) token request to the mock Entra ID's contoso tenant, sent with
 * fetch the way a public client (wbsim's own app registration) sends it to login.microsoftonline.com.
 */
import { WBSIM_PUBLIC_CLIENT_ID } from "../../simulator/cloud/index.ts";

/** POSTs the form to `${loginBaseUrl}/contoso.onmicrosoft.com/oauth2/v2.0/token` and returns the raw response. */
export function postContosoRopc(loginBaseUrl: string, username: string, password: string): Promise<Response> {
  return fetch(`${loginBaseUrl}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: WBSIM_PUBLIC_CLIENT_ID,
      scope: "https://graph.microsoft.com/.default",
      username,
      password,
    }),
  });
}
