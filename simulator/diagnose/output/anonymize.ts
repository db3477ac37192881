/**
 * `--anonymize`: consistent placeholders for everything that identifies the customer, applied to every
 * output (report, JSON, scenario): the domain (contoso.com → example1.test, CONTOSO → EXAMPLE1,
 * DC=contoso,DC=com → DC=example1,DC=test), account and OU names (user1, ou1, group1; the connector
 * keeps its MSOL_ prefix), computer names, SIDs (the domain part; well-known RIDs stay readable),
 * GUIDs (except schema and extended-right GUIDs, which are Microsoft's, not the customer's) and
 * source anchors. The same input always maps to the same placeholder within one diagnosis.
 * Well-known names (Domain Admins, Everyone, Users, …) are kept: they say nothing about the customer.
 */
import { lookupGuid } from "../../security/schema.ts";
import type { Diagnosis } from "../diagnose.ts";

const WELL_KNOWN_CONTAINERS = new Set([
  "users",
  "computers",
  "system",
  "builtin",
  "adminsdholder",
  "domain controllers",
  "foreignsecurityprincipals",
  "managed service accounts",
  "program data",
  "microsoft",
]);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class Anonymizer {
  private readonly names = new Map<string, string>();
  private readonly sids = new Map<string, string>();
  private readonly guids = new Map<string, string>();
  private counters = { user: 0, ou: 0, group: 0, host: 0, domain: 0, sid: 0, guid: 0, anchor: 0, msol: 0 };
  private re?: RegExp;

  /** Registers a customer name (account, OU, computer, domain label) with its placeholder kind. */
  name(original: string, kind: "user" | "ou" | "group" | "host" | "msol"): string {
    const k = original.toLowerCase();
    if (!original || WELL_KNOWN_CONTAINERS.has(k)) return original;
    const had = this.names.get(k);
    if (had) return had;
    const n = ++this.counters[kind];
    const v = kind === "msol" ? `MSOL_${String(n).padStart(12, "0")}` : `${kind}${n}`;
    this.names.set(k, v);
    this.re = undefined;
    return v;
  }

  /** A DNS domain (and its NetBIOS name): contoso.com → example1.test, CONTOSO → EXAMPLE1. */
  domain(dns: string, netbios?: string): string {
    const k = dns.toLowerCase();
    const had = this.names.get(k);
    if (had) return had;
    const n = ++this.counters.domain;
    const label = `example${n}`;
    this.names.set(k, `${label}.test`);
    const first = k.split(".")[0];
    if (!this.names.has(first)) this.names.set(first, label);
    if (netbios && !this.names.has(netbios.toLowerCase())) this.names.set(netbios.toLowerCase(), label);
    this.re = undefined;
    return `${label}.test`;
  }

  sid(sid: string): string {
    const m = /^(S-1-5-21-\d+-\d+-\d+)(-\d+)?$/i.exec(sid);
    if (!m) return sid;
    const dom = m[1].toUpperCase();
    let mapped = this.sids.get(dom);
    if (!mapped) {
      const n = ++this.counters.sid;
      mapped = `S-1-5-21-${1000000000 + n}-${2000000000 + n}-${3000000000 + n}`;
      this.sids.set(dom, mapped);
    }
    return `${mapped}${m[2] ?? ""}`;
  }

  guid(g: string): string {
    const k = g.toLowerCase();
    if (lookupGuid(k).length > 0) return g;
    let v = this.guids.get(k);
    if (!v) {
      v = `00000000-0000-4000-8000-${String(++this.counters.guid).padStart(12, "0")}`;
      this.guids.set(k, v);
    }
    return v;
  }

  private nameRegex(): RegExp | undefined {
    if (this.re) return this.re;
    const keys = [...this.names.keys()].sort((a, b) => b.length - a.length);
    if (!keys.length) return undefined;
    this.re = new RegExp(`(?<![A-Za-z0-9_])(${keys.map(escapeRe).join("|")})(?![A-Za-z0-9_])`, "gi");
    return this.re;
  }

  /** Applies every mapping to free text (evidence lines, YAML, JSON). */
  text(s: string): string {
    let out = s.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, (g) =>
      this.guid(g),
    );
    out = out.replace(/S-1-5-21-\d+-\d+-\d+(?:-\d+)?/gi, (x) => this.sid(x));
    out = out.replace(
      /(SourceAnchorValue:\s*)([A-Za-z0-9+/=]{8,})/g,
      (_m, p: string) => `${p}anchor${++this.counters.anchor}`,
    );
    // Email-like names whose local part we have not seen: a user we know nothing else about.
    out = out.replace(
      /\b([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g,
      (m, local: string, dom: string) => {
        if (!this.names.has(dom.toLowerCase()) && !/onmicrosoft\.com$/i.test(dom)) this.domain(dom);
        if (!this.names.has(local.toLowerCase())) this.name(local, "user");
        return m;
      },
    );
    out = out.replace(
      /\b([a-z0-9-]+)\.onmicrosoft\.com\b/gi,
      (_m, t: string) => `${this.names.get(t.toLowerCase()) ?? this.name(t, "host")}.onmicrosoft.com`,
    );
    const re = this.nameRegex();
    if (re) {
      out = out.replace(re, (m) => {
        const v = this.names.get(m.toLowerCase()) ?? m;
        return m === m.toUpperCase() && /[A-Z]/.test(m) ? v.toUpperCase() : v;
      });
    }
    // "DC=example1,DC=com" → keep the TLD label out of the customer's name too.
    out = out.replace(/(DC=example\d+),DC=[A-Za-z0-9-]+/gi, "$1,DC=test");
    return out;
  }

  /** Registers every identifying value a diagnosis holds. */
  static forDiagnosis(d: Diagnosis): Anonymizer {
    const a = new Anonymizer();
    const c = d.ctx;
    if (c.dnsDomain) a.domain(c.dnsDomain, c.netbios);
    if (c.connector.name)
      a.name(
        c.connector.name.split("\\").pop()!.split("@")[0],
        /^MSOL_/i.test(c.connector.name.split("\\").pop()!) ? "msol" : "user",
      );
    const rdnNames = (dn: string) => {
      for (const part of dn.split(/(?<!\\),/)) {
        const [t, v] = part.split("=");
        if (!v) continue;
        if (/^OU$/i.test(t.trim())) a.name(v.trim(), "ou");
        else if (/^CN$/i.test(t.trim())) a.name(v.trim(), "user");
      }
    };
    if (c.user.dn) rdnNames(c.user.dn);
    if (c.user.upn) a.name(c.user.upn.split("@")[0], "user");
    for (const dn of d.chain.pathDns) rdnNames(dn);
    for (const o of d.artifacts.objects) {
      const oc = (o.attributes.get("objectclass") ?? []).map((x) => x.toLowerCase());
      const sam = o.attributes.get("samaccountname")?.[0];
      if (sam) a.name(sam, oc.includes("group") ? "group" : "user");
      if (oc.includes("organizationalunit")) rdnNames(o.dn);
    }
    for (const n of c.principals.unresolved) a.name(n.split("\\").pop()!, "user");
    for (const e of [...d.artifacts.events, ...d.artifacts.securityEvents])
      if (e.computer) a.name(e.computer.split(".")[0], "host");
    for (const g of d.grants) {
      const n = c.principals.nameOf(g.ace.sid);
      if (n?.includes("\\") && !/^(NT AUTHORITY|BUILTIN)\\/i.test(n)) a.name(n.split("\\").pop()!, "user");
    }
    return a;
  }
}
