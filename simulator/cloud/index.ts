/** Public entry of the simulated Entra ID (core, relay, HTTP and msw front ends). */

export { PORTAL_STATUS_MESSAGES } from "./core/catalogue/portal-status.ts";
export { SSPR_ERRORS, type SsprErrorCode } from "./core/catalogue/sspr-messages.ts";
export { Cloud, type CloudOptions } from "./core/cloud.ts";
export * from "./core/constants.ts";
export {
  CONTOSO_DOMAIN_SID,
  type ContosoSyncedUserOverride,
  createContosoCloud,
  createContosoTenant,
  defaultContosoSyncedUsers,
  immutableIdFromGuid,
  seedContosoSyncedUsers,
} from "./core/contoso.ts";
export { ROLE, type RoleTemplateId } from "./core/directory-roles.ts";
export type { AuthMethodRegistration, CloudUser, SsprPolicy, SyncedUserInput } from "./core/model.ts";
export type { Tenant } from "./core/tenant.ts";
export { tokenEndpoint } from "./core/token-endpoint.ts";
export { authorizeWritebackOnboarding, onboardWritebackAgent } from "./core/writeback-onboarding.ts";
export { createCloudHttpApp } from "./http/app.ts";
export { DEFAULT_CLOUD_HTTP_PORT, startCloudHttp } from "./http/start.ts";
export { createCloudHandlers, REAL_HOSTS } from "./msw/handlers.ts";
export { redactRequest } from "./relay/redact.ts";
export { DEFAULT_EXPIRY_MS, DEFAULT_REAL_WAIT_MS, type RelayOptions, WritebackRelay } from "./relay/relay.ts";
export type * from "./relay/types.ts";
