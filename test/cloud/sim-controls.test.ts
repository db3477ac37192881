/**
 * Simulator controls an HTTP-driven scenario uses (clock, SSPR policy, cloud faults) and the
 * in-process onboarding check simulator/connect/ calls — over both front ends.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROLE } from "../../simulator/cloud/core/directory-roles.ts";
import { authorizeWritebackOnboarding } from "../../simulator/cloud/core/writeback-onboarding.ts";
import { fakeAgent, type Harness, startHarness, TRANSPORTS } from "./support/transports.ts";

describe.each(TRANSPORTS)("simulator controls over %s", (transport) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(transport);
  });
  afterEach(async () => {
    await h.close();
  });

  it("advancing the clock over HTTP expires tokens", async () => {
    const token = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    const adv = await h.client.call("sim", "POST", "/_sim/clock/advance", { json: { ms: 3_600_000 } });
    expect(adv.json.now).toBe("2026-01-05T10:00:00.000Z");
    const r = await h.client.graph("GET", "/v1.0/me", { token });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toBe("Lifetime validation failed, the token is expired.");
  });

  it("the SSPR policy and cloud faults can be set over HTTP", async () => {
    fakeAgent(h.cloud, h.tenant.id);
    const p = await h.client.call("sim", "PATCH", `/_sim/tenants/${h.tenant.id}/sspr-policy`, {
      json: { enabledFor: "none" },
    });
    expect(p.json.enabledFor).toBe("none");
    expect(
      (await h.client.ssprReset(h.tenant.id, "alice@contoso.com", "P0licy!Flip#1")).json.error.code,
    ).toBe("SSPR_0009");
    await h.client.call("sim", "PATCH", `/_sim/tenants/${h.tenant.id}/sspr-policy`, {
      json: { enabledFor: "all" },
    });
    await h.client.call("sim", "POST", "/_sim/faults", { json: { cloudPasswordWriteFails: true } });
    const r = await h.client.ssprReset(h.tenant.id, "alice@contoso.com", "P0licy!Flip#1");
    expect(r.json.result.outcome).toBe("onPremisesSuccessCloudFailure");
    const bad = await h.client.call("sim", "PATCH", `/_sim/tenants/${h.tenant.id}/sspr-policy`, {
      json: { enabledFor: "some" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe(
      "body/enabledFor must be equal to one of the allowed values (none, selected, all)",
    );
  });

  it("in-process onboarding accepts a licensed Global Administrator and refuses others", async () => {
    const admin = await h.client.ropc("admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1");
    expect(await authorizeWritebackOnboarding(h.cloud, admin, h.tenant.id)).toEqual({
      ok: true,
      adminUpn: "admin@contoso.onmicrosoft.com",
    });
    const helpdesk = await h.client.ropc("helpdesk@contoso.onmicrosoft.com", "Helpd3sk!Admin#1");
    expect(await authorizeWritebackOnboarding(h.cloud, helpdesk, h.tenant.id)).toMatchObject({
      ok: false,
      code: "Authorization_RequestDenied",
    });
    const hd = h.tenant.findUser("helpdesk@contoso.onmicrosoft.com")!;
    h.tenant.assignRole(hd.id, ROLE.hybridIdentityAdministrator);
    h.tenant.removeLicense(hd.id);
    expect(await authorizeWritebackOnboarding(h.cloud, helpdesk, h.tenant.id)).toEqual({
      ok: false,
      code: "Authorization_RequestDenied",
      message: "Unable to configure password writeback. Ensure you have the required license.",
    });
  });
});
