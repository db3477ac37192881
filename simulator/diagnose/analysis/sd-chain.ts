/**
 * Rebuilds the security descriptors that decide the case: the domain root, every OU or container on
 * the user's path, and the user — from SDDL, dsacls listings or LDIF, whichever the customer sent
 * (an exact form wins over a dsacls listing for the same object). An object nobody sent is computed
 * as a DC would create it (class defaultSecurityDescriptor plus what its parent passes down,
 * security/inheritance.ts) and marked as such. Every ACE keeps the file and line it came from.
 *
 * It also checks each given object against its given parent: inherited ACEs that differ from what
 * the parent passes down mean the two were read at different times or from DCs that had not
 * replicated (a grant made on one DC, the agent using another) — a documented cause of its own.
 */
import { parseDsaclsListing } from "../../admin-tools/dsacls/parse-listing.ts";
import { SddlParseError } from "../../security/errors.ts";
import {
  createChildSecurityDescriptor,
  recomputeInheritedSecurityDescriptor,
} from "../../security/inheritance.ts";
import { formatAceSddl } from "../../security/sddl-format.ts";
import { parseSddl } from "../../security/sddl-parse.ts";
import { type Ace, AceFlag, SdControl, type SecurityDescriptor } from "../../security/types.ts";
import type { Artifacts, InputProblem, RawSd, SourceRef } from "../model.ts";
import { refText } from "../model.ts";
import type { CaseContext } from "./context.ts";
import { STAND_IN_DOMAIN } from "./principals.ts";

export interface ObjectSecurity {
  dn: string;
  objectClass: string;
  sd: SecurityDescriptor;
  /** "given": from the customer's files; "derived": computed from the class default and the parent. */
  source: "given" | "derived";
  format?: RawSd["format"];
  ref?: SourceRef;
  aceRefs: Map<Ace, SourceRef>;
}

export interface InheritanceMismatch {
  dn: string;
  parentDn: string;
  /** Inherited ACEs the parent passes down that the object lacks (SDDL). */
  missing: string[];
  /** Inherited ACEs the object has that its parent no longer passes down. */
  extra: string[];
}

export interface SdChain {
  /** Root first, the user last (objects nobody sent and nothing could derive are left out). */
  path: ObjectSecurity[];
  /** The path's DNs, root first, whether or not their SD is known. */
  pathDns: string[];
  /** Given SDs of objects off the user's path (other OUs, AdminSDHolder, …). */
  others: ObjectSecurity[];
  mismatches: InheritanceMismatch[];
  problems: InputProblem[];
  unknowns: string[];
}

function ndn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((p) => p.trim().replace(/\s*=\s*/, "="))
    .join(",")
    .toLowerCase();
}

function parentOf(dn: string): string | undefined {
  const parts = dn.split(/(?<!\\),/);
  return parts.length > 1 ? parts.slice(1).join(",").trim() : undefined;
}

export function classOfDn(dn: string, userDn: string | undefined, userClass: string): string {
  if (userDn && ndn(dn) === ndn(userDn)) return userClass;
  const rdn = dn.split(/(?<!\\),/)[0].trim();
  if (/^DC=/i.test(rdn)) return "domainDNS";
  if (/^OU=/i.test(rdn)) return "organizationalUnit";
  if (
    /^CN=(Users|Computers|System|AdminSDHolder|Builtin|ForeignSecurityPrincipals|Managed Service Accounts|Program Data)$/i.test(
      rdn,
    )
  )
    return rdn.toLowerCase() === "cn=builtin" ? "builtinDomain" : "container";
  return "user";
}

/** The DNs from the root down to `dn`. */
export function pathFromRoot(rootDn: string, dn: string): string[] {
  const out: string[] = [];
  let cur: string | undefined = dn;
  while (cur && ndn(cur) !== ndn(rootDn)) {
    out.unshift(cur);
    cur = parentOf(cur);
    if (cur && !ndn(cur).endsWith(ndn(rootDn))) return [rootDn, dn];
  }
  out.unshift(rootDn);
  return out;
}

function parseRaw(raw: RawSd, ctx: CaseContext, problems: InputProblem[]): ObjectSecurity | undefined {
  const aceRefs = new Map<Ace, SourceRef>();
  const sidCtx = {
    domainSid: ctx.domainSid ?? STAND_IN_DOMAIN,
    rootDomainSid: ctx.domainSid ?? STAND_IN_DOMAIN,
  };
  let sd: SecurityDescriptor;
  if (raw.format === "dsacls") {
    const r = parseDsaclsListing(
      raw.listing ?? [],
      (name) => ctx.principals.resolve(name),
      raw.objectClass ?? (raw.dn ? classOfDn(raw.dn, ctx.user.dn, ctx.user.objectClass) : undefined),
    );
    for (const p of r.problems) problems.push({ file: raw.ref.file, line: p.line, message: p.message });
    sd = r.sd;
    for (const [ace, line] of r.aceLines) {
      const text = raw.listing?.find((l) => l.line === line)?.text ?? "";
      aceRefs.set(ace, { file: raw.ref.file, line, text: refText(text) });
    }
  } else {
    if (raw.binary) sd = raw.binary;
    else {
      try {
        sd = parseSddl(raw.sddl ?? "", sidCtx);
      } catch (err) {
        const at = err instanceof SddlParseError ? ` (character ${err.offset + 1})` : "";
        problems.push({ file: raw.ref.file, line: raw.ref.line, message: `${(err as Error).message}${at}` });
        return undefined;
      }
    }
    for (const ace of sd.dacl?.aces ?? []) {
      let text: string;
      try {
        text = formatAceSddl(ace, sidCtx);
      } catch {
        text = `(ACE type ${ace.type})`;
      }
      aceRefs.set(ace, { file: raw.ref.file, line: raw.ref.line, text });
    }
  }
  if (!raw.dn) {
    problems.push({
      file: raw.ref.file,
      line: raw.ref.line,
      message: `this ${raw.format === "dsacls" ? "dsacls listing" : "security descriptor"} does not say which object it belongs to (no echoed command line, Path or DistinguishedName); it was not used`,
    });
    return undefined;
  }
  return {
    dn: raw.dn,
    objectClass: raw.objectClass ?? classOfDn(raw.dn, ctx.user.dn, ctx.user.objectClass),
    sd,
    source: "given",
    format: raw.format,
    ref: raw.ref,
    aceRefs,
  };
}

