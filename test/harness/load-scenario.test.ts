import { describe, expect, it } from "vitest";
import { parseScenario, ScenarioLoadError } from "../../harness/scenario/load-scenario.ts";

const GOOD = `name: missing-reset-password
title: Writeback enabled, connector account lacks Reset password
description: >
  The connector account was never granted Reset password.
tags: [support-case, permissions]
world: contoso
personality: windows
steps:
  - connect.enableWriteback: { admin: admin@contoso.onmicrosoft.com, password: "Gl0bal!Admin#1" }
  - user.resetPassword: { user: alice@contoso.com, newPassword: "N3w!Passw0rd#1" }
    expect:
      outcome: failure
      ssprCode: SSPR_0029
      events: [ { source: PasswordResetService, id: 33004 } ]
      ldap: { code: 50 }
  - aduc.addPermission:
      object: DC=contoso,DC=com
      principal: CONTOSO\\MSOL_0123456789ab
      appliesTo: Descendant User objects
      permissions: [Reset password, Change password]
      properties: [Write lockoutTime, Write pwdLastSet]
  - clock.advance: 65m
`;

function loadError(text: string): ScenarioLoadError {
  try {
    parseScenario(text, "case.yaml");
  } catch (err) {
    if (err instanceof ScenarioLoadError) return err;
    throw err;
  }
  throw new Error("expected the scenario to be refused");
}

describe("scenario loader", () => {
  it("loads steps with their kinds, parameters, expectations and lines", () => {
    const s = parseScenario(GOOD, "case.yaml");
    expect(s.name).toBe("missing-reset-password");
    expect(s.world).toBe("contoso");
    expect(s.steps.map((step) => [step.kind, step.line])).toEqual([
      ["connect.enableWriteback", 9],
      ["user.resetPassword", 10],
      ["aduc.addPermission", 16],
      ["clock.advance", 22],
    ]);
    expect(s.steps[1].expect).toEqual({
      outcome: "failure",
      ssprCode: "SSPR_0029",
      events: [{ source: "PasswordResetService", id: 33004 }],
      ldap: { code: 50 },
    });
    expect((s.steps[2].params as { principal: string }).principal).toBe("CONTOSO\\MSOL_0123456789ab");
  });

  it("refuses an unknown step kind, listing the known ones, at its line", () => {
    const err = loadError(GOOD.replace("aduc.addPermission", "aduc.addPermision"));
    expect(err.message).toMatch(/^case\.yaml:16:5: unknown step kind "aduc\.addPermision"; known kinds: /);
    expect(err.message).toContain("aduc.addPermission");
    expect(err.message).toContain("user.resetPassword");
  });

  it("refuses a bad expectation value with file, line and column", () => {
    const err = loadError(GOOD.replace("outcome: failure", "outcome: fail"));
    expect(err.message).toBe(
      'case.yaml:12:16: at /steps/1/expect/outcome: expected one of "success", "failure"',
    );
  });

  it("refuses an unexpected parameter key", () => {
    const err = loadError(GOOD.replace("appliesTo:", "appliesto:"));
    expect(err.line).toBe(17);
    expect(err.detail).toBe('aduc.addPermission: unexpected key "appliesto"');
  });

  it("refuses a missing required top-level key", () => {
    const err = loadError(GOOD.replace(/^title: .*\n/m, ""));
    expect(err.detail).toBe('missing required key "title"');
  });

  it("refuses a step with two kinds", () => {
    const err = loadError(
      GOOD.replace("  - clock.advance: 65m", "  - clock.advance: 65m\n    ad.runSdProp: {}"),
    );
    expect(err.line).toBe(22);
    expect(err.detail).toContain("exactly one step kind");
  });

  it("reports YAML syntax errors with their position", () => {
    const err = loadError(
      GOOD.replace("tags: [support-case, permissions]", "tags: [support-case, permissions"),
    );
    expect(err.message).toMatch(/^case\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it("refuses a badly formed duration for clock.advance", () => {
    const err = loadError(GOOD.replace("clock.advance: 65m", "clock.advance: 65 minutes"));
    expect(err.line).toBe(22);
    expect(err.detail).toMatch(/^clock\.advance: /);
  });
});
