/**
 * Every step kind a scenario may use, with the JSON schema of its parameters. This list is a public
 * interface (scenario files depend on the names): add kinds, never rename them.
 */

type Schema = Record<string, unknown>;

const str = { type: "string", minLength: 1 } as const;
const bool = { type: "boolean" } as const;
const int = { type: "integer" } as const;
const strList = { type: "array", items: str } as const;
const credentials = {
  type: "object",
  required: ["user", "password"],
  additionalProperties: false,
  properties: { user: str, password: str },
} as const;
const none = { type: ["object", "null"], additionalProperties: false, properties: {} } as const;
const obj = (required: string[], properties: Record<string, unknown>): Schema => ({
  type: "object",
  required,
  additionalProperties: false,
  properties,
});

const permissionEntry = obj(["object", "principal"], {
  object: str,
  principal: str,
  type: { enum: ["allow", "deny"] },
  appliesTo: str,
  permissions: strList,
  properties: strList,
  as: credentials,
});

export const STEP_KINDS: Record<string, Schema> = {
  // Azure AD Connect
  "connect.wizard": obj(["pages"], {
    pages: {
      type: "array",
      minItems: 1,
      items: obj(["page"], {
        page: str,
        inputs: { type: "object" },
        action: { enum: ["next", "back", "cancel", "configure", "exit"] },
      }),
    },
  }),
  "connect.enableWriteback": obj(["admin", "password"], { admin: str, password: str, mfaCode: str }),
  "connect.disableWriteback": obj(["admin", "password"], { admin: str, password: str, mfaCode: str }),
  "connect.viewConfiguration": none,
  "connect.stopService": none,
  /** Connector settings on the AD DS connector (Sign and Encrypt LDAP traffic, preferred DC). */
  "connect.setConnectorOption": obj([], { signAndEncrypt: bool, preferredDc: str }),
  "connect.startService": none,
  /** Settings of the Connect server outside the wizard (machine and build; see ConnectConfiguration). */
  "connect.setServerOption": obj([], {
    installedOnDc: bool,
    cannotChangePasswordHr: { enum: ["80230619", "80230626"] },
    writebackOnboardingRole: { enum: ["hybridIdentityAdministrator", "globalAdministrator"] },
  }),
  /** One synchronization cycle (AD users → Entra ID), e.g. after ad.createUser. */
  "connect.runSync": none,
  // Admin tools
  "aduc.setAdvancedFeatures": { oneOf: [bool, obj(["enabled"], { enabled: bool })] },
  "aduc.addPermission": permissionEntry,
  "aduc.removePermission": permissionEntry,
  "aduc.disableInheritance": obj(["object"], { object: str, convert: bool, as: credentials }),
  "aduc.enableInheritance": obj(["object"], { object: str, as: credentials }),
  "aduc.setUserCannotChangePassword": obj(["user"], { user: str, value: bool, as: credentials }),
  "aduc.effectiveAccess": obj(["object", "principal"], { object: str, principal: str, as: credentials }),
  dsacls: str,
  /** One AdSyncConfig command line; the object form answers its confirmation prompts (Y, A, N, L)
   * and picks the module build ("current", or "pre-2.0.3.0" with -SkipAdminSdHolders). */
  powershell: {
    oneOf: [
      str,
      obj(["command"], {
        command: str,
        answers: { type: "array", items: { enum: ["Y", "A", "N", "L", ""] } },
        module: { enum: ["current", "pre-2.0.3.0"] },
      }),
    ],
  },
  // Directory
  "ad.createUser": obj(["name"], {
    name: str,
    parent: str,
    password: str,
    upn: str,
    displayName: str,
    enabled: bool,
  }),
  "ad.createOU": obj(["name"], { name: str, parent: str, blockInheritance: bool }),
  "ad.move": obj(["object", "to"], { object: str, to: str }),
  "ad.delete": obj(["object"], { object: str }),
  "ad.addToGroup": obj(["member", "group"], { member: str, group: str }),
  "ad.removeFromGroup": obj(["member", "group"], { member: str, group: str }),
  "ad.setPasswordPolicy": obj([], {
    minPwdLength: int,
    pwdHistoryLength: int,
    complexity: bool,
    minPwdAge: str,
    maxPwdAge: str,
    lockoutThreshold: int,
    lockoutDuration: str,
    lockoutObservationWindow: str,
  }),
  "ad.disableAccount": obj(["user"], { user: str, enabled: bool }),
  "ad.lockOut": obj(["user"], { user: str, attempts: int }),
  "ad.bind": obj(["user", "password"], {
    user: str,
    password: str,
    transport: { enum: ["ldaps", "starttls", "ldap"] },
  }),
  "ad.modify": obj(["dn", "changes"], {
    dn: str,
    as: credentials,
    controls: strList,
    changes: {
      type: "array",
      minItems: 1,
      items: obj(["operation", "attribute"], {
        operation: { enum: ["add", "delete", "replace"] },
        attribute: str,
        values: { type: "array", items: { type: ["string", "number"] } },
        password: { type: "array", items: str },
      }),
    },
  }),
  "ad.search": obj(["base"], {
    base: str,
    filter: str,
    scope: { enum: ["base", "one", "sub"] },
    attributes: strList,
    as: credentials,
  }),
  /** "Network access: Restrict clients allowed to make remote calls to SAM" (RestrictRemoteSam). */
  "ad.setRestrictRemoteSam": obj([], {
    machine: { enum: ["dc", "connect"] },
    allow: strList,
    defined: bool,
    removeRegistryValue: bool,
  }),
  "ad.runSdProp": none,
  /**
   * Replace an object's owner, group and DACL from SDDL (Set-Acl / ldp's "Security"), as the admin.
   * Inherited ACEs in the SDDL are ignored (the DC recomputes them); `principals` maps stand-in SIDs
   * in the SDDL to accounts resolved on the target DC (what \`wbsim diagnose --out\` writes).
   */
  "ad.setSecurityDescriptor": obj(["object", "sddl"], {
    object: str,
    sddl: str,
    principals: { type: "object", additionalProperties: str },
    as: credentials,
  }),
  // Cloud
  "cloud.setSsprPolicy": obj([], {
    enabled: { enum: ["none", "selected", "all"] },
    group: str,
    administrators: bool,
    writeback: bool,
    unlock: bool,
    methodsRequired: { type: "integer", minimum: 1, maximum: 2 },
  }),
  "cloud.setLicense": obj(["user", "licensed"], { user: str, licensed: bool }),
  /** A tenant subscription (subscribedSkus) on or off; SSPR_0012 comes from these (LIC). */
  "cloud.setSubscription": obj(["sku", "enabled"], {
    sku: {
      enum: [
        "Microsoft Entra ID P1",
        "Microsoft Entra ID P2",
        "Microsoft 365 Business Standard",
        "Microsoft 365 Business Premium",
      ],
    },
    enabled: bool,
  }),
  /** Where SSPR_0012 looks: the tenant's subscriptions (default) or each user's assigned licences. */
  "cloud.setLicenseEnforcement": obj(["per"], { per: { enum: ["tenant", "user"] } }),
  "cloud.setRole": obj(["user", "role"], { user: str, role: str, remove: bool }),
  "cloud.setMfa": obj(["user", "enabled"], { user: str, enabled: bool }),
  "relay.fault": obj(["kind"], { kind: { enum: ["none", "unreachable", "delay", "drop"] }, ms: int }),
  // Users and admins
  "user.resetPassword": obj(["user", "newPassword"], {
    user: str,
    newPassword: str,
    verification: { enum: ["pass", "fail"] },
  }),
  "user.changePassword": obj(["user", "oldPassword", "newPassword"], {
    user: str,
    oldPassword: str,
    newPassword: str,
  }),
  "user.unlockAccount": obj(["user"], {
    user: str,
    newPassword: str,
    verification: { enum: ["pass", "fail"] },
  }),
  "admin.resetPassword": obj(["user", "newPassword"], {
    admin: str,
    password: str,
    user: str,
    newPassword: str,
    via: { enum: ["entra-portal", "graph", "m365-admin-center"] },
    forceChangeAtNextLogon: bool,
  }),
  // Time
  "clock.advance": {
    oneOf: [
      { type: "string", pattern: "^\\d+(ms|s|m|h|d)$" },
      { type: "integer", minimum: 0 },
    ],
  },
};

export const KNOWN_STEP_KINDS = Object.keys(STEP_KINDS).sort();
