/**
 * The default world `contoso` (issue 3, "The default world contoso"): forest/domain contoso.com,
 * NetBIOS CONTOSO, DC DC1, domain SID S-1-5-21-1004336348-1177238915-682003330, the standard
 * containers, OUs, groups with their real RIDs and well-known SIDs, the seeded accounts and the
 * Windows default password policy on the domain root.
 *
 * SDs: the domain root's is Samba's captured one (data/baseline_root_full_sd.sddl, domain SID
 * remapped); AdminSDHolder's explicit part is the captured one; everything else is its class
 * defaultSecurityDescriptor plus inheritance, as a DC computes it.
 *
 * Accounts' passwords were set 7 days before the world's start, so the 1-day minimum age does not
 * block a change right away and the 42-day maximum age has not run out.
 *
 * MSOL_0123456789ab holds no grants of its own in `contoso`: it reads what Authenticated Users may
 * read (keeping the domain root SD byte-equal to the capture). `contoso-express` adds what an
 * express install grants (sspr-writeback-facts.md §3): DS-Replication-Get-Changes(-All) on the
 * root, read/write all properties and Reset Password on descendant users, inetOrgPersons, groups
 * and contacts, and the writeback trio (Reset Password, WP lockoutTime, WP pwdLastSet) on users
 * at the root and on AdminSDHolder.
 */
import { readFileSync } from "node:fs";
import { SeededIds } from "../clock/seeded-ids.ts";
import { SimClock } from "../clock/sim-clock.ts";
import { addEntry } from "../directory/add.ts";
import type { Attribute } from "../directory/api.ts";
import {
  type Dc,
  type DcConfig,
  EntryDraft,
  msToFileTime,
  msToInterval,
  SYSTEM_SID,
} from "../directory/dc.ts";
import { systemContext } from "../directory/directory.ts";
import { hashPassword, nextHistory, WINDOWS_DEFAULT_POLICY } from "../directory/passwords/index.ts";
import { runSdProp } from "../directory/sdprop.ts";
import { sddlToSd } from "../directory/security-adapter.ts";
import { buildForest } from "../forest/index.ts";
import type { Personality } from "../personality/catalogue.ts";

export const CONTOSO_DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
export const CONTOSO_BASE_DN = "DC=contoso,DC=com";

/** The seeded accounts and their passwords (documented in issue 3 and docs; never printed). */
export const CONTOSO_ACCOUNTS = [
  { name: "Administrator", parent: "CN=Users", password: "Adm1n!Passw0rd", uac: 66048, rid: 500 },
  { name: "MSOL_0123456789ab", parent: "CN=Users", password: "Msol!Passw0rd#1", uac: 66048 },
  { name: "alice", parent: "OU=Staff", password: "Alice!Passw0rd1", uac: 512 },
  { name: "frank", parent: "OU=Staff", password: "Frank!Passw0rd1", uac: 512 },
  { name: "dave", parent: "OU=Sales", password: "Dave!Passw0rd1", uac: 512 },
  { name: "bob", parent: "CN=Users", password: "Bob!Passw0rd1", uac: 512 },
  { name: "carol", parent: "OU=Admins", password: "Carol!Passw0rd1", uac: 512 },
] as const;

const DATA = new URL("./data/", import.meta.url);
const sddlFiles = new Map<string, string>();
function sddlFile(name: string): string {
  let s = sddlFiles.get(name);
  if (s === undefined) {
    s = readFileSync(new URL(name, DATA), "utf8").trim();
    sddlFiles.set(name, s);
  }
  return s;
}

const GT_GLOBAL = "-2147483646";
const GT_UNIVERSAL = "-2147483640";
const GT_DOMAIN_LOCAL = "-2147483644";
const GT_BUILTIN = "-2147483643";

interface GroupSpec {
  cn: string;
  rid: number;
  builtin?: boolean;
  groupType: string;
  description: string;
}

