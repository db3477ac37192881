/**
 * Assertion helpers in the spirit of UnboundID's LDAP SDK test helpers (assertEntryExists,
 * assertAttributeValue…), for the writeback harness: each reads the real interface (LDAP for
 * entries, the event logs, the SSPR result, the security layer's access check) and fails with a
 * sentence a trainee can read.
 */
import type { Environment } from "../environment.ts";
import type { LoggedEvent, StepResult } from "../run/types.ts";

export class HarnessAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HarnessAssertionError";
  }
}

function fail(message: string): never {
  throw new HarnessAssertionError(message);
}

/**
 * The entry exists and, for each attribute given, holds exactly these values (a string or number
 * for one value, an array for several, null for "absent").
 */
export async function expectEntry(
  env: Environment,
  dn: string,
  attributes: Record<string, string | number | (string | number)[] | null> = {},
): Promise<void> {
  const exists = await env.readAttribute(dn, "objectClass");
  if (exists === null) fail(`expected ${dn} to exist, it does not`);
  for (const [name, want] of Object.entries(attributes)) {
    const got = (await env.readAttribute(dn, name)) ?? [];
    if (want === null) {
      if (got.length > 0) fail(`expected ${name} on ${dn} to be absent, it is ${got.join("; ")}`);
      continue;
    }
    const wanted = (Array.isArray(want) ? want : [want]).map(String);
    const same = wanted.length === got.length && wanted.every((w) => got.includes(w));
    if (!same)
      fail(`expected ${name} on ${dn} to be ${wanted.join("; ")}, it is ${got.join("; ") || "(absent)"}`);
  }
}

/** The entry does not exist. */
export async function expectNoEntry(env: Environment, dn: string): Promise<void> {
  if ((await env.readAttribute(dn, "objectClass")) !== null) fail(`expected ${dn} not to exist, it does`);
}

export interface EventMatch {
  source?: string;
  id: number;
  contains?: string;
}

/** An event matching `match` was logged (in `events`, or anywhere in the environment's logs). */
export function expectEvent(envOrEvents: Environment | LoggedEvent[], match: EventMatch): LoggedEvent {
  const events = Array.isArray(envOrEvents) ? envOrEvents : envOrEvents.events.query();
  const hit = events.find(
    (e) =>
      e.id === match.id &&
      (match.source === undefined || e.source.toLowerCase() === match.source.toLowerCase()) &&
      (match.contains === undefined || e.text.includes(match.contains)),
  );
  if (!hit) {
    const what = `${match.source ? `${match.source} ` : ""}${match.id}${match.contains ? ` containing "${match.contains}"` : ""}`;
    fail(`expected event ${what}; logged: ${events.map((e) => `${e.source} ${e.id}`).join(", ") || "none"}`);
  }
  return hit;
}

/** No event matching `match` was logged. */
export function expectNoEvent(envOrEvents: Environment | LoggedEvent[], match: EventMatch): void {
  const events = Array.isArray(envOrEvents) ? envOrEvents : envOrEvents.events.query();
  const hit = events.find(
    (e) =>
      e.id === match.id &&
      (match.source === undefined || e.source.toLowerCase() === match.source.toLowerCase()),
  );
  if (hit) fail(`expected no event ${match.source ?? ""} ${match.id}, found: ${hit.text.slice(0, 200)}`);
}

/** The user saw this SSPR code (or, with `null`, no SSPR code at all). */
export function expectSsprCode(result: StepResult, code: string | null): void {
  if (code === null) {
    if (result.ssprCode)
      fail(`expected no SSPR code, the user saw ${result.ssprCode}: ${result.userMessage ?? ""}`);
    return;
  }
  if (result.ssprCode !== code)
    fail(`expected SSPR code ${code}, the user saw ${result.ssprCode ?? "no SSPR code"} (${result.summary})`);
}

/** `principal` holds (or, with allowed=false, lacks) `right` on `object`; the message explains why. */
export async function expectAccess(
  env: Environment,
  principal: string,
  object: string,
  right: string,
  allowed = true,
): Promise<void> {
  const answer = await env.explainAccess(principal, object, right);
  if (answer.decision.granted !== allowed) {
    fail(
      `expected ${principal} to be ${allowed ? "allowed" : "denied"} "${right}" on ${object}:\n${answer.explanation}`,
    );
  }
}
