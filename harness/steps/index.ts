/** Every step executor, by step kind (harness/scenario/step-kinds.ts lists the kinds). */

import type { Environment } from "../environment.ts";
import type { StepResult } from "../run/types.ts";
import { adExecutors } from "./ad.ts";
import { aducExecutors } from "./aduc.ts";
import { clockExecutors } from "./clock.ts";
import { cloudExecutors } from "./cloud.ts";
import { connectExecutors } from "./connect.ts";
import { machineExecutors } from "./machine.ts";
import type { Executors } from "./results.ts";
import { toolExecutors } from "./tools.ts";
import { userExecutors } from "./users.ts";

export type { Executor, Executors } from "./results.ts";

export const STEP_EXECUTORS: Executors = {
  ...connectExecutors,
  ...aducExecutors,
  ...toolExecutors,
  ...adExecutors,
  ...cloudExecutors,
  ...userExecutors,
  ...clockExecutors,
  ...machineExecutors,
};

/**
 * Runs one step outside a scenario file (tests, benchmarks, tools), with its events counted from now.
 * Unknown kinds are refused by name.
 */
export function runStep(env: Environment, kind: string, params: unknown = null): Promise<StepResult> {
  const executor = STEP_EXECUTORS[kind];
  if (!executor) throw new Error(`unknown step kind ${kind}`);
  env.markEvents();
  return executor(env, params, { kind, params, line: 0 });
}
