/**
 * The world registry through the CLI: every command that takes a world refuses an unknown one with
 * the list of known worlds and exit 2 (bad input), accepts every registered one, and `wbsim list
 * --worlds` prints the registry. A scenario file naming an unknown world is refused at its line.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WORLD_NAMES, WORLDS } from "../../simulator/worlds/registry.ts";
import { runWbsim } from "../support/wbsim.ts";

const KNOWN = `known worlds: ${WORLD_NAMES.join(", ")}`;
const ALICE = "CN=alice,OU=Staff,DC=contoso,DC=com";
const EXPLAIN = ["--principal", "CONTOSO\\MSOL_0123456789ab", "--object", ALICE, "--right", "Reset password"];

describe("an unknown world on each wbsim command", () => {
  it("serve --world: exit 2, the known worlds, nothing served", async () => {
    const r = await runWbsim(["serve", "--world", "contoso-expres", "--ldap-port", "0", "--ldaps-port", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown world "contoso-expres" (did you mean "contoso-express"?)');
    expect(r.stderr).toContain(KNOWN);
    expect(r.stdout).not.toContain("LDAPS");
  });

  it("explain --world: exit 2 and the known worlds", async () => {
    const r = await runWbsim(["explain", "--world", "fabrikam", ...EXPLAIN]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown world "fabrikam"; known worlds:');
  });

  it("run --world: exit 2 and the known worlds, before any scenario runs", async () => {
    const r = await runWbsim(["run", "scenarios/seed-flow.yaml", "--world", "fabrikam"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(KNOWN);
    expect(r.stdout).toBe("");
  });

  it("run FILE: a scenario naming an unknown world is refused with file:line:column (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wbsim-world-"));
    const file = join(dir, "typo.yaml");
    writeFileSync(
      file,
      "name: typo\ntitle: t\ndescription: d\nworld: contoso-expres\nsteps:\n  - clock.advance: 1m\n",
    );
    const r = await runWbsim(["run", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${file}:4:8: unknown world "contoso-expres" (did you mean "contoso-express"?); ${KNOWN}`,
    );
    const listed = await runWbsim(["list", dir]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(`${file}:4:8: unknown world "contoso-expres"`);
  });
});

describe("the registered worlds on each wbsim command", () => {
  it("explain accepts contoso-legacy-dc (it used to be refused)", async () => {
    const r = await runWbsim(["explain", "--world", "contoso-legacy-dc", ...EXPLAIN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("DENIED: Reset password on this user object.");
  });

  it("list --worlds prints every registered world with its description", async () => {
    const r = await runWbsim(["list", "--worlds", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(WORLDS.map((w) => ({ name: w.name, description: w.description })));
  });

  it("every --world option's help lists the registry", async () => {
    for (const command of ["serve", "explain", "run"]) {
      const r = await runWbsim([command, "--help"]);
      expect(r.stdout.replace(/\s+/g, " ")).toContain(
        `${WORLD_NAMES.slice(0, -1).join(", ")} or ${WORLD_NAMES.at(-1)}`,
      );
    }
  });
});
