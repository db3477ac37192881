/**
 * The directory that holds writeback-sim's package.json, found by walking up from this module. The
 * same code runs from the TypeScript sources (harness/…) and from the compiled tree (dist/harness/…),
 * so paths to files shipped beside the code (the scenario catalogue, scripts/) start here rather
 * than at a fixed number of "..".
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  for (let dir = start; ; ) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "writeback-sim")
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`writeback-sim: no package.json above ${start}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
