/** Shared helpers for the directory tests: contexts, password values, SD edits through modify. */
import type { Control, Identity, ModifyChange, OperationContext } from "../../simulator/directory/api.ts";
import type { Directory } from "../../simulator/directory/index.ts";
import { encodeSecurityDescriptor } from "../../simulator/security/binary-codec.ts";
import { parseSddl } from "../../simulator/security/sddl-parse.ts";
import { AceFlag, SdControl, type SecurityDescriptor } from "../../simulator/security/types.ts";
import { createDirectory } from "../../simulator/worlds/index.ts";

export const BASE = "DC=contoso,DC=com";
export const DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
export const MSOL_SID = `${DOMAIN_SID}-1103`;
export const ALICE = `CN=alice,OU=Staff,${BASE}`;
export const FRANK = `CN=frank,OU=Staff,${BASE}`;
export const DAVE = `CN=dave,OU=Sales,${BASE}`;
export const BOB = `CN=bob,CN=Users,${BASE}`;
export const CAROL = `CN=carol,OU=Admins,${BASE}`;
export const USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2";
export const RESET = "00299570-246d-11d0-a768-00aa006e0529";
export const CHANGE = "ab721a53-1e2f-11d0-9819-00aa0040529b";
export const LOCKOUT_TIME = "28630ebf-41d5-11d1-a9c1-0000f80367c1";
export const PWD_LAST_SET = "bf967a0a-0de6-11d0-a285-00aa003049e2";

export const SD_FLAGS_DACL: Control = {
  oid: "1.2.840.113556.1.4.801",
  critical: true,
  value: Buffer.from("3003020104", "hex"),
};
export const sdFlagsControl = (flags: number): Control => ({
  oid: "1.2.840.113556.1.4.801",
  critical: true,
  value: Buffer.from([0x30, 0x03, 0x02, 0x01, flags]),
});

export const pw = (p: string) => Buffer.from(`"${p}"`, "utf16le");

export function ctxFor(
  identity: Identity,
  opts: { secure?: boolean; controls?: Control[] } = {},
): OperationContext {
  return {
    identity,
    secure: opts.secure ?? true,
    controls: opts.controls ?? [],
    connectionId: 1,
    messageId: 1,
    clientAddress: "127.0.0.1",
  };
}

export interface Lab {
  dir: Directory;
  admin: OperationContext;
  msol: OperationContext;
  as(name: string, password: string, secure?: boolean): Promise<OperationContext>;
}

export async function lab(
  personality: "windows" | "samba",
  world: "contoso" | "contoso-express" = "contoso",
): Promise<Lab> {
  const dir = createDirectory({ world, personality });
  const as = async (name: string, password: string, secure = true) =>
    ctxFor(
      await dir.bindSimple(
        name,
        Buffer.from(password),
        ctxFor({ anonymous: true, dn: "", sid: "", bindName: "" }, { secure }),
      ),
      {
        secure,
      },
    );
  const admin = await as("Administrator@contoso.com", "Adm1n!Passw0rd");
  const msol = await as("MSOL_0123456789ab@contoso.com", "Msol!Passw0rd#1");
  return { dir, admin, msol, as };
}

export const replace = (type: string, ...values: Buffer[]): ModifyChange => ({
  operation: "replace",
  modification: { type, values },
});
export const del = (type: string, ...values: Buffer[]): ModifyChange => ({
  operation: "delete",
  modification: { type, values },
});
export const addv = (type: string, ...values: Buffer[]): ModifyChange => ({
  operation: "add",
  modification: { type, values },
});
export const s = (v: string) => Buffer.from(v);

/** Writes an object's DACL with the SD-flags control (DACL only), as the recorder did. */
export async function writeDacl(
  l: Lab,
  dn: string,
  edit: (sd: SecurityDescriptor) => SecurityDescriptor,
): Promise<void> {
  const e = l.dir.findByDn(dn);
  if (!e) throw new Error(`no ${dn}`);
  const next = edit(e.sd);
  await l.dir.modify(dn, [replace("nTSecurityDescriptor", encodeSecurityDescriptor(next))], {
    ...l.admin,
    controls: [SD_FLAGS_DACL],
  });
}

export function aces(sddlAces: string) {
  return parseSddl(`D:${sddlAces}`, { domainSid: DOMAIN_SID }).dacl!.aces;
}

/** Prepends ACEs (SDDL) to an object's DACL, explicit ones only kept (inherited are recomputed). */
export async function prependAces(l: Lab, dn: string, sddlAces: string): Promise<void> {
  await writeDacl(l, dn, (sd) => ({
    ...sd,
    dacl: { revision: 4, aces: [...aces(sddlAces), ...(sd.dacl?.aces ?? [])] },
  }));
}

/** Makes a DACL protected with its inherited ACEs turned explicit (E3). */
export async function protectDacl(l: Lab, dn: string): Promise<void> {
  await writeDacl(l, dn, (sd) => ({
    ...sd,
    control: sd.control | SdControl.DACL_PROTECTED,
    dacl: {
      revision: 4,
      aces: (sd.dacl?.aces ?? []).map((a) => ({ ...a, flags: a.flags & ~AceFlag.INHERITED })),
    },
  }));
}

export const FOUR_GRANTS = (sid: string, flags = "CIIO", iot = USER_CLASS) =>
  `(OA;${flags};WP;${PWD_LAST_SET};${iot};${sid})(OA;${flags};WP;${LOCKOUT_TIME};${iot};${sid})(OA;${flags};CR;${CHANGE};${iot};${sid})(OA;${flags};CR;${RESET};${iot};${sid})`;

export type OpResult = { code: number; message: string };

export async function attempt(p: Promise<unknown>): Promise<OpResult> {
  try {
    await p;
    return { code: 0, message: "" };
  } catch (e) {
    const err = e as { resultCode?: number; diagnosticMessage?: string };
    if (err.resultCode === undefined) throw e;
    return { code: err.resultCode, message: err.diagnosticMessage ?? "" };
  }
}

let counter = 0;
/** A fresh, policy-compliant, unique password (like the recorder's Rst#0002Abc). */
export const fresh = (prefix = "Pwd") => `${prefix}#${String(++counter).padStart(4, "0")}Abc`;

/** The five matrix ops against a target: each starts from a password just set by Administrator. */
export async function matrixOps(l: Lab, target: string, actor: OperationContext): Promise<number[]> {
  const out: number[] = [];
  const reset = async () => {
    const old = fresh("Old");
    await l.dir.modify(target, [replace("unicodePwd", pw(old))], l.admin);
    return old;
  };
  await reset();
  out.push((await attempt(l.dir.modify(target, [replace("unicodePwd", pw(fresh("Rst")))], actor))).code);
  const old = await reset();
  out.push(
    (
      await attempt(
        l.dir.modify(target, [del("unicodePwd", pw(old)), addv("unicodePwd", pw(fresh("Chg")))], actor),
      )
    ).code,
  );
  out.push((await attempt(l.dir.modify(target, [replace("lockoutTime", s("0"))], actor))).code);
  out.push((await attempt(l.dir.modify(target, [replace("pwdLastSet", s("0"))], actor))).code);
  out.push((await attempt(l.dir.modify(target, [replace("pwdLastSet", s("-1"))], actor))).code);
  return out;
}

export async function relaxMinPwdAge(l: Lab): Promise<void> {
  await l.dir.modify(BASE, [replace("minPwdAge", s("0"))], l.admin);
}
