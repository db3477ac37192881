/** Every operation through ldapts, asserting what reaches the directory and what comes back. */
import {
  Attribute,
  AuthMethodNotSupportedError,
  Change,
  type Client,
  Control,
  type ResultCodeError,
} from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectoryError } from "../../simulator/directory/api.ts";
import { makeDirectory, type RunningServer, startServer, withLdapts } from "./support/server-fixture.ts";
import {
  ALICE_DN,
  ALICE_GUID,
  ALICE_PASSWORD,
  BASE_DN,
  PAGED_COUNT,
  PAGED_OU,
  type StubDirectory,
  USERS_OU,
} from "./support/stub-directory.ts";

let dir: StubDirectory;
let srv: RunningServer;

beforeAll(async () => {
  dir = makeDirectory();
  srv = await startServer(dir);
});
afterAll(async () => {
  await srv.close();
});

const session = <T>(fn: (c: Client) => Promise<T>, url = srv.ldapUrl) => withLdapts(url, fn);

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as ResultCodeError,
  );

/** "Pässw0rd€" in quotes, UTF-16LE, as AD wants unicodePwd (MS-ADTS 3.1.1.3.1.5.1). */
const UNICODE_PWD = Buffer.from('"Pässw0rd€"', "utf16le");
/** A self-relative SD header followed by every byte value: any re-encoding would show. */
const BINARY_SD = Buffer.concat([
  Buffer.from([0x01, 0x00, 0x04, 0x8c]),
  Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)),
]);

describe("bind", () => {
  it("answers a SASL bind with the catalogue's authMethodNotSupported and keeps the connection", async () => {
    await session(async (c) => {
      const e = await failure(c.bindSASL("PLAIN", "alice\0secret"));
      expect(e).toBeInstanceOf(AuthMethodNotSupportedError);
      expect(e!.code).toBe(7);
      expect(e!.message).toContain(dir.protocolErrors.saslNotSupported("PLAIN").diagnosticMessage);
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      const res = await c.search(ALICE_DN, { scope: "base" });
      expect(res.searchEntries).toHaveLength(1);
    });
  });

  it("a failed bind makes the connection anonymous again", async () => {
    await session(async (c) => {
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      await failure(c.bind(ALICE_DN, "nope"));
      await c.search(BASE_DN, { scope: "base" });
      expect(dir.lastCall("search")!.ctx.identity.anonymous).toBe(true);
    });
  });
});

