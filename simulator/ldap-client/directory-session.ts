/**
 * An administrator's LDAP session against a DC, the way ADUC, dsacls and the AD PowerShell module
 * talk to it: read nTSecurityDescriptor with the SD-flags control, write it back the same way,
 * resolve principals by searching, and name SIDs for display.
 */
import type { Client, Entry } from "ldapts";
import { Change, Attribute as LdapAttribute } from "ldapts";
import { decodeSecurityDescriptor, encodeSecurityDescriptor } from "../security/binary-codec.ts";
import { guidFromBytes } from "../security/guid.ts";
import { sidFromBytes, sidToBytes } from "../security/sid.ts";
import type { SecurityDescriptor } from "../security/types.ts";
import { wellKnownSidName } from "../security/well-known-sids.ts";
import { type ConnectionOptions, openConnection } from "./connection.ts";
import { SdFlags, sdFlagsControl } from "./controls.ts";
import { typedWellKnownSid, wellKnownAccountName } from "./principal-names.ts";
import { escapeFilterBytes, escapeFilterValue } from "./values.ts";

export interface Principal {
  sid: string;
  /** DN for directory objects; undefined for well-known principals such as Everyone. */
  dn?: string;
  samAccountName?: string;
  /** The name Windows prints: "CONTOSO\MSOL_0123456789ab", "Everyone", "NT AUTHORITY\SELF". */
  displayName: string;
  objectClass?: string[];
}

export interface DomainInfo {
  defaultNamingContext: string;
  configurationNamingContext: string;
  domainSid: string;
  /** NetBIOS domain name, e.g. "CONTOSO". */
  netbiosName: string;
  /** DNS domain name, e.g. "contoso.com". */
  dnsName: string;
  supportedControls: string[];
}

/** A principal the admin typed that matches nothing (ADUC: "Name Not Found"). */
export class PrincipalNotFoundError extends Error {
  constructor(readonly typed: string) {
    super(`Name Not Found: An object named "${typed}" cannot be found.`);
    this.name = "PrincipalNotFoundError";
  }
}

export class DirectorySession {
  private domain?: DomainInfo;
  private readonly sidNames = new Map<string, string>();

  private constructor(readonly client: Client) {}

