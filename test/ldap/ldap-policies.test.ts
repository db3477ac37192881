/**
 * AD's LDAP policies (MS-ADTS 3.1.1.3.4.6, KB 315071) over real sockets against the simulated DC:
 * each limit gives AD's answer, and a healthy client keeps being served meanwhile.
 */
import { Attribute, Change, Client } from "ldapts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Directory } from "../../simulator/directory/index.ts";
import { LDAP_POLICY_DEFAULTS } from "../../simulator/directory/ldap-policy.ts";
import { createLdapServer, type LdapServer } from "../../simulator/ldap/index.ts";
import { ConnectionGate } from "../../simulator/net/connection-gate.ts";
import { ReceiveBudget } from "../../simulator/net/receive-budget.ts";
import { buildScaleWorld, SCALE_PASSWORD } from "../../simulator/worlds/scale.ts";
import { RawClient, simpleBind } from "./support/raw-client.ts";

const NOTICE = "1.3.6.1.4.1.1466.20036";
const SCALE = "OU=Scale,DC=contoso,DC=com";
const USER = `CN=user000001,OU=Scale0001,${SCALE}`;
const USERS = 3000;

let dir: Directory;
let server: LdapServer;
let url: string;
let healthy: Client;
const realElapsed = () => performance.now();

beforeAll(async () => {
  dir = buildScaleWorld({ users: USERS, ous: 3 });
  server = createLdapServer(dir, { ldapPort: 0 });
  url = (await server.listen()).ldapUrl!;
  healthy = new Client({ url });
  await healthy.bind(USER, SCALE_PASSWORD);
});
afterAll(async () => {
  await healthy.unbind().catch(() => {});
  await server.close();
});
afterEach(() => {
  dir.dc.elapsedMs = realElapsed;
  dir.dc.ldapPolicy.update({ ...LDAP_POLICY_DEFAULTS });
});

async function healthyAnswers(): Promise<void> {
  const r = await healthy.search(USER, { scope: "base", attributes: ["cn"] });
  expect(r.searchEntries[0].cn).toBe("user000001");
}

async function userClient(): Promise<Client> {
  const c = new Client({ url });
  await c.bind(USER, SCALE_PASSWORD);
  return c;
}

/** A filter of `terms` description values no entry has: costly to match, matches nothing. */
function heavyFilter(terms: number): string {
  return `(|${Array.from({ length: terms }, (_, i) => `(description=nothing-${i})`).join("")})`;
}

describe("the Default Query Policy over LDAP (lDAPAdminLimits)", () => {
  const POLICY =
    "CN=Default Query Policy,CN=Query-Policies,CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration,DC=contoso,DC=com";

  async function adminClient(): Promise<Client> {
    const c = new Client({ url });
    await c.bind("CONTOSO\\Administrator", "Adm1n!Passw0rd");
    return c;
  }

  it("holds AD's defaults, readable by any user", async () => {
    const c = await userClient();
    try {
      const r = await c.search(POLICY, { scope: "base", attributes: ["lDAPAdminLimits", "objectClass"] });
      const limits = r.searchEntries[0].lDAPAdminLimits as string[];
      expect(r.searchEntries[0].objectClass).toContain("queryPolicy");
      for (const v of [
        "MaxConnections=5000",
        "MaxConnIdleTime=900",
        "MaxReceiveBuffer=10485760",
        "MaxQueryDuration=120",
        "MaxPageSize=1000",
        "MaxResultSetSize=262144",
        "MaxResultSetsPerConn=10",
        "MaxValRange=1500",
        "MaxNotificationPerConn=5",
        "InitRecvTimeout=120",
      ])
        expect(limits).toContain(v);
    } finally {
      await c.unbind();
    }
  });

  it("a write by an administrator changes the live limits; a normal user may not write", async () => {
    const admin = await adminClient();
    const user = await userClient();
    try {
      const before = (await admin.search(POLICY, { scope: "base", attributes: ["lDAPAdminLimits"] }))
        .searchEntries[0].lDAPAdminLimits as string[];
      const denied = await user
        .modify(POLICY, [
          new Change({
            operation: "replace",
            modification: new Attribute({ type: "lDAPAdminLimits", values: ["MaxPageSize=5"] }),
          }),
        ])
        .then(
          () => undefined,
          (e: { code?: number }) => e,
        );
      expect(denied?.code).toBe(50);
      const next = before.map((v) => (v.startsWith("MaxPageSize=") ? "MaxPageSize=50" : v));
      await admin.modify(POLICY, [
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "lDAPAdminLimits", values: next }),
        }),
      ]);
      expect(dir.dc.ldapPolicy.limits.MaxPageSize).toBe(50);
      const capped = await user
        .search(SCALE, { scope: "sub", filter: "(objectClass=user)", attributes: ["1.1"] })
        .then(
          () => undefined,
          (e: { code?: number }) => e,
        );
      expect(capped?.code).toBe(4);
      // Pages follow it too.
      const pages: number[] = [];
      for await (const p of user.searchPaginated(SCALE, {
        scope: "sub",
        filter: "(objectClass=user)",
        attributes: ["1.1"],
        paged: { pageSize: 500 },
      }))
        pages.push(p.searchEntries.length);
      expect(new Set(pages)).toEqual(new Set([50]));
      expect(pages).toHaveLength(USERS / 50);
      await admin.modify(POLICY, [
        new Change({
          operation: "replace",
          modification: new Attribute({ type: "lDAPAdminLimits", values: before }),
        }),
      ]);
      expect(dir.dc.ldapPolicy.limits.MaxPageSize).toBe(1000);
      await healthyAnswers();
    } finally {
      await admin.unbind();
      await user.unbind();
    }
  });
});

