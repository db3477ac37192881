/**
 * Our writeback agent out of process, the way a third-party agent plays it: registered over the
 * cloud's HTTP relay endpoints with the admin's token, long-polling, writing to the fake DC over
 * LDAPS and posting the result; the cloud's SSPR-side submit sees the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClock } from "../../simulator/clock/sim-clock.ts";
import { createContosoCloud } from "../../simulator/cloud/core/contoso.ts";
import { verdictOf } from "../../simulator/cloud/core/writeback-dispatch.ts";
import { type RunningCloudHttp, startCloudHttp } from "../../simulator/cloud/http/start.ts";
import {
  EventLog,
  HttpRelayListener,
  RelayRegistrationError,
  WritebackAgent,
} from "../../simulator/connect/index.ts";
import { type FakeDc, startFakeDc } from "../support/fake-dc.ts";
import { postContosoRopc } from "../support/ropc.ts";
import {
  anchorOf,
  CONNECTOR_PASSWORD,
  grantConnectorWriteback,
  openAduc,
} from "../support/writeback-setup.ts";

let dc: FakeDc;
let http: RunningCloudHttp;
let anchor: string;

async function token(user: string, password: string): Promise<string> {
  const r = await postContosoRopc(http.url, user, password);
  const j = (await r.json()) as { access_token?: string };
  if (!j.access_token) throw new Error(`no token for ${user}: ${JSON.stringify(j)}`);
  return j.access_token;
}

beforeAll(async () => {
  dc = await startFakeDc({ personality: "windows" });
  const aduc = await openAduc(dc.ldapsUrl);
  await grantConnectorWriteback(aduc, { permissions: ["Reset password"] });
  anchor = await anchorOf(aduc, "CN=alice,OU=Staff,DC=contoso,DC=com");
  await aduc.close();
  const { cloud } = createContosoCloud({ clock: new SimClock(), syncedUsers: false });
  http = await startCloudHttp({ cloud, port: 0 });
});

afterAll(async () => {
  await http?.close();
  await dc?.close();
});

describe("HttpRelayListener", () => {
  it("refuses onboarding with a non-admin token", async () => {
    const l = new HttpRelayListener({
      baseUrl: http.url,
      tenantId: "contoso.onmicrosoft.com",
      adminToken: await token("helpdesk@contoso.onmicrosoft.com", "Helpd3sk!Admin#1"),
      agent: { handle: async () => ({ requestId: "", outcome: "error", detail: "" }) },
    });
    await expect(l.start()).rejects.toThrow(RelayRegistrationError);
  });

  it("consumes a request over HTTP, writes it to the DC and returns the result", async () => {
    const tenantId = [...http.cloud.tenants.keys()][0];
    const clock = new SimClock();
    const events = new EventLog(clock);
    const agent = new WritebackAgent({ dcUrl: dc.ldapsUrl, password: CONNECTOR_PASSWORD, events, clock });
    const listener = new HttpRelayListener({
      baseUrl: http.url,
      tenantId,
      adminToken: await token("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1"),
      agent,
      events,
      pollWaitMs: 500,
    });
    await listener.start();
    try {
      const delivery = await http.cloud.relay.submit(tenantId, {
        kind: "reset",
        origin: "sspr",
        cloudAnchor: anchor,
        userPrincipalName: "alice@contoso.com",
        newPassword: "Http!Passw0rd#1",
        unlockAccount: true,
        forceChangeAtNextLogon: false,
        enforcePasswordPolicy: true,
      });
      expect(delivery.status).toBe("answered");
      expect(verdictOf(delivery)).toBe("success");
      expect(events.all().map((e) => e.id)).toEqual([31001, 31002]);
    } finally {
      await listener.stop(true);
      await agent.close();
    }
    expect(http.cloud.relay.health(tenantId).configured).toBe(false);
  });
});
