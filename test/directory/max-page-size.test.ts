import { Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Directory } from "../../simulator/directory/index.ts";
import { createLdapServer, type LdapServer } from "../../simulator/ldap/index.ts";
import { buildScaleWorld } from "../../simulator/worlds/scale.ts";

/** AD's MaxPageSize (MS-ADTS 3.1.1.3.4.6): a non-paged search stops at 1000 entries with sizeLimitExceeded. */
describe.each(["windows", "samba"] as const)("MaxPageSize (%s)", (personality) => {
  let dir: Directory;
  let server: LdapServer;
  let url: string;
  beforeAll(async () => {
    dir = buildScaleWorld({ users: 1500, ous: 3, personality });
    server = createLdapServer(dir, { ldapsPort: 0 });
    url = (await server.listen()).ldapsUrl!;
  });
  afterAll(() => server.close());

  const scaleUsers = { scope: "sub" as const, filter: "(objectClass=user)", attributes: ["1.1"] };

  async function asAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url, tlsOptions: { rejectUnauthorized: false } });
    await client.bind("CONTOSO\\Administrator", "Adm1n!Passw0rd");
    try {
      return await fn(client);
    } finally {
      await client.unbind();
    }
  }

  it("caps a non-paged search on Windows and not on Samba 4.17", async () => {
    const outcome = await asAdmin(async (c) => {
      try {
        const r = await c.search("OU=Scale,DC=contoso,DC=com", scaleUsers);
        return { code: 0, count: r.searchEntries.length };
      } catch (err) {
        return { code: (err as { code: number }).code, count: -1 };
      }
    });
    expect(outcome).toEqual(personality === "windows" ? { code: 4, count: -1 } : { code: 0, count: 1500 });
  });

  it("returns every entry to a paged search", async () => {
    const r = await asAdmin((c) =>
      c.search("OU=Scale,DC=contoso,DC=com", { ...scaleUsers, paged: { pageSize: 500 } }),
    );
    expect(r.searchEntries).toHaveLength(1500);
  });

  it("keeps the client's smaller size limit (ldapts accepts sizeLimitExceeded when it asked for a limit)", async () => {
    const r = await asAdmin((c) => c.search("OU=Scale,DC=contoso,DC=com", { ...scaleUsers, sizeLimit: 10 }));
    expect(r.searchEntries).toHaveLength(10);
  });
});
