/**
 * The passwords module: pure functions for password values, hashing, policy, history, lockout and bind
 * verdicts. No directory internals, no wire. See /tmp/passwords-api.md for the contract.
 */
export {
  type BindDataCode,
  type BindInput,
  type BindVerdict,
  evaluateBind,
  UF_ACCOUNTDISABLE,
  UF_DONT_EXPIRE_PASSWD,
  UF_LOCKOUT,
} from "./bind-verdict.ts";
export { checkPasswordPolicy, type PolicyInput, type PolicyViolation } from "./check-policy.ts";
export {
  type ClassifyOptions,
  classifyPasswordModify,
  type MalformedReason,
  type MalformedRule,
  type PasswordModifyChange,
  type PasswordOperation,
  type PasswordRight,
  requiredPasswordRight,
} from "./classify-modify.ts";
export {
  type ComplexityCategory,
  type ComplexityFailure,
  checkComplexity,
  complexityCategories,
  displayNameTokens,
  NON_ALPHANUMERIC,
} from "./complexity.ts";
export { HASH_ALG, hashPassword, type PasswordHash, verifyPassword } from "./hashing.ts";
export { findInHistory, nextHistory } from "./history.ts";
export {
  effectiveBadPwdCount,
  isLockedOut,
  type LockoutState,
  onAdminUnlock,
  onBadPassword,
  onGoodPassword,
  UNLOCKED,
} from "./lockout.ts";
export { type PasswordFlavour, type PasswordPolicy, WINDOWS_DEFAULT_POLICY } from "./policy.ts";
export { type PasswordSetStamp, pwdLastSetAfterPasswordSet, UNEXPIRE_PASSWORD } from "./unexpire.ts";
export {
  type DecodedPasswordValue,
  decodeClearTextPassword,
  decodePasswordValue,
  decodeUnicodePwd,
  decodeUserPassword,
  encodeUnicodePwd,
  encodeUserPassword,
} from "./unicode-pwd.ts";
