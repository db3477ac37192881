/**
 * The Azure AD Connect configuration wizard as an explicit state machine, with the pages of the
 * Microsoft procedure for enabling (and disabling) password writeback (TUT 05/2026, [WIZ2]): Welcome
 * (Configure) → Additional tasks → Customize synchronization options → Connect to Azure AD (→ MFA) →
 * Connect your directories → Domain and OU filtering → Optional features (→ Directory extensions
 * when that feature is ticked) → Ready to configure → Configure → Configuration complete → Exit.
 * The disable path is the same with the box cleared (TUT; TSW 03/2025 lists other pages, see
 * simulator/connect/ASSUMPTIONS.md). Back and Next move between pages; errors keep the wizard on the
 * page, as the real one does.
 */
import { ROLE } from "../../cloud/core/directory-roles.ts";
import type { CloudUser } from "../../cloud/core/model.ts";
import type { ConnectServer } from "../server/connect-server.ts";
import {
  ADDITIONAL_TASKS,
  DIRECTORY_EXTENSION_ATTRIBUTES,
  OPTIONAL_FEATURES,
  type OptionalFeature,
  PASSWORD_WRITEBACK_DESCRIPTION,
  VIEW_TASK_ALIASES,
  WIZARD_MESSAGES,
  type WizardPage,
} from "./wizard-messages.ts";

export interface PageView {
  page: WizardPage;
  /** What the page shows (fields, lists, summary lines). */
  content: Record<string, unknown>;
  /** The error shown on the page after the last action, if any. */
  error?: string;
  buttons: ("Back" | "Next" | "Configure" | "Exit" | "Verify")[];
}

export class WizardError extends Error {
  constructor(
    message: string,
    readonly page: WizardPage,
  ) {
    super(message);
    this.name = "WizardError";
  }
}

interface WizardState {
  task?: (typeof ADDITIONAL_TASKS)[number];
  admin?: CloudUser;
  features: Record<OptionalFeature, boolean>;
  includedContainers: string[];
  mfaPending?: { userId: string };
}

export class ConfigurationWizard {
  page: WizardPage = "Welcome";
  private error?: string;
  private readonly history: WizardPage[] = [];
  private readonly state: WizardState;

  private constructor(private readonly server: ConnectServer) {
    const c = server.config;
    this.state = {
      features: {
        exchangeHybrid: c.inertFeatures.exchangeHybrid ?? false,
        exchangeMailPublicFolders: c.inertFeatures.exchangeMailPublicFolders ?? false,
        appAndAttributeFiltering: c.inertFeatures.appAndAttributeFiltering ?? false,
        passwordHashSync: c.passwordHashSync,
        passwordWriteback: c.passwordWriteback,
        groupWriteback: c.inertFeatures.groupWriteback ?? false,
        deviceWriteback: c.inertFeatures.deviceWriteback ?? false,
        directoryExtensions: c.inertFeatures.directoryExtensions ?? false,
      },
      includedContainers: [...c.includedContainers],
    };
  }

  /** Starts the wizard on the Connect server; refused during a sync run ([WIZ2]) or with ADSync stopped. */
  static open(server: ConnectServer): ConfigurationWizard {
    if (server.syncRunInProgress) throw new WizardError(WIZARD_MESSAGES.syncRunInProgress, "Welcome");
    if (!server.serviceRunning) throw new WizardError(WIZARD_MESSAGES.serviceStopped, "Welcome");
    server.wizardOpen = true;
    return new ConfigurationWizard(server);
  }

  view(): PageView {
    const base = { page: this.page, ...(this.error ? { error: this.error } : {}) };
    switch (this.page) {
      case "Welcome":
        return {
          ...base,
          content: { title: "Welcome to Microsoft Entra Connect" },
          buttons: ["Exit", "Configure"],
        };
      case "Additional tasks":
        return { ...base, content: { tasks: [...ADDITIONAL_TASKS] }, buttons: ["Back", "Next"] };
      case "View or Export Current Configuration":
        return { ...base, content: this.currentConfiguration(), buttons: ["Back", "Exit"] };
      case "Connect to Azure AD":
        return { ...base, content: { fields: ["USERNAME", "PASSWORD"] }, buttons: ["Back", "Next"] };
      case "Multi-factor authentication":
        return { ...base, content: { fields: ["Code"] }, buttons: ["Back", "Verify"] };
      case "Connect your directories":
        return {
          ...base,
          content: {
            directories: [
              { forest: this.server.forest, account: this.accountName(), type: "Active Directory" },
            ],
          },
          buttons: ["Back", "Next"],
        };
      case "Domain and OU filtering":
        return {
          ...base,
          content: {
            syncAll: this.state.includedContainers.length === 0,
            includedContainers: [...this.state.includedContainers],
          },
          buttons: ["Back", "Next"],
        };
      case "Optional features":
        return {
          ...base,
          content: {
            features: Object.entries(OPTIONAL_FEATURES).map(([k, label]) => ({
              key: k,
              label,
              checked: this.state.features[k as OptionalFeature],
            })),
            passwordWritebackDescription: PASSWORD_WRITEBACK_DESCRIPTION,
          },
          buttons: ["Back", "Next"],
        };
      case "Directory extensions":
        return {
          ...base,
          content: { availableAttributes: [...DIRECTORY_EXTENSION_ATTRIBUTES], selectedAttributes: [] },
          buttons: ["Back", "Next"],
        };
      case "Ready to configure":
        return { ...base, content: { summary: this.summary() }, buttons: ["Back", "Configure"] };
      case "Configuration complete":
        return {
          ...base,
          content: {
            message: this.error
              ? "Configuration completed with errors."
              : "Microsoft Entra Connect configuration succeeded.",
          },
          buttons: ["Exit"],
        };
      case "Task not simulated":
        return {
          ...base,
          content: { task: this.state.task, message: WIZARD_MESSAGES.notSimulated },
          buttons: ["Back", "Exit"],
        };
      case "Exited":
        return { ...base, content: {}, buttons: [] };
    }
  }

