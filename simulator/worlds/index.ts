/**
 * Worlds: the named worlds (registry.ts), LDIF worlds and createDirectory, which builds a fake DC
 * from either.
 *
 *   createDirectory({ world: "contoso" | "contoso-express" | "contoso-legacy-dc" | { ldifPath } | { ldif },
 *                     personality: "windows" | "samba", clock?, seed?, statePath?, allowCleartextSimpleBind? })
 *   WORLDS, WORLD_NAMES, getWorld(name), isWorldName(name), UnknownWorldError
 */
export { CONTOSO_ACCOUNTS, CONTOSO_BASE_DN, CONTOSO_DOMAIN_SID } from "./contoso.ts";
export { type CreateDirectoryOptions, createDirectory, SDPROP_INTERVAL_MS } from "./create-directory.ts";
export type { LdifWorldSettings } from "./ldif-world.ts";
export {
  getWorld,
  isWorldName,
  UnknownWorldError,
  WORLD_NAMES,
  WORLDS,
  type WorldBuildOptions,
  type WorldDefinition,
  type WorldName,
} from "./registry.ts";
