/** The Microsoft Graph permissions the simulator knows (delegated scopes and application roles). */
export const GRAPH_DELEGATED_SCOPES = [
  "User.Read",
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.AccessAsUser.All",
  "UserAuthenticationMethod.ReadWrite.All",
  "User-PasswordProfile.ReadWrite.All",
] as const;

export const GRAPH_APPLICATION_ROLES = [
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "UserAuthenticationMethod.ReadWrite.All",
  "User-PasswordProfile.ReadWrite.All",
] as const;

export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

export function isKnownDelegatedScope(s: string): boolean {
  return GRAPH_DELEGATED_SCOPES.some((k) => k.toLowerCase() === s.toLowerCase());
}

export function canonicalScope(s: string): string {
  return GRAPH_DELEGATED_SCOPES.find((k) => k.toLowerCase() === s.toLowerCase()) ?? s;
}

/** Whether a token's permissions include any of `needed` (scp for delegated, roles for app). */
export function hasAnyPermission(granted: readonly string[], needed: readonly string[]): boolean {
  const g = new Set(granted.map((x) => x.toLowerCase()));
  return needed.some((n) => g.has(n.toLowerCase()));
}
