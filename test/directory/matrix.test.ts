/**
 * The Samba observation matrix (samba-observations.md §5) against the directory, in both
 * personalities: MSOL_0123456789ab doing (a) reset, (b) change, (c) lockoutTime=0, (d) pwdLastSet=0
 * and -1 against each target under each grant scenario. Samba answers are the recorded ones; the
 * Windows personality shares every rule, except SDProp (E4: carol is protected on Windows).
 */
import { describe, expect, it } from "vitest";
import {
  ALICE,
  BASE,
  BOB,
  CAROL,
  CHANGE,
  DAVE,
  FOUR_GRANTS,
  FRANK,
  LOCKOUT_TIME,
  lab,
  MSOL_SID,
  matrixOps,
  PWD_LAST_SET,
  prependAces,
  protectDacl,
  RESET,
  relaxMinPwdAge,
  s,
  writeDacl,
} from "./helpers.ts";

const S0 = [50, 0, 50, 50, 50];
const ALL = [0, 0, 0, 0, 0];

for (const personality of ["samba", "windows"] as const) {
  describe(`matrix (${personality})`, () => {
    it("S0 no grants", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      expect(await matrixOps(l, ALICE, l.msol)).toEqual(S0);
    });

    it("S1 all four grants", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await prependAces(l, BASE, FOUR_GRANTS(MSOL_SID));
      expect(await matrixOps(l, ALICE, l.msol)).toEqual(ALL);
    });

    const missing: [string, string, number[]][] = [
      ["reset", RESET, [50, 0, 0, 0, 0]],
      ["change", CHANGE, [0, 0, 0, 0, 0]],
      ["lockout", LOCKOUT_TIME, [0, 0, 50, 0, 0]],
      ["pwdlastset", PWD_LAST_SET, [0, 0, 0, 50, 50]],
    ];
    for (const [name, guid, want] of missing) {
      it(`S-missing-${name}`, async () => {
        const l = await lab(personality);
        await relaxMinPwdAge(l);
        const grants = FOUR_GRANTS(MSOL_SID)
          .split(")(")
          .map((a) => a.replace(/^\(|\)$/g, ""))
          .filter((a) => !a.includes(guid))
          .map((a) => `(${a})`)
          .join("");
        await prependAces(l, BASE, grants);
        expect(await matrixOps(l, ALICE, l.msol)).toEqual(want);
      });
    }

    it("E1 root this-object-only grants reach nobody", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await prependAces(
        l,
        BASE,
        `(OA;;CR;${RESET};;${MSOL_SID})(OA;;CR;${CHANGE};;${MSOL_SID})(OA;;WP;${LOCKOUT_TIME};;${MSOL_SID})(OA;;WP;${PWD_LAST_SET};;${MSOL_SID})`,
      );
      expect(await matrixOps(l, ALICE, l.msol)).toEqual(S0);
    });

    it("E1b root CI grants reach all descendants", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await prependAces(
        l,
        BASE,
        `(OA;CI;CR;${RESET};;${MSOL_SID})(OA;CI;CR;${CHANGE};;${MSOL_SID})(OA;CI;WP;${LOCKOUT_TIME};;${MSOL_SID})(OA;CI;WP;${PWD_LAST_SET};;${MSOL_SID})`,
      );
      expect(l.dir.sddlOf(ALICE)).toContain(`(OA;CIID;CR;${RESET};;${MSOL_SID})`);
      expect(await matrixOps(l, ALICE, l.msol)).toEqual(ALL);
    });

    it("E2 grant on OU=Staff only", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await prependAces(l, `OU=Staff,${BASE}`, FOUR_GRANTS(MSOL_SID));
      expect(await matrixOps(l, ALICE, l.msol)).toEqual(ALL);
      expect(await matrixOps(l, DAVE, l.msol)).toEqual(S0);
      expect(await matrixOps(l, BOB, l.msol)).toEqual(S0);
    });

    it("E3 blocked OU", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await l.dir.add(
        `OU=Blocked,${BASE}`,
        [{ type: "objectClass", values: [s("organizationalUnit")] }],
        l.admin,
      );
      await l.dir.add(
        `CN=erin,OU=Blocked,${BASE}`,
        [
          { type: "objectClass", values: [s("user")] },
          { type: "sAMAccountName", values: [s("erin")] },
          { type: "userAccountControl", values: [s("512")] },
          { type: "unicodePwd", values: [Buffer.from('"Blk!Passw0rd9"', "utf16le")] },
        ],
        l.admin,
      );
      await protectDacl(l, `OU=Blocked,${BASE}`);
      await prependAces(l, BASE, FOUR_GRANTS(MSOL_SID));
      expect(l.dir.sddlOf(`CN=erin,OU=Blocked,${BASE}`)).not.toContain(MSOL_SID);
      expect(await matrixOps(l, `CN=erin,OU=Blocked,${BASE}`, l.msol)).toEqual(S0);
      expect(await matrixOps(l, ALICE, l.msol)).toEqual(ALL);
    });

    it("E4 carol in Domain Admins", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await prependAces(l, BASE, FOUR_GRANTS(MSOL_SID));
      if (personality === "samba") {
        // Samba 4.17 has no SDProp: carol's SD is a normal user's and the root grant applies (E4).
        expect(l.dir.findByDn(CAROL)?.attrs.get("admincount")).toBeUndefined();
        expect(await matrixOps(l, CAROL, l.msol)).toEqual(ALL);
      } else {
        // Windows protects Domain Admins members with AdminSDHolder's DACL (as emulated in E4b). That
        // DACL allows Everyone "Change Password", so only the change goes through (facts §8 case 3).
        expect(l.dir.findByDn(CAROL)?.attrs.get("admincount")?.values[0]?.toString()).toBe("1");
        expect(await matrixOps(l, CAROL, l.msol)).toEqual([50, 0, 50, 50, 50]);
      }
    });

    it("E4b carol with AdminSDHolder's DACL and adminCount", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await prependAces(l, BASE, FOUR_GRANTS(MSOL_SID));
      await writeDacl(l, CAROL, (sd) => ({
        ...sd,
        control: sd.control | 0x1000,
        dacl: {
          revision: 4,
          aces: (l.dir.findByDn(`CN=AdminSDHolder,CN=System,${BASE}`)?.sd.dacl?.aces ?? []).filter(
            (a) => (a.flags & 0x10) === 0,
          ),
        },
      }));
      // Samba's AdminSDHolder has no Change Password ACE (19, as observed); Windows' allows Everyone (0).
      const change = personality === "windows" ? 0 : 19;
      expect(await matrixOps(l, CAROL, l.msol)).toEqual([50, change, 50, 50, 50]);
    });

    it("E5 deny-change Everyone on frank", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await prependAces(l, BASE, FOUR_GRANTS(MSOL_SID));
      await prependAces(l, FRANK, `(OD;;CR;${CHANGE};;WD)`);
      expect(await matrixOps(l, FRANK, l.msol)).toEqual([0, 19, 0, 0, 0]);
    });

    it("E5b deny-change Everyone, no grants", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await prependAces(l, FRANK, `(OD;;CR;${CHANGE};;WD)`);
      expect(await matrixOps(l, FRANK, l.msol)).toEqual([50, 19, 50, 50, 50]);
    });

    it("E5c bob without any change-password ACE", async () => {
      const l = await lab(personality);
      await relaxMinPwdAge(l);
      await writeDacl(l, BOB, (sd) => ({
        ...sd,
        dacl: {
          revision: 4,
          aces: (sd.dacl?.aces ?? []).filter((a) => !(a.kind === "known" && a.objectType === CHANGE)),
        },
      }));
      expect(await matrixOps(l, BOB, l.msol)).toEqual([50, 19, 50, 50, 50]);
    });
  });
}
