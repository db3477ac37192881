#!/usr/bin/env node
/**
 * `npm run build` (and `prepare`, so `npm ci` builds): compiles the TypeScript sources named by
 * tsconfig.build.json's include globs into dist/ (JavaScript and .d.ts, relative imports rewritten
 * from .ts to .js), then copies the runtime files that sit beside the sources (world data such as
 * *.sddl) into the same places under dist/. dist/ is rebuilt from scratch, so a file moved or
 * deleted in the sources leaves nothing stale behind.
 *
 * Type errors are `npm run typecheck`'s job: the build runs with noCheck, which keeps it to a few
 * seconds on every `npm ci`.
 *
 *   node scripts/build.mjs              build
 *   node scripts/build.mjs --if-stale   build only when a source is newer than the last build
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CONFIG = join(ROOT, "tsconfig.build.json");
const OUT = join(ROOT, "dist");
/** Written last: its mtime is when the build finished. */
export const STAMP = join(OUT, ".build-stamp");
/** Beside the sources but not runtime files. */
const NOT_SHIPPED = /\.(ts|md)$/;

/** The top-level source directories, read from tsconfig.build.json's include (never a file list). */
function sourceDirs() {
  const { include } = JSON.parse(readFileSync(CONFIG, "utf8"));
  return include.map((glob) => glob.split("/")[0]).filter((d, i, all) => all.indexOf(d) === i);
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield { path, dir: true };
      yield* walk(path);
    } else yield { path, dir: false };
  }
}

/** True when dist/ is missing or older than a source file, a source directory (a file added, moved or
 * removed) or a build setting. */
export function isStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  const settings = ["package.json", "tsconfig.json", "tsconfig.build.json", "scripts/build.mjs"];
  for (const f of settings) if (statSync(join(ROOT, f)).mtimeMs > built) return true;
  for (const d of sourceDirs()) {
    const top = join(ROOT, d);
    if (statSync(top).mtimeMs > built) return true;
    for (const { path } of walk(top)) if (statSync(path).mtimeMs > built) return true;
  }
  return false;
}

export function build() {
  rmSync(OUT, { recursive: true, force: true });
  const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", CONFIG], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`tsc -p tsconfig.build.json exited with ${r.status ?? r.signal}`);
  for (const d of sourceDirs()) {
    for (const { path, dir } of walk(join(ROOT, d))) {
      if (dir || NOT_SHIPPED.test(path)) continue;
      const target = join(OUT, relative(ROOT, path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
    }
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.argv.includes("--if-stale") || isStale()) {
    try {
      build();
    } catch (err) {
      process.stderr.write(`build: ${err.message}\n`);
      process.exitCode = 1;
    }
  }
}
