/**
 * Edge cases E6–E9 and the malformed-password rows of samba-observations.md against the samba
 * personality with the exact recorded codes and messages, and the Windows shapes (facts §7) in the
 * windows personality.
 */
import { describe, expect, it } from "vitest";
import { ANONYMOUS } from "../../simulator/directory/api.ts";
import {
  ALICE,
  addv,
  attempt,
  BASE,
  ctxFor,
  del,
  FOUR_GRANTS,
  fresh,
  lab,
  MSOL_SID,
  prependAces,
  pw,
  relaxMinPwdAge,
  replace,
  s,
} from "./helpers.ts";

const HINTS = (oid: string, critical: boolean) => ({
  oid,
  critical,
  value: Buffer.from("3003020101", "hex"),
});

async function granted(personality: "samba" | "windows") {
  const l = await lab(personality);
  await relaxMinPwdAge(l);
  await prependAces(l, BASE, FOUR_GRANTS(MSOL_SID));
  return l;
}

async function setOld(l: Awaited<ReturnType<typeof lab>>, dn = ALICE) {
  const old = fresh("Old");
  await l.dir.modify(dn, [replace("unicodePwd", pw(old))], l.admin);
  return old;
}

describe("E7 policy and malformed requests (samba)", () => {
  it("policy rejections carry Samba's check_password_restrictions texts", async () => {
    const l = await granted("samba");
    expect(await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw("abc"))], l.msol))).toEqual({
      code: 19,
      message:
        "0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 7 characters!",
    });
    expect(await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw("abcdefgh"))], l.msol))).toEqual({
      code: 19,
      message:
        "0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!",
    });
    expect(
      (await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw("alice#1234ABC"))], l.msol))).code,
    ).toBe(0);
    const old = await setOld(l);
    expect(
      await attempt(l.dir.modify(ALICE, [del("unicodePwd", pw(old)), addv("unicodePwd", pw("abc"))], l.msol)),
    ).toMatchObject({ code: 19 });
    expect(
      await attempt(
        l.dir.modify(
          ALICE,
          [del("unicodePwd", pw("Wrong#0000Abc")), addv("unicodePwd", pw(fresh()))],
          l.msol,
        ),
      ),
    ).toEqual({
      code: 19,
      message:
        "00000056: Constraint violation - check_password_restrictions: The old password specified doesn't match!",
    });
  });

  it("malformed values and shapes", async () => {
    const l = await granted("samba");
    const ntHash = {
      code: 53,
      message: "00002035: setup_io: it's not allowed to set the NT hash password directly'",
    };
    expect(
      await attempt(
        l.dir.modify(ALICE, [replace("unicodePwd", Buffer.from("NoQuotes#1Abc", "utf16le"))], l.msol),
      ),
    ).toEqual(ntHash);
    expect(
      await attempt(
        l.dir.modify(ALICE, [replace("unicodePwd", Buffer.from('"Utf8Enc#1Abc"', "utf8"))], l.msol),
      ),
    ).toEqual(ntHash);
    expect(await attempt(l.dir.modify(ALICE, [addv("unicodePwd", pw(fresh()))], l.msol))).toEqual({
      code: 53,
      message: "00002035: Only the add action for a password change specified!",
    });
    const old = await setOld(l);
    expect(await attempt(l.dir.modify(ALICE, [del("unicodePwd", pw(old))], l.msol))).toEqual({
      code: 53,
      message:
        "00002035: setup_io: It's not possible to delete the password (changes using the LAN Manager hash alone could be deactivated)!",
    });
    expect(
      await attempt(l.dir.modify(`CN=nobody,OU=Staff,${BASE}`, [replace("unicodePwd", pw(fresh()))], l.msol)),
    ).toEqual({
      code: 32,
      message: "00002030: No such Base DN: CN=nobody,OU=Staff,DC=contoso,DC=com",
    });
    expect(await attempt(l.dir.modify(ALICE, [replace("pwdLastSet", s("5"))], l.msol))).toEqual({
      code: 80,
      message:
        "00000057: setup_last_set_field: pwdLastSet must be 0 or -1 only! at ../../source4/dsdb/samdb/ldb_modules/password_hash.c:2436:setup_last_set_field",
    });
    expect((await attempt(l.dir.modify(ALICE, [replace("lockoutTime", s("5"))], l.msol))).code).toBe(0);
    expect(l.dir.findByDn(ALICE)?.attrs.get("lockouttime")?.values[0]?.toString()).toBe("5");
    expect(await attempt(l.dir.modify(ALICE, [replace("userPassword", s("x"))], l.msol))).toEqual({
      code: 50,
      message: "00002098: Object CN=alice,OU=Staff,DC=contoso,DC=com has no write property access\n",
    });
  });

  it("replace with two values: the second one becomes the password", async () => {
    const l = await granted("samba");
    await l.dir.modify(ALICE, [replace("unicodePwd", pw("Two#0081Abc"), pw("Two#0082Abc"))], l.msol);
    expect(await attempt(l.as("alice@contoso.com", "Two#0081Abc"))).toEqual({
      code: 49,
      message: "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1",
    });
    expect((await attempt(l.as("alice@contoso.com", "Two#0082Abc"))).code).toBe(0);
  });

  it("without the reset grant, access is checked before policy (50), a change still meets policy (19)", async () => {
    const l = await lab("samba");
    await relaxMinPwdAge(l);
    expect(await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw("abc"))], l.msol))).toEqual({
      code: 50,
      message: "error in module acl: insufficient access rights during LDB_MODIFY (50)",
    });
    const old = await setOld(l);
    expect(
      (
        await attempt(
          l.dir.modify(ALICE, [del("unicodePwd", pw(old)), addv("unicodePwd", pw("abc"))], l.msol),
        )
      ).code,
    ).toBe(19);
  });
});