describe("search", () => {
  it("passes *, + and 1.1 through and returns no attributes for 1.1", async () => {
    await session(async (c) => {
      const none = await c.search(ALICE_DN, { scope: "base", attributes: ["1.1"] });
      expect(dir.lastCall("search")!.request!.attributes).toEqual(["1.1"]);
      // ldapts lists requested names as empty attributes; no values may arrive.
      const withValues = Object.entries(none.searchEntries[0]).filter(
        ([k, v]) => k !== "dn" && (v as unknown[]).length > 0,
      );
      expect(withValues).toEqual([]);
      await c.search(ALICE_DN, { scope: "base", attributes: ["*", "+"] });
      expect(dir.lastCall("search")!.request!.attributes).toEqual(["*", "+"]);
    });
  });

  it("hands an extended-DN base <GUID=…> to the directory untouched", async () => {
    const res = await session((c) => c.search(`<GUID=${ALICE_GUID}>`, { scope: "base" }));
    expect(dir.lastCall("search")!.request!.baseObject).toBe(`<GUID=${ALICE_GUID}>`);
    expect(res.searchEntries[0].dn).toBe(ALICE_DN);
    await session((c) => c.search(`<SID=S-1-5-21-1-2-3-1105>`, { scope: "base" })).catch(() => {});
    expect(dir.lastCall("search")!.request!.baseObject).toBe("<SID=S-1-5-21-1-2-3-1105>");
    await session((c) =>
      c.search(`<WKGUID=a9d1ca15768811d1aded00c04fd8d5cd,${BASE_DN}>`, { scope: "base" }),
    ).catch(() => {});
    expect(dir.lastCall("search")!.request!.baseObject).toBe(
      `<WKGUID=a9d1ca15768811d1aded00c04fd8d5cd,${BASE_DN}>`,
    );
  });

  it("decodes complex filters including AD matching rules", async () => {
    const res = await session((c) =>
      c.search(PAGED_OU, {
        scope: "one",
        filter:
          "(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2))(|(cn=Paged0*)(cn=*9)))",
      }),
    );
    expect(res.searchEntries.map((e) => e.cn).sort()).toEqual(["Paged01", "Paged03", "Paged05", "Paged07"]);
    const f = dir.lastCall("search")!.request!.filter;
    expect(f).toMatchObject({
      type: "and",
      filters: [
        { type: "equality", attribute: "objectClass" },
        {
          type: "not",
          filter: {
            type: "extensible",
            matchingRule: "1.2.840.113556.1.4.803",
            attribute: "userAccountControl",
            value: Buffer.from("2"),
            dnAttributes: false,
          },
        },
        { type: "or" },
      ],
    });
  });

  it("returns sizeLimitExceeded with the entries that fit", async () => {
    // ldapts accepts sizeLimitExceeded (4) as a normal end when it asked for a limit.
    const res = await session((c) => c.search(PAGED_OU, { scope: "one", sizeLimit: 2 }));
    expect(res.searchEntries).toHaveLength(2);
    expect(dir.lastCall("search")!.request!.sizeLimit).toBe(2);
  });

  it("pages a search across three pages with ldapts and one directory search", async () => {
    const before = dir.calls.filter((c) => c.method === "search").length;
    const pages: string[][] = [];
    await session(async (c) => {
      for await (const page of c.searchPaginated(PAGED_OU, { scope: "one", paged: { pageSize: 3 } })) {
        pages.push(page.searchEntries.map((e) => e.dn));
      }
    });
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(new Set(pages.flat()).size).toBe(PAGED_COUNT);
    expect(dir.calls.filter((c) => c.method === "search").length - before).toBe(1);
  });

  it("refuses an unknown critical control with unavailableCriticalExtension before the directory runs", async () => {
    const before = dir.calls.length;
    const e = await failure(
      session((c) => c.search(BASE_DN, { scope: "base" }, new Control("1.2.3.4.5.6", { critical: true }))),
    );
    expect(e!.code).toBe(12);
    expect(e!.message).toContain(
      dir.protocolErrors.unavailableCriticalExtension("1.2.3.4.5.6").diagnosticMessage,
    );
    expect(dir.calls.length).toBe(before);
    // Non-critical unknown controls are ignored.
    await session((c) => c.search(BASE_DN, { scope: "base" }, new Control("1.2.3.4.5.6")));
  });

  it("delivers a directory error's diagnostic message and matchedDN exactly", async () => {
    const e = await failure(session((c) => c.search(`CN=Nobody,${USERS_OU}`, { scope: "base" })));
    expect(e!.code).toBe(32);
    expect(e!.message).toContain(
      `0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${BASE_DN}'\n`,
    );
  });
});

