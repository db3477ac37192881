/**
 * The relay seam: the messages that travel between Entra ID (cloud side) and whatever plays the Azure
 * AD Connect writeback agent — our in-process agent, our simulator/connect/ agent, or a third-party
 * agent over HTTP. These shapes are the contract; see relay.ts for the protocol.
 *
 * In the real product the request is an AES-256-GCM package encrypted with the tenant's public key
 * and sent over an Azure Service Bus relay (facts §5, [CONCEPT-ENTRA]). Here it travels in clear
 * over loopback, so the one rule is: passwords in these objects are never logged, journalled or put
 * in events — use redactRequest() for any debug output.
 */

export type WritebackKind = "reset" | "change" | "unlock";

/** Which cloud operation produced the request; decides the agent's event family (31001/31006/31009). */
export type WritebackOrigin =
  | "sspr" // user reset/unlock at passwordreset.microsoftonline.com → 31001…31003
  | "userChange" // user change (Graph /me/changePassword, forced change) → 31006…31008
  | "entraAdminReset" // admin reset in the Entra admin center → 31009…31011
  | "graphResetPassword"; // admin reset via Graph authenticationMethod: resetPassword → 31009…31011

export interface WritebackRequest {
  requestId: string;
  /** The TrackingId every PasswordResetService event text carries. */
  trackingId: string;
  tenantId: string;
  kind: WritebackKind;
  origin: WritebackOrigin;
  /** onPremisesImmutableId (the sourceAnchor); Connect resolves the AD object from it. */
  cloudAnchor: string;
  onPremisesSecurityIdentifier?: string;
  onPremisesDistinguishedName?: string;
  onPremisesSamAccountName?: string;
  userPrincipalName: string;
  /** UPN of the admin for admin resets (31010 "AdminUpn: …"). */
  adminUpn?: string;
  newPassword?: string;
  /** Only for kind "change": the current password (LDAP delete old + add new). */
  oldPassword?: string;
  /** pwdLastSet 0 after the set (admin resets with "force change"). */
  forceChangeAtNextLogon?: boolean;
  /** lockoutTime 0 with the set ("reset unlocks by default") or alone (kind "unlock"). */
  unlockAccount?: boolean;
  /**
   * Ask the DC to enforce password history/policy on a reset: the agent sends
   * LDAP_SERVER_POLICY_HINTS_OID (1.2.840.113556.1.4.2239, deprecated …2066). Connect always does so,
   * so every cloud origin sets true; third-party agents may honour or ignore it.
   */
  enforcePasswordPolicy: boolean;
  /** Simulated ISO time the cloud queued the request. */
  issuedAt: string;
}

export type WritebackOutcome =
  | "success"
  | "policyViolation"
  | "accessDenied"
  | "userNotFound"
  | "wrongOldPassword"
  | "accountDisabled"
  | "error";

export interface WritebackResult {
  requestId: string;
  outcome: WritebackOutcome;
  /** LDAP result code the DC returned (e.g. 50 insufficientAccessRights, 19 constraintViolation). */
  ldapResultCode?: number;
  /** LDAP diagnostic message (e.g. "00000005: SecErr: DSID-031A1248, problem 4003 …"). */
  ldapMessage?: string;
  /** Event ids the agent logged for this request (e.g. [31001, 33004, 6329]). */
  eventIds?: number[];
  detail: string;
}

/** What the cloud side learns about one submitted request. */
export type RelayDelivery =
  | { status: "answered"; requestId: string; trackingId: string; result: WritebackResult; latencyMs: number }
  | { status: "expired"; requestId: string; trackingId: string; expiredAfterMs: number; reason: ExpiryReason }
  | { status: "unreachable"; requestId: string; trackingId: string };

export type ExpiryReason =
  | "noAgent" // nobody registered/listening: the message can never be picked up
  | "agentStopped"
  | "resultDropped"
  | "agentTooSlow" // injected delay ≥ expiry
  | "simulatedTimeout" // the SimClock passed issuedAt + expiry
  | "realTimeout"; // an HTTP agent held the message longer than the real-time budget

/** An in-process agent: the relay calls handle() for each request, in simulated time. */
export interface WritebackAgentHandler {
  handle(request: WritebackRequest): Promise<WritebackResult>;
}

export interface RelayFaults {
  /** The Service Bus path is broken: heartbeats fail, nothing is delivered, HTTP agent calls get 503. */
  relayUnreachable: boolean;
  /** The agent service is stopped: no heartbeats, no deliveries (31016 territory). */
  agentStopped: boolean;
  /** The agent answers this many simulated ms late; ≥ expiry means the cloud gives up first. */
  delayMs: number;
  /** Results posted by the agent are lost on the way back. */
  dropResults: boolean;
  /** Cloud-side trouble ("temporary issues on our end"). */
  cloudServiceIssue: boolean;
}

export const NO_FAULTS: RelayFaults = {
  relayUnreachable: false,
  agentStopped: false,
  delayMs: 0,
  dropResults: false,
  cloudServiceIssue: false,
};

export interface AgentInfo {
  agentId: string;
  mode: "inProcess" | "http";
  /** Azure AD Connect build, e.g. "2.4.27.0"; decides the "out-of-date" portal messages. */
  version: string;
  machineName: string;
  registeredAt: string;
  lastHeartbeatAt: string;
}

export interface RelayJournalEntry {
  at: string;
  tenantId: string;
  event:
    | "registered"
    | "unregistered"
    | "submitted"
    | "delivered"
    | "answered"
    | "expired"
    | "dropped"
    | "unreachable"
    | "lateResult";
  agentId?: string;
  /** Redacted request description (never a password). */
  request?: RedactedRequest;
  outcome?: WritebackOutcome;
  reason?: string;
}

export type RedactedRequest = Omit<WritebackRequest, "newPassword" | "oldPassword"> & {
  newPassword?: "[redacted]";
  oldPassword?: "[redacted]";
};
