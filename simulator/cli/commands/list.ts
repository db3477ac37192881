/** `wbsim list [DIR|FILE…]`: the scenario catalogue with titles and tags; `--worlds`: the world registry. */
import type { Command } from "commander";
import { WORLD_INFO } from "../../worlds/world-names.ts";
import type { SetExitCode } from "./shared.ts";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("list")
    .description("list the scenario catalogue (or the scenarios in the given files and directories)")
    .argument("[paths...]", "scenario files or directories (default: the built-in catalogue)")
    .option("--json", "print JSON instead of a table")
    .option("--worlds", "list the worlds a scenario (or --world) can name, instead of the scenarios")
    .action(async (paths: string[], opts: { json?: boolean; worlds?: boolean }) => {
      if (opts.worlds) return listWorlds(opts.json);
      // Loaded on use (the scenario schema compiles at load), so `wbsim --help` stays fast.
      const [{ discoverScenarioFiles }, { loadScenarioFile, ScenarioLoadError }] = await Promise.all([
        import("../../../harness/scenario/discover.ts"),
        import("../../../harness/scenario/load-scenario.ts"),
      ]);
      const rows: {
        name: string;
        title: string;
        tags: string[];
        world: string;
        personality: string;
        file: string;
      }[] = [];
      for (const file of discoverScenarioFiles(paths)) {
        try {
          const s = loadScenarioFile(file);
          rows.push({
            name: s.name,
            title: s.title,
            tags: s.tags,
            world: s.world,
            personality: s.personality,
            file,
          });
        } catch (err) {
          if (!(err instanceof ScenarioLoadError)) throw err;
          process.stderr.write(`${err.message}\n`);
          setExitCode(1);
        }
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const width = Math.max(4, ...rows.map((r) => r.name.length));
      process.stdout.write(`${"name".padEnd(width)}  title  [tags]\n`);
      for (const r of rows)
        process.stdout.write(`${r.name.padEnd(width)}  ${r.title}  [${r.tags.join(", ")}]\n`);
      process.stdout.write(`\n${rows.length} scenarios\n`);
    });
}

function listWorlds(json?: boolean): void {
  const rows = WORLD_INFO.map((w) => ({ name: w.name, description: w.description }));
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  process.stdout.write(`${"name".padEnd(width)}  description\n`);
  for (const r of rows) process.stdout.write(`${r.name.padEnd(width)}  ${r.description}\n`);
}
