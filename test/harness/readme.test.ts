/**
 * README.md against what the product prints: its Catalogue table is the scenario catalogue (name,
 * title, tags, in file order), and every transcript it quotes (a ```text block after a
 * `<!-- transcript: scenarios/x.yaml -->` marker) appears, line by line and in order, in what
 * `wbsim run <file>` prints.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverScenarioFiles } from "../../harness/scenario/discover.ts";
import { loadScenarioFile } from "../../harness/scenario/load-scenario.ts";
import { REPO_ROOT, runWbsim } from "../support/wbsim.ts";

const readme = readFileSync(`${REPO_ROOT}/README.md`, "utf8");

function catalogueRows(): string[][] {
  const section = readme.split(/^## Catalogue$/m)[1]?.split(/^## /m)[0] ?? "";
  return section
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .map((l) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim().replace(/^`|`$/g, "")),
    );
}

function quotedTranscripts(): { file: string; lines: string[] }[] {
  const out: { file: string; lines: string[] }[] = [];
  const re = /<!-- transcript: (\S+) -->\n```text\n([\s\S]*?)\n```/g;
  for (const m of readme.matchAll(re)) out.push({ file: m[1], lines: m[2].split("\n") });
  return out;
}

describe("README.md", () => {
  it("lists every scenario of the catalogue with its title and tags", () => {
    const scenarios = discoverScenarioFiles([])
      .map((f) => loadScenarioFile(f))
      .map((s) => [s.name, s.title, (s.tags ?? []).join(", ")])
      .sort((a, b) => a[0].localeCompare(b[0]));
    const rows = catalogueRows().sort((a, b) => a[0].localeCompare(b[0]));
    expect(rows).toEqual(scenarios);
  });

  const transcripts = quotedTranscripts();
  it("quotes transcripts", () => {
    expect(transcripts.length).toBeGreaterThan(0);
  });

  for (const t of transcripts) {
    it(`quotes what wbsim run ${basename(t.file)} prints`, async () => {
      const r = await runWbsim(["run", t.file], { timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      const printed = r.stdout.split("\n");
      let at = 0;
      for (const line of t.lines) {
        const found = printed.indexOf(line, at);
        expect(found, `README line not printed (in order):\n${line}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    });
  }
});
