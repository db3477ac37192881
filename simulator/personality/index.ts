import type { Personality, PersonalityName } from "./catalogue.ts";
import { sambaPersonality } from "./samba.ts";
import { windowsPersonality } from "./windows.ts";

export type { ErrorKey, MessageArgs, Personality, PersonalityName, Quirks } from "./catalogue.ts";

export function getPersonality(name: PersonalityName): Personality {
  if (name === "windows") return windowsPersonality;
  if (name === "samba") return sambaPersonality;
  throw new Error(`unknown personality "${name}" (expected windows or samba)`);
}
