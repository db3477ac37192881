/**
 * The whole page path of the documented procedures, for scenario steps: enable password writeback,
 * disable it, view the current configuration. Each returns the pages walked and where it ended.
 */
import type { ConnectServer } from "../server/connect-server.ts";
import { ConfigurationWizard, type PageView } from "./configuration-wizard.ts";

export interface ProcedureResult {
  /** Every page shown, in order, with its error if any. */
  pages: PageView[];
  /** The last page reached before Exit (e.g. "Configuration complete", or where it stopped on an error). */
  final: PageView;
  ok: boolean;
}

export interface AdminCredentials {
  admin: string;
  password: string;
  /** MFA code; when absent and the admin has MFA, the code the tenant sent is used (the admin approves). */
  mfaCode?: string;
}

async function walk(
  server: ConnectServer,
  creds: AdminCredentials,
  writeback: boolean,
): Promise<ProcedureResult> {
  const wiz = ConfigurationWizard.open(server);
  const pages: PageView[] = [wiz.view()];
  const stepOk = (v: PageView) => {
    pages.push(v);
    return !v.error;
  };
  try {
    if (!stepOk(await wiz.next())) return done();
    if (!stepOk(await wiz.next({ task: "Customize synchronization options" }))) return done();
    if (!stepOk(await wiz.next({ username: creds.admin, password: creds.password }))) return done();
    if (wiz.page === "Multi-factor authentication") {
      const user = server.tenant.findUser(creds.admin);
      const code = creds.mfaCode ?? (user ? server.tenant.lastCodeFor(user.id) : undefined) ?? "";
      if (!stepOk(await wiz.next({ code }))) return done();
    }
    if (!stepOk(await wiz.next())) return done(); // Connect your directories
    if (!stepOk(await wiz.next())) return done(); // Domain and OU filtering
    if (!stepOk(await wiz.next({ passwordWriteback: writeback }))) return done(); // Optional features
    if (wiz.page === "Directory extensions" && !stepOk(await wiz.next())) return done();
    stepOk(await wiz.configure());
    return done();
  } finally {
    wiz.exit();
  }
  function done(): ProcedureResult {
    const final = pages[pages.length - 1];
    return { pages, final, ok: final.page === "Configuration complete" && !final.error };
  }
}

/**
 * Welcome (Configure) → Customize synchronization options → … → Optional features [x] Password
 * writeback (→ Directory extensions when ticked) → Configure → Exit.
 */
export function enableWriteback(server: ConnectServer, creds: AdminCredentials): Promise<ProcedureResult> {
  return walk(server, creds, true);
}

/** The same path with the Password writeback box cleared (offboarding, 31012/31013). */
export function disableWriteback(server: ConnectServer, creds: AdminCredentials): Promise<ProcedureResult> {
  return walk(server, creds, false);
}

/** Welcome → Additional tasks → View or Export Current Configuration → Exit. */
export async function viewConfiguration(server: ConnectServer): Promise<PageView> {
  const wiz = ConfigurationWizard.open(server);
  try {
    await wiz.next();
    return await wiz.next({ task: "View or Export Current Configuration" });
  } finally {
    wiz.exit();
  }
}
