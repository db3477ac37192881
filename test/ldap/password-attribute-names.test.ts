/**
 * Issue 12 item 1: an attribute named by its OID, or with an option (`;binary`), IS that attribute.
 * Over LDAPS with ldapts: a unicodePwd write by OID changes the password exactly as by name, needs
 * the same right (alice holding Write Property on dave gets 50, as by name), and no cleartext lands
 * in the entry, the --state file or an audit event. Every password-bearing attribute is fed through
 * (unicodePwd, userPassword, clearTextPassword by name, OID and `;binary`), on both personalities.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Attribute, Change, Client, type ResultCodeError } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Directory } from "../../simulator/directory/index.ts";
import type { ErrorKey, MessageArgs } from "../../simulator/personality/catalogue.ts";
import { CONTOSO_ACCOUNTS } from "../../simulator/worlds/contoso.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";
import { ctxFor, prependAces } from "../directory/helpers.ts";
import { type RunningServer, startServer } from "./support/server-fixture.ts";

const BASE = "DC=contoso,DC=com";
const ADMIN = `CN=Administrator,CN=Users,${BASE}`;
const ALICE = `CN=alice,OU=Staff,${BASE}`;
const DAVE = `CN=dave,OU=Sales,${BASE}`;
const UNICODE_PWD_OID = "1.2.840.113556.1.4.90";
const USER_PASSWORD_OID = "2.5.4.35";
const password = (name: string) => CONTOSO_ACCOUNTS.find((a) => a.name === name)!.password;
const quoted = (pw: string) => Buffer.from(`"${pw}"`, "utf16le");

let serial = 0;
/** A fresh policy-compliant password, unique in this file (so a leak is attributable). */
const freshPassword = () => `Leak#${String(++serial).padStart(4, "0")}Probe`;

/** Every encoding a leaked password could take in a file or an event. */
function forms(pw: string): string[] {
  const u8 = Buffer.from(pw, "utf8");
  const u16 = Buffer.from(pw, "utf16le");
  return [
    pw,
    u8.toString("base64"),
    u16.toString("base64"),
    quoted(pw).toString("base64"),
    u16.toString("hex"),
  ];
}

function expectNowhere(pw: string, haystacks: Record<string, string>): void {
  for (const [where, text] of Object.entries(haystacks))
    for (const f of forms(pw)) expect(text.includes(f), `${where} holds the password (${f})`).toBe(false);
}

async function asUser<T>(url: string, dn: string, pw: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ url, tlsOptions: { rejectUnauthorized: false } });
  await c.bind(dn, pw);
  try {
    return await fn(c);
  } finally {
    await c.unbind();
  }
}

async function outcome(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
    return { code: 0, message: "" };
  } catch (e) {
    const err = e as ResultCodeError;
    if (typeof err.code !== "number") throw e;
    // ldapts appends " Code: 0x…" to the server's diagnosticMessage.
    return { code: err.code, message: err.message.replace(/ Code: 0x[0-9a-f]+$/, "") };
  }
}

async function binds(url: string, dn: string, pw: string): Promise<boolean> {
  const c = new Client({ url, tlsOptions: { rejectUnauthorized: false } });
  try {
    await c.bind(dn, pw);
    return true;
  } catch {
    return false;
  } finally {
    await c.unbind().catch(() => {});
  }
}

const replace = (type: string, value: Buffer) =>
  new Change({ operation: "replace", modification: new Attribute({ type, values: [value] }) });

interface Lab {
  dir: Directory;
  srv: RunningServer;
  statePath: string;
  /** What a leak would be found in: the entry, the state file, the Security log. */
  haystacks(dn: string): Record<string, string>;
  expectKey(got: { code: number; message: string }, key: ErrorKey, args?: MessageArgs): void;
}

