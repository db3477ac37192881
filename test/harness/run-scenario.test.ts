import { describe, expect, it } from "vitest";
import { formatJunit } from "../../harness/report/junit-report.ts";
import {
  EVENT_TEXT_WIDTH,
  formatScenario,
  formatStep,
  formatSummary,
} from "../../harness/report/text-report.ts";
import { type RunnableEnvironment, runScenario, type StepExecutor } from "../../harness/run/run-scenario.ts";
import { type LoggedEvent, NotApplicableError, type StepReport } from "../../harness/run/types.ts";
import { parseScenario } from "../../harness/scenario/load-scenario.ts";

/** A stand-in environment: an event list and a tiny attribute store, enough to exercise the runner. */
class StubEnvironment implements RunnableEnvironment {
  readonly target = "fake";
  readonly events: LoggedEvent[] = [];
  readonly attributes = new Map<string, string[]>([["cn=alice|pwdlastset", ["0"]]]);
  closed = false;
  markEvents() {
    return this.events.length;
  }
  eventsSince(mark: unknown) {
    return this.events.slice(mark as number);
  }
  async readAttribute(dn: string, attribute: string) {
    return (
      this.attributes.get(`${dn.toLowerCase()}|${attribute.toLowerCase()}`) ?? (dn === "CN=alice" ? [] : null)
    );
  }
  async checkAccess(principal: string) {
    return principal === "CONTOSO\\MSOL_0123456789ab";
  }
  async close() {
    this.closed = true;
  }
}

const executors: Record<string, StepExecutor<StubEnvironment>> = {
  "user.resetPassword": async (env, params) => {
    const p = params as { newPassword: string };
    env.events.push({
      source: "PasswordResetService",
      id: 33004,
      level: "Error",
      time: "t",
      text: `denied while setting ${p.newPassword}`,
    });
    return {
      outcome: "failure",
      summary: `reset refused for ${p.newPassword}`,
      ssprCode: "SSPR_0029",
      ldap: { code: 50, message: "00000005: SecErr" },
    };
  },
  "clock.advance": async () => {
    throw new NotApplicableError("a real DC has no simulated clock");
  },
  "ad.runSdProp": async () => ({ outcome: "success", summary: "SDProp ran" }),
};

const scenario = (steps: string) =>
  parseScenario(`name: runner-case\ntitle: Runner case\ndescription: d\nsteps:\n${steps}`, "runner.yaml");

describe("scenario runner", () => {
  it("passes a step whose expectations hold, and collects its events", async () => {
    const env = new StubEnvironment();
    const report = await runScenario(
      scenario(`  - user.resetPassword: { user: alice@contoso.com, newPassword: "N3w!Passw0rd#1" }
    expect: { outcome: failure, ssprCode: SSPR_0029, events: [{ source: PasswordResetService, id: 33004 }], ldap: { code: 50, message: SecErr } }
`),
      { createEnvironment: async () => env, executors },
    );
    expect(report.status).toBe("passed");
    expect(report.steps[0].events.map((e) => e.id)).toEqual([33004]);
    expect(env.closed).toBe(true);
  });

  it("never lets a password reach the report, the events or the transcript", async () => {
    const report = await runScenario(
      scenario(`  - user.resetPassword: { user: alice@contoso.com, newPassword: "N3w!Passw0rd#1" }\n`),
      { createEnvironment: async () => new StubEnvironment(), executors },
    );
    const everything =
      JSON.stringify(report) + formatScenario(report, { color: false }) + formatJunit([report]);
    expect(everything).not.toContain("N3w!Passw0rd#1");
    expect(report.steps[0].params).toEqual({ user: "alice@contoso.com", newPassword: "«redacted»" });
    expect(report.steps[0].result?.summary).toBe("reset refused for «redacted»");
  });

  it("fails with readable reasons when expectations don't hold", async () => {
    const report = await runScenario(
      scenario(`  - user.resetPassword: { user: alice@contoso.com, newPassword: "N3w!Passw0rd#1" }
    expect:
      outcome: success
      ssprCode: SSPR_0030
      events: [{ id: 31002 }]
      directory: { dn: CN=alice, attribute: pwdLastSet, equals: -1 }
      access: { principal: CONTOSO\\bob, object: CN=alice, right: Reset password, allowed: true }
`),
      { createEnvironment: async () => new StubEnvironment(), executors },
    );
    expect(report.status).toBe("failed");
    expect(report.steps[0].failures).toEqual([
      "expected outcome success, got failure (reset refused for «redacted»)",
      "expected SSPR code SSPR_0030, the user saw SSPR_0029",
      "expected event 31002; logged: PasswordResetService 33004",
      "expected pwdLastSet on CN=alice to equal -1, it is 0",
      'expected CONTOSO\\bob to be allowed "Reset password" on CN=alice, it is denied',
    ]);
    expect(formatJunit([report])).toContain(
      '<failure type="ExpectationFailed" message="step 1 (user.resetPassword, line 5): expected outcome success',
    );
  });

  it("reports a step the target can't perform as not applicable, never as passed", async () => {
    const report = await runScenario(scenario("  - clock.advance: 65m\n  - ad.runSdProp: {}\n"), {
      createEnvironment: async () => new StubEnvironment(),
      executors,
    });
    expect(report.status).toBe("not-applicable");
    expect(report.steps.map((s) => s.status)).toEqual(["not-applicable"]);
    expect(formatSummary([report], { color: false })).toContain("0 passed, 0 failed, 1 not applicable");
    expect(formatJunit([report])).toContain('<skipped message="a real DC has no simulated clock"/>');
  });
});

describe("event texts in the reports", () => {
  const text = `TrackingId: 1d8ef92d-e7b1-4a14-af27-a47aa4ba8806, Reason: ${"x".repeat(300)} END`;
  const step: StepReport = {
    index: 0,
    kind: "user.resetPassword",
    line: 5,
    params: {},
    status: "passed",
    events: [
      { source: "PasswordResetService", id: 33004, level: "Error", time: "2024-01-01T00:00:00.000Z", text },
    ],
    failures: [],
    elapsedMs: 1,
  };

  it("the transcript cuts a long text with an ellipsis; the JSON report keeps it whole", () => {
    const line =
      formatStep(step, { color: false })
        .split("\n")
        .find((l) => l.includes("33004")) ?? "";
    const shown = line.slice(line.indexOf("(Error) ") + 8);
    expect(shown).toHaveLength(EVENT_TEXT_WIDTH);
    expect(shown.endsWith("…")).toBe(true);
    expect(text.startsWith(shown.slice(0, -1))).toBe(true);
    expect(JSON.parse(JSON.stringify(step)).events[0].text).toBe(text);
  });

  it("a text that fits is shown as it is, without an ellipsis", () => {
    const short = { ...step, events: [{ ...step.events[0], text: "Password writeback is ready." }] };
    expect(formatStep(short, { color: false })).toContain("(Error) Password writeback is ready.\n".trimEnd());
    expect(formatStep(short, { color: false })).not.toContain("…");
  });
});
