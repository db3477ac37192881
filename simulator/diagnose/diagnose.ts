/**
 * `wbsim diagnose` without the command line: read the artifacts, match the events, rebuild the
 * security descriptors, evaluate the writeback rights, rank the causes, and say what stays unknown.
 * Transport-free and deterministic: the same files give the same diagnosis.
 */

import { type Cause, rankCauses, rightsNeeded } from "./analysis/causes.ts";
import { buildContext, type CaseContext, type CaseInput } from "./analysis/context.ts";
import { analyseGrants, describeReach, type Grant } from "./analysis/grants.ts";
import {
  failingOperation,
  type MatchedEvents,
  matchEvents,
  type WritebackOperation,
} from "./analysis/operations.ts";
import { evaluateRights, type RightResult } from "./analysis/rights.ts";
import { rebuildChain, type SdChain } from "./analysis/sd-chain.ts";
import { type ReadOptions, readArtifacts } from "./input/read-artifacts.ts";
import type { Artifacts, InputProblem } from "./model.ts";

export interface Diagnosis {
  artifacts: Artifacts;
  ctx: CaseContext;
  matched: MatchedEvents;
  operation?: WritebackOperation;
  chain: SdChain;
  rights: RightResult[];
  grants: Grant[];
  causes: Cause[];
  unknowns: string[];
  problems: InputProblem[];
  /** What replaying the case should give (for the scenario writer). */
  expected: ExpectedOutcome;
}

export interface ExpectedOutcome {
  ssprCode?: string;
  events: { source: string; id: number }[];
  ldapCode?: number;
}

/** LDAP result the DC gives for an HRESULT Connect reports (ASSUMPTIONS.md "diagnose"). */
const LDAP_OF_HR: Record<string, number> = { "80230626": 50, "80230619": 19, "8023062C": 53 };

function expectedOutcome(op: WritebackOperation | undefined, code: string | undefined): ExpectedOutcome {
  const events: { source: string; id: number }[] = [];
  if (!op) return { ssprCode: code, events };
  for (const e of [op.error, op.fail]) if (e) events.push({ source: e.source, id: e.id });
  let ssprCode = code;
  const errorId = op.error?.id;
  if (!ssprCode && op.kind === "reset" && errorId !== 33008 && errorId !== 33007) ssprCode = "SSPR_0029";
  // A change the DC refuses for want of Change password is 19 constraintViolation (MS-ADCAP 3.3.4.1.8.7).
  // A SAM refusal (RestrictRemoteSam) stops Connect before any LDAP write.
  const samRefused = /Failed to acquire user information/i.test(op.adsync?.message ?? "");
  const ldapCode = samRefused
    ? undefined
    : op.kind === "change" && op.hr === "80230626"
      ? 19
      : op.hr
        ? LDAP_OF_HR[op.hr]
        : errorId === 33007
          ? 19
          : undefined;
  return { ssprCode, events, ldapCode };
}

export function diagnoseArtifacts(artifacts: Artifacts, input: CaseInput = {}): Diagnosis {
  const matched = matchEvents(artifacts.events);
  const ctx = buildContext(artifacts, input, matched);
  const op = failingOperation(matched, {
    upn: ctx.user.upn,
    samOrName: ctx.user.dn?.match(/^CN=([^,]+)/i)?.[1],
  });
  const chain = rebuildChain(artifacts, ctx);
  const rights = evaluateRights(chain, ctx);
  const grants = analyseGrants(chain, ctx);
  const unknowns = [...ctx.unknowns, ...chain.unknowns];
  if (!ctx.connector.groupsKnown)
    unknowns.push(
      "the connector account's group memberships: its token was taken as the account, Domain Users (its primary group) and the logon SIDs (Everyone, Authenticated Users, NETWORK, This Organization), so a grant or a deny through another group cannot be ruled out",
    );
  if (!ctx.user.groupsKnown && ctx.user.dn)
    unknowns.push(
      "the user's group memberships: whether it is (or was) in a protected group cannot be told from adminCount alone",
    );
  if (artifacts.events.length === 0 && artifacts.otherEvents === 0)
    unknowns.push(
      "what happened on the Connect server: no event log was sent, so the failing operation and its error code are not known",
    );
  else if (!op && matched.operations.length === 0)
    unknowns.push("a failed writeback operation: the event log has no PasswordResetService operation");
  if (ctx.principals.unresolved.length)
    unknowns.push(
      `the SIDs of ${ctx.principals.unresolved.map((n) => `"${n}"`).join(", ")}: named in a dsacls listing but in no other file`,
    );
  const causes = rankCauses({
    ctx,
    matched,
    op,
    chain,
    rights,
    grants,
    unknowns,
    ssprCode: artifacts.facts.ssprCode?.value,
  });
  if (op && !ctx.user.lockoutTime && op.kind === "reset" && causes.some((c) => c.key.startsWith("missing")))
    unknowns.push("whether the user was locked out (lockoutTime): an unlock also needs Write lockoutTime");
  return {
    artifacts,
    ctx,
    matched,
    operation: op,
    chain,
    rights,
    grants,
    causes,
    unknowns,
    problems: [...artifacts.problems, ...chain.problems],
    expected: expectedOutcome(op, artifacts.facts.ssprCode?.value),
  };
}

export async function diagnoseFiles(
  paths: string[],
  input: CaseInput = {},
  read: ReadOptions = {},
): Promise<Diagnosis> {
  const artifacts = await readArtifacts(paths, { connectorHint: input.connector, ...read });
  return diagnoseArtifacts(artifacts, input);
}

export { describeReach, rightsNeeded };
