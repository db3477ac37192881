/**
 * `wbsim diagnose` at support-case scale (issue 16, "Benchmarks"): a 50 MB Application log exported
 * by wevtutil (mostly other sources' events, a few thousand writeback events, one failing reset),
 * an ldifde export with security descriptors for 1,000 objects (the root, 20 OUs, 979 users) and the
 * case facts. Goal: the whole diagnosis in ≤ 5 s, streaming, peak memory ≤ 300 MB.
 * Baseline in the same run: a plain read of the same files (decode as text, count the lines), in the
 * same kind of child process, so the ratio shows what the diagnosis costs over just reading.
 *
 * `npm run bench -- diagnose`; each measurement runs in a child (this file with --child) so its peak
 * resident memory is its own.
 */
import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type Figure, printFigures } from "./lib.ts";

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1_000_000;
const TARGET_BYTES = 50 * MB;
const DOMAIN = "S-1-5-21-1111111111-2222222222-3333333333";
const ROOT = "DC=example,DC=net";

interface ChildReport {
  ms: number;
  maxRssMb: number;
  detail: string;
}

function eventXml(source: string, id: number, level: number, record: number, text: string): string {
  const t = new Date(Date.UTC(2024, 2, 11, 8, 0, 0) + record * 1000).toISOString().replace("Z", "0000Z");
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${source}'/><EventID Qualifiers='0'>${id}</EventID><Version>0</Version><Level>${level}</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='${t}'/><EventRecordID>${record}</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>AADC01.example.net</Computer><Security/></System><EventData><Data>${text}</Data></EventData></Event>\r\n`;
}

const TID = (n: number) => `${n.toString(16).padStart(8, "0")}-1111-4222-8333-444455556666`;

/** The 50 MB log: noise from other sources, heartbeats and resets, one failing reset near the end. */
export function writeLog(path: string): number {
  const parts: string[] = [];
  let bytes = 0;
  let record = 1;
  let n = 0;
  const push = (s: string) => {
    parts.push(s);
    bytes += s.length;
  };
  push(
    eventXml(
      "PasswordResetService",
      31005,
      4,
      record++,
      `TrackingId: ${TID(0)}, OnboardingEventSuccess, Details: Password writeback is ready.`,
    ),
  );
  while (bytes < TARGET_BYTES - 4000) {
    n++;
    if (n % 20 === 0) {
      const upn = `u${n % 979}@example.net`;
      push(
        eventXml(
          "PasswordResetService",
          31001,
          4,
          record++,
          `TrackingId: ${TID(n)}, PasswordResetStart, Details: ${upn}`,
        ),
      );
      push(
        eventXml(
          "PasswordResetService",
          31002,
          4,
          record++,
          `TrackingId: ${TID(n)}, PasswordResetSuccess, Details: Context: cloudAnchor: User_${TID(n)}, SourceAnchorValue: AAAAAAAAAAAAAAAAAAAAAA==, UserPrincipalName: ${upn}`,
        ),
      );
    } else if (n % 7 === 0) {
      push(
        eventXml(
          "PasswordResetService",
          31019,
          4,
          record++,
          `TrackingId: ${TID(n)}, ServiceBusHeartBeat, Details: Successfully sent heartbeat to the Service Bus listener ssprdedicatedsbprodfra-1.servicebus.windows.net`,
        ),
      );
    } else {
      push(
        eventXml(
          "Microsoft-Windows-Security-SPP",
          16384,
          4,
          record++,
          `Successfully scheduled Software Protection service for re-start at 2124-02-16T14:30:12Z. Reason: RulesEngine. Padding ${"x".repeat(300 + (n % 200))}`,
        ),
      );
    }
  }
  const fail = TID(999_999);
  const reason =
    "Synchronization Engine returned an error hr=80230626, message=The password could not be updated because the management agent credentials were denied access.";
  const ctx = `Context: cloudAnchor: User_${fail}, SourceAnchorValue: AAAAAAAAAAAAAAAAAAAAAA==, UserPrincipalName: u777@example.net`;
  push(
    eventXml(
      "PasswordResetService",
      31001,
      4,
      record++,
      `TrackingId: ${fail}, PasswordResetStart, Details: u777@example.net`,
    ),
  );
  push(
    eventXml(
      "ADSync",
      6329,
      2,
      record++,
      `An unexpected error has occurred during a password set operation. "BAIL: MMS(5716): ..\\server.cpp(11139): 0x80230626 (The password could not be updated because the management agent credentials were denied access.)"`,
    ),
  );
  push(
    eventXml(
      "PasswordResetService",
      33004,
      2,
      record++,
      `TrackingId: ${fail}, Reason: ${reason}, ${ctx}, Details: Microsoft.CredentialManagement.OnPremisesPasswordReset.Shared.PasswordResetException: ${reason}`,
    ),
  );
  push(
    eventXml(
      "PasswordResetService",
      31003,
      2,
      record++,
      `TrackingId: ${fail}, PasswordResetFail, Reason: ${reason}, ${ctx}`,
    ),
  );
  writeFileSync(path, parts.join(""));
  return record;
}

