/**
 * The class subset of the AD schema (MS-ADSC): superclass chains, must/may contents, the RDN
 * attribute and the objectCategory each class defaults to. Default security descriptors come from
 * the security engineers' schema data through the security adapter (one source of truth).
 */

export interface ClassDef {
  name: string;
  /** cn of the classSchema object, used for objectCategory (CN=<cn>,CN=Schema,CN=Configuration,…). */
  cn: string;
  superClass: string | null;
  must: string[];
  may: string[];
  rdnAttr: string;
  /** Class whose cn is the default objectCategory (user → person). */
  defaultCategory: string;
  /** Classes this one may be created under (possSuperiors, flattened); empty = anywhere. */
  possSuperiors: string[];
  /** Security principals get an objectSid/RID on add. */
  principal: boolean;
  /** governsID (MS-ADSC), for the subschema entry's objectClasses. */
  oid?: string;
}

/** governsIDs of the classes the schema facts do not carry (MS-ADSC 2.x). */
const GOVERNS_ID: Record<string, string> = {
  configuration: "1.2.840.113556.1.5.12",
  dMD: "1.2.840.113556.1.3.9",
  nTDSService: "1.2.840.113556.1.5.72",
  crossRefContainer: "1.2.840.113556.1.5.7000.53",
  crossRef: "1.2.840.113556.1.3.11",
  sitesContainer: "1.2.840.113556.1.5.107",
  site: "1.2.840.113556.1.5.31",
  serversContainer: "1.2.840.113556.1.5.7000.48",
  server: "1.2.840.113556.1.5.17",
  nTDSDSA: "1.2.840.113556.1.5.7000.47",
  queryPolicy: "1.2.840.113556.1.5.106",
  subSchema: "2.5.20.1",
  builtinDomain: "1.2.840.113556.1.5.4",
  foreignSecurityPrincipal: "1.2.840.113556.1.5.76",
};

const TOP_MAY = [
  "description",
  "name",
  "distinguishedName",
  "instanceType",
  "nTSecurityDescriptor",
  "objectCategory",
  "objectGUID",
  "whenCreated",
  "whenChanged",
  "uSNCreated",
  "uSNChanged",
  "memberOf",
  "isCriticalSystemObject",
  "showInAdvancedViewOnly",
  "systemFlags",
  "isDeleted",
  "adminCount",
  "wellKnownObjects",
  "masteredBy",
  "managedBy",
  "info",
  "displayName",
  "cn",
];

const POLICY_ATTRS = [
  "minPwdAge",
  "maxPwdAge",
  "minPwdLength",
  "pwdHistoryLength",
  "pwdProperties",
  "lockoutThreshold",
  "lockoutDuration",
  "lockOutObservationWindow",
  "forceLogoff",
  "nextRid",
  "objectSid",
  "creationTime",
  "modifiedCount",
  "serverState",
  "uASCompat",
  "domainReplica",
  "oEMInformation",
];

const CONTAINERS = [
  "domainDNS",
  "organizationalUnit",
  "container",
  "builtinDomain",
  "configuration",
  "dMD",
  "nTDSService",
];

