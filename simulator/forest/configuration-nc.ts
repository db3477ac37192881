/**
 * The forest's configuration and schema naming contexts as a DC replica holds them (MS-ADTS 6.1.1.2,
 * 6.1.2; shapes as the Samba 4.17 container shows them): CN=Configuration with CN=Partitions (a crossRef
 * per NC), CN=Sites (site, servers, every DC's server and nTDSDSA objects), CN=Services (the
 * Directory Service object that holds dSHeuristics) and CN=Schema with the subschema entry
 * CN=Aggregate, whose attributeTypes and objectClasses are constructed (directory/schema/subschema.ts).
 * The schema's attributeSchema/classSchema objects themselves are not materialised.
 *
 * Written through the directory's write pipeline as the DC itself (SYSTEM), with object GUIDs from
 * the forest's own seeded stream so the domain's objects keep theirs.
 */
import { addEntry } from "../directory/add.ts";
import type { Attribute } from "../directory/api.ts";
import { type Dc, SYSTEM_SID } from "../directory/dc.ts";
import { systemContext } from "../directory/directory.ts";
import type { Entry } from "../directory/entry.ts";
import { LdapPolicy } from "../directory/ldap-policy.ts";
import { DEFAULT_QUERY_POLICY_PATH } from "../directory/query-policy.ts";
import { guidToBytes, sddlToSd } from "../directory/security-adapter.ts";
import type { DomainController, Forest } from "./topology.ts";

/** The configuration NC head's explicit SD (inherited by everything below). */
const CONFIGURATION_SDDL =
  "O:EAG:EAD:AI(A;CI;RPLCLORC;;;AU)(A;CI;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;EA)(A;CI;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;SY)(A;CI;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)";

const at = (type: string, ...values: (string | number | Buffer)[]): Attribute => ({
  type,
  values: values.map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v)))),
});

/**
 * Built entries by everything that decides them (entries are immutable, so every world built the
 * same way shares them): a world's start stays as fast as before the configuration NC existed.
 */
const built = new Map<string, { entries: Entry[]; usn: number; guids: number }>();

/** Adds the configuration and schema NCs of `forest` to `dc`'s replica. */
export function populateConfigurationNc(forest: Forest, dc: Dc, functionalLevel: number): void {
  const key = JSON.stringify([
    forest.rootDn,
    forest.domains.map((d) => [d.dn, d.sid, d.netbios, d.dnsName]),
    forest.dcs.map((d) => [d.name, d.site, d.invocationId, d.roles.size]),
    [...forest.sites],
    dc.personality.name,
    functionalLevel,
    dc.config.userPasswordIsUnicodePwd,
    dc.clock.now(),
    dc.store.usn,
  ]);
  const hit = built.get(key);
  if (hit) {
    for (let i = 0; i < hit.guids; i++) forest.ids.guid();
    dc.commitWrite({
      kind: "add",
      actorSid: SYSTEM_SID,
      objects: hit.entries.map((after) => ({ after, change: "added" as const, local: true })),
    });
    dc.store.usn = hit.usn;
    return;
  }
  const entries: Entry[] = [];
  let guids = 0;
  writeConfigurationNc(forest, dc, functionalLevel, (e) => {
    entries.push(e);
    guids++;
  });
  if (built.size > 64) built.clear();
  built.set(key, { entries, usn: dc.store.usn, guids });
}

