/**
 * The attribute subset of the AD schema the simulator models (MS-ADA1/2/3 for OIDs, syntaxes and
 * single/multi-valued flags). schemaIDGUID/attributeSecurityGUID are NOT repeated here: the access
 * check resolves them from the security engineers' schema data (simulator/security/schema-data.ts).
 *
 * Flags: s = single-valued, y = systemOnly (only the DSA writes it), c = constructed (computed on
 * read, never stored, returned only when asked for by name), n = never readable (unicodePwd),
 * b = back-link (computed from the forward link), o = operational (stored, but not returned for "*").
 */

export type Syntax =
  | "string" // Unicode / IA5 / printable / case-insensitive strings (2.5.5.12, 2.5.5.4/5)
  | "dn" // 2.5.5.1
  | "oid" // 2.5.5.2 (objectClass values compare as names, case-insensitively)
  | "int" // 2.5.5.9
  | "int64" // 2.5.5.16 (large integer, FILETIME)
  | "bool" // 2.5.5.8
  | "binary" // 2.5.5.10 octet string
  | "sid" // 2.5.5.17
  | "guid" // octet string holding a GUID (objectGUID)
  | "time" // 2.5.5.11 generalized time
  | "sd"; // 2.5.5.15 NT security descriptor

export interface AttributeDef {
  name: string;
  oid: string;
  syntax: Syntax;
  single: boolean;
  systemOnly: boolean;
  constructed: boolean;
  neverRead: boolean;
  backLink: boolean;
  operational: boolean;
  /** ATTRTYP as Windows prints it in AtrErr messages ("Att 9005a (unicodePwd)"), MS-DRSR 5.16.4 prefix table. */
  attid: string;
}

