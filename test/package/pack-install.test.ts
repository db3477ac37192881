/**
 * The package as a QA team gets it: `npm pack` once, then `npm install --omit=dev` of the tarball into
 * an empty project (offline from the npm cache where it can), and, in that project only:
 *   - the tarball holds the build, the bin and the catalogue, and no tests, benches, fixtures or sources;
 *   - `npx wbsim list` and `npx wbsim run` on one catalogue scenario;
 *   - a plain Node ESM program importing "writeback-sim" and "writeback-sim/msw";
 *   - a vitest suite using the `env` fixture, an expect helper and the msw handlers;
 *   - a strict TypeScript check of code that imports all three entry points.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, type ToolResult } from "../support/tools.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const version = (pkg: string) =>
  (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string })
    .version;

/** This process's environment without this test run's npm, node and vitest settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|TSX)/i.test(k)) env[k] = v;
  }
  return { ...env, NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false" };
}

/** Runs a command to the end (killed after `timeoutMs`), in `cwd`, with cleanEnv(). */
function exec(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<ToolResult> {
  return run(cmd, args, { cwd, baseEnv: cleanEnv(), timeoutMs });
}

let work: string;
let project: string;
let packedFiles: string[];

const inProject = (cmd: string, args: string[], timeoutMs?: number) => exec(cmd, args, project, timeoutMs);

const CONSUMER_TEST = `
import { setupServer } from "msw/node";
import { createCloudHandlers, WBSIM_PUBLIC_CLIENT_ID } from "writeback-sim/msw";
import { expect, expectEvent, expectSsprCode, test } from "writeback-sim/vitest";

test("alice's reset fails until the grant", async ({ env, run }) => {
  await run("connect.enableWriteback", { admin: "admin@contoso.onmicrosoft.com", password: "Gl0bal!Admin#1" });
  const r = await run("user.resetPassword", { user: "alice@contoso.com", newPassword: "N3w!Passw0rd#1" });
  expectSsprCode(r, "SSPR_0029");
  expectEvent(env, { source: "PasswordResetService", id: 33004 });
});

test("a tool calling login.microsoftonline.com is answered in-process by the msw handlers", async ({ env }) => {
  const server = setupServer(...createCloudHandlers(env.cloud));
  server.listen({ onUnhandledRequest: "error" });
  try {
    const res = await fetch("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: WBSIM_PUBLIC_CLIENT_ID,
        scope: "https://graph.microsoft.com/.default",
        username: "helpdesk@contoso.onmicrosoft.com",
        password: "Helpd3sk!Admin#1",
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token_type: string; access_token: string };
    expect(body.token_type).toBe("Bearer");
    expect(body.access_token.split(".")).toHaveLength(3);
  } finally {
    server.close();
  }
});
`;

const PLAIN_NODE = `
import { CATALOGUE_DIR, createEnvironment, loadScenarioFile, runStep } from "writeback-sim";
import { createCloudHandlers, createContosoCloud, REAL_HOSTS } from "writeback-sim/msw";

// README, "Use it from your own project"
const env = await createEnvironment({ world: "contoso" });
const cloudUrl = await env.cloudUrl();
await runStep(env, "connect.enableWriteback", { admin: "admin@contoso.onmicrosoft.com", password: "Gl0bal!Admin#1" });
const r = await runStep(env, "user.resetPassword", { user: "alice@contoso.com", newPassword: "N3w!Passw0rd#1" });
const scenario = loadScenarioFile(CATALOGUE_DIR + "/seed-flow.yaml");
await env.close();
const { cloud } = createContosoCloud();
console.log(JSON.stringify({
  ldaps: env.dc.ldapsUrl.startsWith("ldaps://127.0.0.1:"),
  http: cloudUrl.startsWith("http://127.0.0.1:"),
  ssprCode: r.ssprCode ?? null,
  scenario: scenario.name,
  handlers: createCloudHandlers(cloud).length > 0,
  login: REAL_HOSTS.login,
}));
`;

const TYPED_CONSUMER = `
import { createEnvironment, type Environment, type EnvironmentOptions, type ScenarioReport } from "writeback-sim";
import { createCloudHandlers, type Cloud } from "writeback-sim/msw";
import { expectSsprCode, type HarnessFixtures, test } from "writeback-sim/vitest";

const options: EnvironmentOptions = { world: "contoso", personality: "samba" };
export async function start(): Promise<Environment> {
  return createEnvironment(options);
}
export function handlers(cloud: Cloud): number {
  return createCloudHandlers(cloud).length;
}
export function statusOf(report: ScenarioReport): "passed" | "failed" | "error" | "not-applicable" {
  return report.status;
}
export const fixtures: keyof HarnessFixtures = "env";
test("typed", async ({ env, run }) => {
  const r = await run("user.resetPassword", { user: "alice@contoso.com", newPassword: "x" });
  expectSsprCode(r, null);
  const url: string = env.dc.ldapsUrl;
  void url;
});
// @ts-expect-error: a world that does not exist is refused by the types
export const wrong: EnvironmentOptions = { world: "fabrikam" };
`;

describe("the packed package in an empty project", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "wbsim-pack-"));
    // dist/ is current (vitest's globalSetup), so pack without running `prepare` a second time.
    const pack = await exec("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    const packed = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed[0].files.map((f) => f.path);
    project = join(work, "consumer");
    mkdirSync(join(project, "test"), { recursive: true });
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify(
        {
          name: "consumer",
          private: true,
          type: "module",
          dependencies: {
            "writeback-sim": `file:../${packed[0].filename}`,
            vitest: version("vitest"),
            msw: version("msw"),
            "@types/node": version("@types/node"),
          },
        },
        null,
        2,
      ),
    );
    writeFileSync(join(project, "test", "writeback.test.ts"), CONSUMER_TEST);
    writeFileSync(join(project, "plain.mjs"), PLAIN_NODE);
    writeFileSync(join(project, "typed.ts"), TYPED_CONSUMER);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          types: ["node"],
          skipLibCheck: true,
        },
        files: ["typed.ts"],
      }),
    );
    const install = await inProject(
      "npm",
      ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"],
      300_000,
    );
    expect(install.code, install.stderr).toBe(0);
  }, 360_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("packs the build, the bin and the catalogue, and no tests, benches, fixtures or sources", () => {
    const catalogue = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml"));
    for (const f of [
      "package.json",
      "README.md",
      "bin/wbsim.mjs",
      "dist/api/index.js",
      "dist/api/index.d.ts",
      "dist/api/vitest.js",
      "dist/api/msw.js",
      "dist/simulator/cli/main.js",
      ...catalogue.map((f) => `scenarios/${f}`),
    ]) {
      expect(packedFiles).toContain(f);
    }
    // the world data read at run time travels with the code that reads it
    expect(packedFiles.some((f) => f.startsWith("dist/") && f.endsWith(".sddl"))).toBe(true);
    const unwanted = packedFiles.filter(
      (f) =>
        /^(test|bench|scripts|containers|\.ci|api|simulator|harness)\//.test(f) ||
        /(^|\/)fixtures\//.test(f) ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
        f === "bin/run-ts.mjs" ||
        f === "dist/.build-stamp",
    );
    expect(unwanted).toEqual([]);
  });

  it("installs without dev dependencies: no tsx, typescript or testcontainers", () => {
    const installed = readdirSync(join(project, "node_modules"));
    expect(installed).toContain("writeback-sim");
    for (const dev of ["tsx", "typescript", "testcontainers", "ldapjs", "fast-check", "@biomejs"]) {
      expect(installed).not.toContain(dev);
    }
  });

  it("npx wbsim list shows the catalogue", async () => {
    const r = await inProject("npx", ["wbsim", "list"]);
    expect(r.code, r.stderr).toBe(0);
    const count = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml")).length;
    expect(r.stdout).toContain(`${count} scenarios`);
    expect(r.stdout).toMatch(/^seed-flow\s/m);
  });

  it("npx wbsim run runs a catalogue scenario", async () => {
    const r = await inProject("npx", ["wbsim", "run", "--only", "grant-on-wrong-ou"]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/grant-on-wrong-ou\s+fake\s+passed/);
    expect(r.stdout).toContain("1 passed, 0 failed");
  });

  it('"writeback-sim" and "writeback-sim/msw" load in a plain Node ESM program', async () => {
    const r = await inProject(process.execPath, ["plain.mjs"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ldaps: true,
      http: true,
      ssprCode: "SSPR_0029",
      scenario: "seed-flow",
      handlers: true,
      login: "https://login.microsoftonline.com",
    });
  });

  it("a vitest suite there passes with the fixture, an expect helper and the msw handlers", async () => {
    const r = await inProject("npx", ["vitest", "run"], 180_000);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+2 passed/);
  });

  it("the types resolve for a consumer in strict TypeScript", async () => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const r = await inProject(process.execPath, [tsc, "-p", "tsconfig.json"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