describe("MaxValRange: range retrieval (MS-ADTS 3.1.1.3.1.3.3)", () => {
  const GROUP = `CN=Big Group,${SCALE}`;
  const MEMBERS = 2900;
  const memberDn = (i: number) =>
    `CN=user${String(i).padStart(6, "0")},OU=Scale${String(i % 3).padStart(4, "0")},${SCALE}`;

  beforeAll(async () => {
    const admin = new Client({ url });
    await admin.bind("CONTOSO\\Administrator", "Adm1n!Passw0rd");
    try {
      await admin.add(GROUP, {
        objectClass: ["top", "group"],
        sAMAccountName: "BigGroup",
        member: Array.from({ length: MEMBERS }, (_, i) => memberDn(i)),
      });
    } finally {
      await admin.unbind();
    }
  });

  it("returns member;range=0-1499 past MaxValRange, then the rest slice by slice ending in -*", async () => {
    const c = await userClient();
    try {
      const first = (await c.search(GROUP, { scope: "base", attributes: ["member"] })).searchEntries[0];
      expect(first.member ?? []).toEqual([]);
      expect(first["member;range=0-1499"]).toHaveLength(1500);
      const middle = (await c.search(GROUP, { scope: "base", attributes: ["member;range=1000-2499"] }))
        .searchEntries[0];
      expect(middle["member;range=1000-2499"]).toHaveLength(1500);
      const last = (await c.search(GROUP, { scope: "base", attributes: ["member;range=1500-*"] }))
        .searchEntries[0];
      expect(last["member;range=1500-*"]).toHaveLength(1400);
      const all = new Set([
        ...(first["member;range=0-1499"] as string[]),
        ...(last["member;range=1500-*"] as string[]),
      ]);
      expect(all.size).toBe(MEMBERS);
      // An explicit small range, and the live policy.
      const few = (await c.search(GROUP, { scope: "base", attributes: ["member;range=10-19"] }))
        .searchEntries[0];
      expect(few["member;range=10-19"]).toHaveLength(10);
      dir.dc.ldapPolicy.update({ MaxValRange: 5000 });
      const whole = (await c.search(GROUP, { scope: "base", attributes: ["member"] })).searchEntries[0];
      expect(whole.member).toHaveLength(MEMBERS);
    } finally {
      await c.unbind();
    }
  });
});

