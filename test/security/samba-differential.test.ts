/**
 * Differential test of our SD codec and SDDL against Samba's own implementation (python3-samba
 * 4.17, through test/support/samba_sd_oracle.py, one long-running process).
 *
 * Over 1,200 generated SDs (fixed seed), in both directions:
 *  1. our SDDL (Windows and Samba dialect) → Samba binary, compared with our binary;
 *  2. our binary → Samba's SDDL, compared with our Samba-dialect SDDL;
 *  3. Samba binary → our decode → our SDDL, compared with Samba's SDDL.
 *
 * Documented differences between Samba 4.17 and Windows, handled explicitly (never loosened):
 *  - Rights letter order, hex width and NULL ACLs: compared against our "samba-4.17" dialect,
 *    which exists for the samba DC personality (see rights.ts / sddl-format.ts). The Windows
 *    dialect's output is additionally fed to Samba's parser (it accepts letters in any order).
 *  - ACL revision: Samba 4.17 sddl_decode_acl sets SECURITY_ACL_REVISION_ADS (4) on every ACL
 *    (observed: "D:(A;;RP;;;WD)" packs with ACL revision 4); Windows uses 2 unless the ACL holds
 *    an object ACE (MS-DTYP 2.4.5). Samba's parse results get the Windows revision rule applied.
 *  - Layout: Samba's NDR writes owner, group, SACL, DACL; Windows writes SACL, DACL, owner,
 *    group. Binaries are compared after decoding and re-encoding Samba's bytes with our encoder.
 *  - Composite rights letters: Samba 4.17 has no KA/KR/KW/KX and maps FA to 0x1ff instead of
 *    FILE_ALL_ACCESS 0x1f01ff (observed), so masks equal to a composite right are not generated.
 *  - NULL ACLs: Samba 4.17 cannot parse NO_ACCESS_CONTROL (observed), so none are generated.
 *  - Identifier authorities ≥ 2^32: Samba 4.17 mis-parses "S-1-0x…" in SDDL (observed:
 *    S-1-0x123456789abc-1 → S-1-0), so none are generated.
 *  - ML and SP ACEs: Samba 4.17 cannot parse them (observed), so none are generated.
 *  - ACL flags directly followed by another part ("D:PS:", "D:AIS:P", "O:WDD:PG:WD"): Samba 4.17's
 *    sddl_map_flags gives up on an upper-case letter that is not an ACL flag, so it cannot parse
 *    these (observed; Windows and Samba ≥ 4.19 can). Such SDs skip only the SDDL → Samba step;
 *    the binary → Samba SDDL step still runs for them (Samba prints them fine).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeSecurityDescriptor,
  encodeSecurityDescriptor,
  formatSddl,
  type SecurityDescriptor,
} from "../../simulator/security/index.ts";
import { SAMBA_DOMAIN_SID, sddlSd, windowsAclRevision } from "./codec-arbitraries.ts";

const PYTHON = "/usr/bin/python3";
const ORACLE = new URL("../support/samba_sd_oracle.py", import.meta.url).pathname;
const COMPOSITE_MASKS = [0x1f01ff, 0x120089, 0x120116, 0x1200a0, 0xf003f, 0x20019, 0x20006];
const RUNS = 1200;
/** Matches SDDL that Samba 4.17 cannot parse although it is valid (see the header comment). */
const SAMBA_417_FLAGS_BUG = /[DS]:(?:P|AI|AR)+[OGDS]:/;

interface OracleReply {
  id: number;
  hex?: string;
  sddl?: string;
  error?: string;
}

class SambaOracle {
  private proc: ChildProcessWithoutNullStreams | undefined;
  private pending = new Map<number, (r: OracleReply) => void>();
  private nextId = 1;

  async start(): Promise<void> {
    const proc = spawn(PYTHON, [ORACLE], { stdio: ["pipe", "pipe", "pipe"] });
    this.proc = proc;
    let stderr = "";
    proc.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const lines = createInterface({ input: proc.stdout });
    await new Promise<void>((resolve, reject) => {
      proc.on("error", (err) =>
        reject(
          new Error(
            `cannot run ${PYTHON} (${err.message}); install python3 and the Debian package python3-samba`,
          ),
        ),
      );
      proc.on("exit", (code) => {
        reject(
          new Error(
            `Samba oracle exited with code ${code}; is the Debian package python3-samba installed? ${stderr}`,
          ),
        );
      });
      lines.on("line", (line) => {
        const msg = JSON.parse(line) as OracleReply & { ready?: boolean; fatal?: string };
        if (msg.fatal !== undefined) reject(new Error(msg.fatal));
        else if (msg.ready) resolve();
        else this.pending.get(msg.id)?.(msg);
      });
    });
  }

