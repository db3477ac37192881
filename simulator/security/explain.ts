/**
 * A short, support-engineer-facing explanation of an access decision: what was asked (by the name
 * ADUC shows: "Reset password", "Write pwdLastSet"), which ACE decided it (position, SDDL, explicit or
 * inherited), and which ACEs came close but did not apply and why. Needs a decision made with
 * `trace: true` for the "came close" part; without a trace only the deciding ACE is described.
 */

import type { AccessDecision, AceTraceEntry } from "./access-check.ts";
import type { ObjectTypeNode } from "./object-types.ts";
import { describeRights } from "./rights.ts";
import { findClass, guidDisplayName } from "./schema.ts";
import { formatAceSddl } from "./sddl-format.ts";
import { type Ace, AceFlag, AceType, AdRight, type KnownAce } from "./types.ts";
import { wellKnownSidName } from "./well-known-sids.ts";

export interface ExplainOptions {
  domainSid?: string;
  rootDomainSid?: string;
  /** Names for SIDs the caller knows (e.g. sAMAccountName from the directory). */
  names?: (sid: string) => string | undefined;
  /** How many near misses to list (default 5). */
  maxNearMisses?: number;
}

/** "Reset Password" → "Reset password", as ADUC's permission list writes extended rights. */
function sentenceCase(s: string): string {
  return s.length === 0 ? s : s[0] + s.slice(1).toLowerCase();
}

function rightsWords(mask: number): string {
  return describeRights(mask)
    .map((r) => r.name)
    .join(", ");
}

/** The admin-facing name of what was asked: "Reset password", "Write pwdLastSet", "Delete". */
export function describeRequest(decision: Pick<AccessDecision, "desired" | "objectTypes">): string {
  const tree = decision.objectTypes ?? [];
  const leaf: ObjectTypeNode | undefined = tree.length > 1 ? tree[tree.length - 1] : undefined;
  const desired = decision.desired & ~AdRight.MAXIMUM_ALLOWED;
  if (leaf?.kind === "extendedRight" || leaf?.kind === "validatedWrite")
    return sentenceCase(leaf.name ?? leaf.guid);
  if (leaf && (leaf.kind === "attribute" || leaf.kind === "propertySet")) {
    const verbs: string[] = [];
    if (desired & AdRight.READ_PROPERTY) verbs.push("Read");
    if (desired & AdRight.WRITE_PROPERTY) verbs.push("Write");
    if (verbs.length > 0) return `${verbs.join("/")} ${leaf.name ?? leaf.guid}`;
  }
  if (leaf?.kind === "childClass") {
    const verbs: string[] = [];
    if (desired & AdRight.CREATE_CHILD) verbs.push("Create");
    if (desired & AdRight.DELETE_CHILD) verbs.push("Delete");
    if (verbs.length > 0) return `${verbs.join("/")} ${leaf.name ?? leaf.guid} objects`;
  }
  return rightsWords(desired) || "nothing";
}

export function explainDecision(decision: AccessDecision, opts: ExplainOptions = {}): string {
  const ctx = { domainSid: opts.domainSid, rootDomainSid: opts.rootDomainSid };
  const who = (sid: string): string => {
    if (sid === "S-1-5-10" && decision.selfSid) return `SELF (the object itself, ${decision.selfSid})`;
    const name = opts.names?.(sid) ?? wellKnownSidName(sid, ctx);
    return name ? `${name} (${sid})` : sid;
  };
  const aceText = (ace: Ace): string => {
    try {
      return formatAceSddl(ace, ctx);
    } catch {
      return `(ACE type 0x${ace.type.toString(16)})`;
    }
  };
  const origin = (ace: Ace) => (ace.flags & AceFlag.INHERITED ? "inherited" : "explicit");
  const request = describeRequest(decision);
  const root = decision.objectTypes?.[0];
  const onWhat = root?.name ? ` on this ${root.name} object` : "";
  const lines: string[] = [];

  lines.push(`${decision.granted ? "ALLOWED" : "DENIED"}: ${request}${onWhat}.`);

  if (decision.missingPrivilege) {
    lines.push(
      `The request needs the ${decision.missingPrivilege} privilege, which the account does not hold.`,
    );
  }
  const d = decision.decidingAce;
  if (d) {
    const ace = d.ace;
    const verb = isAllow(ace) ? "Granted" : "Denied";
    lines.push(`${verb} by ACE #${d.index} (${origin(ace)}): ${aceText(ace)}`);
    const what = aceObjectName(ace);
    lines.push(
      `  ${isAllow(ace) ? "allows" : "denies"} ${what} to ${who(ace.sid)}${
        isAllow(ace) ? "" : ", and it comes before any ACE that would allow it"
      }.`,
    );
  } else if (decision.implicitGrant && decision.granted) {
    const why =
      decision.implicitGrant.reason === "null-dacl"
        ? "the object has a NULL DACL, which grants everyone everything"
        : decision.implicitGrant.reason === "owner"
          ? "the account owns the object (owners always get Read permissions and Modify permissions)"
          : "a privilege held by the account";
    lines.push(`Granted because ${why}.`);
  } else if (!decision.granted) {
    const missing = decision.desired & ~decision.grantedMask & ~AdRight.MAXIMUM_ALLOWED;
    if (decision.deniedMask === 0) {
      lines.push(`No ACE grants ${request} to this account or any of its groups.`);
      if (decision.grantedMask !== 0) {
        lines.push(`  Granted: ${rightsWords(decision.grantedMask)}; missing: ${rightsWords(missing)}.`);
      }
    }
  }

  if (decision.granted) return lines.join("\n");
  const all = nearMisses(decision.trace, decision);
  const specific = all.filter((n) => n.rank < 3).slice(0, opts.maxNearMisses ?? 5);
  if (specific.length > 0) {
    lines.push("ACEs that came close but did not apply:");
    for (const n of specific) {
      lines.push(`  #${n.entry.index} (${origin(n.entry.ace)}) ${aceText(n.entry.ace)}: ${n.why(who)}`);
    }
  }
  const broad = [...new Set(all.filter((n) => n.rank === 3).map((n) => who((n.entry.ace as KnownAce).sid)))];
  if (broad.length > 0) lines.push(`Broader rights that include it are held only by: ${broad.join(", ")}.`);
  return lines.join("\n");
}

