/**
 * The lab domain as the conformance operations see it: the `contoso` objects (same DNs, names and
 * passwords in the Samba image, containers/samba-dc/populate.sh, and in the fake DC's world), and
 * the Administrator-side preparation steps (grants, DACL edits, policy) that operations set up and
 * undo. Preparation failures throw: they are harness errors, not outcomes.
 */
import type { Client } from "ldapts";
import {
  ACCESS_ALLOWED_OBJECT,
  type Ace,
  CONTAINER_INHERIT,
  decodeSd,
  encodeDaclOnlySd,
  INHERIT_ONLY,
  sidToString,
} from "./sd-bytes.ts";
import { boundClient, type ConformanceTarget, close, modify, sdFlags, search, unicodePwd } from "./wire.ts";

export interface LabUser {
  name: string;
  /** Relative to the domain root, e.g. "CN=alice,OU=Staff". */
  rdnPath: string;
  password: string;
}

export const users = {
  alice: { name: "alice", rdnPath: "CN=alice,OU=Staff", password: "Alice!Passw0rd1" },
  frank: { name: "frank", rdnPath: "CN=frank,OU=Staff", password: "Frank!Passw0rd1" },
  dave: { name: "dave", rdnPath: "CN=dave,OU=Sales", password: "Dave!Passw0rd1" },
  bob: { name: "bob", rdnPath: "CN=bob,CN=Users", password: "Bob!Passw0rd1" },
  carol: { name: "carol", rdnPath: "CN=carol,OU=Admins", password: "Carol!Passw0rd1" },
  erin: { name: "erin", rdnPath: "CN=erin,OU=Blocked", password: "Erin!Passw0rd1" },
  gina: { name: "gina", rdnPath: "CN=gina,OU=Admins", password: "Gina!Passw0rd1" },
  msol: { name: "MSOL_0123456789ab", rdnPath: "CN=MSOL_0123456789ab,CN=Users", password: "Msol!Passw0rd#1" },
} satisfies Record<string, LabUser>;

export const dnOf = (t: ConformanceTarget, rdnPath: string) =>
  rdnPath ? `${rdnPath},${t.baseDn}` : t.baseDn;
export const userDn = (t: ConformanceTarget, u: LabUser) => dnOf(t, u.rdnPath);
/** "contoso.com" from "DC=contoso,DC=com". */
export const dnsDomain = (t: ConformanceTarget) =>
  t.baseDn
    .split(",")
    .map((p) => p.split("=")[1])
    .join(".");
export const upn = (t: ConformanceTarget, u: LabUser) => `${u.name}@${dnsDomain(t)}`;

// Schema GUIDs (MS-ADA1/MS-ADA3 and MS-ADTS 5.1.3.2.1) of the four writeback permissions.
export const RIGHT_RESET_PASSWORD = "00299570-246d-11d0-a768-00aa006e0529";
export const RIGHT_CHANGE_PASSWORD = "ab721a53-1e2f-11d0-9819-00aa0040529b";
export const ATTR_LOCKOUT_TIME = "28630ebf-41d5-11d1-a9c1-0000f80367c1";
export const ATTR_PWD_LAST_SET = "bf967a0a-0de6-11d0-a285-00aa003049e2";
export const CLASS_USER = "bf967aba-0de6-11d0-a285-00aa003049e2";
const CR = 0x100; // ADS_RIGHT_DS_CONTROL_ACCESS
const WP = 0x20; // ADS_RIGHT_DS_WRITE_PROP
export const FULL_CONTROL = 0xf01ff;

export type Grant = "reset" | "change" | "lockoutTime" | "pwdLastSet";
export const ALL_GRANTS: Grant[] = ["reset", "change", "lockoutTime", "pwdLastSet"];
/** How the grant is scoped: as Set-ADSyncPasswordWritebackPermissions does (CIIO, user objects),
 * "this object only" (E1), or inherited by all descendants without an object type (E1b). */
export type GrantStyle = "ciio-user" | "this-object" | "ci-all";

/** The ACEs, in the order `samba-tool dsacl set` left them at the front of the DACL (§4). */
export function grantAces(sid: string, grants: Grant[], style: GrantStyle = "ciio-user"): Ace[] {
  const flags =
    style === "ciio-user" ? CONTAINER_INHERIT | INHERIT_ONLY : style === "ci-all" ? CONTAINER_INHERIT : 0;
  const inheritedObjectType = style === "ciio-user" ? CLASS_USER : undefined;
  const defs: Record<Grant, [number, string]> = {
    pwdLastSet: [WP, ATTR_PWD_LAST_SET],
    lockoutTime: [WP, ATTR_LOCKOUT_TIME],
    change: [CR, RIGHT_CHANGE_PASSWORD],
    reset: [CR, RIGHT_RESET_PASSWORD],
  };
  return (["pwdLastSet", "lockoutTime", "change", "reset"] as Grant[])
    .filter((g) => grants.includes(g))
    .map((g) => ({
      type: ACCESS_ALLOWED_OBJECT,
      flags,
      mask: defs[g][0],
      objectType: defs[g][1],
      inheritedObjectType,
      sid,
    }));
}

