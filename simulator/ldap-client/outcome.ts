/**
 * One LDAP operation's result as the caller saw it: code, name and diagnosticMessage, or a
 * transport failure (no LDAP result at all). Built from ldapts' errors without losing the message.
 */
import { ResultCodeError } from "ldapts";

/** RFC 4511 §4.1.9 result names for the codes we meet. */
const RESULT_NAMES: Record<number, string> = {
  0: "success",
  1: "operationsError",
  2: "protocolError",
  8: "strongerAuthRequired",
  12: "unavailableCriticalExtension",
  13: "confidentialityRequired",
  16: "noSuchAttribute",
  19: "constraintViolation",
  20: "attributeOrValueExists",
  21: "invalidAttributeSyntax",
  32: "noSuchObject",
  34: "invalidDNSyntax",
  49: "invalidCredentials",
  50: "insufficientAccessRights",
  51: "busy",
  52: "unavailable",
  53: "unwillingToPerform",
  64: "namingViolation",
  65: "objectClassViolation",
  68: "entryAlreadyExists",
  80: "other",
};

export function resultName(code: number): string {
  return RESULT_NAMES[code] ?? `code${code}`;
}

export interface LdapOutcome {
  /** LDAP resultCode, or -1 when no LDAP result came back (connection refused, TLS failure, timeout). */
  code: number;
  name: string;
  diagnosticMessage: string;
}

export const LDAP_SUCCESS: LdapOutcome = Object.freeze({ code: 0, name: "success", diagnosticMessage: "" });

export class LdapTransportError extends Error {
  constructor(
    message: string,
    readonly causeCode?: string,
  ) {
    super(message);
    this.name = "LdapTransportError";
  }
}

/** Turns anything ldapts threw into an outcome; diagnosticMessage is exactly the server's text. */
export function outcomeOf(err: unknown): LdapOutcome {
  if (err instanceof ResultCodeError) {
    const suffix = ` Code: 0x${err.code.toString(16)}`;
    const msg = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
    return { code: err.code, name: resultName(err.code), diagnosticMessage: msg };
  }
  const e = err as { code?: string; message?: string };
  return { code: -1, name: e?.code ?? "transportError", diagnosticMessage: e?.message ?? String(err) };
}
