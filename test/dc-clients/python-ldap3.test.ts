/**
 * python ldap3 (Debian python3-ldap3 under /usr/bin/python3, the recorder's client in
 * samba-observations.md) against the fake DC in both personalities: binds, searches, the SD read
 * and DACL write with ldap3's own security_descriptor_control, password reset and change over LDAPS
 * and StartTLS, the cleartext refusals. ldap3 shows the diagnosticMessage of successes too, so
 * Samba's "00000000: Success" is asserted here.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import {
  type Account,
  accounts,
  aceTexts,
  BASE_DN,
  checkDaclOnlySd,
  expectations,
  expectedAliceDacl,
  inheritedAceTexts,
  OID_SD_FLAGS,
  PERSONALITIES,
  resetGrant,
  unicodePwd,
  withAceFirst,
} from "./expectations.ts";
import { requireTool, run, SYSTEM_PYTHON } from "./tools.ts";

const SCRIPT = fileURLToPath(new URL("./ldap3_client.py", import.meta.url));
const TWO_DAYS = 2 * 24 * 3600_000;

interface Ldap3Result {
  result: number;
  message: string;
  entries?: { dn: string; attributes: Record<string, string[]> }[];
}
interface Ldap3Session {
  bind: Ldap3Result | null;
  ops: Ldap3Result[];
}
type Op =
  | {
      op: "search";
      base: string;
      scope: "base" | "one" | "sub";
      filter?: string;
      attributes: string[];
      sdflags?: number;
    }
  | { op: "modify"; dn: string; changes: [string, string, string[]][]; sdflags?: number };

const outcome = (r: Ldap3Result | null) => ({ code: r?.result, message: r?.message });
const b64 = (b: Buffer) => b.toString("base64");
const replacePwd = (dn: string, pw: string): Op => ({
  op: "modify",
  dn,
  changes: [["replace", "unicodePwd", [b64(unicodePwd(pw))]]],
});
const changePwd = (dn: string, oldPw: string, newPw: string): Op => ({
  op: "modify",
  dn,
  changes: [
    ["delete", "unicodePwd", [b64(unicodePwd(oldPw))]],
    ["add", "unicodePwd", [b64(unicodePwd(newPw))]],
  ],
});

for (const personality of PERSONALITIES) {
  describe(`python ldap3 against the fake DC (${personality})`, () => {
    const x = expectations[personality];
    const ok = { code: 0, message: x.writeSuccess };
    let dc: FakeDc;

    beforeAll(async () => {
      requireTool(SYSTEM_PYTHON, "Debian python3 with python3-ldap3");
      dc = await startFakeDc({ personality });
    });
    afterAll(async () => {
      await dc?.close();
      expect(dc.internalErrors).toEqual([]);
    });

    type Transport = "ldaps" | "starttls" | "plain";
    async function session(
      t: Transport,
      user: string | null,
      password: string,
      ops: Op[] = [],
    ): Promise<Ldap3Session> {
      const url = t === "ldaps" ? dc.ldapsUrl : dc.ldapUrl;
      const res = await run(SYSTEM_PYTHON, [SCRIPT], {
        input: JSON.stringify({ url, starttls: t === "starttls", user, password, ops }),
      });
      if (res.code !== 0) throw new Error(`ldap3 session failed (exit ${res.code}): ${res.stderr}`);
      return JSON.parse(res.stdout) as Ldap3Session;
    }
    const as = (who: Account, ops: Op[], t: Transport = "ldaps", password = who.password) =>
      session(t, who.dn, password, ops);
    const canBind = async (who: Account, password: string) =>
      (await session("ldaps", who.upn, password)).bind?.result;

    it("binds over LDAPS by DN, by UPN and by CONTOSO\\name", async () => {
      for (const name of [accounts.alice.dn, accounts.alice.upn, accounts.alice.downLevel]) {
        expect(outcome((await session("ldaps", name, accounts.alice.password)).bind)).toEqual({
          code: 0,
          message: "",
        });
      }
    });

    it("answers a wrong password with 49 and the personality's 52e message", async () => {
      expect(outcome((await session("ldaps", accounts.alice.upn, "Wrong#0000Abc")).bind)).toEqual(
        x.wrongPassword,
      );
    });

    it("finds alice by sAMAccountName (subtree) and reads the rootDSE (base)", async () => {
      const s = await as(accounts.msol, [
        { op: "search", base: BASE_DN, scope: "sub", filter: "(sAMAccountName=alice)", attributes: ["cn"] },
        { op: "search", base: "", scope: "base", attributes: ["defaultNamingContext", "supportedControl"] },
      ]);
      expect(s.ops.map((o) => o.result)).toEqual([0, 0]);
      expect(s.ops[0].entries?.map((e) => e.dn)).toEqual([accounts.alice.dn]);
      const root = s.ops[1].entries?.[0]?.attributes ?? {};
      const text = (vals: string[] | undefined) =>
        (vals ?? []).map((v) => Buffer.from(v, "base64").toString());
      expect(text(root.defaultNamingContext)).toEqual([BASE_DN]);
      expect(text(root.supportedControl)).toContain(OID_SD_FLAGS);
    });

    const readSd: Op = {
      op: "search",
      base: accounts.alice.dn,
      scope: "base",
      attributes: ["nTSecurityDescriptor"],
      sdflags: 4,
    };
    const sdOf = (r: Ldap3Result) => {
      const v = r.entries?.[0]?.attributes.nTSecurityDescriptor;
      expect(v).toHaveLength(1);
      return checkDaclOnlySd(Buffer.from(v![0], "base64"));
    };

    it("reads alice's SD with SD flags 4: the DACL only, with the recorded (inherited) ACEs", async () => {
      const s = await as(accounts.msol, [readSd]);
      const { sd, problems } = sdOf(s.ops[0]);
      expect(problems).toEqual([]);
      expect(aceTexts(sd)).toEqual(expectedAliceDacl());
      expect(inheritedAceTexts(sd).length).toBeGreaterThan(0);
    });

    it("Administrator writes a DACL granting MSOL Reset Password on alice, and the grant takes effect", async () => {
      const { msol, admin, alice } = accounts;
      const denied = await as(msol, [replacePwd(alice.dn, "Denied#0001Abc")]);
      expect(outcome(denied.ops[0])).toEqual(x.resetDenied);

      const before = sdOf((await as(admin, [readSd])).ops[0]).sd;
      const grant = resetGrant(dc.directory.findBySamAccountName(msol.name)!.sid!);
      const write = await as(admin, [
        {
          op: "modify",
          dn: alice.dn,
          changes: [["replace", "nTSecurityDescriptor", [b64(withAceFirst(before, grant))]]],
          sdflags: 4,
        },
        readSd,
      ]);
      expect(outcome(write.ops[0])).toEqual(ok);
      const after = sdOf(write.ops[1]).sd;
      expect(aceTexts(after).slice(1)).toEqual(aceTexts(before));
      expect(aceTexts(after)[0]).toMatch(
        /^\(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;S-1-5-21-[0-9-]+\)$/,
      );

      const granted = await as(msol, [replacePwd(alice.dn, "Granted#0001Abc")]);
      expect(outcome(granted.ops[0])).toEqual(ok);
      expect(await canBind(alice, "Granted#0001Abc")).toBe(0);
    });

    for (const transport of ["ldaps", "starttls"] as const) {
      it(`resets (replace) and changes (delete+add) a password over ${transport === "ldaps" ? "LDAPS" : "StartTLS"}`, async () => {
        const target = transport === "ldaps" ? accounts.bob : accounts.frank;
        const reset = `Reset#${transport}1Abc`;
        const r1 = await as(accounts.admin, [replacePwd(target.dn, reset)], transport);
        expect(outcome(r1.bind)).toEqual({ code: 0, message: "" });
        expect(outcome(r1.ops[0])).toEqual(ok);
        expect(await canBind(target, reset)).toBe(0);

        dc.directory.clock.advance(TWO_DAYS); // past the 1-day minimum password age
        const changed = `Change#${transport}1Abc`;
        const r2 = await session(transport, target.upn, reset, [changePwd(target.dn, reset, changed)]);
        expect(outcome(r2.ops[0])).toEqual(ok);
        expect(await canBind(target, changed)).toBe(0);
        expect(await canBind(target, reset)).toBe(49);
      });
    }

    it("over cleartext LDAP gets the personality's refusal", async () => {
      const { admin, dave } = accounts;
      const s = await as(
        admin,
        [replacePwd(dave.dn, "Clear#0001Abc"), changePwd(dave.dn, dave.password, "Clear#0002Abc")],
        "plain",
      );
      expect(outcome(s.bind)).toEqual(x.cleartextBind);
      expect(s.ops.map(outcome)).toEqual([x.cleartextPasswordWrite, x.cleartextPasswordWrite]);
      expect(await canBind(dave, dave.password)).toBe(0);
    });
  });
}
