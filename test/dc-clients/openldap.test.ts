/**
 * OpenLDAP's ldapsearch and ldapmodify (spawned, LDAPTLS_REQCERT=never) against the fake DC in both
 * personalities: binds by DN, UPN and CONTOSO\name; subtree and rootDSE searches; the SD read and
 * the DACL write with the SD-flags control (ldapsearch -E '!1.2.840.113556.1.4.801=::MAMCAQQ=', an LDIF
 * "control:" line for ldapmodify); password reset
 * and change over LDAPS (ldaps://) and StartTLS (-ZZ); the cleartext refusals. Exit codes are the
 * LDAP result codes, and the "additional info" lines must be the personality's exact messages.
 */
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
  SD_FLAGS_DACL_VALUE,
  unicodePwd,
  withAceFirst,
} from "./expectations.ts";
import { ldifValues, openLdapOutcome, requireTool, run, SecretFiles } from "./tools.ts";

const TWO_DAYS = 2 * 24 * 3600_000;
/** ldapmodify prints no diagnosticMessage for a success (Samba's "00000000: Success" stays unseen). */
const OK = { code: 0, message: "" };
/** ldapsearch's generic search control: critical SD flags, value SEQUENCE { INTEGER 4 } (DACL only). */
const SD_FLAGS_ARG = ["-E", `!${OID_SD_FLAGS}=::${SD_FLAGS_DACL_VALUE.toString("base64")}`];

const modifyLdif = (dn: string, ...ops: string[]) => `dn: ${dn}\nchangetype: modify\n${ops.join("")}`;
/** ldapmodify has no generic control option: the control goes in the LDIF record (RFC 2849). */
const sdFlagsModifyLdif = (dn: string, ...ops: string[]) =>
  `dn: ${dn}\ncontrol: ${OID_SD_FLAGS} true:: ${SD_FLAGS_DACL_VALUE.toString("base64")}\nchangetype: modify\n${ops.join("")}`;
const op = (kind: "replace" | "add" | "delete", attr: string, value: Buffer) =>
  `${kind}: ${attr}\n${attr}:: ${value.toString("base64")}\n-\n`;

