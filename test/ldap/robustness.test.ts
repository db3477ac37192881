/** Bad input over raw sockets: RFC 4511 §4.1.1 answers, and nothing leaks into other connections. */
import { Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BerWriter } from "../../simulator/ldap/ber/asn1.ts";
import { MAX_QUEUED } from "../../simulator/ldap/server/connection.ts";
import { baseSearch, message, RawClient, simpleBind, writePresentSearch } from "./support/raw-client.ts";
import { makeDirectory, type RunningServer, startServer } from "./support/server-fixture.ts";
import { ALICE_DN, ALICE_PASSWORD, type StubDirectory } from "./support/stub-directory.ts";

const NOTICE = "1.3.6.1.4.1.1466.20036";
let dir: StubDirectory;
let srv: RunningServer;
let honest: Client;

beforeAll(async () => {
  dir = makeDirectory();
  srv = await startServer(dir, { maxMessageSize: 4096 });
  honest = new Client({ url: srv.ldapUrl });
  await honest.bind(ALICE_DN, ALICE_PASSWORD);
});
afterAll(async () => {
  await honest.unbind().catch(() => {});
  await srv.close();
  expect(srv.internalErrors).toEqual([]);
});

async function honestStillWorks(): Promise<void> {
  const res = await honest.search(ALICE_DN, { scope: "base", attributes: ["cn"] });
  expect(res.searchEntries[0].cn).toBe("Alice");
}

async function expectNotice(c: RawClient, detail: string): Promise<void> {
  await c.waitClosed();
  expect(c.received).toHaveLength(1);
  const n = c.received[0];
  expect(n).toMatchObject({ messageId: 0, tag: 0x78, resultCode: 2, responseName: NOTICE });
  expect(n.diagnosticMessage).toBe(dir.protocolErrors.protocolError(detail).diagnosticMessage);
}

describe("malformed input", () => {
  it("a frame that is not a SEQUENCE gets a Notice of Disconnection and the connection closes", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(Buffer.from([0x04, 0x03, 0x61, 0x62, 0x63]));
    await expectNotice(c, "LDAPMessage must start with a SEQUENCE, found 0x04");
    await honestStillWorks();
  });

  it("indefinite length is refused with a notice", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(Buffer.from([0x30, 0x80, 0x02, 0x01, 0x01, 0x42, 0x00, 0x00, 0x00]));
    await expectNotice(c, "indefinite length is not allowed in LDAP (RFC 4511 §5.1)");
  });

  it("an unreadable message id gets a notice", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(Buffer.from([0x30, 0x05, 0x04, 0x01, 0x01, 0x42, 0x00]));
    await expectNotice(c, "expected tag 0x02, found 0x04");
  });

  it("an unknown operation gets a notice", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(message(5, (w) => w.writeString("x", 0x74)));
    await expectNotice(c, "unknown protocolOp tag 0x74");
    await honestStillWorks();
  });

  it("a malformed search with a readable id gets protocolError on SearchResultDone and the connection goes on", async () => {
    const c = await RawClient.connect(srv.port);
    const bad = message(7, (w) => {
      w.startSequence(0x63);
      w.writeString(ALICE_DN);
      w.writeEnumeration(9); // scope out of range
      w.endSequence();
    });
    c.send(Buffer.concat([bad, baseSearch(8, ALICE_DN)]));
    await c.until((x) => x.received.some((m) => m.messageId === 8 && m.tag === 0x65));
    expect(c.received[0]).toMatchObject({ messageId: 7, tag: 0x65, resultCode: 2 });
    expect(c.received[0].diagnosticMessage).toBe(
      dir.protocolErrors.protocolError("integer 9 out of range 0..2").diagnosticMessage,
    );
    expect(c.received.slice(1).map((m) => [m.messageId, m.tag, m.dn ?? m.resultCode])).toEqual([
      [8, 0x64, ALICE_DN],
      [8, 0x65, 0],
    ]);
    expect(c.closed).toBe(false);
    c.destroy();
  });

  it("a malformed bind answers protocolError in a BindResponse and leaves the connection anonymous", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(simpleBind(1, ALICE_DN, ALICE_PASSWORD));
    c.send(
      message(2, (w) => {
        w.startSequence(0x60);
        w.writeInt(3);
        w.endSequence();
      }),
    );
    c.send(baseSearch(3, ALICE_DN));
    await c.until((x) => x.received.some((m) => m.messageId === 3 && m.tag === 0x65));
    expect(c.received.map((m) => [m.messageId, m.tag, m.resultCode])).toEqual([
      [1, 0x61, 0],
      [2, 0x61, 2],
      [3, 0x64, undefined],
      [3, 0x65, 0],
    ]);
    expect(dir.lastCall("search")!.ctx.identity.anonymous).toBe(true);
    c.destroy();
  });

  it("a message larger than maxMessageSize is refused from its header, before the body arrives", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(Buffer.from([0x30, 0x82, 0x20, 0x00, 0x02, 0x01, 0x01]));
    await expectNotice(c, "message of 8196 bytes exceeds the limit of 4096");
    await honestStillWorks();
  });
});

