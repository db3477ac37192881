/**
 * Checks one step's expectations against what the step did. Every failure is one sentence a
 * trainee can read ("expected SSPR code SSPR_0029, the user saw SSPR_0030").
 */
import type {
  AccessExpectation,
  DirectoryExpectation,
  EventExpectation,
  Expectations,
} from "../scenario/load-scenario.ts";
import type { LoggedEvent, StepResult } from "./types.ts";

/** What the runner can look up in the environment to check directory and access expectations. */
export interface ExpectationProbe {
  /** Values of an attribute as strings, or null when the entry doesn't exist. */
  readAttribute(dn: string, attribute: string): Promise<string[] | null>;
  /** Whether `principal` holds `right` ("Reset password", "Write pwdLastSet", …) on `object`. */
  checkAccess(principal: string, object: string, right: string): Promise<boolean>;
}

export async function checkExpectations(
  expect: Expectations | undefined,
  result: StepResult,
  events: LoggedEvent[],
  probe: ExpectationProbe,
): Promise<string[]> {
  if (!expect) return [];
  const failures: string[] = [];
  if (expect.outcome && expect.outcome !== result.outcome) {
    failures.push(`expected outcome ${expect.outcome}, got ${result.outcome} (${result.summary})`);
  }
  if (expect.ssprCode && expect.ssprCode !== result.ssprCode) {
    failures.push(`expected SSPR code ${expect.ssprCode}, the user saw ${result.ssprCode ?? "no SSPR code"}`);
  }
  if (expect.message) {
    const visible = [result.userMessage, result.wizard?.error, result.output].filter(Boolean).join("\n");
    if (!visible.includes(expect.message)) {
      failures.push(`expected the user to see "${expect.message}", they saw "${visible || "(nothing)"}"`);
    }
  }
  if (expect.output && !(result.output ?? "").includes(expect.output)) {
    failures.push(`expected the output to contain "${expect.output}"`);
  }
  for (const wanted of expect.events ?? []) {
    if (!events.some((e) => eventMatches(e, wanted))) {
      failures.push(
        `expected event ${describeEvent(wanted)}; logged: ${events.map((e) => `${e.source} ${e.id}`).join(", ") || "none"}`,
      );
    }
  }
  if (expect.noEvents === true && events.length > 0) {
    failures.push(`expected no events, got ${events.map((e) => `${e.source} ${e.id}`).join(", ")}`);
  } else if (Array.isArray(expect.noEvents)) {
    for (const unwanted of expect.noEvents) {
      if (events.some((e) => eventMatches(e, unwanted)))
        failures.push(`expected no event ${describeEvent(unwanted)}`);
    }
  }
  if (expect.ldap) {
    if (!result.ldap) {
      failures.push(`expected LDAP result ${expect.ldap.code}, but the step reached no DC`);
    } else {
      if (result.ldap.code !== expect.ldap.code) {
        failures.push(
          `expected LDAP result ${expect.ldap.code}, got ${result.ldap.code} (${result.ldap.message})`,
        );
      }
      if (expect.ldap.message && !result.ldap.message.includes(expect.ldap.message)) {
        failures.push(
          `expected the LDAP message to contain "${expect.ldap.message}", got "${result.ldap.message}"`,
        );
      }
    }
  }
  if (expect.wizard) {
    if (result.wizard?.page !== expect.wizard.page) {
      failures.push(
        `expected the wizard on page "${expect.wizard.page}", it is on "${result.wizard?.page ?? "no page"}"`,
      );
    }
    if (expect.wizard.error && !(result.wizard?.error ?? "").includes(expect.wizard.error)) {
      failures.push(
        `expected the wizard error "${expect.wizard.error}", got "${result.wizard?.error ?? "none"}"`,
      );
    }
  }
  for (const d of asList(expect.directory)) failures.push(...(await checkDirectory(d, probe)));
  for (const a of asList(expect.access)) failures.push(...(await checkAccess(a, probe)));
  return failures;
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function eventMatches(event: LoggedEvent, wanted: EventExpectation): boolean {
  if (event.id !== wanted.id) return false;
  if (wanted.source && event.source.toLowerCase() !== wanted.source.toLowerCase()) return false;
  if (wanted.contains && !event.text.includes(wanted.contains)) return false;
  return true;
}

function describeEvent(e: EventExpectation): string {
  return `${e.source ? `${e.source} ` : ""}${e.id}${e.contains ? ` containing "${e.contains}"` : ""}`;
}

async function checkDirectory(d: DirectoryExpectation, probe: ExpectationProbe): Promise<string[]> {
  const values = await probe.readAttribute(d.dn, d.attribute);
  if (values === null) return [`expected ${d.dn} to exist`];
  const shown = values.length ? values.join("; ") : "(absent)";
  if (d.absent === true && values.length > 0)
    return [`expected ${d.attribute} on ${d.dn} to be absent, it is ${shown}`];
  if (d.absent === false && values.length === 0) return [`expected ${d.attribute} on ${d.dn} to be present`];
  if (d.equals !== undefined && !(values.length === 1 && values[0] === String(d.equals))) {
    return [`expected ${d.attribute} on ${d.dn} to equal ${String(d.equals)}, it is ${shown}`];
  }
  if (d.contains !== undefined && !values.some((v) => v.includes(String(d.contains)))) {
    return [`expected ${d.attribute} on ${d.dn} to contain ${String(d.contains)}, it is ${shown}`];
  }
  return [];
}

async function checkAccess(a: AccessExpectation, probe: ExpectationProbe): Promise<string[]> {
  const allowed = await probe.checkAccess(a.principal, a.object, a.right);
  if (allowed === a.allowed) return [];
  return [
    `expected ${a.principal} to be ${a.allowed ? "allowed" : "denied"} "${a.right}" on ${a.object}, it is ${allowed ? "allowed" : "denied"}`,
  ];
}
