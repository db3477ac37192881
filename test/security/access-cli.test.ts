/** `wbsim access-check` through the real CLI process (node bin/wbsim.mjs). */
import { describe, expect, it } from "vitest";
import { encodeSecurityDescriptor } from "../../simulator/security/binary-codec.ts";
import { runWbsim } from "../support/wbsim.ts";
import { fixtureSd, fixtureText, MSOL_SID } from "./access-fixtures.ts";

const accessCheck = (...args: string[]) => runWbsim(["access-check", ...args]);

describe("wbsim access-check", () => {
  it("ALLOWED with exit 0: MSOL resets alice after the S1 grant", async () => {
    const r = await accessCheck(
      "--sd",
      fixtureText("S1_alice_full_sd"),
      "--sid",
      MSOL_SID,
      "--group",
      "DU",
      "--right",
      "Reset Password",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ALLOWED: Reset password on this user object\.\nGranted by ACE #27 \(inherited\)/,
    );
    expect(r.stderr).toBe("");
  });

  it("DENIED with exit 1 and the reason: no grant on the baseline, frank's deny", async () => {
    const r = await accessCheck(
      "--sd",
      fixtureText("baseline_alice_full_sd"),
      "--sid",
      MSOL_SID,
      "--group",
      "DU",
      "--write",
      "pwdLastSet",
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("DENIED: Write pwdLastSet on this user object.");
    expect(r.stdout).toContain("No ACE grants Write pwdLastSet to this account or any of its groups.");
    const frank = await accessCheck(
      "--sd",
      fixtureText("E5_frank_dacl"),
      "--sid",
      MSOL_SID,
      "--group",
      "DU",
      "--right",
      "User-Change-Password",
    );
    expect(frank.code).toBe(1);
    expect(frank.stdout).toContain(
      "Denied by ACE #0 (explicit): (OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)",
    );
  });

  it("accepts the SD as hex of the binary form, and PRINCIPAL_SELF through --object-sid", async () => {
    const hex = encodeSecurityDescriptor(fixtureSd("baseline_alice_full_sd")).toString("hex");
    const alice = "S-1-5-21-2505225072-1339010360-3064522927-1103";
    const r = await accessCheck(
      "--sd",
      hex,
      "--sid",
      alice,
      "--group",
      "DU",
      "--object-sid",
      alice,
      "--write",
      "telephoneNumber",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(OA;;RPWP;77b5b886-944a-11d1-aebd-0000f80367c1;;PS)");
  });

  it("bad input: exit 2, a clear message on stderr, nothing on stdout", async () => {
    const cases: [string[], RegExp][] = [
      [
        ["--sd", "D:(A;;XX;;;WD)", "--sid", MSOL_SID, "--write", "pwdLastSet"],
        /--sd \(SDDL\): .*unknown access right "XX"/,
      ],
      [["--sd", "D:", "--sid", MSOL_SID, "--write", "pwdLastSett"], /unknown attribute "pwdLastSett"/],
      [["--sd", "D:", "--sid", "bob", "--right", "Reset Password"], /--sid: "bob" is neither a SID/],
      [["--sd", "D:", "--sid", MSOL_SID], /give exactly one of --right/],
      [
        ["--sd", "D:", "--sid", MSOL_SID, "--right", "Reset Password", "--object-class", "usr"],
        /unknown class "usr"/,
      ],
      [["--sd", "01zz", "--sid", MSOL_SID, "--right", "Reset Password"], /--sd \(SDDL\)/],
    ];
    for (const [args, msg] of cases) {
      const r = await accessCheck(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe("");
    }
  });
});
