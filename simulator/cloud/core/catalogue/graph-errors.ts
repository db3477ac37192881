/**
 * Microsoft Graph error catalogue: code, HTTP status and message of every Graph error the simulator
 * returns, inside the envelope `{"error":{"code","message","innerError":{"request-id","date"}}}`
 * ([GRAPH:concepts/errors.md], facts §6). Attested: Authorization_RequestDenied,
 * Request_ResourceNotFound, Request_BadRequest (complexity). The others are the texts Graph returns
 * as far as we know them — UNVERIFIED, listed in ASSUMPTIONS.md.
 */
export interface GraphErrorDefinition {
  code: string;
  status: number;
  message: (args: Record<string, string>) => string;
}

export const GRAPH_ERRORS = {
  accessDenied: {
    code: "Authorization_RequestDenied",
    status: 403,
    message: () => "Insufficient privileges to complete the operation.",
  },
  /**
   * UNVERIFIED — the one place: what Graph (and My Account) answer when a written-back password change
   * fails on-premises for a reason other than policy or the current password is documented nowhere
   * (fidelity-audit 1.10). We answer with Graph's generic 403.
   */
  writebackChangeFailed: {
    code: "Authorization_RequestDenied",
    status: 403,
    message: () => "Insufficient privileges to complete the operation.",
  },
  resourceNotFound: {
    code: "Request_ResourceNotFound",
    status: 404,
    message: (a) =>
      `Resource '${a.id}' does not exist or one of its queried reference-property objects are not present.`,
  },
  passwordComplexity: {
    code: "Request_BadRequest",
    status: 400,
    message: () =>
      "The specified password does not comply with password complexity requirements. Please provide a different password.",
  },
  // UNVERIFIED: changePassword error bodies are undocumented (facts §6).
  wrongCurrentPassword: {
    code: "Request_BadRequest",
    status: 400,
    message: () => "Invalid currentPassword.",
  },
  onPremisesPolicy: {
    code: "Request_BadRequest",
    status: 400,
    message: () =>
      "The specified password does not comply with the on-premises password policy. Please provide a different password.",
  },
  badRequest: {
    code: "Request_BadRequest",
    status: 400,
    message: (a) => a.detail,
  },
  malformedJson: {
    code: "BadRequest",
    status: 400,
    message: () =>
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
  },
  unsupportedMediaType: {
    code: "BadRequest",
    status: 415,
    message: (a) => `Unsupported Media Type '${a.contentType}'.`,
  },
  segmentNotFound: {
    code: "BadRequest",
    status: 400,
    message: (a) => `Resource not found for the segment '${a.segment}'.`,
  },
  routeNotFound: {
    code: "NotFound",
    status: 404,
    message: (a) => `No route matches ${a.method} ${a.path}.`,
  },
  tokenEmpty: {
    code: "InvalidAuthenticationToken",
    status: 401,
    message: () => "Access token is empty.",
  },
  tokenMalformed: {
    code: "InvalidAuthenticationToken",
    status: 401,
    message: () => "CompactToken parsing failed with error code: 80049217",
  },
  tokenExpired: {
    code: "InvalidAuthenticationToken",
    status: 401,
    message: () => "Lifetime validation failed, the token is expired.",
  },
  tokenInvalid: {
    code: "InvalidAuthenticationToken",
    status: 401,
    message: () => "Access token validation failure.",
  },
  tokenWrongAudience: {
    code: "InvalidAuthenticationToken",
    status: 401,
    message: () => "Access token validation failure. Invalid audience.",
  },
  tooManyRequests: {
    code: "TooManyRequests",
    status: 429,
    message: () => "Too many requests. Please retry after the time given in the Retry-After header.",
  },
  writebackUnavailable: {
    code: "ServiceUnavailable",
    status: 503,
    message: () => "The on-premises writeback service could not be reached. Please try again later.",
  },
  // Onboarding refusal the Connect wizard shows [SA:unable-configure-pwd-writeback-error].
  onboardingNotLicensed: {
    code: "Authorization_RequestDenied",
    status: 403,
    message: () => "Unable to configure password writeback. Ensure you have the required license.",
  },
  relayUnavailable: {
    code: "ServiceUnavailable",
    status: 503,
    message: () => "Couldn't connect to any service bus endpoint(s).",
  },
  relayKeyInvalid: {
    code: "InvalidAuthenticationToken",
    status: 401,
    message: () => "The relay key presented by the writeback agent is not valid.",
  },
  /**
   * Our relay's own answers (no Microsoft surface has them): the `{tenantId}` of a relay path names no
   * tenant, or a tenant other than the one the admin's token was issued for.
   */
  relayTenantNotFound: {
    code: "Request_ResourceNotFound",
    status: 404,
    message: (a) =>
      `Tenant '${a.tenant}' not found. The relay path takes the tenant id (a GUID: the tid claim of your token) or one of the tenant's domain names, e.g. /relay/contoso.onmicrosoft.com/agents.`,
  },
  relayTenantMismatch: {
    code: "Authorization_RequestDenied",
    status: 403,
    message: (a) =>
      `The token was issued for tenant ${a.tokenTenant}; the relay path names tenant ${a.pathTenant}. Use the tenant id from the token's tid claim.`,
  },
  generalException: {
    code: "generalException",
    status: 500,
    message: () => "General exception while processing.",
  },
  conflict: {
    code: "Request_Conflict",
    status: 409,
    message: (a) => a.detail,
  },
  // UNVERIFIED (ASSUMPTIONS.md): what the HTTP layer itself refuses, in Graph's envelope.
  payloadTooLarge: {
    code: "RequestEntityTooLarge",
    status: 413,
    message: (a) => `The request body exceeds the maximum allowed size of ${a.limit} bytes.`,
  },
  headersTooLarge: {
    code: "RequestHeaderFieldsTooLarge",
    status: 431,
    message: () => "The request headers are too large.",
  },
  badUrl: {
    code: "BadRequest",
    status: 400,
    message: () => "The request URI is not valid.",
  },
  badHttpRequest: {
    code: "BadRequest",
    status: 400,
    message: () => "The HTTP request is malformed.",
  },
  requestTimeout: {
    code: "RequestTimeout",
    status: 408,
    message: () => "The request was not completed in time.",
  },
  serverBusy: {
    code: "ServiceUnavailable",
    status: 503,
    message: () => "The service is temporarily unavailable. Please retry later.",
  },
} satisfies Record<string, GraphErrorDefinition>;

export type GraphErrorKey = keyof typeof GRAPH_ERRORS;

/** A core-level failure that every transport maps to the Graph envelope. */
export class GraphError extends Error {
  constructor(
    readonly key: GraphErrorKey,
    readonly args: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(GRAPH_ERRORS[key].message(args));
    this.name = "GraphError";
  }
  get status(): number {
    return GRAPH_ERRORS[this.key].status;
  }
  get code(): string {
    return GRAPH_ERRORS[this.key].code;
  }
}
