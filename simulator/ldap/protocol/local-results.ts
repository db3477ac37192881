/**
 * The few results the LDAP layer produces without a personality behind them. Everything that a
 * client can compare with a real DC comes from directory.protocolErrors instead.
 */
import type { LdapResult } from "../../directory/api.ts";

export const SUCCESS: LdapResult = Object.freeze({ resultCode: 0, matchedDN: "", diagnosticMessage: "" });

export const ResultCode = {
  success: 0,
  protocolError: 2,
  sizeLimitExceeded: 4,
  compareFalse: 5,
  compareTrue: 6,
  other: 80,
} as const;

/** An exception that is not a DirectoryError: a bug on our side. The message says nothing more on purpose. */
export const INTERNAL_ERROR: LdapResult = Object.freeze({
  resultCode: ResultCode.other,
  matchedDN: "",
  diagnosticMessage: "internal server error",
});

/** Used only if the personality's protocolErrors catalogue itself fails. */
export const PROTOCOL_ERROR_FALLBACK: LdapResult = Object.freeze({
  resultCode: ResultCode.protocolError,
  matchedDN: "",
  diagnosticMessage: "protocol error",
});
