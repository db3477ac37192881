/**
 * Memory under a hostile load (issue 12 item 3), measured in a child process: 60 connections each
 * holding an unfinished maximum-size (10 MiB) LDAPMessage, and 200 open paged searches as a normal
 * user. The server's resident memory stays within BOUND of its idle size (the process-wide receive
 * budget is 64 MiB; paged searches keep cursors, not results), a healthy client is answered
 * throughout, and buffer memory returns once the connections close.
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { join } from "node:path";
import { Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCALE_PASSWORD } from "../../simulator/worlds/scale.ts";
import { REPO_ROOT } from "../support/wbsim.ts";

const MiB = 1024 * 1024;
/** Resident growth allowed under attack: three times the 64 MiB receive budget (freed chunks are not always handed back to the system at once). */
const BOUND = 192 * MiB;
/** Buffer memory allowed to remain after everything closed. */
const RESIDUE = 16 * MiB;
const SCALE = "OU=Scale,DC=contoso,DC=com";
const USER = `CN=user000001,OU=Scale0001,${SCALE}`;

interface Sample {
  rss: number;
  heapUsed: number;
  buffers: number;
  budgetUsed: number;
  budgetCapacity: number;
  evictions: number;
  connections: number;
  resultSets: number;
}

let child: ChildProcess;
let port: number;
let url: string;

function sample(): Promise<Sample> {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve(m as Sample));
    child.send("rss");
  });
}

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      "--expose-gc",
      join(REPO_ROOT, "bin/run-ts.mjs"),
      join(REPO_ROOT, "test/reliability/support/memory-server.ts"),
      "5000",
    ],
    { stdio: ["ignore", "pipe", "inherit", "ipc"] },
  );
  port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`memory server exited with ${code}`)));
  });
  url = `ldap://127.0.0.1:${port}`;
}, 120_000);

afterAll(() => {
  child.send("exit");
});

/** Opens a socket and sends the header of a 10 MiB LDAPMessage and `bytes` of its body. */
async function partialHolder(bytes: number): Promise<net.Socket> {
  const s = net.connect(port, "127.0.0.1");
  s.on("error", () => {});
  await new Promise((r) => s.once("connect", r));
  const total = 10 * MiB - 6;
  const head = Buffer.from([
    0x30,
    0x84,
    (total >>> 24) & 0xff,
    (total >>> 16) & 0xff,
    (total >>> 8) & 0xff,
    total & 0xff,
  ]);
  s.write(head);
  const chunk = Buffer.alloc(256 * 1024, 0x41);
  for (let sent = 0; sent < bytes && !s.destroyed; sent += chunk.length) {
    if (!s.write(chunk)) await new Promise((r) => (s.destroyed ? r(undefined) : s.once("drain", r)));
  }
  return s;
}

describe("memory under hostile load", () => {
  it("stays within the bound, serves a healthy client, and gives buffer memory back", async () => {
    const healthy = new Client({ url, timeout: 30_000 });
    await healthy.bind(USER, SCALE_PASSWORD);
    const healthyAnswers = async () => {
      const r = await healthy.search(USER, { scope: "base", attributes: ["cn"] });
      expect(r.searchEntries[0].cn).toBe("user000001");
    };
    const idle = await sample();

    // 60 connections each holding 4 MiB of an unfinished 10 MiB message (240 MiB offered).
    const holders: net.Socket[] = [];
    for (let i = 0; i < 60; i++) {
      holders.push(await partialHolder(4 * MiB));
      if (i % 15 === 0) await healthyAnswers();
    }
    // 20 users' connections with 10 paged searches open each (first page read, 4,998 entries to go).
    const pagers: Client[] = [];
    for (let i = 0; i < 20; i++) {
      const c = new Client({ url, timeout: 30_000 });
      await c.bind(USER, SCALE_PASSWORD);
      for (let j = 0; j < 10; j++) {
        const it = c.searchPaginated(SCALE, {
          scope: "sub",
          filter: "(objectClass=user)",
          attributes: ["cn"],
          paged: { pageSize: 2 },
        });
        await it.next();
      }
      pagers.push(c);
    }
    await healthyAnswers();
    const loaded = await sample();
    expect(loaded.budgetUsed).toBeLessThanOrEqual(loaded.budgetCapacity);
    expect(loaded.evictions).toBeGreaterThan(0);
    expect(loaded.resultSets).toBeGreaterThan(0);
    expect(loaded.rss - idle.rss).toBeLessThan(BOUND);

    for (const h of holders) h.destroy();
    await Promise.all(pagers.map((c) => c.unbind()));
    await healthyAnswers();
    let after = await sample();
    for (let i = 0; i < 20 && (after.connections > 1 || after.buffers - idle.buffers >= RESIDUE); i++) {
      await new Promise((r) => setImmediate(r));
      after = await sample();
    }
    expect(after.connections).toBe(1);
    expect(after.budgetUsed).toBe(0);
    expect(after.resultSets).toBe(0);
    expect(after.buffers - idle.buffers).toBeLessThan(RESIDUE);
    expect(after.rss).toBeLessThanOrEqual(Math.max(loaded.rss, idle.rss + BOUND));
    await healthy.unbind();
    console.log(
      `memory: idle rss ${(idle.rss / MiB).toFixed(0)} MiB, loaded +${((loaded.rss - idle.rss) / MiB).toFixed(0)} MiB (bound ${BOUND / MiB}), ` +
        `buffers after close +${((after.buffers - idle.buffers) / MiB).toFixed(1)} MiB, evictions ${loaded.evictions}`,
    );
  }, 120_000);
});
