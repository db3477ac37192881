/**
 * One Entra ID tenant: its domains, users (cloud-only and synced), groups, directory roles, licenses,
 * applications and SSPR policy. Pure state plus invariants; flows (SSPR, admin resets, tokens) live in
 * their own files and act on it.
 */
import type { SeededIds } from "../../clock/seeded-ids.ts";
import type { SimClock } from "../../clock/sim-clock.ts";
import {
  ENTRA_ID_P1_SKU_ID,
  ENTRA_ID_P2_SKU_ID,
  M365_BUSINESS_PREMIUM_SKU_ID,
  M365_BUSINESS_STANDARD_SKU_ID,
} from "./constants.ts";
import { isAdminForSspr, ROLE_DISPLAY_NAMES, type RoleTemplateId } from "./directory-roles.ts";
import {
  type AuthMethodRegistration,
  type CloudApplication,
  type CloudGroup,
  type CloudUser,
  DEFAULT_SSPR_POLICY,
  type SsprPolicy,
  type SyncedUserInput,
} from "./model.ts";
import { hashPassword, verifyPassword } from "./password-hash.ts";
import { AttemptThrottle } from "./reset-throttle.ts";
import { SmartLockout } from "./smart-lockout.ts";

export interface OutboxMessage {
  at: string;
  userId: string;
  method: AuthMethodRegistration["type"];
  target: string;
  /** The one-time code the simulated SMS/email/app delivered. */
  code: string;
}

export interface CloudUserInput {
  userPrincipalName: string;
  displayName: string;
  password: string;
  roles?: RoleTemplateId[];
  licensed?: boolean;
  mfaRequired?: boolean;
  federated?: boolean;
  authMethods?: AuthMethodRegistration[];
  accountEnabled?: boolean;
}

export class Tenant {
  readonly id: string;
  readonly initialDomain: string;
  readonly verifiedDomains: string[];
  readonly displayName: string;
  readonly ssprPolicy: SsprPolicy = {
    ...DEFAULT_SSPR_POLICY,
    methodsAvailable: [...DEFAULT_SSPR_POLICY.methodsAvailable],
  };
  /**
   * The tenant's subscriptions (subscribedSkus with enabled units). Contoso bought Entra ID P1 for its
   * users. SSPR is licensed from these (LIC: "Some tenant services are not currently capable of
   * limiting benefits to specific users").
   */
  readonly subscriptions = new Set<string>([ENTRA_ID_P1_SKU_ID]);
  /**
   * Where SSPR_0012 looks: the tenant's subscriptions ("tenant", LIC) or, as a kept variant for a
   * support case that saw per-user enforcement, the user's own assigned licences ("user").
   */
  licenseEnforcement: "tenant" | "user" = "tenant";
  readonly groups = new Map<string, CloudGroup>();
  readonly applications = new Map<string, CloudApplication>();
  /** Simulated SMS/email/app deliveries (for test drivers: the codes a user would receive). */
  readonly outbox: OutboxMessage[] = [];
  /** Reset attempts per account (SSPR throttling). */
  readonly resetThrottle = new AttemptThrottle();
  /** Verification-code attempts per account. */
  readonly verificationThrottle = new AttemptThrottle();
  /** Smart lockout on sign-ins (the token endpoint). */
  readonly smartLockout: SmartLockout;
  private readonly users = new Map<string, CloudUser>();
  private readonly roleMembers = new Map<string, Set<string>>();
  private readonly ids: SeededIds;
  private readonly clock: SimClock;

  constructor(opts: {
    id: string;
    initialDomain: string;
    verifiedDomains?: string[];
    displayName?: string;
    ids: SeededIds;
    clock: SimClock;
  }) {
    this.id = opts.id;
    this.initialDomain = opts.initialDomain.toLowerCase();
    this.verifiedDomains = (opts.verifiedDomains ?? []).map((d) => d.toLowerCase());
    this.displayName = opts.displayName ?? opts.initialDomain.split(".")[0];
    this.ids = opts.ids.fork(`tenant:${opts.id}`);
    this.clock = opts.clock;
    this.smartLockout = new SmartLockout(opts.clock);
  }

