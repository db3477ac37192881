/** The topology (forest/): one forest, one domain, one DC, and the RID pools the domain hands out. */
import { describe, expect, it } from "vitest";
import { SeededIds } from "../../simulator/clock/seeded-ids.ts";
import { SimClock } from "../../simulator/clock/sim-clock.ts";
import { buildForest } from "../../simulator/forest/index.ts";
import { getPersonality } from "../../simulator/personality/index.ts";

const build = () =>
  buildForest({
    rootDomain: { dn: "DC=fabrikam,DC=test", sid: "S-1-5-21-1-2-3" },
    dc: { name: "DC7", site: "Branch" },
    dcOptions: { allowCleartextSimpleBind: false, userPasswordIsUnicodePwd: false },
    personality: getPersonality("windows"),
    clock: new SimClock(),
    ids: new SeededIds("t"),
    seed: "t",
  });

describe("buildForest", () => {
  it("names the forest, domain and DC, and puts the configuration NC in the DC's replica", () => {
    const { forest, domain, dc } = build();
    expect(forest.rootDomain).toBe(domain);
    expect(domain.dnsName).toBe("fabrikam.test");
    expect(domain.netbios).toBe("FABRIKAM");
    expect(domain.pdc).toBe(dc);
    expect([...dc.roles].sort()).toEqual(["infrastructure", "naming", "pdc", "rid", "schema"]);
    expect(forest.configDn).toBe("CN=Configuration,DC=fabrikam,DC=test");
    expect(dc.ntdsSettingsDn).toBe(
      "CN=NTDS Settings,CN=DC7,CN=Servers,CN=Branch,CN=Sites,CN=Configuration,DC=fabrikam,DC=test",
    );
    const replica = dc.replica;
    expect(replica.invocationId).toBe(dc.invocationId);
    expect(replica.dsServiceName).toBe(dc.ntdsSettingsDn);
    expect(replica.resolve(dc.ntdsSettingsDn)?.objectClass).toBe("nTDSDSA");
    expect(
      replica
        .resolve(`CN=FABRIKAM,CN=Partitions,${forest.configDn}`)
        ?.attrs.get("ncname")
        ?.values[0].toString(),
    ).toBe(domain.dn);
    expect(replica.resolve(forest.aggregateDn)?.objectClass).toBe("subSchema");
    // The configuration NC is its own NC, not a child of the domain's.
    expect(replica.ncOf(replica.ndnOf(forest.aggregateDn))).toBe(replica.ndnOf(forest.schemaDn));
  });

  it("a DC takes RIDs from its pool and asks the domain's RID master for the next one", () => {
    const { domain, dc } = build();
    const first = dc.replica.allocateRid();
    expect(first).toBe(1100);
    const rids = [first];
    for (let i = 0; i < 600; i++) rids.push(dc.replica.allocateRid());
    expect(rids.every((r, i) => i === 0 || r === rids[i - 1] + 1)).toBe(true);
    expect(domain.ridMaster.available).toBe(2100); // two pools of 500 handed out
  });
});
