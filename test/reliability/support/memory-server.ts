/**
 * The server side of the memory test, in its own process so its resident memory is its own: a DC
 * with a scale world behind LDAP on an ephemeral port. It prints `READY <port>` and answers IPC
 * messages: "rss" → its resident and buffer memory after a full GC; "exit" → exits.
 */
import { createLdapServer } from "../../../simulator/ldap/index.ts";
import { processReceiveBudget } from "../../../simulator/net/receive-budget.ts";
import { buildScaleWorld } from "../../../simulator/worlds/scale.ts";

const users = Number(process.argv[2] ?? 5000);
const dir = buildScaleWorld({ users, ous: 10 });
const server = createLdapServer(dir, { ldapPort: 0 });
const { ldapUrl } = await server.listen();

function measure() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    buffers: m.external + m.arrayBuffers,
    budgetUsed: processReceiveBudget.used,
    budgetCapacity: processReceiveBudget.capacity,
    evictions: processReceiveBudget.evictions,
    connections: server.connections.size,
    resultSets: server.resultSets.size,
  };
}

process.on("message", (msg) => {
  if (msg === "rss") process.send?.(measure());
  if (msg === "exit") void server.close().then(() => process.exit(0));
});
process.stdout.write(`READY ${new URL(ldapUrl!).port}\n`);
