/**
 * The SSPR portal flow (passwordreset.microsoftonline.com) as a session state machine:
 *
 *   whoAreYou ──► whyTrouble ──► verification ──► newPassword ──► finished
 *       │           (synced users,     │ (unlock: the unlock is       │
 *       │            unlock allowed)   │  written back right here)    │
 *       └──────────────► error ◄───────┴──────────────────────────────┘
 *
 * "Who are you?" takes the user ID and a case-insensitive captcha; "Why are you having trouble
 * signing in?" offers "I forgot my password" and "I know my password, but still can't sign in"
 * (unlock); verification asks for as many registered methods as the policy requires (codes arrive
 * in the tenant's simulated outbox). For a synced user the portal checks that the writeback service is
 * up right after "Who are you?", before the user passes the authentication gates (CONCEPT: "A check is
 * performed to see if the writeback service is up and running… Next, the user passes the appropriate
 * authentication gates") — if not, SSPR_0030 (which code: UNVERIFIED). Outcomes: success, an SSPR_00NN
 * page, the on-prem policy message (the user stays on the new-password page and may retry), or
 * OnPremisesSuccessCloudFailure.
 */
import { canDeliver } from "./catalogue/portal-status.ts";
import {
  ON_PREMISES_POLICY_MESSAGE,
  ON_PREMISES_SUCCESS_CLOUD_FAILURE,
  SSPR_ERRORS,
  SSPR_PAGE_TEXT,
  type SsprErrorCode,
} from "./catalogue/sspr-messages.ts";
import { checkCloudPasswordRules } from "./cloud-password-rules.ts";
import type { CloudPorts } from "./cloud-ports.ts";
import type { AuthMethodType, CloudUser } from "./model.ts";
import { ssprEligibility, ssprRequirements } from "./sspr-eligibility.ts";
import type { Tenant } from "./tenant.ts";
import { writeBack, writebackDraft } from "./writeback-dispatch.ts";

const MAX_SESSIONS = 10_000;

export type SsprPage = "whoAreYou" | "whyTrouble" | "verification" | "newPassword" | "finished" | "error";
export type SsprReason = "forgotPassword" | "unlockAccount";

export interface SsprSession {
  id: string;
  page: SsprPage;
  captcha: string;
  tenantId?: string;
  userId?: string;
  reason: SsprReason;
  methodsRequired: number;
  verified: AuthMethodType[];
  sentCodes: Map<AuthMethodType, string>;
  message?: string;
  error?: SsprErrorView;
  result?: SsprResultView;
}

export interface SsprErrorView {
  code: SsprErrorCode;
  enumName: string;
  /** What the "We're sorry" screen says (the portal's words where a source quotes them). */
  userText: string;
  technicalDetails: string;
  supportCode: string;
}

export interface SsprResultView {
  outcome: "passwordReset" | "accountUnlocked" | "onPremisesSuccessCloudFailure";
  text: string;
  technicalDetails?: string;
  trackingId?: string;
}

/** What a client sees of a session (no codes, no passwords). */
export interface SsprView {
  sessionId: string;
  page: SsprPage;
  captcha?: string;
  userPrincipalName?: string;
  reasons?: SsprReason[];
  methods?: Array<{ type: AuthMethodType; target: string; verified: boolean }>;
  methodsRequired?: number;
  message?: string;
  error?: SsprErrorView;
  result?: SsprResultView;
}

/** Request-level failures (not portal pages): every transport maps them to an HTTP error. */
export class SsprFlowError extends Error {
  constructor(
    readonly kind: "sessionNotFound" | "wrongPage" | "throttled" | "badInput",
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
    this.name = "SsprFlowError";
  }
}

export class SsprFlow {
  /** Open portal sessions by id, oldest first. */
  readonly sessions = new Map<string, SsprSession>();

  constructor(private readonly cloud: CloudPorts) {}

  start(): SsprView {
    const s: SsprSession = {
      id: this.cloud.newRequestId(),
      page: "whoAreYou",
      captcha: this.newCaptcha(),
      reason: "forgotPassword",
      methodsRequired: 1,
      verified: [],
      sentCodes: new Map(),
    };
    this.sessions.set(s.id, s);
    // Bounded memory for long-running servers: the oldest sessions go first (Map keeps insertion order).
    for (const id of this.sessions.keys()) {
      if (this.sessions.size <= MAX_SESSIONS) break;
      this.sessions.delete(id);
    }
    return this.view(s);
  }

  get(sessionId: string): SsprView {
    return this.view(this.session(sessionId));
  }

