/**
 * Access to the recorded Samba answers, for any suite that runs the conformance operations against
 * another DC (the fake DC's samba personality):
 *
 *   for (const o of operations) it(o.name, async () => {
 *     const expected = expectedOutcome(o.name);   // golden, unless known-differences.json overrides
 *     expect(normalise(await o.run(target), target)).toEqual(expected);
 *   });
 */
import { readFileSync } from "node:fs";
import type { Outcome } from "./wire.ts";

export interface KnownDifference {
  /** Operation name, as in operations.ts. */
  operation: string;
  /** Why the fake DC answers differently (e.g. it follows Windows where Samba deviates). */
  reason: string;
  /** What the fake DC answers instead (normalised); omit to skip the comparison for this operation. */
  expected?: Outcome;
}

export const golden = JSON.parse(readFileSync(new URL("./samba-golden.json", import.meta.url), "utf8")) as {
  recordedFrom: string;
  operations: Record<string, Outcome>;
};

export const knownDifferences = JSON.parse(
  readFileSync(new URL("./known-differences.json", import.meta.url), "utf8"),
) as KnownDifference[];

/** The outcome a DC modelling Samba must give: the known difference's, else the golden one.
 * undefined means "do not compare" (a known difference without an expected outcome). */
export function expectedOutcome(operation: string): Outcome | undefined {
  const diff = knownDifferences.find((d) => d.operation === operation);
  if (diff) return diff.expected;
  const g = golden.operations[operation];
  if (!g) throw new Error(`no golden outcome for "${operation}": re-record samba-golden.json`);
  return g;
}
