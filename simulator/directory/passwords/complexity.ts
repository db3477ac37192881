/**
 * "Password must meet complexity requirements" (Windows security policy reference, learn.microsoft.com
 * "Password must meet complexity requirements"; MS-SAMR 3.1.1.7.1 refers to the same DOMAIN_PASSWORD_COMPLEX):
 *  - the password must not contain the sAMAccountName (case-insensitive; skipped when the name is shorter than
 *    3 characters);
 *  - it must not contain any token of the displayName, the displayName being split on , . - _ # tab and space;
 *    tokens shorter than 3 characters are ignored (case-insensitive);
 *  - it must contain characters from at least three of five categories: uppercase letters (A-Z and other
 *    European uppercase incl. diacritics, Greek, Cyrillic), lowercase letters, base-10 digits (0-9),
 *    the non-alphanumerics ~!@#$%^&*_-+=`|\(){}[]:;"'<>,.?/ (currency symbols do not count), and Unicode
 *    alphabetic characters that are neither upper- nor lowercase (e.g. CJK ideographs).
 *
 * Samba 4.17 differs (lib/util/genrand_util.c check_password_quality, observed in samba-observations.md E7):
 * it does not reject the sAMAccountName (`alice#1234ABC` was accepted for alice), and every non-ASCII character
 * that is neither upper- nor lowercase (including symbols such as €) counts in the fifth category.
 */
import type { PasswordFlavour } from "./policy.ts";

export const NON_ALPHANUMERIC = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";

export type ComplexityCategory = "upper" | "lower" | "digit" | "nonAlphanumeric" | "otherAlphabetic";

export type ComplexityFailure = "containsAccountName" | "containsDisplayNameToken" | "tooFewCategories";

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const DISPLAY_NAME_DELIMITERS = /[,.\-_#\t ]/;

/** The categories present in `password`, per flavour. */
export function complexityCategories(
  password: string,
  flavour: PasswordFlavour = "windows",
): Set<ComplexityCategory> {
  const found = new Set<ComplexityCategory>();
  for (const ch of password) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      if (cp >= 0x30 && cp <= 0x39) found.add("digit");
      else if (cp >= 0x41 && cp <= 0x5a) found.add("upper");
      else if (cp >= 0x61 && cp <= 0x7a) found.add("lower");
      else if (NON_ALPHANUMERIC.includes(ch)) found.add("nonAlphanumeric");
      // other ASCII (space, control characters) belongs to no category
      continue;
    }
    if (UPPER.test(ch)) found.add("upper");
    else if (LOWER.test(ch)) found.add("lower");
    else if (flavour === "samba" || LETTER.test(ch)) found.add("otherAlphabetic");
  }
  return found;
}

/** The displayName tokens Windows checks (3+ characters, split on , . - _ # tab space). */
export function displayNameTokens(displayName: string | undefined): string[] {
  if (!displayName) return [];
  return displayName.split(DISPLAY_NAME_DELIMITERS).filter((t) => t.length >= 3);
}

/** Returns why `password` fails complexity, or null when it passes. Name checks run first, as documented. */
export function checkComplexity(
  password: string,
  samAccountName: string,
  displayName: string | undefined,
  flavour: PasswordFlavour = "windows",
): ComplexityFailure | null {
  if (flavour === "windows") {
    const lower = password.toLowerCase();
    if (samAccountName.length >= 3 && lower.includes(samAccountName.toLowerCase()))
      return "containsAccountName";
    for (const token of displayNameTokens(displayName)) {
      if (lower.includes(token.toLowerCase())) return "containsDisplayNameToken";
    }
  }
  return complexityCategories(password, flavour).size >= 3 ? null : "tooFewCategories";
}
