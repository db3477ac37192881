/**
 * Fixed identifiers of the simulated Entra ID world. The tenant id is our own choice (a fixed GUID so
 * transcripts and tokens are stable across runs); the role template ids, the SKU id, the Graph
 * application id and the password-method id are Microsoft's real, documented constants.
 */

/** Tenant id of contoso.onmicrosoft.com in every simulated world (chosen by us, not a real tenant). */
export const CONTOSO_TENANT_ID = "3f6c2a1e-8b4d-4c7e-9a15-0d2e7b9c4f60";
export const CONTOSO_INITIAL_DOMAIN = "contoso.onmicrosoft.com";
export const CONTOSO_VERIFIED_DOMAIN = "contoso.com";

/** Microsoft Graph's first-party application id (the `appid` of the Graph service principal). */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
/** Audience of Graph access tokens. */
export const GRAPH_AUDIENCE = "https://graph.microsoft.com";

/**
 * The constant id of the password authentication method, the same in every tenant
 * ([GRAPH:api/authenticationmethod-resetpassword.md], facts §6).
 */
export const PASSWORD_METHOD_ID = "28c10230-6103-485e-b985-444c60001490";

/** Entra ID P1 (`AAD_PREMIUM`) SKU id. */
export const ENTRA_ID_P1_SKU_ID = "078d2b04-f1bd-4111-bbd5-b4b4e1ddc4c1";
/** Entra ID P2 (`AAD_PREMIUM_P2`) SKU id. */
export const ENTRA_ID_P2_SKU_ID = "84a661c4-e949-4bd2-a560-ed7766fcaf2b";
/** Microsoft 365 Business Standard (`O365_BUSINESS_PREMIUM`) SKU id. */
export const M365_BUSINESS_STANDARD_SKU_ID = "f245ecc8-75af-4f8e-b61f-27d8114de5f3";
/** Microsoft 365 Business Premium (`SPB`) SKU id. */
export const M365_BUSINESS_PREMIUM_SKU_ID = "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46";

/** The SKUs that carry SSPR, by the product names the licensing article uses (LIC). */
export const SSPR_SKUS = {
  "Microsoft Entra ID P1": ENTRA_ID_P1_SKU_ID,
  "Microsoft Entra ID P2": ENTRA_ID_P2_SKU_ID,
  "Microsoft 365 Business Standard": M365_BUSINESS_STANDARD_SKU_ID,
  "Microsoft 365 Business Premium": M365_BUSINESS_PREMIUM_SKU_ID,
} as const;
export type SsprSkuName = keyof typeof SSPR_SKUS;

/**
 * Simulator applications registered in contoso (our ids). The public client is used for ROPC
 * (like a native app); the daemon is a confidential client for the client-credentials grant.
 */
export const WBSIM_PUBLIC_CLIENT_ID = "5d8c1f3a-2e4b-4a6c-8d9e-1b7f0c3a5e21";
export const WBSIM_DAEMON_CLIENT_ID = "9a2e4c6b-7d1f-4b3a-a5c8-6e0d2f4b8c93";
/** Client secret of the daemon app in the seeded world (a test credential, like the admin passwords). */
export const WBSIM_DAEMON_CLIENT_SECRET = "wbsim~Daemon.Secret-0001";

/** The cloud accounts of the contoso tenant (brief: issue 4). */
export const CONTOSO_ADMIN_UPN = "admin@contoso.onmicrosoft.com";
export const CONTOSO_ADMIN_PASSWORD = "Gl0bal!Admin#1";
export const CONTOSO_HELPDESK_UPN = "helpdesk@contoso.onmicrosoft.com";
export const CONTOSO_HELPDESK_PASSWORD = "Helpd3sk!Admin#1";
