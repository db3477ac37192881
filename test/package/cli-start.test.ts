/**
 * What the CLI loads before it does anything, watched through a module resolve hook (never timed;
 * the timings are bench/cli.bench.ts's). Every command's register() is imported at start, so a
 * command module that imports the simulator at its top makes every `wbsim` start pay for it:
 *   - `wbsim --help` loads commander and small modules only: no package but commander, nothing of
 *     the directory, LDAP, cloud, Connect, diagnose or harness layers;
 *   - `wbsim run` loads neither msw nor fastify (only writeback-sim/msw and cloudUrl() need them).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../support/tools.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const HOOKS = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.startsWith("file:")) process.stderr.write("LOADED " + r.url + "\\n");
  return r;
}`;
const REGISTER = `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(HOOKS)}));`;

/** The files (relative to the repository) and packages `wbsim …args` loads through import. */
async function loadedBy(args: string[]): Promise<{ own: string[]; packages: string[]; stdout: string }> {
  const r = await run(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(REGISTER)}`, "bin/wbsim.mjs", ...args],
    { cwd: ROOT, timeoutMs: 60_000 },
  );
  expect(r.code, r.stderr).toBe(0);
  const urls = [...r.stderr.matchAll(/^LOADED (file:\S+)$/gm)].map((m) => fileURLToPath(m[1]));
  const packages = new Set<string>();
  const own = new Set<string>();
  for (const path of urls) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    if (pkg) packages.add(pkg[1]);
    else own.add(path.slice(ROOT.length));
  }
  return { own: [...own].sort(), packages: [...packages].sort(), stdout: r.stdout };
}

describe("what wbsim loads", () => {
  it("--help: commander and small modules, nothing of the simulator's layers", async () => {
    const { own, packages, stdout } = await loadedBy(["--help"]);
    expect(stdout).toContain("Usage: wbsim");
    expect(packages).toEqual(["commander"]);
    // Option choices may come from small modules anywhere; the simulator's layers may not load.
    const heavy =
      /^dist\/(harness|simulator\/(directory|ldap|ldap-client|cloud|connect|diagnose|personality))\/|^dist\/simulator\/worlds\/(?!world-names\.js)/;
    expect(own.filter((f) => heavy.test(f))).toEqual([]);
    expect(own.length).toBeLessThan(60);
  });

  it("run: the scenario's code, without msw or fastify", async () => {
    const { packages, stdout } = await loadedBy(["run", "scenarios/seed-flow.yaml"]);
    expect(stdout).toContain("1 passed, 0 failed");
    expect(packages).toContain("ldapts");
    expect(packages).not.toContain("msw");
    expect(packages).not.toContain("fastify");
  });
});
