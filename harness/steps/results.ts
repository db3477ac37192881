/** Small shared pieces of the step executors: building StepResults and reading parameters. */
import { outcomeOf } from "../../simulator/ldap-client/index.ts";
import type { Environment } from "../environment.ts";
import type { StepExecutor } from "../run/run-scenario.ts";
import { NotApplicableError, type StepResult } from "../run/types.ts";

export type Executor = StepExecutor<Environment>;
export type Executors = Record<string, Executor>;

export function ok(summary: string, extra: Partial<StepResult> = {}): StepResult {
  return { outcome: "success", summary, ...extra };
}

export function failed(summary: string, extra: Partial<StepResult> = {}): StepResult {
  return { outcome: "failure", summary, ...extra };
}

/** The LDAP result of an ldapts error (code -1 when no LDAP result came back). */
export function ldapOf(err: unknown): { code: number; message: string } {
  const o = outcomeOf(err);
  return { code: o.code, message: o.diagnosticMessage };
}

/** True when `err` carries an LDAP result (or a transport failure) rather than being a bug. */
export function isLdapError(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? "";
  return /ResultCodeError|Error$/.test(name) && typeof (err as { code?: unknown }).code === "number";
}

/** Steps that need the in-process DC (its clock, SDProp, direct state) refuse other targets. */
export function requireInProcessDc(env: Environment, what: string): NonNullable<Environment["directory"]> {
  if (!env.directory) {
    throw new NotApplicableError(`${what} needs the in-process DC; target ${env.target} is a real DC`);
  }
  return env.directory;
}

/** "65m", "25h", "1d", "30s", "500ms" or a number of ms → ms. */
export function parseDuration(value: string | number): number {
  if (typeof value === "number") return value;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(value.trim());
  if (!m) throw new Error(`not a duration: "${value}" (expected e.g. 30s, 65m, 25h, 1d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as "ms" | "s" | "m" | "h" | "d"
  ];
  return Number(m[1]) * unit;
}

export function humanDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