// [name, oid, syntax, flags]
const TABLE: [string, string, Syntax, string][] = [
  ["objectClass", "2.5.4.0", "oid", ""],
  ["cn", "2.5.4.3", "string", "s"],
  ["sn", "2.5.4.4", "string", "s"],
  ["serialNumber", "2.5.4.5", "string", ""],
  ["c", "2.5.4.6", "string", "s"],
  ["l", "2.5.4.7", "string", "s"],
  ["st", "2.5.4.8", "string", "s"],
  ["street", "2.5.4.9", "string", "s"],
  ["o", "2.5.4.10", "string", ""],
  ["ou", "2.5.4.11", "string", ""],
  ["title", "2.5.4.12", "string", "s"],
  ["description", "2.5.4.13", "string", ""],
  ["postalCode", "2.5.4.17", "string", "s"],
  ["telephoneNumber", "2.5.4.20", "string", "s"],
  ["facsimileTelephoneNumber", "2.5.4.23", "string", "s"],
  ["member", "2.5.4.31", "dn", ""],
  ["userPassword", "2.5.4.35", "binary", ""],
  ["givenName", "2.5.4.42", "string", "s"],
  ["initials", "2.5.4.43", "string", "s"],
  ["name", "1.2.840.113556.1.4.1", "string", "sy"],
  ["displayName", "1.2.840.113556.1.2.13", "string", "s"],
  ["whenCreated", "1.2.840.113556.1.2.2", "time", "sy"],
  ["whenChanged", "1.2.840.113556.1.2.3", "time", "sy"],
  ["uSNCreated", "1.2.840.113556.1.2.19", "int64", "sy"],
  ["uSNChanged", "1.2.840.113556.1.2.120", "int64", "sy"],
  ["instanceType", "1.2.840.113556.1.2.1", "int", "sy"],
  ["distinguishedName", "2.5.4.49", "dn", "sy"],
  ["objectCategory", "1.2.840.113556.1.4.782", "dn", "s"],
  ["objectGUID", "1.2.840.113556.1.4.2", "guid", "sy"],
  ["objectSid", "1.2.840.113556.1.4.146", "sid", "sy"],
  ["nTSecurityDescriptor", "1.2.840.113556.1.2.281", "sd", "s"],
  ["sAMAccountName", "1.2.840.113556.1.4.221", "string", "s"],
  ["sAMAccountType", "1.2.840.113556.1.4.302", "int", "sy"],
  ["userPrincipalName", "1.2.840.113556.1.4.656", "string", "s"],
  ["userAccountControl", "1.2.840.113556.1.4.8", "int", "s"],
  ["primaryGroupID", "1.2.840.113556.1.4.98", "int", "s"],
  ["groupType", "1.2.840.113556.1.4.750", "int", "s"],
  ["memberOf", "1.2.840.113556.1.2.102", "dn", "yb"],
  ["adminCount", "1.2.840.113556.1.4.150", "int", "s"],
  ["pwdLastSet", "1.2.840.113556.1.4.96", "int64", "s"],
  ["lockoutTime", "1.2.840.113556.1.4.662", "int64", "s"],
  ["badPwdCount", "1.2.840.113556.1.4.12", "int", "sy"],
  ["badPasswordTime", "1.2.840.113556.1.4.49", "int64", "sy"],
  ["lastLogon", "1.2.840.113556.1.4.52", "int64", "sy"],
  ["lastLogonTimestamp", "1.2.840.113556.1.4.1696", "int64", "s"],
  ["logonCount", "1.2.840.113556.1.4.169", "int", "sy"],
  ["accountExpires", "1.2.840.113556.1.4.159", "int64", "s"],
  ["unicodePwd", "1.2.840.113556.1.4.90", "binary", "sn"],
  ["dBCSPwd", "1.2.840.113556.1.4.55", "binary", "sn"],
  ["ntPwdHistory", "1.2.840.113556.1.4.94", "binary", "n"],
  ["lmPwdHistory", "1.2.840.113556.1.4.160", "binary", "n"],
  ["supplementalCredentials", "1.2.840.113556.1.4.125", "binary", "n"],
  ["mail", "0.9.2342.19200300.100.1.3", "string", "s"],
  ["uid", "0.9.2342.19200300.100.1.1", "string", ""],
  ["company", "1.2.840.113556.1.2.146", "string", "s"],
  ["department", "1.2.840.113556.1.2.141", "string", "s"],
  ["manager", "0.9.2342.19200300.100.1.10", "dn", "s"],
  ["mobile", "0.9.2342.19200300.100.1.41", "string", "s"],
  ["info", "1.2.840.113556.1.2.81", "string", "s"],
  ["employeeID", "1.2.840.113556.1.4.35", "string", "s"],
  ["proxyAddresses", "1.2.840.113556.1.2.210", "string", ""],
  ["servicePrincipalName", "1.2.840.113556.1.4.771", "string", ""],
  ["dNSHostName", "1.2.840.113556.1.4.619", "string", "s"],
  ["operatingSystem", "1.2.840.113556.1.4.363", "string", "s"],
  ["mS-DS-ConsistencyGuid", "1.2.840.113556.1.4.2062", "binary", "s"],
  ["msDS-SupportedEncryptionTypes", "1.2.840.113556.1.4.1963", "int", "s"],
  ["isCriticalSystemObject", "1.2.840.113556.1.4.868", "bool", "sy"],
  ["showInAdvancedViewOnly", "1.2.840.113556.1.2.169", "bool", "s"],
  ["systemFlags", "1.2.840.113556.1.4.375", "int", "sy"],
  ["isDeleted", "1.2.840.113556.1.2.48", "bool", "sy"],
  ["isRecycled", "1.2.840.113556.1.4.2058", "bool", "sy"],
  ["lastKnownParent", "1.2.840.113556.1.4.781", "dn", "sy"],
  ["wellKnownObjects", "1.2.840.113556.1.4.618", "binary", "y"],
  ["gPLink", "1.2.840.113556.1.4.891", "string", "s"],
  ["dSHeuristics", "1.2.840.113556.1.2.212", "string", "s"],
  // LDAP policies (MS-ADTS 3.1.1.3.4.6; MS-ADA2 LDAP-Admin-Limits, MS-ADA3 Query-Policy-Object).
  ["lDAPAdminLimits", "1.2.840.113556.1.4.843", "string", ""],
  ["lDAPIPDenyList", "1.2.840.113556.1.4.844", "binary", ""],
  ["queryPolicyObject", "1.2.840.113556.1.4.607", "dn", "s"],
  ["dc", "0.9.2342.19200300.100.1.25", "string", "s"],
  ["minPwdAge", "1.2.840.113556.1.4.78", "int64", "s"],
  ["maxPwdAge", "1.2.840.113556.1.4.74", "int64", "s"],
  ["minPwdLength", "1.2.840.113556.1.4.79", "int", "s"],
  ["pwdHistoryLength", "1.2.840.113556.1.4.95", "int", "s"],
  ["pwdProperties", "1.2.840.113556.1.4.93", "int", "s"],
  ["lockoutThreshold", "1.2.840.113556.1.4.73", "int", "s"],
  ["lockoutDuration", "1.2.840.113556.1.4.60", "int64", "s"],
  ["lockOutObservationWindow", "1.2.840.113556.1.4.61", "int64", "s"],
  ["forceLogoff", "1.2.840.113556.1.4.39", "int64", "s"],
  ["nextRid", "1.2.840.113556.1.4.88", "int", "sy"],
  ["ms-DS-MachineAccountQuota", "1.2.840.113556.1.4.1411", "int", "s"],
  ["msDS-Behavior-Version", "1.2.840.113556.1.4.1459", "int", "s"],
  ["fSMORoleOwner", "1.2.840.113556.1.4.369", "dn", "s"],
  ["creationTime", "1.2.840.113556.1.4.26", "int64", "s"],
  ["modifiedCount", "1.2.840.113556.1.4.168", "int64", "s"],
  ["serverState", "1.2.840.113556.1.4.154", "int", "s"],
  ["uASCompat", "1.2.840.113556.1.4.155", "int", "s"],
  ["domainReplica", "1.2.840.113556.1.4.158", "string", "s"],
  ["oEMInformation", "1.2.840.113556.1.4.151", "string", "s"],
  ["subRefs", "1.2.840.113556.1.2.7", "dn", "y"],
  ["masteredBy", "1.2.840.113556.1.4.1409", "dn", "yb"],
  ["managedBy", "1.2.840.113556.1.4.653", "dn", "s"],
  ["homeDirectory", "1.2.840.113556.1.4.44", "string", "s"],
  ["scriptPath", "1.2.840.113556.1.4.62", "string", "s"],
  ["comment", "1.2.840.113556.1.2.156", "string", "s"],
  // Configuration NC (topology: crossRefs, sites, servers, NTDS Settings; MS-ADA1/2/3).
  ["nCName", "1.2.840.113556.1.2.16", "dn", "s"],
  ["dnsRoot", "1.2.840.113556.1.4.28", "string", ""],
  ["nETBIOSName", "1.2.840.113556.1.4.87", "string", "s"],
  ["nTMixedDomain", "1.2.840.113556.1.4.357", "int", "s"],
  ["invocationId", "1.2.840.113556.1.2.115", "guid", "sy"],
  ["options", "1.2.840.113556.1.4.307", "int", "s"],
  ["hasMasterNCs", "1.2.840.113556.1.2.14", "dn", "y"],
  ["msDS-hasMasterNCs", "1.2.840.113556.1.4.1836", "dn", "y"],
  ["msDS-HasDomainNCs", "1.2.840.113556.1.4.1820", "dn", "y"],
  ["msDS-HasInstantiatedNCs", "1.2.840.113556.1.4.1709", "string", "y"],
  ["dMDLocation", "1.2.840.113556.1.2.36", "dn", "s"],
  ["serverReference", "1.2.840.113556.1.4.515", "dn", "s"],
  ["schemaInfo", "1.2.840.113556.1.4.1358", "binary", "s"],
  // The subschema entry's lists are constructed from the schema (MS-ADTS 3.1.1.3.1.1.4).
  ["attributeTypes", "2.5.21.5", "string", "yc"],
  ["objectClasses", "2.5.21.6", "string", "yc"],
  ["dITContentRules", "2.5.21.2", "string", "yc"],
  // Constructed attributes (MS-ADTS 3.1.1.4.5).
  ["msDS-User-Account-Control-Computed", "1.2.840.113556.1.4.1460", "int", "syc"],
  ["tokenGroups", "1.2.840.113556.1.4.1301", "sid", "yc"],
  ["allowedAttributesEffective", "1.2.840.113556.1.4.914", "oid", "yc"],
  ["allowedAttributes", "1.2.840.113556.1.4.913", "oid", "yc"],
  ["createTimeStamp", "2.5.18.1", "time", "syc"],
  ["modifyTimeStamp", "2.5.18.2", "time", "syc"],
  ["subSchemaSubEntry", "2.5.18.10", "dn", "syc"],
  ["structuralObjectClass", "2.5.21.9", "oid", "yc"],
  ["canonicalName", "1.2.840.113556.1.4.916", "string", "yc"],
  ["msDS-PrincipalName", "1.2.840.113556.1.4.1865", "string", "syc"],
  ["parentGUID", "1.2.840.113556.1.4.1224", "guid", "syc"],
  ["msDS-ReplAttributeMetaData", "1.2.840.113556.1.4.1707", "string", "yc"],
];