async function startLab(personality: "windows" | "samba"): Promise<Lab> {
  const statePath = join(mkdtempSync(join(tmpdir(), "wbsim-pwd-names-")), "lab.state");
  const dir = createDirectory({ world: "contoso", personality, statePath });
  const srv = await startServer(dir);
  return {
    dir,
    srv,
    statePath,
    haystacks: (dn) => {
      const e = dir.findByDn(dn)!;
      const entry = [...e.attrs.values()]
        .map(
          (a) =>
            `${a.name}: ${a.values.map((v) => `${v.toString("utf8")} ${v.toString("base64")}`).join(" ")}`,
        )
        .join("\n");
      return {
        entry,
        "state file": readFileSync(statePath, "utf8"),
        "audit log": JSON.stringify(dir.audit()),
      };
    },
    // The catalogue key is the contract: the code and the exact text the personality has for it.
    expectKey: (got, key, args = {}) => {
      const want = dir.personality.result(key, args);
      expect({ key, ...got }).toEqual({ key, code: want.resultCode, message: want.diagnosticMessage });
    },
  };
}

describe("windows: unicodePwd by name, OID and ;binary over LDAPS", () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab("windows");
    // alice gets Write Property (all properties) on dave, but no Reset Password.
    const alice = lab.dir.findByDn(ALICE)!;
    const anonymous = ctxFor({ anonymous: true, dn: "", sid: "", bindName: "" });
    const admin = ctxFor(await lab.dir.bindSimple(ADMIN, Buffer.from(password("Administrator")), anonymous));
    await prependAces(
      { dir: lab.dir, admin, msol: admin, as: async () => admin },
      DAVE,
      `(A;;WP;;;${alice.sid})`,
    );
  });
  afterAll(async () => {
    await lab.srv.close();
    expect(lab.srv.internalErrors).toEqual([]);
  });

  for (const type of ["unicodePwd", UNICODE_PWD_OID, "unicodePwd;binary", `${UNICODE_PWD_OID};binary`]) {
    it(`Administrator's replace of ${type} changes dave's password, as by name; nothing stores it`, async () => {
      const pw = freshPassword();
      const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
        outcome(c.modify(DAVE, replace(type, quoted(pw)))),
      );
      expect(got).toEqual({ code: 0, message: "" });
      expect(await binds(lab.srv.ldapsUrl, DAVE, pw)).toBe(true);
      const e = lab.dir.findByDn(DAVE)!;
      expect(
        [...e.attrs.keys()].filter((k) => /^(unicodepwd|userpassword|cleartextpassword|[\d.]+)$/.test(k)),
      ).toEqual([]);
      // A reset is audited as 4724, never as a 5136 attribute change carrying a value.
      const events = lab.dir.audit({ id: [4724, 5136], targetSid: e.sid ?? "" });
      expect(events.at(-1)?.id).toBe(4724);
      expectNowhere(pw, lab.haystacks(DAVE));
    });

    it(`alice with Write Property on dave but no Reset Password gets 50 for ${type}, as by name`, async () => {
      const pw = freshPassword();
      const got = await asUser(lab.srv.ldapsUrl, ALICE, password("alice"), (c) =>
        outcome(c.modify(DAVE, replace(type, quoted(pw)))),
      );
      lab.expectKey(got, "INSUFF_ACCESS_RIGHTS_RESET");
      expect(await binds(lab.srv.ldapsUrl, DAVE, pw)).toBe(false);
      expectNowhere(pw, lab.haystacks(DAVE));
    });
  }

  for (const type of ["userPassword", USER_PASSWORD_OID, "userPassword;binary"]) {
    it(`${type} while fUserPwdSupport is off is refused (53), never stored in clear`, async () => {
      const pw = freshPassword();
      const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
        outcome(c.modify(DAVE, replace(type, Buffer.from(pw)))),
      );
      lab.expectKey(got, "USER_PASSWORD_NOT_A_PASSWORD");
      expect(lab.dir.findByDn(DAVE)!.attrs.has("userpassword")).toBe(false);
      expectNowhere(pw, lab.haystacks(DAVE));
    });
  }

  for (const type of ["clearTextPassword", "clearTextPassword;binary"]) {
    it(`${type} is no attribute on Windows (16); nothing stored`, async () => {
      const pw = freshPassword();
      const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
        outcome(c.modify(DAVE, replace(type, Buffer.from(pw, "utf16le")))),
      );
      lab.expectKey(got, "NO_SUCH_ATTRIBUTE", { attribute: "clearTextPassword" });
      expectNowhere(pw, lab.haystacks(DAVE));
    });
  }

  for (const type of ["dBCSPwd", "1.2.840.113556.1.4.55", "supplementalCredentials;binary"]) {
    it(`the secret attribute ${type} is the DC's own: 53`, async () => {
      const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
        outcome(c.modify(DAVE, replace(type, Buffer.from("0123456789abcdef")))),
      );
      lab.expectKey(got, "PASSWORD_SECRET_ATTRIBUTE");
    });
  }

  it("an add with unicodePwd by OID sets the new user's password, stores no cleartext", async () => {
    const pw = freshPassword();
    const dn = `CN=oiduser,OU=Sales,${BASE}`;
    const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
      outcome(
        c.add(dn, [
          new Attribute({ type: "objectClass", values: ["user"] }),
          new Attribute({ type: "sAMAccountName", values: ["oiduser"] }),
          new Attribute({ type: "1.2.840.113556.1.4.8", values: ["512"] }),
          new Attribute({ type: `${UNICODE_PWD_OID};binary`, values: [quoted(pw)] }),
        ]),
      ),
    );
    expect(got).toEqual({ code: 0, message: "" });
    expect(await binds(lab.srv.ldapsUrl, dn, pw)).toBe(true);
    expectNowhere(pw, lab.haystacks(dn));
  });

  it("with fUserPwdSupport on, userPassword by OID is a password write (reset) like by name", async () => {
    // dSHeuristics lives in the DC configuration until the configuration NC carries it.
    (lab.dir.dc.config as { userPasswordIsUnicodePwd: boolean }).userPasswordIsUnicodePwd = true;
    try {
      for (const type of ["userPassword", USER_PASSWORD_OID, "userPassword;binary"]) {
        const pw = freshPassword();
        const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
          outcome(c.modify(DAVE, replace(type, Buffer.from(pw)))),
        );
        expect(got, type).toEqual({ code: 0, message: "" });
        expect(await binds(lab.srv.ldapsUrl, DAVE, pw)).toBe(true);
        expectNowhere(pw, lab.haystacks(DAVE));
      }
    } finally {
      (lab.dir.dc.config as { userPasswordIsUnicodePwd: boolean }).userPasswordIsUnicodePwd = false;
    }
  });
});

