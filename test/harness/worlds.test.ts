/** The world registry: the scenario loader, createDirectory, createEnvironment and README.md read it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEnvironment } from "../../harness/environment.ts";
import { parseScenario, ScenarioLoadError } from "../../harness/scenario/load-scenario.ts";
import { SCENARIO_SCHEMA } from "../../harness/scenario/scenario-schema.ts";
import { createDirectory, UnknownWorldError, WORLD_NAMES, WORLDS } from "../../simulator/worlds/index.ts";
import { REPO_ROOT } from "../support/wbsim.ts";

const scenario = (world: string) =>
  `name: w\ntitle: t\ndescription: d\nworld: ${world}\nsteps:\n  - clock.advance: 1m\n`;

describe("world registry", () => {
  it("a scenario naming an unknown world is refused at the world's line and column, listing the known ones", () => {
    let err: unknown;
    try {
      parseScenario(scenario("contsoo"), "case.yaml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioLoadError);
    expect((err as Error).message).toBe(
      `case.yaml:4:8: unknown world "contsoo" (did you mean "contoso"?); known worlds: ${WORLD_NAMES.join(", ")}`,
    );
  });

  it("every registered world loads in a scenario; the schema enumerates exactly the registry", () => {
    for (const name of WORLD_NAMES) expect(parseScenario(scenario(name)).world).toBe(name);
    expect(SCENARIO_SCHEMA.properties.world.enum).toEqual(WORLD_NAMES);
  });

  it("createDirectory refuses an unknown world instead of building contoso", () => {
    expect(() => createDirectory({ world: "contsoo", personality: "windows" })).toThrow(UnknownWorldError);
    expect(() => createDirectory({ world: "contsoo", personality: "windows" })).toThrow(
      /unknown world "contsoo".*known worlds: contoso, contoso-express, contoso-legacy-dc/,
    );
  });

  it("createEnvironment refuses an unknown world before starting anything", async () => {
    await expect(createEnvironment({ world: "fabrikam" as never })).rejects.toThrow(UnknownWorldError);
  });

  it("README.md's Worlds table is the registry", () => {
    const readme = readFileSync(`${REPO_ROOT}/README.md`, "utf8");
    const section = readme.split("\n## Worlds\n")[1]?.split("\n## ")[0] ?? "";
    const rows = [...section.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map((m) => ({
      name: m[1],
      description: m[2],
    }));
    expect(rows).toEqual(WORLDS.map((w) => ({ name: w.name, description: w.description })));
  });
});
