/**
 * One inheritance implementation (issue 8, P1): with `(A;CI;GA;;;CO)` on OU=Staff, a new user gets
 * the owner's effective ACE plus the inherit-only original, `(A;ID;<GA mapped>;;;<owner>)(A;CIIOID;GA;;;CO)`
 * (MS-DTYP 2.5.3.4.2, as Samba's create_descriptor does). Writing the user's DACL back unchanged must
 * keep both: the write recomputes inheritance with the same code as the add.
 */
import { describe, expect, it } from "vitest";
import { encodeSecurityDescriptor } from "../../simulator/security/binary-codec.ts";
import { BASE, lab, prependAces, replace, SD_FLAGS_DACL, s } from "./helpers.ts";

const STAFF = `OU=Staff,${BASE}`;
const NEW_USER = `CN=owned,${STAFF}`;

for (const personality of ["windows", "samba"] as const) {
  describe(`${personality}: CREATOR OWNER after an unchanged DACL write`, () => {
    it("keeps the owner's expanded ACE and the inherit-only CO ACE", async () => {
      const l = await lab(personality);
      await prependAces(l, STAFF, "(A;CI;GA;;;CO)");
      await l.dir.add(
        NEW_USER,
        [
          { type: "objectClass", values: [s("user")] },
          { type: "sAMAccountName", values: [s("owned")] },
        ],
        l.admin,
      );
      const created = l.dir.sddlOf(NEW_USER);
      // Administrator is a Domain Admin: the owner is DA, so CO expands to DA, GA to its rights.
      expect(created).toContain("(A;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)");
      expect(created).toContain("(A;CIIOID;GA;;;CO)");

      const sd = l.dir.findByDn(NEW_USER)!.sd;
      await l.dir.modify(NEW_USER, [replace("nTSecurityDescriptor", encodeSecurityDescriptor(sd))], {
        ...l.admin,
        controls: [SD_FLAGS_DACL],
      });
      expect(l.dir.sddlOf(NEW_USER)).toBe(created);
    });
  });
}
