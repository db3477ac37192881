/**
 * Collects, from a running case, what its customer would send, and writes it to a folder: the Connect
 * server's Application log (XML both ways, CSV), dsacls listings and SDDL of the domain root, each
 * OU or container on the failing user's path and the user, an ldifde export of the OUs (with SDs),
 * and the case facts. The directory is read over LDAP as its administrator, so this works against
 * any DC the harness can drive.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "ldapts";
import { SdFlags, sdFlagsControl } from "../../ldap-client/controls.ts";
import type { DirectorySession } from "../../ldap-client/directory-session.ts";
import { decodeSecurityDescriptor } from "../../security/binary-codec.ts";
import { sidFromBytes } from "../../security/sid.ts";
import type { SecurityDescriptor } from "../../security/types.ts";
import { pathFromRoot } from "../analysis/sd-chain.ts";
import {
  type CaseFactsExport,
  caseFacts,
  dsaclsListings,
  type ExportEvent,
  eventViewerCsv,
  eventViewerXml,
  getAclSddl,
  type LdifExportEntry,
  ldifdeExport,
  wevtutilXml,
} from "./artifact-writers.ts";

export interface CaseSource {
  events: ExportEvent[];
  session: DirectorySession;
  connector: { userName: string; domain: string };
  /** The failing user as the scenario names it (UPN, DOMAIN\name or DN), if any. */
  user?: string;
  ssprCode?: string;
  /** The Connect server's name in the event log. */
  computer?: string;
}

export interface ExportedFiles {
  files: string[];
  userDn?: string;
}

const NOT_EXPORTED = new Set([
  "unicodepwd",
  "userpassword",
  "dbcspwd",
  "supplementalcredentials",
  "ntsecuritydescriptor",
  "tokengroups",
  "msds-user-account-control-computed",
]);
const BINARY = ["objectSid", "objectGUID", "nTSecurityDescriptor"];

async function readSd(client: Client, dn: string): Promise<SecurityDescriptor> {
  const { searchEntries } = await client.search(
    dn,
    {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: ["nTSecurityDescriptor"],
      explicitBufferAttributes: ["nTSecurityDescriptor"],
    },
    sdFlagsControl(SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL),
  );
  const raw = searchEntries[0]?.nTSecurityDescriptor;
  return decodeSecurityDescriptor((Array.isArray(raw) ? raw[0] : raw) as Buffer);
}

function values(v: unknown): Buffer[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (Buffer.isBuffer(x) ? x : Buffer.from(String(x), "utf8")));
}

export async function exportCaseArtifacts(src: CaseSource, dir: string): Promise<ExportedFiles> {
  mkdirSync(dir, { recursive: true });
  const session = src.session;
  const client = session.client;
  const domain = await session.domainInfo();
  const root = domain.defaultNamingContext;
  const files: string[] = [];
  const write = (name: string, data: Buffer) => {
    writeFileSync(join(dir, name), data);
    files.push(name);
  };
  const computer = src.computer ?? `AADCONNECT.${domain.dnsName}`;
  write("Application-wevtutil.xml", wevtutilXml(src.events, computer));
  write("Application.xml", eventViewerXml(src.events, computer));
  write("Application.csv", eventViewerCsv(src.events));

  // The user and the connector account.
  let userDn: string | undefined;
  let user: Record<string, unknown> | undefined;
  if (src.user) {
    try {
      const p = await session.resolvePrincipal(src.user);
      userDn = p.dn;
    } catch {
      userDn = undefined; // deleted, or never existed: the customer can only name it
    }
  }
  if (userDn) {
    user = await session.readEntry(userDn, ["*", "memberOf"], ["objectSid", "objectGUID"]);
  }
  const connector = await session
    .resolvePrincipal(`${src.connector.domain}\\${src.connector.userName}`)
    .catch(() => undefined);
  const connectorDn = connector?.dn;

  // Security descriptors of the root, the path and the user.
  const pathDns = userDn ? pathFromRoot(root, userDn) : [root];
  const objects: { dn: string; sd: SecurityDescriptor }[] = [];
  for (const dn of pathDns) objects.push({ dn, sd: await readSd(client, dn) });
  const names = new Map<string, string>();
  const nameOf = (sid: string) => names.get(sid) ?? sid;
  for (const o of objects) {
    for (const s of [
      o.sd.owner,
      o.sd.group,
      ...(o.sd.dacl?.aces ?? []).map((a) => (a.kind === "known" ? a.sid : "")),
    ]) {
      if (!s || names.has(s)) continue;
      names.set(s, (await session.nameOfSid(s)) ?? s);
    }
  }
  write("dsacls.txt", dsaclsListings(objects, nameOf));
  write("acl-sddl.txt", getAclSddl(objects, domain.domainSid));

  // ldifde of the domain root, every OU, the user and the connector account, with their SDs.
  const filter = `(|(objectClass=domainDNS)(objectClass=organizationalUnit)${[userDn, connectorDn]
    .filter(Boolean)
    .map((dn) => `(distinguishedName=${dn!.replace(/[()\\*]/g, (c) => `\\${c.charCodeAt(0).toString(16)}`)})`)
    .join("")})`;
  const { searchEntries } = await client.search(
    root,
    { scope: "sub", filter, attributes: ["*", "nTSecurityDescriptor"], explicitBufferAttributes: BINARY },
    sdFlagsControl(SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL),
  );
  const entries: LdifExportEntry[] = searchEntries
    .sort((a, b) => a.dn.split(",").length - b.dn.split(",").length || a.dn.localeCompare(b.dn))
    .map((e) => {
      const attributes: LdifExportEntry["attributes"] = [];
      for (const [k, v] of Object.entries(e)) {
        if (k === "dn" || NOT_EXPORTED.has(k.toLowerCase())) continue;
        attributes.push({ name: k, values: values(v) });
      }
      if (e.nTSecurityDescriptor)
        attributes.push({ name: "nTSecurityDescriptor", values: values(e.nTSecurityDescriptor) });
      return { dn: e.dn, attributes };
    });
  write("ou-tree.ldf", ldifdeExport(entries));

  const sidOf = (v: unknown) => (Buffer.isBuffer(v) ? sidFromBytes(v).sid : undefined);
  const facts: CaseFactsExport = {
    connectorName: `${domain.netbiosName}\\${src.connector.userName}`,
    connectorSid: connector?.sid,
    userDn,
    userUpn: user?.userPrincipalName
      ? String(user.userPrincipalName)
      : src.user?.includes("@")
        ? src.user
        : undefined,
    userSid: sidOf(user?.objectSid),
    adminCount: user?.adminCount !== undefined ? Number(user.adminCount) : undefined,
    userAccountControl: user?.userAccountControl !== undefined ? Number(user.userAccountControl) : undefined,
    ssprCode: src.ssprCode,
  };
  write("case-facts.txt", caseFacts(facts));
  return { files, userDn };
}
