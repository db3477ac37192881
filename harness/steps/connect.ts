/**
 * Azure AD Connect steps: the configuration wizard page by page, the enable/disable/view procedures,
 * the ADSync service, the AD DS connector's options and a sync run — all through the ConnectServer
 * and ConfigurationWizard APIs a trainee's clicks map to.
 */
import {
  ConfigurationWizard,
  disableWriteback,
  enableWriteback,
  type PageView,
  type ProcedureResult,
  viewConfiguration,
  WizardError,
} from "../../simulator/connect/index.ts";
import type { Environment } from "../environment.ts";
import type { StepResult } from "../run/types.ts";
import { type Executor, type Executors, failed, ok } from "./results.ts";

interface WizardPageStep {
  page: string;
  inputs?: Record<string, unknown>;
  action?: "next" | "back" | "cancel" | "configure" | "exit";
}

/** Page titles as trainees write them: case and "your"/"the" don't matter ("Connect directories"). */
function samePage(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/\b(your|the)\b/g, "")
      .replace(/\s+/g, " ")
      .trim();
  return norm(a) === norm(b);
}

function pageLine(v: PageView): string {
  return `${v.page}${v.error ? ` — ${v.error}` : ""}`;
}

function procedureResult(what: string, r: ProcedureResult): StepResult {
  const details = [`pages: ${r.pages.map((p) => p.page).join(" → ")}`];
  const wizard = { page: r.final.page, ...(r.final.error ? { error: r.final.error } : {}) };
  return r.ok
    ? ok(`${what}: the wizard completed on "${r.final.page}"`, { wizard, details })
    : failed(`${what}: the wizard stopped on "${r.final.page}"`, {
        wizard,
        userMessage: r.final.error,
        details,
      });
}

function wizardRefused(err: unknown): StepResult {
  if (!(err instanceof WizardError)) throw err;
  return failed(`the wizard refused: ${err.message}`, {
    wizard: { page: err.page, error: err.message },
    userMessage: err.message,
  });
}

async function walkWizard(env: Environment, params: { pages: WizardPageStep[] }): Promise<StepResult> {
  let wiz: ConfigurationWizard;
  try {
    wiz = ConfigurationWizard.open(env.connect);
  } catch (err) {
    return wizardRefused(err);
  }
  const details: string[] = [];
  let view = wiz.view();
  try {
    for (const step of params.pages) {
      if (!samePage(view.page, step.page)) {
        return failed(`the wizard shows "${view.page}", not "${step.page}"`, {
          wizard: { page: view.page, ...(view.error ? { error: view.error } : {}) },
          details,
        });
      }
      const inputs = { ...(step.inputs ?? {}) };
      const action = step.action ?? "next";
      if (view.page === "Multi-factor authentication" && inputs.code === undefined) {
        // The admin approves the sign-in on their phone: the code the tenant just sent.
        const admin = env.tenant.findUser(String(inputs.username ?? ""));
        inputs.code = admin ? env.tenant.lastCodeFor(admin.id) : undefined;
      }
      if (action === "next") view = await wiz.next(inputs);
      else if (action === "back") view = wiz.back();
      else if (action === "configure") view = await wiz.configure();
      else view = wiz.exit();
      details.push(`${step.page}: ${action} → ${pageLine(view)}`);
      if (view.error) break;
    }
  } catch (err) {
    if (!(err instanceof WizardError)) throw err;
    return failed(`the wizard refused: ${err.message}`, {
      wizard: { page: err.page, error: err.message },
      userMessage: err.message,
      details,
    });
  } finally {
    if (wiz.page !== "Exited") wiz.exit();
  }
  const wizard = { page: view.page, ...(view.error ? { error: view.error } : {}) };
  return view.error
    ? failed(`the wizard stopped on "${view.page}"`, { wizard, userMessage: view.error, details })
    : ok(`the wizard is on "${view.page}"`, { wizard, details });
}

function formatConfiguration(content: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(content)) {
    if (Array.isArray(v)) {
      lines.push(`${k}:`);
      for (const item of v) {
        lines.push(
          `  ${
            typeof item === "object" && item
              ? Object.entries(item)
                  .map(([ik, iv]) => `${ik}: ${String(iv)}`)
                  .join(", ")
              : String(item)
          }`,
        );
      }
    } else {
      lines.push(`${k}: ${String(v)}`);
    }
  }
  return lines.join("\n");
}

/** Enable or disable writeback through the wizard as the given admin; a refusal is the step's failure. */
function writebackProcedure(label: string, procedure: typeof enableWriteback): Executor {
  return async (env, params) => {
    const p = params as { admin: string; password: string; mfaCode?: string };
    try {
      return procedureResult(label, await procedure(env.connect, p));
    } catch (err) {
      return wizardRefused(err);
    }
  };
}

export const connectExecutors: Executors = {
  "connect.wizard": (env, params) => walkWizard(env, params as { pages: WizardPageStep[] }),

  "connect.enableWriteback": writebackProcedure("enable password writeback", enableWriteback),

  "connect.disableWriteback": writebackProcedure("disable password writeback", disableWriteback),

  "connect.viewConfiguration": async (env) => {
    try {
      const view = await viewConfiguration(env.connect);
      return ok(`View or Export Current Configuration (${view.page})`, {
        wizard: { page: view.page },
        output: formatConfiguration(view.content),
      });
    } catch (err) {
      return wizardRefused(err);
    }
  },

  "connect.stopService": async (env) => {
    await env.connect.stopService();
    return ok("Stop-Service ADSync: the Microsoft Azure AD Sync service is stopped");
  },

  "connect.startService": async (env) => {
    env.connect.startService();
    return ok("Start-Service ADSync: the Microsoft Azure AD Sync service is running");
  },

  "connect.setConnectorOption": async (env, params) => {
    const p = params as { signAndEncrypt?: boolean; preferredDc?: string };
    const done: string[] = [];
    if (p.signAndEncrypt !== undefined) {
      await env.connect.setSignAndEncrypt(p.signAndEncrypt);
      done.push(`Sign and Encrypt LDAP traffic ${p.signAndEncrypt ? "on" : "off"}`);
    }
    if (p.preferredDc !== undefined) {
      await env.connect.agent.configure({ dcUrl: p.preferredDc });
      done.push(`preferred domain controller ${p.preferredDc}`);
    }
    return ok(`AD DS connector properties: ${done.join(", ") || "unchanged"}`);
  },

  "connect.runSync": async (env) => {
    try {
      const r = await env.connect.runSync();
      return ok(`synchronization run: ${r.exported.length} users exported, ${r.skipped.length} skipped`, {
        details: r.exported.map((e) => `exported ${e.userPrincipalName} (${e.dn})`),
      });
    } catch (err) {
      return failed(`synchronization run refused: ${(err as Error).message}`, {
        userMessage: (err as Error).message,
      });
    }
  },
};
