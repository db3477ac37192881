/** Simulated time: "an hour later" is one step. Only the in-process DC shares the simulated clock. */
import { type Executors, humanDuration, ok, parseDuration, requireInProcessDc } from "./results.ts";

export const clockExecutors: Executors = {
  "clock.advance": async (env, params) => {
    requireInProcessDc(env, "clock.advance (a real DC keeps real time)");
    const ms = parseDuration(params as string | number);
    env.clock.advance(ms);
    return ok(`${humanDuration(ms)} later: ${env.clock.date().toISOString()}`);
  },
};