  /** Every domain that names this tenant (initial + verified). */
  get domains(): string[] {
    return [this.initialDomain, ...this.verifiedDomains];
  }

  // ── users ──────────────────────────────────────────────────────────────────────────────────

  createCloudUser(input: CloudUserInput): CloudUser {
    this.assertDomain(input.userPrincipalName);
    if (this.findUser(input.userPrincipalName))
      throw new Error(`user ${input.userPrincipalName} already exists`);
    const u: CloudUser = {
      ...this.blankUser(input.userPrincipalName, input.displayName),
      accountEnabled: input.accountEnabled ?? true,
      federated: input.federated ?? false,
      mfaRequired: input.mfaRequired ?? false,
      authMethods: [...(input.authMethods ?? [])],
    };
    if (input.licensed ?? true) u.licenses.add(ENTRA_ID_P1_SKU_ID);
    this.users.set(u.id, u);
    this.setPassword(u, input.password, false);
    for (const r of input.roles ?? []) this.assignRole(u.id, r);
    return u;
  }

  /**
   * The sync engine's export to Entra ID (Connect calls this). Matches on onPremisesImmutableId (the
   * sourceAnchor), then on UPN (soft match); creates the user when new. P1 is assigned on creation
   * unless assignP1 is false. `password`, when given, stands for password hash sync.
   */
  upsertSyncedUser(input: SyncedUserInput): CloudUser {
    this.assertDomain(input.userPrincipalName);
    let u = this.findUserByAnchor(input.onPremisesImmutableId) ?? this.findUser(input.userPrincipalName);
    const created = !u;
    if (!u) {
      u = this.blankUser(input.userPrincipalName, input.displayName);
      this.users.set(u.id, u);
    }
    u.userPrincipalName = input.userPrincipalName;
    u.displayName = input.displayName;
    u.accountEnabled = input.accountEnabled;
    u.onPremisesSyncEnabled = true;
    u.onPremisesImmutableId = input.onPremisesImmutableId;
    u.onPremisesSecurityIdentifier = input.onPremisesSecurityIdentifier;
    u.onPremisesDistinguishedName = input.onPremisesDistinguishedName;
    u.onPremisesSamAccountName = input.onPremisesSamAccountName;
    u.onPremisesDomainName = input.onPremisesDomainName ?? this.verifiedDomains[0] ?? null;
    u.onPremisesLastSyncDateTime = this.nowIso();
    if (input.mfaRequired !== undefined) u.mfaRequired = input.mfaRequired;
    if (input.authMethods) u.authMethods = [...input.authMethods];
    if (created && (input.assignP1 ?? true)) u.licenses.add(ENTRA_ID_P1_SKU_ID);
    if (input.password !== undefined) {
      this.setPassword(u, input.password, false);
      u.cloudPasswordDivergedFromOnPremises = false;
    }
    return u;
  }

  /** Removes a synced user (deleted or out of scope on-prem). */
  removeSyncedUser(onPremisesImmutableId: string): boolean {
    const u = this.findUserByAnchor(onPremisesImmutableId);
    if (!u) return false;
    this.users.delete(u.id);
    for (const m of this.roleMembers.values()) m.delete(u.id);
    for (const g of this.groups.values()) g.members.delete(u.id);
    return true;
  }

  /** Finds by object id or UPN (case-insensitive). */
  findUser(idOrUpn: string): CloudUser | undefined {
    const byId = this.users.get(idOrUpn);
    if (byId) return byId;
    const lower = idOrUpn.toLowerCase();
    for (const u of this.users.values()) if (u.userPrincipalName.toLowerCase() === lower) return u;
    return undefined;
  }