describe("connection behaviour", () => {
  it("answers a request delivered one byte at a time", async () => {
    const c = await RawClient.connect(srv.port);
    const frame = baseSearch(11, ALICE_DN);
    for (const b of frame) {
      c.send(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
    await c.until((x) => x.received.some((m) => m.tag === 0x65));
    expect(c.received.map((m) => m.tag)).toEqual([0x64, 0x65]);
    c.destroy();
  });

  it("answers pipelined requests in order of arrival", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(Buffer.concat([1, 2, 3, 4, 5].map((id) => baseSearch(id, ALICE_DN))));
    await c.until((x) => x.received.filter((m) => m.tag === 0x65).length === 5);
    expect(c.received.filter((m) => m.tag === 0x65).map((m) => m.messageId)).toEqual([1, 2, 3, 4, 5]);
    c.destroy();
  });

  it("answers a thousand pipelined requests, pausing the reader rather than buffering without bound", async () => {
    const before = new Set(srv.server.connections);
    const c = await RawClient.connect(srv.port);
    c.socket.pause();
    const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
    // One write of about 60 KB: the server reads far more than MAX_QUEUED requests at once.
    c.send(Buffer.concat(ids.map((id) => baseSearch(id, ALICE_DN))));
    const state = await vi.waitFor(() => {
      const s = [...srv.server.connections].find((x) => !before.has(x));
      expect(s?.maxQueuedRequests).toBeGreaterThan(MAX_QUEUED);
      return s!;
    });
    // More than MAX_QUEUED waiting: the server stopped reading the socket instead of queueing on.
    expect(state.readerPauses).toBeGreaterThan(0);
    c.socket.resume();
    await c.until((x) => x.received.filter((m) => m.tag === 0x65).length === ids.length);
    expect(c.received.filter((m) => m.tag === 0x65).map((m) => m.messageId)).toEqual(ids);
    c.destroy();
  });

  it("answers what was sent before the client half-closed, then closes", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(baseSearch(21, ALICE_DN));
    c.socket.end();
    await c.waitClosed();
    expect(c.received.map((m) => [m.messageId, m.tag])).toEqual([
      [21, 0x64],
      [21, 0x65],
    ]);
  });

  it("closes on unbind without a response; abandon gets no response either", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(message(1, (w) => w.writeInt(99, 0x50)));
    c.send(baseSearch(2, ALICE_DN));
    c.send(message(3, (w) => w.writeBuffer(Buffer.alloc(0), 0x42)));
    await c.waitClosed();
    expect(c.received.map((m) => [m.messageId, m.tag])).toEqual([
      [2, 0x64],
      [2, 0x65],
    ]);
  });
});

describe("directory errors", () => {
  it("arrive byte for byte: result code, matchedDN and a multi-line diagnostic message", async () => {
    const c = await RawClient.connect(srv.port);
    c.send(baseSearch(1, "CN=Missing,OU=Users,DC=contoso,DC=com"));
    await c.until((x) => x.received.length === 1);
    expect(c.received[0]).toEqual({
      messageId: 1,
      tag: 0x65,
      resultCode: 32,
      matchedDN: "DC=contoso,DC=com",
      diagnosticMessage:
        "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'DC=contoso,DC=com'\n",
    });
    c.destroy();
  });
});

describe("a directory that misbehaves", () => {
  it("a throwing protocolErrors catalogue or error reporter still only ends that connection", async () => {
    const broken = makeDirectory();
    Object.assign(broken, {
      protocolErrors: {
        ...broken.protocolErrors,
        protocolError: () => {
          throw new Error("catalogue bug");
        },
      },
    });
    const s = await startServer(broken, {
      onInternalError: () => {
        throw new Error("reporter bug too");
      },
    });
    try {
      const c = await RawClient.connect(s.port);
      c.send(Buffer.from([0x04, 0x00]));
      await c.waitClosed();
      expect(c.received[0]).toMatchObject({
        messageId: 0,
        resultCode: 2,
        diagnosticMessage: "protocol error",
      });
      broken.failures.set("search:*", new RangeError("directory bug"));
      const d = await RawClient.connect(s.port);
      d.send(baseSearch(1, ALICE_DN));
      await d.until((x) => x.received.length === 1);
      expect(d.received[0]).toMatchObject({
        messageId: 1,
        tag: 0x65,
        resultCode: 80,
        diagnosticMessage: "internal server error",
      });
      d.destroy();
    } finally {
      await s.close();
    }
  });
});

