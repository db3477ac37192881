/**
 * Every module the package runs (reachable from an `exports` entry or the `wbsim` bin, through
 * static imports, dynamic imports and createRequire) imports only Node built-ins, its own files,
 * `dependencies`, or the optional peers where they belong: vitest from "writeback-sim/vitest" only,
 * msw from "writeback-sim/msw" only. A devDependency there would work in this repository and break
 * `npm install --omit=dev`; a package no manifest names would work only by hoisting luck.
 * Read from the compiled dist/ (type-only imports are gone there), which vitest's globalSetup keeps
 * current.
 */
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  exports: Record<string, string | { default: string }>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** "@scope/name/sub" → "@scope/name"; "name/sub" → "name". */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]);
}

/** The specifiers a JavaScript file loads at run time. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  // createRequire(import.meta.url)("x"): CommonJS packages loaded from ESM.
  for (const m of text.matchAll(/createRequire\(import\.meta\.url\)\(\s*["']([^"']+)["']\s*\)/g))
    found.push(m[1]);
  return found;
}

/** Bare specifiers reachable from `entry`, each with the first file that imports it. */
function bareImports(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const bare = new Map<string, string>();
  const queue = [resolve(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        // bin/wbsim.mjs's look at the source checkout is not shipped and never reached in a package
        if (!target.startsWith(join(ROOT, "dist")) && !target.startsWith(join(ROOT, "bin"))) continue;
        queue.push(target);
      } else if (!isBuiltin(spec) && !bare.has(spec)) {
        bare.set(spec, file.slice(ROOT.length));
      }
    }
  }
  return bare;
}

const entries: [name: string, file: string][] = [
  ...Object.entries(manifest.exports)
    .filter(([, target]) => typeof target !== "string" || target.endsWith(".js"))
    .map(([name, target]): [string, string] => [
      `writeback-sim${name.slice(1)}`,
      typeof target === "string" ? target : target.default,
    ]),
  ...Object.entries(manifest.bin).map(([name, file]): [string, string] => [`bin ${name}`, file]),
];

/** Which optional peer each entry may load. testcontainers: only the samba-container target's
 * dynamic import, reached from `wbsim run --target samba-container` and createEnvironment. */
const PEERS_ALLOWED: Record<string, string[]> = {
  "writeback-sim/vitest": ["vitest", "testcontainers"],
  "writeback-sim/msw": ["msw"],
  "writeback-sim": ["testcontainers"],
  "bin wbsim": ["testcontainers"],
};

function problemsOf(name: string, file: string): string[] {
  const problems: string[] = [];
  for (const [spec, from] of bareImports(file)) {
    const pkg = packageName(spec);
    if (manifest.dependencies[pkg]) continue;
    if (manifest.peerDependencies[pkg] && PEERS_ALLOWED[name]?.includes(pkg)) continue;
    const why = manifest.peerDependencies[pkg]
      ? "an optional peer this entry must not need"
      : manifest.devDependencies[pkg]
        ? "a devDependency"
        : "in no dependency list";
    problems.push(`${from} imports "${spec}": ${why}`);
  }
  return problems;
}

describe("runtime imports of the package", () => {
  it("covers the three documented entry points and the bin", () => {
    expect(entries.map(([name]) => name).sort()).toEqual(
      ["bin wbsim", "writeback-sim", "writeback-sim/msw", "writeback-sim/vitest"].sort(),
    );
  });

  it("declares vitest, msw and testcontainers as optional peers, none of them also a dependency", () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(["msw", "testcontainers", "vitest"]);
    for (const peer of Object.keys(manifest.peerDependencies)) {
      expect(manifest.peerDependenciesMeta[peer]?.optional).toBe(true);
      expect(manifest.dependencies[peer]).toBeUndefined();
    }
  });

  it.each(entries)("%s imports only built-ins, dependencies and its own peers", (name, file) => {
    expect(problemsOf(name, file)).toEqual([]);
  });

  it("reports a devDependency import (bin/run-ts.mjs, the tsx runner for benches, is not shipped)", () => {
    expect(problemsOf("bin run-ts", "bin/run-ts.mjs")).toEqual([
      'bin/run-ts.mjs imports "tsx/esm/api": a devDependency',
    ]);
  });
});