describe("updates", () => {
  it("refuses a password write on a plain connection, accepts it after StartTLS, with the bytes intact", async () => {
    await session(async (c) => {
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      const change = new Change({
        operation: "replace",
        modification: new Attribute({ type: "unicodePwd", values: [UNICODE_PWD] }),
      });
      const e = await failure(c.modify(ALICE_DN, change));
      expect(e!.code).toBe(53);
      expect(e!.message).toContain(
        "0000001F: SvcErr: DSID-031A126C, problem 5003 (WILL_NOT_PERFORM), data 0\n",
      );
      expect(dir.lastCall("modify")!.ctx.secure).toBe(false);
      await c.startTLS({ rejectUnauthorized: false });
      await c.modify(ALICE_DN, change);
      const call = dir.lastCall("modify")!;
      expect(call.ctx.secure).toBe(true);
      expect(call.ctx.identity.dn).toBe(ALICE_DN);
      expect(call.changes![0].operation).toBe("replace");
      expect(call.changes![0].modification.type).toBe("unicodePwd");
      expect(call.changes![0].modification.values[0].equals(UNICODE_PWD)).toBe(true);
      // A second StartTLS is refused with the catalogue's message; the TLS session keeps working.
      const again = await failure(c.exop("1.3.6.1.4.1.1466.20037"));
      expect(again!.message).toContain("TLS is already active");
      await c.search(ALICE_DN, { scope: "base" });
    });
  });

  it("delivers a binary security descriptor byte for byte over LDAPS", async () => {
    await session(async (c) => {
      await c.bind("alice@contoso.com", ALICE_PASSWORD);
      await c.modify(ALICE_DN, [
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "nTSecurityDescriptor", values: [BINARY_SD] }),
        }),
        new Change({
          operation: "delete",
          modification: new Attribute({ type: "unicodePwd", values: [Buffer.from('"old"', "utf16le")] }),
        }),
        new Change({
          operation: "add",
          modification: new Attribute({ type: "unicodePwd", values: [UNICODE_PWD] }),
        }),
      ]);
      const call = dir.lastCall("modify")!;
      expect(call.ctx.secure).toBe(true);
      expect(call.changes!.map((ch) => ch.operation)).toEqual(["replace", "delete", "add"]);
      expect(call.changes![0].modification.values[0].equals(BINARY_SD)).toBe(true);
      expect(call.changes![2].modification.values[0].equals(UNICODE_PWD)).toBe(true);
      const res = await c.search(ALICE_DN, {
        scope: "base",
        attributes: ["nTSecurityDescriptor"],
        explicitBufferAttributes: ["nTSecurityDescriptor"],
      });
      expect((res.searchEntries[0].nTSecurityDescriptor as Buffer).equals(BINARY_SD)).toBe(true);
    }, srv.ldapsUrl);
  });

  it("add keeps the client's attribute case and binary values; compare, modifyDN and delete", async () => {
    const sid = Buffer.from("010500000000000515000000a1b2c3d4", "hex");
    const dn = `CN=Temp,${USERS_OU}`;
    await session(async (c) => {
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      await c.add(dn, [
        new Attribute({ type: "objectClass", values: ["top", "user"] }),
        new Attribute({ type: "sAMAccountName", values: ["temp"] }),
        new Attribute({ type: "objectSid", values: [sid] }),
      ]);
      const call = dir.lastCall("add")!;
      expect(call.attributes!.map((a) => a.type)).toEqual(["objectClass", "sAMAccountName", "objectSid"]);
      expect(call.attributes![2].values[0].equals(sid)).toBe(true);
      expect(await c.compare(dn, "sAMAccountName", "temp")).toBe(true);
      expect(await c.compare(dn, "sAMAccountName", "other")).toBe(false);
      await c.modifyDN(dn, `CN=Temp2,${USERS_OU}`);
      expect(dir.get(`CN=Temp2,${USERS_OU}`)).toBeDefined();
      await c.del(`CN=Temp2,${USERS_OU}`);
      expect(dir.get(`CN=Temp2,${USERS_OU}`)).toBeUndefined();
      const e = await failure(c.del(`CN=Temp2,${USERS_OU}`));
      expect(e!.code).toBe(32);
    });
  });

  it("passes extended operations to the directory and returns its value", async () => {
    await session(async (c) => {
      await c.bind("CONTOSO\\alice", ALICE_PASSWORD);
      const who = await c.exop("1.3.6.1.4.1.4203.1.11.3");
      expect(who.value).toBe("u:CONTOSO\\alice");
      const e = await failure(c.exop("1.2.3.99"));
      expect(e!.message).toContain(
        dir.protocolErrors.unsupportedExtendedOperation("1.2.3.99").diagnosticMessage,
      );
    });
  });

  it("turns a non-directory exception into other (80) without the exception's text", async () => {
    dir.failures.set("delete:*", new TypeError("secret internals"));
    try {
      const e = await failure(session((c) => c.del(`CN=Whatever,${USERS_OU}`)));
      expect(e!.code).toBe(80);
      expect(e!.message).not.toContain("secret internals");
      expect(srv.internalErrors.length).toBeGreaterThan(0);
    } finally {
      dir.failures.delete("delete:*");
    }
    srv.internalErrors.length = 0;
  });

  it("delivers every field of a thrown DirectoryError", async () => {
    const msg = "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n";
    dir.failures.set(`modify:${ALICE_DN.toLowerCase()}`, new DirectoryError("INSUFF_ACCESS_RIGHTS", 50, msg));
    try {
      const e = await failure(
        session((c) =>
          c.modify(
            ALICE_DN,
            new Change({
              operation: "replace",
              modification: new Attribute({ type: "description", values: ["x"] }),
            }),
          ),
        ),
      );
      expect(e!.code).toBe(50);
      expect(e!.message).toContain(msg);
    } finally {
      dir.failures.clear();
    }
  });
});
