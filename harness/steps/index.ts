/** Every step executor, by step kind (harness/scenario/step-kinds.ts lists the kinds). */
import { adExecutors } from "./ad.ts";
import { aducExecutors } from "./aduc.ts";
import { clockExecutors } from "./clock.ts";
import { cloudExecutors } from "./cloud.ts";
import { connectExecutors } from "./connect.ts";
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
};
