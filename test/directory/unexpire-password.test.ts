/**
 * Unexpire-Password evaluated on a password set (MS-SAMR 3.1.1.8.7 step 3), over the LDAP wire:
 * the connector account resets alice's password over LDAPS; the pwdLastSet it leaves depends on
 * whether the connector holds Unexpire-Password on the domain object. Authenticated Users hold it by
 * default ((OA;;CR;ccc2dc7d-…;;AU), SA-ACL), so the grant is first removed through ADUC.
 */
import { Attribute, Change, Client } from "ldapts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AducConsole } from "../../simulator/admin-tools/index.ts";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import {
  CONNECTOR_ACCOUNT,
  CONNECTOR_PASSWORD,
  CONTOSO_DN,
  grantConnectorWriteback,
  openAduc,
} from "../support/writeback-setup.ts";

const ALICE = `CN=alice,OU=Staff,${CONTOSO_DN}`;
const unicodePwd = (p: string) => Buffer.from(`"${p}"`, "utf16le");

async function resetAsConnector(url: string, password: string): Promise<void> {
  const c = new Client({ url, tlsOptions: { rejectUnauthorized: false } });
  try {
    await c.bind(CONNECTOR_ACCOUNT, CONNECTOR_PASSWORD);
    await c.modify(
      ALICE,
      new Change({
        operation: "replace",
        modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(password)] }),
      }),
    );
  } finally {
    await c.unbind();
  }
}

async function pwdLastSet(aduc: AducConsole): Promise<string> {
  return String((await aduc.session.readEntry(ALICE, ["pwdLastSet"])).pwdLastSet);
}

const removeAuthenticatedUsersUnexpire = (aduc: AducConsole) =>
  aduc.removePermission({
    object: CONTOSO_DN,
    principal: "NT AUTHORITY\\Authenticated Users",
    appliesTo: "This object only",
    permissions: ["Unexpire Password"],
  });

for (const personality of ["windows", "samba"] as const) {
  describe(`${personality}: pwdLastSet after a reset by the connector account`, () => {
    let dc: FakeDc;
    let aduc: AducConsole;
    beforeEach(async () => {
      dc = await startFakeDc({ personality });
      aduc = await openAduc(dc.ldapsUrl);
      await grantConnectorWriteback(aduc, { permissions: ["Reset password"] });
    });
    afterEach(async () => {
      await aduc.close();
      await dc.close();
      expect(dc.internalErrors).toEqual([]);
    });

    it("the default domain: Authenticated Users' Unexpire Password stamps the current time", async () => {
      await resetAsConnector(dc.ldapsUrl, "Fresh!Passw0rd1");
      expect(BigInt(await pwdLastSet(aduc))).toBeGreaterThan(0n);
    });

    it("without Unexpire Password on the domain object", async () => {
      await removeAuthenticatedUsersUnexpire(aduc);
      await resetAsConnector(dc.ldapsUrl, "Fresh!Passw0rd2");
      if (personality === "windows") expect(await pwdLastSet(aduc)).toBe("0");
      // Samba 4.17 stamps the time anyway (conformance op "Unexpire-Password taken from Authenticated Users")
      else expect(BigInt(await pwdLastSet(aduc))).toBeGreaterThan(0n);
    });

    it("the tutorial's second ACE (This object and all descendant objects) restores it", async () => {
      await removeAuthenticatedUsersUnexpire(aduc);
      await aduc.addPermission({
        object: CONTOSO_DN,
        principal: CONNECTOR_ACCOUNT,
        appliesTo: "This object and all descendant objects",
        permissions: ["Unexpire Password"],
      });
      await resetAsConnector(dc.ldapsUrl, "Fresh!Passw0rd3");
      expect(BigInt(await pwdLastSet(aduc))).toBeGreaterThan(0n);
    });
  });
}
