/** Finds scenario files: each argument is a .yaml/.yml file or a directory searched (not recursively). */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package-root.ts";

/** The catalogue shipped with the project (scenarios/ beside package.json, in the repo and in the package). */
export const CATALOGUE_DIR = join(PACKAGE_ROOT, "scenarios");

export function discoverScenarioFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths.length ? paths : [CATALOGUE_DIR]) {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(p);
    } catch {
      throw new Error(`no such scenario file or directory: ${p}`);
    }
    if (stat.isDirectory()) {
      files.push(
        ...readdirSync(p)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
          .map((f) => join(p, f)),
      );
    } else {
      files.push(p);
    }
  }
  return files;
}
