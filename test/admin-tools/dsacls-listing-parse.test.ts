/**
 * dsacls listings read back (admin-tools/dsacls/parse-listing.ts): every security descriptor captured
 * from the Samba DC, printed as dsacls prints it and parsed again, gives the same access decisions —
 * the same ACEs with the same trustee, rights, object types and inheritance, up to what a listing
 * cannot show (OI vs CI, NO_PROPAGATE_INHERIT). Also as a console hard-wraps it at 80 columns.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatDsaclsListing } from "../../simulator/admin-tools/dsacls/format-listing.ts";
import { parseDsaclsListing, unwrapConsoleLines } from "../../simulator/admin-tools/dsacls/parse-listing.ts";
import { lookupGuid } from "../../simulator/security/schema.ts";
import { parseSddl } from "../../simulator/security/sddl-parse.ts";
import { AceFlag, type KnownAce } from "../../simulator/security/types.ts";

const DIR = new URL("../fixtures/samba-sddl/", import.meta.url);
const DOMAIN = "S-1-5-21-2505225072-1339010360-3064522927";

function classOf(file: string): string {
  if (/root/.test(file)) return "domainDNS";
  if (/_ou_/.test(file)) return "organizationalUnit";
  if (/adminsdholder/.test(file)) return "container";
  return "user";
}

/**
 * What decides access and inheritance, in a form a listing preserves. Our formatter does not print
 * CONTROL ACCESS under "SPECIAL ACCESS for <property set>" (it does for nothing but the implied
 * extended right), so CR on a property-set ACE that has other rights is left out of the comparison.
 */
function canonical(aces: KnownAce[]): string[] {
  const inherit = AceFlag.OBJECT_INHERIT | AceFlag.CONTAINER_INHERIT;
  return aces
    .map((a) => {
      const mask =
        a.objectType &&
        (a.mask & ~0x100) !== 0 &&
        lookupGuid(a.objectType).every((g) => g.kind !== "extendedRight")
          ? a.mask & ~0x100
          : a.mask;
      const deny = a.type === 1 || a.type === 6;
      const flags = `${a.flags & inherit ? "I" : ""}${a.flags & AceFlag.INHERIT_ONLY ? "O" : ""}${a.flags & AceFlag.INHERITED ? "D" : ""}`;
      return `${deny ? "deny" : "allow"} ${a.sid} ${(mask >>> 0).toString(16)} ${a.objectType ?? "-"} ${a.inheritedObjectType ?? "-"} ${flags}`;
    })
    .sort();
}

const files = readdirSync(DIR).filter((f) => f.endsWith(".txt"));

describe("dsacls listing → security descriptor", () => {
  for (const file of files) {
    test(file, () => {
      const sd = parseSddl(readFileSync(new URL(file, DIR), "utf8").trim(), { domainSid: DOMAIN });
      const names = new Map<string, string>();
      const byName = new Map<string, string>();
      const name = (sid: string) => {
        let n = names.get(sid);
        if (!n) {
          n = `SAMBA\\account-${names.size}`;
          names.set(sid, n);
          byName.set(n, sid);
        }
        return n;
      };
      const listing = formatDsaclsListing(sd, name).map((text, i) => ({ text, line: i + 1 }));
      const parsed = parseDsaclsListing(listing, (n) => byName.get(n), classOf(file));
      expect(parsed.problems).toEqual([]);
      const known = (sd.dacl?.aces ?? []).filter(
        (a): a is KnownAce => a.kind === "known" && [0, 1, 5, 6].includes(a.type),
      );
      expect(canonical(parsed.sd.dacl!.aces as KnownAce[])).toEqual(canonical(known));
      expect(parsed.sd.owner).toBe(sd.owner);
    });
  }

  test("a listing hard-wrapped by an 80-column console reads the same", () => {
    const sd = parseSddl(readFileSync(new URL("E4_alice_full_sd.txt", DIR), "utf8").trim(), {
      domainSid: DOMAIN,
    });
    const name = (sid: string) => (sid === `${DOMAIN}-512` ? "SAMBA\\Domain Admins" : `SAMBA\\${sid}`);
    const resolve = (n: string) =>
      n === "SAMBA\\Domain Admins" ? `${DOMAIN}-512` : n.replace(/^SAMBA\\/, "");
    const lines = formatDsaclsListing(sd, name);
    const wrapped = lines.flatMap((l) => (l.length > 80 ? [l.slice(0, 80), l.slice(80)] : [l]));
    expect(wrapped.length).toBeGreaterThan(lines.length);
    expect(unwrapConsoleLines(wrapped.map((text, i) => ({ text, line: i + 1 }))).map((l) => l.text)).toEqual(
      lines,
    );
    const a = parseDsaclsListing(
      lines.map((text, i) => ({ text, line: i + 1 })),
      resolve,
      "user",
    );
    const b = parseDsaclsListing(
      wrapped.map((text, i) => ({ text, line: i + 1 })),
      resolve,
      "user",
    );
    expect(b.sd).toEqual(a.sd);
  });

  test("an unknown name or right is reported with its line, the rest is kept", () => {
    const listing = [
      "Owner: CONTOSO\\Domain Admins",
      "",
      "Access list:",
      "Allow CONTOSO\\nobody-knows           SPECIAL ACCESS for Reset Password",
      "Allow NT AUTHORITY\\SYSTEM             FULL CONTROL",
      "Allow NT AUTHORITY\\SYSTEM             SPECIAL ACCESS",
      "                                      FLY TO THE MOON",
    ].map((text, i) => ({ text, line: i + 1 }));
    const r = parseDsaclsListing(listing, (n) => (n === "NT AUTHORITY\\SYSTEM" ? "S-1-5-18" : undefined));
    expect(r.problems).toEqual([
      { line: 1, message: 'cannot tell the SID of "CONTOSO\\Domain Admins"' },
      { line: 4, message: 'cannot tell the SID of "CONTOSO\\nobody-knows"' },
      { line: 6, message: 'unknown right "FLY TO THE MOON"' },
    ]);
    expect(r.sd.dacl?.aces).toHaveLength(1);
  });
});
