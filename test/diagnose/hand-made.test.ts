/**
 * `wbsim diagnose` on artifacts written by hand in the formats Windows writes (test/fixtures/diagnose/
 * fabrikam, re-encoded here as PowerShell and Event Viewer save them): a foreign domain, UTF-16 with
 * BOM, Event Viewer XML among other sources' events, a CSV cut off mid-message, a dsacls listing
 * hard-wrapped by an 80-column console, Get-Acl | Format-List with a wrapped SDDL, Get-ADUser output.
 * Then the messy and partial variants: what each cannot tell must be said, never guessed.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EnvironmentPool } from "../../harness/environment-pool.ts";
import { runScenarios } from "../../simulator/cli/commands/run.ts";
import { runWbsim } from "../support/wbsim.ts";
import { wbsimInProcess } from "../support/wbsim-in-process.ts";

const FIXTURES = new URL("../fixtures/diagnose/fabrikam/", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "wbsim-diagnose-"));
const pool = new EnvironmentPool();
const f = (name: string) => join(dir, name);

function utf16WithBom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\r?\n/g, "\r\n"), "utf16le")]);
}

beforeAll(() => {
  const read = (n: string) => readFileSync(new URL(n, FIXTURES), "utf8");
  writeFileSync(f("Application.xml"), utf16WithBom(read("Application.xml")));
  writeFileSync(f("root-dsacls.txt"), utf16WithBom(read("root-dsacls.txt")));
  writeFileSync(f("ou-acl.txt"), utf16WithBom(read("ou-acl.txt")));
  writeFileSync(
    f("Application.csv"),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(read("Application.csv"))]),
  );
  copyFileSync(new URL("user-sddl.txt", FIXTURES), f("user-sddl.txt"));
  copyFileSync(new URL("facts.txt", FIXTURES), f("facts.txt"));
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const ALL = [
  "Application.xml",
  "Application.csv",
  "root-dsacls.txt",
  "ou-acl.txt",
  "user-sddl.txt",
  "facts.txt",
];

interface Json {
  operation?: { kind: string; upn: string; hr: string; events: { id: number }[] };
  user: { dn?: string; upn?: string };
  connector: { name?: string; sid?: string };
  rights: { right: string; allowed: boolean | null; evidence?: { file: string; line: number } }[];
  causes: {
    key: string;
    confidence: string;
    evidence: { file: string; line: number; text: string }[];
    fix: Record<string, string[]>;
  }[];
  unknowns: string[];
  files: { file: string; kind: string; encoding: string }[];
  problems: { file: string; line?: number; message: string }[];
}

async function diagnose(files: string[], ...extra: string[]) {
  const r = await wbsimInProcess(["diagnose", ...files.map(f), "--json", ...extra]);
  return { ...r, json: (r.stdout.trim().startsWith("{") ? JSON.parse(r.stdout) : undefined) as Json };
}

describe("a hand-made customer case (fabrikam.local)", () => {
  test("each file is recognised by its content and encoding", async () => {
    const { json, code } = await diagnose(ALL);
    expect(code).toBe(0);
    const kinds = Object.fromEntries(json.files.map((x) => [x.file, `${x.kind} ${x.encoding}`]));
    expect(kinds).toEqual({
      "Application.xml": "event-xml utf-16le (BOM)",
      "Application.csv": "event-csv utf-8 (BOM)",
      "root-dsacls.txt": "dsacls utf-16le (BOM)",
      "ou-acl.txt": "sddl utf-16le (BOM)",
      "user-sddl.txt": "sddl utf-8",
      "facts.txt": "facts utf-8",
    });
  });

  test("the failing operation, the rights and the cause, with the customer's lines as evidence", async () => {
    const { json } = await diagnose(ALL);
    expect(json.operation).toMatchObject({ kind: "reset", upn: "jdoe@fabrikam.local", hr: "80230626" });
    expect(json.operation?.events.map((e) => e.id)).toEqual([31001, 6329, 33004, 31003]);
    expect(json.user).toMatchObject({ dn: "CN=John Doe,OU=Accounting,DC=fabrikam,DC=local" });
    expect(json.connector).toEqual({
      name: "MSOL_5a1b2c3d4e5f",
      sid: "S-1-5-21-3623811015-3361044348-30300820-1105",
    });
    const rights = Object.fromEntries(json.rights.map((r) => [r.right, r.allowed]));
    expect(rights).toEqual({
      "Reset password": false,
      "Change password": true,
      "Write lockoutTime": false,
      "Write pwdLastSet": false,
      "Unexpire Password": true,
    });
    const top = json.causes[0];
    expect(top.key).toBe("inheritance-blocked");
    expect(top.confidence).toBe("high");
    const lines = readFileSync(new URL("root-dsacls.txt", FIXTURES), "utf8").split("\n");
    const grantLine =
      lines.findIndex((l) => l.includes("MSOL_5a1b2c3d4e5f      SPECIAL ACCESS for Reset Password")) + 1;
    expect(top.evidence).toContainEqual(
      expect.objectContaining({ file: "root-dsacls.txt", line: grantLine }),
    );
    expect(top.evidence).toContainEqual(expect.objectContaining({ file: "ou-acl.txt" }));
    expect(top.evidence.some((e) => e.file === "Application.xml" && e.text.includes("33004"))).toBe(true);
    expect(top.fix.powershell.join("\n")).toContain(
      "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName MSOL_5a1b2c3d4e5f -ADConnectorAccountDomain fabrikam.local -ADobjectDN 'OU=Accounting,DC=fabrikam,DC=local'",
    );
    expect(top.fix.dsacls[0]).toBe(
      'dsacls "OU=Accounting,DC=fabrikam,DC=local" /G "FABRIKAM\\MSOL_5a1b2c3d4e5f:CA;Reset Password;user" "FABRIKAM\\MSOL_5a1b2c3d4e5f:WP;lockoutTime;user" "FABRIKAM\\MSOL_5a1b2c3d4e5f:WP;pwdLastSet;user" /I:S',
    );
  });

  test("the truncated CSV and the other sources' events are reported, not fatal", async () => {
    const { json } = await diagnose(ALL);
    const csv = json.problems.find((p) => p.file === "Application.csv");
    expect(csv?.message).toMatch(/ends inside a quoted message/);
    expect(csv?.line).toBe(10);
    const text = (await wbsimInProcess(["diagnose", ...ALL.map(f)])).stdout;
    expect(text).toMatch(
      /Application\.xml: event-xml, utf-16le \(BOM\); 8 events: 5 from PasswordResetService\/ADSync, 3 from other sources/,
    );
    expect(text).toContain(
      "Application.csv:10: the file ends inside a quoted message (truncated export?); 5 complete rows read",
    );
  });

  test("the report prints the fix and what remains unknown", async () => {
    const { stdout } = await wbsimInProcess(["diagnose", ...ALL.map(f)]);
    expect(stdout).toContain("OU=Accounting,DC=fabrikam,DC=local does not inherit permissions");
    expect(stdout).toContain(
      "Right-click OU=Accounting,DC=fabrikam,DC=local > Properties > Security > Advanced > Enable inheritance",
    );
    expect(stdout).toMatch(
      /What remains unknown\n {2}- the user's group memberships|What remains unknown\n[\s\S]*exact inheritance flags/,
    );
    expect(stdout).not.toContain("the connector account's group memberships"); // MemberOf : {} says it has none
  });

  test("--out writes a scenario that replays the case in the contoso world", async () => {
    const out = f("fabrikam.yaml");
    const r = await wbsimInProcess(["diagnose", ...ALL.map(f), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const yaml = readFileSync(out, "utf8");
    expect(yaml).toContain("ad.createOU");
    expect(yaml).toContain("name: Accounting");
    expect(yaml).toContain("ad.move");
    expect(yaml).toContain("jdoe@fabrikam.local → alice@contoso.com");
    expect(yaml).toContain("CN=alice,OU=Accounting,DC=contoso,DC=com");
    const [report] = (await runScenarios({ paths: [out], pool })).reports;
    expect(report.status, yaml).toBe("passed");
    const last = report.steps.at(-1)!;
    expect(last.result?.ssprCode).toBe("SSPR_0029");
    expect(last.result?.ldap?.code).toBe(50);
    expect(last.events.map((e) => e.id)).toEqual(expect.arrayContaining([31001, 6329, 33004, 31003]));
  });

  test("--anonymize leaves nothing of the customer in the report, the JSON or the scenario", async () => {
    const out = f("anon.yaml");
    const text = (await wbsimInProcess(["diagnose", ...ALL.map(f), "--anonymize", "--out", out])).stdout;
    const json = (await wbsimInProcess(["diagnose", ...ALL.map(f), "--anonymize", "--json"])).stdout;
    const yaml = readFileSync(out, "utf8");
    for (const output of [text, json, yaml]) {
      for (const secret of [
        /fabrikam/i,
        /jdoe/i,
        /John Doe/,
        /Accounting/,
        /5a1b2c3d4e5f/,
        /3623811015/,
        /0f3c8a1e/,
        /2f6e1d3c/,
        /KkxPfZ2dTk6KbCsdDp/,
        /AADC01/i,
        /fabadmin/,
      ]) {
        expect(output).not.toMatch(secret);
      }
    }
    // The same customer name always gets the same placeholder; Microsoft's GUIDs stay.
    expect(text).toContain("inheritance-blocked");
    expect(text).toMatch(/OU=ou1,DC=example1,DC=test does not inherit permissions/);
    expect(json).toContain("OU=ou1,DC=example1,DC=test");
    expect(yaml).toContain("00299570-246d-11d0-a768-00aa006e0529");
    const [report] = (await runScenarios({ paths: [out], pool })).reports;
    expect(report.status, yaml).toBe("passed");
  });
});

describe("messy and partial inputs say what they cannot tell", () => {
  test("only the truncated CSV: the operation is known, the cause is not certain", async () => {
    const { json, code } = await diagnose(["Application.csv"]);
    expect(code).toBe(0);
    expect(json.operation).toMatchObject({ upn: "jdoe@fabrikam.local", hr: "80230626" });
    expect(json.causes[0]).toMatchObject({ key: "missing-reset-password", confidence: "low" });
    expect(json.unknowns.join("\n")).toMatch(/the connector account: neither its name nor its SID/);
    expect(json.unknowns.join("\n")).toMatch(/the DN of jdoe@fabrikam\.local/);
    expect(json.rights.every((r) => r.allowed === null)).toBe(true);
  });

  test("only the user's SDDL and the facts: no event log, so the failure itself is unknown", async () => {
    const { json } = await diagnose(["user-sddl.txt", "facts.txt"]);
    expect(json.operation).toBeUndefined();
    expect(json.unknowns.join("\n")).toMatch(/no event log was sent/);
    expect(json.unknowns.join("\n")).toMatch(
      /the security descriptor of the domain root DC=fabrikam,DC=local \(not in any file\)/,
    );
    expect(json.rights.find((r) => r.right === "Reset password")?.allowed).toBe(false);
  });

  test("the user's SD alone is not guessed from its parents: missing explicit entries are said", async () => {
    const { json } = await diagnose(["Application.xml", "root-dsacls.txt", "facts.txt"]);
    expect(json.unknowns.join("\n")).toMatch(
      /OU=Accounting,DC=fabrikam,DC=local; CN=John Doe.*not sent, so computed as a DC creates them/,
    );
    // Computed without the OU's blocked inheritance, the grant reaches the user: the diagnosis says the SDs allow it.
    expect(json.causes[0].key).toBe("not-yet-effective");
  });

  test("files it cannot read are named with the line, and the rest is still used", async () => {
    writeFileSync(f("notes.bin"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    writeFileSync(
      f("bad.sddl"),
      "(Get-Acl 'AD:\\OU=Accounting,DC=fabrikam,DC=local').Sddl\r\nO:DAG:DAD:PAI(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)(A;;QQ;;;DA)\r\n",
    );
    writeFileSync(
      f("tree.ldf"),
      "dn: OU=Accounting,DC=fabrikam,DC=local\nobjectClass: organizationalUnit\nthis line is not ldif\n",
    );
    const { json, code } = await diagnose(["notes.bin", "bad.sddl", "tree.ldf", "Application.xml"]);
    expect(code).toBe(0);
    const problems = json.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`);
    expect(problems).toContainEqual(expect.stringMatching(/^notes\.bin:1: not an artifact we can read/));
    expect(problems).toContainEqual(
      expect.stringMatching(/^bad\.sddl:2: invalid SDDL at character \d+: unknown access right "QQ"/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^tree\.ldf:3: expected "attribute: value"/));
    expect(json.operation?.upn).toBe("jdoe@fabrikam.local");
    const none = await diagnose(["notes.bin"]);
    expect(none.code).toBe(1);
  });

  test("a password in the case facts is never printed", async () => {
    writeFileSync(
      f("ticket.txt"),
      "User: CN=John Doe,OU=Accounting,DC=fabrikam,DC=local\nPassword: Summer2024!Secret\nNew password the user tried: Winter#2025\nError the user saw: SSPR_0029\n",
    );
    const text = (await wbsimInProcess(["diagnose", f("ticket.txt"), f("Application.xml")])).stdout;
    const json = (await wbsimInProcess(["diagnose", f("ticket.txt"), f("Application.xml"), "--json"])).stdout;
    for (const o of [text, json]) {
      expect(o).not.toContain("Summer2024");
      expect(o).not.toContain("Winter#2025");
    }
  });

  test("wevtutil's XML (no root element, UTF-8) reads the same as Event Viewer's", async () => {
    const xml = readFileSync(new URL("Application.xml", FIXTURES), "utf8")
      .replace(/^<\?xml[^>]*>\s*<Events>/, "")
      .replace(/<\/Events>\s*$/, "")
      .replace(/<RenderingInfo[\s\S]*?<\/RenderingInfo>/g, "");
    writeFileSync(f("wevtutil.xml"), xml);
    const { json } = await diagnose(["wevtutil.xml"]);
    expect(json.files[0]).toMatchObject({ kind: "event-xml", encoding: "utf-8" });
    expect(json.operation?.events.map((e) => e.id)).toEqual([31001, 6329, 33004, 31003]);
  });

  test("bad options are refused (exit 2), as a real process", async () => {
    const r = await runWbsim(["diagnose", f("facts.txt"), "--connector-sid", "not-a-sid"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--connector-sid: "not-a-sid" is not a SID');
    const ok = await runWbsim(["diagnose", ...ALL.map(f)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("[inheritance-blocked; confidence high]");
  });
});