describe("E8 minimum password age", () => {
  it("a change right after a reset is too young; after pwdLastSet=0 one change passes; resets are not limited", async () => {
    const l = await granted("samba");
    await l.dir.modify(BASE, [replace("minPwdAge", s("-864000000000"))], l.admin);
    const young = {
      code: 19,
      message:
        "0000052D: Constraint violation - check_password_restrictions: password is too young to change!",
    };
    const old = await setOld(l);
    expect(
      await attempt(
        l.dir.modify(ALICE, [del("unicodePwd", pw(old)), addv("unicodePwd", pw(fresh("Chg")))], l.msol),
      ),
    ).toEqual(young);
    await l.dir.modify(ALICE, [replace("pwdLastSet", s("0"))], l.admin);
    const c1 = fresh("Chg");
    expect(
      (await attempt(l.dir.modify(ALICE, [del("unicodePwd", pw(old)), addv("unicodePwd", pw(c1))], l.msol)))
        .code,
    ).toBe(0);
    expect(
      await attempt(
        l.dir.modify(ALICE, [del("unicodePwd", pw(c1)), addv("unicodePwd", pw(fresh("Chg")))], l.msol),
      ),
    ).toEqual(young);
    expect((await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw(fresh("Rst")))], l.msol))).code).toBe(
      0,
    );
    expect((await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw(fresh("Rst")))], l.msol))).code).toBe(
      0,
    );
  });

  it("a bind with pwdLastSet=0 answers data 773", async () => {
    const l = await granted("samba");
    const p = await setOld(l);
    await l.dir.modify(ALICE, [replace("pwdLastSet", s("0"))], l.admin);
    expect(await attempt(l.as("alice@contoso.com", p))).toEqual({
      code: 49,
      message: "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 773, v1db1",
    });
    await l.dir.modify(ALICE, [replace("pwdLastSet", s("-1"))], l.admin);
    expect((await attempt(l.as("alice@contoso.com", p))).code).toBe(0);
  });
});

