/** python ldap3 (Debian's /usr/bin/python3) against the server: the client Azure AD Connect-like tools resemble. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLdap3 } from "../support/tools.ts";
import { makeDirectory, type RunningServer, startServer } from "./support/server-fixture.ts";
import {
  ALICE_DN,
  ALICE_PASSWORD,
  PAGED_COUNT,
  PAGED_OU,
  type StubDirectory,
} from "./support/stub-directory.ts";

let dir: StubDirectory;
let srv: RunningServer;

beforeAll(async () => {
  dir = makeDirectory();
  srv = await startServer(dir);
});
afterAll(async () => {
  await srv.close();
});

const PRELUDE = `
import json, ssl, sys
from ldap3 import Server, Connection, Tls, SIMPLE, SASL, DIGEST_MD5, MODIFY_REPLACE, SUBTREE, LEVEL
port, ldaps_port, user, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
tls = Tls(validate=ssl.CERT_NONE)
plain = Server("127.0.0.1", port=port, tls=tls)
secure = Server("127.0.0.1", port=ldaps_port, use_ssl=True, tls=tls)
`;

const args = () => [String(srv.port), String(srv.ldapsPort), "alice@contoso.com", ALICE_PASSWORD];

describe("ldap3", () => {
  it("binds by UPN over LDAPS and writes unicodePwd; the directory gets the UTF-16LE bytes", async () => {
    const out = (await runLdap3(
      `${PRELUDE}
c = Connection(secure, user=user, password=password, authentication=SIMPLE)
ok = c.bind()
c.modify("${ALICE_DN}", {"unicodePwd": [(MODIFY_REPLACE, ['"Pässw0rd€"'.encode("utf-16-le")])]})
print(json.dumps({"bind": ok, "modify": c.result["result"]}))
`,
      args(),
    )) as { bind: boolean; modify: number };
    expect(out).toEqual({ bind: true, modify: 0 });
    expect(dir.lastCall("bindSimple")!.target).toBe("alice@contoso.com");
    const call = dir.lastCall("modify")!;
    expect(call.ctx.secure).toBe(true);
    expect(call.changes![0].modification.values[0].equals(Buffer.from('"Pässw0rd€"', "utf16le"))).toBe(true);
  });

  it("StartTLS then a secure password write; a second StartTLS is refused", async () => {
    const out = (await runLdap3(
      `${PRELUDE}
c = Connection(plain, user=user, password=password, authentication=SIMPLE)
c.open(); tls_ok = c.start_tls(); c.bind()
c.modify("${ALICE_DN}", {"unicodePwd": [(MODIFY_REPLACE, ['"N3w-pass"'.encode("utf-16-le")])]})
mod = c.result["result"]
c.extend.standard.who_am_i()
print(json.dumps({"tls": tls_ok, "modify": mod, "who": c.result.get("responseValue") and c.extend.standard.who_am_i()}))
`,
      args(),
    )) as { tls: boolean; modify: number; who: string };
    expect(out.tls).toBe(true);
    expect(out.modify).toBe(0);
    expect(out.who).toBe("u:CONTOSO\\alice");
    expect(dir.lastCall("modify")!.ctx.secure).toBe(true);
  });

  it("SASL DIGEST-MD5 gets 7 and the same connection then binds simply and searches", async () => {
    const out = (await runLdap3(
      `${PRELUDE}
c = Connection(plain, authentication=SASL, sasl_mechanism=DIGEST_MD5, sasl_credentials=(None, "alice", "x", None))
c.open()
try:
    c.bind()
except Exception:
    pass
sasl = c.result["result"]
c.authentication = SIMPLE; c.user = user; c.password = password
c.bind()
c.search("${ALICE_DN}", "(objectClass=*)", attributes=["cn"])
print(json.dumps({"sasl": sasl, "entries": [e.entry_dn for e in c.entries]}))
`,
      args(),
    )) as { sasl: number; entries: string[] };
    expect(out.sasl).toBe(7);
    expect(out.entries).toEqual([ALICE_DN]);
  });

  it("paged search with paged_search generator returns every entry", async () => {
    const out = (await runLdap3(
      `${PRELUDE}
c = Connection(secure, user=user, password=password, auto_bind=True)
entries = list(c.extend.standard.paged_search("${PAGED_OU}", "(objectClass=user)", search_scope=LEVEL, attributes=["cn"], paged_size=3, generator=True))
print(json.dumps(sorted(e["dn"] for e in entries if e["type"] == "searchResEntry")))
`,
      args(),
    )) as string[];
    expect(out).toHaveLength(PAGED_COUNT);
  });
});
