/**
 * Redaction by meaning, not by exact key (issue 12 item 9): a password written through a raw LDAP
 * step under unicodePwd's OID, with `;binary`, as userPassword or clearTextPassword, and a wizard
 * input keyed `Password`, never appear in the text transcript, the JSON report or the JUnit report.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWbsim } from "../support/wbsim.ts";

const SECRETS = {
  oid: "S3cret!ByOid-0001",
  binary: "S3cret!Binary-0002",
  userPassword: "S3cret!UserPwd-0003",
  clearText: "S3cret!ClearText-0004",
  wizard: "S3cret!Wizard-0005",
  adminPassword: "S3cret!AdminPw-0006",
};

const SCENARIO = `name: redaction-probe
title: Every spelling of a password stays out of reports
description: Raw password writes in every spelling, and wizard inputs keyed like passwords.
world: contoso
personality: windows
steps:
  - ad.modify:
      dn: CN=dave,OU=Staff,DC=contoso,DC=com
      changes:
        - { operation: replace, attribute: "1.2.840.113556.1.4.90", values: ["\\"${SECRETS.oid}\\""] }
  - ad.modify:
      dn: CN=dave,OU=Staff,DC=contoso,DC=com
      changes:
        - { operation: replace, attribute: "unicodePwd;binary", values: ["${SECRETS.binary}"] }
  - ad.modify:
      dn: CN=dave,OU=Staff,DC=contoso,DC=com
      changes:
        - { operation: replace, attribute: "userPassword", values: ["${SECRETS.userPassword}"] }
        - { operation: replace, attribute: "2.5.4.35", values: ["${SECRETS.userPassword}"] }
  - ad.modify:
      dn: CN=dave,OU=Staff,DC=contoso,DC=com
      changes:
        - { operation: replace, attribute: "clearTextPassword", values: ["${SECRETS.clearText}"] }
  - connect.wizard:
      pages:
        - { page: Welcome, action: next }
        - { page: Additional tasks, inputs: { task: Customize synchronization options }, action: next }
        - { page: Connect to Azure AD, inputs: { username: admin@contoso.onmicrosoft.com, Password: "${SECRETS.wizard}", AdminPassword: "${SECRETS.adminPassword}" }, action: next }
`;

describe("redaction in transcripts and reports", () => {
  it("no spelling of a password attribute or password-like key leaks into text, JSON or JUnit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wbsim-redact-"));
    const file = join(dir, "probe.yaml");
    writeFileSync(file, SCENARIO);
    for (const report of ["text", "json", "junit"]) {
      const res = await runWbsim(["run", file, "--report", report]);
      // The steps ran (whatever their outcome) and the report is there.
      expect(res.stdout.length).toBeGreaterThan(0);
      const all = `${res.stdout}\n${res.stderr}`;
      for (const [what, secret] of Object.entries(SECRETS)) {
        expect(all.includes(secret), `${what} in the ${report} report`).toBe(false);
      }
      // Text and JSON show the steps' parameters, with the secrets replaced (JUnit shows no parameters).
      if (report !== "junit") expect(all).toContain("«redacted»");
    }
  }, 120_000);
});
