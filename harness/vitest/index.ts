/** vitest integration of the writeback harness: the `env` fixture and assertion helpers. */
export * from "./assertions.ts";
export * from "./fixture.ts";