/** OID prefix table used to build ATTRTYPs (MS-DRSR 5.16.4, the well-known prefixes). */
const PREFIXES: [string, number][] = [
  ["2.5.4.", 0x0000],
  ["2.5.6.", 0x0001],
  ["1.2.840.113556.1.2.", 0x0002],
  ["1.2.840.113556.1.3.", 0x0003],
  ["2.16.840.1.101.2.2.1.", 0x0004],
  ["2.16.840.1.101.2.2.3.", 0x0005],
  ["2.16.840.1.101.2.1.5.", 0x0006],
  ["2.16.840.1.101.2.1.4.", 0x0007],
  ["2.5.5.", 0x0008],
  ["1.2.840.113556.1.4.", 0x0009],
  ["1.2.840.113556.1.5.", 0x000a],
  ["2.16.840.1.113730.3.", 0x0014],
  ["0.9.2342.19200300.100.1.", 0x0015],
  ["2.5.18.", 0x001a],
  ["2.5.21.", 0x001b],
];

export function attidOf(oid: string): string {
  for (const [p, idx] of PREFIXES) {
    if (oid.startsWith(p)) {
      const last = Number(oid.slice(p.length));
      if (Number.isInteger(last) && last < 0x10000) return ((idx << 16) | last).toString(16);
    }
  }
  return "0";
}

const BY_NAME = new Map<string, AttributeDef>();
const BY_OID = new Map<string, AttributeDef>();
for (const [name, oid, syntax, flags] of TABLE) {
  const def: AttributeDef = {
    name,
    oid,
    syntax,
    single: flags.includes("s"),
    systemOnly: flags.includes("y"),
    constructed: flags.includes("c"),
    neverRead: flags.includes("n"),
    backLink: flags.includes("b"),
    operational: flags.includes("o"),
    attid: attidOf(oid),
  };
  BY_NAME.set(name.toLowerCase(), def);
  BY_OID.set(oid, def);
}

/** Looks up an attribute by lDAPDisplayName (case-insensitive) or by OID. */
export function getAttribute(nameOrOid: string): AttributeDef | undefined {
  return BY_NAME.get(nameOrOid.toLowerCase()) ?? BY_OID.get(nameOrOid);
}

export function allAttributes(): Iterable<AttributeDef> {
  return BY_NAME.values();
}
