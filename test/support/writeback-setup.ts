/**
 * The steps the Connect tests and the Connect bench take to make a DC ready for password writeback,
 * the way an administrator does: ADUC as a domain admin over LDAPS, the documented grant to the
 * connector account (Advanced Features on, Security tab), a domain policy change, the objectGUID of a
 * user as Connect's sourceAnchor, and a bind to check a password took. They work on the fake DC and
 * on the Samba container alike.
 */
import { Attribute, Change, Client } from "ldapts";
import { AducConsole } from "../../simulator/admin-tools/index.ts";
import type { WritebackDraft } from "../../simulator/cloud/relay/relay.ts";

export const CONTOSO_DN = "DC=contoso,DC=com";
export const CONNECTOR_ACCOUNT = "CONTOSO\\MSOL_0123456789ab";
export const CONNECTOR_PASSWORD = "Msol!Passw0rd#1";
/** The contoso world's domain admin, as an NT4 name (how an admin types it into ADUC). */
export const CONTOSO_ADMIN = { bindName: "CONTOSO\\Administrator", password: "Adm1n!Passw0rd" };

/** Opens ADUC over LDAPS; as the contoso Administrator unless told otherwise. */
export function openAduc(url: string, admin: { bindName: string; password: string } = CONTOSO_ADMIN) {
  return AducConsole.open({ url, bindName: admin.bindName, password: admin.password });
}

export interface WritebackGrant {
  /** Default: the documented pair, "Reset password" and "Change password". */
  permissions?: string[];
  /** Default: "Write lockoutTime" and "Write pwdLastSet". */
  properties?: string[];
}

/**
 * The grant the writeback docs ask for, on the domain root for descendant User objects, made through
 * ADUC's Advanced Security Settings (which needs View → Advanced Features on).
 */
export async function grantConnectorWriteback(aduc: AducConsole, grant: WritebackGrant = {}): Promise<void> {
  aduc.setAdvancedFeatures(true);
  await aduc.addPermission({
    object: CONTOSO_DN,
    principal: CONNECTOR_ACCOUNT,
    appliesTo: "Descendant User objects",
    permissions: grant.permissions ?? ["Reset password", "Change password"],
    properties: grant.properties ?? ["Write lockoutTime", "Write pwdLastSet"],
  });
}

/** Replaces attributes of the domain object (the domain password and lockout policy), one change each. */
export async function setDomainPolicy(aduc: AducConsole, values: Record<string, string>): Promise<void> {
  await aduc.session.client.modify(
    CONTOSO_DN,
    Object.entries(values).map(
      ([type, value]) =>
        new Change({ operation: "replace", modification: new Attribute({ type, values: [value] }) }),
    ),
  );
}

/** An entry's objectGUID in base64: the sourceAnchor Connect syncs it with. */
export async function anchorOf(aduc: AducConsole, dn: string): Promise<string> {
  const e = await aduc.session.readEntry(dn, ["objectGUID"], ["objectGUID"]);
  return (e.objectGUID as Buffer).toString("base64");
}

/** Whether a simple bind over LDAPS with this password succeeds. */
export async function bindsWith(url: string, upn: string, password: string): Promise<boolean> {
  const c = new Client({ url, tlsOptions: { rejectUnauthorized: false } });
  try {
    await c.bind(upn, password);
    return true;
  } catch {
    return false;
  } finally {
    await c.unbind().catch(() => {});
  }
}

/** An SSPR reset as the cloud drafts it (unlock, policy enforced, no forced change); `over` changes any field. */
export function ssprResetDraft(
  cloudAnchor: string,
  userPrincipalName: string,
  over: Partial<WritebackDraft> = {},
): WritebackDraft {
  return {
    kind: "reset",
    origin: "sspr",
    cloudAnchor,
    userPrincipalName,
    unlockAccount: true,
    forceChangeAtNextLogon: false,
    enforcePasswordPolicy: true,
    ...over,
  };
}
