/** Add, delete, modifyDN, schema errors, lockout, audit, SDProp and snapshot/restore. */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ALICE,
  addv,
  attempt,
  BASE,
  BOB,
  CAROL,
  DOMAIN_SID,
  FOUR_GRANTS,
  fresh,
  lab,
  MSOL_SID,
  prependAces,
  pw,
  replace,
  s,
} from "./helpers.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/samba-sddl/${name}`, import.meta.url), "utf8").trim();
const SAMBA_SID = "S-1-5-21-2505225072-1339010360-3064522927";

describe("world", () => {
  it("root, AdminSDHolder and users carry the captured SDs (modulo the domain SID)", async () => {
    const l = await lab("samba");
    const remap = (x: string) => x.replaceAll(SAMBA_SID, DOMAIN_SID);
    expect(l.dir.sddlOf(BASE, "samba-4.17")).toBe(remap(fixture("baseline_root_full_sd.txt")));
    expect(l.dir.sddlOf(`CN=AdminSDHolder,CN=System,${BASE}`, "samba-4.17")).toBe(
      remap(fixture("baseline_adminsdholder_full_sd.txt")),
    );
    expect(l.dir.sddlOf(ALICE, "samba-4.17")).toBe(remap(fixture("baseline_alice_full_sd.txt")));
    expect(l.dir.sddlOf(CAROL, "samba-4.17")).toBe(remap(fixture("baseline_carol_full_sd.txt")));
  });

  it("a new user added over the directory gets the baseline user SD; with the grant it matches S1", async () => {
    const l = await lab("samba");
    await l.dir.add(
      `CN=zed,OU=Staff,${BASE}`,
      [
        { type: "objectClass", values: [s("user")] },
        { type: "sAMAccountName", values: [s("zed")] },
      ],
      l.admin,
    );
    const remap = (x: string) => x.replaceAll(SAMBA_SID, DOMAIN_SID);
    expect(l.dir.sddlOf(`CN=zed,OU=Staff,${BASE}`, "samba-4.17")).toBe(
      remap(fixture("baseline_alice_full_sd.txt")),
    );
    await prependAces(l, BASE, FOUR_GRANTS(MSOL_SID));
    expect(l.dir.sddlOf(ALICE, "samba-4.17")).toBe(
      fixture("S1_alice_full_sd.txt")
        .replaceAll(`${SAMBA_SID}-1109`, MSOL_SID)
        .replaceAll(SAMBA_SID, DOMAIN_SID),
    );
  });

  it("password policy lives on the domain root", async () => {
    const l = await lab("windows");
    const root = l.dir.findByDn(BASE)!;
    const v = (a: string) => root.attrs.get(a.toLowerCase())?.values[0]?.toString();
    expect([
      v("minPwdLength"),
      v("pwdHistoryLength"),
      v("pwdProperties"),
      v("minPwdAge"),
      v("maxPwdAge"),
      v("lockoutThreshold"),
    ]).toEqual(["7", "24", "1", "-864000000000", "-36288000000000", "0"]);
  });
});

describe("add / delete / modifyDN", () => {
  it("schema errors use AD's codes", async () => {
    const l = await lab("samba");
    const oc = { type: "objectClass", values: [s("user")] };
    expect((await attempt(l.dir.add(`CN=x,OU=Nope,${BASE}`, [oc], l.admin))).code).toBe(32);
    expect((await attempt(l.dir.add(ALICE, [oc], l.admin))).code).toBe(68);
    expect(
      (await attempt(l.dir.add(`CN=x,OU=Staff,${BASE}`, [oc, { type: "fooBar", values: [s("1")] }], l.admin)))
        .code,
    ).toBe(17);
    expect(
      (
        await attempt(
          l.dir.add(`CN=x,OU=Staff,${BASE}`, [{ type: "objectClass", values: [s("nonsense")] }], l.admin),
        )
      ).code,
    ).toBe(65);
    expect(
      (
        await attempt(
          l.dir.add(`CN=x,OU=Staff,${BASE}`, [oc, { type: "sn", values: [s("a"), s("b")] }], l.admin),
        )
      ).code,
    ).toBe(19);
    expect((await attempt(l.dir.add(`OU=x,OU=Staff,${BASE}`, [oc], l.admin))).code).toBe(64);
    expect((await attempt(l.dir.add(`CN=x,OU=Staff,${BASE}`, [oc], l.msol))).code).toBe(50);
    expect((await attempt(l.dir.modify(ALICE, [addv("description", s("a"))], l.admin))).code).toBe(0);
    expect((await attempt(l.dir.modify(ALICE, [addv("description", s("A"))], l.admin))).code).toBe(20);
    expect(
      (
        await attempt(
          l.dir.modify(
            ALICE,
            [{ operation: "delete", modification: { type: "description", values: [s("b")] } }],
            l.admin,
          ),
        )
      ).code,
    ).toBe(16);
    expect((await attempt(l.dir.modify(ALICE, [replace("objectSid", s("x"))], l.admin))).code).toBe(53);
  });

  it("new principals get the next RID; delete is leaf-only unless tree delete", async () => {
    const l = await lab("windows");
    await l.dir.add(`OU=Tmp,${BASE}`, [{ type: "objectClass", values: [s("organizationalUnit")] }], l.admin);
    await l.dir.add(`CN=g1,OU=Tmp,${BASE}`, [{ type: "objectClass", values: [s("group")] }], l.admin);
    const g = l.dir.findByDn(`CN=g1,OU=Tmp,${BASE}`)!;
    expect(g.sid).toMatch(new RegExp(`^${DOMAIN_SID}-11\\d\\d$`));
    expect((await attempt(l.dir.delete(`OU=Tmp,${BASE}`, l.admin))).code).toBe(66);
    await l.dir.delete(`OU=Tmp,${BASE}`, {
      ...l.admin,
      controls: [{ oid: "1.2.840.113556.1.4.805", critical: true }],
    });
    expect(l.dir.findByDn(`CN=g1,OU=Tmp,${BASE}`)).toBeUndefined();
    expect((await attempt(l.dir.delete(ALICE, l.msol))).code).toBe(50);
  });

  it("modifyDN renames and moves, keeps links and re-inherits", async () => {
    const l = await lab("samba");
    await prependAces(l, `OU=Staff,${BASE}`, FOUR_GRANTS(MSOL_SID));
    await l.dir.modify(`CN=Domain Admins,CN=Users,${BASE}`, [addv("member", s(BOB))], l.admin);
    await l.dir.modifyDN(BOB, "CN=bobby", true, `OU=Staff,${BASE}`, l.admin);
    const moved = `CN=bobby,OU=Staff,${BASE}`;
    expect(l.dir.findByDn(moved)?.attrs.get("name")?.values[0].toString()).toBe("bobby");
    expect(
      l.dir.findByDn(`CN=Domain Admins,CN=Users,${BASE}`)?.attrs.get("member")?.values.map(String),
    ).toContain(moved);
    expect(l.dir.sddlOf(moved)).toContain(MSOL_SID);
  });
});