describe("MaxQueryDuration and yielding", () => {
  it("a costly search yields to the event loop: a healthy client is answered while it runs", async () => {
    // Every clock reading moves 15 ms, so each check of the search is past its 10 ms slice and yields
    // (ldapts sends timeLimit 10 s unless told otherwise).
    let fake = 0;
    let running = false;
    dir.dc.elapsedMs = () => {
      running = true;
      fake += 15;
      return fake;
    };
    const c = await userClient();
    try {
      let heavyDone = false;
      const heavy = c
        .search(SCALE, { scope: "sub", filter: heavyFilter(200), attributes: ["1.1"], timeLimit: 0 })
        .finally(() => {
          heavyDone = true;
        });
      while (!running) await new Promise((r) => setImmediate(r));
      await healthyAnswers();
      expect(heavyDone).toBe(false);
      expect((await heavy).searchEntries).toEqual([]);
    } finally {
      await c.unbind();
    }
  });

  it("stops at MaxQueryDuration with timeLimitExceeded (3) even when the client set no timeLimit", async () => {
    dir.dc.ldapPolicy.update({ MaxQueryDuration: 1 });
    let fake = 0;
    dir.dc.elapsedMs = () => {
      fake += 400;
      return fake;
    };
    const c = await userClient();
    try {
      const err = await c
        .search(SCALE, { scope: "sub", filter: "(objectClass=user)", attributes: ["1.1"], timeLimit: 0 })
        .then(
          () => undefined,
          (e: { code?: number }) => e,
        );
      expect(err?.code).toBe(3);
      await healthyAnswers();
    } finally {
      await c.unbind();
    }
  });
});

describe("MaxPageSize from the query policy", () => {
  it("a non-paged search stops at the live MaxPageSize with sizeLimitExceeded (4)", async () => {
    dir.dc.ldapPolicy.update({ MaxPageSize: 50 });
    const c = await userClient();
    try {
      const err = await c
        .search(SCALE, { scope: "sub", filter: "(objectClass=user)", attributes: ["1.1"] })
        .then(
          () => undefined,
          (e: { code?: number }) => e,
        );
      expect(err?.code).toBe(4);
      const paged = await c.search(SCALE, {
        scope: "sub",
        filter: "(objectClass=user)",
        attributes: ["1.1"],
        paged: { pageSize: 1000 },
      });
      expect(paged.searchEntries).toHaveLength(USERS);
    } finally {
      await c.unbind();
    }
  });
});

describe("paged searches hold a cursor (MaxResultSetsPerConn, MaxResultSetSize)", () => {
  const pagedOpts = { scope: "sub" as const, filter: "(objectClass=user)", attributes: ["cn"] };

  it("a stored result set is a cursor: what it keeps does not grow with the result", async () => {
    const c = await userClient();
    try {
      const pager = c.searchPaginated(SCALE, { ...pagedOpts, paged: { pageSize: 2 } });
      await pager.next();
      // 2,998 entries still to come, and the stored set is a few hundred bytes.
      expect(server.resultSets.size).toBe(1);
      expect(server.resultSets.totalBytes).toBeLessThan(2048);
      await pager.return(undefined);
    } finally {
      await c.unbind();
    }
  });

  it("the 11th paged search on a connection discards the oldest: continuing it gets Error processing control (12)", async () => {
    const c = await userClient();
    try {
      const pagers = Array.from({ length: 11 }, () =>
        c.searchPaginated(SCALE, { ...pagedOpts, paged: { pageSize: 5 } }),
      );
      for (const p of pagers) expect((await p.next()).value!.searchEntries).toHaveLength(5);
      const discardedBefore = server.resultSets.discarded.perConnection;
      const err = await pagers[0].next().then(
        () => undefined,
        (e: { code?: number; message: string }) => e,
      );
      expect(err?.code).toBe(12);
      expect(err?.message).toContain(dir.protocolErrors.pagedCookieInvalid().diagnosticMessage);
      expect(server.resultSets.discarded.perConnection).toBe(discardedBefore);
      // The newest ten continue.
      expect((await pagers[10].next()).value!.searchEntries).toHaveLength(5);
      await healthyAnswers();
      for (const p of pagers.slice(1)) await p.return(undefined);
    } finally {
      await c.unbind();
    }
  });

  it("past MaxResultSetSize the oldest result sets of any connection go first, never below MinResultSets", async () => {
    dir.dc.ldapPolicy.update({ MaxResultSetSize: 1, MinResultSets: 4 });
    const clients = await Promise.all(Array.from({ length: 6 }, () => userClient()));
    try {
      const pagers = clients.map((c) => c.searchPaginated(SCALE, { ...pagedOpts, paged: { pageSize: 3 } }));
      for (const p of pagers) await p.next();
      expect(server.resultSets.size).toBe(4);
      for (const p of pagers.slice(0, 2)) {
        const err = await p.next().then(
          () => undefined,
          (e: { code?: number }) => e,
        );
        expect(err?.code).toBe(12);
      }
      for (const p of pagers.slice(2)) expect((await p.next()).value!.searchEntries).toHaveLength(3);
      await healthyAnswers();
    } finally {
      await Promise.all(clients.map((c) => c.unbind()));
    }
  });

  it("a paged search reads every entry exactly once across pages", async () => {
    const c = await userClient();
    try {
      const seen = new Set<string>();
      let pages = 0;
      for await (const page of c.searchPaginated(SCALE, { ...pagedOpts, paged: { pageSize: 700 } })) {
        pages++;
        for (const e of page.searchEntries) seen.add(e.dn);
      }
      expect(seen.size).toBe(USERS);
      expect(pages).toBe(Math.ceil(USERS / 700));
    } finally {
      await c.unbind();
    }
  });
});

