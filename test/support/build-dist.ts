/**
 * vitest globalSetup: the CLI tests spawn bin/wbsim.mjs, which runs the compiled dist/, so dist/ is
 * rebuilt first whenever a source is newer than the last build (a no-op, a few ms, when it is not).
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function buildDist(): void {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  execFileSync(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: root, stdio: "inherit" });
}
