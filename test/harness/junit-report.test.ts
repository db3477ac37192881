/**
 * `wbsim run --report junit` is safe for CI (issue 17 item 4): a run with a passing file, a failing
 * one, a broken one and one whose step crashes validates against the JUnit schema Jenkins' xUnit
 * plugin reads (test/fixtures/junit/junit-10.xsd, with xmllint), and every file is a testcase with
 * its path, its verdict (<failure> for expectations, <error> for crashes and load errors, with
 * file:line:column) and its transcript.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool, run } from "../support/tools.ts";
import { REPO_ROOT, runWbsim } from "../support/wbsim.ts";

const XSD = join(REPO_ROOT, "test/fixtures/junit/junit-10.xsd");

const FILES: Record<string, string> = {
  "passing.yaml": `name: junit-passing
title: A step that works
description: Alice binds with her password.
steps:
  - ad.bind: { user: alice@contoso.com, password: "Alice!Passw0rd1" }
    expect: { outcome: success }
`,
  "failing.yaml": `name: junit-failing
title: An expectation that does not hold
description: Alice's reset fails with SSPR_0029, and the file expects success.
steps:
  - connect.enableWriteback: { admin: admin@contoso.onmicrosoft.com, password: "Gl0bal!Admin#1" }
  - user.resetPassword: { user: alice@contoso.com, newPassword: "N3w!Passw0rd#1" }
    expect: { outcome: success }
`,
  "broken.yaml": `name: junit-broken
title: A typo in a parameter
description: newPasword instead of newPassword.
steps:
  - user.resetPassword: { user: alice@contoso.com, newPasword: "N3w!Passw0rd#1" }
`,
  "crash.yaml": `name: junit-crash
title: A step whose executor throws
description: An ADUC permission that does not exist.
steps:
  - aduc.addPermission: { object: "DC=contoso,DC=com", principal: "CONTOSO\\\\MSOL_0123456789ab", permissions: ["Fly to the moon"] }
`,
};

let dir: string;
beforeAll(() => {
  requireTool("xmllint", "libxml2-utils from Debian");
  dir = mkdtempSync(join(tmpdir(), "wbsim-junit-"));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validate(xmlFile: string): Promise<void> {
  const r = await run("xmllint", ["--noout", "--schema", XSD, xmlFile]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain("validates");
}

/** The <testcase> element (with its content) whose classname is `file`. */
function testcase(xml: string, file: string): string {
  const found = xml.split("<testcase ").find((chunk) => chunk.includes(`classname="${file}"`));
  expect(found, `no testcase for ${file}`).toBeDefined();
  return `<testcase ${found?.split("</testsuite>")[0]}`;
}

describe("wbsim run --report junit", () => {
  it("a passing, a failing, a broken and a crashing file: one valid report, each file a testcase", async () => {
    const out = join(dir, "junit.xml");
    const r = await runWbsim(["run", dir, "--report", "junit", "--out", out]);
    // An expectation failed (1) outranks the invalid file (2): both are in the report.
    expect(r.code, r.stderr).toBe(1);
    await validate(out);
    const xml = readFileSync(out, "utf8");
    expect(xml).toMatch(/<testsuites name="wbsim" tests="4" failures="1" errors="2" /);

    const passing = testcase(xml, join(dir, "passing.yaml"));
    expect(passing).toContain('name="junit-passing"');
    expect(passing).not.toMatch(/<failure|<error|<skipped/);
    expect(passing).toContain("<system-out>== junit-passing: A step that works [target fake, windows]");
    expect(passing).toContain("bind as alice@contoso.com over ldaps: success");

    const failing = testcase(xml, join(dir, "failing.yaml"));
    expect(failing).toContain(
      '<failure type="ExpectationFailed" message="step 2 (user.resetPassword, line 6): expected outcome success, got failure',
    );
    expect(failing).toContain(
      "LDAP: 50 00000005: SecErr: DSID-031A1248, problem 4003 (INSUFF_ACCESS_RIGHTS)",
    );
    expect(failing).not.toContain("N3w!Passw0rd#1");

    const broken = testcase(xml, join(dir, "broken.yaml"));
    expect(broken).toContain(
      `<error type="ScenarioLoadError" message="${join(dir, "broken.yaml")}:5:25: user.resetPassword: missing required key &quot;newPassword&quot;"`,
    );

    const crash = testcase(xml, join(dir, "crash.yaml"));
    expect(crash).toContain(
      '<error type="StepError" message="step 1 (aduc.addPermission, line 5): unknown permission &quot;Fly to the moon&quot;',
    );
    expect(crash).not.toContain("<failure");
    // The suite of each file names it too (junit-10.xsd has no file attribute on testcase).
    for (const f of Object.keys(FILES)) expect(xml).toContain(`file="${join(dir, f)}"`);
  });

  it("an environment that cannot start is an <error>, not a missing testcase", async () => {
    const out = join(dir, "unreachable.xml");
    const r = await runWbsim([
      "run",
      join(dir, "passing.yaml"),
      "--target",
      "ldaps://127.0.0.1:1",
      "--admin",
      "CONTOSO\\Administrator",
      "--admin-password",
      "not-used",
      "--report",
      "junit",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(1);
    await validate(out);
    expect(testcase(readFileSync(out, "utf8"), join(dir, "passing.yaml"))).toContain(
      '<error type="EnvironmentError" message="the environment could not start: connect failed: connect ECONNREFUSED 127.0.0.1:1"',
    );
  });

  it("an invalid file alone: the report holds its <error>, the exit code is 2", async () => {
    const out = join(dir, "broken.xml");
    const r = await runWbsim(["run", join(dir, "broken.yaml"), "--report", "junit", "--out", out]);
    expect(r.code).toBe(2);
    await validate(out);
    expect(readFileSync(out, "utf8")).toMatch(/tests="1" failures="0" errors="1"/);
  });
});