for (const personality of PERSONALITIES) {
  describe(`OpenLDAP ldapsearch/ldapmodify against the fake DC (${personality})`, () => {
    const x = expectations[personality];
    let dc: FakeDc;
    const secrets = new SecretFiles();

    beforeAll(async () => {
      requireTool("ldapsearch", "Debian package ldap-utils");
      requireTool("ldapmodify", "Debian package ldap-utils");
      dc = await startFakeDc({ personality });
    });
    afterAll(async () => {
      secrets.cleanup();
      await dc?.close();
      expect(dc.internalErrors).toEqual([]);
    });

    type Transport = "ldaps" | "starttls" | "plain";
    const connection = (t: Transport) =>
      t === "ldaps" ? ["-H", dc.ldapsUrl] : t === "starttls" ? ["-ZZ", "-H", dc.ldapUrl] : ["-H", dc.ldapUrl];
    const auth = (name: string, password: string) => ["-x", "-D", name, "-y", secrets.file(password)];
    const ldapsearch = (t: Transport, name: string, password: string, args: string[]) =>
      run("ldapsearch", [...connection(t), ...auth(name, password), "-LLL", "-o", "ldif-wrap=no", ...args]);
    const ldapmodify = (t: Transport, name: string, password: string, ldif: string, extra: string[] = []) =>
      run("ldapmodify", [...connection(t), ...auth(name, password), ...extra], { input: ldif });
    const canBind = async (who: Account, password: string) =>
      (await ldapsearch("ldaps", who.upn, password, ["-b", "", "-s", "base", "(objectClass=*)", "1.1"])).code;

    it("binds over LDAPS by DN, by UPN and by CONTOSO\\name", async () => {
      for (const name of [accounts.alice.dn, accounts.alice.upn, accounts.alice.downLevel]) {
        const r = await ldapsearch("ldaps", name, accounts.alice.password, [
          "-b",
          "",
          "-s",
          "base",
          "(objectClass=*)",
          "1.1",
        ]);
        expect(openLdapOutcome(r)).toEqual({ code: 0, message: "" });
      }
    });

    it("answers a wrong password with exit 49 and the personality's 52e message", async () => {
      const r = await ldapsearch("ldaps", accounts.alice.upn, "Wrong#0000Abc", [
        "-b",
        "",
        "-s",
        "base",
        "1.1",
      ]);
      expect(openLdapOutcome(r)).toEqual(x.wrongPassword);
      expect(r.stderr).toContain("ldap_bind: Invalid credentials (49)");
    });

    it("finds alice by sAMAccountName (subtree) and reads the rootDSE (base)", async () => {
      const msol = accounts.msol;
      const sub = await ldapsearch("ldaps", msol.upn, msol.password, [
        "-b",
        BASE_DN,
        "-s",
        "sub",
        "(sAMAccountName=alice)",
        "cn",
      ]);
      expect(sub.code).toBe(0);
      expect(ldifValues(sub.stdout, "dn").map(String)).toEqual([accounts.alice.dn]);
      const root = await ldapsearch("ldaps", msol.upn, msol.password, [
        "-b",
        "",
        "-s",
        "base",
        "(objectClass=*)",
        "defaultNamingContext",
        "supportedControl",
      ]);
      expect(root.code).toBe(0);
      expect(ldifValues(root.stdout, "defaultNamingContext").map(String)).toEqual([BASE_DN]);
      expect(ldifValues(root.stdout, "supportedControl").map(String)).toContain(OID_SD_FLAGS);
    });

    const readAliceSd = async (who: Account) => {
      const r = await ldapsearch("ldaps", who.dn, who.password, [
        ...SD_FLAGS_ARG,
        "-b",
        accounts.alice.dn,
        "-s",
        "base",
        "(objectClass=*)",
        "nTSecurityDescriptor",
      ]);
      expect(r.code).toBe(0);
      const values = ldifValues(r.stdout, "nTSecurityDescriptor");
      expect(values).toHaveLength(1);
      return checkDaclOnlySd(values[0]);
    };

    it("reads alice's SD with SD flags 4: the DACL only, with the recorded (inherited) ACEs", async () => {
      const { sd, problems } = await readAliceSd(accounts.msol);
      expect(problems).toEqual([]);
      expect(aceTexts(sd)).toEqual(expectedAliceDacl());
      expect(inheritedAceTexts(sd).length).toBeGreaterThan(0);
    });

    it("Administrator writes a DACL granting MSOL Reset Password on alice, and the grant takes effect", async () => {
      const { msol, admin, alice } = accounts;
      const denied = await ldapmodify(
        "ldaps",
        msol.upn,
        msol.password,
        modifyLdif(alice.dn, op("replace", "unicodePwd", unicodePwd("Denied#0001Abc"))),
      );
      expect(openLdapOutcome(denied)).toEqual(x.resetDenied);

      const before = (await readAliceSd(admin)).sd;
      const grant = resetGrant(dc.directory.findBySamAccountName(msol.name)!.sid!);
      const write = await ldapmodify(
        "ldaps",
        admin.dn,
        admin.password,
        sdFlagsModifyLdif(alice.dn, op("replace", "nTSecurityDescriptor", withAceFirst(before, grant))),
      );
      expect(openLdapOutcome(write)).toEqual(OK);
      const after = (await readAliceSd(admin)).sd;
      expect(aceTexts(after).slice(1)).toEqual(aceTexts(before));
      expect(aceTexts(after)[0]).toMatch(
        /^\(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;S-1-5-21-[0-9-]+\)$/,
      );

      const granted = await ldapmodify(
        "ldaps",
        msol.upn,
        msol.password,
        modifyLdif(alice.dn, op("replace", "unicodePwd", unicodePwd("Granted#0001Abc"))),
      );
      expect(openLdapOutcome(granted)).toEqual(OK);
      expect(await canBind(alice, "Granted#0001Abc")).toBe(0);
    });

    for (const transport of ["ldaps", "starttls"] as const) {
      it(`resets (replace) and changes (delete+add) a password over ${transport === "ldaps" ? "LDAPS" : "StartTLS (-ZZ)"}`, async () => {
        const target = transport === "ldaps" ? accounts.bob : accounts.frank;
        const reset = `Reset#${transport}1Abc`;
        const r1 = await ldapmodify(
          transport,
          accounts.admin.dn,
          accounts.admin.password,
          modifyLdif(target.dn, op("replace", "unicodePwd", unicodePwd(reset))),
        );
        expect(openLdapOutcome(r1)).toEqual(OK);
        expect(await canBind(target, reset)).toBe(0);

        dc.directory.clock.advance(TWO_DAYS); // past the 1-day minimum password age
        const changed = `Change#${transport}1Abc`;
        const r2 = await ldapmodify(
          transport,
          target.upn,
          reset,
          modifyLdif(
            target.dn,
            op("delete", "unicodePwd", unicodePwd(reset)),
            op("add", "unicodePwd", unicodePwd(changed)),
          ),
        );
        expect(openLdapOutcome(r2)).toEqual(OK);
        expect(await canBind(target, changed)).toBe(0);
        expect(await canBind(target, reset)).toBe(49);
      });
    }

    it("over cleartext LDAP gets the personality's refusal", async () => {
      const { admin, dave } = accounts;
      const reset = modifyLdif(dave.dn, op("replace", "unicodePwd", unicodePwd("Clear#0001Abc")));
      const r = await ldapmodify("plain", admin.dn, admin.password, reset);
      if (x.cleartextBind.code === 0) {
        // The bind goes through; the password write is refused.
        expect(openLdapOutcome(r)).toEqual(x.cleartextPasswordWrite);
        expect(r.stderr).toContain("ldap_modify: Server is unwilling to perform (53)");
      } else {
        expect(openLdapOutcome(r)).toEqual(x.cleartextBind);
        expect(r.stderr).toContain("ldap_bind: Strong(er) authentication required (8)");
        // The same write on an anonymous cleartext connection.
        const anon = await run("ldapmodify", ["-x", "-H", dc.ldapUrl], { input: reset });
        expect(openLdapOutcome(anon)).toEqual(x.cleartextPasswordWrite);
      }
      expect(await canBind(dave, dave.password)).toBe(0);
    });
  });
}
