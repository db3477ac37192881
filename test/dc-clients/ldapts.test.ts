/**
 * ldapts (npm, nobody here wrote it) against the fake DC in both personalities, through its public
 * API only: binds, searches, the SD read and write with the SD-flags control, password reset and
 * change over LDAPS and StartTLS, and the cleartext refusals, with exact codes and messages.
 */
import { Attribute, Change, Client, ResultCodeError } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdFlags } from "../conformance/wire.ts";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import {
  type Account,
  accounts,
  aceTexts,
  BASE_DN,
  checkDaclOnlySd,
  type Expected,
  expectations,
  expectedAliceDacl,
  inheritedAceTexts,
  PERSONALITIES,
  resetGrant,
  unicodePwd,
  withAceFirst,
} from "./expectations.ts";

const TWO_DAYS = 2 * 24 * 3600_000;

/** What a rejected ldapts call reported: the code and the server's diagnosticMessage. */
async function outcome(p: Promise<unknown>): Promise<Expected> {
  try {
    await p;
    return { code: 0, message: "" };
  } catch (e) {
    if (!(e instanceof ResultCodeError)) throw e;
    // ldapts appends " Code: 0x<hex>" to the diagnosticMessage.
    return { code: e.code, message: e.message.replace(/ Code: 0x[0-9a-f]+$/, "") };
  }
}

const replacePwd = (password: string) =>
  new Change({
    operation: "replace",
    modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(password)] }),
  });
const changePwd = (oldPassword: string, newPassword: string) => [
  new Change({
    operation: "delete",
    modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(oldPassword)] }),
  }),
  new Change({
    operation: "add",
    modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(newPassword)] }),
  }),
];

