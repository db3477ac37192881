/**
 * The writeback agent over real LDAPS against a real Samba 4.17 AD DC (container), driven through the
 * cloud relay exactly as the cloud drives it: the relay result, the Connect events and the DC state.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StartedSambaDc, startSambaDc } from "../../harness/targets/samba-container.ts";
import { type AducConsole, runDsacls } from "../../simulator/admin-tools/index.ts";
import { SeededIds } from "../../simulator/clock/seeded-ids.ts";
import { SimClock } from "../../simulator/clock/sim-clock.ts";
import { type WritebackDraft, WritebackRelay } from "../../simulator/cloud/relay/relay.ts";
import { WritebackAgent } from "../../simulator/connect/agent/index.ts";
import { EventLog } from "../../simulator/connect/events/index.ts";
import {
  anchorOf,
  bindsWith,
  CONNECTOR_ACCOUNT,
  CONNECTOR_PASSWORD,
  grantConnectorWriteback,
  openAduc,
  ssprResetDraft,
} from "../support/writeback-setup.ts";

const TENANT = "contoso";
let dc: StartedSambaDc;
let aduc: AducConsole;
let clock: SimClock;
let events: EventLog;
let relay: WritebackRelay;
let agent: WritebackAgent;
let aliceAnchor: string;
let seq = 0;

function draft(over: Partial<WritebackDraft> = {}): WritebackDraft {
  seq++;
  return ssprResetDraft(aliceAnchor, "alice@contoso.com", { newPassword: `N3w!Passw0rd#${seq}`, ...over });
}

async function submit(d: WritebackDraft) {
  const mark = events.lastRecordId();
  const delivery = await relay.submit(TENANT, d);
  return { delivery, events: events.query({ afterRecord: mark }) };
}

const grant = () => grantConnectorWriteback(aduc);

beforeAll(async () => {
  dc = await startSambaDc();
  aduc = await openAduc(dc.ldapsUrl, { bindName: dc.adminDn, password: dc.adminPassword });
  aduc.setAdvancedFeatures(true);
  aliceAnchor = await anchorOf(aduc, "CN=alice,OU=Staff,DC=contoso,DC=com");
  clock = new SimClock();
  events = new EventLog(clock);
  relay = new WritebackRelay({ clock, ids: new SeededIds("agent-samba") });
  agent = new WritebackAgent({
    dcUrl: dc.ldapsUrl,
    plainDcUrl: dc.ldapUrl,
    password: CONNECTOR_PASSWORD,
    events,
    clock,
  });
  relay.attachAgent(TENANT, agent);
});

afterAll(async () => {
  await agent?.close();
  await aduc?.close();
  await dc?.stop();
});

beforeEach(async () => {
  await runDsacls(aduc.session, `dsacls "DC=contoso,DC=com" /R ${CONNECTOR_ACCOUNT}`);
  await agent.configure({ signAndEncrypt: true });
});

describe("writeback agent against the Samba DC, through the relay", () => {
  it("without the grant: 50 on the reset → 33004 hr=80230626 and an accessDenied result (SSPR_0029 upstream)", async () => {
    const { delivery, events: ev } = await submit(draft());
    expect(delivery.status).toBe("answered");
    if (delivery.status !== "answered") return;
    expect(delivery.result).toMatchObject({
      outcome: "accessDenied",
      ldapResultCode: 50,
      ldapMessage: "error in module acl: insufficient access rights during LDB_MODIFY (50)",
      eventIds: [31001, 6329, 33004, 31003],
    });
    expect(ev.map((e) => [e.source, e.id])).toEqual([
      ["PasswordResetService", 31001],
      ["ADSync", 6329],
      ["PasswordResetService", 33004],
      ["PasswordResetService", 31003],
    ]);
    expect(ev[2].text).toContain(
      "Reason: Synchronization Engine returned an error hr=80230626, message=The password could not be updated because the management agent credentials were denied access., Context: cloudAnchor: User_",
    );
    expect(ev[2].text).toContain(`SourceAnchorValue: ${aliceAnchor}, UserPrincipalName: alice@contoso.com`);
  });

  it("after the ADUC grant the reset succeeds (31001, 31002) and alice binds with the new password", async () => {
    await grant();
    const d = draft();
    const { delivery, events: ev } = await submit(d);
    expect(delivery.status === "answered" && delivery.result.outcome).toBe("success");
    expect(ev.map((e) => e.id)).toEqual([31001, 31002]);
    expect(await bindsWith(dc.ldapsUrl, "alice@contoso.com", d.newPassword!)).toBe(true);
    for (const e of events.all()) expect(e.text).not.toContain(d.newPassword!);
  });

  it("maps a wrong current password (33007), a policy rejection (33008 hr=80230619) and an unknown anchor (33002)", async () => {
    await grant();
    const change = await submit(
      draft({
        kind: "change",
        origin: "userChange",
        oldPassword: "Wrong!Passw0rd9",
        newPassword: "Chg!Passw0rd#77",
      }),
    );
    expect(change.events.map((e) => e.id)).toEqual([31006, 6329, 33007, 31008]);
    expect(change.delivery.status === "answered" && change.delivery.result.outcome).toBe("wrongOldPassword");

    const policy = await submit(draft({ newPassword: "abc" }));
    expect(policy.events.map((e) => e.id)).toEqual([31001, 6329, 33008, 31003]);
    expect(policy.events[1].text).toContain(
      'BAIL: MMS(4924) 0x80230619: "A restriction prevents the password from being changed to the current one specified."',
    );
    expect(policy.delivery.status === "answered" && policy.delivery.result.outcome).toBe("policyViolation");

    const ghost = await submit(draft({ cloudAnchor: Buffer.alloc(16, 7).toString("base64") }));
    expect(ghost.events.map((e) => e.id)).toEqual([31001, 6329, 33002, 31003]);
    expect(ghost.events[1].text).toContain("No password writeback targets found.");
    expect(ghost.delivery.status === "answered" && ghost.delivery.result.outcome).toBe("userNotFound");
  });

  it("with only Reset password granted, the SSPR reset fails on pwdLastSet -1 (missing Write pwdLastSet)", async () => {
    await aduc.addPermission({
      object: "DC=contoso,DC=com",
      principal: CONNECTOR_ACCOUNT,
      appliesTo: "Descendant User objects",
      permissions: ["Reset password"],
    });
    const { delivery, events: ev } = await submit(draft());
    expect(ev.map((e) => e.id)).toEqual([31001, 6329, 33004, 31003]);
    expect(delivery.status === "answered" && delivery.result.ldapMessage).toBe(
      "00002098: Object CN=alice,OU=Staff,DC=contoso,DC=com has no write property access\n",
    );
  });

  it('with "Sign and Encrypt LDAP Traffic" off the connector gets 8 and Connect reports 8023062C (33009)', async () => {
    await grant();
    await agent.configure({ signAndEncrypt: false });
    const { delivery, events: ev } = await submit(draft());
    expect(ev.map((e) => e.id)).toEqual([31001, 6329, 33009, 31003]);
    expect(ev[1].text).toContain(
      "0x8023062c (The password could not be set because the server is not configured for insecure setting of passwords, or a 128 bit TLS or SSL connection is required.)",
    );
    expect(delivery.status === "answered" && delivery.result).toMatchObject({
      outcome: "error",
      ldapResultCode: 8,
    });
  });

  it("talks StartTLS on ldap:// as well as LDAPS", async () => {
    await grant();
    await agent.configure({ dcUrl: dc.ldapUrl });
    try {
      const d = draft();
      const { delivery } = await submit(d);
      expect(delivery.status === "answered" && delivery.result.outcome).toBe("success");
      expect(await bindsWith(dc.ldapsUrl, "alice@contoso.com", d.newPassword!)).toBe(true);
    } finally {
      await agent.configure({ dcUrl: dc.ldapsUrl });
    }
  });
});
