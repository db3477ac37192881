/**
 * Express installation: Connect creates MSOL_<hex> over LDAP as the enterprise admin, with the
 * express permissions, and writeback then just works (facts §3 [ACCTS]; catalogue case "express").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeededIds } from "../../simulator/clock/seeded-ids.ts";
import { createContosoCloud } from "../../simulator/cloud/core/contoso.ts";
import { verdictOf, writebackDraft } from "../../simulator/cloud/core/writeback-dispatch.ts";
import { ConnectServer, enableWriteback, viewConfiguration } from "../../simulator/connect/index.ts";
import { formatSddl } from "../../simulator/security/index.ts";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import { CONTOSO_ADMIN, openAduc } from "../support/writeback-setup.ts";

let dc: FakeDc;

beforeAll(async () => {
  dc = await startFakeDc({ personality: "windows" });
});

afterAll(async () => {
  await dc?.close();
});

describe("express installation", () => {
  it("creates MSOL_<12 hex> with the express permissions, and writeback works without any manual grant", async () => {
    const { cloud, tenant } = createContosoCloud({ clock: dc.directory.clock, syncedUsers: false });
    const server = await ConnectServer.install({
      cloud,
      tenantId: tenant.id,
      clock: dc.directory.clock,
      ids: new SeededIds("express"),
      dcUrl: dc.ldapsUrl,
      installation: "express",
      enterpriseAdmin: CONTOSO_ADMIN,
    });
    try {
      expect(server.connector.userName).toMatch(/^MSOL_[0-9a-f]{12}$/);
      const view = await viewConfiguration(server);
      expect(view.content.installation).toBe("Express settings");
      expect(view.content["Synchronized Directories"]).toEqual([
        { forest: "contoso.com", account: `CONTOSO\\${server.connector.userName}` },
      ]);

      const aduc = await openAduc(dc.ldapsUrl);
      const sid = (await aduc.session.resolvePrincipal(`CONTOSO\\${server.connector.userName}`)).sid;
      const root = formatSddl(await aduc.readDacl("DC=contoso,DC=com"), {
        domainSid: dc.directory.domainSid,
      });
      await aduc.close();
      expect(root).toContain(`(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;${sid})`);
      expect(root).toContain(`(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;${sid})`);
      expect(root).toContain(`(OA;CIIO;RPWP;;bf967aba-0de6-11d0-a285-00aa003049e2;${sid})`);
      expect(root).toContain(
        `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${sid})`,
      );

      await server.runSync();
      expect(
        (
          await enableWriteback(server, {
            admin: "admin@contoso.onmicrosoft.com",
            password: "Gl0bal!Admin#1",
          })
        ).ok,
      ).toBe(true);
      const alice = tenant.findUser("alice@contoso.com")!;
      const d = await cloud.relay.submit(
        tenant.id,
        writebackDraft(alice, "reset", "sspr", { newPassword: "Expr3ss!Passw0rd" }),
      );
      expect(verdictOf(d)).toBe("success");
      expect(server.events.query({ id: 31002 })).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
