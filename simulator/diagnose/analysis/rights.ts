/**
 * The writeback rights (sspr-writeback-facts.md §3 "Which rights"): Reset password, Change password,
 * Write lockoutTime and Write pwdLastSet on the user, and Unexpire Password on the domain root —
 * each decided by the directory's own access check (MS-DTYP 2.5.3.2 with AD object types) for the
 * connector account's token on the rebuilt security descriptors, with the explanation a support
 * engineer reads and the customer's line for the deciding ACE.
 */
import { type AccessDecision, checkExtendedRight, checkWriteProperty } from "../../security/access-check.ts";
import { explainDecision } from "../../security/explain.ts";
import { mapGenericRights } from "../../security/rights.ts";
import { findAttribute, findExtendedRight } from "../../security/schema.ts";
import { createToken, type Token } from "../../security/token.ts";
import { AceType, AdRight, type KnownAce } from "../../security/types.ts";
import type { SourceRef } from "../model.ts";
import type { CaseContext } from "./context.ts";
import type { ObjectSecurity, SdChain } from "./sd-chain.ts";

export type RightKey = "reset" | "change" | "lockoutTime" | "pwdLastSet" | "unexpire";

export interface WritebackRight {
  key: RightKey;
  /** As ADUC names it. */
  label: string;
  on: "user" | "root";
  /** Extended right name, or the attribute written. */
  extendedRight?: string;
  attribute?: string;
}

export const WRITEBACK_RIGHTS: readonly WritebackRight[] = [
  { key: "reset", label: "Reset password", on: "user", extendedRight: "Reset Password" },
  { key: "change", label: "Change password", on: "user", extendedRight: "Change Password" },
  { key: "lockoutTime", label: "Write lockoutTime", on: "user", attribute: "lockoutTime" },
  { key: "pwdLastSet", label: "Write pwdLastSet", on: "user", attribute: "pwdLastSet" },
  { key: "unexpire", label: "Unexpire Password", on: "root", extendedRight: "Unexpire Password" },
];

export interface RightResult {
  right: WritebackRight;
  object: string;
  /** undefined when the object's SD is unknown. */
  allowed?: boolean;
  explanation: string;
  decidingAce?: KnownAce;
  decidingRef?: SourceRef;
  decision?: AccessDecision;
}

export function connectorToken(ctx: CaseContext): Token {
  const primary = `${ctx.domainSid ?? "S-1-5-21-0-0-0"}-513`;
  return createToken({
    userSid: ctx.connector.sid,
    groupSids: ctx.connector.groups,
    primaryGroupSid: primary,
    logon: "network",
  });
}

/** Does this ACE's mask and object type cover the right (whoever the trustee, whatever its flags)? */
export function aceCovers(ace: KnownAce, right: WritebackRight): boolean {
  const mask = mapGenericRights(ace.mask);
  if (right.extendedRight) {
    const r = findExtendedRight(right.extendedRight);
    return (mask & AdRight.CONTROL_ACCESS) !== 0 && (!ace.objectType || ace.objectType === r?.rightsGuid);
  }
  const a = findAttribute(right.attribute ?? "");
  return (
    (mask & AdRight.WRITE_PROPERTY) !== 0 &&
    (!ace.objectType ||
      ace.objectType === a?.schemaIdGuid ||
      (a?.propertySet !== undefined && ace.objectType === a.propertySet))
  );
}

export function isAllowAce(ace: KnownAce): boolean {
  return ace.type === AceType.ACCESS_ALLOWED || ace.type === AceType.ACCESS_ALLOWED_OBJECT;
}

function decide(o: ObjectSecurity, token: Token, right: WritebackRight, ctx: CaseContext): RightResult {
  const opts = {
    objectClass: o.objectClass,
    selfSid: right.on === "user" ? ctx.user.sid : undefined,
    trace: true,
  };
  const decision = right.extendedRight
    ? checkExtendedRight(o.sd, token, right.extendedRight, opts)
    : checkWriteProperty(o.sd, token, right.attribute ?? "", opts);
  const explanation = explainDecision(decision, {
    domainSid: ctx.domainSid,
    names: (sid) => ctx.principals.nameOf(sid),
  });
  const deciding = decision.decidingAce?.ace;
  return {
    right,
    object: o.dn,
    allowed: decision.granted,
    explanation,
    decidingAce: deciding,
    decidingRef: deciding ? o.aceRefs.get(deciding) : undefined,
    decision,
  };
}

export function evaluateRights(chain: SdChain, ctx: CaseContext): RightResult[] {
  const token = connectorToken(ctx);
  const user = ctx.user.dn
    ? chain.path.find((p) => p.dn.toLowerCase() === ctx.user.dn!.toLowerCase())
    : undefined;
  const root =
    chain.path[0] && ctx.rootDn && chain.path[0].dn.toLowerCase() === ctx.rootDn.toLowerCase()
      ? chain.path[0]
      : undefined;
  return WRITEBACK_RIGHTS.map((right) => {
    const o = right.on === "user" ? user : root;
    if (!o) {
      return {
        right,
        object:
          (right.on === "user" ? ctx.user.dn : ctx.rootDn) ??
          `(the ${right.on === "user" ? "user" : "domain root"})`,
        explanation: `UNKNOWN: the security descriptor of the ${right.on === "user" ? "user" : "domain root"} is not available.`,
      };
    }
    return decide(o, token, right, ctx);
  });
}
