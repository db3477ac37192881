/**
 * AdminSDHolder / SDProp (MS-ADTS 3.1.1.6.1.2, "protected objects"): members, direct or nested, of
 * the protected groups — and those groups and accounts themselves — get adminCount=1 and the
 * AdminSDHolder's explicit DACL, protected from inheritance. Windows runs it every 60 minutes on the
 * PDC and on demand (rootDSE runProtectAdminGroupsTask). Samba 4.17 has none of it (observations E4),
 * so the samba personality never calls this.
 */
import { type Dc, EntryDraft } from "./dc.ts";
import type { Entry } from "./entry.ts";
import type { PendingObject } from "./pipeline/commit.ts";
import { composeSd, SdControl, type SecurityDescriptor, withoutInheritedAces } from "./security-adapter.ts";

/** RIDs of the protected groups and accounts (MS-ADTS 3.1.1.6.1.2, Windows Server 2008+ list). */
const DOMAIN_RIDS = [500, 502, 512, 516, 518, 519, 521];
const BUILTIN_SIDS = [
  "S-1-5-32-544",
  "S-1-5-32-548",
  "S-1-5-32-549",
  "S-1-5-32-550",
  "S-1-5-32-551",
  "S-1-5-32-552",
];

export function protectedObjects(dc: Dc): Entry[] {
  const roots: Entry[] = [];
  for (const rid of DOMAIN_RIDS) {
    const e = dc.bySid(`${dc.config.domainSid}-${rid}`);
    if (e) roots.push(e);
  }
  for (const s of BUILTIN_SIDS) {
    const e = dc.bySid(s);
    if (e) roots.push(e);
  }
  const out = new Map<string, Entry>();
  const stack = [...roots];
  while (stack.length) {
    const e = stack.pop()!;
    if (out.has(e.ndn)) continue;
    out.set(e.ndn, e);
    for (const m of e.attrs.get("member")?.values ?? []) {
      const me = dc.resolve(m.toString("utf8"));
      if (me && !out.has(me.ndn)) stack.push(me);
    }
  }
  return [...out.values()];
}

/** Runs one SDProp pass; returns the number of objects changed. */
export function runSdProp(dc: Dc): number {
  const objects: PendingObject[] = [];
  const holder = dc.resolve(`CN=AdminSDHolder,CN=System,${dc.config.domainDn}`);
  if (!holder) return 0;
  const cache = new Map<string, SecurityDescriptor>();
  let changed = 0;
  for (const e of protectedObjects(dc)) {
    if (e.ndn === holder.ndn) continue;
    const parent = e.parent ? dc.store.get(e.parent) : undefined;
    const key = `${e.parent}|${e.objectClass}`;
    let sd = cache.get(key);
    if (!sd) {
      const explicit: SecurityDescriptor = {
        revision: 1,
        rmControl: 0,
        control: SdControl.DACL_PROTECTED,
        owner: holder.sd.owner,
        group: holder.sd.group,
        dacl: withoutInheritedAces(holder.sd.dacl),
        sacl: e.sd.sacl
          ? { revision: e.sd.sacl.revision, aces: e.sd.sacl.aces.filter((a) => (a.flags & 0x10) === 0) }
          : null,
      };
      sd = composeSd(explicit, parent?.sd ?? null, e.objectClass);
      cache.set(key, sd);
    }
    const adminCount = e.attrs.get("admincount")?.values[0]?.toString();
    if (adminCount === "1" && sameSd(e.sd, sd)) continue;
    const d = new EntryDraft(e);
    d.setStr("adminCount", 1);
    d.sd = sameSd(e.sd, sd) ? e.sd : sd;
    objects.push({ before: e, after: d.freeze(), change: "modified" });
    changed++;
  }
  // One write for the pass; each protected object it changed originates (adminCount, its SD).
  if (objects.length) dc.commitWrite({ kind: "sdprop", actorSid: "S-1-5-18", objects });
  return changed;
}

function sameSd(a: SecurityDescriptor, b: SecurityDescriptor): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
