/**
 * buildForest: the topology a world stands on, with each DC's replica built and its configuration
 * and schema NCs in place; the world then populates the domain NC through the same replica.
 */
import { SeededIds } from "../clock/seeded-ids.ts";
import type { SimClock } from "../clock/sim-clock.ts";
import { Dc, type DcConfig } from "../directory/dc.ts";
import type { Personality } from "../personality/catalogue.ts";
import { populateConfigurationNc } from "./configuration-nc.ts";
import { Domain, DomainController, Forest, type FsmoRole } from "./topology.ts";

export interface DomainSpec {
  /** "DC=contoso,DC=com" */
  dn: string;
  sid: string;
  /** Default: from the DN's DC= labels. */
  dnsName?: string;
  /** Default: the first DC= label, upper-cased. */
  netbios?: string;
  /** First RID the RID master hands out (AD: 1100 after the well-known ones). */
  firstRid?: number;
}

export interface DcSpec {
  name: string;
  site?: string;
  roles?: FsmoRole[];
}

/** DC behaviour a world chooses (the rest of DcConfig comes from the topology). */
export type DcOptions = Pick<
  DcConfig,
  "allowCleartextSimpleBind" | "userPasswordIsUnicodePwd" | "policyHintsControl"
>;

export interface ForestBuildOptions {
  rootDomain: DomainSpec;
  dc: DcSpec;
  dcOptions: DcOptions;
  personality: Personality;
  clock: SimClock;
  /** The domain's ids (object GUIDs, account names); the forest derives its own stream from `seed`. */
  ids: SeededIds;
  seed: string;
}

export interface BuiltForest {
  forest: Forest;
  domain: Domain;
  dc: DomainController;
}

const ALL_ROLES: FsmoRole[] = ["schema", "naming", "pdc", "rid", "infrastructure"];

/** One forest, one domain, one DC holding every role: what every world is today. */
export function buildForest(o: ForestBuildOptions): BuiltForest {
  const labels = o.rootDomain.dn
    .split(",")
    .map((p) => p.trim())
    .filter((p) => /^dc=/i.test(p))
    .map((p) => p.slice(3));
  const forest = new Forest(o.rootDomain.dn, new SeededIds(`${o.seed}/forest`));
  const domain = new Domain(
    forest,
    o.rootDomain.dn,
    o.rootDomain.sid,
    o.rootDomain.dnsName ?? labels.join(".").toLowerCase(),
    o.rootDomain.netbios ?? (labels[0] ?? "").toUpperCase(),
    o.rootDomain.firstRid ?? 1100,
  );
  forest.domains.push(domain);
  const site = o.dc.site ?? "Default-First-Site-Name";
  forest.sites.add(site);
  const dcObj = new DomainController(
    o.dc.name,
    domain,
    site,
    forest.ids.guid(),
    forest.ids.guid(),
    o.dc.roles ?? ALL_ROLES,
  );
  domain.dcs.push(dcObj);
  const replica = new Dc(
    {
      domainDn: domain.dn,
      domainSid: domain.sid,
      dnsDomain: domain.dnsName,
      netbios: domain.netbios,
      dcName: dcObj.name,
      forestDn: forest.rootDn,
      site,
      invocationId: dcObj.invocationId,
      ...o.dcOptions,
    },
    o.personality,
    o.clock,
    o.ids,
  );
  // The DC's RIDs come in pools from its domain's RID master (MS-SAMR 3.1.1.9.1).
  const pool = domain.ridMaster.allocatePool();
  replica.store.nextRid = pool.start;
  replica.useRidPools(pool.end, () => domain.ridMaster.allocatePool());
  dcObj.replica = replica;
  populateConfigurationNc(forest, replica, o.personality.quirks.functionalLevel);
  return { forest, domain, dc: dcObj };
}
