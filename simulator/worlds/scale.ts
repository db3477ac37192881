/**
 * A generated large world for the scale benchmark: contoso plus `ous` OUs under OU=Scale, with
 * `users` users spread evenly (user00000042 in OU=Scale0042 …). Every user gets a password hash
 * (same password, own salt), an objectSid from the RID pool and the inherited SD — which is interned,
 * so 100k users share a handful of SD objects.
 */
import type { SimClock } from "../clock/sim-clock.ts";
import { addEntry, classDefaultSd, defaultOwner } from "../directory/add.ts";
import type { Attribute } from "../directory/api.ts";
import { SYSTEM_SID } from "../directory/dc.ts";
import { Directory, systemContext } from "../directory/directory.ts";
import type { StoredAttr } from "../directory/entry.ts";
import { hashPassword } from "../directory/passwords/index.ts";
import { childSecurityDescriptor, guidToBytes, sidToBytes } from "../directory/security-adapter.ts";
import type { PersonalityName } from "../personality/catalogue.ts";
import { getPersonality } from "../personality/index.ts";
import { buildContoso, CONTOSO_BASE_DN } from "./contoso.ts";

export const SCALE_PASSWORD = "Scale!Passw0rd1";

export interface ScaleOptions {
  users: number;
  ous: number;
  personality?: PersonalityName;
  clock?: SimClock;
  seed?: string;
}

const b = (v: string | number | bigint) => Buffer.from(String(v));
const ZERO = Buffer.from("0");

export function buildScaleWorld(opts: ScaleOptions): Directory {
  const dc = buildContoso({
    personality: getPersonality(opts.personality ?? "windows"),
    clock: opts.clock,
    seed: opts.seed ?? "scale",
  });
  const ctx = systemContext();
  const root = `OU=Scale,${CONTOSO_BASE_DN}`;
  const ouOc: Attribute = { type: "objectClass", values: [b("organizationalUnit")] };
  addEntry(dc, root, [ouOc], ctx, { system: true });
  const ouDns: string[] = [];
  for (let i = 0; i < opts.ous; i++) {
    const dn = `OU=Scale${String(i).padStart(4, "0")},${root}`;
    addEntry(dc, dn, [ouOc], ctx, { system: true });
    ouDns.push(dn);
  }
  // Users are bulk-loaded: the entry addEntry would build, with every value that repeats across
  // users (objectClass chain, flags, times, the OU's inherited SD) shared, and only names, GUID,
  // SID and USNs per user. The result is checked against addEntry's in test/directory/scale.test.ts.
  const shared = (name: string, ...values: (string | number | bigint)[]): StoredAttr =>
    Object.freeze({ name, values: values.map((v) => Buffer.from(String(v))) });
  const now = dc.generalizedNow();
  const common: [string, StoredAttr][] = [
    shared("objectClass", "top", "person", "organizationalPerson", "user"),
    shared("objectCategory", `CN=Person,${dc.schemaDn}`),
    shared("instanceType", 4),
    shared("whenCreated", now),
    shared("whenChanged", now),
    shared("userAccountControl", 512),
    shared("primaryGroupID", 513),
    shared("sAMAccountType", 805306368),
    shared("pwdLastSet", dc.nowFileTime() - 7n * 864_000_000_000n),
    shared("accountExpires", "9223372036854775807"),
    shared("badPwdCount", 0),
    shared("badPasswordTime", 0),
    shared("lastLogon", 0),
    shared("logonCount", 0),
    shared("codePage", 0),
    shared("countryCode", 0),
    shared("lastLogoff", 0),
  ].map((a) => [a.name.toLowerCase(), a]);
  const token = dc.systemToken;
  const { owner, group } = defaultOwner(dc, token);
  const userSd = classDefaultSd(dc, "user");
  const ous = ouDns.map((dn) => dc.resolve(dn)!);
  dc.changeLog.baseline(() => addUsers());
  return new Directory(dc);

  function addUsers(): void {
    for (let i = 0; i < opts.users; i++) {
      const name = `user${String(i).padStart(6, "0")}`;
      const ou = ous[i % ous.length];
      const dn = `CN=${name},${ou.dn}`;
      const guid = dc.ids.guid();
      const sid = `${dc.config.domainSid}-${dc.allocateRid()}`;
      const attrs = new Map<string, StoredAttr>(common);
      const one = (n: string, v: Buffer) => attrs.set(n.toLowerCase(), { name: n, values: [v] });
      one("cn", Buffer.from(name));
      one("name", Buffer.from(name));
      one("distinguishedName", Buffer.from(dn));
      one("sAMAccountName", Buffer.from(name));
      one("userPrincipalName", Buffer.from(`${name}@contoso.com`));
      one("objectGUID", guidToBytes(guid));
      one("objectSid", sidToBytes(sid));
      // Placeholders keep addEntry's attribute order; the pipeline stamps the USN.
      one("uSNCreated", ZERO);
      one("uSNChanged", ZERO);
      const hash = hashPassword(SCALE_PASSWORD);
      const entry = {
        dn,
        ndn: `cn=${name},${ou.ndn}`,
        parent: ou.ndn,
        objectClass: "user",
        attrs,
        sd: childSecurityDescriptor({
          parentSd: ou.sd,
          explicitSd: userSd,
          objectClass: "user",
          owner,
          group,
          domainSid: dc.config.domainSid,
        }),
        guid,
        sid,
        secrets: { hash, history: [hash] },
      };
      dc.commitWrite({
        kind: "add",
        actorSid: SYSTEM_SID,
        objects: [{ after: entry, change: "added", owned: true }],
      });
    }
  }
}
