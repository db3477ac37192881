/**
 * Secrets never reach a report or transcript: every value under a password-like key, and every
 * value of a password attribute in raw LDAP changes, becomes «redacted».
 */
import { SECRET_KEYS } from "../scenario/step-kinds.ts";

export const REDACTED = "«redacted»";

const PASSWORD_ATTRIBUTES = new Set(["unicodepwd", "userpassword"]);

export function redactParams(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactParams);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  const isPasswordChange =
    typeof record.attribute === "string" && PASSWORD_ATTRIBUTES.has(record.attribute.toLowerCase());
  for (const [key, v] of Object.entries(record)) {
    if (SECRET_KEYS.has(key) || (isPasswordChange && key === "values")) {
      out[key] = Array.isArray(v) ? v.map(() => REDACTED) : REDACTED;
    } else {
      out[key] = redactParams(v);
    }
  }
  return out;
}

/** Removes any of the given secrets from free text (tool output, error messages). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Every secret string mentioned in a step's parameters, so free text can be scrubbed of them. */
export function collectSecrets(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) collectSecrets(v, into);
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const isPasswordChange =
      typeof record.attribute === "string" && PASSWORD_ATTRIBUTES.has(record.attribute.toLowerCase());
    for (const [key, v] of Object.entries(record)) {
      if (SECRET_KEYS.has(key) || (isPasswordChange && key === "values")) {
        for (const s of Array.isArray(v) ? v : [v]) if (typeof s === "string") into.push(s);
      } else {
        collectSecrets(v, into);
      }
    }
  }
  return into;
}