async function writeLdif(path: string): Promise<void> {
  const { parseSddl } = await import("../simulator/security/sddl-parse.ts");
  const { encodeSecurityDescriptor } = await import("../simulator/security/binary-codec.ts");
  const { sidToBytes } = await import("../simulator/security/sid.ts");
  const user = "bf967aba-0de6-11d0-a285-00aa003049e2";
  const rootSd = encodeSecurityDescriptor(
    parseSddl(
      `O:BAG:BAD:AI(A;CI;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;EA)(A;;RPRC;;;AU)(OA;;CR;ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501;;AU)(A;CI;LC;;;RU)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)(A;;CCLCSWRPWPLOCRRCWDWO;;;DA)(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;${user};${DOMAIN}-1105)`,
      { domainSid: DOMAIN },
    ),
  );
  const ouSd = encodeSecurityDescriptor(
    parseSddl(
      "O:DAG:DAD:AI(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(A;;LCRPLORC;;;AU)(A;CIID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;EA)(A;CIID;LC;;;RU)",
      { domainSid: DOMAIN },
    ),
  );
  const blockedOuSd = encodeSecurityDescriptor(
    parseSddl(
      "O:DAG:DAD:PAI(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(A;;LCRPLORC;;;AU)(A;CI;LC;;;RU)",
      { domainSid: DOMAIN },
    ),
  );
  const userSd = encodeSecurityDescriptor(
    parseSddl(
      `O:DAG:DUD:AI(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)(A;;LCRPLORC;;;PS)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;PS)(A;;RC;;;AU)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)(A;CIID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;EA)(A;CIID;LC;;;RU)(OA;CIID;CR;00299570-246d-11d0-a768-00aa006e0529;${user};${DOMAIN}-1105)`,
      { domainSid: DOMAIN },
    ),
  );
  // Users under the OU that does not inherit carry no inherited grant (as a DC computes them).
  const blockedUserSd = encodeSecurityDescriptor(
    parseSddl(
      "O:DAG:DUD:AI(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)(A;;LCRPLORC;;;PS)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;PS)(A;;RC;;;AU)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)(A;CIID;LC;;;RU)",
      { domainSid: DOMAIN },
    ),
  );
  const b64 = (b: Buffer) => b.toString("base64");
  const rec = (dn: string, lines: string[]) => [`dn: ${dn}`, "changetype: add", ...lines].join("\r\n");
  const out: string[] = [
    rec(ROOT, [
      "objectClass: top",
      "objectClass: domain",
      "objectClass: domainDNS",
      `objectSid:: ${b64(sidToBytes(DOMAIN))}`,
      `nTSecurityDescriptor:: ${b64(rootSd)}`,
    ]),
  ];
  for (let o = 0; o < 20; o++) {
    out.push(
      rec(`OU=Dept${o},${ROOT}`, [
        "objectClass: top",
        "objectClass: organizationalUnit",
        `nTSecurityDescriptor:: ${b64(o === 17 ? blockedOuSd : ouSd)}`,
      ]),
    );
  }
  for (let u = 0; u < 979; u++) {
    out.push(
      rec(`CN=u${u},OU=Dept${u % 20},${ROOT}`, [
        "objectClass: top",
        "objectClass: person",
        "objectClass: organizationalPerson",
        "objectClass: user",
        `sAMAccountName: u${u}`,
        `userPrincipalName: u${u}@example.net`,
        `objectSid:: ${b64(sidToBytes(`${DOMAIN}-${2000 + u}`))}`,
        "userAccountControl: 512",
        `nTSecurityDescriptor:: ${b64(u % 20 === 17 ? blockedUserSd : userSd)}`,
      ]),
    );
  }
  writeFileSync(path, `${out.join("\r\n\r\n")}\r\n`);
}

