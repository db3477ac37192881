/**
 * Worlds from LDIF files (what `wbsim serve --world FILE.ldif` loads). The first record is the
 * domain root (objectClass domainDNS with its objectSid); its DN gives the DNS domain, its first
 * label the NetBIOS name unless settings say otherwise. nTSecurityDescriptor values may be SDDL
 * text (`nTSecurityDescriptor: O:DAG:DAD:…`, domain aliases resolved against the world's SID) or
 * the binary form (`nTSecurityDescriptor:: <base64>`); they are the object's explicit part, the
 * rest is inherited as a DC would. unicodePwd values (quoted UTF-16LE, base64) are hashed on load.
 * `member` values are applied after every entry exists, so records may come in any order below
 * their parents.
 */
import { readFileSync } from "node:fs";
import { SeededIds } from "../clock/seeded-ids.ts";
import { SimClock } from "../clock/sim-clock.ts";
import { addEntry } from "../directory/add.ts";
import type { Attribute } from "../directory/api.ts";
import { type Dc, EntryDraft, SYSTEM_SID } from "../directory/dc.ts";
import { systemContext } from "../directory/directory.ts";
import { parseDn } from "../directory/dn.ts";
import { LdifError, parseLdif } from "../directory/ldif.ts";
import { runSdProp } from "../directory/sdprop.ts";
import {
  decodeSecurityDescriptor,
  type SecurityDescriptor,
  sddlToSd,
  sidFromBytes,
} from "../directory/security-adapter.ts";
import { buildForest } from "../forest/index.ts";
import type { Personality } from "../personality/catalogue.ts";

export interface LdifWorldSettings {
  netbios?: string;
  dcName?: string;
  allowCleartextSimpleBind?: boolean;
  /** dSHeuristics fUserPwdSupport. */
  userPasswordIsUnicodePwd?: boolean;
}

export function buildLdifWorldFromFile(
  path: string,
  opts: { personality: Personality; clock?: SimClock; seed?: string; settings?: LdifWorldSettings },
): Dc {
  return buildLdifWorld(readFileSync(path, "utf8"), opts);
}

export function buildLdifWorld(
  text: string,
  opts: { personality: Personality; clock?: SimClock; seed?: string; settings?: LdifWorldSettings },
): Dc {
  const records = parseLdif(text);
  if (!records.length) throw new LdifError(1, "the world file has no records");
  const root = records[0];
  if (root.kind !== "add") throw new LdifError(root.line, "the first record must add the domain root");
  const sidAttr = root.attributes.find((a) => a.type.toLowerCase() === "objectsid")?.values[0];
  if (!sidAttr) throw new LdifError(root.line, "the domain root needs an objectSid");
  const domainSid = sidAttr[0] === 1 ? sidFromBytes(sidAttr).sid : sidAttr.toString("utf8").trim();
  const labels = parseDn(root.dn).map((r) => r[0]);
  if (!labels.every((l) => l.type.toLowerCase() === "dc"))
    throw new LdifError(root.line, "the domain root DN must be DC=…,DC=…");
  const s = opts.settings ?? {};
  const clock = opts.clock ?? new SimClock();
  const dnsDomain = labels.map((l) => l.value.toLowerCase()).join(".");
  const netbios = s.netbios ?? labels[0].value.toUpperCase();
  // One forest, one domain, one DC (forest/): the DC's replica already holds the configuration NC.
  const dc = buildForest({
    rootDomain: { dn: root.dn, sid: domainSid, dnsName: dnsDomain, netbios },
    dc: { name: s.dcName ?? "DC1" },
    dcOptions: {
      allowCleartextSimpleBind: s.allowCleartextSimpleBind ?? false,
      userPasswordIsUnicodePwd: s.userPasswordIsUnicodePwd ?? false,
    },
    personality: opts.personality,
    clock,
    ids: new SeededIds(opts.seed ?? "ldif-world"),
    seed: opts.seed ?? "ldif-world",
  }).dc.replica;
  const ctx = systemContext();
  const members: [string, Buffer[]][] = [];
  for (const r of records) {
    if (r.kind !== "add") throw new LdifError(r.line, "world files may only add entries");
    let sd: SecurityDescriptor | undefined;
    const attrs: Attribute[] = [];
    for (const a of r.attributes) {
      const k = a.type.toLowerCase();
      if (k === "member") {
        members.push([r.dn, a.values]);
        continue;
      }
      if (k === "ntsecuritydescriptor") {
        const v = a.values[0];
        const t = v.toString("utf8");
        try {
          sd = /^[OGDS]:/.test(t) ? sddlToSd(t.trim(), domainSid) : decodeSecurityDescriptor(v);
        } catch (e) {
          throw new LdifError(r.line, `bad nTSecurityDescriptor for ${r.dn}: ${(e as Error).message}`);
        }
        continue;
      }
      attrs.push(a);
    }
    try {
      addEntry(dc, r.dn, attrs, ctx, { system: true, sd });
    } catch (e) {
      const d = e as { diagnosticMessage?: string; resultCode?: number };
      if (d.resultCode !== undefined)
        throw new LdifError(r.line, `cannot add ${r.dn}: ${d.resultCode} ${d.diagnosticMessage}`);
      throw e;
    }
  }
  for (const [dn, values] of members) {
    const g = dc.resolve(dn)!;
    const resolved = values.map((v) => {
      const m = dc.resolve(v.toString("utf8"));
      if (!m) throw new LdifError(0, `member ${v.toString("utf8")} of ${dn} does not exist`);
      return Buffer.from(m.dn);
    });
    const d = new EntryDraft(g);
    d.set("member", [...(d.get("member") ?? []), ...resolved]);
    dc.commitWrite({
      kind: "modify",
      actorSid: SYSTEM_SID,
      objects: [{ before: g, after: d.freeze(), change: "modified" }],
    });
  }
  if (opts.personality.quirks.sdProp) runSdProp(dc);
  // The world's build is its baseline, not a history of changes.
  dc.changeLog.clear();
  return dc;
}
