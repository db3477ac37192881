/**
 * Every event the simulated Connect server writes, with its source, level, name and message shape.
 * IDs, names and quoted texts: sspr-writeback-facts.md §2 ([TSW-ENTRA], [C7], [SA:…], 3P captures).
 *
 * Message shapes (PasswordResetService):
 *  - operation start   "TrackingId: <id>, PasswordResetStart, Details: <upn>"          (31009 capture)
 *  - operation success "TrackingId: <id>, PasswordResetSuccess, Details: Context: cloudAnchor: …,
 *                       SourceAnchorValue: …, UserPrincipalName: …"                       (31010 capture)
 *  - AD-side failure   "TrackingId: <id>, Reason: Synchronization Engine returned an error hr=…,
 *                       message=…, Context: cloudAnchor: …, SourceAnchorValue: …, UserPrincipalName: …,
 *                       Details: Microsoft.CredentialManagement.OnPremisesPasswordReset.Shared.
 *                       PasswordResetException: …"                                       ([C7] 33004)
 * The 31003/31008/31011 "…Fail" texts are not quoted by any source: we give them the failure shape
 * with the operation name in place of the Reason (UNVERIFIED).
 */
import { bailLine, type HResult, hresultInfo, syncEngineReason } from "./hresults.ts";
import type { EventLevel, EventSource, WritebackContext } from "./types.ts";

/** What a message template can use. Never a password. */
export interface EventArgs {
  trackingId?: string;
  context?: WritebackContext;
  /** UPN for start events that carry only the user. */
  upn?: string;
  hr?: HResult;
  /** Free reason text when the failure has no HRESULT (e.g. a bind failure). */
  reason?: string;
  /** Extra detail appended after "Details:". */
  details?: string;
  /** Service Bus namespace (31019, 32002). */
  namespace?: string;
  /** When the password last changed (656), as the event shows it. */
  changeDate?: string;
}

export interface EventDefinition {
  id: number;
  source: EventSource;
  level: EventLevel;
  name: string;
  render(args: EventArgs): string;
}

/** PasswordResetService build shown in 31044 ("Details: Version: 5.0.0.686", [SA:unable-configure…]). */
export const PASSWORD_RESET_SERVICE_VERSION = "5.0.0.686";
/** Connect build printed at the end of ADSync 6329 texts ([C7] shows "Azure AD Sync 1.0.8641.0"). */
export const SYNC_ENGINE_PRODUCT = "Microsoft Entra Connect Sync 2.4.129.0";
export const DEFAULT_SERVICE_BUS_NAMESPACE = "ssprdedicatedsbprodfra-1.servicebus.windows.net";

const EXCEPTION = "Microsoft.CredentialManagement.OnPremisesPasswordReset.Shared.PasswordResetException";

function tid(a: EventArgs): string {
  return a.trackingId ?? "00000000-0000-0000-0000-000000000000";
}

export function contextText(c: WritebackContext | undefined): string {
  if (!c) return "Context: (none)";
  const parts = [`cloudAnchor: ${c.cloudAnchor}`, `SourceAnchorValue: ${c.sourceAnchorValue}`];
  if (c.adminUpn !== undefined) parts.push(`AdminUpn: ${c.adminUpn}`);
  parts.push(`UserPrincipalName: ${c.userPrincipalName}`);
  if (c.forcePasswordChange !== undefined) parts.push(`ForcePasswordChange: ${c.forcePasswordChange}`);
  return `Context: ${parts.join(", ")}`;
}

function reasonOf(a: EventArgs): string {
  if (a.hr) return syncEngineReason(a.hr);
  return a.reason ?? "An unknown error occurred.";
}

function start(name: string) {
  return (a: EventArgs) =>
    `TrackingId: ${tid(a)}, ${name}, Details: ${a.upn ?? a.context?.userPrincipalName ?? ""}`;
}

function success(name: string) {
  return (a: EventArgs) => `TrackingId: ${tid(a)}, ${name}, Details: ${contextText(a.context)}`;
}

function opFail(name: string) {
  return (a: EventArgs) =>
    `TrackingId: ${tid(a)}, ${name}, Reason: ${reasonOf(a)}, ${contextText(a.context)}, Details: ${a.details ?? ""}`.trimEnd();
}

function adError() {
  return (a: EventArgs) => {
    const message = a.hr ? hresultInfo(a.hr).message : (a.reason ?? "An unknown error occurred.");
    return `TrackingId: ${tid(a)}, Reason: ${reasonOf(a)}, ${contextText(a.context)}, Details: ${EXCEPTION}: ${message}${a.details ? ` ${a.details}` : ""}`;
  };
}

