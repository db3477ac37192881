/**
 * Fuzz: more than 100,000 mutated LDAP frames (and 20,000 more against the real directory) — mutations of real client traffic captured from
 * ldapts, ldapsearch and ldapmodify, plus fast-check garbage — over several connections that
 * reconnect as the server closes them. The server must never report an internal error or crash,
 * and an honest client on another connection must get correct answers throughout.
 * No timing assertions: the test only counts.
 */
import net from "node:net";
import fc from "fast-check";
import { Client } from "ldapts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { decodeRequest } from "../../simulator/ldap/protocol/decode-request.ts";
import { RESPONSE_TAG } from "../../simulator/ldap/protocol/tags.ts";
import { Framer } from "../../simulator/ldap/server/framing.ts";
import { CONTOSO_ACCOUNTS } from "../../simulator/worlds/contoso.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";
import { captureCorpus } from "./support/corpus.ts";
import { baseSearch, simpleBind } from "./support/raw-client.ts";
import { makeDirectory, type RunningServer, startServer } from "./support/server-fixture.ts";
import { ALICE_PASSWORD, BASE_DN, type StubDirectory } from "./support/stub-directory.ts";

const LANES = 4;
const BATCH = 200;
const MAX_MESSAGE = 64 * 1024;
const HONEST_DN = `CN=Honest,${BASE_DN}`;
const SENTINEL_ID = 0x7ffffffe;
/** How the sentinel's SearchResultDone starts after its length: messageID 0x7ffffffe, then [APPLICATION 5]. */
const SENTINEL_DONE = Buffer.from([0x02, 0x04, 0x7f, 0xff, 0xff, 0xfe, 0x65]);

let dir: StubDirectory;
let srv: RunningServer;
let corpus: Buffer[];

beforeAll(async () => {
  dir = makeDirectory();
  dir.put(HONEST_DN, { objectClass: ["top", "container"], cn: ["Honest"], description: ["still here ✓"] });
  dir.readOnly.add(HONEST_DN.toLowerCase());
  srv = await startServer(dir, { maxMessageSize: MAX_MESSAGE });
  corpus = await captureCorpus(srv.port);
  dir.recordCalls = false;
}, 60_000);
afterAll(async () => {
  await srv?.close();
});

/** xorshift32: reproducible mutations without Math.random. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

const INTERESTING = [
  0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xff, 0x30, 0x04, 0x02, 0x0a, 0x01, 0xa0, 0xa3, 0x87,
];

function wrap(body: Buffer): Buffer {
  const n = body.length;
  const header =
    n < 0x80
      ? Buffer.from([0x30, n])
      : n < 0x100
        ? Buffer.from([0x30, 0x81, n])
        : Buffer.from([0x30, 0x82, n >> 8, n & 0xff]);
  return Buffer.concat([header, body]);
}

function bodyOf(frame: Buffer): Buffer {
  const l = frame[1];
  return frame.subarray(l & 0x80 ? 2 + (l & 0x7f) : 2);
}

function mutate(frame: Buffer, other: Buffer, r: (n: number) => number): Buffer {
  let b = Buffer.from(bodyOf(frame));
  const rounds = 1 + r(3);
  for (let i = 0; i < rounds && b.length > 0; i++) {
    const at = r(b.length);
    switch (r(8)) {
      case 0:
        b[at] ^= 1 << r(8);
        break;
      case 1:
        b[at] = INTERESTING[r(INTERESTING.length)];
        break;
      case 2:
        b = Buffer.concat([
          b.subarray(0, at),
          Buffer.from([r(256), r(256)].slice(0, 1 + r(2))),
          b.subarray(at),
        ]);
        break;
      case 3:
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r(8)))]);
        break;
      case 4:
        b = b.subarray(0, at);
        break;
      case 5: {
        const len = 1 + r(16);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
        break;
      }
      case 6: {
        const ob = bodyOf(other);
        const from = r(ob.length);
        b = Buffer.concat([b.subarray(0, at), ob.subarray(from, from + 1 + r(24))]);
        break;
      }
      case 7:
        // a length byte somewhere: claim more or less than there is
        b[at] = r(2) === 0 ? 0x84 : r(128);
        break;
    }
  }
  // Mostly keep the envelope well framed so the inside gets exercised; sometimes not.
  if (r(10) < 9) return wrap(b);
  const raw = Buffer.from(frame.subarray(0, frame.length - bodyOf(frame).length));
  return Buffer.concat([raw, b]);
}

/** Frames after which the server closes or stops reading LDAP (sent alone on a fresh connection). */
function isTerminal(frame: Buffer): boolean {
  const framer = new Framer(MAX_MESSAGE);
  try {
    const frames = framer.push(frame);
    if (frames.length !== 1 || framer.buffered !== 0) return true;
  } catch {
    return true;
  }
  const out = decodeRequest(frame);
  if (!out.ok)
    return out.messageId === undefined || !out.operation || RESPONSE_TAG[out.operation] === undefined;
  const op = out.request.operation;
  return op.type === "unbind" || (op.type === "extended" && op.oid === "1.3.6.1.4.1.1466.20037");
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

/** Sends `batch` then the sentinel; resolves when the sentinel is answered or the socket closes. */
function sendBatch(socket: net.Socket, batch: Buffer[]): Promise<boolean> {
  return new Promise((resolve) => {
    let tail = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      const window = Buffer.concat([tail, d]);
      if (window.indexOf(SENTINEL_DONE) >= 0) finish(true);
      else tail = window.subarray(Math.max(0, window.length - SENTINEL_DONE.length));
    };
    const onClose = () => finish(false);
    const finish = (alive: boolean) => {
      socket.removeListener("data", onData);
      socket.removeListener("close", onClose);
      resolve(alive);
    };
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.write(Buffer.concat([...batch, baseSearch(SENTINEL_ID, "")]));
  });
}

