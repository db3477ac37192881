/**
 * The LDAP server in front of the real Directory (contoso-express world), for both personalities:
 * the wire layer carries the directory's answers unchanged. The stub-based tests cover the wire in
 * depth; this checks the two fit together.
 */
import { Attribute, Change, Client, Control, type ResultCodeError } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Directory } from "../../simulator/directory/index.ts";
import { CONTOSO_ACCOUNTS } from "../../simulator/worlds/contoso.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";
import { runLdap3 } from "../support/tools.ts";
import { type RunningServer, startServer } from "./support/server-fixture.ts";

const BASE = "DC=contoso,DC=com";
const MSOL_DN = `CN=MSOL_0123456789ab,CN=Users,${BASE}`;
const ALICE_DN = `CN=alice,OU=Staff,${BASE}`;
const password = (name: string) => CONTOSO_ACCOUNTS.find((a) => a.name === name)!.password;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as ResultCodeError,
  );

for (const personality of ["windows", "samba"] as const) {
  describe(`${personality} directory over LDAP`, () => {
    let dir: Directory;
    let srv: RunningServer;
    beforeAll(async () => {
      dir = createDirectory({ world: "contoso-express", personality });
      srv = await startServer(dir);
    });
    afterAll(async () => {
      await srv.close();
      expect(srv.internalErrors).toEqual([]);
    });

    const ldaps = () => new Client({ url: srv.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });

    it("the connector account binds over LDAPS, finds alice and resets her password", async () => {
      const c = ldaps();
      try {
        await c.bind(MSOL_DN, password("MSOL_0123456789ab"));
        const res = await c.search(BASE, {
          scope: "sub",
          filter: "(sAMAccountName=alice)",
          attributes: ["distinguishedName"],
        });
        expect(res.searchEntries.map((e) => e.dn.toLowerCase())).toEqual([ALICE_DN.toLowerCase()]);
        await c.modify(
          ALICE_DN,
          new Change({
            operation: "replace",
            modification: new Attribute({
              type: "unicodePwd",
              values: [Buffer.from('"Brand-New!Passw0rd9"', "utf16le")],
            }),
          }),
        );
      } finally {
        await c.unbind();
      }
    });

    it("a successful write carries the personality's success message (Samba: 00000000: Success)", async () => {
      const out = (await runLdap3(
        `
import json, ssl, sys
from ldap3 import Server, Connection, Tls, MODIFY_REPLACE
server = Server("127.0.0.1", port=int(sys.argv[1]), use_ssl=True, tls=Tls(validate=ssl.CERT_NONE))
c = Connection(server, user=sys.argv[2], password=sys.argv[3], auto_bind=True)
c.modify(sys.argv[4], {"description": [(MODIFY_REPLACE, ["via ldap3"])]})
print(json.dumps({"result": c.result["result"], "message": c.result["message"]}))
`,
        [String(srv.ldapsPort), `CN=Administrator,CN=Users,${BASE}`, password("Administrator"), ALICE_DN],
      )) as { result: number; message: string };
      expect(out).toEqual({ result: 0, message: dir.successMessage });
    });

    it("refuses SASL and unknown critical controls with the personality's messages", async () => {
      const c = ldaps();
      try {
        const sasl = await failure(c.bindSASL("PLAIN", "\0alice\0x"));
        expect(sasl!.code).toBe(7);
        expect(sasl!.message).toContain(dir.protocolErrors.saslNotSupported("PLAIN").diagnosticMessage);
        const crit = await failure(
          c.search(BASE, { scope: "base" }, new Control("1.2.3.4.5", { critical: true })),
        );
        expect(crit!.code).toBe(12);
        expect(crit!.message).toContain(
          dir.protocolErrors.unavailableCriticalExtension("1.2.3.4.5").diagnosticMessage,
        );
      } finally {
        await c.unbind();
      }
    });

    it("pages a subtree search of the users", async () => {
      const c = ldaps();
      try {
        await c.bind(MSOL_DN, password("MSOL_0123456789ab"));
        const pages: number[] = [];
        for await (const page of c.searchPaginated(BASE, {
          scope: "sub",
          filter: "(objectClass=user)",
          attributes: ["sAMAccountName"],
          paged: { pageSize: 2 },
        })) {
          pages.push(page.searchEntries.length);
        }
        expect(pages.length).toBeGreaterThan(1);
        expect(pages.slice(0, -1).every((n) => n === 2)).toBe(true);
        expect(pages.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(CONTOSO_ACCOUNTS.length);
      } finally {
        await c.unbind();
      }
    });
  });
}
