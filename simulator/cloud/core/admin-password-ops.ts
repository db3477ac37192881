/**
 * Password operations other than the SSPR portal, and whether each is written back
 * ([CONCEPT-ENTRA] "Which operations are written back", facts §5):
 *   • Entra admin center "Reset password" (by admin) ............ written back (31009…31011)
 *   • Graph authenticationMethod resetPassword ................... written back (async: 202 + operation)
 *   • Graph /me/changePassword (user voluntary change) ........... written back as a change (31006…31008)
 *     — ASSUMED: the docs list "user voluntary change" but not this Graph call by name.
 *   • Microsoft 365 admin center reset ........................... NOT written back; AD keeps the old password
 *   • Graph PATCH /users/{id} passwordProfile ..................... NOT written back (ASSUMED, facts §6)
 * A synced user whose tenant has writeback off (or never onboarded) gets a cloud-only change that
 * the next password hash sync would overwrite — ASSUMED.
 */
import type { SeededIds } from "../../clock/seeded-ids.ts";
import type { RelayDelivery } from "../relay/types.ts";
import { type Actor, requirePermission } from "./actor.ts";
import { GraphError } from "./catalogue/graph-errors.ts";
import { ADMIN_PORTAL_ON_PREMISES_POLICY_MESSAGE } from "./catalogue/sspr-messages.ts";
import { checkCloudPasswordRules } from "./cloud-password-rules.ts";
import type { CloudPorts } from "./cloud-ports.ts";
import { mayResetPassword, ROLE } from "./directory-roles.ts";
import type { CloudUser } from "./model.ts";
import type { Tenant } from "./tenant.ts";
import { goesOnPremises, type WritebackVerdict, writeBack, writebackDraft } from "./writeback-dispatch.ts";

/** Admin-center texts other than the attested policy one: UNVERIFIED. */
export const ADMIN_PORTAL_MESSAGES: Record<
  Exclude<WritebackVerdict, "success" | "wrongOldPassword">,
  string
> = {
  policyViolation: ADMIN_PORTAL_ON_PREMISES_POLICY_MESSAGE,
  adminActionRequired:
    "Unfortunately, you cannot reset this user's password because of a problem with your on-premises password writeback configuration.",
  connectivity:
    "Unfortunately, we can't reset this user's password right now because we can't connect to your on-premises writeback client.",
};

export type AdminResetResult =
  | { ok: true; temporaryPassword?: string; writtenBack: boolean; trackingId?: string }
  | { ok: false; verdict: WritebackVerdict; message: string; trackingId?: string };

/** Graph longRunningOperation for resetPassword (status values: ASSUMED longRunningStatus enum). */
export interface PasswordOperation {
  id: string;
  tenantId: string;
  userId: string;
  status: "notStarted" | "running" | "succeeded" | "failed";
  createdDateTime: string;
  lastActionDateTime: string;
  statusDetail: string | null;
  trackingId?: string;
  /** Settles when the operation reaches succeeded/failed (for in-process callers and tests). */
  done: Promise<void>;
}

const RESET_ROLES = [
  ROLE.globalAdministrator,
  ROLE.privilegedAuthenticationAdministrator,
  ROLE.authenticationAdministrator,
];

export class PasswordOps {
  /** Graph longRunningOperations by id (resetPassword). */
  readonly operations = new Map<string, PasswordOperation>();
  private readonly ids: SeededIds;

  constructor(private readonly cloud: CloudPorts) {
    this.ids = cloud.ids.fork("password-ops");
  }

  /** Entra admin center → Users → Reset password. Written back for synced users. */
  async entraPortalReset(
    tenantId: string,
    actorUserId: string,
    targetId: string,
    opts: { newPassword?: string; forceChangePasswordNextSignIn?: boolean } = {},
  ): Promise<AdminResetResult> {
    const { tenant, actor, target } = this.adminAndTarget(tenantId, actorUserId, targetId);
    const password = opts.newPassword ?? this.temporaryPassword();
    const force = opts.forceChangePasswordNextSignIn ?? true;
    if (goesOnPremises(this.cloud.relay, tenant, target)) {
      const { verdict, delivery } = await writeBack(
        this.cloud.relay,
        tenant,
        writebackDraft(target, "reset", "entraAdminReset", {
          newPassword: password,
          forceChangeAtNextLogon: force,
          unlockAccount: true,
          adminUpn: actor.userPrincipalName,
        }),
      );
      if (verdict !== "success") return this.failed(verdict, delivery);
      tenant.setPassword(target, password, force);
      target.cloudPasswordDivergedFromOnPremises = false;
      return {
        ok: true,
        writtenBack: true,
        trackingId: delivery.trackingId,
        ...this.shown(opts.newPassword, password),
      };
    }
    if (checkCloudPasswordRules(password)) throw new GraphError("passwordComplexity");
    tenant.setPassword(target, password, force);
    if (target.onPremisesSyncEnabled) target.cloudPasswordDivergedFromOnPremises = true;
    return { ok: true, writtenBack: false, ...this.shown(opts.newPassword, password) };
  }

