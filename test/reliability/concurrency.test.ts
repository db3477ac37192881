/**
 * Concurrency (issue 3, "Reliability"): 32 LDAPS clients reset and change the same users at once —
 * per user, four Administrator connections resetting and four of the user's own connections
 * changing (delete old + add new, with the newest password they know) — with minPwdAge 0.
 *
 * No lost updates, checked three ways, with no clock at all: the order of writes is the DC's own,
 * uSNChanged read before each write and after its acknowledgement on the same connection (a write
 * committed after `usnBefore` and no later than `usnAfter`):
 *  - every acknowledged write moves the user's uSNChanged: read before the write and after its
 *    acknowledgement on the same connection, the second is strictly greater, and per connection the
 *    values read after acknowledgements strictly increase;
 *  - the final password is the one of the last acknowledged write: exactly one acknowledged password
 *    binds, it belongs to a write no other acknowledged write certainly followed, and every other
 *    password (acknowledged earlier, or refused) fails with 52e;
 *  - the history holds the acknowledged passwords: a reset through the policy-hints control to any
 *    acknowledged password that is certainly among the last 24 committed (fewer than 24 writes can
 *    have come after it, by uSNChanged) is refused with the history violation; the final password
 *    always is.
 */
import { Attribute, Change, Client, Control, type ResultCodeError } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Directory } from "../../simulator/directory/index.ts";
import { CONTOSO_ACCOUNTS } from "../../simulator/worlds/contoso.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";
import { type RunningServer, startServer } from "../ldap/support/server-fixture.ts";

const BASE = "DC=contoso,DC=com";
const ADMIN_DN = `CN=Administrator,CN=Users,${BASE}`;
const USERS = [
  { name: "alice", dn: `CN=alice,OU=Staff,${BASE}` },
  { name: "frank", dn: `CN=frank,OU=Staff,${BASE}` },
  { name: "dave", dn: `CN=dave,OU=Sales,${BASE}` },
  { name: "bob", dn: `CN=bob,CN=Users,${BASE}` },
];
const RESETTERS_PER_USER = 4;
const CHANGERS_PER_USER = 4;
const WRITES_PER_CLIENT = 15;
const HISTORY_LENGTH = 24;

const initialPassword = (name: string) => CONTOSO_ACCOUNTS.find((a) => a.name === name)!.password;
const unicodePwd = (p: string) => Buffer.from(`"${p}"`, "utf16le");

type BerWriterArg = Parameters<Control["writeControl"]>[0];
/** Policy hints (MS-ADTS 3.1.1.3.4.1.35) with flags 1: enforce history and age on a reset. */
class PolicyHints extends Control {
  constructor() {
    super("1.2.840.113556.1.4.2239", { critical: true });
  }
  protected override writeControl(writer: BerWriterArg): void {
    writer.writeBuffer(Buffer.from("3003020101", "hex"), 0x04);
  }
}

interface Write {
  user: string;
  client: string;
  kind: "reset" | "change";
  password: string;
  /** The DC acknowledged it. */
  acked?: boolean;
  /** Result code when refused. */
  refused?: number;
  refusedMessage?: string;
  usnBefore: number;
  usnAfter?: number;
}

async function outcome(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
    return { code: 0, message: "" };
  } catch (e) {
    const err = e as ResultCodeError;
    if (typeof err.code !== "number") throw e;
    return { code: err.code, message: err.message };
  }
}