  findUserByAnchor(immutableId: string): CloudUser | undefined {
    for (const u of this.users.values()) if (u.onPremisesImmutableId === immutableId) return u;
    return undefined;
  }

  listUsers(): CloudUser[] {
    return [...this.users.values()];
  }

  /** Stores a new cloud password (hash only). */
  setPassword(u: CloudUser, password: string, forceChange: boolean): void {
    // A new password (reset or change) unlocks a smart-locked account.
    this.smartLockout?.unlock(u.id);
    if (u.passwordHash) u.previousPasswordHash = u.passwordHash;
    u.passwordHash = hashPassword(password);
    u.lastPasswordChangeDateTime = this.nowIso();
    u.forceChangePasswordNextSignIn = forceChange;
  }

  checkPassword(u: CloudUser, password: string): boolean {
    return verifyPassword(password, u.passwordHash);
  }

  isPreviousPassword(u: CloudUser, password: string): boolean {
    return verifyPassword(password, u.previousPasswordHash) || verifyPassword(password, u.passwordHash);
  }

  setAuthMethods(userId: string, methods: AuthMethodRegistration[]): void {
    this.mustUser(userId).authMethods = [...methods];
  }

  setMfaRequired(userId: string, required: boolean): void {
    this.mustUser(userId).mfaRequired = required;
  }

  setAccountEnabled(userId: string, enabled: boolean): void {
    this.mustUser(userId).accountEnabled = enabled;
  }

  // ── licenses ───────────────────────────────────────────────────────────────────────────────

  assignLicense(userId: string, skuId: string = ENTRA_ID_P1_SKU_ID): void {
    this.mustUser(userId).licenses.add(skuId);
  }

  removeLicense(userId: string, skuId: string = ENTRA_ID_P1_SKU_ID): void {
    this.mustUser(userId).licenses.delete(skuId);
  }

  /** Entra ID P1 or P2 assigned to this user (onboarding checks the administrator's own licence). */
  hasPremiumLicense(u: CloudUser): boolean {
    return u.licenses.has(ENTRA_ID_P1_SKU_ID) || u.licenses.has(ENTRA_ID_P2_SKU_ID);
  }

  setSubscription(skuId: string, active: boolean): void {
    if (active) this.subscriptions.add(skuId);
    else this.subscriptions.delete(skuId);
  }

  /**
   * Whether SSPR is licensed for this user (LIC's table): a synced user's reset or change with
   * writeback needs Entra ID P1/P2 or Microsoft 365 Business Premium; a cloud-only user's reset also
   * works with Microsoft 365 Business Standard. Looked up in the tenant's subscriptions, or in the
   * user's assigned licences when licenseEnforcement is "user".
   */
  ssprLicensed(u: CloudUser): boolean {
    const skus = [ENTRA_ID_P1_SKU_ID, ENTRA_ID_P2_SKU_ID, M365_BUSINESS_PREMIUM_SKU_ID];
    if (!u.onPremisesSyncEnabled) skus.push(M365_BUSINESS_STANDARD_SKU_ID);
    const held = this.licenseEnforcement === "user" ? u.licenses : this.subscriptions;
    return skus.some((sku) => held.has(sku));
  }

  // ── roles ──────────────────────────────────────────────────────────────────────────────────

  assignRole(userId: string, role: RoleTemplateId): void {
    if (!(role in ROLE_DISPLAY_NAMES)) throw new Error(`unknown role template id ${role}`);
    this.mustUser(userId);
    const set = this.roleMembers.get(role) ?? new Set<string>();
    this.roleMembers.set(role, set);
    set.add(userId);
  }

  removeRole(userId: string, role: RoleTemplateId): void {
    this.roleMembers.get(role)?.delete(userId);
  }

  rolesOf(userId: string): Set<string> {
    const out = new Set<string>();
    for (const [role, members] of this.roleMembers) if (members.has(userId)) out.add(role);
    return out;
  }

