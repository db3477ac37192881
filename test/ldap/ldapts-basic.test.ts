import { type Client, InvalidCredentialsError } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDirectory, type RunningServer, startServer, withLdapts } from "./support/server-fixture.ts";
import { ALICE_DN, ALICE_PASSWORD, BASE_DN, type StubDirectory, USERS_OU } from "./support/stub-directory.ts";

let dir: StubDirectory;
let srv: RunningServer;

beforeAll(async () => {
  dir = makeDirectory();
  srv = await startServer(dir);
});
afterAll(async () => {
  await srv.close();
});

const withClient = <T>(fn: (c: Client) => Promise<T>, url = srv.ldapUrl) => withLdapts(url, fn);

describe("ldapts against the LDAP server", () => {
  it("binds by DN, UPN and CONTOSO\\user, each name reaching the directory unchanged", async () => {
    for (const name of [ALICE_DN, "alice@contoso.com", "CONTOSO\\alice"]) {
      await withClient((c) => c.bind(name, ALICE_PASSWORD));
      const call = dir.lastCall("bindSimple")!;
      expect(call.target).toBe(name);
      expect(call.password!.toString("utf8")).toBe(ALICE_PASSWORD);
    }
  });

  it("returns the directory's invalidCredentials message exactly", async () => {
    const e = await withClient((c) => c.bind(ALICE_DN, "wrong")).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidCredentialsError);
    expect((e as InvalidCredentialsError).message).toContain(
      "80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563",
    );
  });

  it("searches subtree with an equality filter and returns values", async () => {
    const res = await withClient(async (c) => {
      await c.bind(ALICE_DN, ALICE_PASSWORD);
      return c.search(BASE_DN, { scope: "sub", filter: "(sAMAccountName=alice)" });
    });
    expect(res.searchEntries).toHaveLength(1);
    expect(res.searchEntries[0].dn).toBe(ALICE_DN);
    expect(res.searchEntries[0].description).toBe("Zürich office");
    const call = dir.lastCall("search")!;
    expect(call.request!.filter).toEqual({
      type: "equality",
      attribute: "sAMAccountName",
      value: Buffer.from("alice"),
    });
    expect(call.ctx.identity.dn).toBe(ALICE_DN);
  });

  it("answers base and one-level scopes", async () => {
    await withClient(async (c) => {
      const base = await c.search(USERS_OU, { scope: "base" });
      expect(base.searchEntries.map((e) => e.dn)).toEqual([USERS_OU]);
      const one = await c.search(BASE_DN, { scope: "one", filter: "(objectClass=organizationalUnit)" });
      expect(one.searchEntries.map((e) => e.dn).sort()).toEqual([`OU=Paged,${BASE_DN}`, USERS_OU].sort());
    });
  });
});