const DOMAIN_GROUPS: GroupSpec[] = [
  {
    cn: "Domain Admins",
    rid: 512,
    groupType: GT_GLOBAL,
    description: "Designated administrators of the domain",
  },
  { cn: "Domain Users", rid: 513, groupType: GT_GLOBAL, description: "All domain users" },
  { cn: "Domain Guests", rid: 514, groupType: GT_GLOBAL, description: "All domain guests" },
  {
    cn: "Domain Computers",
    rid: 515,
    groupType: GT_GLOBAL,
    description: "All workstations and servers joined to the domain",
  },
  {
    cn: "Domain Controllers",
    rid: 516,
    groupType: GT_GLOBAL,
    description: "All domain controllers in the domain",
  },
  {
    cn: "Cert Publishers",
    rid: 517,
    groupType: GT_DOMAIN_LOCAL,
    description: "Members of this group are permitted to publish certificates to the directory",
  },
  {
    cn: "Schema Admins",
    rid: 518,
    groupType: GT_UNIVERSAL,
    description: "Designated administrators of the schema",
  },
  {
    cn: "Enterprise Admins",
    rid: 519,
    groupType: GT_UNIVERSAL,
    description: "Designated administrators of the enterprise",
  },
  {
    cn: "Group Policy Creator Owners",
    rid: 520,
    groupType: GT_GLOBAL,
    description: "Members in this group can modify group policy for the domain",
  },
  {
    cn: "Read-only Domain Controllers",
    rid: 521,
    groupType: GT_GLOBAL,
    description: "Members of this group are Read-Only Domain Controllers in the domain",
  },
  {
    cn: "Protected Users",
    rid: 525,
    groupType: GT_GLOBAL,
    description:
      "Members of this group are afforded additional protections against authentication security threats",
  },
  {
    cn: "RAS and IAS Servers",
    rid: 553,
    groupType: GT_DOMAIN_LOCAL,
    description: "Servers in this group can access remote access properties of users",
  },
  {
    cn: "Allowed RODC Password Replication Group",
    rid: 571,
    groupType: GT_DOMAIN_LOCAL,
    description:
      "Members in this group can have their passwords replicated to all read-only domain controllers in the domain",
  },
  {
    cn: "Denied RODC Password Replication Group",
    rid: 572,
    groupType: GT_DOMAIN_LOCAL,
    description:
      "Members in this group cannot have their passwords replicated to any read-only domain controllers in the domain",
  },
];

const BUILTIN_GROUPS: GroupSpec[] = [
  {
    cn: "Administrators",
    rid: 544,
    groupType: GT_BUILTIN,
    description: "Administrators have complete and unrestricted access to the computer/domain",
  },
  {
    cn: "Users",
    rid: 545,
    groupType: GT_BUILTIN,
    description: "Users are prevented from making accidental or intentional system-wide changes",
  },
  {
    cn: "Guests",
    rid: 546,
    groupType: GT_BUILTIN,
    description: "Guests have the same access as members of the Users group by default",
  },
  {
    cn: "Account Operators",
    rid: 548,
    groupType: GT_BUILTIN,
    description: "Members can administer domain user and group accounts",
  },
  {
    cn: "Server Operators",
    rid: 549,
    groupType: GT_BUILTIN,
    description: "Members can administer domain servers",
  },
  {
    cn: "Print Operators",
    rid: 550,
    groupType: GT_BUILTIN,
    description: "Members can administer printers installed on domain controllers",
  },
  {
    cn: "Backup Operators",
    rid: 551,
    groupType: GT_BUILTIN,
    description:
      "Backup Operators can override security restrictions for the sole purpose of backing up or restoring files",
  },
  { cn: "Replicator", rid: 552, groupType: GT_BUILTIN, description: "Supports file replication in a domain" },
  {
    cn: "Pre-Windows 2000 Compatible Access",
    rid: 554,
    groupType: GT_BUILTIN,
    description:
      "A backward compatibility group which allows read access on all users and groups in the domain",
  },
  {
    cn: "Remote Desktop Users",
    rid: 555,
    groupType: GT_BUILTIN,
    description: "Members in this group are granted the right to logon remotely",
  },
  {
    cn: "Network Configuration Operators",
    rid: 556,
    groupType: GT_BUILTIN,
    description:
      "Members in this group can have some administrative privileges to manage configuration of networking features",
  },
  {
    cn: "Incoming Forest Trust Builders",
    rid: 557,
    groupType: GT_BUILTIN,
    description: "Members of this group can create incoming, one-way trusts to this forest",
  },
  {
    cn: "Performance Monitor Users",
    rid: 558,
    groupType: GT_BUILTIN,
    description: "Members of this group can access performance counter data locally and remotely",
  },
  {
    cn: "Performance Log Users",
    rid: 559,
    groupType: GT_BUILTIN,
    description: "Members of this group may schedule logging of performance counters",
  },
  {
    cn: "Windows Authorization Access Group",
    rid: 560,
    groupType: GT_BUILTIN,
    description:
      "Members of this group have access to the computed tokenGroupsGlobalAndUniversal attribute on User objects",
  },
  {
    cn: "Terminal Server License Servers",
    rid: 561,
    groupType: GT_BUILTIN,
    description: "Terminal Server License Servers",
  },
  {
    cn: "Distributed COM Users",
    rid: 562,
    groupType: GT_BUILTIN,
    description: "Members are allowed to launch, activate and use Distributed COM objects on this machine.",
  },
  {
    cn: "IIS_IUSRS",
    rid: 568,
    groupType: GT_BUILTIN,
    description: "Built-in group used by Internet Information Services.",
  },
  {
    cn: "Cryptographic Operators",
    rid: 569,
    groupType: GT_BUILTIN,
    description: "Members are authorized to perform cryptographic operations.",
  },
  {
    cn: "Event Log Readers",
    rid: 573,
    groupType: GT_BUILTIN,
    description: "Members of this group can read event logs from local machine",
  },
  {
    cn: "Certificate Service DCOM Access",
    rid: 574,
    groupType: GT_BUILTIN,
    description:
      "Members of this group are allowed to connect to Certification Authorities in the enterprise",
  },
];

