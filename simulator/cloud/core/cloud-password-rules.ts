/**
 * Entra ID cloud password rules ([POLICY], facts §5): 8–256 characters, characters from at least three
 * of uppercase, lowercase, digits and symbols, and only the allowed ASCII characters (no Unicode).
 * Applied to cloud-only users always, and to synced users only when
 * EnforceCloudPasswordPolicyForPasswordSyncedUsers is on (otherwise on-prem policy is authoritative).
 */
const ALLOWED = /^[A-Za-z0-9@#$%^&*\-_!+=[\]{}|\\:',.?/`~"();<> ]*$/;

export type CloudPasswordViolation = "tooShort" | "tooLong" | "notComplex" | "invalidCharacters";

export function checkCloudPasswordRules(password: string): CloudPasswordViolation | undefined {
  if (password.length < 8) return "tooShort";
  if (password.length > 256) return "tooLong";
  if (!ALLOWED.test(password)) return "invalidCharacters";
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return "notComplex";
  return undefined;
}