describe("connections (MaxConnIdleTime, InitRecvTimeout, the descriptor reserve, the receive budget)", () => {
  it("an idle connection gets the idle Notice of Disconnection (unavailable, 52) and closes", async () => {
    const idle = createLdapServer(dir, { ldapPort: 0, idleTimeoutMs: 30 });
    const p = Number(new URL((await idle.listen()).ldapUrl!).port);
    try {
      const c = await RawClient.connect(p);
      c.send(simpleBind(1, USER, SCALE_PASSWORD));
      await c.waitClosed();
      expect(c.received.map((m) => m.resultCode)).toEqual([0, 52]);
      expect(c.received[1]).toMatchObject({
        messageId: 0,
        responseName: NOTICE,
        diagnosticMessage: dir.protocolErrors.idleTimeout().diagnosticMessage,
      });
    } finally {
      await idle.close();
    }
  });

  it("past the process's descriptor reserve a client is refused with busy (51), not left to fail", async () => {
    const gate = new ConnectionGate(1);
    const small = createLdapServer(dir, { ldapPort: 0, connectionGate: gate });
    const p = Number(new URL((await small.listen()).ldapUrl!).port);
    try {
      const first = await RawClient.connect(p);
      const second = await RawClient.connect(p);
      await second.waitClosed();
      expect(second.received).toEqual([
        expect.objectContaining({
          messageId: 0,
          resultCode: 51,
          responseName: NOTICE,
          diagnosticMessage: dir.protocolErrors.busy("the server is out of connection resources")
            .diagnosticMessage,
        }),
      ]);
      first.send(simpleBind(1, USER, SCALE_PASSWORD));
      await first.until((x) => x.received.length === 1);
      expect(first.received[0].resultCode).toBe(0);
      first.destroy();
    } finally {
      await small.close();
    }
  });

  it("unfinished messages share one budget: the connection holding the most is dropped with busy (51)", async () => {
    const budget = new ReceiveBudget(256 * 1024);
    const small = createLdapServer(dir, { ldapPort: 0, receiveBudget: budget });
    const p = Number(new URL((await small.listen()).ldapUrl!).port);
    const partial = (bytes: number) => {
      // An LDAPMessage header announcing 1 MiB, then `bytes` of it.
      const head = Buffer.from([0x30, 0x83, 0x10, 0x00, 0x00]);
      return Buffer.concat([head, Buffer.alloc(bytes, 0x41)]);
    };
    try {
      const holders = await Promise.all(Array.from({ length: 4 }, () => RawClient.connect(p)));
      for (const [i, h] of holders.entries()) h.send(partial(50_000 + i * 10_000));
      await vi.waitFor(() => expect(budget.used).toBe(5 * 4 + 260_000));
      // One more holder tips the budget over: the largest holder is the one dropped.
      const big = await RawClient.connect(p);
      big.send(partial(150_000));
      await big.waitClosed();
      expect(big.received[0]).toMatchObject({ resultCode: 51, responseName: NOTICE });
      expect(budget.used).toBeLessThanOrEqual(budget.capacity);
      expect(budget.evictions).toBeGreaterThan(0);
      for (const h of holders) h.destroy();
      await healthyAnswers();
    } finally {
      await small.close();
    }
  });
});
