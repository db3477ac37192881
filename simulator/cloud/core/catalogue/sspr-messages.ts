/**
 * Every text the simulated SSPR portal (passwordreset.microsoftonline.com) shows, in one place.
 * SSPR_00NN rows: enum name = number | user text ("Details") | "Technical details" line, copied from
 * the "SSPR errors that a user might see" table of troubleshoot-sspr.md [TS-SSPR-ENTRA] (facts §1),
 * SSPR_009 from [SA:password-writeback-error-code-sspr-009]. The "We're sorry" screen shows `screenText`
 * where a support article quotes the screen (SSPR_0029), else the table's text; the "Technical details"
 * line is always the table's. Texts marked UNVERIFIED are our own
 * plausible wording (listed in simulator/cloud/ASSUMPTIONS.md).
 */
export type SsprErrorCode =
  | "SSPR_0009"
  | "SSPR_0010"
  | "SSPR_0011"
  | "SSPR_0012"
  | "SSPR_0013"
  | "SSPR_0014"
  | "SSPR_0029"
  | "SSPR_0030"
  | "SSPR_009";

export interface SsprErrorText {
  code: SsprErrorCode;
  /** The enum name of the portal's error table (SSPR_009 has none in the table; ours). */
  enumName: string;
  enumValue?: number;
  /** The long user-facing text ("Details" in the TS-SSPR table). */
  userText: string;
  /**
   * What the portal's "We're sorry" screen says when a support article quotes it and it differs from
   * the table's "Details" (SSPR_0029: SA-0029 symptom, quoted the same way by TSW).
   */
  screenText?: string;
  /** The "Technical details" line, which carries the code. */
  technicalDetails: string;
}

export const SSPR_ERRORS: Record<SsprErrorCode, SsprErrorText> = {
  SSPR_0009: {
    code: "SSPR_0009",
    enumName: "TenantSSPRFlagDisabled",
    enumValue: 9,
    userText:
      "We're sorry, you can't reset your password at this time because your administrator has disabled password reset for your organization. There's no further action you can take to resolve this situation. Contact your admin and ask them to enable this feature.",
    technicalDetails:
      "SSPR_0009: We've detected that password reset hasn't been enabled by your administrator. Contact your admin and ask them to enable password reset for your organization.",
  },
  SSPR_0010: {
    code: "SSPR_0010",
    enumName: "WritebackNotEnabled",
    enumValue: 10,
    userText:
      "We're sorry, you can't reset your password at this time because your administrator hasn't enabled a necessary service for your organization. There's no further action you can take to resolve this situation. Contact your admin and ask them to check your organization's configuration.",
    technicalDetails:
      "SSPR_0010: We've detected that password writeback hasn't been enabled. Contact your admin and ask them to enable password writeback.",
  },
  SSPR_0011: {
    code: "SSPR_0011",
    enumName: "SsprNotEnabledInUserPolicy",
    enumValue: 11,
    userText:
      "We're sorry, you can't reset your password at this time because your administrator hasn't configured password reset for your organization. There's no further action you can take to resolve this situation. Contact your admin and ask them to configure password reset.",
    technicalDetails:
      "SSPR_0011: Your organization hasn't defined a password reset policy. Contact your admin and ask them to define a password reset policy.",
  },
  SSPR_0012: {
    code: "SSPR_0012",
    enumName: "UserNotLicensed",
    enumValue: 12,
    userText:
      "We're sorry, you can't reset your password at this time because required licenses are missing from your organization. There's no further action you can take to resolve this situation. Contact your admin and ask them to check your license assignment.",
    technicalDetails:
      "SSPR_0012: Your organization doesn't have the required licenses necessary to perform password reset. Contact your admin and ask them to review the license assignments.",
  },
  SSPR_0013: {
    code: "SSPR_0013",
    enumName: "UserNotMemberOfScopedAccessGroup",
    enumValue: 13,
    userText:
      "We're sorry, you can't reset your password at this time because your administrator hasn't configured your account to use password reset. There's no further action you can take to resolve this situation. Contact your admin and ask them to configure your account for password reset.",
    technicalDetails:
      "SSPR_0013: You aren't a member of a group enabled for password reset. Contact your admin and request to be added to the group.",
  },
  SSPR_0014: {
    code: "SSPR_0014",
    enumName: "UserNotProperlyConfigured",
    enumValue: 14,
    userText:
      "We're sorry, you can't reset your password at this time because necessary information is missing from your account. There's no further action you can take to resolve this situation. Contact your admin and ask them to reset your password for you. After you can access to your account again, you need to register the necessary information.",
    technicalDetails:
      "SSPR_0014: Additional security info is needed to reset your password. To proceed, contact your admin and ask them to reset your password. After you can access to your account, you can register additional security info at https://aka.ms/ssprsetup. Your admin can add additional security info to your account by following the steps in Set and read authentication data for password reset.",
  },
  SSPR_0029: {
    code: "SSPR_0029",
    enumName: "OnPremisesAdminActionRequired",
    enumValue: 29,
    userText:
      "We're sorry, we can't reset your password at this time because of a problem with your organization's password reset configuration. There's no further action you can take to resolve this situation. Contact your admin and ask them to investigate.",
    screenText:
      "SSPR_0029: Your organization hasn't properly set up the on-premises configuration for password reset.\n\nIf you're an administrator, you can get more information from the Troubleshoot password writeback article. If you're not an administrator, you can provide this information when you contact your administrator.",
    technicalDetails:
      "SSPR_0029: We're unable to reset your password due to an error in your on-premises configuration. Contact your admin and ask them to investigate.",
  },
  SSPR_0030: {
    code: "SSPR_0030",
    enumName: "OnPremisesConnectivityError",
    enumValue: 30,
    userText:
      "We're sorry, we can't reset your password at this time because of connectivity issues to your organization. There's no action to take right now, but the problem might be resolved if you try again later. If the problem persists, contact your admin and ask them to investigate.",
    technicalDetails:
      "SSPR_0030: We can't reset your password due to a poor connection with your on-premises environment. Contact your admin and ask them to investigate.",
  },
  SSPR_009: {
    code: "SSPR_009",
    // Not in the portal's error table; the support article names no enum. Ours.
    enumName: "AdminSsprDisabled",
    userText:
      "You can't reset your own password because password reset isn't turned on for your organization.",
    technicalDetails:
      "SSPR_009: Your organization hasn't turned on password reset. If you're an administrator, you can get more information from the \"How to enable password reset\" article. If you're not an administrator, you can provide this information when you contact your administrator.",
  },
};

