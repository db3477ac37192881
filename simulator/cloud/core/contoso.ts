/**
 * The contoso world's cloud side: tenant contoso.onmicrosoft.com (fixed id CONTOSO_TENANT_ID,
 * verified domain contoso.com), the two cloud admin accounts, the simulator's app registrations, and
 * the synced users alice, frank, dave, bob and carol.
 *
 * Synced users: their SIDs are the contoso domain SID S-1-5-21-1004336348-1177238915-682003330 plus
 * the RID the directory assigns. simulator/worlds/contoso.ts is the authority: it hands out RIDs from
 * 1103 in account order (MSOL_0123456789ab 1103, alice 1104, frank 1105, dave 1106, bob 1107, carol
 * 1108) and places them at CN=<name> under OU=Staff (alice, frank), OU=Sales (dave), CN=Users (bob)
 * and OU=Admins (carol, a Domain Admins member). The anchors (base64 objectGUID) depend on the
 * directory's seeded GUIDs, so the defaults here are ASSUMED and every field can be overridden — the
 * Connect sync engine passes what the directory really holds.
 */
import { SeededIds } from "../../clock/seeded-ids.ts";
import { Cloud, type CloudOptions } from "./cloud.ts";
import {
  CONTOSO_ADMIN_PASSWORD,
  CONTOSO_ADMIN_UPN,
  CONTOSO_HELPDESK_PASSWORD,
  CONTOSO_HELPDESK_UPN,
  CONTOSO_INITIAL_DOMAIN,
  CONTOSO_TENANT_ID,
  CONTOSO_VERIFIED_DOMAIN,
  WBSIM_DAEMON_CLIENT_ID,
  WBSIM_DAEMON_CLIENT_SECRET,
  WBSIM_PUBLIC_CLIENT_ID,
} from "./constants.ts";
import { ROLE } from "./directory-roles.ts";
import { GRAPH_APPLICATION_ROLES, GRAPH_DELEGATED_SCOPES } from "./graph-permissions.ts";
import type { AuthMethodRegistration, CloudUser } from "./model.ts";
import type { Tenant } from "./tenant.ts";

export const CONTOSO_DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";

export interface ContosoSyncedUser {
  sam: string;
  displayName: string;
  userPrincipalName: string;
  /** Relative id; the SID is CONTOSO_DOMAIN_SID-rid. */
  rid: number;
  distinguishedName: string;
  /** base64 objectGUID (the sourceAnchor). */
  immutableId: string;
  accountEnabled: boolean;
  authMethods: AuthMethodRegistration[];
}

export type ContosoSyncedUserOverride = Partial<Omit<ContosoSyncedUser, "sam">> & {
  /** A full SID instead of a RID. */
  sid?: string;
  /** Stands for password hash sync of the user's current AD password. */
  password?: string;
};

/** sAMAccountName, display name, parent container (as in simulator/worlds/contoso.ts). */
const NAMES: Array<[string, string, string]> = [
  ["alice", "Alice Anders", "OU=Staff"],
  ["frank", "Frank Fischer", "OU=Staff"],
  ["dave", "Dave Dalton", "OU=Sales"],
  ["bob", "Bob Berger", "CN=Users"],
  ["carol", "Carol Clarke", "OU=Admins"],
];

/** objectGUID (string form) → onPremisesImmutableId (base64 of the GUID's little-endian bytes). */
export function immutableIdFromGuid(guid: string): string {
  const h = guid.replace(/-/g, "");
  const le = (s: string) => s.match(/../g)!.reverse().join("");
  const bytes = le(h.slice(0, 8)) + le(h.slice(8, 12)) + le(h.slice(12, 16)) + h.slice(16);
  return Buffer.from(bytes, "hex").toString("base64");
}

