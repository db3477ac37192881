/**
 * Entra smart lockout on the token endpoint over HTTP: 10 failed sign-ins lock the account for 60
 * simulated seconds (AADSTS50053 even with the right password), a repeated wrong password does not
 * count again, each failure after a lockout locks again for longer, and other users sign in meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cloud } from "../../simulator/cloud/core/cloud.ts";
import { createContosoCloud } from "../../simulator/cloud/core/contoso.ts";
import { type RunningCloudHttp, startCloudHttp } from "../../simulator/cloud/http/start.ts";
import { postContosoRopc } from "../support/ropc.ts";

const ADMIN = ["admin@contoso.onmicrosoft.com", "Gl0bal!Admin#1"] as const;
const HELPDESK = ["helpdesk@contoso.onmicrosoft.com", "Helpd3sk!Admin#1"] as const;

let cloud: Cloud;
let srv: RunningCloudHttp;

beforeAll(async () => {
  cloud = createContosoCloud().cloud;
  srv = await startCloudHttp({ cloud, port: 0 });
});
afterAll(() => srv.close());

async function signIn(user: string, password: string): Promise<{ status: number; codes: number[] }> {
  const r = await postContosoRopc(srv.url, user, password);
  const body = (await r.json()) as { error_codes?: number[]; error_description?: string };
  return { status: r.status, codes: body.error_codes ?? [] };
}

describe("smart lockout", () => {
  it("locks after 10 distinct wrong passwords, refuses the right one with 50053, and unlocks after 60 s", async () => {
    for (let i = 0; i < 10; i++)
      expect(await signIn(HELPDESK[0], `Wrong#${i}`)).toEqual({ status: 400, codes: [50126] });
    const locked = await postContosoRopc(srv.url, ...HELPDESK);
    expect(locked.status).toBe(400);
    const body = (await locked.json()) as { error: string; error_codes: number[]; error_description: string };
    expect(body.error).toBe("invalid_grant");
    expect(body.error_codes).toEqual([50053]);
    expect(body.error_description).toMatch(
      /^AADSTS50053: The account is locked, you've tried to sign in too many times with an incorrect user ID or password\.\r\n/,
    );
    // Another user is not affected.
    expect((await signIn(...ADMIN)).codes).not.toContain(50053);
    cloud.clock.advance(59_000);
    expect((await signIn(...HELPDESK)).codes).toEqual([50053]);
    cloud.clock.advance(1_000);
    expect((await signIn(...HELPDESK)).status).toBe(200);
  });

  it("a wrong password repeated does not count again (the last three bad passwords)", async () => {
    for (let i = 0; i < 25; i++) expect((await signIn(HELPDESK[0], "Same-wrong-1")).codes).toEqual([50126]);
    expect((await signIn(HELPDESK[0], "Same-wrong-2")).codes).toEqual([50126]);
    expect((await signIn(HELPDESK[0], "Same-wrong-1")).codes).toEqual([50126]);
    expect((await signIn(...HELPDESK)).status).toBe(200);
  });

  it("after a lockout, the next failure locks again, for longer", async () => {
    for (let i = 0; i < 10; i++) await signIn(HELPDESK[0], `Again#${i}`);
    cloud.clock.advance(60_000);
    expect((await signIn(HELPDESK[0], "One-more-wrong")).codes).toEqual([50126]);
    expect((await signIn(...HELPDESK)).codes).toEqual([50053]);
    cloud.clock.advance(60_000);
    expect((await signIn(...HELPDESK)).codes).toEqual([50053]);
    cloud.clock.advance(60_000);
    expect((await signIn(...HELPDESK)).status).toBe(200);
  });
});
