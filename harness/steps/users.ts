/**
 * What users and admins do in the cloud:
 *  - user.resetPassword / user.unlockAccount walk the SSPR portal as passwordreset.microsoftonline.com
 *    does: Who are you? (user ID + captcha) → Why are you having trouble signing in? → verification
 *    (a code sent to each required method, read off the user's phone) → new password → finish;
 *  - user.changePassword is the My Account change (Graph /me/changePassword);
 *  - admin.resetPassword from the Entra admin center, Graph authenticationMethod resetPassword, or the
 *    Microsoft 365 admin center.
 * The LDAP result reported is the one the writeback agent got from the DC.
 */
import { GraphError } from "../../simulator/cloud/core/catalogue/graph-errors.ts";
import type { SsprReason, SsprView } from "../../simulator/cloud/core/sspr-session.ts";
import { SsprFlowError } from "../../simulator/cloud/core/sspr-session.ts";
import type { Environment } from "../environment.ts";
import type { StepResult } from "../run/types.ts";
import { type Executors, failed, ok } from "./results.ts";

/** The DC's answer to the agent during this step, if writeback reached a DC. */
function agentLdap(env: Environment): StepResult["ldap"] {
  const r = env.stepState.lastWriteback;
  if (!r || r.ldapResultCode === undefined) return undefined;
  return { code: r.ldapResultCode, message: r.ldapMessage ?? "" };
}

function withLdap(env: Environment, r: StepResult): StepResult {
  const ldap = agentLdap(env);
  return ldap ? { ...r, ldap } : r;
}

function errorPage(v: SsprView, details: string[]): StepResult {
  const e = v.error!;
  return failed(`SSPR stopped with ${e.code} (${e.enumName})`, {
    ssprCode: e.code,
    // The screen's paragraphs on one line (SSPR_0029's screen text has two).
    userMessage: `${e.userText.replace(/\s*\n+\s*/g, " ")} ${e.technicalDetails}`,
    details,
  });
}

interface SsprWalk {
  user: string;
  reason: SsprReason;
  newPassword?: string;
  verification?: "pass" | "fail";
}

async function walkSspr(env: Environment, w: SsprWalk): Promise<StepResult> {
  const flow = env.cloud.sspr;
  const details: string[] = [];
  let v = flow.start();
  const id = v.sessionId;
  v = flow.whoAreYou(id, { userId: w.user, captcha: v.captcha ?? "" });
  details.push(`Who are you? ${w.user} → ${v.page}`);
  if (v.page === "error") return errorPage(v, details);
  if (v.page === "whoAreYou") return failed(`SSPR: ${v.message}`, { userMessage: v.message, details });
  if (v.page === "whyTrouble") {
    v = flow.whyTrouble(id, { reason: w.reason });
    details.push(
      `Why are you having trouble signing in? ${w.reason === "unlockAccount" ? "I know my password, but still can't sign in" : "I forgot my password"}`,
    );
  } else if (w.reason === "unlockAccount") {
    return failed(
      'SSPR: the portal does not offer "I know my password, but still can\'t sign in" (unlock without reset is off)',
      { userMessage: "Unlocking your account without resetting your password isn't offered.", details },
    );
  }
  const userId = env.tenant.findUser(w.user)?.id ?? "";
  for (let guard = 0; v.page === "verification" && guard < 4; guard++) {
    const method = v.methods?.find((m) => !m.verified);
    if (!method) break;
    flow.sendCode(id, { method: method.type });
    const sent = env.tenant.lastCodeFor(userId, method.type) ?? "";
    const code = w.verification === "fail" ? String((Number(sent) + 1) % 1_000_000).padStart(6, "0") : sent;
    v = await flow.verify(id, { method: method.type, code });
    details.push(`verification: code sent to ${method.type} ${method.target} → ${v.message ?? v.page}`);
    if (v.message)
      return failed(`SSPR verification failed: ${v.message}`, { userMessage: v.message, details });
  }
  if (v.page === "error") return withLdap(env, errorPage(v, details));
  if (v.page === "newPassword") {
    v = await flow.newPassword(id, {
      newPassword: w.newPassword ?? "",
      confirmPassword: w.newPassword ?? "",
    });
    details.push(`new password → ${v.page}`);
  }
  if (v.page === "error") return withLdap(env, errorPage(v, details));
  if (v.page === "finished" && v.result) {
    const r = v.result;
    const success = r.outcome !== "onPremisesSuccessCloudFailure";
    const res = (success ? ok : failed)(`SSPR finished: ${r.outcome}`, {
      userMessage: [r.text, r.technicalDetails].filter(Boolean).join(" "),
      details,
    });
    return withLdap(env, res);
  }
  return withLdap(
    env,
    failed(`SSPR stayed on "${v.page}"${v.message ? `: ${v.message}` : ""}`, {
      userMessage: v.message,
      details,
    }),
  );
}

