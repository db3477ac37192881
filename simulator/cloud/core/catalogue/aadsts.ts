/**
 * Identity-platform (login.microsoftonline.com) error catalogue: every AADSTS code the simulated token
 * endpoint can return, with the OAuth2 `error` value and HTTP status. Shapes from [ROPC]/[CCG] (facts §6):
 * `{error, error_description: "AADSTSnnnnn: …\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …",
 * error_codes: [n], timestamp, trace_id, correlation_id, error_uri}`.
 * Texts of 50126 and 70011 are attested; the other sentences are the ones Entra returns as far as we
 * know them (not in the fact sheet: UNVERIFIED, listed in ASSUMPTIONS.md).
 */
export interface AadstsDefinition {
  code: number;
  error:
    | "invalid_grant"
    | "invalid_request"
    | "invalid_scope"
    | "invalid_client"
    | "unauthorized_client"
    | "unsupported_grant_type";
  status: number;
  message: (args: Record<string, string>) => string;
}

export const AADSTS = {
  // [AADSTS] IdsLocked; the sentence MSAL's test logs and Defender show for smart lockout.
  accountLocked: {
    code: 50053,
    error: "invalid_grant",
    status: 400,
    message: () =>
      "The account is locked, you've tried to sign in too many times with an incorrect user ID or password.",
  },
  invalidCredentials: {
    code: 50126,
    error: "invalid_grant",
    status: 400,
    message: () => "Error validating credentials due to invalid username or password.",
  },
  invalidScope: {
    code: 70011,
    error: "invalid_scope",
    status: 400,
    message: (a) =>
      `The provided value for the input parameter 'scope' is not valid. The scope ${a.scope} is not valid.`,
  },
  mfaRequired: {
    code: 50076,
    error: "invalid_grant",
    status: 400,
    message: (a) =>
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${a.resource}'.`,
  },
  mfaEnrollmentRequired: {
    code: 50079,
    error: "invalid_grant",
    status: 400,
    message: (a) =>
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '${a.resource}'.`,
  },
  userDisabled: {
    code: 50057,
    error: "invalid_grant",
    status: 400,
    message: () => "The user account is disabled.",
  },
  tenantNotFound: {
    code: 90002,
    error: "invalid_request",
    status: 400,
    message: (a) =>
      `Tenant '${a.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  },
  userNotFound: {
    code: 50034,
    error: "invalid_grant",
    status: 400,
    message: (a) =>
      `The user account {EUII Hidden} does not exist in the ${a.tenantId} directory. To sign into this application, the account must be added to the directory.`,
  },
  passwordExpired: {
    code: 50055,
    error: "invalid_grant",
    status: 400,
    message: () => "The password is expired.",
  },
  missingParameter: {
    code: 900144,
    error: "invalid_request",
    status: 400,
    message: (a) => `The request body must contain the following parameter: '${a.parameter}'.`,
  },
  unsupportedGrantType: {
    code: 70003,
    error: "unsupported_grant_type",
    status: 400,
    message: () => "The app requested an unsupported grant type.",
  },
  applicationNotFound: {
    code: 700016,
    error: "unauthorized_client",
    status: 400,
    message: (a) =>
      `Application with identifier '${a.clientId}' was not found in the directory '${a.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  },
  invalidClientSecret: {
    code: 7000215,
    error: "invalid_client",
    status: 401,
    message: (a) =>
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${a.clientId}'.`,
  },
  federatedUserRopc: {
    code: 50126,
    error: "invalid_grant",
    status: 400,
    message: () => "Error validating credentials due to invalid username or password.",
  },
} satisfies Record<string, AadstsDefinition>;

export type AadstsKey = keyof typeof AADSTS;
