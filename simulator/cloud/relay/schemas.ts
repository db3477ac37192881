/**
 * The relay protocol's messages as JSON Schemas (draft-07): what an out-of-process writeback agent
 * sends and receives (docs/relay-protocol.md). The routes validate the agent's bodies with these very
 * objects, and docs/relay/*.schema.json are these objects with an $id (test/cloud/relay-protocol-doc
 * keeps the two equal and checks live traffic against the files).
 *
 * Messages we send are open (an agent ignores fields it does not know; new optional fields may come);
 * messages an agent sends are closed (an unknown field is a 400, as in Graph).
 */
import type { WritebackOutcome } from "./types.ts";

type Schema = Record<string, unknown>;

const GUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
const ISO_TIME = {
  type: "string",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$",
} as const;

export const WRITEBACK_OUTCOMES: readonly WritebackOutcome[] = [
  "success",
  "policyViolation",
  "accessDenied",
  "userNotFound",
  "wrongOldPassword",
  "accountDisabled",
  "error",
];

/** POST /relay/{tenant}/agents — body. */
export const REGISTRATION_REQUEST_SCHEMA: Schema = {
  title: "AgentRegistrationRequest",
  description:
    "Onboards a writeback agent. Sent with the bearer token of a licensed Global or Hybrid Identity Administrator.",
  type: "object",
  additionalProperties: false,
  required: ["machineName", "version"],
  properties: {
    machineName: {
      type: "string",
      minLength: 1,
      maxLength: 64,
      description: "The agent's host name, shown in the portal.",
    },
    version: {
      type: "string",
      pattern: "^[0-9]+(\\.[0-9]+){1,3}$",
      description:
        "The Azure AD Connect build the agent claims to be, e.g. 2.4.27.0; below 1.1.xxx the portal says 'out of date'.",
    },
  },
};

/** POST /relay/{tenant}/agents — 201 body. */
export const REGISTRATION_SCHEMA: Schema = {
  title: "AgentRegistration",
  type: "object",
  required: ["agentId", "relayKey", "heartbeatIntervalSeconds"],
  properties: {
    agentId: { type: "string", pattern: GUID },
    relayKey: {
      type: "string",
      minLength: 16,
      description: "Present as 'Authorization: Relay <relayKey>' on every later call.",
    },
    heartbeatIntervalSeconds: {
      type: "integer",
      minimum: 1,
      description: "300: heartbeat at least this often; a poll counts as one.",
    },
  },
};

/** GET /relay/{tenant}/agents/{agentId}/requests — 200 body (204 when nothing came). */
export const WRITEBACK_REQUEST_SCHEMA: Schema = {
  title: "WritebackRequest",
  description: "One password operation to perform on-premises. Carries passwords in clear: never log it.",
  type: "object",
  required: [
    "requestId",
    "trackingId",
    "tenantId",
    "kind",
    "origin",
    "cloudAnchor",
    "userPrincipalName",
    "enforcePasswordPolicy",
    "issuedAt",
  ],
  properties: {
    requestId: { type: "string", pattern: GUID, description: "Echo it in the result." },
    trackingId: {
      type: "string",
      pattern: GUID,
      description: "Put it in every event you log for this request.",
    },
    tenantId: { type: "string", pattern: GUID },
    kind: { enum: ["reset", "change", "unlock"] },
    origin: {
      enum: ["sspr", "userChange", "entraAdminReset", "graphResetPassword"],
      description: "sspr: 31001-31003; userChange: 31006-31008; the admin origins: 31009-31011.",
    },
    cloudAnchor: {
      type: "string",
      description: "onPremisesImmutableId: base64 of the AD objectGUID (sourceAnchor).",
    },
    onPremisesSecurityIdentifier: { type: "string", pattern: "^S-1-5-21-\\d+-\\d+-\\d+-\\d+$" },
    onPremisesDistinguishedName: { type: "string" },
    onPremisesSamAccountName: { type: "string" },
    userPrincipalName: { type: "string" },
    adminUpn: { type: "string", description: "The admin who reset the password (admin origins only)." },
    newPassword: { type: "string", description: "Absent for kind unlock." },
    oldPassword: { type: "string", description: "kind change only: delete this value, add newPassword." },
    forceChangeAtNextLogon: { type: "boolean", description: "Write pwdLastSet 0 after the password." },
    unlockAccount: {
      type: "boolean",
      description: "Write lockoutTime 0 (with the password, or alone for kind unlock).",
    },
    enforcePasswordPolicy: {
      type: "boolean",
      description:
        "Send LDAP_SERVER_POLICY_HINTS_OID (1.2.840.113556.1.4.2239) with a reset, so history applies.",
    },
    issuedAt: { ...ISO_TIME, description: "Simulated time the cloud queued the request." },
  },
};

/** POST /relay/{tenant}/agents/{agentId}/results — body. */
export const WRITEBACK_RESULT_SCHEMA: Schema = {
  title: "WritebackResult",
  type: "object",
  additionalProperties: false,
  required: ["requestId", "outcome", "detail"],
  properties: {
    requestId: { type: "string", minLength: 1 },
    outcome: { type: "string", enum: [...WRITEBACK_OUTCOMES] },
    ldapResultCode: { type: "integer", minimum: 0, description: "The DC's LDAP result code, e.g. 50." },
    ldapMessage: { type: "string", description: "The DC's diagnosticMessage, verbatim." },
    eventIds: {
      type: "array",
      items: { type: "integer" },
      description: "The events the agent logged, e.g. [31001, 33004, 6329].",
    },
    detail: { type: "string", description: "One line for the relay journal; never a password." },
  },
};

/** GET /relay/{tenant}/health — 200 body. */
export const HEALTH_SCHEMA: Schema = {
  title: "WritebackHealth",
  type: "object",
  required: ["state", "message", "configured", "agents"],
  properties: {
    state: { type: "string" },
    message: { type: "string", description: "The on-premises integration page's status line." },
    configured: { type: "boolean" },
    agents: {
      type: "array",
      items: {
        type: "object",
        required: ["agentId", "mode", "version", "machineName", "registeredAt", "lastHeartbeatAt"],
        properties: {
          agentId: { type: "string" },
          mode: { enum: ["inProcess", "http"] },
          version: { type: "string" },
          machineName: { type: "string" },
          registeredAt: ISO_TIME,
          lastHeartbeatAt: ISO_TIME,
        },
      },
    },
  },
};

/** Every error answer of the relay (and of Graph and the SSPR API). */
export const ERROR_SCHEMA: Schema = {
  title: "ErrorEnvelope",
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "innerError"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        innerError: {
          type: "object",
          required: ["date", "request-id", "client-request-id"],
          properties: {
            date: { type: "string" },
            "request-id": { type: "string" },
            "client-request-id": { type: "string" },
          },
        },
      },
    },
  },
};

/** File name in docs/relay/ → schema. */
export const RELAY_SCHEMAS: Readonly<Record<string, Schema>> = {
  "agent-registration-request": REGISTRATION_REQUEST_SCHEMA,
  "agent-registration": REGISTRATION_SCHEMA,
  "writeback-request": WRITEBACK_REQUEST_SCHEMA,
  "writeback-result": WRITEBACK_RESULT_SCHEMA,
  health: HEALTH_SCHEMA,
  error: ERROR_SCHEMA,
};