  request(op: "from_sddl" | "from_hex", payload: { sddl?: string; hex?: string }): Promise<OracleReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.proc?.stdin.write(`${JSON.stringify({ id, op, domain: SAMBA_DOMAIN_SID, ...payload })}\n`);
    });
  }

  stop(): void {
    this.proc?.removeAllListeners("exit");
    this.proc?.stdin.end();
  }
}

/** Applies Windows' ACL revision rule to an SD parsed by Samba 4.17 (see the header comment). */
function withWindowsAclRevisions(sd: SecurityDescriptor): SecurityDescriptor {
  const fix = (acl: SecurityDescriptor["dacl"]) =>
    acl === null ? null : { ...acl, revision: windowsAclRevision(acl.aces) };
  return { ...sd, dacl: fix(sd.dacl), sacl: fix(sd.sacl) };
}

const oracle = new SambaOracle();

beforeAll(async () => {
  await oracle.start();
});

afterAll(() => {
  oracle.stop();
});

describe("codec and SDDL agree with Samba 4.17", () => {
  it("the oracle answers and rejects bad input without dying", async () => {
    const bad = await oracle.request("from_hex", { hex: "zz" });
    expect(bad.error).toBeDefined();
    const good = await oracle.request("from_sddl", { sddl: "O:DAD:(A;;RP;;;WD)" });
    expect(good.sddl).toBe("O:DAD:(A;;RP;;;WD)");
  });

  it(`${RUNS} generated SDs: SDDL → binary, binary → SDDL, both directions`, async () => {
    const arb = sddlSd(SAMBA_DOMAIN_SID, { sddlOpaque: true, excludeMasks: COMPOSITE_MASKS, maxAces: 10 });
    const sds = fc.sample(arb, { numRuns: RUNS, seed: 20261125 });
    const opts = { domainSid: SAMBA_DOMAIN_SID };
    const failures: string[] = [];
    let sddlDirectionChecked = 0;
    await Promise.all(
      sds.map(async (sd, i) => {
        const ours = encodeSecurityDescriptor(sd);
        const winText = formatSddl(sd, opts);
        const sambaText = formatSddl(sd, { ...opts, dialect: "samba-4.17" });
        const sambaCanParse = !SAMBA_417_FLAGS_BUG.test(sambaText);
        if (sambaCanParse) sddlDirectionChecked++;
        const [fromWin, fromSamba, fromBin] = await Promise.all([
          oracle.request("from_sddl", { sddl: winText }),
          oracle.request("from_sddl", { sddl: sambaText }),
          oracle.request("from_hex", { hex: ours.toString("hex") }),
        ]);
        const problems: string[] = [];
        for (const [label, r] of [
          ["Windows-dialect SDDL", fromWin],
          ["Samba-dialect SDDL", fromSamba],
        ] as const) {
          if (!sambaCanParse) break;
          if (r.error !== undefined || r.hex === undefined) {
            problems.push(`Samba could not parse our ${label}: ${r.error}`);
            continue;
          }
          const sambaSd = withWindowsAclRevisions(decodeSecurityDescriptor(Buffer.from(r.hex, "hex")));
          const reencoded = encodeSecurityDescriptor(sambaSd).toString("hex");
          if (reencoded !== ours.toString("hex")) {
            problems.push(
              `${label} → Samba binary ${r.hex}\n   re-laid out: ${reencoded}\n   ours:        ${ours.toString("hex")}`,
            );
          }
          const ourView = formatSddl(decodeSecurityDescriptor(Buffer.from(r.hex, "hex")), {
            ...opts,
            dialect: "samba-4.17",
          });
          if (ourView !== r.sddl)
            problems.push(`Samba binary of ${label} → our SDDL ${ourView}\n   Samba's SDDL: ${r.sddl}`);
          if (r.sddl !== sambaText)
            problems.push(`Samba re-formats our ${label} as ${r.sddl}\n   ours: ${sambaText}`);
        }
        if (fromBin.error !== undefined || fromBin.hex === undefined) {
          problems.push(`Samba could not unpack our binary: ${fromBin.error}`);
        } else {
          if (fromBin.sddl !== sambaText)
            problems.push(`Samba's SDDL of our binary: ${fromBin.sddl}\n   ours: ${sambaText}`);
          const back = decodeSecurityDescriptor(Buffer.from(fromBin.hex, "hex"));
          if (encodeSecurityDescriptor(back).toString("hex") !== ours.toString("hex")) {
            problems.push(`Samba re-packed our binary differently: ${fromBin.hex}`);
          }
        }
        if (problems.length > 0) {
          failures.push(
            `SD #${i}\n  SDDL (Windows): ${winText}\n  binary: ${ours.toString("hex")}\n  ${problems.join("\n  ")}`,
          );
        }
      }),
    );
    expect(failures.slice(0, 5).join("\n\n"), `${failures.length} of ${RUNS} SDs differ`).toBe("");
    expect(sddlDirectionChecked).toBeGreaterThanOrEqual(1000);
  });
});