async function sendTerminal(port: number, frame: Buffer): Promise<void> {
  const s = await connect(port);
  s.on("error", () => {});
  s.on("data", () => {});
  await new Promise<void>((resolve) => {
    s.once("close", () => resolve());
    s.write(frame);
    // An incomplete frame is only closed once we stop sending.
    s.end();
  });
}

interface FuzzTarget {
  server: RunningServer;
  mutated: number;
  garbage: number;
  seed: number;
  /** A bind sent at the start of every batch, so mutated operations also run authenticated. */
  bind: { dn: string; password: string };
  /** The honest client's read: a DN and the cn it must keep returning. */
  honest: { dn: string; cn: string; description?: string };
}

const PRELUDE_ID = 0x7ffffffd;

async function fuzz(t: FuzzTarget): Promise<void> {
  expect(corpus.length).toBeGreaterThan(25);
  const r = rng(t.seed);
  const frames: Buffer[] = [];
  for (let i = 0; i < t.mutated; i++) {
    frames.push(mutate(corpus[r(corpus.length)], corpus[r(corpus.length)], r));
  }
  const garbage = fc.sample(
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 96 }).map((a) => Buffer.from(a)),
      fc
        .tuple(fc.integer({ min: 0, max: 0x7fffffff }), fc.uint8Array({ minLength: 0, maxLength: 96 }))
        .map(([id, a]) => {
          const idBytes = Buffer.alloc(4);
          idBytes.writeUInt32BE(id);
          return wrap(Buffer.concat([Buffer.from([0x02, 0x04]), idBytes, Buffer.from(a)]));
        }),
    ),
    { seed: t.seed, numRuns: t.garbage },
  );
  frames.push(...garbage);

  const continuing = frames.filter((f) => !isTerminal(f));
  const terminal = frames.filter((f) => isTerminal(f));
  const prelude = simpleBind(PRELUDE_ID, t.bind.dn, t.bind.password);
  const port = t.server.port;

  // The honest client: bound, reading one entry over and over on its own connection.
  let fuzzing = true;
  let honestAnswers = 0;
  const honestErrors: unknown[] = [];
  const honest = (async () => {
    const c = new Client({ url: t.server.ldapUrl });
    try {
      await c.bind(t.bind.dn, t.bind.password);
      while (fuzzing) {
        const res = await c.search(t.honest.dn, { scope: "base", attributes: ["cn", "description"] });
        const e = res.searchEntries[0];
        if (
          res.searchEntries.length !== 1 ||
          e.cn !== t.honest.cn ||
          (t.honest.description !== undefined && e.description !== t.honest.description)
        ) {
          honestErrors.push(res.searchEntries);
        }
        honestAnswers++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      honestErrors.push(err);
    } finally {
      await c.unbind().catch(() => {});
    }
  })();

  let sent = 0;
  let reconnects = 0;
  const lane = async (n: number) => {
    let socket = await connect(port);
    socket.on("error", () => {});
    for (let i = n * BATCH; i < continuing.length; i += LANES * BATCH) {
      const batch = continuing.slice(i, i + BATCH);
      const alive = await sendBatch(socket, [prelude, ...batch]);
      sent += batch.length;
      if (!alive) {
        reconnects++;
        socket = await connect(port);
        socket.on("error", () => {});
      }
    }
    socket.destroy();
    for (let i = n; i < terminal.length; i += LANES) {
      await sendTerminal(port, Buffer.concat([prelude, terminal[i]]));
      sent++;
    }
  };
  await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n)));
  fuzzing = false;
  await honest;

  // A fresh client still gets correct answers after the storm.
  const after = new Client({ url: t.server.ldapUrl });
  await after.bind(t.bind.dn, t.bind.password);
  const res = await after.search(t.honest.dn, { scope: "base", attributes: ["cn"] });
  await after.unbind();
  expect(res.searchEntries[0].cn).toBe(t.honest.cn);

  expect(sent).toBeGreaterThanOrEqual(t.mutated + t.garbage);
  expect(terminal.length).toBeGreaterThan(0);
  expect(continuing.length).toBeGreaterThan(terminal.length);
  expect(honestErrors).toEqual([]);
  expect(honestAnswers).toBeGreaterThan(0);
  expect(t.server.internalErrors).toEqual([]);
  console.log(
    `fuzz: ${sent} frames (${continuing.length} in batches, ${terminal.length} connection-ending), ` +
      `${reconnects} unexpected closes, ${honestAnswers} honest answers, corpus ${corpus.length} frames`,
  );
}

it("survives 100,000+ mutated frames while an honest client keeps getting correct answers", async () => {
  await fuzz({
    server: srv,
    mutated: 100_000,
    garbage: 10_000,
    seed: 0x5eed1,
    bind: { dn: "alice@contoso.com", password: ALICE_PASSWORD },
    honest: { dn: HONEST_DN, cn: "Honest", description: "still here ✓" },
  });
}, 180_000);

it("the real directory (contoso, windows) behind the server survives 20,000 mutated frames too", async () => {
  const real = await startServer(createDirectory({ world: "contoso", personality: "windows" }), {
    maxMessageSize: MAX_MESSAGE,
  });
  try {
    await fuzz({
      server: real,
      mutated: 20_000,
      garbage: 2_000,
      seed: 0xad0c,
      bind: {
        dn: "CN=MSOL_0123456789ab,CN=Users,DC=contoso,DC=com",
        password: CONTOSO_ACCOUNTS.find((a) => a.name === "MSOL_0123456789ab")!.password,
      },
      honest: { dn: `CN=Users,${BASE_DN}`, cn: "Users" },
    });
  } finally {
    await real.close();
  }
}, 180_000);
