/**
 * The LDAP client kit Connect (its installer, sync and writeback agent) and the admin tools (ADUC,
 * dsacls, AdSyncConfig) share: connections over LDAPS or StartTLS, the AD request controls, result
 * outcomes, value escaping, and an administrator's DirectorySession (SDs with the SD-flags control,
 * principal resolution, SID names). It depends on ldapts and security/ only.
 */
export * from "./connection.ts";
export * from "./controls.ts";
export * from "./directory-session.ts";
export * from "./outcome.ts";
export * from "./principal-names.ts";
export * from "./values.ts";
