/**
 * A generated large world for the scale benchmark: contoso plus `ous` OUs under OU=Scale, with
 * `users` users spread evenly (user00000042 in OU=Scale0042 …). Every user gets a password hash
 * (same password, own salt), an objectSid from the RID pool and the inherited SD — which is interned,
 * so 100k users share a handful of SD objects.
 */
import type { SimClock } from "../clock/sim-clock.ts";
import { addEntry } from "../directory/add.ts";
import type { Attribute } from "../directory/api.ts";
import { Directory, systemContext } from "../directory/directory.ts";
import { hashPassword, nextHistory, WINDOWS_DEFAULT_POLICY } from "../directory/passwords/index.ts";
import type { PersonalityName } from "../personality/catalogue.ts";
import { getPersonality } from "../personality/index.ts";
import { buildContoso, CONTOSO_BASE_DN } from "./contoso.ts";

export const SCALE_PASSWORD = "Scale!Passw0rd1";

export interface ScaleOptions {
  users: number;
  ous: number;
  personality?: PersonalityName;
  clock?: SimClock;
  seed?: string;
}

const b = (v: string | number | bigint) => Buffer.from(String(v));

export function buildScaleWorld(opts: ScaleOptions): Directory {
  const dc = buildContoso({
    personality: getPersonality(opts.personality ?? "windows"),
    clock: opts.clock,
    seed: opts.seed ?? "scale",
  });
  const ctx = systemContext();
  const root = `OU=Scale,${CONTOSO_BASE_DN}`;
  const ouOc: Attribute = { type: "objectClass", values: [b("organizationalUnit")] };
  addEntry(dc, root, [ouOc], ctx, { system: true });
  const ouDns: string[] = [];
  for (let i = 0; i < opts.ous; i++) {
    const dn = `OU=Scale${String(i).padStart(4, "0")},${root}`;
    addEntry(dc, dn, [ouOc], ctx, { system: true });
    ouDns.push(dn);
  }
  const userOc: Attribute = { type: "objectClass", values: [b("user")] };
  const uac: Attribute = { type: "userAccountControl", values: [b(512)] };
  const pls: Attribute = { type: "pwdLastSet", values: [b(dc.nowFileTime() - 7n * 864_000_000_000n)] };
  for (let i = 0; i < opts.users; i++) {
    const name = `user${String(i).padStart(6, "0")}`;
    const hash = hashPassword(SCALE_PASSWORD);
    addEntry(
      dc,
      `CN=${name},${ouDns[i % ouDns.length]}`,
      [
        userOc,
        uac,
        pls,
        { type: "sAMAccountName", values: [b(name)] },
        { type: "userPrincipalName", values: [b(`${name}@contoso.com`)] },
      ],
      ctx,
      { system: true, secrets: { hash, history: nextHistory([], hash, WINDOWS_DEFAULT_POLICY) } },
    );
  }
  return new Directory(dc);
}
