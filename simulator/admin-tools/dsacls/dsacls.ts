/**
 * dsacls.exe against a DC over LDAP, as the signed-in admin: read the DACL (SD flags = DACL, plus
 * owner and group for the listing), apply /R, /N, /G, /D, /P, write the DACL back, print the listing
 * and "The command completed successfully". Errors end with "The command failed to complete
 * successfully." and exit code 1; the Win32 message before it is the one dsacls prints for that error.
 */

import { SdFlags } from "../../ldap-client/controls.ts";
import { type DirectorySession, PrincipalNotFoundError } from "../../ldap-client/directory-session.ts";
import { outcomeOf } from "../../ldap-client/outcome.ts";
import {
  addAces,
  allowOrDenyAce,
  disableInheritance,
  enableInheritance,
  removeWhere,
} from "../../security/acl-edit.ts";
import { parseDsaclsPermission } from "../../security/schema.ts";
import type { KnownAce, SecurityDescriptor } from "../../security/types.ts";
import { formatDsaclsListing } from "./format-listing.ts";
import { type DsaclsArgs, DsaclsUsageError, inheritFlags, parseDsaclsArgs } from "./parse-args.ts";
import { splitCommandLine } from "./split-command-line.ts";

export interface DsaclsResult {
  exitCode: number;
  /** Console lines as dsacls prints them. */
  output: string[];
  /** The security descriptor after the command (undefined on failure). */
  sd?: SecurityDescriptor;
}

const OK = "The command completed successfully";
const FAILED = "The command failed to complete successfully.";

/** Win32 texts dsacls prints for the LDAP results we meet (FormatMessage of the mapped Win32 error). */
function win32Text(code: number): string {
  switch (code) {
    case 50:
      return "Access is denied.";
    case 32:
      return "There is no such object on the server.";
    case 34:
      return "An invalid dn syntax has been specified.";
    case 53:
      return "The server is unwilling to process the request.";
    case 19:
      return "A constraint violation occurred.";
    default:
      return `An LDAP error occurred (${code}).`;
  }
}

function buildAce(type: "allow" | "deny", sid: string, permission: string, flags: number): KnownAce {
  const p = parseDsaclsPermission(permission);
  return allowOrDenyAce({
    deny: type === "deny",
    sid,
    mask: p.mask,
    flags,
    objectType: p.objectType?.guid,
    inheritedObjectType: p.inheritedObjectType?.guid,
  });
}

export async function runDsacls(
  session: DirectorySession,
  commandLine: string | readonly string[],
): Promise<DsaclsResult> {
  let args: DsaclsArgs;
  try {
    args = parseDsaclsArgs(typeof commandLine === "string" ? splitCommandLine(commandLine) : commandLine);
  } catch (e) {
    return { exitCode: 1, output: [`The parameter is incorrect. (${(e as Error).message})`, FAILED] };
  }
  const names = new Map<string, string>();
  const namer = (sid: string) => names.get(sid) ?? sid;
  try {
    const editing =
      args.grants.length + args.denies.length + args.removes.length > 0 ||
      args.replace ||
      args.protect !== undefined;
    if (editing) {
      let sd = await session.readSecurityDescriptor(args.object, SdFlags.DACL);
      const flags = inheritFlags(args.inherit);
      if (args.replace) ({ sd } = removeWhere(sd, () => true));
      for (const r of args.removes) {
        const p = await session.resolvePrincipal(r);
        ({ sd } = removeWhere(sd, (a) => a.sid === p.sid));
      }
      const added: KnownAce[] = [];
      for (const [kind, list] of [
        ["deny", args.denies],
        ["allow", args.grants],
      ] as const) {
        for (const g of list) {
          const p = await session.resolvePrincipal(g.principal);
          added.push(buildAce(kind, p.sid, g.permission, flags));
        }
      }
      sd = addAces(sd, added);
      if (args.protect === true) sd = disableInheritance(sd, false);
      if (args.protect === false) sd = enableInheritance(sd);
      await session.writeSecurityDescriptor(args.object, sd, SdFlags.DACL);
    }
    const flags = SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL | (args.audit ? SdFlags.SACL : 0);
    const after = await session.readSecurityDescriptor(args.object, flags);
    const sids = new Set<string>([after.owner ?? "", after.group ?? ""]);
    for (const a of after.dacl?.aces ?? []) if (a.kind === "known") sids.add(a.sid);
    for (const s of sids) if (s) names.set(s, (await session.nameOfSid(s)) ?? s);
    return { exitCode: 0, output: [...formatDsaclsListing(after, namer), OK], sd: after };
  } catch (e) {
    if (e instanceof PrincipalNotFoundError) {
      return { exitCode: 1, output: ["No mapping between account names and security IDs was done.", FAILED] };
    }
    if (
      e instanceof DsaclsUsageError ||
      (e instanceof Error && /dsacls|unknown/i.test(e.message) && outcomeOf(e).code < 0)
    ) {
      return { exitCode: 1, output: [`The parameter is incorrect. (${(e as Error).message})`, FAILED] };
    }
    const o = outcomeOf(e);
    if (o.code >= 0) return { exitCode: 1, output: [win32Text(o.code), FAILED] };
    throw e;
  }
}