/** OnPremisesSuccessCloudFailure: the on-prem set worked, the cloud write didn't [TS-SSPR-ENTRA]. */
export const ON_PREMISES_SUCCESS_CLOUD_FAILURE = {
  enumName: "OnPremisesSuccessCloudFailure",
  userText:
    "We've reset your password successfully, but you have to wait a few minutes before the changes are committed to the cloud. After these changes are committed, you can use your new password wherever you sign in with a work or school account.",
  technicalDetails:
    "Password reset was successful on-premises, but there was an error while writing to the cloud. The error might be caused by a time-out, or a cloud password policy, throttling, or other reasons.",
} as const;

/**
 * On-premises policy rejection on the new-password page. Only the start ("This password does not
 * meet the length, complexity, age or history requir…") is attested (3P screenshot, facts §1); the
 * rest of the sentence is UNVERIFIED.
 */
export const ON_PREMISES_POLICY_MESSAGE =
  "This password does not meet the length, complexity, age or history requirements of your corporate password policy.";

/** Entra admin center, admin reset blocked by on-prem policy [SA:password-writeback-not-compliant-on-premises-ad-pwd-policy]. */
export const ADMIN_PORTAL_ON_PREMISES_POLICY_MESSAGE =
  "Unfortunately, you cannot reset this user's password because your on-premises policy does not allow it. Please review your on-premises policy to ensure that it is setup correctly.";

/** Page texts of the flow. Success wording from a 3P walkthrough; the others are UNVERIFIED. */
export const SSPR_PAGE_TEXT = {
  resetSuccess: "Your password has been reset",
  unlockSuccess: "Your account has been unlocked", // UNVERIFIED
  captchaMismatch: "The characters you entered didn't match. Please try again.", // UNVERIFIED
  userNotFound: "We couldn't find an account with that user ID. Please check the user ID and try again.", // UNVERIFIED
  wrongCode: "The code you entered isn't correct. Please try again.", // UNVERIFIED
  passwordsDontMatch: "The passwords you entered don't match.", // UNVERIFIED
  throttled:
    "You've tried to reset your password too many times. For your security, password reset is blocked for 24 hours after your last attempt.", // UNVERIFIED
  cloudPolicy:
    "Your password must have at least 8 characters and contain characters from at least three of these categories: uppercase letters, lowercase letters, numbers and symbols.", // UNVERIFIED wording; rules from [POLICY]
  unlockNotAllowed:
    "Unlocking your account without resetting your password isn't allowed by your organization.", // UNVERIFIED
} as const;
