/** `wbsim explain` (decision + explanation, exit 0/1/2) and `wbsim serve --scenario` (the state a scenario leaves). */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { Client } from "ldapts";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const wbsim = (args: string[]) =>
  run(process.execPath, ["bin/wbsim.mjs", ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
const ALICE = "CN=alice,OU=Staff,DC=contoso,DC=com";

describe("wbsim explain", () => {
  it("denies Reset password to the connector account in contoso, naming the near miss (exit 1)", async () => {
    const r = await wbsim([
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
    const r = await wbsim([
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
    const r = await wbsim([
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
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("serves the DC as the scenario left it", { timeout: 60_000 }, async () => {
    child = spawn(process.execPath, [
      "bin/wbsim.mjs",
      "serve",
      "--scenario",
      "scenarios/seed-flow.yaml",
      "--ldap-port",
      "0",
      "--ldaps-port",
      "0",
      "--http-port",
      "0",
    ]);
    let out = "";
    const ldaps = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on("data", (b) => {
        out += String(b);
        const m = /LDAPS\s+(ldaps:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes("Press Ctrl+C")) resolve(m[1]);
      });
      child!.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    expect(out).toContain("the state scenario seed-flow leaves (passed, 7/7 steps)");
    // seed-flow ends with alice's new password in AD.
    const c = new Client({ url: ldaps, tlsOptions: { rejectUnauthorized: false } });
    await c.bind("alice@contoso.com", "N3w!Passw0rd#1");
    await c.unbind();
    const stopped = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await stopped;
    child = undefined;
  });
});
