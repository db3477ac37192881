/**
 * The Entra ID directory roles the simulator models, with their real role template ids
 * (learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference), and who
 * may reset whose password. Graph and the portals check these live, at request time.
 */
export const ROLE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  hybridIdentityAdministrator: "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
  privilegedAuthenticationAdministrator: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
  authenticationAdministrator: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
} as const;

export type RoleTemplateId = (typeof ROLE)[keyof typeof ROLE];

export const ROLE_DISPLAY_NAMES: Record<RoleTemplateId, string> = {
  [ROLE.globalAdministrator]: "Global Administrator",
  [ROLE.hybridIdentityAdministrator]: "Hybrid Identity Administrator",
  [ROLE.privilegedAuthenticationAdministrator]: "Privileged Authentication Administrator",
  [ROLE.authenticationAdministrator]: "Authentication Administrator",
  [ROLE.userAdministrator]: "User Administrator",
};

export function roleByName(name: string): RoleTemplateId | undefined {
  const hit = Object.entries(ROLE_DISPLAY_NAMES).find(([, n]) => n.toLowerCase() === name.toLowerCase());
  return hit?.[0] as RoleTemplateId | undefined;
}

/**
 * Password-reset authority, from the "Who can reset passwords" table of the permissions reference:
 * Global and Privileged Authentication Administrators reset anyone; Authentication Administrators
 * reset non-admins and other Authentication Administrators; User Administrators reset non-admins and
 * other User Administrators. Hybrid Identity Administrators reset nobody.
 */
export function mayResetPassword(actorRoles: ReadonlySet<string>, targetRoles: ReadonlySet<string>): boolean {
  if (actorRoles.has(ROLE.globalAdministrator) || actorRoles.has(ROLE.privilegedAuthenticationAdministrator))
    return true;
  const targetIsPrivileged = [...targetRoles].some(
    (r) =>
      r === ROLE.globalAdministrator ||
      r === ROLE.privilegedAuthenticationAdministrator ||
      r === ROLE.hybridIdentityAdministrator,
  );
  if (targetIsPrivileged) return false;
  if (actorRoles.has(ROLE.authenticationAdministrator)) {
    return [...targetRoles].every((r) => r === ROLE.authenticationAdministrator);
  }
  if (actorRoles.has(ROLE.userAdministrator)) {
    return [...targetRoles].every((r) => r === ROLE.userAdministrator);
  }
  return false;
}

/** Roles that make a user an "administrator" for SSPR purposes (the admin policy and SSPR_009). */
export function isAdminForSspr(roles: ReadonlySet<string>): boolean {
  return roles.size > 0;
}