function inheritedSet(sd: SecurityDescriptor, ctx: CaseContext): string[] {
  const sidCtx = { domainSid: ctx.domainSid ?? STAND_IN_DOMAIN };
  return (sd.dacl?.aces ?? [])
    .filter((a) => a.flags & AceFlag.INHERITED)
    .map((a) => {
      try {
        return formatAceSddl(a, sidCtx);
      } catch {
        return `(type ${a.type})`;
      }
    })
    .sort();
}

function diff(a: string[], b: string[]): string[] {
  const rest = [...b];
  const out: string[] = [];
  for (const x of a) {
    const i = rest.indexOf(x);
    if (i >= 0) rest.splice(i, 1);
    else out.push(x);
  }
  return out;
}

export function rebuildChain(a: Artifacts, ctx: CaseContext): SdChain {
  const problems: InputProblem[] = [];
  const unknowns: string[] = [];
  const given = new Map<string, ObjectSecurity>();
  // Exact forms first: a dsacls listing of an object that also came as SDDL or LDIF is not needed.
  const exact = new Set(a.sds.filter((r) => r.format !== "dsacls" && r.dn).map((r) => ndn(r.dn!)));
  const ordered = [
    ...a.sds.filter((r) => r.format !== "dsacls"),
    ...a.sds.filter((r) => r.format === "dsacls" && !(r.dn && exact.has(ndn(r.dn)))),
  ];
  for (const raw of ordered) {
    const o = parseRaw(raw, ctx, problems);
    if (!o) continue;
    const k = ndn(o.dn);
    const had = given.get(k);
    // An exact form (SDDL, LDIF) wins over a dsacls listing, which cannot show every flag.
    if (!had || (had.format === "dsacls" && o.format !== "dsacls")) given.set(k, o);
  }
  const rootDn = ctx.rootDn;
  const userDn = ctx.user.dn;
  const pathDns = rootDn && userDn ? pathFromRoot(rootDn, userDn) : rootDn ? [rootDn] : [];
  const path: ObjectSecurity[] = [];
  const mismatches: InheritanceMismatch[] = [];
  let parent: ObjectSecurity | undefined;
  const derivedDns: string[] = [];
  for (const dn of pathDns) {
    const objectClass = classOfDn(dn, userDn, ctx.user.objectClass);
    let o = given.get(ndn(dn));
    if (o && parent && parent.source === "given" && o.format !== "dsacls" && parent.format !== "dsacls") {
      const expected = recomputeInheritedSecurityDescriptor(o.sd, parent.sd, o.objectClass, {
        domainSid: ctx.domainSid ?? STAND_IN_DOMAIN,
      });
      const want = inheritedSet(expected, ctx);
      const have = inheritedSet(o.sd, ctx);
      const missing = diff(want, have);
      const extra = diff(have, want);
      if (missing.length || extra.length) mismatches.push({ dn, parentDn: parent.dn, missing, extra });
    }
    if (!o && parent) {
      const sd = createChildSecurityDescriptor({
        parentSd: parent.sd,
        objectClass,
        creatorSid: `${ctx.domainSid ?? STAND_IN_DOMAIN}-500`,
        domainSid: ctx.domainSid ?? STAND_IN_DOMAIN,
      });
      o = { dn, objectClass, sd, source: "derived", aceRefs: new Map() };
      derivedDns.push(dn);
    }
    if (o) {
      path.push(o);
      parent = o;
    } else if (dn === rootDn) {
      unknowns.push(`the security descriptor of the domain root ${dn} (not in any file)`);
    }
  }
  if (derivedDns.length) {
    unknowns.push(
      `the security descriptors of ${derivedDns.join("; ")}: not sent, so computed as a DC creates them (class default plus what the parent passes down); any explicit entry on them, such as "User cannot change password" or a deny, cannot be seen`,
    );
  }
  if (userDn && !path.some((p) => ndn(p.dn) === ndn(userDn))) {
    unknowns.push(
      `the security descriptor of the user ${userDn}: neither sent nor derivable (no ancestor's SD was sent)`,
    );
  }
  for (const o of path) {
    if (o.format === "dsacls")
      unknowns.push(
        `exact inheritance flags on ${o.dn}: it came as a dsacls listing, which does not show "this object and immediate children only"; assumed not set`,
      );
  }
  const onPath = new Set(pathDns.map(ndn));
  const others = [...given.values()].filter((o) => !onPath.has(ndn(o.dn)));
  return { path, pathDns, others, mismatches, problems, unknowns };
}

export function isProtected(sd: SecurityDescriptor): boolean {
  return (sd.control & SdControl.DACL_PROTECTED) !== 0;
}