  /** The captcha text of a session (a user reads it off the image; test drivers read it here). */
  whoAreYou(sessionId: string, input: { userId: string; captcha: string }): SsprView {
    const s = this.session(sessionId, "whoAreYou");
    s.message = undefined;
    if (input.captcha.trim().toLowerCase() !== s.captcha.toLowerCase()) {
      s.captcha = this.newCaptcha();
      s.message = SSPR_PAGE_TEXT.captchaMismatch;
      return this.view(s);
    }
    const domain = input.userId.split("@")[1] ?? "";
    const tenant = this.cloud.resolveTenant(domain);
    const user = tenant?.findUser(input.userId);
    if (!tenant || !user) {
      s.captcha = this.newCaptcha();
      s.message = SSPR_PAGE_TEXT.userNotFound;
      return this.view(s);
    }
    this.assertNotThrottled(tenant, user);
    s.tenantId = tenant.id;
    s.userId = user.id;
    const health = this.cloud.relay.health(tenant.id);
    const blocked = ssprEligibility(tenant, user, health);
    if (blocked) return this.fail(s, blocked);
    // The writeback health check comes before the verification gates (CONCEPT).
    if (user.onPremisesSyncEnabled && !canDeliver(health.state)) return this.fail(s, "SSPR_0030");
    s.methodsRequired = ssprRequirements(tenant, user).methodsRequired;
    s.page =
      user.onPremisesSyncEnabled && tenant.ssprPolicy.allowUnlockWithoutReset ? "whyTrouble" : "verification";
    return this.view(s);
  }

  whyTrouble(sessionId: string, input: { reason: SsprReason }): SsprView {
    const s = this.session(sessionId, "whyTrouble");
    s.reason = input.reason;
    s.page = "verification";
    s.message = undefined;
    return this.view(s);
  }

  sendCode(sessionId: string, input: { method: AuthMethodType }): SsprView {
    const s = this.session(sessionId, "verification");
    const { tenant, user } = this.subject(s);
    const method = ssprRequirements(tenant, user).usableMethods.find((m) => m.type === input.method);
    if (!method)
      throw new SsprFlowError("badInput", `No registered method '${input.method}' for this account.`);
    this.assertNotThrottled(tenant, user, tenant.verificationThrottle);
    s.sentCodes.set(method.type, tenant.sendVerificationCode(user, method));
    s.message = undefined;
    return this.view(s);
  }

  async verify(sessionId: string, input: { method: AuthMethodType; code: string }): Promise<SsprView> {
    const s = this.session(sessionId, "verification");
    const { tenant, user } = this.subject(s);
    const sent = s.sentCodes.get(input.method);
    if (!sent) throw new SsprFlowError("badInput", `No code was sent to method '${input.method}'.`);
    if (input.code.trim() !== sent) {
      tenant.verificationThrottle.record(user.id, this.cloud.clock.now());
      this.assertNotThrottled(tenant, user, tenant.verificationThrottle);
      s.message = SSPR_PAGE_TEXT.wrongCode;
      return this.view(s);
    }
    s.sentCodes.delete(input.method);
    if (!s.verified.includes(input.method)) s.verified.push(input.method);
    s.message = undefined;
    if (s.verified.length < s.methodsRequired) return this.view(s);
    if (s.reason === "unlockAccount") return this.unlock(s, tenant, user);
    s.page = "newPassword";
    return this.view(s);
  }