describe("E9 history and policy hints", () => {
  it("samba: resets ignore history; the control critical gives 12 with an empty message; changes check history", async () => {
    const l = await granted("samba");
    const a = await setOld(l);
    const b = fresh("Chg");
    await l.dir.modify(ALICE, [replace("unicodePwd", pw(b))], l.admin);
    expect((await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw(a))], l.msol))).code).toBe(0);
    expect((await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw(a))], l.msol))).code).toBe(0);
    for (const oid of ["1.2.840.113556.1.4.2239", "1.2.840.113556.1.4.2066"]) {
      expect(
        await attempt(
          l.dir.modify(ALICE, [replace("unicodePwd", pw(b))], { ...l.msol, controls: [HINTS(oid, true)] }),
        ),
      ).toEqual({
        code: 12,
        message: "",
      });
    }
    expect(
      (
        await attempt(
          l.dir.modify(ALICE, [replace("unicodePwd", pw(b))], {
            ...l.msol,
            controls: [HINTS("1.2.840.113556.1.4.2239", false)],
          }),
        )
      ).code,
    ).toBe(0);
    // current = b; history has a
    expect(
      await attempt(l.dir.modify(ALICE, [del("unicodePwd", pw(b)), addv("unicodePwd", pw(a))], l.msol)),
    ).toEqual({
      code: 19,
      message:
        "0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)!",
    });
    expect(
      await attempt(l.dir.modify(ALICE, [del("unicodePwd", pw(b)), addv("unicodePwd", pw(b))], l.msol)),
    ).toEqual({
      code: 19,
      message:
        "0000052D: Constraint violation - check_password_restrictions: the password was already used (previous password)!",
    });
  });

  it("windows: the policy-hints control enforces history on a reset", async () => {
    const l = await granted("windows");
    const a = await setOld(l);
    await l.dir.modify(ALICE, [replace("unicodePwd", pw(fresh("Chg")))], l.admin);
    const r = await attempt(
      l.dir.modify(ALICE, [replace("unicodePwd", pw(a))], {
        ...l.msol,
        controls: [HINTS("1.2.840.113556.1.4.2239", true)],
      }),
    );
    expect(r.code).toBe(19);
    expect(r.message).toMatch(
      /^0000052D: AtrErr: DSID-[0-9A-F]{8}, #1:\n\t0: 0000052D: DSID-[0-9A-F]{8}, problem 1005 \(CONSTRAINT_ATT_TYPE\), data 0, Att 9005a \(unicodePwd\)\n$/,
    );
    expect((await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw(a))], l.msol))).code).toBe(0);
  });
});

describe("E6 transport", () => {
  it("samba: simple bind on cleartext → 8; anonymous writes → 1 with Samba's text", async () => {
    const l = await lab("samba");
    expect(await attempt(l.as("MSOL_0123456789ab@contoso.com", "Msol!Passw0rd#1", false))).toEqual({
      code: 8,
      message: "BindSimple: Transport encryption required.",
    });
    expect(
      await attempt(
        l.dir.modify(ALICE, [replace("unicodePwd", pw(fresh()))], ctxFor(ANONYMOUS, { secure: false })),
      ),
    ).toEqual({
      code: 1,
      message: "00002020: Operation unavailable without authentication",
    });
  });

  it("samba with cleartext binds allowed accepts password writes over cleartext", async () => {
    const { createDirectory } = await import("../../simulator/worlds/index.ts");
    const dir = createDirectory({ world: "contoso", personality: "samba", allowCleartextSimpleBind: true });
    const id = await dir.bindSimple(
      "Administrator@contoso.com",
      Buffer.from("Adm1n!Passw0rd"),
      ctxFor(ANONYMOUS, { secure: false }),
    );
    expect(
      (await attempt(dir.modify(ALICE, [replace("unicodePwd", pw(fresh()))], ctxFor(id, { secure: false }))))
        .code,
    ).toBe(0);
  });

  it("windows: password writes on cleartext → 53 0000001F WILL_NOT_PERFORM; binds allowed", async () => {
    const l = await granted("windows");
    const plain = await l.as("MSOL_0123456789ab@contoso.com", "Msol!Passw0rd#1", false);
    const r = await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw(fresh()))], plain));
    expect(r.code).toBe(53);
    expect(r.message).toMatch(
      /^0000001F: SvcErr: DSID-[0-9A-F]{8}, problem 5003 \(WILL_NOT_PERFORM\), data 0\n$/,
    );
    expect((await attempt(l.dir.modify(ALICE, [replace("lockoutTime", s("0"))], plain))).code).toBe(0);
  });

  it("windows: bind and access messages have the Windows shapes", async () => {
    const l = await lab("windows");
    expect(await attempt(l.as("alice@contoso.com", "wrong"))).toEqual({
      code: 49,
      message: "80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563",
    });
    expect(await attempt(l.dir.modify(ALICE, [replace("lockoutTime", s("0"))], ctxFor(ANONYMOUS)))).toEqual({
      code: 1,
      message:
        "000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563",
    });
    const reset = await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw(fresh()))], l.msol));
    expect(reset.code).toBe(50);
    expect(reset.message).toMatch(
      /^00000005: SecErr: DSID-[0-9A-F]{8}, problem 4003 \(INSUFF_ACCESS_RIGHTS\), data 0\n$/,
    );
    const nf = await attempt(
      l.dir.modify(`CN=nobody,OU=Staff,${BASE}`, [replace("description", s("x"))], l.admin),
    );
    expect(nf).toEqual({
      code: 32,
      message:
        "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'OU=Staff,DC=contoso,DC=com'\n",
    });
  });
});
