/**
 * Smoke test of the real Samba AD DC container (harness/targets/samba-container.ts): it starts, it
 * holds the `contoso` objects with the fixed domain SID, and it answers the two requests every
 * other conformance check builds on exactly as samba-observations.md records (§3, §7).
 */
import { Attribute, Change, Client, InsufficientAccessError, StrongAuthRequiredError } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedSambaDc, startSambaDc } from "../../harness/targets/samba-container.ts";

const MSOL_UPN = "MSOL_0123456789ab@contoso.com";
const MSOL_PASSWORD = "Msol!Passw0rd#1";

describe("Samba AD DC container", () => {
  let dc: StartedSambaDc;
  const clients: Client[] = [];
  const client = (url: string) => {
    const c = new Client({
      url,
      ...(url.startsWith("ldaps:") ? { tlsOptions: { rejectUnauthorized: false } } : {}),
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dc = await startSambaDc();
  });
  afterAll(async () => {
    for (const c of clients) await c.unbind().catch(() => undefined);
    await dc?.stop();
  });

  it("publishes LDAP and LDAPS on loopback and describes the lab domain", () => {
    expect(dc.ldapUrl).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
    expect(dc.ldapsUrl).toMatch(/^ldaps:\/\/127\.0\.0\.1:\d+$/);
    expect(dc.baseDn).toBe("DC=contoso,DC=com");
    expect(dc.domainSid).toBe("S-1-5-21-1004336348-1177238915-682003330");
    expect(dc.adminDn).toBe("CN=Administrator,CN=Users,DC=contoso,DC=com");
  });

  it("lets MSOL bind over LDAPS and read alice", async () => {
    const c = client(dc.ldapsUrl);
    await c.bind(MSOL_UPN, MSOL_PASSWORD);
    const { searchEntries } = await c.search("CN=alice,OU=Staff,DC=contoso,DC=com", {
      scope: "base",
      attributes: ["sAMAccountName", "userPrincipalName", "userAccountControl", "objectSid"],
      explicitBufferAttributes: ["objectSid"],
    });
    expect(searchEntries).toHaveLength(1);
    const alice = searchEntries[0];
    expect(alice.sAMAccountName).toBe("alice");
    expect(alice.userPrincipalName).toBe("alice@contoso.com");
    expect(alice.userAccountControl).toBe("512");
    // objectSid = fixed domain SID + RID 1102 (little-endian sub-authorities, MS-DTYP 2.4.2.2).
    const sid = alice.objectSid as Buffer;
    const subs = Array.from({ length: sid[1] }, (_, i) => sid.readUInt32LE(8 + 4 * i));
    expect(`S-1-5-${subs.join("-")}`).toBe(`${dc.domainSid}-1102`);
  });

  it("refuses MSOL's unicodePwd reset without grants with Samba's acl-module message (§3)", async () => {
    const c = client(dc.ldapsUrl);
    await c.bind(MSOL_UPN, MSOL_PASSWORD);
    const error = await c
      .modify(
        "CN=alice,OU=Staff,DC=contoso,DC=com",
        new Change({
          operation: "replace",
          modification: new Attribute({
            type: "unicodePwd",
            values: [Buffer.from('"NewPassw0rd!1"', "utf16le")],
          }),
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(InsufficientAccessError);
    expect((error as InsufficientAccessError).code).toBe(50);
    // ldapts appends " Code: 0x32" to the server's diagnosticMessage.
    expect((error as Error).message).toBe(
      "error in module acl: insufficient access rights during LDB_MODIFY (50) Code: 0x32",
    );
  });

  it("refuses a simple bind over cleartext LDAP with strongerAuthRequired (§7, default config)", async () => {
    const c = client(dc.ldapUrl);
    const error = await c.bind(MSOL_UPN, MSOL_PASSWORD).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StrongAuthRequiredError);
    expect((error as StrongAuthRequiredError).code).toBe(8);
    expect((error as Error).message).toBe("BindSimple: Transport encryption required. Code: 0x8");
  });
});
