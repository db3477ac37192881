/**
 * `import … from "writeback-sim"`: the harness for a plain Node program or any test runner.
 *   createEnvironment / Environment   a running fake DC + mock Entra ID + Azure AD Connect + admin tools
 *   EnvironmentPool                   environments rewound from a snapshot instead of rebuilt
 *   loadScenarioFile, runScenario     load and run scenario files (CATALOGUE_DIR: the shipped catalogue)
 *   runStep, STEP_EXECUTORS           one executor per scenario step kind
 * The vitest fixture is in "writeback-sim/vitest", msw handlers in "writeback-sim/msw".
 */
export * from "../harness/index.ts";
