/**
 * The floors of the house (GUIDE.md "Architecture and style"; architecture-review.md P5, P9): lower
 * layers never import higher ones, Connect and the admin tools share the LDAP client kit rather than
 * each other, the cloud's parts never hold the Cloud, and behaviour outside the directory follows
 * personality quirks, never personality names. Read from the source's import statements.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/wbsim.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Every repository-relative file a source file imports (static and dynamic relative imports). */
const imports = new Map<string, string[]>();
for (const top of ["simulator", "harness"]) {
  for (const file of sourceFiles(join(REPO_ROOT, top))) {
    const text = readFileSync(file, "utf8");
    const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]);
    imports.set(
      relative(REPO_ROOT, file),
      specs.map((s) => relative(REPO_ROOT, resolve(dirname(file), s))),
    );
  }
}

/** "file → import" pairs where a file under `from` imports something under one of `banned`. */
function violations(
  from: string,
  banned: string[],
  except: (file: string) => boolean = () => false,
): string[] {
  const out: string[] = [];
  for (const [file, deps] of imports) {
    if (!file.startsWith(from) || except(file)) continue;
    for (const dep of deps) if (banned.some((b) => dep.startsWith(b))) out.push(`${file} → ${dep}`);
  }
  return out;
}

const S = "simulator/";

describe("layers", () => {
  it("the directory imports no world, wire, client, cloud, Connect, tool, CLI or harness", () => {
    const above = [
      "forest/",
      "worlds/",
      "ldap/",
      "ldap-client/",
      "cloud/",
      "connect/",
      "admin-tools/",
      "cli/",
    ];
    expect(violations(`${S}directory/`, [...above.map((d) => S + d), "harness/"])).toEqual([]);
  });

  it("the topology (forest/) sits on the directory and below the worlds and the wire", () => {
    const above = ["worlds/", "ldap/", "ldap-client/", "cloud/", "connect/", "admin-tools/", "cli/"];
    expect(violations(`${S}forest/`, [...above.map((d) => S + d), "harness/"])).toEqual([]);
  });

  it("the personalities' catalogues sit below the directory", () => {
    expect(violations(`${S}personality/`, [`${S}directory/`, `${S}worlds/`, `${S}ldap/`])).toEqual([]);
  });

  it("security/ is pure: it imports only itself", () => {
    const others = ["directory/", "worlds/", "ldap/", "ldap-client/", "cloud/", "connect/", "admin-tools/"];
    expect(
      violations(
        `${S}security/`,
        others.map((d) => S + d),
      ),
    ).toEqual([]);
  });

  it("Connect and the admin tools share simulator/ldap-client/ and never import each other", () => {
    expect(violations(`${S}connect/`, [`${S}admin-tools/`])).toEqual([]);
    expect(violations(`${S}admin-tools/`, [`${S}connect/`])).toEqual([]);
    const kit = ["directory/", "worlds/", "ldap/", "cloud/", "connect/", "admin-tools/", "cli/"];
    expect(violations(`${S}ldap-client/`, [...kit.map((d) => S + d), "harness/"])).toEqual([]);
  });

  it("the cloud's parts get narrow ports, not the Cloud", () => {
    const parts = [`${S}cloud/core/sspr-session.ts`, `${S}cloud/core/admin-password-ops.ts`];
    const holders = parts.filter((p) => imports.get(p)?.includes(`${S}cloud/core/cloud.ts`));
    expect(holders).toEqual([]);
  });

  it("the CLI's commands do not import their own index", () => {
    expect(violations(`${S}cli/commands/`, [`${S}cli/commands/index.ts`])).toEqual([]);
  });

  it("behaviour follows personality quirks, never personality names (the directory included)", () => {
    const byName: string[] = [];
    for (const file of imports.keys()) {
      if (file.startsWith(`${S}personality/`)) continue;
      const text = readFileSync(join(REPO_ROOT, file), "utf8");
      if (/personality\.name\s*[!=]==|\.name\s*[!=]==\s*"(samba|windows)"/.test(text)) byName.push(file);
    }
    expect(byName).toEqual([]);
  });
});
