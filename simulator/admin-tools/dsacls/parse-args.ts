/**
 * dsacls command-line grammar (dsacls /?):
 *   dsacls object [/A] [/D {user|group}:permissions [...]] [/G {user|group}:permissions [...]]
 *          [/I:{T|S|P}] [/N] [/P:{Y|N}] [/R {user|group} [...]] [/S [/T]]
 * permissions = <perm bits>[;<object type|property|extended right>][;<inherited object type>]
 * /I: T = this object and sub-objects, S = sub-objects only, P = propagate one level only;
 * without /I the ACEs apply to this object only.
 */
import { AceFlag } from "../../security/types.ts";

export interface DsaclsGrant {
  principal: string;
  /** The raw "<bits>;<object>;<class>" text. */
  permission: string;
}

export interface DsaclsArgs {
  object: string;
  grants: DsaclsGrant[];
  denies: DsaclsGrant[];
  removes: string[];
  inherit?: "T" | "S" | "P";
  replace: boolean;
  protect?: boolean;
  /** /A: show the audit (SACL) too. */
  audit: boolean;
}

/** A usage error: dsacls prints "The parameter is incorrect." for these (UNVERIFIED beyond that line). */
export class DsaclsUsageError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "DsaclsUsageError";
  }
}

export function parseDsaclsArgs(argv: readonly string[]): DsaclsArgs {
  const args = [...argv];
  if (args[0] && /^dsacls(\.exe)?$/i.test(args[0])) args.shift();
  const object = args.shift();
  if (!object || object.startsWith("/"))
    throw new DsaclsUsageError("the first argument must be the object DN");
  const out: DsaclsArgs = {
    object: object.replace(/^\\\\[^\\]+\\/, ""),
    grants: [],
    denies: [],
    removes: [],
    replace: false,
    audit: false,
  };
  let mode: "G" | "D" | "R" | undefined;
  for (const a of args) {
    const sw = /^\/([A-Za-z])(?::(.*))?$/.exec(a);
    if (sw) {
      const k = sw[1].toUpperCase();
      const v = sw[2]?.toUpperCase();
      mode = undefined;
      if (k === "G" || k === "D" || k === "R") {
        if (v !== undefined) throw new DsaclsUsageError(`/${k} takes no value after a colon`);
        mode = k;
      } else if (k === "I") {
        if (v !== "T" && v !== "S" && v !== "P")
          throw new DsaclsUsageError(`/I needs T, S or P, got "${sw[2] ?? ""}"`);
        out.inherit = v;
      } else if (k === "N") out.replace = true;
      else if (k === "P") {
        if (v !== "Y" && v !== "N") throw new DsaclsUsageError(`/P needs Y or N, got "${sw[2] ?? ""}"`);
        out.protect = v === "Y";
      } else if (k === "A") out.audit = true;
      else if (k === "S" || k === "T")
        throw new DsaclsUsageError(`/${k} (restore default security) is not simulated`);
      else throw new DsaclsUsageError(`unknown switch ${a}`);
      continue;
    }
    if (mode === "R") {
      out.removes.push(a);
      continue;
    }
    if (mode === "G" || mode === "D") {
      const i = a.lastIndexOf(":");
      if (i <= 0 || i === a.length - 1) throw new DsaclsUsageError(`"${a}" is not <user>:<permissions>`);
      (mode === "G" ? out.grants : out.denies).push({ principal: a.slice(0, i), permission: a.slice(i + 1) });
      continue;
    }
    throw new DsaclsUsageError(`unexpected argument "${a}"`);
  }
  return out;
}

/** ACE flags for /I. */
export function inheritFlags(i: DsaclsArgs["inherit"]): number {
  if (i === "T") return AceFlag.CONTAINER_INHERIT;
  if (i === "S") return AceFlag.CONTAINER_INHERIT | AceFlag.INHERIT_ONLY;
  if (i === "P") return AceFlag.CONTAINER_INHERIT | AceFlag.NO_PROPAGATE_INHERIT;
  return 0;
}
