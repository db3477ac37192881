/** Admin tools acting on a DC over LDAP as the signed-in admin: ADUC, dsacls, AdSyncConfig. */
export * from "./aduc/aduc-console.ts";
export * from "./aduc/applies-to.ts";
export * from "./aduc/permission-names.ts";
export * from "./dsacls/dsacls.ts";
export * from "./dsacls/format-listing.ts";
export * from "./dsacls/parse-args.ts";
export * from "./dsacls/split-command-line.ts";
export * from "./powershell/adsyncconfig.ts";
export * from "./powershell/parse-command.ts";
export * from "./powershell/run-powershell.ts";
