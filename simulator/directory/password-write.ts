/**
 * Password writes through unicodePwd (and userPassword when dSHeuristics fUserPwdSupport is on):
 * MS-ADTS 3.1.1.3.1.5.1/.2 and the Samba observations (E5–E9). The order of checks:
 *  1. connection security (Windows: 53 0000001F unless TLS; Samba accepts cleartext once bound, E6);
 *  2. policy hints control (Samba: 12 when critical, ignored otherwise; Windows: flag 1 enforces
 *     history and age on a reset);
 *  3. the right the request needs (Reset Password / Change Password; a denied change is 19, E5c);
 *  4. the shape of the request (malformed → the personality's code, E7);
 *  5. old password (change), then policy (length, complexity, history, age).
 * Passwords live only as salted hashes in Entry.secrets; audit events never carry them.
 */

import type { ErrorKey } from "../personality/catalogue.ts";
import type { ModifyChange, OperationContext } from "./api.ts";
import type { AuditEvent } from "./audit.ts";
import { decodeIntegerSequence, policyHints } from "./controls.ts";
import { type Dc, fileTimeToMs } from "./dc.ts";
import { big, type Entry, EntryDraft, str } from "./entry.ts";
import type { PasswordAttribute } from "./password-attributes.ts";
import {
  checkPasswordPolicy,
  classifyPasswordModify,
  decodePasswordValue,
  hashPassword,
  type MalformedRule,
  nextHistory,
  type PolicyViolation,
  pwdLastSetAfterPasswordSet,
  requiredPasswordRight,
  UNEXPIRE_PASSWORD,
  verifyPassword,
} from "./passwords/index.ts";
import { hasExtendedRight } from "./security-adapter.ts";

export const RESET_PASSWORD = "00299570-246d-11d0-a768-00aa006e0529";
export const CHANGE_PASSWORD = "ab721a53-1e2f-11d0-9819-00aa0040529b";

function malformedKey(rule: MalformedRule): ErrorKey {
  switch (rule) {
    case "addOnly":
      return "PASSWORD_ADD_WITHOUT_DELETE";
    case "deleteOnly":
      return "PASSWORD_DELETE_WITHOUT_ADD";
    case "newValueEncoding":
    case "oldValueEncoding":
      return "PASSWORD_MALFORMED_VALUE";
    case "newValueEncodingInChange":
      return "PASSWORD_MALFORMED_VALUE_IN_CHANGE";
    case "addValueCount":
      return "PASSWORD_ADD_VALUE_COUNT";
    case "deleteValueCount":
      return "PASSWORD_DELETE_VALUE_COUNT";
    case "replaceWithoutValue":
      return "PASSWORD_REPLACE_WITHOUT_VALUE";
    case "tooManyActions":
      return "PASSWORD_TOO_MANY_ACTIONS";
    case "changeAndSet":
      return "PASSWORD_CHANGE_AND_SET";
    case "replaceValueCount":
      return "SINGLE_VALUE_CONSTRAINT";
    default:
      return "PASSWORD_BAD_OPERATION";
  }
}

function policyKey(v: PolicyViolation): ErrorKey {
  switch (v.reason) {
    case "tooShort":
      return "CONSTRAINT_PASSWORD_TOO_SHORT";
    case "complexity":
      return "CONSTRAINT_PASSWORD_COMPLEXITY";
    case "tooYoung":
      return "CONSTRAINT_PASSWORD_TOO_YOUNG";
    default:
      return v.historyIndex === 0 ? "CONSTRAINT_PASSWORD_PREVIOUS" : "CONSTRAINT_PASSWORD_HISTORY";
  }
}

export interface PasswordWriteResult {
  kind: "reset" | "change";
  /** The 4723/4724 success event, recorded by the pipeline's audit stage when the write commits. */
  audit: Omit<AuditEvent, "recordId">;
}

/** pwdLastSet after a password set by `token` (MS-SAMR 3.1.1.8.7 step 3: Unexpire-Password on the domain object). */
function stampPwdLastSet(dc: Dc, d: EntryDraft, token: ReturnType<Dc["tokenFor"]>): void {
  const value = pwdLastSetAfterPasswordSet({
    nowFileTime: dc.nowFileTime(),
    evaluated: dc.personality.quirks.passwordSetChecksUnexpireRight,
    clientMayUnexpire: () => {
      const root = dc.domainRoot();
      return hasExtendedRight(
        { sd: root.sd, sid: root.sid, objectClass: root.objectClass },
        token,
        UNEXPIRE_PASSWORD,
      );
    },
  });
  d.setStr("pwdLastSet", value);
}

/** pwdLastSet in ms, null when 0 ("must change") or absent. */
function pwdLastSetMs(e: Entry | EntryDraft): number | null {
  const v = e instanceof EntryDraft ? e.get("pwdLastSet")?.[0]?.toString() : str(e, "pwdLastSet");
  if (!v) return null;
  const b = BigInt(v);
  return b > 0n ? fileTimeToMs(b) : null;
}

/**
 * Applies the password part of a modify to `d` (a draft of `target`). Throws the personality's
 * error; records 4723/4724 audit events (success and failure).
 */