const DEFS: ClassDef[] = [
  {
    name: "top",
    cn: "Top",
    superClass: null,
    must: ["objectClass"],
    may: TOP_MAY,
    rdnAttr: "cn",
    defaultCategory: "top",
    possSuperiors: [],
    principal: false,
  },
  {
    name: "domain",
    cn: "Domain",
    superClass: "top",
    must: ["dc"],
    may: [],
    rdnAttr: "dc",
    defaultCategory: "domainDNS",
    possSuperiors: [],
    principal: false,
  },
  {
    name: "domainDNS",
    cn: "Domain-DNS",
    superClass: "domain",
    must: [],
    may: [
      ...POLICY_ATTRS,
      "gPLink",
      "fSMORoleOwner",
      "ms-DS-MachineAccountQuota",
      "msDS-Behavior-Version",
      "subRefs",
      "dSHeuristics",
    ],
    rdnAttr: "dc",
    defaultCategory: "domainDNS",
    possSuperiors: [],
    principal: false,
  },
  {
    name: "builtinDomain",
    cn: "Builtin-Domain",
    superClass: "top",
    must: ["cn"],
    may: POLICY_ATTRS,
    rdnAttr: "cn",
    defaultCategory: "builtinDomain",
    possSuperiors: ["domainDNS"],
    principal: false,
  },
  {
    name: "container",
    cn: "Container",
    superClass: "top",
    must: ["cn"],
    may: ["dSHeuristics"],
    rdnAttr: "cn",
    defaultCategory: "container",
    possSuperiors: CONTAINERS,
    principal: false,
  },
  {
    name: "configuration",
    cn: "Configuration",
    superClass: "top",
    must: ["cn"],
    may: [],
    rdnAttr: "cn",
    defaultCategory: "configuration",
    possSuperiors: ["domainDNS"],
    principal: false,
  },
  {
    name: "dMD",
    cn: "DMD",
    superClass: "top",
    must: ["cn"],
    may: [],
    rdnAttr: "cn",
    defaultCategory: "dMD",
    possSuperiors: ["configuration"],
    principal: false,
  },
  {
    name: "nTDSService",
    cn: "NTDS-Service",
    superClass: "top",
    must: ["cn"],
    may: ["dSHeuristics"],
    rdnAttr: "cn",
    defaultCategory: "nTDSService",
    possSuperiors: ["container"],
    principal: false,
  },
  // Configuration NC classes the topology builds (MS-ADTS 6.1.1.2 / MS-ADSC), with the attributes
  // the simulator sets; the full may-lists come from the schema facts where they have the class.
  ...(
    [
      [
        "crossRefContainer",
        "Cross-Ref-Container",
        [],
        ["msDS-Behavior-Version", "fSMORoleOwner", "systemFlags"],
        ["configuration"],
      ],
      [
        "crossRef",
        "Cross-Ref",
        ["cn", "nCName", "dnsRoot"],
        ["nETBIOSName", "nTMixedDomain", "systemFlags", "msDS-Behavior-Version"],
        ["crossRefContainer"],
      ],
      ["sitesContainer", "Sites-Container", [], ["systemFlags"], ["configuration"]],
      ["site", "Site", [], ["systemFlags"], ["sitesContainer"]],
      ["serversContainer", "Servers-Container", [], ["systemFlags"], ["site"]],
      ["server", "Server", [], ["dNSHostName", "serverReference", "systemFlags"], ["serversContainer"]],
      [
        "nTDSDSA",
        "NTDS-DSA",
        [],
        [
          "invocationId",
          "options",
          "hasMasterNCs",
          "msDS-hasMasterNCs",
          "msDS-HasDomainNCs",
          "msDS-HasInstantiatedNCs",
          "dMDLocation",
          "msDS-Behavior-Version",
          "systemFlags",
          "queryPolicyObject",
        ],
        ["server"],
      ],
      // MS-ADSC Query-Policy: lDAPAdminLimits holds the LDAP policies (MS-ADTS 3.1.1.3.4.6).
      ["queryPolicy", "Query-Policy", [], ["lDAPAdminLimits", "lDAPIPDenyList"], ["container"]],
      ["subSchema", "SubSchema", [], ["modifyTimeStamp"], ["dMD"]],
    ] as [string, string, string[], string[], string[]][]
  ).map(
    ([name, cn, must, may, possSuperiors]): ClassDef => ({
      name,
      cn,
      superClass: "top",
      must,
      may,
      rdnAttr: "cn",
      defaultCategory: name,
      possSuperiors,
      principal: false,
    }),
  ),
  {
    name: "organizationalUnit",
    cn: "Organizational-Unit",
    superClass: "top",
    must: ["ou"],
    may: ["c", "l", "st", "street", "postalCode", "gPLink", "telephoneNumber", "facsimileTelephoneNumber"],
    rdnAttr: "ou",
    defaultCategory: "organizationalUnit",
    possSuperiors: ["domainDNS", "organizationalUnit", "container"],
    principal: false,
  },
  {
    name: "person",
    cn: "Person",
    superClass: "top",
    must: ["cn"],
    may: ["sn", "telephoneNumber", "userPassword", "serialNumber"],
    rdnAttr: "cn",
    defaultCategory: "person",
    possSuperiors: CONTAINERS,
    principal: false,
  },
  {
    name: "organizationalPerson",
    cn: "Organizational-Person",
    superClass: "person",
    must: [],
    may: [
      "c",
      "l",
      "st",
      "street",
      "title",
      "postalCode",
      "givenName",
      "initials",
      "company",
      "department",
      "manager",
      "mobile",
      "facsimileTelephoneNumber",
      "mail",
      "comment",
      "o",
      "ou",
    ],
    rdnAttr: "cn",
    defaultCategory: "person",
    possSuperiors: CONTAINERS,
    principal: false,
  },
  {
    name: "user",
    cn: "User",
    superClass: "organizationalPerson",
    must: [],
    may: [
      "sAMAccountName",
      "sAMAccountType",
      "userPrincipalName",
      "userAccountControl",
      "primaryGroupID",
      "objectSid",
      "pwdLastSet",
      "lockoutTime",
      "badPwdCount",
      "badPasswordTime",
      "lastLogon",
      "lastLogonTimestamp",
      "logonCount",
      "accountExpires",
      "unicodePwd",
      "dBCSPwd",
      "ntPwdHistory",
      "lmPwdHistory",
      "supplementalCredentials",
      "employeeID",
      "proxyAddresses",
      "servicePrincipalName",
      "mS-DS-ConsistencyGuid",
      "homeDirectory",
      "scriptPath",
      "uid",
      "msDS-SupportedEncryptionTypes",
    ],
    rdnAttr: "cn",
    defaultCategory: "person",
    possSuperiors: CONTAINERS,
    principal: true,
  },
  {
    name: "inetOrgPerson",
    cn: "inetOrgPerson",
    superClass: "user",
    must: [],
    may: [],
    rdnAttr: "cn",
    defaultCategory: "person",
    possSuperiors: CONTAINERS,
    principal: true,
  },
  {
    name: "computer",
    cn: "Computer",
    superClass: "user",
    must: [],
    may: ["dNSHostName", "operatingSystem"],
    rdnAttr: "cn",
    defaultCategory: "computer",
    possSuperiors: CONTAINERS,
    principal: true,
  },
  {
    name: "group",
    cn: "Group",
    superClass: "top",
    must: ["groupType"],
    may: ["member", "sAMAccountName", "sAMAccountType", "objectSid", "mail", "proxyAddresses"],
    rdnAttr: "cn",
    defaultCategory: "group",
    possSuperiors: CONTAINERS,
    principal: true,
  },
  {
    name: "foreignSecurityPrincipal",
    cn: "Foreign-Security-Principal",
    superClass: "top",
    must: ["objectSid"],
    may: [],
    rdnAttr: "cn",
    defaultCategory: "foreignSecurityPrincipal",
    possSuperiors: CONTAINERS,
    principal: false,
  },
];

