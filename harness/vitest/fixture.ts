/**
 * vitest integration: `test` extended with an `env` fixture. Each test gets a fresh environment,
 * restored from a snapshot shared by every test of the file (building one costs a few hundred ms,
 * restoring one about a millisecond), and its own `run(kind, params)` to drive step executors.
 *
 *   import { test, expect } from "./index.ts";
 *   test("alice's reset fails before the grant", async ({ env, run }) => {
 *     await run("connect.enableWriteback", { admin: "admin@contoso.onmicrosoft.com", password: "…" });
 *     const r = await run("user.resetPassword", { user: "alice@contoso.com", newPassword: "…" });
 *     expectSsprCode(r, "SSPR_0029");
 *   });
 *
 * Options (test.scoped / per file): `environmentOptions` (world, personality, seed). The pool is
 * closed when the worker's file finishes.
 */
import { test as base } from "vitest";
import type { Environment, EnvironmentOptions } from "../environment.ts";
import { EnvironmentPool } from "../environment-pool.ts";
import type { StepResult } from "../run/types.ts";
import { runStep } from "../steps/index.ts";

export interface HarnessFixtures {
  /** World, personality and seed of the environment; default contoso / windows. */
  environmentOptions: EnvironmentOptions;
  /** A fresh environment (fake DC) for this test. */
  env: Environment;
  /** Runs one scenario step through its executor, e.g. run("user.resetPassword", {…}). */
  run: (kind: string, params?: unknown) => Promise<StepResult>;
}

interface WorkerFixtures {
  environmentPool: EnvironmentPool;
}

export const test = base.extend<HarnessFixtures & WorkerFixtures>({
  environmentPool: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest requires an object pattern here
    async ({}, use) => {
      const pool = new EnvironmentPool();
      await use(pool);
      await pool.close();
    },
    { scope: "worker" },
  ],
  environmentOptions: {} as EnvironmentOptions,
  env: async ({ environmentPool, environmentOptions }, use) => {
    const env = await environmentPool.acquire({ ...environmentOptions, target: "fake" });
    await use(env);
    await env.close();
  },
  run: async ({ env }, use) => {
    await use((kind, params = null) => runStep(env, kind, params));
  },
});

export { expect } from "vitest";
