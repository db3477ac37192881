import { describe, expect, it } from "vitest";
import {
  checkExtendedRight,
  checkRights,
  checkWriteProperty,
} from "../../simulator/security/access-check.ts";
import { explainDecision } from "../../simulator/security/explain.ts";
import { AdRight } from "../../simulator/security/types.ts";
import { ALICE_SID, DOMAIN_SID, fixtureSd, MSOL_SID, msolToken, sddl } from "./access-fixtures.ts";

const opts = { objectClass: "user", selfSid: ALICE_SID, trace: true };
const names = (sid: string) => (sid === MSOL_SID ? "MSOL_0123456789ab" : undefined);
const explain = (d: Parameters<typeof explainDecision>[0]) =>
  explainDecision(d, { domainSid: DOMAIN_SID, names });

describe("explainDecision", () => {
  it("names the deciding inherited ACE by position and SDDL", () => {
    const text = explain(
      checkExtendedRight(fixtureSd("S1_alice_full_sd"), msolToken(), "Reset Password", opts),
    );
    expect(text).toContain("ALLOWED: Reset password on this user object.");
    expect(text).toContain(
      `Granted by ACE #27 (inherited): (OA;CIID;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${MSOL_SID})`,
    );
    expect(text).toContain(`to MSOL_0123456789ab (${MSOL_SID})`);
  });

  it("says plainly when nothing grants the right, and who holds broader rights", () => {
    const text = explain(
      checkWriteProperty(fixtureSd("baseline_alice_full_sd"), msolToken(), "pwdLastSet", opts),
    );
    expect(text.split("\n")[0]).toBe("DENIED: Write pwdLastSet on this user object.");
    expect(text).toContain("No ACE grants Write pwdLastSet to this account or any of its groups.");
    expect(text).toContain("Broader rights that include it are held only by: Domain Admins");
  });

  it("points at an earlier deny and the allows it overrode (frank, E5)", () => {
    const text = explain(
      checkExtendedRight(fixtureSd("E5_frank_dacl"), msolToken(), "Change Password", opts),
    );
    expect(text).toContain("Denied by ACE #0 (explicit): (OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)");
    expect(text).toContain("Everyone (S-1-1-0), and it comes before any ACE that would allow it");
    expect(text).toContain(
      "#19 (explicit) (OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD): it would allow it, but an earlier deny",
    );
  });

  it("explains an inherit-only grant (the AdminSDHolder copy) and a grant for another right", () => {
    const holder = explain(
      checkExtendedRight(fixtureSd("E4_adminsdholder_dacl"), msolToken(), "Reset Password", opts),
    );
    expect(holder).toMatch(/#3 \(inherited\) \(OA;CIIOID;CR;00299570[^)]*\): inherit-only/);
    const other = explain(
      checkExtendedRight(fixtureSd("baseline_alice_full_sd"), msolToken(), "Reset Password", opts),
    );
    expect(other).toContain(
      '#18 (explicit) (OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD): it is for "Change Password"',
    );
  });

  it("explains an inherit-only ACE limited to another class", () => {
    const sd = sddl(
      `D:(OA;CIIO;WP;bf967a0a-0de6-11d0-a285-00aa003049e2;bf967a86-0de6-11d0-a285-00aa003049e2;${MSOL_SID})`,
    );
    const text = explain(checkWriteProperty(sd, msolToken(), "pwdLastSet", opts));
    expect(text).toContain("it is meant for computer objects below this one, and this object is a user");
  });

  it("explains owner rights and plain rights", () => {
    const sd = sddl(`O:${MSOL_SID}D:`);
    const text = explain(checkRights(sd, msolToken(), AdRight.WRITE_DAC, opts));
    expect(text).toContain("ALLOWED: Modify Permissions");
    expect(text).toContain("the account owns the object");
  });
});
