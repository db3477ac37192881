/**
 * The one list of named worlds. The scenario schema (harness/scenario), every CLI option that takes a
 * world (wbsim serve, run, explain, list --worlds), the harness and README.md's "Worlds" table read
 * it; nothing else names a world. An unknown name is refused with the list of the known ones, never
 * replaced by a default.
 *
 * A world is a name, a one-line description and a builder. The builder makes the directory state;
 * `connectInstallation` says how Azure AD Connect was installed in that world, so the harness
 * installs it the same way.
 */
import type { SimClock } from "../clock/sim-clock.ts";
import type { Dc } from "../directory/dc.ts";
import type { Personality } from "../personality/catalogue.ts";
import { buildContoso } from "./contoso.ts";

export interface WorldBuildOptions {
  personality: Personality;
  clock?: SimClock;
  seed?: string;
  allowCleartextSimpleBind?: boolean;
}

export interface WorldDefinition {
  readonly name: string;
  /** One line, as README.md's "Worlds" table and `wbsim list --worlds` show it. */
  readonly description: string;
  /** How Azure AD Connect was installed: express creates its own MSOL_ account over LDAP. */
  readonly connectInstallation: "custom" | "express";
  build(opts: WorldBuildOptions): Dc;
}

export const WORLDS = [
  {
    name: "contoso",
    description:
      "contoso.com with one Windows DC; the connector account MSOL_0123456789ab holds read permissions only",
    connectInstallation: "custom",
    build: (o) => buildContoso({ ...o, variant: "contoso" }),
  },
  {
    name: "contoso-express",
    description: "contoso after an Express installation: the connector account holds the express permissions",
    connectInstallation: "express",
    build: (o) => buildContoso({ ...o, variant: "contoso-express" }),
  },
  {
    name: "contoso-legacy-dc",
    description: "contoso on a Windows DC that lacks the LDAP password policy hints control",
    connectInstallation: "custom",
    build: (o) => buildContoso({ ...o, variant: "contoso-legacy-dc" }),
  },
] as const satisfies readonly WorldDefinition[];

export type WorldName = (typeof WORLDS)[number]["name"];

export const WORLD_NAMES: readonly WorldName[] = WORLDS.map((w) => w.name);

export function isWorldName(name: string): name is WorldName {
  return (WORLD_NAMES as readonly string[]).includes(name);
}

/** A world name nobody registered; the message lists the known ones (and the closest, if near). */
export class UnknownWorldError extends Error {
  constructor(readonly world: string) {
    const near = closestWorld(world);
    super(
      `unknown world "${world}"${near ? ` (did you mean "${near}"?)` : ""}; known worlds: ${WORLD_NAMES.join(", ")}`,
    );
    this.name = "UnknownWorldError";
  }
}

export function getWorld(name: string): WorldDefinition {
  const world = WORLDS.find((w) => w.name === name);
  if (!world) throw new UnknownWorldError(name);
  return world;
}

/** The registered name within two edits of `typed` (a typo), if exactly one is. */
function closestWorld(typed: string): WorldName | undefined {
  const near = WORLD_NAMES.filter((n) => editDistance(n, typed.toLowerCase()) <= 2);
  return near.length === 1 ? near[0] : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