function writeConfigurationNc(
  forest: Forest,
  dc: Dc,
  functionalLevel: number,
  added: (e: Entry) => void,
): void {
  const ctx = systemContext();
  const add = (dn: string, attrs: Attribute[], sddl?: string) => {
    const e = addEntry(dc, dn, attrs, ctx, {
      system: true,
      guid: forest.ids.guid(),
      sd: sddl ? sddlToSd(sddl, forest.rootDomain.sid) : undefined,
    });
    added(e);
    return e;
  };
  const config = forest.configDn;
  add(
    config,
    [at("objectClass", "top", "configuration"), at("showInAdvancedViewOnly", "TRUE")],
    CONFIGURATION_SDDL,
  );
  add(
    forest.schemaDn,
    [at("objectClass", "top", "dMD"), at("showInAdvancedViewOnly", "TRUE")],
    CONFIGURATION_SDDL,
  );
  add(forest.aggregateDn, [at("objectClass", "top", "subSchema"), at("showInAdvancedViewOnly", "TRUE")]);

  const naming = forest.dcs.find((d) => d.roles.has("naming")) ?? forest.dcs[0];
  add(`CN=Partitions,${config}`, [
    at("objectClass", "top", "crossRefContainer"),
    at("showInAdvancedViewOnly", "TRUE"),
    at("systemFlags", -2147483648),
    at("msDS-Behavior-Version", functionalLevel),
    at("fSMORoleOwner", naming.ntdsSettingsDn),
  ]);
  const root = forest.rootDomain;
  const crossRef = (cn: string, nc: string, systemFlags: number, extra: Attribute[] = []) =>
    add(`CN=${cn},CN=Partitions,${config}`, [
      at("objectClass", "top", "crossRef"),
      at("showInAdvancedViewOnly", "TRUE"),
      at("nCName", nc),
      at("dnsRoot", root.dnsName),
      at("systemFlags", systemFlags),
      ...extra,
    ]);
  crossRef("Enterprise Configuration", config, 1);
  crossRef("Enterprise Schema", forest.schemaDn, 1);
  for (const d of forest.domains)
    crossRef(d.netbios, d.dn, 3, [
      at("nETBIOSName", d.netbios),
      at("nTMixedDomain", 0),
      at("msDS-Behavior-Version", functionalLevel),
    ]);

  add(`CN=Sites,${config}`, [
    at("objectClass", "top", "sitesContainer"),
    at("showInAdvancedViewOnly", "TRUE"),
    at("systemFlags", -2113929216),
  ]);
  for (const site of forest.sites) {
    add(`CN=${site},CN=Sites,${config}`, [
      at("objectClass", "top", "site"),
      at("showInAdvancedViewOnly", "TRUE"),
    ]);
    add(`CN=Servers,CN=${site},CN=Sites,${config}`, [
      at("objectClass", "top", "serversContainer"),
      at("showInAdvancedViewOnly", "TRUE"),
    ]);
  }
  for (const d of forest.dcs) addDcObjects(add, forest, d, functionalLevel);

  add(`CN=Services,${config}`, [at("objectClass", "top", "container"), at("showInAdvancedViewOnly", "TRUE")]);
  add(`CN=Windows NT,CN=Services,${config}`, [at("objectClass", "top", "container")]);
  // dSHeuristics: the 9th character '1' is fUserPwdSupport (MS-ADTS 6.1.1.2.4.1.2).
  add(`CN=Directory Service,CN=Windows NT,CN=Services,${config}`, [
    at("objectClass", "top", "nTDSService"),
    ...(dc.config.userPasswordIsUnicodePwd ? [at("dSHeuristics", "000000001")] : []),
  ]);
  // The LDAP policies every DC follows unless it names its own (MS-ADTS 3.1.1.3.4.6, KB 315071).
  add(`CN=Query-Policies,CN=Directory Service,CN=Windows NT,CN=Services,${config}`, [
    at("objectClass", "top", "container"),
    at("showInAdvancedViewOnly", "TRUE"),
  ]);
  add(`${DEFAULT_QUERY_POLICY_PATH},${config}`, [
    at("objectClass", "top", "queryPolicy"),
    at("showInAdvancedViewOnly", "TRUE"),
    at("lDAPAdminLimits", ...new LdapPolicy().values()),
  ]);
}

function addDcObjects(
  add: (dn: string, attrs: Attribute[]) => unknown,
  forest: Forest,
  d: DomainController,
  functionalLevel: number,
): void {
  add(d.serverDn, [
    at("objectClass", "top", "server"),
    at("showInAdvancedViewOnly", "TRUE"),
    at("dNSHostName", d.dnsHostName),
    at("serverReference", d.computerDn),
  ]);
  const ncs = [forest.configDn, forest.schemaDn, d.domain.dn];
  add(d.ntdsSettingsDn, [
    at("objectClass", "top", "nTDSDSA"),
    at("showInAdvancedViewOnly", "TRUE"),
    at("invocationId", guidToBytes(d.invocationId)),
    // NTDSDSA_OPT_IS_GC: every simulated DC is a global catalog (rootDSE isGlobalCatalogReady).
    at("options", 1),
    at("hasMasterNCs", ...ncs),
    at("msDS-hasMasterNCs", ...ncs),
    at("msDS-HasDomainNCs", d.domain.dn),
    at(
      "msDS-HasInstantiatedNCs",
      `B:8:0000000D:${forest.configDn}`,
      `B:8:0000000D:${forest.schemaDn}`,
      `B:8:00000005:${d.domain.dn}`,
    ),
    at("dMDLocation", forest.schemaDn),
    at("msDS-Behavior-Version", functionalLevel),
  ]);
}