/** Defaults matching simulator/worlds/contoso.ts (RIDs, DNs); anchors are ASSUMED. */
export function defaultContosoSyncedUsers(): ContosoSyncedUser[] {
  const ids = new SeededIds("contoso:objectGUIDs");
  return NAMES.map(([sam, displayName, parent], i) => ({
    sam,
    displayName,
    userPrincipalName: `${sam}@${CONTOSO_VERIFIED_DOMAIN}`,
    rid: 1104 + i,
    distinguishedName: `CN=${sam},${parent},DC=contoso,DC=com`,
    immutableId: immutableIdFromGuid(ids.guid()),
    accountEnabled: true,
    authMethods: [
      { type: "email", target: `${sam}@fabrikam-mail.example` },
      { type: "mobilePhone", target: `+1 42555501${String(i + 1).padStart(2, "0")}` },
    ],
  }));
}

/** Creates contoso.onmicrosoft.com with its cloud admins and apps (no synced users yet). */
export function createContosoTenant(cloud: Cloud): Tenant {
  const t = cloud.addTenant({
    id: CONTOSO_TENANT_ID,
    initialDomain: CONTOSO_INITIAL_DOMAIN,
    verifiedDomains: [CONTOSO_VERIFIED_DOMAIN],
    displayName: "Contoso",
  });
  t.createCloudUser({
    userPrincipalName: CONTOSO_ADMIN_UPN,
    displayName: "Contoso Admin",
    password: CONTOSO_ADMIN_PASSWORD,
    roles: [ROLE.globalAdministrator],
    authMethods: [
      { type: "email", target: "admin@fabrikam-mail.example" },
      { type: "mobilePhone", target: "+1 4255550100" },
    ],
  });
  t.createCloudUser({
    userPrincipalName: CONTOSO_HELPDESK_UPN,
    displayName: "Contoso Helpdesk",
    password: CONTOSO_HELPDESK_PASSWORD,
    roles: [ROLE.authenticationAdministrator],
    authMethods: [
      { type: "email", target: "helpdesk@fabrikam-mail.example" },
      { type: "mobilePhone", target: "+1 4255550199" },
    ],
  });
  t.registerApplication({
    clientId: WBSIM_PUBLIC_CLIENT_ID,
    displayName: "wbsim public client",
    delegatedPermissions: [...GRAPH_DELEGATED_SCOPES],
  });
  t.registerApplication({
    clientId: WBSIM_DAEMON_CLIENT_ID,
    displayName: "wbsim daemon",
    secret: WBSIM_DAEMON_CLIENT_SECRET,
    applicationPermissions: [...GRAPH_APPLICATION_ROLES],
  });
  return t;
}

/** Upserts alice, frank, dave, bob and carol as Connect would, with optional per-user overrides. */
export function seedContosoSyncedUsers(
  tenant: Tenant,
  overrides: Record<string, ContosoSyncedUserOverride> = {},
): CloudUser[] {
  return defaultContosoSyncedUsers().map((d) => {
    const o = overrides[d.sam] ?? {};
    const u = { ...d, ...o };
    return tenant.upsertSyncedUser({
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName,
      accountEnabled: u.accountEnabled,
      onPremisesImmutableId: u.immutableId,
      onPremisesSecurityIdentifier: o.sid ?? `${CONTOSO_DOMAIN_SID}-${u.rid}`,
      onPremisesDistinguishedName: u.distinguishedName,
      onPremisesSamAccountName: d.sam,
      onPremisesDomainName: CONTOSO_VERIFIED_DOMAIN,
      authMethods: u.authMethods,
      password: o.password,
    });
  });
}

/** A Cloud holding the contoso tenant, optionally with its synced users. */
export function createContosoCloud(
  opts: CloudOptions & { syncedUsers?: boolean | Record<string, ContosoSyncedUserOverride> } = {},
): { cloud: Cloud; tenant: Tenant } {
  const cloud = new Cloud(opts);
  const tenant = createContosoTenant(cloud);
  if (opts.syncedUsers !== false)
    seedContosoSyncedUsers(tenant, typeof opts.syncedUsers === "object" ? opts.syncedUsers : {});
  return { cloud, tenant };
}