async function guarded(env: Environment, body: () => Promise<StepResult>): Promise<StepResult> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof SsprFlowError) return failed(`SSPR: ${err.message}`, { userMessage: err.message });
    if (err instanceof GraphError) {
      return withLdap(env, failed(`${err.status} ${err.code}: ${err.message}`, { userMessage: err.message }));
    }
    throw err;
  }
}

function signInAdmin(env: Environment, upn: string, password: string | undefined) {
  const admin = env.tenant.findUser(upn);
  if (!admin) return { error: failed(`no admin ${upn} in the tenant`) };
  if (password !== undefined && !env.tenant.checkPassword(admin, password)) {
    const text = "Your account or password is incorrect. If you don't remember your password, reset it now.";
    return { error: failed(`${upn} could not sign in (AADSTS50126)`, { userMessage: text }) };
  }
  return { admin };
}

export const userExecutors: Executors = {
  "user.resetPassword": (env, params) => {
    const p = params as { user: string; newPassword: string; verification?: "pass" | "fail" };
    return guarded(env, () => walkSspr(env, { ...p, reason: "forgotPassword" }));
  },

  "user.unlockAccount": (env, params) => {
    const p = params as { user: string; newPassword?: string; verification?: "pass" | "fail" };
    // With a new password the user takes "I forgot my password": the reset unlocks the account too.
    const reason: SsprReason = p.newPassword ? "forgotPassword" : "unlockAccount";
    return guarded(env, () => walkSspr(env, { ...p, reason }));
  },

  "user.changePassword": (env, params) => {
    const p = params as { user: string; oldPassword: string; newPassword: string };
    return guarded(env, async () => {
      const user = env.tenant.findUser(p.user);
      if (!user) return failed(`no user ${p.user} in the tenant`);
      // Signed in to My Account; Change password → POST /me/changePassword.
      await env.cloud.passwords.changePassword(
        { kind: "user", tenant: env.tenant, user, scopes: ["Directory.AccessAsUser.All"] },
        p.oldPassword,
        p.newPassword,
      );
      return withLdap(env, ok(`My Account: the password of ${user.userPrincipalName} was changed`));
    });
  },

  "admin.resetPassword": (env, params) => {
    const p = params as {
      admin?: string;
      password?: string;
      user: string;
      newPassword: string;
      via?: "entra-portal" | "graph" | "m365-admin-center";
      forceChangeAtNextLogon?: boolean;
    };
    const via = p.via ?? "entra-portal";
    return guarded(env, async () => {
      const signIn = signInAdmin(env, p.admin ?? "admin@contoso.onmicrosoft.com", p.password);
      if (signIn.error) return signIn.error;
      const admin = signIn.admin!;
      const opts = {
        newPassword: p.newPassword,
        ...(p.forceChangeAtNextLogon !== undefined
          ? { forceChangePasswordNextSignIn: p.forceChangeAtNextLogon }
          : {}),
      };
      if (via === "graph") {
        const { operation } = env.cloud.passwords.graphResetPassword(
          {
            kind: "user",
            tenant: env.tenant,
            user: admin,
            scopes: ["UserAuthenticationMethod.ReadWrite.All"],
          },
          p.user,
          p.newPassword,
        );
        await operation.done;
        const res =
          operation.status === "succeeded"
            ? ok(`Graph resetPassword for ${p.user}: operation ${operation.status}`)
            : failed(`Graph resetPassword for ${p.user}: operation ${operation.status}`, {
                userMessage: operation.statusDetail ?? undefined,
              });
        return withLdap(env, res);
      }
      const where = via === "m365-admin-center" ? "Microsoft 365 admin center" : "Entra admin center";
      const r =
        via === "m365-admin-center"
          ? await env.cloud.passwords.m365AdminReset(env.tenant.id, admin.id, p.user, opts)
          : await env.cloud.passwords.entraPortalReset(env.tenant.id, admin.id, p.user, opts);
      if (!r.ok)
        return withLdap(env, failed(`${where}: reset refused (${r.verdict})`, { userMessage: r.message }));
      return withLdap(
        env,
        ok(
          `${where}: password of ${p.user} reset${r.writtenBack ? " and written back" : " (cloud only, not written back)"}`,
        ),
      );
    });
  },
};