  /** Microsoft 365 admin center → Reset password: cloud only, never written back. */
  async m365AdminReset(
    tenantId: string,
    actorUserId: string,
    targetId: string,
    opts: { newPassword?: string; forceChangePasswordNextSignIn?: boolean } = {},
  ): Promise<AdminResetResult> {
    const { tenant, target } = this.adminAndTarget(tenantId, actorUserId, targetId);
    const password = opts.newPassword ?? this.temporaryPassword();
    if (checkCloudPasswordRules(password)) throw new GraphError("passwordComplexity");
    tenant.setPassword(target, password, opts.forceChangePasswordNextSignIn ?? true);
    if (target.onPremisesSyncEnabled) target.cloudPasswordDivergedFromOnPremises = true;
    return { ok: true, writtenBack: false, ...this.shown(opts.newPassword, password) };
  }

  /**
   * POST /users/{id}/authentication/methods/{passwordMethodId}/resetPassword. Delegated only, by a
   * Global / Privileged Authentication / Authentication Administrator, never on one's own account;
   * newPassword is required in hybrid tenants. Returns the started operation.
   */
  graphResetPassword(
    actor: Actor,
    targetId: string,
    newPassword: string | undefined,
  ): { operation: PasswordOperation; generatedPassword?: string } {
    if (actor.kind !== "user") throw new GraphError("accessDenied");
    requirePermission(actor, ["UserAuthenticationMethod.ReadWrite.All"]);
    const { tenant } = actor;
    const target = this.target(tenant, targetId);
    const actorRoles = tenant.rolesOf(actor.user.id);
    if (target.id === actor.user.id) throw new GraphError("accessDenied");
    if (
      !RESET_ROLES.some((r) => actorRoles.has(r)) ||
      !mayResetPassword(actorRoles, tenant.rolesOf(target.id))
    )
      throw new GraphError("accessDenied");
    const hybrid = goesOnPremises(this.cloud.relay, tenant, target);
    if (hybrid && !newPassword)
      throw new GraphError("badRequest", {
        detail: "newPassword is required for users in a hybrid (writeback) tenant.",
      });
    this.throttle(tenant, target);
    const password = newPassword ?? this.temporaryPassword();
    if (!hybrid && checkCloudPasswordRules(password)) throw new GraphError("passwordComplexity");
    const now = this.cloud.clock.date().toISOString();
    let finish!: () => void;
    const op: PasswordOperation = {
      id: this.ids.guid(),
      tenantId: tenant.id,
      userId: target.id,
      status: "running",
      createdDateTime: now,
      lastActionDateTime: now,
      statusDetail: null,
      done: new Promise<void>((r) => {
        finish = r;
      }),
    };
    this.operations.set(op.id, op);
    const settle = (status: "succeeded" | "failed", detail: string | null, trackingId?: string) => {
      op.status = status;
      op.statusDetail = detail;
      op.trackingId = trackingId;
      op.lastActionDateTime = this.cloud.clock.date().toISOString();
      finish();
    };
    if (!hybrid) {
      tenant.setPassword(target, password, true);
      settle("succeeded", null);
    } else {
      writeBack(
        this.cloud.relay,
        tenant,
        writebackDraft(target, "reset", "graphResetPassword", {
          newPassword: password,
          forceChangeAtNextLogon: true,
          unlockAccount: true,
          adminUpn: actor.user.userPrincipalName,
        }),
      ).then(({ verdict, delivery }) => {
        if (verdict === "success") {
          tenant.setPassword(target, password, true);
          target.cloudPasswordDivergedFromOnPremises = false;
          settle("succeeded", null, delivery.trackingId);
        } else {
          settle(
            "failed",
            ADMIN_PORTAL_MESSAGES[verdict as keyof typeof ADMIN_PORTAL_MESSAGES] ?? verdict,
            delivery.trackingId,
          );
        }
      });
    }
    return { operation: op, generatedPassword: newPassword ? undefined : password };
  }

  getOperation(actor: Actor, userId: string, operationId: string): PasswordOperation {
    const target = this.target(actor.tenant, userId);
    const op = this.operations.get(operationId);
    if (!op || op.userId !== target.id || op.tenantId !== actor.tenant.id)
      throw new GraphError("resourceNotFound", { id: operationId });
    return op;
  }

