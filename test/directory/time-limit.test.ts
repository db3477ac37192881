import { Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Directory } from "../../simulator/directory/index.ts";
import { createLdapServer, type LdapServer } from "../../simulator/ldap/index.ts";
import { buildScaleWorld } from "../../simulator/worlds/scale.ts";

/**
 * A search's timeLimit (RFC 4511 4.5.1.5) bounds real work, so it runs on the wall clock. The test
 * replaces that clock with one that jumps 400 ms per reading, so "too slow" is deterministic.
 */
describe("search time limit", () => {
  let dir: Directory;
  let server: LdapServer;
  let url: string;
  beforeAll(async () => {
    dir = buildScaleWorld({ users: 3000, ous: 3 });
    let fake = 0;
    dir.dc.elapsedMs = () => {
      fake += 400;
      return fake;
    };
    server = createLdapServer(dir, { ldapsPort: 0 });
    url = (await server.listen()).ldapsUrl!;
  });
  afterAll(() => server.close());

  async function search(timeLimit: number): Promise<{ code: number; count: number }> {
    const client = new Client({ url, tlsOptions: { rejectUnauthorized: false } });
    await client.bind("CONTOSO\\Administrator", "Adm1n!Passw0rd");
    try {
      const r = await client.search("OU=Scale,DC=contoso,DC=com", {
        scope: "sub",
        filter: "(description=*)",
        attributes: ["1.1"],
        timeLimit,
        paged: { pageSize: 1000 },
      });
      return { code: 0, count: r.searchEntries.length };
    } catch (err) {
      return { code: (err as { code: number }).code, count: -1 };
    } finally {
      await client.unbind();
    }
  }

  it("stops a search that runs past its limit with timeLimitExceeded (3)", async () => {
    expect(await search(1)).toEqual({ code: 3, count: -1 });
  });

  it("lets a search without a limit run to the end", async () => {
    const { code } = await search(0);
    expect(code).toBe(0);
  });
});
