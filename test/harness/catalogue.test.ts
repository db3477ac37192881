/**
 * The catalogue, green: every scenario in scenarios/ runs through wbsim run's code path
 * (runScenarios) on the fake DC and passes; the flagship also runs as a real `wbsim run` process
 * (transcript, exit code, JUnit); and samba-seed-flow runs against the real Samba AD DC container.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EnvironmentPool } from "../../harness/environment-pool.ts";
import { CATALOGUE_DIR, discoverScenarioFiles } from "../../harness/scenario/discover.ts";
import { loadScenarioFile } from "../../harness/scenario/load-scenario.ts";
import { runScenarios } from "../../simulator/cli/commands/run.ts";
import { runWbsim } from "../support/wbsim.ts";

const files = discoverScenarioFiles([CATALOGUE_DIR]);
const pool = new EnvironmentPool();
afterAll(() => pool.close());

function problems(r: Awaited<ReturnType<typeof runScenarios>>["reports"][number]): string {
  return r.steps
    .filter((s) => s.status !== "passed")
    .map((s) => `step ${s.index + 1} ${s.kind} (line ${s.line}): ${s.error ?? s.failures.join("; ")}`)
    .join("\n");
}

describe("the scenario catalogue on the fake DC", () => {
  it("has at least 25 scenarios, each with a description and a cited source", () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    for (const f of files) {
      const s = loadScenarioFile(f);
      expect(s.description.length, s.name).toBeGreaterThan(40);
      expect(s.source, s.name).toBeTruthy();
    }
  });

  it.each(files.map((f) => [loadScenarioFile(f).name, f]))("%s passes", async (_name, file) => {
    const { reports, loadErrors } = await runScenarios({ paths: [file], pool });
    expect(loadErrors).toEqual([]);
    expect(reports).toHaveLength(1);
    const [r] = reports;
    expect(r.status, problems(r)).toBe("passed");
    expect(r.steps.length).toBe(loadScenarioFile(file).steps.length);
  });
});

describe("wbsim run as a process", () => {
  const wbsim = (args: string[]) => runWbsim(["run", ...args], { env: { NO_COLOR: "1" } });

  it("runs the flagship: transcript with what the user saw, the events and the LDAP result; exit 0", async () => {
    const r = await wbsim(["scenarios/seed-flow.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("== seed-flow:");
    expect(r.stdout).toContain("user saw: SSPR_0029");
    expect(r.stdout).toContain("event: PasswordResetService 33004 (Error)");
    expect(r.stdout).toContain("event: Microsoft-Windows-Security-Auditing 4724 (Audit Failure)");
    expect(r.stdout).toContain(
      "LDAP: 50 00000005: SecErr: DSID-031A1248, problem 4003 (INSUFF_ACCESS_RIGHTS)",
    );
    expect(r.stdout).toContain("event: PasswordResetService 31002 (Information)");
    expect(r.stdout).toMatch(/seed-flow\s+fake\s+passed\s+8\/8/);
    expect(r.stdout).toContain("1 passed, 0 failed");
    // Passwords never reach a transcript.
    expect(r.stdout).toContain("«redacted»");
    for (const secret of ["Gl0bal!Admin#1", "N3w!Passw0rd#1", "Alice!Passw0rd1"])
      expect(r.stdout).not.toContain(secret);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colours off a TTY
  });

  it("writes JUnit XML for CI", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "wbsim-run-")), "junit.xml");
    const r = await wbsim([
      "scenarios/seed-flow.yaml",
      "scenarios/grant-on-wrong-ou.yaml",
      "--report",
      "junit",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { readFileSync } = await import("node:fs");
    const xml = readFileSync(out, "utf8");
    expect(xml).toContain('<testsuites name="wbsim" tests="2" failures="0" errors="0"');
    expect(xml).toContain('<testcase name="seed-flow" classname="scenarios/seed-flow.yaml"');
    expect(xml).toContain('name="grant-on-wrong-ou"');
    const stdout = await wbsim(["scenarios/seed-flow.yaml", "--report", "junit"]);
    expect(stdout.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it("exits 1 with the failed expectation when a scenario's expectation does not hold", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wbsim-run-"));
    const file = join(dir, "wrong.yaml");
    writeFileSync(
      file,
      [
        "name: wrong-expectation",
        "title: Expects success where the grant is missing",
        "description: Writeback is enabled but nobody granted the connector account anything.",
        "steps:",
        '  - connect.enableWriteback: { admin: admin@contoso.onmicrosoft.com, password: "Gl0bal!Admin#1" }',
        '  - user.resetPassword: { user: alice@contoso.com, newPassword: "N3w!Passw0rd#1" }',
        "    expect: { outcome: success }",
        "",
      ].join("\n"),
    );
    const r = await wbsim([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("expectation failed: expected outcome success, got failure");
    expect(r.stdout).toContain("0 passed, 1 failed");
  });

  it("refuses a bad scenario file with file:line:column and exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wbsim-run-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      [
        "name: bad-kind",
        "title: t",
        "description: d",
        "steps:",
        "  - user.resetPasswrd: { user: alice@contoso.com }",
        "",
      ].join("\n"),
    );
    const r = await wbsim([file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:5:5: unknown step kind "user.resetPasswrd"; known kinds:`);
  });
});

describe("samba-seed-flow against the real Samba AD DC container", () => {
  it("passes with the agent and admin tools talking LDAP to the container", {
    timeout: 240_000,
  }, async () => {
    const { reports } = await runScenarios({
      paths: [join(CATALOGUE_DIR, "samba-seed-flow.yaml")],
      target: "samba-container",
    });
    expect(reports[0].target).toBe("samba-container");
    expect(reports[0].status, problems(reports[0])).toBe("passed");
  });

  it("reports a clock-dependent scenario as not applicable on a real DC, never as passed", {
    timeout: 240_000,
  }, async () => {
    const { reports } = await runScenarios({
      paths: [join(CATALOGUE_DIR, "connect-service-stopped.yaml")],
      target: "samba-container",
    });
    expect(reports[0].status).toBe("not-applicable");
    expect(reports[0].steps.at(-1)?.error).toContain("clock.advance");
  });
});
