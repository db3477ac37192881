/**
 * Writeback agent cases that need DC state the Samba image does not prepare: disabled and locked-out
 * accounts, admin-initiated resets (31009/31010/31011 with AdminUpn and ForcePasswordChange), and an
 * unreachable DC (33001 hr=80230818). Fake DC, windows personality, over real LDAPS.
 */
import { Attribute, Change, Client } from "ldapts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AducConsole } from "../../simulator/admin-tools/index.ts";
import { SeededIds } from "../../simulator/clock/seeded-ids.ts";
import { type WritebackDraft, WritebackRelay } from "../../simulator/cloud/relay/relay.ts";
import { EventLog, WritebackAgent } from "../../simulator/connect/index.ts";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import {
  anchorOf,
  CONNECTOR_PASSWORD,
  grantConnectorWriteback,
  openAduc,
  setDomainPolicy,
  ssprResetDraft,
} from "../support/writeback-setup.ts";

const ALICE = "CN=alice,OU=Staff,DC=contoso,DC=com";
let dc: FakeDc;
let aduc: AducConsole;
let events: EventLog;
let relay: WritebackRelay;
let agent: WritebackAgent;
let anchor: string;
let n = 0;

const replace = (type: string, value: string) =>
  new Change({ operation: "replace", modification: new Attribute({ type, values: [value] }) });

function draft(over: Partial<WritebackDraft> = {}): WritebackDraft {
  return ssprResetDraft(anchor, "alice@contoso.com", { newPassword: `N3w!Passw0rd#${n++}`, ...over });
}

async function submit(d: WritebackDraft) {
  const mark = events.lastRecordId();
  const delivery = await relay.submit("contoso", d);
  return { delivery, ev: events.query({ afterRecord: mark }) };
}

async function attr(dn: string, name: string): Promise<string | undefined> {
  const e = await aduc.session.readEntry(dn, [name]);
  const v = e[name];
  return v === undefined ? undefined : String(Array.isArray(v) ? v[0] : v);
}

beforeAll(async () => {
  dc = await startFakeDc({ personality: "windows" });
  aduc = await openAduc(dc.ldapsUrl);
  await grantConnectorWriteback(aduc);
  await setDomainPolicy(aduc, { minPwdAge: "0", lockoutThreshold: "3" });
  anchor = await anchorOf(aduc, ALICE);
  const clock = dc.directory.clock;
  events = new EventLog(clock);
  relay = new WritebackRelay({ clock, ids: new SeededIds("agent-fake-dc") });
  agent = new WritebackAgent({ dcUrl: dc.ldapsUrl, password: CONNECTOR_PASSWORD, events, clock });
  relay.attachAgent("contoso", agent);
});

afterAll(async () => {
  await agent?.close();
  await aduc?.close();
  await dc?.close();
});

beforeEach(async () => {
  await aduc.session.client.modify(ALICE, [
    replace("userAccountControl", "512"),
    replace("lockoutTime", "0"),
  ]);
});