describe("samba: names only in modify (as the container answers), clearTextPassword is a password", () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab("samba");
  });
  afterAll(async () => {
    await lab.srv.close();
    expect(lab.srv.internalErrors).toEqual([]);
  });

  for (const type of [UNICODE_PWD_OID, "unicodePwd;binary", USER_PASSWORD_OID, "clearTextPassword;binary"]) {
    it(`${type}: 16, "not found in the schema", password unchanged, nothing stored`, async () => {
      const pw = freshPassword();
      const value = type.startsWith("clear") ? Buffer.from(pw, "utf16le") : quoted(pw);
      const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
        outcome(c.modify(DAVE, replace(type, value))),
      );
      lab.expectKey(got, "UNDEFINED_ATTRIBUTE_TYPE_MODIFY", { dn: DAVE, attribute: type });
      expect(await binds(lab.srv.ldapsUrl, DAVE, pw)).toBe(false);
      expectNowhere(pw, lab.haystacks(DAVE));
    });
  }

  it("clearTextPassword (UTF-16LE, no quotes) sets the password; nothing stores it", async () => {
    const pw = freshPassword();
    const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
      outcome(c.modify(DAVE, replace("clearTextPassword", Buffer.from(pw, "utf16le")))),
    );
    expect(got.code).toBe(0);
    expect(await binds(lab.srv.ldapsUrl, DAVE, pw)).toBe(true);
    expectNowhere(pw, lab.haystacks(DAVE));
  });

  it("dBCSPwd: 53 with Samba's setup_io text", async () => {
    const got = await asUser(lab.srv.ldapsUrl, ADMIN, password("Administrator"), (c) =>
      outcome(c.modify(DAVE, replace("dBCSPwd", Buffer.from("0123456789abcdef")))),
    );
    expect(got).toEqual({
      code: 53,
      message: "00002035: setup_io: it's not allowed to set the LM hash password (dBCSPwd)'",
    });
  });
});