describe("32 LDAPS clients resetting and changing the same users at once", () => {
  let dir: Directory;
  let srv: RunningServer;
  const clients: Client[] = [];
  const writes: Write[] = [];
  /** The newest acknowledged password per user, as the changers learn it. */
  const newest = new Map<string, string>();
  const ldaps = () => {
    const c = new Client({ url: srv.ldapsUrl, tlsOptions: { rejectUnauthorized: false }, timeout: 30_000 });
    clients.push(c);
    return c;
  };
  const usnOf = async (c: Client, dn: string) => {
    const { searchEntries } = await c.search(dn, { scope: "base", attributes: ["uSNChanged"] });
    return Number(searchEntries[0].uSNChanged);
  };

  beforeAll(async () => {
    dir = createDirectory({ world: "contoso", personality: "windows" });
    srv = await startServer(dir);
    const admin = ldaps();
    await admin.bind(ADMIN_DN, initialPassword("Administrator"));
    // As the Samba observation matrix does: no minimum age, so back-to-back changes are allowed.
    await admin.modify(
      BASE,
      new Change({ operation: "replace", modification: new Attribute({ type: "minPwdAge", values: ["0"] }) }),
    );

    const workers: (() => Promise<void>)[] = [];
    let serial = 0;
    for (const u of USERS) {
      newest.set(u.name, initialPassword(u.name));
      for (let r = 0; r < RESETTERS_PER_USER + CHANGERS_PER_USER; r++) {
        const kind = r < RESETTERS_PER_USER ? "reset" : "change";
        const id = `${u.name}-${kind}-${r}`;
        const c = ldaps();
        if (kind === "reset") await c.bind(ADMIN_DN, initialPassword("Administrator"));
        else await c.bind(u.dn, initialPassword(u.name));
        workers.push(async () => {
          for (let i = 0; i < WRITES_PER_CLIENT; i++) {
            const password = `Cc#${String(++serial).padStart(5, "0")}xY${kind === "reset" ? "r" : "c"}`;
            const old = newest.get(u.name)!;
            const usnBefore = await usnOf(c, u.dn);
            const w: Write = {
              user: u.name,
              client: id,
              kind,
              password,
              usnBefore,
            };
            writes.push(w);
            const changes =
              kind === "reset"
                ? [
                    new Change({
                      operation: "replace",
                      modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(password)] }),
                    }),
                  ]
                : [
                    new Change({
                      operation: "delete",
                      modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(old)] }),
                    }),
                    new Change({
                      operation: "add",
                      modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(password)] }),
                    }),
                  ];
            const r = await outcome(c.modify(u.dn, changes));
            if (r.code === 0) {
              w.acked = true;
              newest.set(u.name, password);
              w.usnAfter = await usnOf(c, u.dn);
            } else {
              w.refused = r.code;
              w.refusedMessage = r.message;
            }
          }
        });
      }
    }
    expect(clients).toHaveLength(1 + USERS.length * (RESETTERS_PER_USER + CHANGERS_PER_USER));
    await Promise.all(workers.map((w) => w()));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.unbind().catch(() => {})));
    await srv?.close();
  });

  const acked = (user: string) => writes.filter((w) => w.user === user && w.acked);
  /** x certainly committed after w: x read uSNChanged only once w's commit was visible. */
  const certainlyAfter = (x: Write, w: Write) => x.usnBefore >= w.usnAfter!;

  it("ran 32 concurrent writers; every reset was acknowledged, and a change was refused only for a stale old password", () => {
    expect(clients.length - 1).toBe(32);
    expect(srv.internalErrors).toEqual([]);
    const wrongOld = dir.personality.error("PASSWORD_WRONG_OLD", { dn: "" });
    for (const w of writes) {
      if (w.kind === "reset") expect(w.refused, `${w.client}: reset refused`).toBeUndefined();
      else if (w.refused !== undefined) {
        expect(w.refused).toBe(wrongOld.resultCode);
        expect(w.refusedMessage).toContain(wrongOld.diagnosticMessage);
      }
    }
    for (const u of USERS) {
      expect(
        acked(u.name).filter((w) => w.kind === "change").length,
        `${u.name}: no change landed`,
      ).toBeGreaterThan(0);
    }
  });

  it("every acknowledged write shows in uSNChanged, in order per connection", () => {
    const lastSeen = new Map<string, number>();
    for (const w of writes) {
      if (!w.acked) continue;
      expect(w.usnAfter!, `${w.client}: write left uSNChanged unmoved`).toBeGreaterThan(w.usnBefore);
      const prev = lastSeen.get(w.client);
      if (prev !== undefined) expect(w.usnAfter!).toBeGreaterThan(prev);
      lastSeen.set(w.client, w.usnAfter!);
    }
  });

  it("the final password is the last acknowledged write's; every other one fails with 52e", async () => {
    const probe = ldaps();
    for (const u of USERS) {
      const mine = writes.filter((w) => w.user === u.name);
      const candidates = [initialPassword(u.name), ...mine.map((w) => w.password)];
      const binding: string[] = [];
      for (const p of candidates) {
        const r = await outcome(probe.bind(u.dn, p));
        if (r.code === 0) binding.push(p);
        else {
          expect(r.code).toBe(49);
          expect(r.message).toContain("data 52e");
        }
      }
      expect(binding, `${u.name}: exactly one password binds`).toHaveLength(1);
      const final = mine.find((w) => w.password === binding[0]);
      expect(final?.acked, `${u.name}: the binding password was acknowledged`).toBe(true);
      // No acknowledged write certainly came after the final one: it is a last write.
      const later = acked(u.name).filter((w) => w !== final && certainlyAfter(w, final!));
      expect(later.map((w) => w.client)).toEqual([]);
    }
  });

  it("the history holds every acknowledged password among the last 24: a hinted reset to it is refused", async () => {
    const admin = ldaps();
    await admin.bind(ADMIN_DN, initialPassword("Administrator"));
    for (const u of USERS) {
      const done = acked(u.name);
      // Certainly among the last 24 committed: fewer than 24 other writes can have come after it (a
      // write x certainly came before w when x's uSNChanged after was visible before w started).
      const recent = done.filter(
        (w) => done.filter((x) => x !== w && !(x.usnAfter! <= w.usnBefore)).length < HISTORY_LENGTH,
      );
      // The newest password qualifies: only the other connections' writes overlapping its own
      // request (the DC answers each connection's requests in turn) are not certainly before it.
      const newestUsn = Math.max(...done.map((w) => w.usnAfter!));
      expect(
        recent.some((w) => w.usnAfter === newestUsn),
        `${u.name}: the final write`,
      ).toBe(true);
      const history = dir.personality.error("CONSTRAINT_PASSWORD_HISTORY", { dn: u.dn });
      const previous = dir.personality.error("CONSTRAINT_PASSWORD_PREVIOUS", { dn: u.dn });
      for (const w of recent) {
        const r = await outcome(
          admin.modify(
            u.dn,
            new Change({
              operation: "replace",
              modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(w.password)] }),
            }),
            new PolicyHints(),
          ),
        );
        expect(r.code, `${u.name}: hinted reset to an acknowledged password`).toBe(history.resultCode);
        expect(
          r.message.includes(history.diagnosticMessage) || r.message.includes(previous.diagnosticMessage),
          `${u.name}: ${r.message}`,
        ).toBe(true);
      }
      // The control itself: a hinted reset to a password never used is accepted.
      const fresh = await outcome(
        admin.modify(
          u.dn,
          new Change({
            operation: "replace",
            modification: new Attribute({
              type: "unicodePwd",
              values: [unicodePwd(`Fresh#${u.name.length}-9Zz`)],
            }),
          }),
          new PolicyHints(),
        ),
      );
      expect(fresh.code).toBe(0);
    }
  });
});
