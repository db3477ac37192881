/**
 * The builds of AdSyncConfig.psm1 the simulator knows (adsyncconfig.ts's header says how they differ).
 * Apart from adsyncconfig.ts so that `wbsim powershell --module`'s choices load without the LDAP client.
 */
export type AdSyncConfigVersion = "current" | "pre-2.0.3.0";
export const ADSYNCCONFIG_VERSIONS: readonly AdSyncConfigVersion[] = ["current", "pre-2.0.3.0"];