for (const personality of PERSONALITIES) {
  describe(`ldapts against the fake DC (${personality})`, () => {
    const x = expectations[personality];
    let dc: FakeDc;
    const open: Client[] = [];
    const ldaps = () => {
      const c = new Client({ url: dc.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
      open.push(c);
      return c;
    };
    const plain = () => {
      const c = new Client({ url: dc.ldapUrl });
      open.push(c);
      return c;
    };
    const startTls = async () => {
      const c = plain();
      await c.startTLS({ rejectUnauthorized: false });
      return c;
    };
    const boundLdaps = async (who: Account, password = who.password) => {
      const c = ldaps();
      await c.bind(who.dn, password);
      return c;
    };
    const canBind = async (who: Account, password: string) =>
      (await outcome(ldaps().bind(who.upn, password))).code;

    beforeAll(async () => {
      dc = await startFakeDc({ personality });
    });
    afterAll(async () => {
      for (const c of open) await c.unbind().catch(() => undefined);
      await dc?.close();
      expect(dc.internalErrors).toEqual([]);
    });

    it("binds over LDAPS by DN, by UPN and by CONTOSO\\name", async () => {
      for (const name of [accounts.alice.dn, accounts.alice.upn, accounts.alice.downLevel]) {
        expect(await outcome(ldaps().bind(name, accounts.alice.password))).toEqual({ code: 0, message: "" });
      }
    });

    it("answers a wrong password with 49 and the personality's 52e message", async () => {
      expect(await outcome(ldaps().bind(accounts.alice.upn, "Wrong#0000Abc"))).toEqual(x.wrongPassword);
    });

    it("finds alice by sAMAccountName (subtree) and reads the rootDSE (base)", async () => {
      const c = await boundLdaps(accounts.msol);
      const found = await c.search(BASE_DN, {
        scope: "sub",
        filter: "(sAMAccountName=alice)",
        attributes: ["cn"],
      });
      expect(found.searchEntries.map((e) => e.dn)).toEqual([accounts.alice.dn]);
      const root = await c.search("", {
        scope: "base",
        attributes: ["defaultNamingContext", "supportedControl"],
      });
      expect(root.searchEntries).toHaveLength(1);
      expect(root.searchEntries[0].defaultNamingContext).toBe(BASE_DN);
      expect(root.searchEntries[0].supportedControl).toContain("1.2.840.113556.1.4.801");
    });

    it("reads alice's SD with SD flags 4: the DACL only, with the recorded (inherited) ACEs", async () => {
      const c = await boundLdaps(accounts.msol);
      const res = await c.search(
        accounts.alice.dn,
        {
          scope: "base",
          attributes: ["nTSecurityDescriptor"],
          explicitBufferAttributes: ["nTSecurityDescriptor"],
        },
        sdFlags(4),
      );
      const { sd, problems } = checkDaclOnlySd(res.searchEntries[0].nTSecurityDescriptor as Buffer);
      expect(problems).toEqual([]);
      expect(aceTexts(sd)).toEqual(expectedAliceDacl());
      expect(inheritedAceTexts(sd).length).toBeGreaterThan(0);
    });

    it("Administrator writes a DACL granting MSOL Reset Password on alice, and the grant takes effect", async () => {
      const msolSid = dc.directory.findBySamAccountName(accounts.msol.name)!.sid!;
      const msol = await boundLdaps(accounts.msol);
      expect(await outcome(msol.modify(accounts.alice.dn, replacePwd("Denied#0001Abc")))).toEqual(
        x.resetDenied,
      );

      const admin = await boundLdaps(accounts.admin);
      const read = async () =>
        checkDaclOnlySd(
          (
            await admin.search(
              accounts.alice.dn,
              {
                scope: "base",
                attributes: ["nTSecurityDescriptor"],
                explicitBufferAttributes: ["nTSecurityDescriptor"],
              },
              sdFlags(4),
            )
          ).searchEntries[0].nTSecurityDescriptor as Buffer,
        ).sd;
      const before = await read();
      const grant = resetGrant(msolSid);
      await admin.modify(
        accounts.alice.dn,
        new Change({
          operation: "replace",
          modification: new Attribute({
            type: "nTSecurityDescriptor",
            values: [withAceFirst(before, grant)],
          }),
        }),
        sdFlags(4),
      );
      const after = await read();
      expect(aceTexts(after)).toEqual([
        aceTexts({ ...before, dacl: { revision: 4, aces: [grant] } })[0],
        ...aceTexts(before),
      ]);

      expect(await outcome(msol.modify(accounts.alice.dn, replacePwd("Granted#0001Abc")))).toEqual({
        code: 0,
        message: "",
      });
      expect(await canBind(accounts.alice, "Granted#0001Abc")).toBe(0);
    });

    for (const [transport, connect] of [
      ["LDAPS", () => Promise.resolve(ldaps())],
      ["StartTLS", startTls],
    ] as const) {
      it(`resets (replace) and changes (delete+add) a password over ${transport}`, async () => {
        const target = transport === "LDAPS" ? accounts.bob : accounts.frank;
        const admin = await connect();
        await admin.bind(accounts.admin.dn, accounts.admin.password);
        const reset = `Reset#${transport}1Abc`;
        expect(await outcome(admin.modify(target.dn, replacePwd(reset)))).toEqual({ code: 0, message: "" });
        expect(await canBind(target, reset)).toBe(0);

        dc.directory.clock.advance(TWO_DAYS); // past the 1-day minimum password age
        const self = await connect();
        await self.bind(target.upn, reset);
        const changed = `Change#${transport}1Abc`;
        expect(await outcome(self.modify(target.dn, changePwd(reset, changed)))).toEqual({
          code: 0,
          message: "",
        });
        expect(await canBind(target, changed)).toBe(0);
        expect(await canBind(target, reset)).toBe(49);
      });
    }

    it("over cleartext LDAP gets the personality's refusal", async () => {
      const c = plain();
      expect(await outcome(c.bind(accounts.admin.dn, accounts.admin.password))).toEqual(x.cleartextBind);
      expect(await outcome(c.modify(accounts.dave.dn, replacePwd("Clear#0001Abc")))).toEqual(
        x.cleartextPasswordWrite,
      );
      expect(
        await outcome(c.modify(accounts.dave.dn, changePwd(accounts.dave.password, "Clear#0002Abc"))),
      ).toEqual(x.cleartextPasswordWrite);
      expect(await canBind(accounts.dave, accounts.dave.password)).toBe(0);
    });
  });
}

describe("ldapts against the fake DC (samba, ldap server require strong auth = no)", () => {
  let dc: FakeDc;
  beforeAll(async () => {
    dc = await startFakeDc({ personality: "samba", allowCleartextSimpleBind: true });
  });
  afterAll(async () => {
    await dc?.close();
  });

  it("accepts the simple bind and the reset over cleartext, as Samba did (observations E6)", async () => {
    const c = new Client({ url: dc.ldapUrl });
    try {
      expect(await outcome(c.bind(accounts.admin.dn, accounts.admin.password))).toEqual({
        code: 0,
        message: "",
      });
      expect(await outcome(c.modify(accounts.dave.dn, replacePwd("Clear#0003Abc")))).toEqual({
        code: 0,
        message: "",
      });
    } finally {
      await c.unbind().catch(() => undefined);
    }
  });
});