/** An Administrator session over LDAPS with the helpers operations use to prepare the DC. */
export class Admin {
  private constructor(
    readonly t: ConformanceTarget,
    readonly client: Client,
  ) {}

  static async open(t: ConformanceTarget): Promise<Admin> {
    return new Admin(t, await boundClient(t.ldapsUrl, t.adminDn, t.adminPassword));
  }

  close(): Promise<void> {
    return close(this.client);
  }

  private async must(what: string, p: Promise<{ code: number; message: string }>): Promise<void> {
    const r = await p;
    if (r.code !== 0) throw new Error(`lab preparation failed: ${what}: ${r.code} ${r.message}`);
  }

  async sidOf(dn: string): Promise<string> {
    const { outcome, entries } = await search(this.client, dn, {
      scope: "base",
      attributes: ["objectSid"],
      explicitBufferAttributes: ["objectSid"],
    });
    const v = entries[0]?.objectSid;
    if (outcome.code !== 0 || !Buffer.isBuffer(v)) throw new Error(`cannot read objectSid of ${dn}`);
    return sidToString(v);
  }

  async readDacl(dn: string): Promise<{ control: number; aces: Ace[]; aclRevision: number }> {
    const { outcome, entries } = await search(
      this.client,
      dn,
      {
        scope: "base",
        attributes: ["nTSecurityDescriptor"],
        explicitBufferAttributes: ["nTSecurityDescriptor"],
      },
      [sdFlags(4)],
    );
    const v = entries[0]?.nTSecurityDescriptor;
    if (outcome.code !== 0 || !Buffer.isBuffer(v)) throw new Error(`cannot read the DACL of ${dn}`);
    const sd = decodeSd(v);
    return { control: sd.control, aces: sd.aces ?? [], aclRevision: sd.aclRevision ?? 4 };
  }

  async writeDacl(dn: string, control: number, aces: Ace[], aclRevision = 4): Promise<void> {
    const sd = encodeDaclOnlySd(control, aces, aclRevision);
    await this.must(
      `write DACL of ${dn}`,
      modify(
        this.client,
        dn,
        [{ operation: "replace", type: "nTSecurityDescriptor", values: [sd] }],
        [sdFlags(4)],
      ),
    );
  }

  /** Runs fn with a DACL edited by `edit`, then writes the original DACL back. */
  async withDacl<T>(
    dn: string,
    edit: (d: { control: number; aces: Ace[] }) => { control: number; aces: Ace[] },
    fn: () => Promise<T>,
  ): Promise<T> {
    const original = await this.readDacl(dn);
    const changed = edit({ control: original.control, aces: original.aces.map((a) => ({ ...a })) });
    await this.writeDacl(dn, changed.control, changed.aces, original.aclRevision);
    try {
      return await fn();
    } finally {
      await this.writeDacl(dn, original.control, original.aces, original.aclRevision);
    }
  }

  /** Runs fn with extra ACEs at the front of `dn`'s explicit DACL entries. */
  withAces<T>(dn: string, aces: Ace[], fn: () => Promise<T>): Promise<T> {
    return this.withDacl(dn, (d) => ({ control: d.control, aces: [...aces, ...d.aces] }), fn);
  }

  async setPassword(dn: string, password: string): Promise<void> {
    await this.must(
      `reset password of ${dn}`,
      modify(this.client, dn, [{ operation: "replace", type: "unicodePwd", values: [unicodePwd(password)] }]),
    );
  }

  async replace(dn: string, type: string, values: string[]): Promise<void> {
    await this.must(
      `replace ${type} on ${dn}`,
      modify(this.client, dn, [{ operation: "replace", type, values }]),
    );
  }

  async remove(dn: string, type: string): Promise<void> {
    await this.must(
      `delete ${type} on ${dn}`,
      modify(this.client, dn, [{ operation: "delete", type, values: [] }]),
    );
  }

  async read(dn: string, attributes: string[]): Promise<Record<string, string | string[]>> {
    const { outcome, entries } = await search(this.client, dn, { scope: "base", attributes });
    if (outcome.code !== 0 || !entries[0]) throw new Error(`cannot read ${dn}`);
    const { dn: _, ...rest } = entries[0];
    return rest as Record<string, string | string[]>;
  }
}

/** Runs fn with an Administrator session, closing it afterwards. */
export async function asAdmin<T>(t: ConformanceTarget, fn: (a: Admin) => Promise<T>): Promise<T> {
  const a = await Admin.open(t);
  try {
    return await fn(a);
  } finally {
    await a.close();
  }
}

/** Fresh, policy-compliant passwords, unique per target so that history never interferes. */
const counters = new WeakMap<ConformanceTarget, number>();
export function freshPassword(t: ConformanceTarget, prefix: string): string {
  const n = (counters.get(t) ?? 0) + 1;
  counters.set(t, n);
  return `${prefix}#${String(n).padStart(4, "0")}Abc`;
}