const BY_NAME = new Map<string, ClassDef>(DEFS.map((d) => [d.name.toLowerCase(), d]));

export function getClass(name: string): ClassDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The chain from top down to the class (what AD stores in objectClass). */
export function classChain(name: string): ClassDef[] {
  const out: ClassDef[] = [];
  let c = getClass(name);
  while (c) {
    out.unshift(c);
    c = c.superClass ? getClass(c.superClass) : undefined;
  }
  return out;
}

/** The most specific class among the given objectClass values (the structural class). */
export function structuralClass(objectClasses: string[]): ClassDef | undefined {
  let best: ClassDef | undefined;
  let bestDepth = -1;
  for (const oc of objectClasses) {
    const d = classChain(oc).length;
    if (d > bestDepth) {
      bestDepth = d;
      best = getClass(oc);
    }
  }
  return best;
}

const allowedCache = new Map<string, { must: Set<string>; may: Set<string> }>();

/** Lower-cased must and must+may attribute sets of a structural class. */
export function allowedAttributes(className: string): { must: Set<string>; may: Set<string> } {
  const key = className.toLowerCase();
  const hit = allowedCache.get(key);
  if (hit) return hit;
  const must = new Set<string>();
  const may = new Set<string>();
  for (const c of classChain(className)) {
    for (const a of c.must) {
      must.add(a.toLowerCase());
      may.add(a.toLowerCase());
    }
    for (const a of c.may) may.add(a.toLowerCase());
  }
  may.add("objectclass");
  const v = { must, may };
  allowedCache.set(key, v);
  return v;
}

export function isSubclassOf(className: string, ancestor: string): boolean {
  return classChain(className).some((c) => c.name.toLowerCase() === ancestor.toLowerCase());
}

/** Every class of our own table, with its governsID where known. */
export function allClasses(): ClassDef[] {
  return DEFS.map((c) => ({ ...c, oid: GOVERNS_ID[c.name] }));
}
