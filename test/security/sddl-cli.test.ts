/** `wbsim sddl …` through the real CLI process (node bin/wbsim.mjs), stdin piping included. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeSecurityDescriptor, parseSddl } from "../../simulator/security/index.ts";
import { runWbsim } from "../support/wbsim.ts";

const DOMAIN = "S-1-5-21-2505225072-1339010360-3064522927";
const fixture = (f: string) =>
  readFileSync(new URL(`../fixtures/samba-sddl/${f}`, import.meta.url), "utf8").trim();

const wbsim = (args: string[], input?: string) => runWbsim(args, { input });

describe("wbsim sddl", () => {
  it("to-hex converts arguments", async () => {
    const r = await wbsim(["sddl", "to-hex", "--domain-sid", DOMAIN, "O:DAD:(A;;RP;;;WD)", "D:PAI"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${encodeSecurityDescriptor(parseSddl("O:DAD:(A;;RP;;;WD)", { domainSid: DOMAIN })).toString("hex")}\n${encodeSecurityDescriptor(parseSddl("D:PAI")).toString("hex")}\n`,
    );
  });

  it("to-hex reads stdin line by line, one output line per input line, errors in place", async () => {
    const input = ["D:(A;;RP;;;WD)", "D:(A;;RQ;;;WD)", "", "O:DA", "O:SY\r"].join("\n");
    const r = await wbsim(["sddl", "to-hex"], `${input}\n`);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(encodeSecurityDescriptor(parseSddl("D:(A;;RP;;;WD)")).toString("hex"));
    expect(lines[1]).toBe(
      'error: invalid SDDL at character 6: unknown access right "RQ"; expected one of CC DC LC SW RP WP DT LO CR SD RC WD WO GA GX GW GR FA FR FW FX KA KR KW KX NR NW NX or a hex mask like 0x20094',
    );
    expect(lines[2]).toBe("error: empty line");
    expect(lines[3]).toMatch(/^error: invalid SDDL at character 2: SID alias DA is relative to the domain/);
    expect(lines[4]).toBe(encodeSecurityDescriptor(parseSddl("O:SY")).toString("hex"));
  });

  it("from-hex round-trips the Samba captures through stdin, in both dialects", async () => {
    const files = ["E5_frank_dacl.txt", "S1_alice_full_sd.txt", "baseline_root_full_sd.txt"];
    const texts = files.map(fixture);
    const hex = texts.map((t) =>
      encodeSecurityDescriptor(parseSddl(t, { domainSid: DOMAIN })).toString("hex"),
    );
    const samba = await wbsim(
      ["sddl", "from-hex", "--domain-sid", DOMAIN, "--dialect", "samba-4.17"],
      `${hex.join("\n")}\n`,
    );
    expect(samba.code).toBe(0);
    expect(samba.stdout).toBe(`${texts.join("\n")}\n`);
    const windows = await wbsim(["sddl", "from-hex", "--domain-sid", DOMAIN], `${hex.join("\n")}\n`);
    expect(windows.code).toBe(0);
    expect(windows.stdout).toContain("(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)");
    expect(windows.stdout.split("\n")).toHaveLength(4);
  });

  it("from-hex reports malformed input per line and keeps going", async () => {
    const good = encodeSecurityDescriptor(parseSddl("D:(A;;RP;;;WD)")).toString("hex");
    const r = await wbsim(["sddl", "from-hex"], `${good.slice(0, 40)}\nxyz\n${good}\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "error: invalid security descriptor at byte 16: DACL offset 20 is outside the descriptor (valid: 20..19, or 0 for none)",
        'error: not hex: unexpected "x" at hex digit 0',
        "D:(A;;RP;;;WD)",
        "",
      ].join("\n"),
    );
  });

  it("explain shows owner, control, and ACEs with names", async () => {
    const r = await wbsim(["sddl", "explain", "--domain-sid", DOMAIN, fixture("S1_alice_full_sd.txt")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Owner:   DA Domain Admins (S-1-5-21-2505225072-1339010360-3064522927-512)");
    expect(r.stdout).toContain(
      "Control: 0x8c14 DACL_PRESENT | SACL_PRESENT | DACL_AUTO_INHERITED | SACL_AUTO_INHERITED | SELF_RELATIVE",
    );
    expect(r.stdout).toContain("DACL: revision 4, 48 ACEs");
    expect(r.stdout).toMatch(
      /27 +Allow +inherited, +Control Access \(Extended Right\) +Reset Password +user +S-1-5-21-2505225072-1339010360-3064522927-1109/,
    );
    expect(r.stdout).toContain("S-1-5-21-2505225072-1339010360-3064522927-1109");
    expect(r.stdout).toMatch(/Audit +inherited,/);
  });

  it("explain accepts hex, including a partial SD without owner", async () => {
    const hex = encodeSecurityDescriptor({
      ...parseSddl("D:AI(OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)"),
      control: 0x8404,
    }).toString("hex");
    const r = await wbsim(["sddl", "explain", hex]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Owner:   not present");
    expect(r.stdout).toContain("SACL: not present");
    expect(r.stdout).toMatch(
      /0 +Deny +explicit +Control Access \(Extended Right\) +Change Password +WD Everyone/,
    );
  });

  it("explain fails clearly on bad input", async () => {
    const r = await wbsim(["sddl", "explain", "D:(A;;RP;;;WD"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("invalid SDDL at character 13: ACE not terminated");
    const bad = await wbsim(["sddl", "to-hex", "--domain-sid", "S-1-5-oops", "O:SY"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('invalid SID "S-1-5-oops"');
  });
});
