/**
 * createDirectory: a fake DC from a registered world (registry.ts) or an LDIF world, with its state
 * file and SDProp schedule. It lives above directory/ (which knows no worlds) so the directory never
 * imports the worlds built on it.
 */
import type { SimClock } from "../clock/sim-clock.ts";
import { Directory } from "../directory/directory.ts";
import { runSdProp } from "../directory/sdprop.ts";
import { attachStateFile } from "../directory/state-file.ts";
import type { PersonalityName } from "../personality/catalogue.ts";
import { getPersonality } from "../personality/index.ts";
import { buildLdifWorld, buildLdifWorldFromFile, type LdifWorldSettings } from "./ldif-world.ts";
import { getWorld } from "./registry.ts";

export interface CreateDirectoryOptions {
  /** A registered world's name (an unknown one throws UnknownWorldError), or an LDIF world. */
  world:
    | string
    | { ldifPath: string; settings?: LdifWorldSettings }
    | { ldif: string; settings?: LdifWorldSettings };
  personality: PersonalityName;
  clock?: SimClock;
  seed?: string;
  statePath?: string;
  /** Samba personality: accept simple binds on cleartext ("ldap server require strong auth = no"). */
  allowCleartextSimpleBind?: boolean;
}

/** SDProp interval on Windows (MS-ADTS 3.1.1.6.1.2: AdminSDProtectFrequency default 3600 s). */
export const SDPROP_INTERVAL_MS = 60 * 60 * 1000;

export function createDirectory(opts: CreateDirectoryOptions): Directory {
  const personality = getPersonality(opts.personality);
  const w = opts.world;
  const common = { personality, clock: opts.clock, seed: opts.seed };
  const settings = (s?: LdifWorldSettings) => ({
    allowCleartextSimpleBind: opts.allowCleartextSimpleBind,
    ...s,
  });
  const dc =
    typeof w === "string"
      ? getWorld(w).build({ ...common, allowCleartextSimpleBind: opts.allowCleartextSimpleBind })
      : "ldifPath" in w
        ? buildLdifWorldFromFile(w.ldifPath, { ...common, settings: settings(w.settings) })
        : buildLdifWorld(w.ldif, { ...common, settings: settings(w.settings) });
  if (opts.statePath) attachStateFile(dc, opts.statePath);
  if (personality.quirks.sdProp) dc.clock.every(SDPROP_INTERVAL_MS, () => runSdProp(dc));
  return new Directory(dc);
}