export function applyPasswordModify(
  dc: Dc,
  target: Entry,
  d: EntryDraft,
  changes: ModifyChange[],
  attribute: PasswordAttribute,
  ctx: OperationContext,
): PasswordWriteResult {
  const q = dc.personality.quirks;
  const flavour = dc.personality.quirks.passwordRules;
  const token = dc.tokenFor(ctx.identity);
  const pchanges = changes.map((c) => ({ operation: c.operation, values: c.modification.values }));
  const need = requiredPasswordRight(pchanges, { flavour });
  const auditId = need.right === "change" ? 4723 : 4724;
  const fail = (key: ErrorKey, args: Record<string, string> = {}) => {
    const err = dc.err(key, { dn: target.dn, ...args });
    dc.audit.record({
      id: auditId,
      time: dc.now(),
      keywords: "Audit Failure",
      subject: dc.principalOf(token.userSid),
      target: { ...dc.principalOf(target.sid ?? ""), dn: target.dn },
      failure: { resultCode: err.resultCode, key },
      clientAddress: ctx.clientAddress,
    });
    return err;
  };

  if (q.passwordNeedsTls && !ctx.secure) throw fail("PASSWORD_CONFIDENTIALITY_REQUIRED");

  let enforceOnReset = false;
  const hints = policyHints(ctx.controls);
  if (hints) {
    if (!dc.policyHints) {
      if (hints.critical) throw fail("UNAVAILABLE_CRITICAL_EXTENSION", { oid: hints.oid });
    } else {
      enforceOnReset = ((decodeIntegerSequence(hints.value) ?? 0) & 1) === 1;
    }
  }

  const t = { sd: target.sd, sid: target.sid, objectClass: target.objectClass };
  if (need.right === "reset" && !hasExtendedRight(t, token, RESET_PASSWORD))
    throw fail(need.denialIsConstraintViolation ? "CHANGE_PASSWORD_DENIED" : "INSUFF_ACCESS_RIGHTS_RESET");
  if (need.right === "change" && !hasExtendedRight(t, token, CHANGE_PASSWORD))
    throw fail("CHANGE_PASSWORD_DENIED");

  const op = classifyPasswordModify(pchanges, attribute, { flavour });
  if (op.kind === "malformed")
    throw fail(malformedKey(op.rule), { attribute, attid: attribute === "unicodePwd" ? "9005a" : "23" });

  const policy = dc.policy();
  const history = target.secrets?.history ?? [];
  if (op.kind === "change") {
    const current = target.secrets?.hash;
    if (!current || !verifyPassword(op.oldPassword, current)) throw fail("PASSWORD_WRONG_OLD");
  }
  const violation = checkPasswordPolicy(op.newPassword, {
    policy,
    samAccountName: str(target, "sAMAccountName") ?? "",
    displayName: str(target, "displayName"),
    history,
    pwdLastSetMs: pwdLastSetMs(target),
    nowMs: dc.now(),
    isReset: op.kind === "reset",
    enforceHistoryAndAge: op.kind === "change" || enforceOnReset,
    flavour,
  });
  if (violation) throw fail(policyKey(violation), { minLength: String(policy.minPwdLength) });

  const hash = hashPassword(op.newPassword);
  d.secrets = { hash, history: nextHistory(history, hash, policy) };
  stampPwdLastSet(dc, d, token);
  return {
    kind: op.kind,
    audit: {
      id: auditId,
      time: dc.now(),
      keywords: "Audit Success",
      subject: dc.principalOf(token.userSid),
      target: { ...dc.principalOf(target.sid ?? ""), dn: target.dn },
      clientAddress: ctx.clientAddress,
    },
  };
}

/** unicodePwd in an add request: a password set (no history), policy-checked. */
export function setPasswordOnAdd(
  dc: Dc,
  d: EntryDraft,
  values: Buffer[],
  ctx: OperationContext,
  attribute: PasswordAttribute,
): void {
  if (dc.personality.quirks.passwordNeedsTls && !ctx.secure)
    throw dc.err("PASSWORD_CONFIDENTIALITY_REQUIRED", { dn: d.dn });
  if (values.length !== 1 && !dc.personality.quirks.passwordReplaceLastValueWins)
    throw dc.err("SINGLE_VALUE_CONSTRAINT", { dn: d.dn, attribute, attid: "9005a" });
  const raw = values[values.length - 1];
  const dec = decodePasswordValue(attribute, raw);
  if (!dec.ok) throw dc.err("PASSWORD_MALFORMED_VALUE", { dn: d.dn, attribute });
  const policy = dc.policy();
  const v = checkPasswordPolicy(dec.password, {
    policy,
    samAccountName: d.get("sAMAccountName")?.[0]?.toString() ?? "",
    displayName: d.get("displayName")?.[0]?.toString(),
    history: [],
    pwdLastSetMs: null,
    nowMs: dc.now(),
    isReset: true,
    enforceHistoryAndAge: false,
    flavour: dc.personality.quirks.passwordRules,
  });
  if (v) throw dc.err(policyKey(v), { dn: d.dn, minLength: String(policy.minPwdLength) });
  const hash = hashPassword(dec.password);
  d.secrets = { hash, history: nextHistory([], hash, policy) };
  stampPwdLastSet(dc, d, dc.tokenFor(ctx.identity));
}

export { big };
