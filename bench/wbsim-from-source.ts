/**
 * `wbsim` started the way it was before the package build: the TypeScript sources through tsx
 * (`node bin/run-ts.mjs bench/wbsim-from-source.ts ARGS…`). The baseline of bench/cli.bench.ts.
 */
import { main } from "../simulator/cli/main.ts";

process.exitCode = await main(process.argv.slice(2));
