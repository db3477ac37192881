import { Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postContosoRopc } from "../support/ropc.ts";
import { requireTool, run } from "../support/tools.ts";
import { type RunningServe, runWbsim, startWbsimServe } from "../support/wbsim.ts";

describe("wbsim serve", () => {
  let serve: RunningServe;
  beforeAll(async () => {
    serve = await startWbsimServe(["--personality", "windows"]);
  });
  afterAll(() => {
    if (serve.child.exitCode === null) serve.child.kill("SIGKILL");
  });

  it("prints its URLs on 127.0.0.1, the personality, the base DN and the account names but no password", () => {
    const out = serve.out();
    expect(serve.url("LDAPS")).toMatch(/^ldaps:\/\/127\.0\.0\.1:\d+$/);
    expect(serve.url("LDAP \\(StartTLS\\)")).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
    expect(serve.url("Entra ID \\(HTTP\\)")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toMatch(/personality\s+windows/);
    expect(out).toMatch(/base DN\s+DC=contoso,DC=com/);
    expect(out).toContain("MSOL_0123456789ab, alice, frank, dave, bob, carol");
    expect(out).not.toContain("Passw0rd");
  });

  it("answers a real LDAPS client: UPN bind as alice and a subtree search", async () => {
    const client = new Client({ url: serve.url("LDAPS"), tlsOptions: { rejectUnauthorized: false } });
    try {
      await client.bind("alice@contoso.com", "Alice!Passw0rd1");
      const { searchEntries } = await client.search("DC=contoso,DC=com", {
        scope: "sub",
        filter: "(sAMAccountName=dave)",
        attributes: ["distinguishedName"],
      });
      expect(searchEntries.map((e) => e.dn)).toEqual(["CN=dave,OU=Sales,DC=contoso,DC=com"]);
    } finally {
      await client.unbind();
    }
  });

  it("answers OpenLDAP ldapsearch over StartTLS", async () => {
    requireTool("ldapsearch", "Debian package ldap-utils");
    const res = await run("ldapsearch", [
      "-LLL",
      "-ZZ",
      "-x",
      "-H",
      serve.url("LDAP \\(StartTLS\\)"),
      "-D",
      "CONTOSO\\bob",
      "-w",
      "Bob!Passw0rd1",
      "-b",
      "DC=contoso,DC=com",
      "(sAMAccountName=carol)",
      "dn",
    ]);
    expect(res.stderr).toBe("");
    expect(res.stdout.trim()).toBe("dn: CN=carol,OU=Admins,DC=contoso,DC=com");
  });

  it("serves the mock Entra ID token endpoint", async () => {
    const res = await postContosoRopc(serve.url("Entra ID \\(HTTP\\)"), "nobody@contoso.com", "x");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => serve.child.once("exit", (code) => resolve(code)));
    serve.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(serve.out()).toContain("wbsim serve: stopped");
  });
});

describe("wbsim serve with bad options", () => {
  it("refuses a bad port with a clear message", async () => {
    const run = await runWbsim(["serve", "--ldap-port", "99999"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected a port number 0-65535");
  });

  it("refuses an unknown world", async () => {
    const run = await runWbsim([
      "serve",
      "--world",
      "fabrikam",
      "--ldap-port",
      "0",
      "--ldaps-port",
      "0",
      "--http-port",
      "0",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown world "fabrikam"');
  });
});