describe("limits", () => {
  it("refuses connections beyond MaxConnections with a busy Notice of Disconnection and accepts again when one ends", async () => {
    const limited = await startServer(makeDirectory(), { maxConnections: 2 });
    try {
      const a = await RawClient.connect(limited.port);
      const b = await RawClient.connect(limited.port);
      // The server has both before the third arrives (no guess at how long accepting takes).
      await vi.waitFor(() => expect(limited.server.connections.size).toBe(2));
      const c = await RawClient.connect(limited.port);
      await c.waitClosed();
      // KB 315071 / MS-ADTS 3.1.1.3.4.6: the newcomer learns why (busy, 51) instead of seeing a reset.
      expect(c.received).toEqual([
        {
          messageId: 0,
          tag: 0x78,
          resultCode: 51,
          matchedDN: "",
          diagnosticMessage: dir.protocolErrors.busy("the server has reached its MaxConnections limit")
            .diagnosticMessage,
          responseName: NOTICE,
        },
      ]);
      a.send(baseSearch(1, ALICE_DN));
      await a.until((x) => x.received.some((m) => m.tag === 0x65));
      a.destroy();
      await vi.waitFor(() => expect(limited.server.connections.size).toBe(1));
      const d = await RawClient.connect(limited.port);
      d.send(baseSearch(1, ALICE_DN));
      await d.until((x) => x.received.some((m) => m.tag === 0x65));
      expect(d.closed).toBe(false);
      b.destroy();
      d.destroy();
    } finally {
      await limited.close();
    }
  });

  it("clamps a paged search's page size to maxPageSize (MS-ADTS 3.1.1.3.4.1.1)", async () => {
    const limited = await startServer(makeDirectory(), { maxPageSize: 2 });
    const c = new Client({ url: limited.ldapUrl });
    try {
      const pages: number[] = [];
      for await (const page of c.searchPaginated("OU=Paged,DC=contoso,DC=com", {
        scope: "one",
        paged: { pageSize: 5 },
      })) {
        pages.push(page.searchEntries.length);
      }
      expect(pages).toEqual([2, 2, 2, 1]);
    } finally {
      await c.unbind();
      await limited.close();
    }
  });

  it("closes idle connections when idleTimeoutMs is set, and close() ends every connection", async () => {
    const idle = await startServer(makeDirectory(), { idleTimeoutMs: 50 });
    const a = await RawClient.connect(idle.port);
    await a.waitClosed();
    expect(a.closed).toBe(true);
    const b = await RawClient.connect(idle.port);
    // A client stuck before its TLS handshake must not hold up close() either.
    const stuck = await RawClient.connect(idle.ldapsPort);
    await idle.close();
    await stuck.waitClosed();
    await b.waitClosed();
    expect(b.closed).toBe(true);
    expect(idle.server.connections.size).toBe(0);
  });

  it("keeps connection state separate: paging cookies do not cross connections", async () => {
    const a = new Client({ url: srv.ldapUrl });
    try {
      const pages = a.searchPaginated("OU=Paged,DC=contoso,DC=com", { scope: "one", paged: { pageSize: 2 } });
      const first = await pages.next();
      expect(first.value!.searchEntries).toHaveLength(2);
      expect(srv.server.connections.size).toBeGreaterThanOrEqual(2);
      const states = [...srv.server.connections];
      expect(states.filter((s) => s.paging.size > 0)).toHaveLength(1);
      await pages.return(undefined);
      // The same cookie value on another connection is not a cookie this connection issued.
      const cookie = Buffer.from("706700000000" + "0001", "hex");
      const raw = await RawClient.connect(srv.port);
      const ctrl = (() => {
        const w = new BerWriter();
        w.startSequence(0x30);
        w.writeInt(2);
        w.writeBuffer(cookie, 0x04);
        w.endSequence();
        return Buffer.from(w.buffer);
      })();
      raw.send(
        message(4, (w) => {
          writePresentSearch(w, "OU=Paged,DC=contoso,DC=com", 1);
          w.startSequence(0xa0);
          w.startSequence(0x30);
          w.writeString("1.2.840.113556.1.4.319");
          w.writeBuffer(ctrl, 0x04);
          w.endSequence();
          w.endSequence();
        }),
      );
      await raw.until((x) => x.received.some((m) => m.tag === 0x65));
      expect(raw.received).toHaveLength(1);
      // "How LDAP server cookies are handled": a cookie the server does not hold → Error processing control.
      expect(raw.received[0].resultCode).toBe(12);
      expect(raw.received[0].diagnosticMessage).toBe(
        dir.protocolErrors.pagedCookieInvalid().diagnosticMessage,
      );
      raw.destroy();
    } finally {
      await a.unbind();
    }
  });
});
