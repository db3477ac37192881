/**
 * The write pipeline seen from the wire (issue 8 item 1), with ldapts over LDAPS against the real
 * directory: deletes leave tombstones that only the show-deleted control shows, every originating
 * write stamps per-attribute replication metadata read back as msDS-ReplAttributeMetaData, and every
 * committed write appends one change-log entry, in commit order.
 */
import { Attribute, Change, Client, Control, type Entry as LdapEntry } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Directory } from "../../simulator/directory/index.ts";
import { sdFlagsControl } from "../../simulator/ldap-client/controls.ts";
import type { ErrorKey, MessageArgs } from "../../simulator/personality/catalogue.ts";
import { CONTOSO_ACCOUNTS, createDirectory } from "../../simulator/worlds/index.ts";
import { type RunningServer, startServer } from "./support/server-fixture.ts";

const BASE = "DC=contoso,DC=com";
const ADMIN = `CN=Administrator,CN=Users,${BASE}`;
const SALES = `OU=Sales,${BASE}`;
const SHOW_DELETED = () => new Control("1.2.840.113556.1.4.417", { critical: true });
const password = (name: string) => CONTOSO_ACCOUNTS.find((a) => a.name === name)!.password;
const str = (e: LdapEntry, a: string): string[] => {
  const v = e[a];
  return v === undefined
    ? []
    : (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString() : x));
};

let dir: Directory;
let srv: RunningServer;
let admin: Client;

