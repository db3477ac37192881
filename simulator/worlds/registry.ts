/**
 * The one list of named worlds. The scenario schema (harness/scenario), every CLI option that takes a
 * world (wbsim serve, run, explain, list --worlds), the harness and README.md's "Worlds" table read
 * it; nothing else names a world. An unknown name is refused with the list of the known ones, never
 * replaced by a default.
 *
 * A world is a name, a one-line description and a builder. The builder makes the directory state;
 * `connectInstallation` says how Azure AD Connect was installed in that world, so the harness
 * installs it the same way. The list itself (names, descriptions, installation) is WORLD_INFO in
 * world-names.ts, which loads without the directory; this module adds the builders.
 */
import type { SimClock } from "../clock/sim-clock.ts";
import type { Dc } from "../directory/dc.ts";
import type { Personality } from "../personality/catalogue.ts";
import { buildContoso } from "./contoso.ts";
import { UnknownWorldError, WORLD_INFO, type WorldInfo, type WorldName } from "./world-names.ts";

export {
  isWorldName,
  UnknownWorldError,
  WORLD_INFO,
  WORLD_NAMES,
  type WorldInfo,
  type WorldName,
} from "./world-names.ts";

export interface WorldBuildOptions {
  personality: Personality;
  clock?: SimClock;
  seed?: string;
  allowCleartextSimpleBind?: boolean;
}

export interface WorldDefinition extends WorldInfo {
  build(opts: WorldBuildOptions): Dc;
}

/** One builder per world; a Record, so a world added to WORLD_INFO without a builder does not compile. */
const BUILDERS: Record<WorldName, WorldDefinition["build"]> = {
  contoso: (o) => buildContoso({ ...o, variant: "contoso" }),
  "contoso-express": (o) => buildContoso({ ...o, variant: "contoso-express" }),
  "contoso-legacy-dc": (o) => buildContoso({ ...o, variant: "contoso-legacy-dc" }),
};

export const WORLDS: readonly (WorldDefinition & { readonly name: WorldName })[] = WORLD_INFO.map((w) => ({
  ...w,
  build: BUILDERS[w.name],
}));

export function getWorld(name: string): WorldDefinition {
  const world = WORLDS.find((w) => w.name === name);
  if (!world) throw new UnknownWorldError(name);
  return world;
}
