#!/usr/bin/env node
// Entry point for the `wbsim` CLI: runs the compiled JavaScript in dist/ (`npm run build`; `npm ci`
// builds it through `prepare`). In a source checkout it says so when dist/ is missing or older than
// the sources, since it would otherwise run yesterday's code.
import { existsSync } from "node:fs";

const checkout = new URL("../scripts/build.mjs", import.meta.url);
if (existsSync(checkout)) {
  const { isStale } = await import(checkout.href);
  if (isStale()) {
    const built = existsSync(new URL("../dist/simulator/cli/main.js", import.meta.url));
    process.stderr.write(
      built
        ? "wbsim: dist/ is older than the sources; run `npm run build` to run your changes\n"
        : "wbsim: no build in dist/; run `npm run build` (npm ci does it) first\n",
    );
    if (!built) process.exit(2);
  }
}
const { main } = await import("../dist/simulator/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