beforeAll(async () => {
  dir = createDirectory({ world: "contoso", personality: "windows" });
  srv = await startServer(dir);
  admin = new Client({ url: srv.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
  await admin.bind(ADMIN, password("Administrator"));
});
afterAll(async () => {
  await admin.unbind();
  await srv.close();
  expect(srv.internalErrors).toEqual([]);
});

async function addUser(cn: string, extra: Attribute[] = []): Promise<string> {
  const dn = `CN=${cn},${SALES}`;
  await admin.add(dn, [
    new Attribute({ type: "objectClass", values: ["user"] }),
    new Attribute({ type: "sAMAccountName", values: [cn] }),
    ...extra,
  ]);
  return dn;
}

async function failure(p: Promise<unknown>, key: ErrorKey, args: MessageArgs): Promise<void> {
  const want = dir.personality.result(key, args);
  try {
    await p;
  } catch (e) {
    const err = e as { code: number; message: string };
    expect({ key, code: err.code, message: err.message.replace(/ Code: 0x[0-9a-f]+$/, "") }).toEqual({
      key,
      code: want.resultCode,
      message: want.diagnosticMessage,
    });
    return;
  }
  throw new Error(`expected ${key}`);
}

describe("tombstones (MS-ADTS 3.1.1.5.5) over LDAP", () => {
  it("a deleted user is hidden without show-deleted and a tombstone with it", async () => {
    const dn = await addUser("gone", [new Attribute({ type: "description", values: ["soon deleted"] })]);
    const group = `CN=Domain Guests,CN=Users,${BASE}`;
    await admin.modify(
      group,
      new Change({ operation: "add", modification: new Attribute({ type: "member", values: [dn] }) }),
    );
    const live = (await admin.search(dn, { scope: "base", attributes: ["objectGUID", "objectSid"] }))
      .searchEntries[0];
    const guid = dir.findByDn(dn)!.guid;

    await admin.del(dn);

    // Without the control: gone by DN, by subtree search, and from the group.
    await failure(admin.search(dn, { scope: "base" }), "NO_OBJECT_SEARCH_BASE", { dn, bestMatch: SALES });
    const sub = await admin.search(BASE, { scope: "sub", filter: "(sAMAccountName=gone)" });
    expect(sub.searchEntries).toEqual([]);
    const members = (await admin.search(group, { scope: "base", attributes: ["member"] })).searchEntries[0];
    expect(str(members, "member")).not.toContain(dn);

    // With it: the tombstone, renamed and moved to CN=Deleted Objects, most attributes stripped.
    const found = await admin.search(
      BASE,
      {
        scope: "sub",
        filter: "(sAMAccountName=gone)",
        attributes: ["*", "isDeleted", "isRecycled", "lastKnownParent", "objectCategory", "description"],
      },
      SHOW_DELETED(),
    );
    expect(found.searchEntries).toHaveLength(1);
    const t = found.searchEntries[0];
    expect(t.dn).toBe(`CN=gone\\0ADEL:${guid},CN=Deleted Objects,${BASE}`);
    expect(str(t, "isDeleted")).toEqual(["TRUE"]);
    expect(str(t, "isRecycled")).toEqual(["TRUE"]);
    expect(str(t, "lastKnownParent")).toEqual([SALES]);
    expect(str(t, "name")).toEqual([`gone\nDEL:${guid}`]);
    expect(str(t, "sAMAccountName")).toEqual(["gone"]);
    expect(t.objectSid).toEqual(live.objectSid);
    expect(t.objectGUID).toEqual(live.objectGUID);
    expect(str(t, "description")).toEqual([]);
    expect(str(t, "objectCategory")).toEqual([]);
    expect(str(t, "userPrincipalName")).toEqual([]);

    // By GUID: a tombstone only with the control.
    const byGuid = await admin.search(
      `<GUID=${guid}>`,
      { scope: "base", attributes: ["isDeleted"] },
      SHOW_DELETED(),
    );
    expect(str(byGuid.searchEntries[0], "isDeleted")).toEqual(["TRUE"]);
    // The container itself is deleted too, so it also needs the control.
    await failure(admin.search(`CN=Deleted Objects,${BASE}`, { scope: "base" }), "NO_OBJECT_SEARCH_BASE", {
      dn: `CN=Deleted Objects,${BASE}`,
      bestMatch: BASE,
    });
    // The name is free again: a new object may take it.
    await addUser("gone");
  });

  it("a tree delete leaves a tombstone per object; a tombstone cannot be modified or deleted again", async () => {
    const ou = `OU=Doomed,${BASE}`;
    await admin.add(ou, [new Attribute({ type: "objectClass", values: ["organizationalUnit"] })]);
    await admin.add(`CN=inside,${ou}`, [
      new Attribute({ type: "objectClass", values: ["user"] }),
      new Attribute({ type: "sAMAccountName", values: ["inside"] }),
    ]);
    await admin.del(ou, new Control("1.2.840.113556.1.4.805", { critical: true }));
    const found = await admin.search(
      `CN=Deleted Objects,${BASE}`,
      { scope: "one", filter: "(|(name=Doomed*)(name=inside*))", attributes: ["lastKnownParent"] },
      SHOW_DELETED(),
    );
    expect(found.searchEntries.map((e) => str(e, "lastKnownParent")[0]).sort()).toEqual([BASE, ou].sort());
    await failure(admin.del(`CN=inside,${ou}`), "NO_OBJECT", { dn: `CN=inside,${ou}`, bestMatch: BASE });
  });
});

/** msDS-ReplAttributeMetaData values parsed: attribute → { version, usn, localUsn, invocationId, dsa }. */
function parseMeta(values: string[]) {
  const out = new Map<
    string,
    { version: number; usn: number; localUsn: number; invocationId: string; dsa: string; time: string }
  >();
  for (const v of values) {
    const tag = (t: string) => new RegExp(`<${t}>([^<]*)</${t}>`).exec(v)?.[1] ?? "";
    expect(v.startsWith("<DS_REPL_ATTR_META_DATA>\n\t<pszAttributeName>")).toBe(true);
    expect(v.endsWith("</DS_REPL_ATTR_META_DATA>\n\0")).toBe(true);
    out.set(tag("pszAttributeName"), {
      version: Number(tag("dwVersion")),
      usn: Number(tag("usnOriginatingChange")),
      localUsn: Number(tag("usnLocalChange")),
      invocationId: tag("uuidLastOriginatingDsaInvocationID"),
      dsa: tag("pszLastOriginatingDsaDN"),
      time: tag("ftimeLastOriginatingChange"),
    });
  }
  return out;
}

describe("replication metadata (msDS-ReplAttributeMetaData) over LDAP", () => {
  it("counts versions and USNs of one attribute written several times, as AD does", async () => {
    const dn = await addUser("meta", [new Attribute({ type: "description", values: ["one"] })]);
    const read = async () =>
      (
        await admin.search(dn, {
          scope: "base",
          attributes: ["msDS-ReplAttributeMetaData", "uSNCreated", "uSNChanged"],
        })
      ).searchEntries[0];
    const created = await read();
    const usnCreated = Number(str(created, "uSNCreated")[0]);
    const replace = (v: string) =>
      admin.modify(
        dn,
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "description", values: [v] }),
        }),
      );
    await replace("two");
    const afterTwo = Number(str(await read(), "uSNChanged")[0]);
    await dir.clock.advance(90_000);
    await replace("three");
    await replace("three"); // the same value again: no originating change (no version, no USN)
    const afterThree = Number(str(await read(), "uSNChanged")[0]);
    await admin.modify(
      dn,
      new Change({ operation: "delete", modification: new Attribute({ type: "description" }) }),
    );
    const last = await read();
    const usnDeleted = Number(str(last, "uSNChanged")[0]);

    const meta = parseMeta(str(last, "msDS-ReplAttributeMetaData"));
    expect(afterTwo).toBeGreaterThan(usnCreated);
    expect(afterThree).toBeGreaterThan(afterTwo);
    expect(usnDeleted).toBeGreaterThan(afterThree);
    // Created (1), replaced twice (2, 3), removed (4): a removed attribute keeps its metadata.
    expect(meta.get("description")).toMatchObject({ version: 4, usn: usnDeleted, localUsn: usnDeleted });
    // Untouched attributes keep the creation stamp.
    expect(meta.get("objectClass")).toMatchObject({ version: 1, usn: usnCreated, localUsn: usnCreated });
    expect(meta.get("sAMAccountName")).toMatchObject({ version: 1, usn: usnCreated });
    // Non-replicated attributes have none (FLAG_ATTR_NOT_REPLICATED).
    for (const n of ["uSNChanged", "uSNCreated", "whenChanged", "objectGUID", "badPwdCount", "lastLogon"])
      expect(meta.has(n), n).toBe(false);
    const dc = dir.dc;
    for (const m of meta.values()) {
      expect(m.invocationId).toBe(dc.invocationId);
      expect(m.dsa).toBe(dc.dsServiceName);
      expect(m.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    // Attribute-ID order, as AD lists replPropertyMetaData: objectClass (0x0) before description (0xd).
    const names = [...meta.keys()];
    expect(names.indexOf("objectClass")).toBeLessThan(names.indexOf("description"));
  });

  it("a password reset stamps unicodePwd and pwdLastSet; a failed bind stamps nothing", async () => {
    const dn = await addUser("pw", [new Attribute({ type: "userAccountControl", values: ["512"] })]);
    const usnOf = async () =>
      Number(
        str(
          (await admin.search(dn, { scope: "base", attributes: ["uSNChanged"] })).searchEntries[0],
          "uSNChanged",
        )[0],
      );
    await admin.modify(
      dn,
      new Change({
        operation: "replace",
        modification: new Attribute({
          type: "unicodePwd",
          values: [Buffer.from('"Meta!Passw0rd1"', "utf16le")],
        }),
      }),
    );
    const afterReset = await usnOf();
    const bad = new Client({ url: srv.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
    await bad.bind(dn, "wrong").catch(() => {});
    await bad.unbind();
    expect(await usnOf()).toBe(afterReset); // badPwdCount does not replicate: no USN
    const meta = parseMeta(
      str(
        (await admin.search(dn, { scope: "base", attributes: ["msDS-ReplAttributeMetaData"] }))
          .searchEntries[0],
        "msDS-ReplAttributeMetaData",
      ),
    );
    expect(meta.get("unicodePwd")).toMatchObject({ version: 2, usn: afterReset });
    expect(meta.get("pwdLastSet")).toMatchObject({ version: 2, usn: afterReset });
    expect(meta.has("badPwdCount")).toBe(false);
  });
});

describe("change log: one entry per committed write, in commit order", () => {
  it("add, modify, modrdn, delete, logon, sdprop, sd-propagation and a restore", async () => {
    const log = dir.changeLog;
    const seen: string[] = [];
    const stop = log.subscribe((e) => seen.push(`${e.seq}:${e.kind}`));
    const mark = log.lastSeq;
    const snapshot = dir.snapshot();

    const dn = await addUser("logged", [new Attribute({ type: "description", values: ["x"] })]);
    await admin.modify(
      dn,
      new Change({
        operation: "replace",
        modification: new Attribute({ type: "description", values: ["y"] }),
      }),
    );
    await admin.modifyDN(dn, `CN=logged2,${SALES}`);
    const bad = new Client({ url: srv.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
    await bad.bind(`CN=logged2,${SALES}`, "wrong").catch(() => {});
    await bad.unbind();
    await admin.del(`CN=logged2,${SALES}`);
    // An OU's DACL write: the modify, then the propagation below it.
    const staff = dir.findByDn(`OU=Staff,${BASE}`)!;
    const { encodeSecurityDescriptor } = await import("../../simulator/security/binary-codec.ts");
    await admin.modify(
      `OU=Staff,${BASE}`,
      new Change({
        operation: "replace",
        modification: new Attribute({
          type: "nTSecurityDescriptor",
          values: [
            encodeSecurityDescriptor({
              ...staff.sd,
              dacl: {
                revision: 4,
                aces: [
                  { kind: "known", type: 0, flags: 0x02, mask: 0x20, sid: "S-1-5-11" } as never,
                  ...(staff.sd.dacl?.aces ?? []),
                ],
              },
            }),
          ],
        }),
      }),
      sdFlagsControl(4),
    );
    await admin.modify(
      `CN=Domain Admins,CN=Users,${BASE}`,
      new Change({
        operation: "add",
        modification: new Attribute({ type: "member", values: [`CN=dave,${SALES}`] }),
      }),
    );
    dir.runSdProp();

    const entries = log.since(mark);
    expect(entries.map((e) => e.kind)).toEqual([
      "add",
      "modify",
      "modrdn",
      "logon",
      "delete",
      "modify",
      "sd-propagation",
      "modify",
      "sdprop",
    ]);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => mark + 1 + i));
    expect(seen).toEqual(entries.map((e) => `${e.seq}:${e.kind}`));
    const [add, mod, rename, logon, del] = entries;
    expect(add.objects[0]).toMatchObject({ dn, change: "added" });
    expect(mod.objects[0]).toMatchObject({ dn, change: "modified", attributes: ["description"] });
    expect(rename.objects[0]).toMatchObject({ dn: `CN=logged2,${SALES}`, oldDn: dn, change: "moved" });
    expect(logon.objects[0]).toMatchObject({ change: "modified", usn: 0 });
    expect(del.objects[0]).toMatchObject({ change: "deleted", oldDn: `CN=logged2,${SALES}` });
    expect(del.objects[0].dn).toContain("CN=Deleted Objects");
    expect(entries[6].objects.every((o) => o.usn === 0)).toBe(true); // propagation is local
    expect(entries[8].objects.map((o) => o.dn)).toContain(`CN=dave,${SALES}`);
    for (const e of entries.slice(0, 2)) expect(e.highestUsn).toBe(e.objects[0].usn);

    dir.restore(snapshot);
    expect(log.since(mark).map((e) => e.kind)).toEqual(["reset"]);
    expect(seen.at(-1)).toMatch(/:reset$/);
    stop();
  });
});

describe("--state keeps what the pipeline wrote", () => {
  it("a reloaded directory has the tombstones and the replication stamps", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { systemContext } = await import("../../simulator/directory/index.ts");
    const statePath = join(mkdtempSync(join(tmpdir(), "wbsim-pipeline-state-")), "dc.json");
    const a = createDirectory({ world: "contoso", personality: "windows", statePath });
    const ctx = systemContext();
    const dn = `CN=kept,${SALES}`;
    await a.add(
      dn,
      [
        { type: "objectClass", values: [Buffer.from("user")] },
        { type: "sAMAccountName", values: [Buffer.from("kept")] },
        { type: "description", values: [Buffer.from("one")] },
      ],
      ctx,
    );
    await a.modify(
      dn,
      [{ operation: "replace", modification: { type: "description", values: [Buffer.from("two")] } }],
      ctx,
    );
    const guid = a.findByDn(dn)!.guid;
    const stamp = a.findByDn(dn)!.meta?.get("description");
    await a.delete(`CN=dave,${SALES}`, ctx);

    const b = createDirectory({ world: "contoso", personality: "windows", statePath });
    expect(b.findByDn(dn)?.meta?.get("description")).toEqual(stamp);
    expect(stamp?.version).toBe(2);
    expect(b.findByGuid(guid)?.dn).toBe(dn);
    expect(b.findByDn(`CN=dave,${SALES}`)).toBeUndefined();
    const tomb = b.dc.resolve(`CN=Deleted Objects,${BASE}`, { showDeleted: true });
    expect(tomb).toBeDefined();
    expect(
      [...(b.dc.store.childrenOf(tomb!.ndn) ?? [])].some((n) =>
        n.toLowerCase().startsWith("cn=dave\\0adel:"),
      ),
    ).toBe(true);
  });
});
