/**
 * Access questions the harness asks ("may CONTOSO\MSOL_0123456789ab Reset password on alice?"),
 * answered by the security layer's access check (MS-DTYP 2.5.3.2 with AD object types) on the
 * object's real security descriptor, with the principal's real token:
 *  - in-process DC: the token the DC builds at bind (transitive groups, primary group, logon SIDs)
 *    and the stored SD;
 *  - any DC over LDAP: tokenGroups plus the network logon SIDs, and the SD read with SD flags, as
 *    ADUC's Effective Access tab does.
 * Rights are named as ADUC names them: "Reset password", "Change password", "Write pwdLastSet",
 * "Read lockoutTime", or any extended right name or GUID.
 */

import type { Directory } from "../simulator/directory/index.ts";
import type { DirectorySession } from "../simulator/ldap-client/index.ts";
import { SdFlags } from "../simulator/ldap-client/index.ts";
import {
  type AccessDecision,
  checkExtendedRight,
  checkReadProperty,
  checkWriteProperty,
} from "../simulator/security/access-check.ts";
import { explainDecision } from "../simulator/security/explain.ts";
import { createToken, type Token } from "../simulator/security/token.ts";
import type { SecurityDescriptor } from "../simulator/security/types.ts";

export interface AccessAnswer {
  decision: AccessDecision;
  principal: { sid: string; displayName: string };
  object: { dn: string; objectClass: string; sid?: string };
  /** The support-engineer explanation (deciding ACE, near misses). */
  explanation: string;
}

interface Subject {
  sd: SecurityDescriptor;
  objectClass: string;
  sid?: string;
}

export async function answerAccess(
  session: DirectorySession,
  directory: Directory | undefined,
  principalName: string,
  objectDn: string,
  right: string,
): Promise<AccessAnswer> {
  const principal = await session.resolvePrincipal(principalName);
  const token: Token = directory
    ? directory.dc.tokenFor({ anonymous: false, dn: principal.dn ?? "", sid: principal.sid, bindName: "" })
    : createToken({
        userSid: principal.sid,
        groupSids: await session.tokenSids(principal),
        logon: "network",
      });
  const subject = directory ? fromDirectory(directory, objectDn) : await fromLdap(session, objectDn);
  const opts = { objectClass: subject.objectClass, selfSid: subject.sid, trace: true };
  const write = /^write\s+(.+)$/i.exec(right.trim());
  const read = /^read\s+(.+)$/i.exec(right.trim());
  const decision = write
    ? checkWriteProperty(subject.sd, token, write[1], opts)
    : read
      ? checkReadProperty(subject.sd, token, read[1], opts)
      : checkExtendedRight(subject.sd, token, right.trim(), opts);
  const domainSid = /^(S-1-5-21-\d+-\d+-\d+)-\d+$/.exec(principal.sid)?.[1] ?? directory?.domainSid;
  const names = new Map<string, string>([[principal.sid, principal.displayName]]);
  const explanation = explainDecision(decision, { domainSid, names: (sid) => names.get(sid) });
  return {
    decision,
    principal: { sid: principal.sid, displayName: principal.displayName },
    object: { dn: objectDn, objectClass: subject.objectClass, sid: subject.sid },
    explanation,
  };
}

function fromDirectory(directory: Directory, dn: string): Subject {
  const e = directory.findByDn(dn);
  if (!e) throw new Error(`no such object: ${dn}`);
  return { sd: e.sd, objectClass: e.objectClass, sid: e.sid ?? undefined };
}

async function fromLdap(session: DirectorySession, dn: string): Promise<Subject> {
  const sd = await session.readSecurityDescriptor(dn, SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL);
  const objectClass = await session.structuralClass(dn);
  let sid: string | undefined;
  try {
    sid = (await session.resolvePrincipal(dn)).sid;
  } catch {
    sid = undefined; // OUs and containers have no SID
  }
  return { sd, objectClass, sid };
}