  /** PATCH /users/{id} {passwordProfile}: cloud only. */
  patchPasswordProfile(
    actor: Actor,
    targetId: string,
    profile: { password?: string; forceChangePasswordNextSignIn?: boolean },
  ): void {
    const { tenant } = actor;
    const target = this.target(tenant, targetId);
    if (actor.kind === "app") {
      requirePermission(actor, ["User-PasswordProfile.ReadWrite.All", "User.ReadWrite.All"]);
    } else {
      requirePermission(actor, [
        "User-PasswordProfile.ReadWrite.All",
        "User.ReadWrite.All",
        "Directory.AccessAsUser.All",
      ]);
      if (!mayResetPassword(tenant.rolesOf(actor.user.id), tenant.rolesOf(target.id)))
        throw new GraphError("accessDenied");
    }
    if (profile.password !== undefined) {
      if (checkCloudPasswordRules(profile.password)) throw new GraphError("passwordComplexity");
      tenant.setPassword(target, profile.password, profile.forceChangePasswordNextSignIn ?? true);
      if (target.onPremisesSyncEnabled) target.cloudPasswordDivergedFromOnPremises = true;
    } else if (profile.forceChangePasswordNextSignIn !== undefined) {
      target.forceChangePasswordNextSignIn = profile.forceChangePasswordNextSignIn;
    }
  }

  /** POST /me/changePassword. Written back for synced users when writeback is on. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    if (actor.kind !== "user") throw new GraphError("accessDenied");
    const { tenant, user } = actor;
    const hybrid = goesOnPremises(this.cloud.relay, tenant, user);
    // With writeback, AD is the authority on the current password: the change goes on-premises as a
    // delete-old/add-new and a wrong current password comes back as 33007 (facts §8 case 10).
    if (!hybrid && !tenant.checkPassword(user, currentPassword)) throw new GraphError("wrongCurrentPassword");
    if (!hybrid || tenant.ssprPolicy.enforceCloudPasswordPolicyForSyncedUsers) {
      // Change history: the last password can't be reused on a change ([POLICY]).
      if (checkCloudPasswordRules(newPassword) || tenant.isPreviousPassword(user, newPassword))
        throw new GraphError("passwordComplexity");
    }
    if (!hybrid) {
      tenant.setPassword(user, newPassword, false);
      return;
    }
    const { verdict } = await writeBack(
      this.cloud.relay,
      tenant,
      writebackDraft(user, "change", "userChange", { oldPassword: currentPassword, newPassword }),
    );
    switch (verdict) {
      case "success":
        tenant.setPassword(user, newPassword, false);
        user.cloudPasswordDivergedFromOnPremises = false;
        return;
      case "policyViolation":
        throw new GraphError("onPremisesPolicy");
      case "wrongOldPassword":
        throw new GraphError("wrongCurrentPassword");
      case "connectivity":
        throw new GraphError("writebackUnavailable");
      default:
        throw new GraphError("writebackChangeFailed");
    }
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────

  private adminAndTarget(tenantId: string, actorUserId: string, targetId: string) {
    const tenant = this.cloud.tenant(tenantId);
    if (!tenant) throw new Error(`no tenant ${tenantId}`);
    const actor = tenant.findUser(actorUserId);
    if (!actor) throw new GraphError("resourceNotFound", { id: actorUserId });
    const target = this.target(tenant, targetId);
    // An administrator can't use the reset tool on their own account ([CONCEPT-ENTRA]).
    if (actor.id === target.id) throw new GraphError("accessDenied");
    if (!mayResetPassword(tenant.rolesOf(actor.id), tenant.rolesOf(target.id)))
      throw new GraphError("accessDenied");
    return { tenant, actor, target };
  }

  private target(tenant: Tenant, idOrUpn: string): CloudUser {
    const u = tenant.findUser(idOrUpn);
    if (!u) throw new GraphError("resourceNotFound", { id: idOrUpn });
    return u;
  }

  private throttle(tenant: Tenant, target: CloudUser): void {
    const now = this.cloud.clock.now();
    const wait = tenant.resetThrottle.blockedFor(target.id, now);
    if (wait > 0)
      throw new GraphError("tooManyRequests", {}, { "Retry-After": String(Math.ceil(wait / 1000)) });
    tenant.resetThrottle.record(target.id, now);
  }

  private failed(verdict: WritebackVerdict, delivery: RelayDelivery): AdminResetResult {
    const message =
      ADMIN_PORTAL_MESSAGES[verdict as keyof typeof ADMIN_PORTAL_MESSAGES] ??
      ADMIN_PORTAL_MESSAGES.adminActionRequired;
    return { ok: false, verdict, message, trackingId: delivery.trackingId };
  }

  private shown(given: string | undefined, password: string): { temporaryPassword?: string } {
    return given ? {} : { temporaryPassword: password };
  }

  /** A system-generated temporary password meeting the cloud rules (like the portal's). */
  private temporaryPassword(): string {
    const consonants = "bcdfghjkmnpqrstvwxz";
    const vowels = "aeiou";
    const pick = (s: string) => s[this.ids.nextInt(0, s.length - 1)];
    const word = pick(consonants).toUpperCase() + pick(vowels) + pick(consonants) + pick(vowels);
    return `${word}${String(this.ids.nextInt(0, 9999)).padStart(4, "0")}!${pick(consonants)}`;
  }
}
