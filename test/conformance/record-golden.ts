/**
 * Records the Samba AD DC's answer to every conformance operation into samba-golden.json:
 *   node bin/run-ts.mjs test/conformance/record-golden.ts [name-substring…]
 * (with names, only the matching operations are run and printed; the file is not written).
 * Needs the image from `npm run setup`. Run it again whenever operations.ts changes, and review the
 * diff against samba-observations.md before committing.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSambaDc } from "../../harness/targets/samba-container.ts";
import { normalise, type Outcome, operations } from "./operations.ts";

const only = process.argv.slice(2);
const selected = operations.filter((o) => only.length === 0 || only.some((s) => o.name.includes(s)));
const dc = await startSambaDc();
const outcomes: Record<string, Outcome> = {};
try {
  for (const o of selected) {
    const started = performance.now();
    const outcome = normalise(await o.run(dc), dc);
    outcomes[o.name] = outcome;
    const ms = (performance.now() - started).toFixed(0);
    console.log(`${o.name}\n    -> ${outcome.code} ${JSON.stringify(outcome.message)} (${ms} ms)`);
  }
} finally {
  await dc.stop();
}
if (only.length === 0) {
  const file = join(dirname(fileURLToPath(import.meta.url)), "samba-golden.json");
  const golden = { recordedFrom: dc.image, operations: outcomes };
  writeFileSync(file, `${JSON.stringify(golden, null, 2)}\n`);
  console.log(`wrote ${Object.keys(outcomes).length} outcomes to ${file}`);
}
