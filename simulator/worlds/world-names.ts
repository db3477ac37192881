/**
 * The named worlds without their builders: name, one-line description, and how Azure AD Connect was
 * installed. registry.ts gives each a builder; this half stays free of the directory so that what
 * only needs the names (the CLI's option parsers and help text, `wbsim list --worlds`) loads in
 * milliseconds: `wbsim --help` must not build the directory code to print "contoso, …".
 */

export interface WorldInfo {
  readonly name: string;
  /** One line, as README.md's "Worlds" table and `wbsim list --worlds` show it. */
  readonly description: string;
  /** How Azure AD Connect was installed: express creates its own MSOL_ account over LDAP. */
  readonly connectInstallation: "custom" | "express";
}

export const WORLD_INFO = [
  {
    name: "contoso",
    description:
      "contoso.com with one Windows DC; the connector account MSOL_0123456789ab holds read permissions only",
    connectInstallation: "custom",
  },
  {
    name: "contoso-express",
    description: "contoso after an Express installation: the connector account holds the express permissions",
    connectInstallation: "express",
  },
  {
    name: "contoso-legacy-dc",
    description: "contoso on a Windows DC that lacks the LDAP password policy hints control",
    connectInstallation: "custom",
  },
] as const satisfies readonly WorldInfo[];

export type WorldName = (typeof WORLD_INFO)[number]["name"];

export const WORLD_NAMES: readonly WorldName[] = WORLD_INFO.map((w) => w.name);

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