  private accountName(): string {
    return `${this.server.connector.domain}\\${this.server.connector.userName}`;
  }

  private currentConfiguration(): Record<string, unknown> {
    const c = this.server.config;
    return {
      installation: c.installation === "express" ? "Express settings" : "Customized",
      "Synchronized Directories": [{ forest: this.server.forest, account: this.accountName() }],
      "Password hash synchronization": c.passwordHashSync ? "Enabled" : "Disabled",
      "Password writeback": c.passwordWriteback ? "Enabled" : "Disabled",
      "Staging mode": c.stagingMode ? "Enabled" : "Disabled",
      "Domain and OU filtering":
        c.includedContainers.length === 0 ? "Sync all domains and OUs" : c.includedContainers,
    };
  }

  private summary(): string[] {
    const f = this.state.features;
    return [
      `Password writeback: ${f.passwordWriteback ? "enabled" : "disabled"}`,
      `Password hash synchronization: ${f.passwordHashSync ? "enabled" : "disabled"}`,
      "Start the synchronization process when configuration completes.",
    ];
  }

  private go(next: WizardPage): PageView {
    this.history.push(this.page);
    this.page = next;
    this.error = undefined;
    return this.view();
  }

  private stay(message: string): PageView {
    this.error = message;
    return this.view();
  }

  private requireOpen(): void {
    if (this.page === "Exited") throw new WizardError("The wizard has been closed.", "Exited");
  }

  back(): PageView {
    this.requireOpen();
    if (this.page === "Configuration complete")
      throw new WizardError("Back is not available after Configure.", this.page);
    const prev = this.history.pop();
    if (prev === undefined) throw new WizardError("Back is not available on the first page.", this.page);
    this.page = prev;
    this.error = undefined;
    return this.view();
  }

  /**
   * Next (or the page's main button). Inputs by page:
   *  - Additional tasks: { task }
   *  - Connect to Azure AD: { username, password }
   *  - Multi-factor authentication: { code }
   *  - Domain and OU filtering: { includedContainers?: string[] } (empty = sync all)
   *  - Optional features: { passwordWriteback?, passwordHashSync?, …other keys of OPTIONAL_FEATURES }
   */
  async next(inputs: Record<string, unknown> = {}): Promise<PageView> {
    this.requireOpen();
    switch (this.page) {
      case "Welcome": // the Configure button
        return this.go("Additional tasks");
      case "Additional tasks": {
        const typed = String(inputs.task ?? "");
        const task = (
          (VIEW_TASK_ALIASES as readonly string[]).includes(typed) ? ADDITIONAL_TASKS[0] : typed
        ) as (typeof ADDITIONAL_TASKS)[number];
        if (!ADDITIONAL_TASKS.includes(task)) {
          return this.stay(`Select a task: ${ADDITIONAL_TASKS.join(", ")}.`);
        }
        this.state.task = task;
        if (task === "View or Export Current Configuration")
          return this.go("View or Export Current Configuration");
        if (task === "Customize synchronization options") return this.go("Connect to Azure AD");
        return this.go("Task not simulated");
      }
      case "Connect to Azure AD":
        return this.signIn(String(inputs.username ?? ""), String(inputs.password ?? ""));
      case "Multi-factor authentication": {
        const pending = this.state.mfaPending!;
        const expected = this.server.tenant.lastCodeFor(pending.userId);
        if (!expected || String(inputs.code ?? "") !== expected)
          return this.stay(WIZARD_MESSAGES.mfaCodeInvalid);
        this.state.mfaPending = undefined;
        return this.afterAuthenticated(this.server.tenant.findUser(pending.userId)!);
      }
      case "Connect your directories":
        return this.go("Domain and OU filtering");
      case "Domain and OU filtering": {
        if (Array.isArray(inputs.includedContainers))
          this.state.includedContainers = inputs.includedContainers.map(String);
        return this.go("Optional features");
      }
      case "Optional features": {
        for (const [k, v] of Object.entries(inputs)) {
          if (!(k in OPTIONAL_FEATURES)) return this.stay(`Unknown optional feature "${k}".`);
          this.state.features[k as OptionalFeature] = Boolean(v);
        }
        // The build variant that still needs a Global Administrator for SSPR (VH 2.0.3.0 known issue).
        const f = this.state.features;
        const roles = this.server.tenant.rolesOf(this.state.admin!.id);
        if (
          f.passwordWriteback &&
          this.server.config.writebackOnboardingRole === "globalAdministrator" &&
          !roles.has(ROLE.globalAdministrator)
        ) {
          return this.stay(WIZARD_MESSAGES.globalAdminNeeded);
        }
        return this.go(f.directoryExtensions ? "Directory extensions" : "Ready to configure");
      }
      case "Directory extensions":
        return this.go("Ready to configure");
      case "Ready to configure":
        return this.configure();
      default:
        throw new WizardError(`Next is not available on "${this.page}".`, this.page);
    }
  }

