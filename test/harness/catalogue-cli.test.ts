/** `wbsim explain` (decision + explanation, exit 0/1/2) and `wbsim serve --scenario` (the state a scenario leaves). */
import { Client } from "ldapts";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningServe, runWbsim, startWbsimServe } from "../support/wbsim.ts";

const ALICE = "CN=alice,OU=Staff,DC=contoso,DC=com";

describe("wbsim explain", () => {
  it("denies Reset password to the connector account in contoso, naming the near miss (exit 1)", async () => {
    const r = await runWbsim([
      "explain",
      "--world",
      "contoso",
      "--principal",
      "CONTOSO\\MSOL_0123456789ab",
      "--object",
      ALICE,
      "--right",
      "Reset password",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("DENIED: Reset password on this user object.");
    expect(r.stdout).toContain('it is for "Change Password", not for what was asked');
  });

  it("allows it in contoso-express, where the express permissions are granted (exit 0)", async () => {
    const r = await runWbsim([
      "explain",
      "--world",
      "contoso-express",
      "--principal",
      "MSOL_0123456789ab@contoso.com",
      "--object",
      ALICE,
      "--right",
      "Reset password",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ALLOWED: Reset password on this user object.");
  });

  it("refuses an unknown principal with exit 2", async () => {
    const r = await runWbsim([
      "explain",
      "--principal",
      "CONTOSO\\nobody",
      "--object",
      ALICE,
      "--right",
      "Reset password",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no account "CONTOSO\\nobody"');
  });
});

describe("wbsim serve --scenario", () => {
  let serve: RunningServe | undefined;
  afterAll(() => {
    serve?.child.kill("SIGTERM");
  });

  it("serves the DC as the scenario left it", { timeout: 60_000 }, async () => {
    serve = await startWbsimServe(["--scenario", "scenarios/seed-flow.yaml"]);
    const { child } = serve;
    const ldaps = serve.url("LDAPS");
    expect(ldaps).toMatch(/^ldaps:\/\/127\.0\.0\.1:\d+$/);
    expect(serve.out()).toContain("the state scenario seed-flow leaves (passed, 8/8 steps)");
    // seed-flow ends with alice's new password in AD.
    const c = new Client({ url: ldaps, tlsOptions: { rejectUnauthorized: false } });
    await c.bind("alice@contoso.com", "N3w!Passw0rd#1");
    await c.unbind();
    const stopped = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await stopped;
    serve = undefined;
  });
});
