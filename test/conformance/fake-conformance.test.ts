/**
 * The fake DC in its samba personality against the real Samba 4.17 AD DC: the same operation list
 * (operations.ts) must give identical result codes, diagnostic messages and data after
 * normalisation, compared two ways:
 *   1. with samba-golden.json (recorded from the Samba container), always;
 *   2. live, op by op, against a freshly started Samba container (the image `npm run setup` builds;
 *      without it this suite fails with startSambaDc's message, it never skips).
 * Any divergence fails unless known-differences.json lists it with its reason (that file should stay
 * empty: when the fake DC diverges, the fake DC is fixed).
 *
 * Normalisation beyond normalise.ts: the two DCs give the lab accounts different RIDs (the fake
 * world numbers MSOL_0123456789ab 1103, the Samba image 1109), so account SIDs become
 * `<SID:name>` on both sides. Every other SID, RID, DN and string must match as is.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedSambaDc, startSambaDc } from "../../harness/targets/samba-container.ts";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import { expectedOutcome, knownDifferences } from "./golden.ts";
import { asAdmin, userDn, users } from "./lab.ts";
import { SID_PLACEHOLDER } from "./normalise.ts";
import { type ConformanceTarget, normalise, type Outcome, operations } from "./operations.ts";

/** The RIDs the Samba image gives the lab accounts (containers/samba-dc/populate.sh), which is
 * what samba-golden.json holds. */
const SAMBA_IMAGE_RIDS: Record<string, number> = {
  alice: 1102,
  frank: 1103,
  bob: 1104,
  dave: 1105,
  erin: 1106,
  carol: 1107,
  gina: 1108,
  MSOL_0123456789ab: 1109,
};

type RidMap = Record<string, number>;

/** Replaces `<DOMAIN-SID>-<rid>` of a lab account by `<SID:name>` (outcome already normalised). */
function nameAccountSids(outcome: Outcome, rids: RidMap): Outcome {
  let text = JSON.stringify(outcome);
  for (const [name, rid] of Object.entries(rids)) {
    text = text.replace(new RegExp(`${SID_PLACEHOLDER}-${rid}(?![0-9])`, "g"), `<SID:${name}>`);
  }
  return JSON.parse(text) as Outcome;
}

/** The lab accounts' RIDs on a running DC, read over LDAPS as Administrator. */
async function labRids(t: ConformanceTarget): Promise<RidMap> {
  return asAdmin(t, async (a) => {
    const out: RidMap = {};
    for (const u of Object.values(users)) {
      const sid = await a.sidOf(userDn(t, u));
      out[u.name] = Number(sid.slice(sid.lastIndexOf("-") + 1));
    }
    return out;
  });
}

const comparable = (outcome: Outcome, t: ConformanceTarget, rids: RidMap) =>
  nameAccountSids(normalise(outcome, t), rids);

describe("fake DC (samba personality) answers as samba-golden.json records", () => {
  let dc: FakeDc;
  let rids: RidMap;
  beforeAll(async () => {
    dc = await startFakeDc({ personality: "samba", labExtras: true });
    rids = await labRids(dc);
  });
  afterAll(async () => {
    await dc?.close();
  });

  it("keeps known-differences.json empty", () => {
    // Each entry must name an operation and say why; the goal is none at all.
    expect(knownDifferences).toEqual([]);
  });

  for (const o of operations) {
    it(o.name, async () => {
      const got = comparable(await o.run(dc), dc, rids);
      const expected = expectedOutcome(o.name);
      if (expected !== undefined) expect(got).toEqual(nameAccountSids(expected, SAMBA_IMAGE_RIDS));
    });
  }

  it("raised no internal error in the LDAP server", () => {
    expect(dc.internalErrors).toEqual([]);
  });
});

describe("fake DC (samba personality) and the live Samba AD DC container answer alike", () => {
  let samba: StartedSambaDc;
  let fake: FakeDc;
  let sambaRids: RidMap;
  let fakeRids: RidMap;
  beforeAll(async () => {
    samba = await startSambaDc();
    fake = await startFakeDc({ personality: "samba", labExtras: true });
    sambaRids = await labRids(samba);
    fakeRids = await labRids(fake);
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await samba?.stop();
  });

  for (const o of operations) {
    it(o.name, async () => {
      const real = comparable(await o.run(samba), samba, sambaRids);
      const got = comparable(await o.run(fake), fake, fakeRids);
      const diff = knownDifferences.find((d) => d.operation === o.name);
      if (!diff) expect(got).toEqual(real);
      else if (diff.expected) expect(got).toEqual(nameAccountSids(diff.expected, fakeRids));
    });
  }
});
