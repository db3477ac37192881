/**
 * Round trip over the catalogue (issue 16): for every scenario whose case is a writeback operation
 * that fails, run it to that step, export what its customer would send (`wbsim export-artifacts`),
 * diagnose those files (`wbsim diagnose --json --out`), check the diagnosis names the scenario's
 * cause, then replay the generated scenario and check it ends the same way: same SSPR code, same
 * PasswordResetService/ADSync events and same LDAP result as the original step.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { EnvironmentPool } from "../../harness/environment-pool.ts";
import type { StepReport } from "../../harness/run/types.ts";
import { discoverScenarioFiles } from "../../harness/scenario/discover.ts";
import { loadScenarioFile } from "../../harness/scenario/load-scenario.ts";
import { caseStepIndex } from "../../simulator/cli/commands/export-artifacts.ts";
import { runScenarios } from "../../simulator/cli/commands/run.ts";
import { wbsimInProcess } from "../support/wbsim-in-process.ts";

/** The cause each catalogue case is about, as the diagnosis names it. */
const CAUSE: Record<string, string> = {
  "seed-flow": "missing-reset-password",
  "samba-seed-flow": "missing-reset-password",
  "missing-reset-password": "missing-reset-password",
  "grant-via-powershell": "missing-reset-password",
  "grant-on-wrong-ou": "grant-on-other-object",
  "grant-this-object-only": "grant-not-inherited",
  "inheritance-blocked-ou": "inheritance-blocked",
  "protected-account-sdprop": "protected-account",
  "former-admin-leftover-protection": "protected-account",
  "wrong-account-granted": "granted-to-other-principal",
  "user-cannot-change-password": "user-cannot-change-password",
  "restrict-remote-sam": "restrict-remote-sam",
  "missing-write-lockouttime": "missing-write-lockouttime",
  "missing-write-pwdlastset": "missing-write-pwdlastset",
  "policy-too-short": "password-policy",
  "policy-minimum-age": "password-policy",
  "policy-history-with-hints": "password-policy",
  "disabled-account": "account-disabled",
  "locked-account-reset-without-unlock": "account-locked",
  "dc-without-policy-hints": "dc-without-policy-hints",
  "ldap-signing-off": "ldap-sign-encrypt-off",
  "user-deleted-on-prem": "user-not-found",
  "connect-service-stopped": "service-stopped",
  "relay-unreachable": "relay-unreachable",
  "wrong-current-password": "wrong-current-password",
  "sspr-for-admins-off": "sspr-admins-disabled",
  "unlicensed-user": "user-not-licensed",
  "writeback-disabled-in-portal": "writeback-disabled-in-portal",
  "disable-writeback": "writeback-disabled",
  "onboarding-non-global-admin": "writeback-not-onboarded",
};

const WRITEBACK_SOURCES = new Set(["PasswordResetService", "ADSync"]);

function outcomeOf(step: StepReport) {
  return {
    ssprCode: step.result?.ssprCode,
    ldap: step.result?.ldap?.code,
    events: step.events.filter((e) => WRITEBACK_SOURCES.has(e.source)).map((e) => `${e.source} ${e.id}`),
  };
}

const cases = discoverScenarioFiles([])
  .map((file) => ({ file, scenario: loadScenarioFile(file) }))
  .filter(({ scenario }) => caseStepIndex(scenario) !== undefined);

const pool = new EnvironmentPool();
const work = mkdtempSync(join(tmpdir(), "wbsim-roundtrip-"));
afterAll(async () => {
  await pool.close();
  rmSync(work, { recursive: true, force: true });
});

describe("diagnose round trip over the catalogue", () => {
  test("every failing catalogue case has an expected cause", () => {
    expect(cases.map((c) => c.scenario.name).filter((n) => !CAUSE[n])).toEqual([]);
  });

  for (const { file, scenario } of cases) {
    test(scenario.name, async () => {
      const dir = join(work, scenario.name);
      const exported = await wbsimInProcess(["export-artifacts", file, dir]);
      expect(exported.code, exported.stderr).toBe(0);

      const out = join(dir, "reproduction.yaml");
      const files = exported.stdout.match(/wrote (\S+)/g)!.map((l) => l.slice(6));
      const diag = await wbsimInProcess(["diagnose", ...files, "--json", "--out", out]);
      expect(diag.code, diag.stderr).toBe(0);
      const json = JSON.parse(diag.stdout) as { causes: { key: string }[] };
      expect(json.causes.map((c) => c.key)[0], diag.stdout).toBe(CAUSE[scenario.name]);

      // The original, up to its case step, and the reproduction, through the same runner.
      const index = caseStepIndex(scenario)!;
      const [original] = (await runScenarios({ paths: [file], pool })).reports;
      const [replay] = (await runScenarios({ paths: [out], pool })).reports;
      expect(replay.status, readFileSync(out, "utf8")).toBe("passed");
      expect(outcomeOf(replay.steps.at(-1)!)).toEqual(outcomeOf(original.steps[index]));
    });
  }

  test("an onboarding that failed in the wizard is named from its event (32001)", async () => {
    const dir = join(work, "onboarding-unlicensed-admin");
    const file = discoverScenarioFiles([]).find((f) => f.endsWith("onboarding-unlicensed-admin.yaml"))!;
    const exported = await wbsimInProcess(["export-artifacts", file, dir, "--until", "2"]);
    expect(exported.code, exported.stderr).toBe(0);
    const diag = await wbsimInProcess([
      "diagnose",
      join(dir, "Application.xml"),
      join(dir, "case-facts.txt"),
      "--json",
    ]);
    const json = JSON.parse(diag.stdout) as { causes: { key: string; evidence: { text: string }[] }[] };
    expect(json.causes[0].key).toBe("onboarding-failed");
    expect(json.causes[0].evidence[0].text).toContain("32001");
  });

  test("export-artifacts refuses a step number the scenario does not have", async () => {
    const file = discoverScenarioFiles([]).find((f) => f.endsWith("seed-flow.yaml"))!;
    const r = await wbsimInProcess(["export-artifacts", file, join(work, "nope"), "--until", "99"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--until: expected first-failure, end or a step number 1…");
  });
});
