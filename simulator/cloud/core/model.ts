/** The data model of a simulated Entra ID tenant: users, groups, applications, SSPR policy. */
import type { PasswordHash } from "./password-hash.ts";

/** Registered SSPR/MFA authentication methods (a subset of what Entra offers). */
export type AuthMethodType = "email" | "mobilePhone" | "officePhone" | "authenticatorApp";

export interface AuthMethodRegistration {
  type: AuthMethodType;
  /** Where codes go: an address, a phone number, or the app's display name. */
  target: string;
}

export interface CloudUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  /** Cloud-only or synced from AD by Connect. */
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
  onPremisesSecurityIdentifier: string | null;
  onPremisesDistinguishedName: string | null;
  onPremisesSamAccountName: string | null;
  onPremisesDomainName: string | null;
  onPremisesLastSyncDateTime: string | null;
  /** Federated users authenticate at the on-prem IdP (ROPC unsupported, facts §6). */
  federated: boolean;
  passwordHash?: PasswordHash;
  /** The hash of the previous password (change history blocks reusing it, [POLICY]). */
  previousPasswordHash?: PasswordHash;
  lastPasswordChangeDateTime: string | null;
  forceChangePasswordNextSignIn: boolean;
  /** SKU ids assigned. */
  licenses: Set<string>;
  /** Per-user MFA (legacy "enforced" state): ROPC gets AADSTS50076/50079. */
  mfaRequired: boolean;
  authMethods: AuthMethodRegistration[];
  /** Set when a cloud-only admin reset (M365 admin center, PATCH) left AD's password different. */
  cloudPasswordDivergedFromOnPremises: boolean;
}

export interface CloudGroup {
  id: string;
  displayName: string;
  members: Set<string>;
}

export interface CloudApplication {
  clientId: string;
  displayName: string;
  /** Confidential clients hold a secret (hashed) and may use client credentials. */
  secretHash?: PasswordHash;
  /** Application permissions granted (roles claim), e.g. "User.Read.All". */
  applicationPermissions: string[];
  /** Delegated permissions consented for users (scp claim on .default). */
  delegatedPermissions: string[];
}

export type SsprEnabledFor = "none" | "selected" | "all";

export interface SsprPolicy {
  /** "Self service password reset enabled": None / Selected / All. */
  enabledFor: SsprEnabledFor;
  /** The group for "Selected". */
  scopedGroupId: string | null;
  /** authorizationPolicy.allowedToUseSSPR — SSPR for administrators (SSPR_009 when false). */
  allowedToUseSSPRForAdmins: boolean;
  /** "Number of methods required to reset" (1 or 2); administrators always need 2. */
  methodsRequired: 1 | 2;
  /** Methods available to users. */
  methodsAvailable: AuthMethodType[];
  /** On-premises integration: "Write back passwords to your on-premises directory". */
  writebackEnabled: boolean;
  /** On-premises integration: "Allow users to unlock accounts without resetting their password". */
  allowUnlockWithoutReset: boolean;
  /** EnforceCloudPasswordPolicyForPasswordSyncedUsers. */
  enforceCloudPasswordPolicyForSyncedUsers: boolean;
}

export const DEFAULT_SSPR_POLICY: SsprPolicy = {
  enabledFor: "all",
  scopedGroupId: null,
  allowedToUseSSPRForAdmins: true,
  methodsRequired: 1,
  methodsAvailable: ["email", "mobilePhone", "officePhone", "authenticatorApp"],
  writebackEnabled: true,
  allowUnlockWithoutReset: true,
  enforceCloudPasswordPolicyForSyncedUsers: false,
};

/** What the sync engine (Connect) sends for each AD user it exports. */
export interface SyncedUserInput {
  userPrincipalName: string;
  onPremisesImmutableId: string;
  onPremisesSecurityIdentifier: string;
  onPremisesDistinguishedName: string;
  onPremisesSamAccountName: string;
  displayName: string;
  accountEnabled: boolean;
  onPremisesDomainName?: string;
  /** Password hash sync: the clear text is hashed here and never stored. */
  password?: string;
  mfaRequired?: boolean;
  authMethods?: AuthMethodRegistration[];
  /** Assign Entra ID P1 on first upsert (default true). */
  assignP1?: boolean;
}

/** The public (Graph) view of a user. */
export function userResource(u: CloudUser): Record<string, unknown> {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    accountEnabled: u.accountEnabled,
    onPremisesSyncEnabled: u.onPremisesSyncEnabled,
    onPremisesImmutableId: u.onPremisesImmutableId,
    onPremisesSecurityIdentifier: u.onPremisesSecurityIdentifier,
    onPremisesDistinguishedName: u.onPremisesDistinguishedName,
    onPremisesSamAccountName: u.onPremisesSamAccountName,
    onPremisesDomainName: u.onPremisesDomainName,
    onPremisesLastSyncDateTime: u.onPremisesLastSyncDateTime,
    lastPasswordChangeDateTime: u.lastPasswordChangeDateTime,
    passwordProfile: u.forceChangePasswordNextSignIn
      ? { forceChangePasswordNextSignIn: true, password: null }
      : null,
    assignedLicenses: [...u.licenses].map((skuId) => ({ disabledPlans: [], skuId })),
  };
}
