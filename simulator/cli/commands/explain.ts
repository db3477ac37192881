/**
 * `wbsim explain --world contoso --principal CONTOSO\MSOL_0123456789ab
 *                --object "CN=alice,OU=Staff,DC=contoso,DC=com" --right "Reset password"`
 *
 * Would this account get this right on this object in the world's fake DC? The decision comes from
 * the security layer's access check on the object's stored security descriptor, with the token the
 * DC gives the principal at bind (transitive groups, primary group, network logon SIDs), and the
 * explanation names the deciding ACE and the near misses.
 *
 * Rights as ADUC names them: "Reset password", "Change password", "Write pwdLastSet",
 * "Read lockoutTime", or any extended right name or GUID. Exit codes: 0 allowed, 1 denied, 2 bad input.
 */
import { type Command, InvalidArgumentError } from "commander";
import type { Directory, Entry } from "../../directory/index.ts";
import type { checkExtendedRight } from "../../security/access-check.ts";
import type { WorldName } from "../../worlds/index.ts";
import { personalityValue, WORLD_CHOICES, worldValue } from "../option-values.ts";
import type { SetExitCode } from "./shared.ts";

interface ExplainOptions {
  world: WorldName;
  personality: "windows" | "samba";
  principal: string;
  object: string;
  right: string;
}

function findPrincipal(dir: Directory, typed: string): Entry | undefined {
  const t = typed.trim();
  if (/^S-1-/i.test(t)) return dir.findBySid(t.toUpperCase());
  if (/^(CN|OU|DC)=/i.test(t)) return dir.findByDn(t);
  if (t.includes("\\")) return dir.findBySamAccountName(t.split("\\")[1]);
  if (t.includes("@")) {
    const e = dir.findBySamAccountName(t.split("@")[0]);
    const upn = e?.attrs.get("userprincipalname")?.values[0]?.toString();
    return upn?.toLowerCase() === t.toLowerCase() ? e : undefined;
  }
  return dir.findBySamAccountName(t);
}

export async function explainAccess(opts: ExplainOptions): Promise<{ allowed: boolean; text: string }> {
  // Loaded on use, so `wbsim --help` and the other commands never load a directory.
  const [
    { createDirectory },
    { checkExtendedRight, checkReadProperty, checkWriteProperty },
    { explainDecision },
  ] = await Promise.all([
    import("../../worlds/index.ts"),
    import("../../security/access-check.ts"),
    import("../../security/explain.ts"),
  ]);
  const dir = createDirectory({ world: opts.world, personality: opts.personality });
  const who = findPrincipal(dir, opts.principal);
  if (!who?.sid) throw new InvalidArgumentError(`no account "${opts.principal}" in the ${opts.world} world`);
  const target = dir.findByDn(opts.object);
  if (!target) throw new InvalidArgumentError(`no object "${opts.object}" in the ${opts.world} world`);
  const token = dir.dc.tokenFor({ anonymous: false, dn: who.dn, sid: who.sid, bindName: opts.principal });
  const check = { objectClass: target.objectClass, selfSid: target.sid ?? undefined, trace: true };
  const write = /^write\s+(.+)$/i.exec(opts.right.trim());
  const read = /^read\s+(.+)$/i.exec(opts.right.trim());
  let decision: ReturnType<typeof checkExtendedRight>;
  try {
    decision = write
      ? checkWriteProperty(target.sd, token, write[1], check)
      : read
        ? checkReadProperty(target.sd, token, read[1], check)
        : checkExtendedRight(target.sd, token, opts.right.trim(), check);
  } catch (err) {
    throw new InvalidArgumentError(`--right "${opts.right}": ${(err as Error).message}`);
  }
  const sam = (sid: string) => {
    const e = dir.findBySid(sid);
    const name = e?.attrs.get("samaccountname")?.values[0]?.toString();
    return name ? `${sid.startsWith("S-1-5-32-") ? "BUILTIN" : "CONTOSO"}\\${name}` : undefined;
  };
  const text = [
    `principal: ${opts.principal} (${who.sid})`,
    `object:    ${target.dn} (${target.objectClass})`,
    `right:     ${opts.right}`,
    "",
    explainDecision(decision, { domainSid: dir.domainSid, names: sam }),
  ].join("\n");
  return { allowed: decision.granted, text };
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("explain")
    .description("decide whether an account holds a right on an object of a world's DC, and explain why")
    .option("--world <name>", WORLD_CHOICES, worldValue, "contoso")
    .option("--personality <name>", "windows or samba", personalityValue, "windows")
    .requiredOption("--principal <name>", "DOMAIN\\name, UPN, DN or SID")
    .requiredOption("--object <dn>", "the object's DN")
    .requiredOption("--right <name>", '"Reset password", "Change password", "Write pwdLastSet", …')
    .addHelpText("after", "\nExit codes: 0 allowed, 1 denied, 2 bad input.")
    .action(async (opts: ExplainOptions) => {
      try {
        const r = await explainAccess(opts);
        process.stdout.write(`${r.text}\n`);
        setExitCode(r.allowed ? 0 : 1);
      } catch (err) {
        if (!(err instanceof InvalidArgumentError)) throw err;
        process.stderr.write(`wbsim explain: ${err.message}\n`);
        setExitCode(2);
      }
    });
}
