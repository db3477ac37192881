/**
 * The live Samba container still answers every conformance operation as recorded in
 * samba-golden.json (re-record with `node bin/run-ts.mjs test/conformance/record-golden.ts`).
 * Operations run in list order on one container, as the recorder ran them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedSambaDc, startSambaDc } from "../../harness/targets/samba-container.ts";
import { golden, knownDifferences } from "./golden.ts";
import { normalise, operations } from "./operations.ts";

describe("conformance frame", () => {
  it("has a golden outcome for every operation, and no stale ones", () => {
    expect(Object.keys(golden.operations).sort()).toEqual(operations.map((o) => o.name).sort());
  });
  it("lists known differences as an array of { operation, reason, expected? }", () => {
    expect(Array.isArray(knownDifferences)).toBe(true);
    for (const d of knownDifferences) {
      expect(typeof d.reason).toBe("string");
      expect(operations.map((o) => o.name)).toContain(d.operation);
    }
  });
});

describe("Samba AD DC container matches samba-golden.json", () => {
  let dc: StartedSambaDc;
  beforeAll(async () => {
    dc = await startSambaDc();
  });
  afterAll(async () => {
    await dc?.stop();
  });

  for (const o of operations) {
    it(o.name, async () => {
      expect(normalise(await o.run(dc), dc)).toEqual(golden.operations[o.name]);
    });
  }
});
