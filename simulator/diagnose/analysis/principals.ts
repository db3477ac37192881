/**
 * Names ⇄ SIDs for one case, as the customer's tools print them: "Everyone", "NT AUTHORITY\SELF",
 * "BUILTIN\Administrators", "CONTOSO\Domain Admins", "CONTOSO\MSOL_…". Built from the well-known
 * SIDs (MS-DTYP 2.4.2.4), the domain SID, the connector account, the user and every account an LDIF
 * export names. A name nothing resolves gets a stand-in SID (S-1-5-21-0-0-0-N) so its ACEs still
 * count for "someone else", and is listed as unresolved.
 */
import { typedWellKnownSid, wellKnownAccountName } from "../../ldap-client/principal-names.ts";
import { resolveSidAlias, SID_ALIASES, wellKnownSidName } from "../../security/well-known-sids.ts";

export const STAND_IN_DOMAIN = "S-1-5-21-0-0-0";

export class Principals {
  private readonly bySid = new Map<string, string>();
  private readonly byName = new Map<string, string>();
  private standIns = 0;
  /** Names we could only give a stand-in SID. */
  readonly unresolved: string[] = [];

  constructor(
    readonly netbios: string | undefined,
    readonly domainSid: string | undefined,
  ) {
    for (const alias of SID_ALIASES) {
      const sid = resolveSidAlias(alias, { domainSid });
      if (!sid) continue;
      const fixed = wellKnownAccountName(sid);
      if (fixed) this.add(fixed, sid);
      else {
        const name = wellKnownSidName(sid, { domainSid });
        if (name) this.add(netbios ? `${netbios}\\${name}` : name, sid, true);
      }
    }
  }

  private key(name: string): string {
    return name.trim().toLowerCase();
  }

  /** Registers a name; a "DOMAIN\x" name is also found by its bare "x". */
  add(name: string, sid: string, bareToo = true): void {
    if (!this.bySid.has(sid)) this.bySid.set(sid, name);
    this.byName.set(this.key(name), sid);
    const bare = name.includes("\\") ? name.split("\\").pop()! : undefined;
    if (bareToo && bare && !this.byName.has(this.key(bare))) this.byName.set(this.key(bare), sid);
  }

  /** The SID for a name as a tool printed it, without inventing one. */
  lookup(name: string): string | undefined {
    const t = name.trim();
    if (/^S-1-\d/i.test(t)) return t.toUpperCase();
    const k = this.key(t);
    const direct = this.byName.get(k) ?? typedWellKnownSid(t);
    if (direct) return direct;
    // Another NetBIOS spelling of our own domain ("FABRIKAM\Domain Admins" vs "fabrikam\…"), or a UPN.
    if (t.includes("\\")) return this.byName.get(this.key(t.split("\\").pop()!));
    if (t.includes("@")) return this.byName.get(this.key(t.split("@")[0]));
    return undefined;
  }

  /** The SID for a name; a stand-in when nothing knows it. */
  resolve(name: string): string {
    const known = this.lookup(name);
    if (known) return known;
    const sid = `${STAND_IN_DOMAIN}-${1000 + ++this.standIns}`;
    this.add(name.trim(), sid, false);
    this.unresolved.push(name.trim());
    return sid;
  }

  nameOf(sid: string): string | undefined {
    return (
      this.bySid.get(sid) ?? wellKnownAccountName(sid) ?? wellKnownSidName(sid, { domainSid: this.domainSid })
    );
  }

  /** "CONTOSO\Domain Admins (S-1-5-21-…-512)" or the SID alone. */
  describe(sid: string): string {
    const n = this.nameOf(sid);
    return n ? `${n} (${sid})` : sid;
  }
}
