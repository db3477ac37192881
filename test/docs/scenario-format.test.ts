/**
 * docs/scenario-format.md documents every step kind with each of its parameters, every top-level
 * key and every expectation key, as the loader's schemas define them; its example loads.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../harness/scenario/load-scenario.ts";
import { SCENARIO_SCHEMA } from "../../harness/scenario/scenario-schema.ts";
import { STEP_KINDS } from "../../harness/scenario/step-kinds.ts";

const page = readFileSync(join(import.meta.dirname, "../../docs/scenario-format.md"), "utf8");

type Schema = { properties?: Record<string, Schema>; oneOf?: Schema[]; items?: Schema };

function paramNames(schema: Schema): string[] {
  const own = Object.keys(schema.properties ?? {});
  return [...own, ...(schema.oneOf ?? []).flatMap(paramNames)];
}

/** The text of the `### \`kind\`` section. */
function section(kind: string): string {
  const start = page.indexOf(`### \`${kind}\``);
  if (start < 0) return "";
  const next = page.indexOf("\n### ", start + 1);
  return page.slice(start, next < 0 ? undefined : next);
}

describe("docs/scenario-format.md", () => {
  it.each(Object.keys(STEP_KINDS))("documents %s and each of its parameters", (kind) => {
    const text = section(kind);
    expect(text, `no section for ${kind}`).not.toBe("");
    for (const name of paramNames(STEP_KINDS[kind] as Schema))
      expect(text, `${kind}: ${name}`).toContain(`\`${name}\``);
  });

  it("documents every top-level key and every expectation", () => {
    const top = SCENARIO_SCHEMA as unknown as { properties: Record<string, Schema> };
    for (const key of Object.keys(top.properties)) expect(page).toContain(`| \`${key}\` |`);
    const expectKeys = Object.keys(top.properties.steps.items?.properties?.expect?.properties ?? {});
    expect(expectKeys.length).toBeGreaterThan(5);
    for (const key of expectKeys) expect(page).toContain(`| \`${key}\` |`);
  });

  it("its example is a valid scenario", () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
    expect(parseScenario(yaml, "docs/scenario-format.md").steps.length).toBe(3);
  });
});
