import { Attribute, Change, Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLdapServer, type LdapServer } from "../../simulator/ldap/index.ts";
import { policyHintsControl } from "../../simulator/ldap-client/index.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";

const POLICY_HINTS = "1.2.840.113556.1.4.2239";
const POLICY_HINTS_DEPRECATED = "1.2.840.113556.1.4.2066";

/** contoso-legacy-dc: a Windows DC without LDAP_SERVER_POLICY_HINTS (sspr-writeback-facts.md §8 case 20). */
describe.each([
  ["contoso", true],
  ["contoso-legacy-dc", false],
] as const)("policy hints on the %s world", (world, offered) => {
  let server: LdapServer;
  let url: string;
  beforeAll(async () => {
    server = createLdapServer(createDirectory({ world, personality: "windows" }), { ldapsPort: 0 });
    url = (await server.listen()).ldapsUrl!;
  });
  afterAll(() => server.close());

  async function asAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url, tlsOptions: { rejectUnauthorized: false } });
    await client.bind("CONTOSO\\Administrator", "Adm1n!Passw0rd");
    try {
      return await fn(client);
    } finally {
      await client.unbind();
    }
  }

  it(`${offered ? "lists" : "does not list"} the controls in the rootDSE`, async () => {
    const { searchEntries } = await asAdmin((c) =>
      c.search("", { scope: "base", attributes: ["supportedControl"] }),
    );
    const controls = searchEntries[0].supportedControl as string[];
    expect(controls.includes(POLICY_HINTS)).toBe(offered);
    expect(controls.includes(POLICY_HINTS_DEPRECATED)).toBe(offered);
  });

  it(`${offered ? "accepts" : "refuses with 12"} a reset carrying the critical control`, async () => {
    const code = await asAdmin(async (c) => {
      try {
        await c.modify(
          "CN=alice,OU=Staff,DC=contoso,DC=com",
          new Change({
            operation: "replace",
            modification: new Attribute({
              type: "unicodePwd",
              values: [Buffer.from('"H1nts!Passw0rd"', "utf16le")],
            }),
          }),
          policyHintsControl(POLICY_HINTS, true),
        );
        return 0;
      } catch (err) {
        return (err as { code: number }).code;
      }
    });
    expect(code).toBe(offered ? 0 : 12);
  });
});
