/**
 * Forest → Domain → DC (topology.ts), built by buildForest (build.ts) with the configuration and
 * schema NCs in every replica (configuration-nc.ts).
 *
 *   buildForest({ rootDomain: { dn, sid, dnsName?, netbios?, firstRid? }, dc: { name, site?, roles? },
 *                 dcOptions, personality, clock, ids, seed }) → { forest, domain, dc }
 *   forest.domains / forest.rootDomain / forest.dcs / forest.configDn / schemaDn / aggregateDn
 *   domain.dcs / domain.pdc / domain.ridMaster.allocatePool()
 *   dc.replica (directory Dc) / dc.invocationId / dc.site / dc.roles / dc.ntdsSettingsDn
 */
export {
  type BuiltForest,
  buildForest,
  type DcOptions,
  type DcSpec,
  type DomainSpec,
  type ForestBuildOptions,
} from "./build.ts";
export { Domain, DomainController, Forest, type FsmoRole, RidMaster, type RidPool } from "./topology.ts";