/** Well-known container GUIDs published in wellKnownObjects (MS-ADTS 6.1.1.4, GUID_*_CONTAINER_W). */
const WELL_KNOWN: [string, string][] = [
  ["a9d1ca15768811d1aded00c04fd8d5cd", "CN=Users"],
  ["aa312825768811d1aded00c04fd8d5cd", "CN=Computers"],
  ["ab1d30f3768811d1aded00c04fd8d5cd", "CN=System"],
  ["a361b2ffffd211d1aa4b00c04fd7d83a", "OU=Domain Controllers"],
  ["22b70c67d56e4efb91e9300fca3dc1aa", "CN=ForeignSecurityPrincipals"],
];

/** The extra grants of an express install (facts §3), SDDL ACEs with MSOL's SID. */
function expressAces(msolSid: string): string {
  const user = "bf967aba-0de6-11d0-a285-00aa003049e2";
  const inetOrgPerson = "4828cc14-1437-45bc-9b07-ad6f015e5f28";
  const group = "bf967a9c-0de6-11d0-a285-00aa003049e2";
  const contact = "5cb41ed0-0e4c-11d0-a286-00aa003049e2";
  return [
    `(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;${msolSid})`,
    `(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;${msolSid})`,
    ...[user, inetOrgPerson, group, contact].map((c) => `(OA;CIIO;RPWP;;${c};${msolSid})`),
    `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;${user};${msolSid})`,
    `(OA;CIIO;WP;28630ebf-41d5-11d1-a9c1-0000f80367c1;${user};${msolSid})`,
    `(OA;CIIO;WP;bf967a0a-0de6-11d0-a285-00aa003049e2;${user};${msolSid})`,
  ].join("");
}

function writebackAces(msolSid: string): string {
  const user = "bf967aba-0de6-11d0-a285-00aa003049e2";
  return [
    `(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;${user};${msolSid})`,
    `(OA;CIIO;WP;28630ebf-41d5-11d1-a9c1-0000f80367c1;${user};${msolSid})`,
    `(OA;CIIO;WP;bf967a0a-0de6-11d0-a285-00aa003049e2;${user};${msolSid})`,
  ].join("");
}

/** Inserts ACEs at the front of the DACL of an SDDL string (what dsacls/samba-tool do). */
const CHANGE_PASSWORD = "ab721a53-1e2f-11d0-9819-00aa0040529b";

