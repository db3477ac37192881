/** Finds scenario files: each argument is a .yaml/.yml file or a directory searched (not recursively). */
import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The catalogue shipped with the project. */
export const CATALOGUE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../scenarios");

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