function isAllow(ace: KnownAce): boolean {
  return ace.type === AceType.ACCESS_ALLOWED || ace.type === AceType.ACCESS_ALLOWED_OBJECT;
}

function aceObjectName(ace: KnownAce): string {
  if (ace.objectType) {
    const name = guidDisplayName(ace.objectType, ace.mask) ?? ace.objectType;
    const parts: string[] = [];
    if (ace.mask & AdRight.CONTROL_ACCESS) parts.push(`"${name}"`);
    const rw: string[] = [];
    if (ace.mask & AdRight.READ_PROPERTY) rw.push("Read");
    if (ace.mask & AdRight.WRITE_PROPERTY) rw.push("Write");
    if (rw.length > 0) parts.push(`${rw.join("/")} ${name}`);
    if (ace.mask & AdRight.SELF && !(ace.mask & AdRight.CONTROL_ACCESS)) parts.push(`"${name}"`);
    const other =
      ace.mask & ~(AdRight.CONTROL_ACCESS | AdRight.READ_PROPERTY | AdRight.WRITE_PROPERTY | AdRight.SELF);
    if (other) parts.push(`${rightsWords(other)} on ${name}`);
    return parts.join(" and ");
  }
  return rightsWords(ace.mask) || "no rights";
}

interface NearMiss {
  entry: AceTraceEntry;
  rank: number;
  why: (who: (sid: string) => string) => string;
}

/** ACEs that would have mattered: right rights but wrong trustee, inherit-only, other object type, too late. */
function nearMisses(trace: readonly AceTraceEntry[], decision: AccessDecision): NearMiss[] {
  const out: NearMiss[] = [];
  const tree = decision.objectTypes ?? [];
  const rootClass = tree[0]?.name;
  const desired = decision.desired & ~AdRight.MAXIMUM_ALLOWED;
  const decidingIndex = decision.decidingAce?.index;
  for (const e of trace) {
    if (e.ace.kind !== "known" || e.index === decidingIndex) continue;
    const ace = e.ace;
    const maskHits = (ace.mask & desired) !== 0 || (ace.mask & 0xf0000000) !== 0;
    switch (e.outcome) {
      case "inherit-only": {
        if (e.relevantBits === 0) break;
        const iot = ace.inheritedObjectType;
        const iotName = iot ? (findClass(iot)?.ldapName ?? iot) : undefined;
        out.push({
          entry: e,
          rank: 0,
          why: () =>
            iot && iotName !== rootClass
              ? `inherit-only: it is meant for ${iotName} objects below this one, and this object is a ${rootClass ?? "different class"}`
              : "inherit-only: it applies to objects below this one, not to this object",
        });
        break;
      }
      case "other-trustee":
        if (e.relevantBits === 0) break;
        out.push({
          entry: e,
          rank: ace.objectType ? 1 : 3,
          why: (who) => `it is for ${who(ace.sid)}, which this account is not and does not belong to`,
        });
        break;
      case "other-object-type":
        if (!maskHits || !ace.objectType) break;
        out.push({
          entry: e,
          rank: 1,
          why: () => `it is for ${aceObjectName(ace)}, not for what was asked`,
        });
        break;
      case "not-reached":
        if (e.relevantBits === 0 || !isAllow(ace) || decision.granted) break;
        out.push({ entry: e, rank: 0, why: () => "it would allow it, but an earlier deny already decided" });
        break;
      case "already-decided":
        if (!isAllow(ace) || decision.granted) break;
        out.push({ entry: e, rank: 0, why: () => "it would allow it, but an earlier deny already decided" });
        break;
      default:
        break;
    }
  }
  return out.sort((a, b) => a.rank - b.rank || a.entry.index - b.entry.index);
}
