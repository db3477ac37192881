import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWbsim } from "../support/wbsim.ts";

describe("wbsim list", () => {
  it("lists the built-in catalogue with titles and tags", async () => {
    const run = await runWbsim(["list"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^seed-flow +Configure password writeback end to end.*\[flagship, training, permissions\]$/m,
    );
    const count = Number(/(\d+) scenarios/.exec(run.stdout)?.[1]);
    expect(count).toBeGreaterThanOrEqual(25);
  });

  it("names the file, line and column of a broken scenario and exits non-zero", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wbsim-list-"));
    writeFileSync(
      join(dir, "broken.yaml"),
      "name: broken\ntitle: t\ndescription: d\nsteps:\n  - ad.bnd: {}\n",
    );
    const run = await runWbsim(["list", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, "broken.yaml")}:5:5: unknown step kind "ad.bnd"`);
  });
});
