/**
 * `wbsim access-check`: would this account get this right on this object? Runs the directory's
 * access check (MS-DTYP 2.5.3.2 with AD object types) on a security descriptor given as SDDL or hex
 * and prints ALLOWED/DENIED with the explanation a support engineer needs.
 *
 * Exit codes: 0 allowed, 1 denied, 2 bad input (message on stderr, nothing on stdout).
 * The token is the one an LDAP bind gets: --sid, the --group SIDs, and Everyone, Authenticated
 * Users, NETWORK, This Organization (plus BUILTIN\Users when Domain Users is among the groups);
 * --no-logon-sids leaves only --sid and --group.
 */
import type { Command } from "commander";
import {
  checkExtendedRight,
  checkReadProperty,
  checkRights,
  checkWriteProperty,
} from "../../security/access-check.ts";
import { decodeSecurityDescriptor } from "../../security/binary-codec.ts";
import { explainDecision } from "../../security/explain.ts";
import { parseRights } from "../../security/rights.ts";
import { findClass } from "../../security/schema.ts";
import { parseSddl } from "../../security/sddl-parse.ts";
import { parseSidString } from "../../security/sid.ts";
import { createToken } from "../../security/token.ts";
import type { SecurityDescriptor } from "../../security/types.ts";
import { resolveSidAlias, type SidContext } from "../../security/well-known-sids.ts";
import { hexToBytes } from "./sddl.ts";
import type { SetExitCode } from "./shared.ts";

interface AccessCheckOptions {
  sd: string;
  sid: string;
  group: string[];
  objectSid?: string;
  objectClass: string;
  right?: string;
  write?: string;
  read?: string;
  rights?: string;
  domainSid?: string;
  rootDomainSid?: string;
  logonSids: boolean;
}

class BadInput extends Error {}

function bad(message: string): never {
  throw new BadInput(message);
}

/** A SID string, or an SDDL alias (DU, DA, AU, …) resolved against the domain. */
function sidArg(what: string, text: string, ctx: SidContext): string {
  const t = text.trim();
  if (/^S-/i.test(t)) {
    try {
      return parseSidString(t);
    } catch (err) {
      bad(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const resolved = resolveSidAlias(t.toUpperCase(), ctx);
  if (resolved) return resolved;
  return bad(
    `${what}: "${text}" is neither a SID (S-1-…) nor an SDDL alias we can resolve${ctx.domainSid ? "" : " (pass --domain-sid for DA, DU, …)"}`,
  );
}

function parseSd(text: string, ctx: SidContext): SecurityDescriptor {
  const t = text.trim();
  if (t.length === 0) bad("--sd is empty");
  const looksHex = /^(0x)?[0-9a-f\s]+$/i.test(t);
  try {
    return looksHex ? decodeSecurityDescriptor(hexToBytes(t)) : parseSddl(t, ctx);
  } catch (err) {
    return bad(`--sd (${looksHex ? "hex" : "SDDL"}): ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** S-1-5-21-a-b-c from S-1-5-21-a-b-c-RID, so DA/DU in the SDDL resolve without --domain-sid. */
function domainOf(sid: string): string | undefined {
  const m = /^(S-1-5-21-\d+-\d+-\d+)-\d+$/.exec(sid);
  return m?.[1];
}

function run(opts: AccessCheckOptions): { allowed: boolean; text: string } {
  const asked = [opts.right, opts.write, opts.read, opts.rights].filter((x) => x !== undefined);
  if (asked.length !== 1)
    bad(
      "give exactly one of --right <extended right>, --write <attribute>, --read <attribute>, --rights <SDDL rights>",
    );
  if (!findClass(opts.objectClass)) bad(`--object-class: unknown class "${opts.objectClass}"`);
  const ctx: SidContext = {};
  if (opts.domainSid) ctx.domainSid = sidArg("--domain-sid", opts.domainSid, {});
  if (opts.rootDomainSid) ctx.rootDomainSid = sidArg("--root-domain-sid", opts.rootDomainSid, {});
  const userSid = sidArg("--sid", opts.sid, ctx);
  ctx.domainSid ??= domainOf(userSid);
  const groups = opts.group.map((g) => sidArg("--group", g, ctx));
  const selfSid = opts.objectSid ? sidArg("--object-sid", opts.objectSid, ctx) : undefined;
  const sd = parseSd(opts.sd, ctx);
  const primary = groups.find((g) => g.endsWith("-513"));
  const token = createToken({
    userSid,
    groupSids: groups,
    primaryGroupSid: primary,
    logon: opts.logonSids ? "network" : "none",
  });
  const check = { objectClass: opts.objectClass, selfSid, trace: true };
  let decision: ReturnType<typeof checkRights>;
  try {
    if (opts.right !== undefined) decision = checkExtendedRight(sd, token, opts.right, check);
    else if (opts.write !== undefined) decision = checkWriteProperty(sd, token, opts.write, check);
    else if (opts.read !== undefined) decision = checkReadProperty(sd, token, opts.read, check);
    else decision = checkRights(sd, token, parseRights(opts.rights as string), check);
  } catch (err) {
    return bad(err instanceof Error ? err.message : String(err));
  }
  return { allowed: decision.granted, text: explainDecision(decision, ctx) };
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("access-check")
    .description(
      "Decide whether an account gets a right on an object from its security descriptor, and explain why",
    )
    .requiredOption(
      "--sd <sddl|hex>",
      "the object's security descriptor, as SDDL or as hex of the binary form",
    )
    .requiredOption("--sid <sid>", "the account's SID")
    .option(
      "--group <sid>",
      "a group SID (or SDDL alias like DU) in the token; repeat for each",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--object-sid <sid>", "the target object's SID (stands in for PRINCIPAL_SELF / PS)")
    .option("--object-class <class>", "the target object's class", "user")
    .option("--right <name>", 'an extended right: "Reset Password", "User-Force-Change-Password" or its GUID')
    .option("--write <attribute>", "write one attribute, e.g. pwdLastSet")
    .option("--read <attribute>", "read one attribute")
    .option("--rights <letters>", "plain rights in SDDL letters, e.g. WD or CCDC")
    .option("--domain-sid <sid>", "domain SID for DA, DU, … in the SDDL (default: taken from --sid)")
    .option("--root-domain-sid <sid>", "forest root domain SID for EA, SA, …")
    .option("--no-logon-sids", "do not add Everyone, Authenticated Users, NETWORK, This Organization")
    .addHelpText(
      "after",
      "\nExit codes: 0 allowed, 1 denied, 2 bad input.\n" +
        'Example: wbsim access-check --sd "$(cat alice.sddl)" --sid S-1-5-21-1-2-3-1109 --group DU --object-class user --right "Reset Password"',
    )
    .action((opts: AccessCheckOptions) => {
      try {
        const r = run(opts);
        process.stdout.write(`${r.text}\n`);
        setExitCode(r.allowed ? 0 : 1);
      } catch (err) {
        if (!(err instanceof BadInput)) throw err;
        process.stderr.write(`wbsim access-check: ${err.message}\n`);
        setExitCode(2);
      }
    });
}
