/**
 * The topology of a simulated Active Directory: Forest → Domain → DomainController (MS-ADTS 3.1.1.1).
 *
 *  - A Forest owns the configuration and schema naming contexts (CN=Configuration / CN=Schema under
 *    the root domain's DN): the crossRef of every NC in CN=Partitions, the sites and every DC's
 *    server and nTDSDSA objects in CN=Sites, and the subschema entry (configuration-nc.ts).
 *  - A Domain owns its NC (its DN), its SID and its RID master, which hands RID pools to its DCs.
 *  - A DomainController owns its replica (a directory Dc: store, change log, clock), its invocationId,
 *    its site and its roles (PDC emulator, RID master, …); its listeners are the LDAP server's.
 *
 * Every DC holds a replica of the configuration and schema NCs and of its own domain's NC. Today's
 * worlds build one forest with one domain and one DC; several domains and DCs (issue 9) add Domain
 * and DomainController objects to the same shapes and replicate by pulling each partner's change
 * log by USN (pipeline/change-log.ts sinceUsn, stamps in pipeline/replication-metadata.ts).
 */
import type { SeededIds } from "../clock/seeded-ids.ts";
import type { Dc } from "../directory/dc.ts";

/** Operations master roles (MS-ADTS 3.1.1.1.11). */
export type FsmoRole = "schema" | "naming" | "pdc" | "rid" | "infrastructure";

export interface RidPool {
  /** First RID of the pool. */
  start: number;
  /** One past the last RID of the pool. */
  end: number;
}

/**
 * The domain's RID master (MS-SAMR 3.1.1.9.1; MS-ADTS 3.1.1.1.11): hands each DC a pool of RIDs
 * (500 by default, AD's RID Block Size) from the domain's rIDAvailablePool.
 */
export class RidMaster {
  constructor(
    private next: number,
    readonly poolSize = 500,
  ) {}

  /** The next pool, in RID order: RIDs stay increasing within a domain. */
  allocatePool(): RidPool {
    const pool = { start: this.next, end: this.next + this.poolSize };
    this.next = pool.end;
    return pool;
  }

  /** Where the next pool would start (rIDAvailablePool's low part). */
  get available(): number {
    return this.next;
  }
}

export class DomainController {
  readonly roles: Set<FsmoRole>;
  /** Set once the replica is built (buildForest). */
  replica!: Dc;

  constructor(
    readonly name: string,
    readonly domain: Domain,
    readonly site: string,
    readonly invocationId: string,
    /** objectGUID of its nTDSDSA object (the DSA GUID, MS-DRSR). */
    readonly dsaGuid: string,
    roles: Iterable<FsmoRole>,
  ) {
    this.roles = new Set(roles);
  }

  get dnsHostName(): string {
    return `${this.name.toLowerCase()}.${this.domain.dnsName}`;
  }

  get serverDn(): string {
    return `CN=${this.name},CN=Servers,CN=${this.site},CN=Sites,${this.domain.forest.configDn}`;
  }

  get ntdsSettingsDn(): string {
    return `CN=NTDS Settings,${this.serverDn}`;
  }

  /** Its computer account in the domain NC. */
  get computerDn(): string {
    return `CN=${this.name},OU=Domain Controllers,${this.domain.dn}`;
  }

  get isPdcEmulator(): boolean {
    return this.roles.has("pdc");
  }
}

export class Domain {
  readonly dcs: DomainController[] = [];
  readonly ridMaster: RidMaster;

  constructor(
    readonly forest: Forest,
    /** "DC=contoso,DC=com" */
    readonly dn: string,
    readonly sid: string,
    /** "contoso.com" */
    readonly dnsName: string,
    /** "CONTOSO" */
    readonly netbios: string,
    firstRid: number,
  ) {
    this.ridMaster = new RidMaster(firstRid);
  }

  /** The PDC emulator: where password changes and lockouts land first (MS-ADTS 3.1.1.1.11). */
  get pdc(): DomainController {
    return this.dcs.find((d) => d.isPdcEmulator) ?? this.dcs[0];
  }
}

export class Forest {
  readonly domains: Domain[] = [];
  readonly sites = new Set<string>(["Default-First-Site-Name"]);

  constructor(
    /** The root domain's DN, which names the configuration and schema NCs. */
    readonly rootDn: string,
    /** Ids for the forest's own objects (configuration NC), apart from any domain's. */
    readonly ids: SeededIds,
  ) {}

  get rootDomain(): Domain {
    return this.domains[0];
  }

  get configDn(): string {
    return `CN=Configuration,${this.rootDn}`;
  }

  get schemaDn(): string {
    return `CN=Schema,${this.configDn}`;
  }

  get aggregateDn(): string {
    return `CN=Aggregate,${this.schemaDn}`;
  }

  get dcs(): DomainController[] {
    return this.domains.flatMap((d) => d.dcs);
  }
}