  static async open(opts: ConnectionOptions): Promise<DirectorySession> {
    const s = new DirectorySession(await openConnection(opts));
    await s.domainInfo();
    return s;
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => {});
  }

  async domainInfo(): Promise<DomainInfo> {
    if (this.domain) return this.domain;
    const { searchEntries } = await this.client.search("", {
      scope: "base",
      filter: "(objectClass=*)",
      attributes: ["defaultNamingContext", "configurationNamingContext", "supportedControl"],
    });
    const root = searchEntries[0];
    const defaultNamingContext = String(root.defaultNamingContext);
    const configurationNamingContext = String(root.configurationNamingContext);
    const domainEntry = await this.readEntry(defaultNamingContext, ["objectSid"], ["objectSid"]);
    const domainSid = sidFromBytes(domainEntry.objectSid as Buffer).sid;
    const dnsName = defaultNamingContext
      .split(",")
      .map((p) => p.replace(/^DC=/i, ""))
      .join(".");
    let netbiosName = dnsName.split(".")[0].toUpperCase();
    try {
      const { searchEntries: refs } = await this.client.search(
        `CN=Partitions,${configurationNamingContext}`,
        {
          scope: "one",
          filter: `(&(objectClass=crossRef)(nCName=${escapeFilterValue(defaultNamingContext)}))`,
          attributes: ["nETBIOSName"],
        },
      );
      if (refs[0]?.nETBIOSName) netbiosName = String(refs[0].nETBIOSName);
    } catch {
      // Keep the DNS-derived name: a DC without CN=Partitions (our fake DC may not serve it).
    }
    this.domain = {
      defaultNamingContext,
      configurationNamingContext,
      domainSid,
      netbiosName,
      dnsName,
      supportedControls: ([] as string[]).concat((root.supportedControl as string | string[]) ?? []),
    };
    return this.domain;
  }

  /**
   * The DNS names of the forest's domains, as (Get-ADForest).Domains lists them: the crossRef objects
   * of domain naming contexts (systemFlags FLAG_CR_NTDS_DOMAIN, MS-ADTS 6.1.1.2.1.1.5) in
   * CN=Partitions. A DC that serves no Partitions container gives its own domain.
   */
  async forestDomains(): Promise<string[]> {
    const d = await this.domainInfo();
    try {
      const { searchEntries } = await this.client.search(`CN=Partitions,${d.configurationNamingContext}`, {
        scope: "one",
        filter: "(&(objectClass=crossRef)(systemFlags:1.2.840.113556.1.4.803:=2))",
        attributes: ["dnsRoot"],
      });
      const names = searchEntries.map((e) => String(e.dnsRoot ?? "")).filter((n) => n.length > 0);
      if (names.length > 0) return names;
    } catch {
      // no Partitions container on this DC
    }
    return [d.dnsName];
  }

  /** Base-object read; throws the LDAP error (e.g. 32 noSuchObject) as ldapts raises it. */
  async readEntry(dn: string, attributes: string[], binary: string[] = []): Promise<Entry> {
    const { searchEntries } = await this.client.search(dn, {
      scope: "base",
      filter: "(objectClass=*)",
      attributes,
      explicitBufferAttributes: binary,
    });
    return searchEntries[0];
  }

  async readSecurityDescriptor(dn: string, flags: number = SdFlags.DACL): Promise<SecurityDescriptor> {
    const { searchEntries } = await this.client.search(
      dn,
      {
        scope: "base",
        filter: "(objectClass=*)",
        attributes: ["nTSecurityDescriptor"],
        explicitBufferAttributes: ["nTSecurityDescriptor"],
      },
      sdFlagsControl(flags),
    );
    const raw = searchEntries[0]?.nTSecurityDescriptor;
    const buf = Array.isArray(raw) ? raw[0] : raw;
    if (!Buffer.isBuffer(buf) || buf.length === 0) {
      throw new Error(`no nTSecurityDescriptor returned for ${dn} (is the session allowed to read it?)`);
    }
    return decodeSecurityDescriptor(buf);
  }

  async writeSecurityDescriptor(
    dn: string,
    sd: SecurityDescriptor,
    flags: number = SdFlags.DACL,
  ): Promise<void> {
    await this.client.modify(
      dn,
      new Change({
        operation: "replace",
        modification: new LdapAttribute({
          type: "nTSecurityDescriptor",
          values: [encodeSecurityDescriptor(sd)],
        }),
      }),
      sdFlagsControl(flags),
    );
  }

  async objectClasses(dn: string): Promise<string[]> {
    const e = await this.readEntry(dn, ["objectClass"]);
    return ([] as string[]).concat((e.objectClass as string | string[]) ?? []);
  }

  /** The most specific structural class (last objectClass value, as AD orders them). */
  async structuralClass(dn: string): Promise<string> {
    const oc = await this.objectClasses(dn);
    return oc[oc.length - 1] ?? "top";
  }

  /**
   * Resolves what an admin typed: DOMAIN\name, a UPN, a DN, a bare name, a SID string, or a
   * well-known name ("Everyone", "SELF", "Authenticated Users").
   */
  async resolvePrincipal(typed: string): Promise<Principal> {
    const t = typed.trim();
    const wk = typedWellKnownSid(t);
    if (wk) return { sid: wk, displayName: (await this.nameOfSid(wk)) ?? t };
    const d = await this.domainInfo();
    let filter: string;
    let base = d.defaultNamingContext;
    let scope: "base" | "sub" = "sub";
    if (/^S-1-\d/.test(t)) {
      filter = `(objectSid=${escapeFilterBytes(sidToBytes(t))})`;
      const known = wellKnownAccountName(t);
      if (known) return { sid: t, displayName: known };
    } else if (t.includes("\\")) {
      const [dom, name] = t.split("\\", 2);
      if (dom.toUpperCase() !== d.netbiosName.toUpperCase() && dom.toLowerCase() !== d.dnsName) {
        throw new PrincipalNotFoundError(typed);
      }
      filter = `(sAMAccountName=${escapeFilterValue(name)})`;
    } else if (t.includes("@")) {
      filter = `(userPrincipalName=${escapeFilterValue(t)})`;
    } else if (/^(CN|OU|DC)=/i.test(t)) {
      base = t;
      scope = "base";
      filter = "(objectClass=*)";
    } else {
      const v = escapeFilterValue(t);
      filter = `(|(sAMAccountName=${v})(name=${v})(cn=${v}))`;
    }
    let entries: Entry[];
    try {
      ({ searchEntries: entries } = await this.client.search(base, {
        scope,
        filter,
        attributes: ["objectSid", "sAMAccountName", "objectClass"],
        explicitBufferAttributes: ["objectSid"],
      }));
    } catch (e) {
      if ((e as { code?: number }).code === 32) throw new PrincipalNotFoundError(typed);
      throw e;
    }
    const withSid = entries.filter((e) => Buffer.isBuffer(e.objectSid));
    if (withSid.length === 0) throw new PrincipalNotFoundError(typed);
    if (withSid.length > 1) throw new Error(`Multiple Names Found: more than one object matches "${typed}"`);
    const e = withSid[0];
    const sid = sidFromBytes(e.objectSid as Buffer).sid;
    const sam = e.sAMAccountName ? String(e.sAMAccountName) : undefined;
    const p: Principal = {
      sid,
      dn: e.dn,
      displayName: sam ? `${d.netbiosName}\\${sam}` : e.dn,
      objectClass: ([] as string[]).concat((e.objectClass as string | string[]) ?? []),
    };
    if (sam) p.samAccountName = sam;
    this.sidNames.set(sid, p.displayName);
    return p;
  }

  /** DOMAIN\name for a SID (LookupAccountSid), or undefined when nothing has it. */
  async nameOfSid(sid: string): Promise<string | undefined> {
    const cached = this.sidNames.get(sid);
    if (cached) return cached;
    let name = wellKnownAccountName(sid);
    if (!name) {
      const d = await this.domainInfo();
      const { searchEntries } = await this.client.search(d.defaultNamingContext, {
        scope: "sub",
        filter: `(objectSid=${escapeFilterBytes(sidToBytes(sid))})`,
        attributes: ["sAMAccountName"],
      });
      const sam = searchEntries[0]?.sAMAccountName;
      if (sam) name = `${d.netbiosName}\\${String(sam)}`;
      else {
        const known = wellKnownSidName(sid, { domainSid: d.domainSid });
        if (known) name = `${d.netbiosName}\\${known}`;
      }
    }
    if (name) this.sidNames.set(sid, name);
    return name;
  }

  /** The SIDs in the principal's token: its own, tokenGroups (transitive groups), and the logon SIDs. */
  async tokenSids(principal: Principal): Promise<string[]> {
    const sids = new Set<string>([principal.sid, "S-1-1-0", "S-1-5-11"]);
    if (principal.dn) {
      const e = await this.readEntry(principal.dn, ["tokenGroups"], ["tokenGroups"]);
      const raw = e.tokenGroups;
      const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      for (const b of list) if (Buffer.isBuffer(b)) sids.add(sidFromBytes(b).sid);
    }
    return [...sids];
  }

  /** objectGUID of an object, as text. */
  async objectGuid(dn: string): Promise<string> {
    const e = await this.readEntry(dn, ["objectGUID"], ["objectGUID"]);
    return guidFromBytes(e.objectGUID as Buffer);
  }
}
