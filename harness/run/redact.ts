/**
 * Secrets never reach a report or transcript: every value under a password-like key (any case:
 * `password`, `Password`, `adminPassword`, `client_secret`, `PASSWORD_CONFIRM`, …), every value of an
 * attribute that may hold a password however it is spelled (unicodePwd, its OID
 * 1.2.840.113556.1.4.90, `unicodePwd;binary`, userPassword, clearTextPassword, the hash attributes),
 * whether the attribute is a key or named by an `attribute`/`type` field beside `values`, becomes
 * «redacted». Booleans stay (a `passwordWriteback: true` flag is not a secret).
 */
import { mayHoldPassword } from "../../simulator/directory/password-attributes.ts";
import { resolveAttributeType } from "../../simulator/directory/schema/attribute-names.ts";

export const REDACTED = "«redacted»";

/** Keys that name a secret, in any case and as part of a longer name. */
const SECRET_KEY = /pass(word|wd|phrase|code)?|pwd|secret|credential/i;

/** True for an attribute name (any spelling: name, OID, options) whose values may hold a password. */
export function isPasswordAttributeName(name: string): boolean {
  if (name.length === 0 || name.length > 200) return false;
  return mayHoldPassword(resolveAttributeType(name).name);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || isPasswordAttributeName(key);
}

/** An object that names a password attribute beside its values ({attribute|type: "unicodePwd", values}). */
function namesPasswordAttribute(record: Record<string, unknown>): boolean {
  for (const k of ["attribute", "type", "name"]) {
    const v = record[k];
    if (typeof v === "string" && isPasswordAttributeName(v)) return true;
  }
  return false;
}

function redactValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactValue);
  if (typeof v === "boolean" || v === null || v === undefined) return v;
  if (typeof v === "object") return redactParams(v, true);
  return REDACTED;
}

export function redactParams(value: unknown, inSecret = false): unknown {
  if (Array.isArray(value)) return value.map((v) => redactParams(v, inSecret));
  if (value === null || typeof value !== "object") {
    return inSecret && typeof value !== "boolean" && value !== null && value !== undefined ? REDACTED : value;
  }
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  const passwordValues = namesPasswordAttribute(record);
  for (const [key, v] of Object.entries(record)) {
    if (isSecretKey(key) || (passwordValues && (key === "values" || key === "value")))
      out[key] = redactValue(v);
    else out[key] = redactParams(v, inSecret);
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
export function collectSecrets(value: unknown, into: string[] = [], inSecret = false): string[] {
  if (Array.isArray(value)) {
    for (const v of value) collectSecrets(v, into, inSecret);
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const passwordValues = namesPasswordAttribute(record);
    for (const [key, v] of Object.entries(record)) {
      const secret =
        inSecret || isSecretKey(key) || (passwordValues && (key === "values" || key === "value"));
      collectSecrets(v, into, secret);
    }
  } else if (inSecret && (typeof value === "string" || typeof value === "number")) {
    into.push(String(value));
  }
  return into;
}