  private async signIn(username: string, password: string): Promise<PageView> {
    const t = this.server.tenant;
    const user = t.findUser(username);
    if (!user?.accountEnabled || !t.checkPassword(user, password))
      return this.stay(WIZARD_MESSAGES.passwordNotVerified);
    if (user.mfaRequired) {
      const method = user.authMethods.find((m) => m.type !== "email") ?? user.authMethods[0];
      if (method) t.sendVerificationCode(user, method);
      this.state.mfaPending = { userId: user.id };
      return this.go("Multi-factor authentication");
    }
    return this.afterAuthenticated(user);
  }

  private afterAuthenticated(user: CloudUser): PageView {
    const roles = this.server.tenant.rolesOf(user.id);
    // Global or Hybrid Identity Administrator (VH 2.0.3.0; TUT 05/2026 and TSW 03/2025 enter a Hybrid
    // Administrator credential for writeback too). The build that still wants a Global Administrator
    // for SSPR refuses later, on Optional features.
    if (!roles.has(ROLE.globalAdministrator) && !roles.has(ROLE.hybridIdentityAdministrator)) {
      if (this.page === "Multi-factor authentication") this.page = "Connect to Azure AD";
      return this.stay(WIZARD_MESSAGES.globalAdminNeeded);
    }
    this.state.admin = user;
    return this.go("Connect your directories");
  }

  /** Configure: apply the options; onboard or offboard password writeback with the tenant. */
  async configure(): Promise<PageView> {
    this.requireOpen();
    if (this.page === "Welcome") return this.next(); // Welcome's button is Configure too
    if (this.page !== "Ready to configure")
      throw new WizardError("Configure is only on the Ready to configure page.", this.page);
    const s = this.server;
    const f = this.state.features;
    const admin = this.state.admin!;
    const ev = s.events;
    const tracking = () => s.opts.ids.guid();
    let failure: string | undefined;
    s.config.passwordHashSync = f.passwordHashSync;
    s.config.includedContainers = [...this.state.includedContainers];
    for (const k of Object.keys(OPTIONAL_FEATURES) as OptionalFeature[]) {
      if (k !== "passwordWriteback" && k !== "passwordHashSync") s.config.inertFeatures[k] = f[k];
    }
    if (f.passwordWriteback && !s.config.passwordWriteback) {
      const t = tracking();
      ev.write(31004, { trackingId: t });
      if (admin.federated) {
        // A federated admin's token can't be obtained by the service ([TSW-ENTRA], facts §8 case 16).
        ev.write(32009, {
          trackingId: t,
          details: `Failed to acquire a token for ${admin.userPrincipalName}.`,
        });
        failure = WIZARD_MESSAGES.writebackAuthTokenFailed;
      } else {
        ev.write(31017, { trackingId: t });
        if (!s.tenant.hasPremiumLicense(admin)) {
          // SA-UNABLE: the license message, with the events the article lists (6306, 6800, 32001 and
          // 31044, the last two under one TrackingId).
          const t2 = tracking();
          ev.write(6306, {});
          ev.write(6800, {});
          ev.write(32001, { trackingId: t2 });
          ev.write(31044, { trackingId: t2 });
          failure = WIZARD_MESSAGES.writebackNotConfigured;
        } else {
          ev.write(31018, { trackingId: t });
          s.attachWriteback();
          ev.write(31005, { trackingId: t });
          if (s.serviceRunning) ev.write(31015, { trackingId: t });
          s.resyncPasswordHashesAfterFirstWriteback();
        }
      }
    } else if (!f.passwordWriteback && s.config.passwordWriteback) {
      const t = tracking();
      ev.write(31012, { trackingId: t });
      if (admin.federated) {
        ev.write(32013, { trackingId: t });
        ev.write(31014, { trackingId: t, reason: "Error getting auth token." });
        failure = WIZARD_MESSAGES.writebackAuthTokenFailed;
      } else {
        s.detachWriteback();
        ev.write(31013, { trackingId: t });
      }
    }
    this.history.push(this.page);
    this.page = "Configuration complete";
    this.error = failure;
    return this.view();
  }

  /** Exit: closes the wizard and resumes the scheduler. */
  exit(): PageView {
    this.server.wizardOpen = false;
    this.page = "Exited";
    this.error = undefined;
    return this.view();
  }
}
