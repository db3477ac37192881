/** OpenLDAP's ldapsearch / ldapmodify (spawned, LDAPTLS_REQCERT=never) against the server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool, run } from "../support/tools.ts";
import { makeDirectory, type RunningServer, startServer } from "./support/server-fixture.ts";
import {
  ALICE_DN,
  ALICE_PASSWORD,
  BASE_DN,
  PAGED_COUNT,
  PAGED_OU,
  type StubDirectory,
} from "./support/stub-directory.ts";

let dir: StubDirectory;
let srv: RunningServer;

beforeAll(async () => {
  requireTool("ldapsearch", "Debian package ldap-utils");
  requireTool("ldapmodify", "Debian package ldap-utils");
  dir = makeDirectory();
  srv = await startServer(dir);
});
afterAll(async () => {
  await srv.close();
});

const bindArgs = () => ["-x", "-D", ALICE_DN, "-w", ALICE_PASSWORD];

describe("ldapsearch", () => {
  it("pages with -E pr=2/noprompt: four pages of 2+2+2+1 entries from one directory search", async () => {
    const before = dir.calls.filter((c) => c.method === "search").length;
    const res = await run("ldapsearch", [
      ...bindArgs(),
      "-H",
      srv.ldapUrl,
      "-b",
      PAGED_OU,
      "-s",
      "one",
      "-E",
      "pr=2/noprompt",
      "(objectClass=*)",
      "cn",
    ]);
    expect(res.code).toBe(0);
    const dns = res.stdout.split("\n").filter((l) => l.startsWith("dn: "));
    expect(dns).toHaveLength(PAGED_COUNT);
    expect(res.stdout.match(/^# search result$/gm)).toHaveLength(4);
    expect(res.stdout.match(/^pagedresults: estimate=7 cookie=\S+$/gm)).toHaveLength(3);
    expect(dir.calls.filter((c) => c.method === "search").length - before).toBe(1);
  });

  it("pages with pr=3 in exactly three pages", async () => {
    const res = await run("ldapsearch", [
      ...bindArgs(),
      "-H",
      srv.ldapUrl,
      "-b",
      PAGED_OU,
      "-s",
      "one",
      "-E",
      "pr=3/noprompt",
      "cn",
    ]);
    expect(res.code).toBe(0);
    expect(res.stdout.match(/^# search result$/gm)).toHaveLength(3);
    expect(res.stdout.split("\n").filter((l) => l.startsWith("dn: "))).toHaveLength(PAGED_COUNT);
  });

  it("reports sizeLimitExceeded (4) over StartTLS (-ZZ) with the entries that fit", async () => {
    const res = await run("ldapsearch", [
      "-x",
      "-ZZ",
      "-H",
      srv.ldapUrl,
      "-b",
      PAGED_OU,
      "-s",
      "one",
      "-z",
      "2",
      "cn",
    ]);
    expect(res.code).toBe(4);
    expect(res.stdout).toContain("result: 4 Size limit exceeded");
    expect(res.stdout.split("\n").filter((l) => l.startsWith("dn: "))).toHaveLength(2);
    expect(dir.lastCall("search")!.ctx.secure).toBe(true);
  });

  it("gets unavailableCriticalExtension (12) for an unknown critical control, and passes the SD-flags control", async () => {
    const bad = await run("ldapsearch", [
      "-x",
      "-H",
      srv.ldapsUrl,
      "-b",
      BASE_DN,
      "-s",
      "base",
      "-E",
      "!1.2.3.4",
    ]);
    expect(bad.code).toBe(12);
    expect(bad.stdout.replace(/\n /g, "")).toContain(
      dir.protocolErrors.unavailableCriticalExtension("1.2.3.4").diagnosticMessage,
    );
    const ok = await run("ldapsearch", [
      ...bindArgs(),
      "-H",
      srv.ldapsUrl,
      "-b",
      ALICE_DN,
      "-s",
      "base",
      "-E",
      "!1.2.840.113556.1.4.801=::MAMCAQQ=",
      "nTSecurityDescriptor",
    ]);
    expect(ok.code).toBe(0);
    const control = dir.lastCall("search")!.ctx.controls[0];
    expect(control.oid).toBe("1.2.840.113556.1.4.801");
    expect(control.critical).toBe(true);
    expect(control.value!.toString("base64")).toBe("MAMCAQQ=");
  });

  it("answers a SASL DIGEST-MD5 bind with authMethodNotSupported (7) and the catalogue text", async () => {
    const res = await run("ldapsearch", [
      "-Y",
      "DIGEST-MD5",
      "-U",
      "alice",
      "-w",
      "x",
      "-H",
      srv.ldapUrl,
      "-b",
      "",
      "-s",
      "base",
    ]);
    expect(res.code).toBe(7);
    expect(res.stderr).toContain(dir.protocolErrors.saslNotSupported("DIGEST-MD5").diagnosticMessage);
  });
});

describe("ldapmodify", () => {
  it("delivers base64 LDIF values (unicodePwd, binary SD) byte for byte over LDAPS", async () => {
    const pwd = Buffer.from('"Pässw0rd€"', "utf16le");
    const sd = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff));
    const ldif = [
      `dn: ${ALICE_DN}`,
      "changetype: modify",
      "replace: unicodePwd",
      `unicodePwd:: ${pwd.toString("base64")}`,
      "-",
      "replace: nTSecurityDescriptor",
      `nTSecurityDescriptor:: ${sd.toString("base64")}`,
      "-",
      "",
    ].join("\n");
    const res = await run("ldapmodify", [...bindArgs(), "-H", srv.ldapsUrl], { input: ldif });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const call = dir.lastCall("modify")!;
    expect(call.ctx.secure).toBe(true);
    expect(call.changes![0].modification.values[0].equals(pwd)).toBe(true);
    expect(call.changes![1].modification.values[0].equals(sd)).toBe(true);
  });

  it("prints the directory's refusal of a plain-LDAP password write exactly", async () => {
    const ldif = `dn: ${ALICE_DN}\nchangetype: modify\nreplace: unicodePwd\nunicodePwd:: ${Buffer.from('"x"', "utf16le").toString("base64")}\n-\n`;
    const res = await run("ldapmodify", [...bindArgs(), "-H", srv.ldapUrl], { input: ldif });
    expect(res.code).toBe(53);
    expect(res.stderr).toContain(
      "additional info: 0000001F: SvcErr: DSID-031A126C, problem 5003 (WILL_NOT_PERFORM), data 0",
    );
  });
});
