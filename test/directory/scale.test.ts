/** The bulk-loaded scale world holds the same users addEntry would create. */
import { describe, expect, it } from "vitest";
import { systemContext } from "../../simulator/directory/index.ts";
import { buildScaleWorld, SCALE_PASSWORD } from "../../simulator/worlds/scale.ts";

describe("scale world", () => {
  it("users are complete: attributes, SD, password, indexes", async () => {
    const dir = buildScaleWorld({ users: 300, ous: 3 });
    const dn = "CN=user000004,OU=Scale0001,OU=Scale,DC=contoso,DC=com";
    const bulk = dir.findByDn(dn)!;
    await dir.add(
      "CN=probe,OU=Scale0001,OU=Scale,DC=contoso,DC=com",
      [
        { type: "objectClass", values: [Buffer.from("user")] },
        { type: "sAMAccountName", values: [Buffer.from("probe")] },
        { type: "userAccountControl", values: [Buffer.from("512")] },
      ],
      systemContext(),
    );
    const added = dir.findByDn("CN=probe,OU=Scale0001,OU=Scale,DC=contoso,DC=com")!;
    const names = (e: typeof bulk) => [...e.attrs.keys()].filter((k) => k !== "userprincipalname").sort();
    expect(names(bulk)).toEqual(names(added));
    expect(dir.sddlOf(dn)).toBe(dir.sddlOf("CN=probe,OU=Scale0001,OU=Scale,DC=contoso,DC=com"));
    expect(dir.findBySamAccountName("user000004")?.dn).toBe(dn);
    const id = await dir.bindSimple("user000004@contoso.com", Buffer.from(SCALE_PASSWORD), systemContext());
    expect(id.sid).toBe(bulk.sid);
  });
});
