/** Option-value parsers the wbsim commands share (commander calls them; a bad value exits 2). */
import { InvalidArgumentError } from "commander";
import { isWorldName, UnknownWorldError, WORLD_NAMES, type WorldName } from "../worlds/world-names.ts";

/** Accepts one of `choices`; anything else is refused with the list: expected "a", "b" or "c". */
export function oneOf<const T extends string>(...choices: T[]): (value: string) => T {
  const quoted = choices.map((c) => `"${c}"`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}` : quoted[0];
  return (value) => {
    if (!(choices as string[]).includes(value)) throw new InvalidArgumentError(`expected ${list}`);
    return value as T;
  };
}

/** --personality: which DC the fake DC behaves like. */
export const personalityValue = oneOf("windows", "samba");

/** --world: a world from the registry (simulator/worlds/registry.ts); anything else lists the known ones. */
export function worldValue(value: string): WorldName {
  if (!isWorldName(value)) throw new InvalidArgumentError(new UnknownWorldError(value).message);
  return value;
}

/** The registered worlds for an option's help text: "contoso, contoso-express or contoso-legacy-dc". */
export const WORLD_CHOICES = `${WORLD_NAMES.slice(0, -1).join(", ")} or ${WORLD_NAMES.at(-1)}`;