  isAdmin(userId: string): boolean {
    return isAdminForSspr(this.rolesOf(userId));
  }

  // ── groups ─────────────────────────────────────────────────────────────────────────────────

  createGroup(displayName: string): CloudGroup {
    const g: CloudGroup = { id: this.ids.guid(), displayName, members: new Set() };
    this.groups.set(g.id, g);
    return g;
  }

  addGroupMember(groupId: string, userId: string): void {
    const g = this.groups.get(groupId);
    if (!g) throw new Error(`no group ${groupId}`);
    g.members.add(this.mustUser(userId).id);
  }

  removeGroupMember(groupId: string, userId: string): void {
    this.groups.get(groupId)?.members.delete(userId);
  }

  // ── applications ───────────────────────────────────────────────────────────────────────────

  registerApplication(app: {
    clientId: string;
    displayName: string;
    secret?: string;
    applicationPermissions?: string[];
    delegatedPermissions?: string[];
  }): CloudApplication {
    const a: CloudApplication = {
      clientId: app.clientId,
      displayName: app.displayName,
      secretHash: app.secret ? hashPassword(app.secret) : undefined,
      applicationPermissions: [...(app.applicationPermissions ?? [])],
      delegatedPermissions: [...(app.delegatedPermissions ?? [])],
    };
    this.applications.set(a.clientId, a);
    return a;
  }

  // ── SSPR policy ────────────────────────────────────────────────────────────────────────────

  updateSsprPolicy(patch: Partial<SsprPolicy>): SsprPolicy {
    Object.assign(this.ssprPolicy, patch);
    return { ...this.ssprPolicy };
  }

  /** A simulated SMS/email/app code for `u` via `method`; recorded in the outbox. */
  sendVerificationCode(u: CloudUser, method: AuthMethodRegistration): string {
    const code = String(this.ids.nextInt(0, 999_999)).padStart(6, "0");
    this.outbox.push({ at: this.nowIso(), userId: u.id, method: method.type, target: method.target, code });
    if (this.outbox.length > 10_000) this.outbox.splice(0, this.outbox.length - 10_000);
    return code;
  }

  /** The latest code delivered to a user (test drivers read it, as a user reads their phone). */
  lastCodeFor(userId: string, method?: AuthMethodRegistration["type"]): string | undefined {
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      const m = this.outbox[i];
      if (m.userId === userId && (!method || m.method === method)) return m.code;
    }
    return undefined;
  }

  newId(): string {
    return this.ids.guid();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private blankUser(upn: string, displayName: string): CloudUser {
    return {
      id: this.ids.guid(),
      userPrincipalName: upn,
      displayName,
      accountEnabled: true,
      onPremisesSyncEnabled: null,
      onPremisesImmutableId: null,
      onPremisesSecurityIdentifier: null,
      onPremisesDistinguishedName: null,
      onPremisesSamAccountName: null,
      onPremisesDomainName: null,
      onPremisesLastSyncDateTime: null,
      federated: false,
      lastPasswordChangeDateTime: null,
      forceChangePasswordNextSignIn: false,
      licenses: new Set(),
      mfaRequired: false,
      authMethods: [],
      cloudPasswordDivergedFromOnPremises: false,
    };
  }

  private mustUser(userId: string): CloudUser {
    const u = this.findUser(userId);
    if (!u) throw new Error(`no user ${userId} in tenant ${this.initialDomain}`);
    return u;
  }

  private assertDomain(upn: string): void {
    const domain = upn.split("@")[1]?.toLowerCase();
    if (!domain || !this.domains.includes(domain)) {
      throw new Error(
        `UPN ${upn} is not in a domain of tenant ${this.initialDomain} (${this.domains.join(", ")})`,
      );
    }
  }

  private nowIso(): string {
    // Graph renders DateTimeOffset without fractional seconds.
    return `${this.clock.date().toISOString().slice(0, 19)}Z`;
  }
}