  async newPassword(
    sessionId: string,
    input: { newPassword: string; confirmPassword: string },
  ): Promise<SsprView> {
    const s = this.session(sessionId, "newPassword");
    const { tenant, user } = this.subject(s);
    s.message = undefined;
    if (input.newPassword !== input.confirmPassword) {
      s.message = SSPR_PAGE_TEXT.passwordsDontMatch;
      return this.view(s);
    }
    this.assertNotThrottled(tenant, user);
    const synced = user.onPremisesSyncEnabled === true;
    if (!synced || tenant.ssprPolicy.enforceCloudPasswordPolicyForSyncedUsers) {
      if (checkCloudPasswordRules(input.newPassword)) {
        s.message = SSPR_PAGE_TEXT.cloudPolicy;
        return this.view(s);
      }
    }
    tenant.resetThrottle.record(user.id, this.cloud.clock.now());
    if (!synced) {
      tenant.setPassword(user, input.newPassword, false);
      return this.finish(s, { outcome: "passwordReset", text: SSPR_PAGE_TEXT.resetSuccess });
    }
    const { verdict, delivery } = await writeBack(
      this.cloud.relay,
      tenant,
      writebackDraft(user, "reset", "sspr", {
        newPassword: input.newPassword,
        unlockAccount: true, // "By default, Microsoft Entra ID unlocks accounts when it performs a password reset."
        forceChangeAtNextLogon: false,
      }),
    );
    switch (verdict) {
      case "success":
        return this.commitCloud(s, tenant, user, input.newPassword, delivery.trackingId);
      case "policyViolation":
        s.message = ON_PREMISES_POLICY_MESSAGE;
        return this.view(s);
      case "connectivity":
        return this.fail(s, "SSPR_0030");
      default:
        return this.fail(s, "SSPR_0029");
    }
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────

  private async unlock(s: SsprSession, tenant: Tenant, user: CloudUser): Promise<SsprView> {
    tenant.resetThrottle.record(user.id, this.cloud.clock.now());
    const { verdict, delivery } = await writeBack(
      this.cloud.relay,
      tenant,
      writebackDraft(user, "unlock", "sspr", { unlockAccount: true }),
    );
    if (verdict === "success")
      return this.finish(s, {
        outcome: "accountUnlocked",
        text: SSPR_PAGE_TEXT.unlockSuccess,
        trackingId: delivery.trackingId,
      });
    return this.fail(s, verdict === "connectivity" ? "SSPR_0030" : "SSPR_0029");
  }

  private commitCloud(
    s: SsprSession,
    tenant: Tenant,
    user: CloudUser,
    password: string,
    trackingId: string,
  ): SsprView {
    if (this.cloud.faults.cloudPasswordWriteFails) {
      return this.finish(s, {
        outcome: "onPremisesSuccessCloudFailure",
        text: ON_PREMISES_SUCCESS_CLOUD_FAILURE.userText,
        technicalDetails: ON_PREMISES_SUCCESS_CLOUD_FAILURE.technicalDetails,
        trackingId,
      });
    }
    tenant.setPassword(user, password, false);
    user.cloudPasswordDivergedFromOnPremises = false;
    return this.finish(s, { outcome: "passwordReset", text: SSPR_PAGE_TEXT.resetSuccess, trackingId });
  }

  private finish(s: SsprSession, result: SsprResultView): SsprView {
    s.page = "finished";
    s.result = result;
    return this.view(s);
  }

  private fail(s: SsprSession, code: SsprErrorCode): SsprView {
    const e = SSPR_ERRORS[code];
    s.page = "error";
    s.error = {
      code,
      enumName: e.enumName,
      userText: e.screenText ?? e.userText,
      technicalDetails: e.technicalDetails,
      supportCode: this.cloud.newRequestId(),
    };
    return this.view(s);
  }

  private assertNotThrottled(tenant: Tenant, user: CloudUser, throttle = tenant.resetThrottle): void {
    const wait = throttle.blockedFor(user.id, this.cloud.clock.now());
    if (wait > 0) throw new SsprFlowError("throttled", SSPR_PAGE_TEXT.throttled, wait);
  }

  private session(id: string, page?: SsprPage): SsprSession {
    const s = this.sessions.get(id);
    if (!s) throw new SsprFlowError("sessionNotFound", `SSPR session '${id}' does not exist.`);
    if (page && s.page !== page) {
      throw new SsprFlowError("wrongPage", `SSPR session '${id}' is on page '${s.page}', not '${page}'.`);
    }
    return s;
  }

  private subject(s: SsprSession): { tenant: Tenant; user: CloudUser } {
    const tenant = this.cloud.tenant(s.tenantId ?? "");
    const user = tenant?.findUser(s.userId ?? "");
    if (!tenant || !user) throw new SsprFlowError("sessionNotFound", `SSPR session '${s.id}' has no user.`);
    return { tenant, user };
  }

  private newCaptcha(): string {
    // Letters and digits without look-alikes, like the portal's image captcha.
    const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let out = "";
    for (let i = 0; i < 6; i++) out += alphabet[this.cloud.ids.nextInt(0, alphabet.length - 1)];
    return out;
  }

  private view(s: SsprSession): SsprView {
    const v: SsprView = { sessionId: s.id, page: s.page };
    if (s.page === "whoAreYou") v.captcha = s.captcha;
    const tenant = this.cloud.tenant(s.tenantId ?? "");
    const user = tenant?.findUser(s.userId ?? "");
    if (user) v.userPrincipalName = user.userPrincipalName;
    if (s.page === "whyTrouble") v.reasons = ["forgotPassword", "unlockAccount"];
    if (s.page === "verification" && tenant && user) {
      v.methods = ssprRequirements(tenant, user).usableMethods.map((m) => ({
        type: m.type,
        target: maskTarget(m.target),
        verified: s.verified.includes(m.type),
      }));
      v.methodsRequired = s.methodsRequired;
    }
    if (s.message) v.message = s.message;
    if (s.error) v.error = s.error;
    if (s.result) v.result = s.result;
    return v;
  }
}

/** The portal shows only the ends of a phone number or address ("Text +X XXXXXXXX12"). */
function maskTarget(target: string): string {
  if (target.includes("@")) {
    const [local, domain] = target.split("@");
    return `${local.slice(0, 2)}*******@${domain}`;
  }
  return `${"X".repeat(Math.max(0, target.length - 2))}${target.slice(-2)}`;
}
