/**
 * Every text the simulated configuration wizard shows, in one catalogue (facts §4, [TSCONN], [CUSTOM],
 * [SA:unable-configure-pwd-writeback-error]). Texts without a Microsoft source are marked UNVERIFIED.
 */
export const WIZARD_MESSAGES = {
  passwordNotVerified:
    "The password can't be verified. Make sure the user name and password are correct, and that the password hasn't expired or is temporary.",
  // [TSCONN]: the heading and its explanation ("The user was authenticated successfully, but the user
  // isn't assigned the Global Administrator role.").
  globalAdminNeeded:
    "Microsoft Entra Global Administrator role needed. The user was authenticated successfully, but the user isn't assigned the Global Administrator role.",
  // UNVERIFIED wording; [TSCONN] names "Authentication canceled" and the MFA sign-in window.
  mfaCodeInvalid: "Authentication canceled: the multi-factor authentication challenge was not completed.",
  writebackNotConfigured: "Unable to configure password writeback. Ensure you have the required license.",
  // UNVERIFIED wording: [TSW-ENTRA] says the last step reports that writeback couldn't be configured (32009).
  writebackAuthTokenFailed:
    "Password writeback could not be configured: an authorization token for the Microsoft Entra administrator could not be obtained (Error getting auth token).",
  // UNVERIFIED wording ([WIZ2]: the wizard can't start during a sync run).
  syncRunInProgress:
    "A synchronization run is in progress. Wait for it to complete, then start the Microsoft Entra Connect wizard again.",
  serviceStopped: "The Microsoft Azure AD Sync service is not running. Start it, then run the wizard again.",
  notSimulated: "This task is listed as in the real wizard but is not simulated.",
} as const;

/** Pages, named as the real wizard titles them. */
export type WizardPage =
  | "Welcome"
  | "Additional tasks"
  | "View or Export Current Configuration"
  | "Connect to Azure AD"
  | "Multi-factor authentication"
  | "Connect your directories"
  | "Domain and OU filtering"
  | "Optional features"
  | "Directory extensions"
  | "Ready to configure"
  | "Configuration complete"
  | "Task not simulated"
  | "Exited";

/**
 * Additional tasks listed when the wizard is re-run ([WIZ2]). The first is "View or Export Current
 * Configuration" in current builds (IMPEXP); the tutorial still calls it "View current configuration",
 * which is accepted as the same task (VIEW_TASK_ALIASES).
 */
export const ADDITIONAL_TASKS = [
  "View or Export Current Configuration",
  "Customize synchronization options",
  "Refresh directory schema",
  "Configure staging mode",
  "Change user sign-in",
  "Manage federation",
  "Troubleshoot",
] as const;

/** Optional features page ([CUSTOM]); only password writeback and password hash sync act. */
export const OPTIONAL_FEATURES = {
  exchangeHybrid: "Exchange hybrid deployment",
  exchangeMailPublicFolders: "Exchange mail public folders",
  appAndAttributeFiltering: "Microsoft Entra app and attribute filtering",
  passwordHashSync: "Password hash synchronization",
  passwordWriteback: "Password writeback",
  groupWriteback: "Group writeback",
  deviceWriteback: "Device writeback",
  directoryExtensions: "Directory extension attribute sync",
} as const;

export type OptionalFeature = keyof typeof OPTIONAL_FEATURES;

/** Older names of the view task (TUT, HOWTO-AZ). */
export const VIEW_TASK_ALIASES = ["View current configuration"] as const;

/**
 * The Directory extensions page, shown after Optional features when "Directory extension attribute
 * sync" is ticked ("This opens an additional configuration page in the wizard", custom-install doc).
 * The attribute list is a sample of the user attributes the page offers (UNVERIFIED selection).
 */
export const DIRECTORY_EXTENSION_ATTRIBUTES = [
  "employeeNumber",
  "extensionAttribute1",
  "extensionAttribute2",
  "msDS-cloudExtensionAttribute1",
] as const;

export const PASSWORD_WRITEBACK_DESCRIPTION =
  "Use this option to ensure that password changes that originate in Microsoft Entra ID are written back to your on-premises directory.";