describe("binds and lockout", () => {
  it("DN, UPN and down-level names; lockout after the threshold with data 775 and 4740; unlock with lockoutTime=0", async () => {
    const l = await lab("windows");
    for (const n of [ALICE, "alice@contoso.com", "CONTOSO\\alice"])
      expect((await attempt(l.as(n, "Alice!Passw0rd1"))).code).toBe(0);
    await l.dir.modify(BASE, [replace("lockoutThreshold", s("3"))], l.admin);
    for (let i = 0; i < 3; i++)
      expect((await attempt(l.as("alice@contoso.com", "bad"))).message).toContain("data 52e");
    expect((await attempt(l.as("alice@contoso.com", "Alice!Passw0rd1"))).message).toContain("data 775");
    expect(l.dir.audit({ id: 4740 })).toHaveLength(1);
    await l.dir.modify(ALICE, [replace("lockoutTime", s("0"))], l.admin);
    expect((await attempt(l.as("alice@contoso.com", "Alice!Passw0rd1"))).code).toBe(0);
    expect(l.dir.audit({ id: 4767 })).toHaveLength(1);
  });

  it("lockout expires with the simulated clock", async () => {
    const l = await lab("windows");
    await l.dir.modify(BASE, [replace("lockoutThreshold", s("1"))], l.admin);
    await attempt(l.as("alice@contoso.com", "bad"));
    expect((await attempt(l.as("alice@contoso.com", "Alice!Passw0rd1"))).message).toContain("data 775");
    l.dir.clock.advance(31 * 60_000);
    expect((await attempt(l.as("alice@contoso.com", "Alice!Passw0rd1"))).code).toBe(0);
  });
});

describe("audit, SDProp, snapshots", () => {
  it("4724 success and failure, 5136 for SD writes, never a password", async () => {
    const l = await lab("windows");
    const p = fresh();
    await attempt(l.dir.modify(ALICE, [replace("unicodePwd", pw(p))], l.msol));
    await l.dir.modify(ALICE, [replace("unicodePwd", pw(fresh()))], l.admin);
    expect(l.dir.audit({ id: 4724 }).map((e) => e.keywords)).toEqual(["Audit Failure", "Audit Success"]);
    await prependAces(l, BASE, FOUR_GRANTS(MSOL_SID));
    expect(l.dir.audit({ id: 5136 }).some((e) => e.attribute?.name === "nTSecurityDescriptor")).toBe(true);
    expect(JSON.stringify(l.dir.audit())).not.toContain(p);
  });

  it("SDProp re-protects a Domain Admins member within 60 simulated minutes (windows only)", async () => {
    const l = await lab("windows");
    await l.dir.modify(`CN=Domain Admins,CN=Users,${BASE}`, [addv("member", s(ALICE))], l.admin);
    expect(l.dir.findByDn(ALICE)?.attrs.get("admincount")).toBeUndefined();
    l.dir.clock.advance(60 * 60_000);
    expect(l.dir.findByDn(ALICE)?.attrs.get("admincount")?.values[0].toString()).toBe("1");
    expect(l.dir.sddlOf(ALICE)).toMatch(/^O:DAG:DAD:PAI\(/);
    const samba = await lab("samba");
    expect(
      await attempt(samba.dir.modify("", [replace("runProtectAdminGroupsTask", s("1"))], samba.admin)),
    ).toEqual({
      code: 53,
      message: "00002035: rootdse_modify: unknown attribute to change!",
    });
  });

  it("restore brings back the exact state", async () => {
    const l = await lab("windows");
    const snap = l.dir.snapshot();
    await l.dir.modify(ALICE, [replace("description", s("changed"))], l.admin);
    await l.dir.delete(BOB, l.admin);
    l.dir.restore(snap);
    expect(l.dir.findByDn(ALICE)?.attrs.get("description")).toBeUndefined();
    expect(l.dir.findByDn(BOB)).toBeDefined();
    expect((await attempt(l.as("bob@contoso.com", "Bob!Passw0rd1"))).code).toBe(0);
  });
});
