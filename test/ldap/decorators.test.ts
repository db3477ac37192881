/** The request-handler decorators: access log (never a password) and fault injection. */
import { Attribute, Change, type Client } from "ldapts";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AccessLogRecord,
  accessLog,
  type FaultInjector,
  faultInjection,
} from "../../simulator/ldap/index.ts";
import { baseSearch, RawClient } from "./support/raw-client.ts";
import { makeDirectory, type RunningServer, startServer, withLdapts } from "./support/server-fixture.ts";
import { ALICE_DN, ALICE_PASSWORD, type StubDirectory, USERS_OU } from "./support/stub-directory.ts";

let dir: StubDirectory;
let srv: RunningServer;
let faults: FaultInjector;
const records: AccessLogRecord[] = [];

beforeAll(async () => {
  dir = makeDirectory();
  srv = await startServer(dir, {
    decorate: (core) => {
      faults = faultInjection(core);
      return accessLog(faults, { write: (r) => records.push(r) });
    },
  });
});
afterAll(async () => {
  await srv.close();
});
beforeEach(() => {
  faults.clear();
  records.length = 0;
});

const session = <T>(fn: (c: Client) => Promise<T>, url = srv.ldapsUrl) => withLdapts(url, fn);

describe("accessLog", () => {
  it("writes one record per operation with connection, message id, op, dn, result and etime", async () => {
    await session(async (c) => {
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      await c.search(ALICE_DN, { scope: "base" });
      await c.del(`CN=Nobody,${USERS_OU}`).catch(() => {});
    });
    // ldapts does not wait for anything after sending the unbind.
    await vi.waitFor(() => expect(records.some((r) => r.op === "unbind")).toBe(true));
    expect(records.map((r) => [r.op, r.dn, r.result])).toEqual([
      ["bind", ALICE_DN, 0],
      ["search", ALICE_DN, 0],
      ["delete", `CN=Nobody,${USERS_OU}`, 32],
      ["unbind", "", null],
    ]);
    const [bind, search, del] = records;
    expect(new Set(records.map((r) => r.conn)).size).toBe(1);
    expect(search.msgId).toBeGreaterThan(bind.msgId);
    expect(search.entries).toBe(1);
    expect(search.authzDn).toBe(ALICE_DN);
    expect(search.secure).toBe(true);
    expect(typeof search.etime).toBe("number");
    expect(del.message).toContain("NO_OBJECT");
  });

  it("never logs a password, in any encoding", async () => {
    const newPwd = "Sup3r-Secret-€";
    const encoded = Buffer.from(`"${newPwd}"`, "utf16le");
    await session(async (c) => {
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      await c.bind("CONTOSO\\alice", "Wr0ng-Secret").catch(() => {});
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      await c.modify(ALICE_DN, [
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "unicodePwd", values: [encoded] }),
        }),
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "userPassword", values: [newPwd] }),
        }),
      ]);
      await c.exop("1.3.6.1.4.1.4203.1.11.1", newPwd).catch(() => {});
    });
    const text = JSON.stringify(records);
    expect(records.some((r) => r.op === "modify")).toBe(true);
    for (const secret of [ALICE_PASSWORD, "Wr0ng-Secret", newPwd]) {
      for (const form of [
        secret,
        Buffer.from(secret).toString("base64"),
        Buffer.from(secret).toString("hex"),
        Buffer.from(`"${secret}"`, "utf16le").toString("base64"),
        Buffer.from(`"${secret}"`, "utf16le").toString("hex"),
        Buffer.from(`"${secret}"`, "utf16le").toString("latin1"),
      ]) {
        expect(text).not.toContain(form);
      }
    }
    const modify = records.find((r) => r.op === "modify")!;
    expect(modify.detail).toEqual({ changes: ["replace:unicodePwd", "replace:userPassword"] });
  });
});

describe("faultInjection", () => {
  it("answers a fixed result for matching operations without calling the directory", async () => {
    const result = {
      resultCode: 51,
      matchedDN: "",
      diagnosticMessage: "00002024: SvcErr: DSID-03200E8D, problem 5001 (BUSY), data 0\n",
    };
    faults.add({ op: "modify", dn: ALICE_DN, action: { kind: "result", result }, times: 1 });
    const before = dir.calls.length;
    const change = new Change({
      operation: "replace",
      modification: new Attribute({ type: "description", values: ["x"] }),
    });
    await session(async (c) => {
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      const e = (await c.modify(ALICE_DN, change).catch((x: unknown) => x)) as {
        code: number;
        message: string;
      };
      expect(e.code).toBe(51);
      expect(e.message).toContain(result.diagnosticMessage);
      await c.modify(ALICE_DN, change); // times: 1 — the next one goes through
    });
    expect(dir.calls.slice(before).map((c) => c.method)).toEqual(["bindSimple", "modify"]);
  });

  it("drops a response (the operation runs) and the connection goes on", async () => {
    faults.add({ op: "search", when: (req) => req.messageId === 1, action: { kind: "drop" } });
    const c = await RawClient.connect(srv.port);
    c.send(Buffer.concat([baseSearch(1, ALICE_DN), baseSearch(2, ALICE_DN)]));
    await c.until((x) => x.received.some((m) => m.messageId === 2 && m.tag === 0x65));
    expect(c.received.map((m) => m.messageId)).toEqual([2, 2]);
    expect(records.find((r) => r.msgId === 1)!.dropped).toBe(true);
    c.destroy();
  });

  it("closes the connection instead of answering", async () => {
    faults.add({ op: "search", action: { kind: "close" } });
    const c = await RawClient.connect(srv.port);
    c.send(baseSearch(1, ALICE_DN));
    await c.waitClosed();
    expect(c.received).toEqual([]);
  });

  it("delays matching operations and still answers them", async () => {
    faults.add({ op: "search", delayMs: 30 });
    const res = await session((c) => c.search(ALICE_DN, { scope: "base" }));
    expect(res.searchEntries).toHaveLength(1);
  });
});