describe("writeback agent: account state, admin resets, unreachable DC (fake DC)", () => {
  it("refuses a disabled account with 33005 (accountDisabled)", async () => {
    await aduc.session.client.modify(ALICE, replace("userAccountControl", "514"));
    const { delivery, ev } = await submit(draft());
    expect(ev.map((e) => e.id)).toEqual([31001, 6329, 33005, 31003]);
    expect(delivery.status === "answered" && delivery.result.outcome).toBe("accountDisabled");
  });

  it("refuses a locked-out account with 33006 unless the request unlocks; unlock writes lockoutTime 0", async () => {
    for (let i = 0; i < 3; i++) {
      const c = new Client({ url: dc.ldapsUrl, tlsOptions: { rejectUnauthorized: false } });
      await expect(c.bind("alice@contoso.com", "Wrong!Passw0rd")).rejects.toThrow();
      await c.unbind().catch(() => {});
    }
    expect(Number(await attr(ALICE, "lockoutTime"))).toBeGreaterThan(0);
    const locked = await submit(draft({ unlockAccount: false }));
    expect(locked.ev.map((e) => e.id)).toEqual([31001, 6329, 33006, 31003]);
    const unlockOnly = await submit(draft({ kind: "unlock", newPassword: undefined }));
    expect(unlockOnly.ev.map((e) => e.id)).toEqual([31001, 31002]);
    expect(await attr(ALICE, "lockoutTime")).toBe("0");
  });

  it("an admin reset with force-change logs 31009/31010 with AdminUpn and sets pwdLastSet 0", async () => {
    const { ev } = await submit(
      draft({
        origin: "entraAdminReset",
        adminUpn: "admin@contoso.onmicrosoft.com",
        forceChangeAtNextLogon: true,
      }),
    );
    expect(ev.map((e) => e.id)).toEqual([31009, 31010]);
    expect(ev[0].text).toMatch(
      /^TrackingId: [0-9a-f-]+, ResetUserPasswordByAdminStart, Details: alice@contoso\.com$/,
    );
    expect(ev[1].text).toContain(`ResetUserPasswordByAdminSuccess, Details: Context: cloudAnchor: User_`);
    expect(ev[1].text).toContain(
      `SourceAnchorValue: ${anchor}, AdminUpn: admin@contoso.onmicrosoft.com, UserPrincipalName: alice@contoso.com, ForcePasswordChange: true`,
    );
    expect(await attr(ALICE, "pwdLastSet")).toBe("0");
  });

  it("an admin reset the DC refuses logs 31011", async () => {
    const { ev } = await submit(
      draft({ origin: "graphResetPassword", adminUpn: "admin@contoso.onmicrosoft.com", newPassword: "abc" }),
    );
    expect(ev.map((e) => e.id)).toEqual([31009, 6329, 33008, 31011]);
  });

  it("reports an unreachable DC as 33001 hr=80230818", async () => {
    const down = new WritebackAgent({
      dcUrl: "ldaps://127.0.0.1:1",
      password: "x",
      events,
      clock: dc.directory.clock,
    });
    const mark = events.lastRecordId();
    const r = await down.handle({
      ...draft(),
      requestId: "r",
      trackingId: "t",
      tenantId: "contoso",
      issuedAt: "",
    });
    expect(r.outcome).toBe("error");
    const ev = events.query({ afterRecord: mark });
    expect(ev.map((e) => e.id)).toEqual([31001, 6329, 33001, 31003]);
    expect(ev[2].text).toContain(
      "hr=80230818, message=The management agent run was terminated because a domain controller could not be contacted.",
    );
    for (const e of events.all()) expect(e.text).not.toMatch(/N3w!Passw0rd/);
  });

  it('reports a change refused by "User cannot change password" as Microsoft\'s table does (33008, 6329 0x80230619), or as 33004 hr=80230626 with the [C7] mapping', async () => {
    const frankDn = "CN=frank,OU=Staff,DC=contoso,DC=com";
    await aduc.setUserCannotChangePassword("CONTOSO\\frank", true);
    const change = async () =>
      submit(
        draft({
          kind: "change",
          origin: "userChange",
          cloudAnchor: await anchorOf(aduc, frankDn),
          userPrincipalName: "frank@contoso.com",
          oldPassword: "Frank!Passw0rd1",
          newPassword: "Chg!Passw0rd#55",
        }),
      );
    const tsw = await change();
    expect(tsw.ev.map((x) => x.id)).toEqual([31006, 6329, 33008, 31008]);
    expect(tsw.ev[1].text).toContain(
      'BAIL: MMS(4924) 0x80230619: "A restriction prevents the password from being changed to the current one specified."',
    );
    expect(tsw.delivery.status === "answered" && tsw.delivery.result).toMatchObject({
      outcome: "policyViolation",
      ldapResultCode: 19,
    });
    await agent.configure({ cannotChangePasswordHr: "80230626" });
    const c7 = await change();
    expect(c7.ev.map((x) => x.id)).toEqual([31006, 6329, 33004, 31008]);
    expect(c7.ev[2].text).toContain("hr=80230626");
    expect(c7.delivery.status === "answered" && c7.delivery.result).toMatchObject({
      outcome: "accessDenied",
      ldapResultCode: 19,
    });
    await agent.configure({ cannotChangePasswordHr: "80230619" });
    await aduc.setUserCannotChangePassword("CONTOSO\\frank", false);
  });
});
