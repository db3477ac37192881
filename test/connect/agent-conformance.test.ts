/**
 * Conformance: the same writeback operations, over the same permissions granted the same way (ADUC
 * over LDAP), give the same user-facing outcome on the fake DC (in-process, real LDAPS) and on the
 * real Samba 4.17 AD DC container. Outcomes are compared as the cloud sees them (relay result →
 * verdict), plus the Connect event IDs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedSambaDc, startSambaDc } from "../../harness/targets/samba-container.ts";
import { SeededIds } from "../../simulator/clock/seeded-ids.ts";
import { SimClock } from "../../simulator/clock/sim-clock.ts";
import { verdictOf } from "../../simulator/cloud/core/writeback-dispatch.ts";
import { type WritebackDraft, WritebackRelay } from "../../simulator/cloud/relay/relay.ts";
import { EventLog, WritebackAgent } from "../../simulator/connect/index.ts";
import { startFakeDc } from "../support/fake-dc.ts";
import {
  anchorOf,
  bindsWith,
  CONNECTOR_PASSWORD,
  grantConnectorWriteback,
  openAduc,
  setDomainPolicy,
  ssprResetDraft,
} from "../support/writeback-setup.ts";

interface Target {
  name: string;
  ldapsUrl: string;
  ldapUrl: string;
  adminDn: string;
  adminPassword: string;
  stop(): Promise<void>;
}

interface Observation {
  step: string;
  verdict: string;
  outcome: string;
  eventIds: number[];
  ldapCode?: number;
  bindsAfter?: boolean;
}

async function fakeDc(personality: "windows" | "samba"): Promise<Target> {
  const dc = await startFakeDc({ personality });
  return { name: `fake DC (${personality} personality)`, ...dc, stop: () => dc.close() };
}

async function sambaDc(): Promise<Target> {
  const dc: StartedSambaDc = await startSambaDc();
  return { name: "Samba 4.17 container", ...dc, stop: () => dc.stop() };
}

/** The same script on any target. */
async function observe(t: Target): Promise<Observation[]> {
  const clock = new SimClock();
  const events = new EventLog(clock);
  const relay = new WritebackRelay({ clock, ids: new SeededIds("conformance") });
  const agent = new WritebackAgent({ dcUrl: t.ldapsUrl, password: CONNECTOR_PASSWORD, events, clock });
  relay.attachAgent("contoso", agent);
  const aduc = await openAduc(t.ldapsUrl, { bindName: t.adminDn, password: t.adminPassword });
  const out: Observation[] = [];
  try {
    // Same policy on both: the Samba image is provisioned with minPwdAge 0 (lab setting), the fake
    // world starts with Windows' default 1 day; set 0 over LDAP as the admin, as the lab did.
    await setDomainPolicy(aduc, { minPwdAge: "0" });
    const anchor = await anchorOf(aduc, "CN=alice,OU=Staff,DC=contoso,DC=com");
    const base = ssprResetDraft(anchor, "alice@contoso.com");
    const run = async (step: string, d: Partial<WritebackDraft>, bindWith?: string) => {
      const mark = events.lastRecordId();
      const delivery = await relay.submit("contoso", { ...base, ...d });
      const ob: Observation = {
        step,
        verdict: verdictOf(delivery),
        outcome: delivery.status === "answered" ? delivery.result.outcome : delivery.status,
        eventIds: events.query({ afterRecord: mark }).map((x) => x.id),
      };
      if (delivery.status === "answered" && delivery.result.ldapResultCode !== undefined)
        ob.ldapCode = delivery.result.ldapResultCode;
      if (bindWith) ob.bindsAfter = await bindsWith(t.ldapsUrl, "alice@contoso.com", bindWith);
      out.push(ob);
    };
    await run("reset without grants", { newPassword: "N3w!Passw0rd#1" });
    await run(
      "change without grants (Everyone holds Change Password)",
      {
        kind: "change",
        origin: "userChange",
        oldPassword: "Alice!Passw0rd1",
        newPassword: "Chg!Passw0rd#2",
      },
      "Chg!Passw0rd#2",
    );
    await grantConnectorWriteback(aduc);
    await run("reset after the ADUC grant", { newPassword: "Rst!Passw0rd#3" }, "Rst!Passw0rd#3");
    await run("reset to a too-short password", { newPassword: "abc" });
    await run("change with a wrong current password", {
      kind: "change",
      origin: "userChange",
      oldPassword: "Wrong!Passw0rd9",
      newPassword: "Chg!Passw0rd#4",
    });
    await run("reset of an anchor that matches nobody", {
      cloudAnchor: Buffer.alloc(16, 9).toString("base64"),
      newPassword: "Rst!Passw0rd#5",
    });
  } finally {
    await agent.close();
    await aduc.close();
  }
  return out;
}

let fakeWindows: Target;
let fakeSamba: Target;
let samba: Target;
let windowsObs: Observation[];
let fakeSambaObs: Observation[];
let sambaObs: Observation[];

beforeAll(async () => {
  fakeWindows = await fakeDc("windows");
  fakeSamba = await fakeDc("samba");
  samba = await sambaDc();
  windowsObs = await observe(fakeWindows);
  fakeSambaObs = await observe(fakeSamba);
  sambaObs = await observe(samba);
});

afterAll(async () => {
  await fakeWindows?.stop();
  await fakeSamba?.stop();
  await samba?.stop();
});

describe("writeback agent: fake DC vs Samba AD DC", () => {
  it("gives the expected outcomes on the Samba container", () => {
    expect(sambaObs.map((o) => [o.step, o.outcome, o.ldapCode, o.bindsAfter])).toEqual([
      ["reset without grants", "accessDenied", 50, undefined],
      ["change without grants (Everyone holds Change Password)", "success", 0, true],
      ["reset after the ADUC grant", "success", 0, true],
      ["reset to a too-short password", "policyViolation", 19, undefined],
      ["change with a wrong current password", "wrongOldPassword", 19, undefined],
      ["reset of an anchor that matches nobody", "userNotFound", undefined, undefined],
    ]);
  });

  const view = (o: Observation[]) =>
    o.map(({ step, verdict, outcome, eventIds, ldapCode, bindsAfter }) => ({
      step,
      verdict,
      outcome,
      eventIds,
      ldapCode,
      bindsAfter,
    }));

  it("gives the same user-facing outcome, LDAP result code and Connect events on the fake DC (windows personality)", () => {
    expect(view(windowsObs)).toEqual(view(sambaObs));
  });

  it("gives the same on the fake DC in its samba personality (no policy-hints control, vendorName Samba)", () => {
    expect(view(fakeSambaObs)).toEqual(view(sambaObs));
  });
});
