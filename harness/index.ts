/**
 * The writeback harness, for tests and tools:
 *   createEnvironment / Environment   a running DC + Entra ID + Azure AD Connect + admin tools
 *   EnvironmentPool                   environments rewound from a snapshot (≈ 0.1 ms) instead of rebuilt
 *   STEP_EXECUTORS                    one executor per scenario step kind
 *   runScenario, loadScenarioFile     run a scenario file
 *   harness/vitest                    the `env` fixture and expectEntry/expectEvent/expectSsprCode/expectAccess
 */
export {
  createEnvironment,
  type DcCredentials,
  type DcEndpoint,
  Environment,
  type EnvironmentOptions,
  type EnvironmentSnapshot,
} from "./environment.ts";
export type { AccessAnswer } from "./environment-access.ts";
export { SECURITY_AUDITING_SOURCE } from "./environment-events.ts";
export { EnvironmentPool } from "./environment-pool.ts";
export { formatJunit } from "./report/junit-report.ts";
export { formatScenario, formatSummary } from "./report/text-report.ts";
export { type RunnableEnvironment, runScenario, type StepExecutor } from "./run/run-scenario.ts";
export * from "./run/types.ts";
export { CATALOGUE_DIR, discoverScenarioFiles } from "./scenario/discover.ts";
export {
  loadScenarioFile,
  parseScenario,
  type Scenario,
  ScenarioLoadError,
} from "./scenario/load-scenario.ts";
export { KNOWN_STEP_KINDS, STEP_KINDS } from "./scenario/step-kinds.ts";
export { runStep, STEP_EXECUTORS } from "./steps/index.ts";