async function child(mode: string, files: string[]): Promise<void> {
  const t = performance.now();
  let detail = "";
  if (mode === "read") {
    let lines = 0;
    for (const f of files) {
      const dec = new TextDecoder("utf-8");
      for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) {
        const s = dec.decode(chunk as Buffer, { stream: true });
        for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) lines++;
      }
    }
    detail = `${lines} lines`;
  } else {
    const { readArtifacts } = await import("../simulator/diagnose/input/read-artifacts.ts");
    const { diagnoseArtifacts } = await import("../simulator/diagnose/diagnose.ts");
    const { formatReport } = await import("../simulator/diagnose/output/report.ts");
    const loaded = performance.now();
    const input = { connector: "EXAMPLE\\MSOL_0a1b2c3d4e5f", connectorSid: `${DOMAIN}-1105` };
    const artifacts = await readArtifacts(files, { connectorHint: input.connector });
    const read = performance.now();
    const d = diagnoseArtifacts(artifacts, input);
    const report = formatReport(d);
    const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
    detail = `load ${ms(t, loaded)}, read ${ms(loaded, read)}, analyse ${ms(read, performance.now())}; cause ${d.causes[0]?.key}; ${d.artifacts.events.length} writeback events, ${d.artifacts.otherEvents} others; ${d.artifacts.sds.length} SDs; report ${report.length} chars`;
  }
  const report: ChildReport = {
    ms: performance.now() - t,
    maxRssMb: process.resourceUsage().maxRSS / 1000,
    detail,
  };
  process.stdout.write(JSON.stringify(report));
}

function measure(mode: string, files: string[]): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const c = spawn(
      process.execPath,
      [join(here, "..", "bin", "run-ts.mjs"), fileURLToPath(import.meta.url), "--child", mode, ...files],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    c.stdout.on("data", (d) => {
      out += d;
    });
    c.on("error", reject);
    c.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out) as ChildReport) : reject(new Error(`child exited ${code}`)),
    );
  });
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wbsim-bench-diagnose-"));
  try {
    const log = join(dir, "Application.xml");
    const ldif = join(dir, "tree.ldf");
    const facts = join(dir, "facts.txt");
    writeLog(log);
    await writeLdif(ldif);
    writeFileSync(
      facts,
      `Connector account: EXAMPLE\\MSOL_0a1b2c3d4e5f\r\nUser: CN=u777,OU=Dept17,${ROOT}\r\n`,
    );
    const files = [log, ldif, facts];
    const size = files.reduce((s, f) => s + statSync(f).size, 0) / MB;
    const read = await measure("read", files);
    const diag = await measure("diagnose", files);
    const figures: Figure[] = [
      { name: `plain read of ${size.toFixed(1)} MB (baseline)`, value: read.ms / 1000, unit: "s" },
      {
        name: "diagnose: 50 MB event log + 1,000 SDs",
        value: diag.ms / 1000,
        unit: "s",
        goal: "<= 5 s",
        met: diag.ms <= 5000,
        ratio: { against: "plain read", value: diag.ms / read.ms },
      },
      { name: "peak memory, plain read (baseline)", value: read.maxRssMb, unit: "MB" },
      {
        name: "peak memory, diagnose",
        value: diag.maxRssMb,
        unit: "MB",
        goal: "<= 300 MB",
        met: diag.maxRssMb <= 300,
        ratio: { against: "plain read", value: diag.maxRssMb / read.maxRssMb },
      },
    ];
    printFigures("diagnose (issue 16)", figures);
    console.log(`   ${diag.detail}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--child")) {
  const i = process.argv.indexOf("--child");
  await child(process.argv[i + 1], process.argv.slice(i + 2));
}