function plain(name: string, text?: string) {
  return (a: EventArgs) => `TrackingId: ${tid(a)}, ${name}, Details: ${a.details ?? text ?? ""}`.trimEnd();
}

const ps = (
  id: number,
  level: EventLevel,
  name: string,
  render: (a: EventArgs) => string,
): EventDefinition => ({
  id,
  source: "PasswordResetService",
  level,
  name,
  render,
});

export const EVENT_DEFINITIONS: readonly EventDefinition[] = [
  ps(31001, "Information", "PasswordResetStart", start("PasswordResetStart")),
  ps(31002, "Information", "PasswordResetSuccess", success("PasswordResetSuccess")),
  ps(31003, "Error", "PasswordResetFail", opFail("PasswordResetFail")),
  ps(
    31004,
    "Information",
    "OnboardingEventStart",
    plain("OnboardingEventStart", "Onboarding to password writeback started."),
  ),
  ps(
    31005,
    "Information",
    "OnboardingEventSuccess",
    plain("OnboardingEventSuccess", "Password writeback is ready."),
  ),
  ps(31006, "Information", "ChangePasswordStart", start("ChangePasswordStart")),
  ps(31007, "Information", "ChangePasswordSuccess", success("ChangePasswordSuccess")),
  ps(31008, "Error", "ChangePasswordFail", opFail("ChangePasswordFail")),
  ps(31009, "Information", "ResetUserPasswordByAdminStart", start("ResetUserPasswordByAdminStart")),
  ps(31010, "Information", "ResetUserPasswordByAdminSuccess", success("ResetUserPasswordByAdminSuccess")),
  ps(31011, "Error", "ResetUserPasswordByAdminFail", opFail("ResetUserPasswordByAdminFail")),
  ps(
    31012,
    "Information",
    "OffboardingEventStart",
    plain("OffboardingEventStart", "Offboarding from password writeback started."),
  ),
  ps(
    31013,
    "Information",
    "OffboardingEventSuccess",
    plain("OffboardingEventSuccess", "Password writeback has been disabled."),
  ),
  ps(31014, "Error", "OffboardingEventFail", opFail("OffboardingEventFail")),
  ps(
    31015,
    "Information",
    "WriteBackServiceStarted",
    plain("WriteBackServiceStarted", "The password writeback service has started."),
  ),
  ps(
    31016,
    "Warning",
    "WriteBackServiceStopped",
    plain(
      "WriteBackServiceStopped",
      "The password writeback service has stopped. Any password management requests from the cloud won't be successful.",
    ),
  ),
  ps(
    31017,
    "Information",
    "AuthTokenSuccess",
    plain("AuthTokenSuccess", "Successfully retrieved an authorization token for the cloud administrator."),
  ),
  ps(
    31018,
    "Information",
    "KeyPairCreationSuccess",
    plain("KeyPairCreationSuccess", "Successfully created the password encryption key."),
  ),
  ps(
    31019,
    "Information",
    "ServiceBusHeartBeat",
    (a) =>
      `TrackingId: ${tid(a)}, ServiceBusHeartBeat, Details: Successfully sent heartbeat to the Service Bus listener ${a.namespace ?? DEFAULT_SERVICE_BUS_NAMESPACE}`,
  ),
  ps(
    31034,
    "Error",
    "ServiceBusListenerError",
    plain("ServiceBusListenerError", "Error connecting to the Service Bus listener."),
  ),
  // SA-UNABLE real text, with its TrackingId prefix ("TrackingId: <guid>,\nPassword writeback
  // service…": the line break is the article's wrapping; we write ", " as in 32001).
  ps(
    31044,
    "Error",
    "PasswordResetService",
    (a) =>
      `TrackingId: ${tid(a)}, Password writeback service is not in a healthy state. No serviceHost for service bus endpoints are in running state. Please refer aka.ms/ssprtroubleshoot, Details: Version: ${PASSWORD_RESET_SERVICE_VERSION}`,
  ),
  ps(32000, "Error", "UnknownError", plain("UnknownError")),
  // [SA:unable-configure-pwd-writeback-error] "TrackingId: …, Couldn't connect to any service bus endpoint(s), Details: …".
  ps(32001, "Error", "ServiceError", (a) =>
    `TrackingId: ${tid(a)}, Couldn't connect to any service bus endpoint(s), Details: ${a.details ?? ""}`.trimEnd(),
  ),
  // [TSW-ENTRA] real text.
  ps(
    32002,
    "Error",
    "ServiceBusError",
    (a) =>
      `TrackingId: ${tid(a)}, Error Connecting to ServiceBus. The token provider was unable to provide a security token., Details: ${a.namespace ?? DEFAULT_SERVICE_BUS_NAMESPACE}`,
  ),
  ps(32003, "Error", "InPutValidationError", plain("InPutValidationError")),
  ps(32004, "Error", "DecryptionError", plain("DecryptionError")),
  ps(32005, "Error", "ConfigurationError", plain("ConfigurationError")),
  ps(32007, "Error", "OnBoardingConfigUpdateError", plain("OnBoardingConfigUpdateError")),
  ps(32008, "Error", "ValidationError", plain("ValidationError")),
  // [TSW-ENTRA] "Error getting auth token."
  ps(32009, "Error", "AuthTokenError", (a) =>
    `TrackingId: ${tid(a)}, Error getting auth token., Details: ${a.details ?? ""}`.trimEnd(),
  ),
  ps(32010, "Error", "CryptoError", plain("CryptoError")),
  ps(32011, "Error", "OnBoardingServiceError", plain("OnBoardingServiceError")),
  ps(32013, "Error", "OffBoardingError", plain("OffBoardingError")),
  ps(32014, "Warning", "ServiceBusWarning", plain("ServiceBusWarning")),
  ps(32015, "Error", "ReportServiceHealthError", plain("ReportServiceHealthError")),
  ps(33001, "Error", "ADUnKnownError", adError()),
  ps(33002, "Error", "ADUserNotFoundError", adError()),
  ps(33003, "Error", "ADMutliMatchError", adError()),
  ps(33004, "Error", "ADPermissionsError", adError()),
  ps(33005, "Error", "ADUserAccountDisabled", adError()),
  ps(33006, "Error", "ADUserAccountLockedOut", adError()),
  ps(33007, "Error", "ADUserIncorrectPassword", adError()),
  ps(33008, "Error", "ADPasswordPolicyError", adError()),
  ps(33009, "Error", "ADConfigurationError", adError()),
  {
    id: 6329,
    source: "ADSync",
    level: "Error",
    name: "PasswordSetError",
    // [C7]: 'An unexpected error has occurred during a password set operation. "BAIL: … (…) Azure AD
    // Sync 1.0.8641.0"': the product string sits inside the quotes, after the BAIL line.
    render: (a) =>
      `An unexpected error has occurred during a password set operation. \r\n "${a.hr ? bailLine(a.hr) : (a.reason ?? "")}\r\n${SYNC_ENGINE_PRODUCT}"`,
  },
  {
    id: 6800,
    source: "ADSync",
    level: "Error",
    name: "PasswordExtensionError",
    // SA-UNABLE: 'The password management extension encountered an error.\n The stack trace is:\n
    // ""Couldn't connect to any service bus endpoint(s)' (the rest of the stack trace is not quoted).
    render: (a) =>
      `The password management extension encountered an error.\r\n The stack trace is:\r\n ""${a.details ?? "Couldn't connect to any service bus endpoint(s)"}`,
  },
  {
    id: 6306,
    source: "ADSync",
    level: "Error",
    name: "ServerError",
    render: () => "The server encountered an unexpected error while performing an operation for the client.",
  },
  {
    id: 656,
    source: "Directory Synchronization",
    level: "Information",
    name: "PasswordChangeRequest",
    // Text UNVERIFIED: only the IDs are documented (TUT); the shape is password hash sync's.
    render: (a) =>
      `Password Change Request - Anchor : ${a.context?.sourceAnchorValue ?? ""}, Dn : ${a.context?.distinguishedName ?? ""}${a.changeDate ? `, Change Date : ${a.changeDate}` : ""}`,
  },
  {
    id: 657,
    source: "Directory Synchronization",
    level: "Information",
    name: "PasswordChangeResult",
    render: (a) =>
      `Password Change Result - Anchor : ${a.context?.sourceAnchorValue ?? ""}, Dn : ${a.context?.distinguishedName ?? ""}, Result : Success.`,
  },
];

const BY_KEY = new Map<string, EventDefinition>(EVENT_DEFINITIONS.map((d) => [`${d.source}:${d.id}`, d]));
const BY_ID = new Map<number, EventDefinition>(EVENT_DEFINITIONS.map((d) => [d.id, d]));

export function eventDefinition(id: number, source?: EventSource): EventDefinition {
  const def = source ? BY_KEY.get(`${source}:${id}`) : BY_ID.get(id);
  if (!def)
    throw new RangeError(`no event ${source ? `${source} ` : ""}${id} in the Connect event catalogue`);
  return def;
}
