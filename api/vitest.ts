/**
 * `import … from "writeback-sim/vitest"`: `test` with the `env` and `run` fixtures, `expect`, and the
 * helpers expectEntry / expectEvent / expectSsprCode / expectAccess. Loads inside a vitest run only
 * (vitest is a peer dependency).
 */
export * from "../harness/vitest/index.ts";
