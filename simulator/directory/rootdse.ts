/**
 * The rootDSE as AD publishes it (MS-ADTS 3.1.1.3.2). supportedControl lists exactly what we
 * implement (directory controls + paged results in the LDAP layer). supportedSASLMechanisms lists
 * what AD lists (GSSAPI, GSS-SPNEGO, EXTERNAL, DIGEST-MD5) although binds with them get
 * authMethodNotSupported here: clients read this list to pick a mechanism, and tools expect AD's.
 */
import type { Attribute, OperationContext } from "./api.ts";
import { OID, supportedControlsFor } from "./controls.ts";
import type { Dc } from "./dc.ts";

const CAPABILITIES = [
  "1.2.840.113556.1.4.800", // LDAP_CAP_ACTIVE_DIRECTORY_OID
  "1.2.840.113556.1.4.1670", // LDAP_CAP_ACTIVE_DIRECTORY_V51_OID
  "1.2.840.113556.1.4.1791", // LDAP_CAP_ACTIVE_DIRECTORY_LDAP_INTEG_OID
  "1.2.840.113556.1.4.1935", // LDAP_CAP_ACTIVE_DIRECTORY_V60_OID
  "1.2.840.113556.1.4.2080", // LDAP_CAP_ACTIVE_DIRECTORY_V61_R2_OID
  "1.2.840.113556.1.4.2237", // LDAP_CAP_ACTIVE_DIRECTORY_W8_OID
];

export function supportedControlList(dc: Dc): string[] {
  return [...supportedControlsFor(dc.policyHints), OID.PAGED_RESULTS].sort();
}

export function rootDseAttributes(dc: Dc, requested: string[], _ctx: OperationContext): Attribute[] {
  const q = dc.personality.quirks;
  const level = String(q.functionalLevel);
  const domain = dc.config.domainDn;
  const all: [string, string[]][] = [
    ["currentTime", [dc.generalizedNow()]],
    ["subschemaSubentry", [`CN=Aggregate,${dc.schemaDn}`]],
    ["dsServiceName", [dc.dsServiceName]],
    ["namingContexts", [domain, dc.configDn, dc.schemaDn]],
    ["defaultNamingContext", [domain]],
    ["rootDomainNamingContext", [dc.forestDn]],
    ["configurationNamingContext", [dc.configDn]],
    ["schemaNamingContext", [dc.schemaDn]],
    ["supportedControl", supportedControlList(dc)],
    // Windows lists 3 first; Samba 4.17 sends "2", "3" (seen on the container).
    ["supportedLDAPVersion", [...q.supportedLdapVersions]],
    [
      "supportedLDAPPolicies",
      [
        "MaxPoolThreads",
        "MaxPercentDirSyncRequests",
        "MaxDatagramRecv",
        "MaxReceiveBuffer",
        "InitRecvTimeout",
        "MaxConnections",
        "MaxConnIdleTime",
        "MaxPageSize",
        "MaxBatchReturnMessages",
        "MaxQueryDuration",
        "MaxTempTableSize",
        "MaxResultSetSize",
        "MinResultSets",
        "MaxResultSetsPerConn",
        "MaxNotificationPerConn",
        "MaxValRange",
      ],
    ],
    ["highestCommittedUSN", [String(dc.store.usn)]],
    ["supportedSASLMechanisms", ["GSSAPI", "GSS-SPNEGO", "EXTERNAL", "DIGEST-MD5"]],
    ["dnsHostName", [dc.dnsHostName]],
    [
      "ldapServiceName",
      [`${dc.config.dnsDomain}:${dc.config.dcName.toLowerCase()}$@${dc.config.dnsDomain.toUpperCase()}`],
    ],
    ["serverName", [dc.serverName]],
    ["supportedCapabilities", CAPABILITIES],
    ["isSynchronized", ["TRUE"]],
    ["isGlobalCatalogReady", ["TRUE"]],
    ["domainFunctionality", [level]],
    ["forestFunctionality", [level]],
    ["domainControllerFunctionality", [level]],
    // Samba names itself (seen on the 4.17 container); Windows publishes no vendorName/vendorVersion.
    ...(q.vendor
      ? ([
          ["vendorName", [q.vendor.name]],
          ["vendorVersion", [q.vendor.version]],
        ] as [string, string[]][])
      : []),
  ];
  const wanted = requested.map((a) => a.toLowerCase());
  const every = wanted.length === 0 || wanted.includes("*") || wanted.includes("+");
  return all
    .filter(([n]) => every || wanted.includes(n.toLowerCase()))
    .map(([type, values]) => ({ type, values: values.map((v) => Buffer.from(v)) }));
}