function prependDaclAces(sddl: string, aces: string): string {
  const m = /D:([A-Z]*)\(/.exec(sddl);
  if (!m) return sddl;
  const at = m.index + 2 + m[1].length;
  return sddl.slice(0, at) + aces + sddl.slice(at);
}

export interface WorldOptions {
  personality: Personality;
  clock?: SimClock;
  seed?: string;
  variant?: "contoso" | "contoso-express" | "contoso-legacy-dc";
  allowCleartextSimpleBind?: boolean;
}

export function contosoConfig(allowCleartextSimpleBind = false): DcConfig {
  return {
    domainDn: CONTOSO_BASE_DN,
    domainSid: CONTOSO_DOMAIN_SID,
    dnsDomain: "contoso.com",
    netbios: "CONTOSO",
    dcName: "DC1",
    allowCleartextSimpleBind,
    userPasswordIsUnicodePwd: false,
  };
}

const s = (v: string | number | bigint) => Buffer.from(String(v));
const at = (type: string, ...values: (string | number | bigint)[]): Attribute => ({
  type,
  values: values.map(s),
});

export function buildContoso(opts: WorldOptions): Dc {
  const clock = opts.clock ?? new SimClock();
  const ids = new SeededIds(opts.seed ?? "contoso");
  const config = contosoConfig(opts.allowCleartextSimpleBind);
  if (opts.variant === "contoso-legacy-dc") config.policyHintsControl = false;
  // One forest, one domain, one DC (forest/): the DC's replica already holds the configuration NC.
  const { dc: dcObject } = buildForest({
    rootDomain: {
      dn: config.domainDn,
      sid: config.domainSid,
      dnsName: config.dnsDomain,
      netbios: config.netbios,
    },
    dc: { name: config.dcName },
    dcOptions: {
      allowCleartextSimpleBind: config.allowCleartextSimpleBind,
      userPasswordIsUnicodePwd: config.userPasswordIsUnicodePwd,
      policyHintsControl: config.policyHintsControl,
    },
    personality: opts.personality,
    clock,
    ids,
    seed: opts.seed ?? "contoso",
  });
  const dc = dcObject.replica;
  const ctx = systemContext();
  const base = CONTOSO_BASE_DN;
  const sid = CONTOSO_DOMAIN_SID;
  const add = (rdnPath: string, attrs: Attribute[], extra: Parameters<typeof addEntry>[4] = {}) =>
    addEntry(dc, rdnPath ? `${rdnPath},${base}` : base, attrs, ctx, { system: true, ...extra });

  dc.store.nextRid = 1103;
  const msolRid = 1103;
  const msolSid = `${sid}-${msolRid}`;
  let rootSddl = sddlFile("baseline_root_full_sd.sddl");
  if (opts.variant === "contoso-express") rootSddl = prependDaclAces(rootSddl, expressAces(msolSid));
  const policy = WINDOWS_DEFAULT_POLICY;

  add(
    "",
    [
      at("objectClass", "top", "domain", "domainDNS"),
      at("objectSid", sid),
      at("minPwdAge", msToInterval(policy.minPwdAgeMs)),
      at("maxPwdAge", msToInterval(policy.maxPwdAgeMs)),
      at("minPwdLength", policy.minPwdLength),
      at("pwdHistoryLength", policy.pwdHistoryLength),
      at("pwdProperties", policy.complexity ? 1 : 0),
      at("lockoutThreshold", policy.lockoutThreshold),
      at("lockoutDuration", msToInterval(policy.lockoutDurationMs)),
      at("lockOutObservationWindow", msToInterval(policy.lockoutObservationWindowMs)),
      at("forceLogoff", "-9223372036854775808"),
      at("ms-DS-MachineAccountQuota", 10),
      at("msDS-Behavior-Version", opts.personality.quirks.functionalLevel),
      at("wellKnownObjects", ...WELL_KNOWN.map(([g, rdn]) => `B:32:${g.toUpperCase()}:${rdn},${base}`)),
    ],
    { sd: sddlToSd(rootSddl, sid) },
  );
  const container = (cn: string, parent = "") =>
    add(`CN=${cn}${parent ? `,${parent}` : ""}`, [
      at("objectClass", "top", "container"),
      at("showInAdvancedViewOnly", "FALSE"),
    ]);
  container("Users");
  container("Computers");
  container("System");
  container("ForeignSecurityPrincipals");
  let holderSddl = sddlFile("baseline_adminsdholder_full_sd.sddl");
  // Set-ADSyncPasswordWritebackPermissions also writes AdminSDHolder unless -SkipAdminSdHolders (facts §3).
  if (opts.variant === "contoso-express") holderSddl = prependDaclAces(holderSddl, writebackAces(msolSid));
  // Windows' AdminSDHolder allows Everyone "Change Password" (Windows Server 2003 Security Guide,
  // Appendix K, "Default Settings in the Master Security Descriptor of the AdminSDHolder Object");
  // the Samba 4.17 capture has no such ACE. So on Windows a protected user can still change a known
  // password while a forgotten-password reset fails (sspr-writeback-facts.md §8 case 3).
  if (opts.personality.quirks.sdProp)
    holderSddl = prependDaclAces(holderSddl, `(OA;;CR;${CHANGE_PASSWORD};;WD)`);
  const adminSdHolderSd = sddlToSd(holderSddl, sid);
  add(
    "CN=AdminSDHolder,CN=System",
    [at("objectClass", "top", "container"), at("showInAdvancedViewOnly", "TRUE")],
    { sd: adminSdHolderSd },
  );
  add("CN=Builtin", [at("objectClass", "top", "builtinDomain"), at("objectSid", "S-1-5-32")]);
  for (const ou of ["Domain Controllers", "Staff", "Sales", "Admins"])
    add(`OU=${ou}`, [at("objectClass", "top", "organizationalUnit")]);
  for (const fsp of ["S-1-5-4", "S-1-5-9", "S-1-5-11", "S-1-5-17"])
    add(`CN=${fsp},CN=ForeignSecurityPrincipals`, [
      at("objectClass", "top", "foreignSecurityPrincipal"),
      at("objectSid", fsp),
    ]);

  // Groups with their real RIDs.
  const groupDn = new Map<number, string>();
  for (const g of DOMAIN_GROUPS) {
    const e = add(`CN=${g.cn},CN=Users`, [
      at("objectClass", "top", "group"),
      at("objectSid", `${sid}-${g.rid}`),
      at("sAMAccountName", g.cn),
      at("groupType", g.groupType),
      at("description", g.description),
    ]);
    groupDn.set(g.rid, e.dn);
  }
  for (const g of BUILTIN_GROUPS) {
    const e = add(`CN=${g.cn},CN=Builtin`, [
      at("objectClass", "top", "group"),
      at("objectSid", `S-1-5-32-${g.rid}`),
      at("sAMAccountName", g.cn),
      at("groupType", g.groupType),
      at("description", g.description),
    ]);
    groupDn.set(g.rid, e.dn);
  }

  // Accounts: passwords stored as salted hashes, set 7 days before the world starts.
  const pwdSet = msToFileTime(clock.now() - 7 * 24 * 3600_000);
  const userDn = new Map<string, string>();
  const accountSpecs: { name: string; parent: string; uac: number; rid?: number; password?: string }[] = [
    ...CONTOSO_ACCOUNTS,
    { name: "Guest", parent: "CN=Users", uac: 66082, rid: 501 },
    { name: "krbtgt", parent: "CN=Users", uac: 514, rid: 502 },
  ];
  for (const a of accountSpecs) {
    const rid = a.rid ?? dc.allocateRid();
    const attrs = [
      at("objectClass", "top", "person", "organizationalPerson", "user"),
      at("objectSid", `${sid}-${rid}`),
      at("sAMAccountName", a.name),
      at("userAccountControl", a.uac),
      at("pwdLastSet", a.password ? pwdSet : 0),
    ];
    if (a.password) attrs.push(at("userPrincipalName", `${a.name}@contoso.com`));
    let secrets:
      | { hash: ReturnType<typeof hashPassword> | null; history: ReturnType<typeof hashPassword>[] }
      | undefined;
    if (a.password) {
      const hash = hashPassword(a.password);
      secrets = { hash, history: nextHistory([], hash, policy) };
    }
    const e = add(`CN=${a.name},${a.parent}`, attrs, { secrets });
    userDn.set(a.name, e.dn);
  }
  if (msolRid !== 1103) throw new Error("MSOL RID moved");
  add(`CN=${"DC1"},OU=Domain Controllers`, [
    at("objectClass", "top", "person", "organizationalPerson", "user", "computer"),
    at("sAMAccountName", "DC1$"),
    at("userAccountControl", 532480),
    at("primaryGroupID", 516),
    at("dNSHostName", "dc1.contoso.com"),
  ]);

  // Memberships (MS-ADTS 6.1.1.6 defaults) and the world's own.
  const members: [number, string[]][] = [
    [512, [userDn.get("Administrator")!, userDn.get("carol")!]],
    [518, [userDn.get("Administrator")!]],
    [519, [userDn.get("Administrator")!]],
    [520, [userDn.get("Administrator")!]],
    [544, [userDn.get("Administrator")!, groupDn.get(512)!, groupDn.get(519)!]],
    [
      545,
      [
        groupDn.get(513)!,
        `CN=S-1-5-4,CN=ForeignSecurityPrincipals,${base}`,
        `CN=S-1-5-11,CN=ForeignSecurityPrincipals,${base}`,
      ],
    ],
    [546, [userDn.get("Guest")!, groupDn.get(514)!]],
    [554, [`CN=S-1-5-11,CN=ForeignSecurityPrincipals,${base}`]],
    [560, [`CN=S-1-5-9,CN=ForeignSecurityPrincipals,${base}`]],
  ];
  for (const [rid, dns] of members) {
    const g = dc.store.get(dc.ndnOf(groupDn.get(rid)!))!;
    const draft = new EntryDraft(g);
    draft.set(
      "member",
      dns.map((x) => Buffer.from(x)),
    );
    dc.commitWrite({
      kind: "modify",
      actorSid: SYSTEM_SID,
      objects: [{ before: g, after: draft.freeze(), change: "modified" }],
    });
  }

  if (opts.personality.quirks.sdProp) runSdProp(dc);
  dc.deletedObjects();
  // The world's build is its baseline, not a history of changes.
  dc.changeLog.clear();
  return dc;
}
