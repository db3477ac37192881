/**
 * The conformance operations: every LDAP exchange Azure AD Connect's password writeback (and our
 * edge cases E1–E9 of samba-observations.md) makes, each a function of the DC under test returning
 * what the server answered. Run against the Samba container they produce samba-golden.json; run
 * against the fake DC they must give the same normalised outcomes, except for the entries listed in
 * known-differences.json.
 *
 * Every operation prepares what it needs as Administrator (grants, DACL edits, policy, a known
 * password) and undoes it afterwards, so operations are independent of each other and of order.
 */
import type { Client } from "ldapts";
import {
  type Admin,
  ALL_GRANTS,
  asAdmin,
  dnOf,
  FULL_CONTROL,
  freshPassword,
  type Grant,
  type GrantStyle,
  grantAces,
  type LabUser,
  RIGHT_CHANGE_PASSWORD,
  upn,
  userDn,
  users,
} from "./lab.ts";
import {
  ACCESS_ALLOWED,
  ACCESS_ALLOWED_OBJECT,
  ACCESS_DENIED_OBJECT,
  aceToText,
  decodeSd,
  encodeDaclOnlySd,
  INHERITED,
  SE_DACL_PROTECTED,
} from "./sd-bytes.ts";
import {
  bind,
  boundClient,
  type ConformanceTarget,
  close,
  connect,
  connectionFailure,
  IntegerSequenceControl,
  type Mod,
  modify,
  OID_POLICY_HINTS,
  OID_POLICY_HINTS_DEPRECATED,
  type Outcome,
  sdFlags,
  search,
  unicodePwd,
} from "./wire.ts";

export { normalise } from "./normalise.ts";
export type { ConformanceTarget, Outcome } from "./wire.ts";

export interface Operation {
  /** Unique, stable name: the key in samba-golden.json and known-differences.json. */
  name: string;
  run: (target: ConformanceTarget) => Promise<Outcome>;
}

export const operations: Operation[] = [];
const op = (name: string, run: (t: ConformanceTarget) => Promise<Outcome>) => {
  if (operations.some((o) => o.name === name)) throw new Error(`duplicate operation name ${name}`);
  operations.push({ name, run });
};

const msolSid = (a: Admin, t: ConformanceTarget) => a.sidOf(userDn(t, users.msol));

// ---------------------------------------------------------------------------------------------
// The writeback requests (samba-observations.md §2): (a) reset, (b) change, (c) lockoutTime = 0,
// (d) pwdLastSet = 0 and -1. Each starts from a password just set by Administrator.

type Kind = "reset" | "change" | "lockoutTime=0" | "pwdLastSet=0" | "pwdLastSet=-1";
const KINDS: Kind[] = ["reset", "change", "lockoutTime=0", "pwdLastSet=0", "pwdLastSet=-1"];

async function writeback(a: Admin, t: ConformanceTarget, kind: Kind, target: LabUser, actor = users.msol) {
  const dn = userDn(t, target);
  const current = freshPassword(t, "Old");
  await a.setPassword(dn, current);
  const actorPassword = actor === target ? current : actor.password;
  const client = await boundClient(t.ldapsUrl, upn(t, actor), actorPassword);
  let newPassword: string | undefined;
  let mods: Mod[];
  try {
    switch (kind) {
      case "reset":
        newPassword = freshPassword(t, "Rst");
        mods = [{ operation: "replace", type: "unicodePwd", values: [unicodePwd(newPassword)] }];
        break;
      case "change":
        newPassword = freshPassword(t, "Chg");
        mods = [
          { operation: "delete", type: "unicodePwd", values: [unicodePwd(current)] },
          { operation: "add", type: "unicodePwd", values: [unicodePwd(newPassword)] },
        ];
        break;
      case "lockoutTime=0":
        mods = [{ operation: "replace", type: "lockoutTime", values: ["0"] }];
        break;
      default:
        mods = [{ operation: "replace", type: "pwdLastSet", values: [kind === "pwdLastSet=0" ? "0" : "-1"] }];
    }
    const outcome = await modify(client, dn, mods);
    if (outcome.code === 0 && newPassword)
      outcome.data = { verifyBind: await bindCode(t, target, newPassword) };
    return outcome;
  } finally {
    await close(client);
    if (kind === "pwdLastSet=0") await a.replace(dn, "pwdLastSet", ["-1"]);
  }
}

async function bindCode(t: ConformanceTarget, u: LabUser, password: string): Promise<number> {
  const c = connect(t.ldapsUrl);
  try {
    return (await bind(c, upn(t, u), password)).code;
  } finally {
    await close(c);
  }
}

type Prepare = (a: Admin, t: ConformanceTarget, body: () => Promise<Outcome>) => Promise<Outcome>;

/** Five operations (one per Kind) on `target` with the DC prepared by `prepare`. */
function matrix(scenario: string, target: LabUser, prepare: Prepare, kinds = KINDS, actor = users.msol) {
  for (const kind of kinds) {
    const who = actor === users.msol ? "" : ` by ${actor.name}`;
    op(`${scenario}: ${kind} on ${target.name}${who}`, (t) =>
      asAdmin(t, (a) => prepare(a, t, () => writeback(a, t, kind, target, actor))),
    );
  }
}

const noPrep: Prepare = (_a, _t, body) => body();
const rootGrants =
  (grants: Grant[], style: GrantStyle = "ciio-user"): Prepare =>
  async (a, t, body) =>
    a.withAces(t.baseDn, grantAces(await msolSid(a, t), grants, style), body);
const allGrants = rootGrants(ALL_GRANTS);
const chain =
  (...preps: Prepare[]): Prepare =>
  (a, t, body) =>
    preps.reduceRight<() => Promise<Outcome>>((next, p) => () => p(a, t, next), body)();

// §5 matrix: S0, S1 and each grant missing.
matrix("S0 no grants", users.alice, noPrep);
matrix("S1 all four grants", users.alice, allGrants);
for (const missing of ALL_GRANTS) {
  matrix(`S-missing-${missing}`, users.alice, rootGrants(ALL_GRANTS.filter((g) => g !== missing)));
}

// E1: grants on the root for "this object only"; E1b: inherited by all descendants, no object type.
matrix("E1 root this-object-only", users.alice, rootGrants(ALL_GRANTS, "this-object"));
matrix("E1b root CI all descendants", users.alice, rootGrants(ALL_GRANTS, "ci-all"));

// E2: the grant on OU=Staff only.
const staffGrants: Prepare = async (a, t, body) =>
  a.withAces(dnOf(t, "OU=Staff"), grantAces(await msolSid(a, t), ALL_GRANTS), body);
for (const u of [users.alice, users.dave, users.bob]) matrix("E2 grant on OU=Staff only", u, staffGrants);

// E3: OU=Blocked with a protected DACL (inherited ACEs made explicit), grant on the root.
const blockOu: Prepare = (a, t, body) =>
  a.withDacl(
    dnOf(t, "OU=Blocked"),
    (d) => ({
      control: d.control | SE_DACL_PROTECTED,
      aces: d.aces.map((x) => ({ ...x, flags: x.flags & ~INHERITED })),
    }),
    body,
  );
for (const u of [users.erin, users.alice]) matrix("E3 blocked OU", u, chain(blockOu, allGrants));

// E4: carol is in Domain Admins; Samba 4.17 has no SDProp, so the root grant applies to her.
matrix("E4 carol Domain Admins", users.carol, allGrants);
// E4b: SDProp emulated by hand: carol's DACL := AdminSDHolder's explicit ACEs, protected; adminCount 1.
const sdPropEmulated: Prepare = async (a, t, body) => {
  const dn = userDn(t, users.carol);
  const sid = (rid: number | string) => `${t.domainSid}-${rid}`;
  return a.withDacl(
    dn,
    (d) => ({
      control: d.control | SE_DACL_PROTECTED,
      aces: [
        { type: ACCESS_ALLOWED, flags: 0, mask: FULL_CONTROL, sid: sid(512) },
        { type: ACCESS_ALLOWED, flags: 0, mask: FULL_CONTROL, sid: "S-1-5-18" },
        { type: ACCESS_ALLOWED, flags: 0, mask: 0x20094, sid: "S-1-5-11" },
      ],
    }),
    async () => {
      await a.replace(dn, "adminCount", ["1"]);
      try {
        return await body();
      } finally {
        await a.remove(dn, "adminCount");
      }
    },
  );
};
matrix("E4b carol SDProp emulated", users.carol, chain(allGrants, sdPropEmulated));

// E5: explicit DENY Everyone Change Password on frank (first in his DACL).
const denyChange: Prepare = (a, t, body) =>
  a.withAces(
    userDn(t, users.frank),
    [
      {
        type: ACCESS_DENIED_OBJECT,
        flags: 0,
        mask: 0x100,
        objectType: RIGHT_CHANGE_PASSWORD,
        sid: "S-1-1-0",
      },
    ],
    body,
  );
matrix("E5 frank deny-change Everyone", users.frank, chain(denyChange, allGrants));
matrix("E5 frank deny-change Everyone", users.frank, chain(denyChange, allGrants), ["change"], users.frank);
matrix("E5b frank deny-change Everyone, no grants", users.frank, denyChange);
// E5c: bob without the Change Password ACEs for Everyone and SELF, no grants.
const noChangeAces: Prepare = (a, t, body) =>
  a.withDacl(
    userDn(t, users.bob),
    (d) => ({
      control: d.control,
      aces: d.aces.filter(
        (x) =>
          !(
            x.type === ACCESS_ALLOWED_OBJECT &&
            x.objectType === RIGHT_CHANGE_PASSWORD &&
            (x.sid === "S-1-1-0" || x.sid === "S-1-5-10")
          ),
      ),
    }),
    body,
  );
matrix("E5c bob without any change-password ACE", users.bob, noChangeAces);

// ---------------------------------------------------------------------------------------------
// E7: policy and malformed unicodePwd values (MSOL, alice).

/** One MSOL modify on alice after Administrator set `current`; `mods` gets the current password. */
function aliceModify(
  name: string,
  prepare: Prepare,
  mods: (current: string, t: ConformanceTarget) => Mod[],
  opts: { dn?: (t: ConformanceTarget) => string; verify?: (current: string) => string[] } = {},
) {
  op(name, (t) =>
    asAdmin(t, (a) =>
      prepare(a, t, async () => {
        const dn = userDn(t, users.alice);
        const current = freshPassword(t, "Old");
        await a.setPassword(dn, current);
        const client = await boundClient(t.ldapsUrl, upn(t, users.msol), users.msol.password);
        try {
          const outcome = await modify(client, opts.dn?.(t) ?? dn, mods(current, t));
          if (opts.verify) {
            const codes: number[] = [];
            for (const pw of opts.verify(current)) codes.push(await bindCode(t, users.alice, pw));
            outcome.data = { ...(outcome.data as object), verifyBinds: codes };
          }
          return outcome;
        } finally {
          await close(client);
        }
      }),
    ),
  );
}
const replacePwd = (value: Buffer | Buffer[]): Mod[] => [
  { operation: "replace", type: "unicodePwd", values: Array.isArray(value) ? value : [value] },
];
const changePwd = (oldPw: string, newPw: string): Mod[] => [
  { operation: "delete", type: "unicodePwd", values: [unicodePwd(oldPw)] },
  { operation: "add", type: "unicodePwd", values: [unicodePwd(newPw)] },
];

for (const [label, prep] of [
  ["all grants", allGrants],
  ["no grants", noPrep],
] as const) {
  aliceModify(`E7 policy (${label}): reset to "abc" (too short)`, prep, () => replacePwd(unicodePwd("abc")));
  aliceModify(`E7 policy (${label}): reset to "abcdefgh" (complexity)`, prep, () =>
    replacePwd(unicodePwd("abcdefgh")),
  );
  aliceModify(`E7 policy (${label}): change to "abc" (too short)`, prep, (cur) => changePwd(cur, "abc"));
  aliceModify(`E7 policy (${label}): change to "abcdefgh" (complexity)`, prep, (cur) =>
    changePwd(cur, "abcdefgh"),
  );
  aliceModify(`E7 policy (${label}): change with wrong old password`, prep, () =>
    changePwd("Wrong#0000Abc", "Fresh#9001Abc"),
  );
}
aliceModify("E7 policy (all grants): reset to a password containing the sAMAccountName", allGrants, () =>
  replacePwd(unicodePwd("alice#1234ABC")),
);
aliceModify("E7 malformed: reset value without the surrounding quotes", allGrants, () =>
  replacePwd(Buffer.from("NoQuotes#1Abc", "utf16le")),
);
aliceModify("E7 malformed: reset value in UTF-8 instead of UTF-16LE", allGrants, () =>
  replacePwd(Buffer.from('"Utf8Enc#1Abc"', "utf8")),
);
aliceModify("E7 malformed: reset value of odd length", allGrants, () =>
  replacePwd(Buffer.concat([unicodePwd("OddLen#1Abc"), Buffer.from([0x41])])),
);
aliceModify("E7 malformed: reset to an empty quoted string", allGrants, () => replacePwd(unicodePwd("")));
aliceModify("E7 malformed: reset with an empty value list", allGrants, () => [
  { operation: "replace", type: "unicodePwd", values: [] },
]);
aliceModify(
  "E7 malformed: reset with two values (the last wins)",
  allGrants,
  () => replacePwd([unicodePwd("Two#0081Abc"), unicodePwd("Two#0082Abc")]),
  { verify: () => ["Two#0081Abc", "Two#0082Abc"] },
);
aliceModify("E7 malformed: add unicodePwd without delete", allGrants, () => [
  { operation: "add", type: "unicodePwd", values: [unicodePwd("AddOnly#1Abc")] },
]);
aliceModify("E7 malformed: delete unicodePwd (correct old) without add", allGrants, (cur) => [
  { operation: "delete", type: "unicodePwd", values: [unicodePwd(cur)] },
]);
aliceModify("E7 malformed: change with the delete and add in reverse order", allGrants, (cur) => [
  { operation: "add", type: "unicodePwd", values: [unicodePwd("Rev#0001Abc")] },
  { operation: "delete", type: "unicodePwd", values: [unicodePwd(cur)] },
]);
// More malformed shapes (password_hash.c: password_hash_modify's element counts, setup_io).
aliceModify("E7 malformed: two deletes and one add", allGrants, (cur) => [
  { operation: "delete", type: "unicodePwd", values: [unicodePwd(cur)] },
  { operation: "delete", type: "unicodePwd", values: [unicodePwd("Other#0001Abc")] },
  { operation: "add", type: "unicodePwd", values: [unicodePwd("TwoDel#0001Abc")] },
]);
aliceModify("E7 malformed: replace together with delete and add", allGrants, (cur) => [
  { operation: "replace", type: "unicodePwd", values: [unicodePwd("Mixed#0001Abc")] },
  { operation: "delete", type: "unicodePwd", values: [unicodePwd(cur)] },
  { operation: "add", type: "unicodePwd", values: [unicodePwd("Mixed#0002Abc")] },
]);
aliceModify("E7 malformed: change whose add has two values", allGrants, (cur) => [
  { operation: "delete", type: "unicodePwd", values: [unicodePwd(cur)] },
  {
    operation: "add",
    type: "unicodePwd",
    values: [unicodePwd("AddTwo#0001Abc"), unicodePwd("AddTwo#0002Abc")],
  },
]);
aliceModify("E7 malformed: change whose delete has two values", allGrants, (cur) => [
  { operation: "delete", type: "unicodePwd", values: [unicodePwd(cur), unicodePwd("Other#0002Abc")] },
  { operation: "add", type: "unicodePwd", values: [unicodePwd("DelTwo#0001Abc")] },
]);
aliceModify("E7 malformed: change to a value without the surrounding quotes", allGrants, (cur) => [
  { operation: "delete", type: "unicodePwd", values: [unicodePwd(cur)] },
  { operation: "add", type: "unicodePwd", values: [Buffer.from("NoQuotes#2Abc", "utf16le")] },
]);
aliceModify("E7: reset on a DN that does not exist", allGrants, () => replacePwd(unicodePwd("Nobody#1Abc")), {
  dn: (t) => dnOf(t, "CN=nobody,OU=Staff"),
});
aliceModify("E7: replace pwdLastSet = 5 (only 0 and -1 are allowed)", allGrants, () => [
  { operation: "replace", type: "pwdLastSet", values: ["5"] },
]);
aliceModify("E7: replace userPassword (not unicodePwd)", allGrants, () => [
  { operation: "replace", type: "userPassword", values: ["x"] },
]);
op("E7: replace lockoutTime = 5, then read it back", (t) =>
  asAdmin(t, (a) =>
    allGrants(a, t, async () => {
      const dn = userDn(t, users.alice);
      const client = await boundClient(t.ldapsUrl, upn(t, users.msol), users.msol.password);
      try {
        const outcome = await modify(client, dn, [
          { operation: "replace", type: "lockoutTime", values: ["5"] },
        ]);
        outcome.data = { lockoutTime: (await a.read(dn, ["lockoutTime"])).lockoutTime };
        return outcome;
      } finally {
        await close(client);
        await a.replace(dn, "lockoutTime", ["0"]);
      }
    }),
  ),
);

// ---------------------------------------------------------------------------------------------
// MS-SAMR 3.1.1.8.7 step 3: a password set by a writer without Unexpire-Password on the domain
// object leaves pwdLastSet 0 on Windows (the new password expires at once: the bind check sees 773).
// Authenticated Users hold the right by default, so their ACE is taken off the root first.
const UNEXPIRE_PASSWORD = "ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501";
const withoutAuthenticatedUsersUnexpire: Prepare = (a, t, body) =>
  a.withDacl(
    t.baseDn,
    (d) => ({
      control: d.control,
      aces: d.aces.filter((x) => !(x.sid === "S-1-5-11" && x.objectType === UNEXPIRE_PASSWORD)),
    }),
    body,
  );
matrix(
  "Unexpire-Password taken from Authenticated Users",
  users.alice,
  chain(withoutAuthenticatedUsersUnexpire, allGrants),
  ["reset", "change"],
);

// ---------------------------------------------------------------------------------------------
// E8: minPwdAge = 1 day.

const ONE_DAY = "-864000000000";
const minAgeOneDay: Prepare = async (a, t, body) => {
  await a.replace(t.baseDn, "minPwdAge", [ONE_DAY]);
  try {
    return await body();
  } finally {
    await a.replace(t.baseDn, "minPwdAge", ["0"]);
  }
};
aliceModify("E8 minPwdAge 1 day: change right after an admin reset", chain(allGrants, minAgeOneDay), (cur) =>
  changePwd(cur, "Young#0001Abc"),
);
op("E8 minPwdAge 1 day: two changes after pwdLastSet=0", (t) =>
  asAdmin(t, (a) =>
    chain(allGrants, minAgeOneDay)(a, t, async () => {
      const dn = userDn(t, users.alice);
      const current = freshPassword(t, "Old");
      await a.setPassword(dn, current);
      await a.replace(dn, "pwdLastSet", ["0"]);
      const client = await boundClient(t.ldapsUrl, upn(t, users.msol), users.msol.password);
      try {
        const first = freshPassword(t, "Chg");
        const one = await modify(client, dn, changePwd(current, first));
        const two = await modify(client, dn, changePwd(first, freshPassword(t, "Chg")));
        return { code: two.code, message: two.message, data: { first: one } };
      } finally {
        await close(client);
        await a.replace(dn, "pwdLastSet", ["-1"]);
      }
    }),
  ),
);
op("E8 minPwdAge 1 day: two resets in a row", (t) =>
  asAdmin(t, (a) =>
    chain(allGrants, minAgeOneDay)(a, t, async () => {
      const dn = userDn(t, users.alice);
      const client = await boundClient(t.ldapsUrl, upn(t, users.msol), users.msol.password);
      try {
        const one = await modify(client, dn, replacePwd(unicodePwd(freshPassword(t, "Rst"))));
        const two = await modify(client, dn, replacePwd(unicodePwd(freshPassword(t, "Rst"))));
        return { code: two.code, message: two.message, data: { first: one } };
      } finally {
        await close(client);
      }
    }),
  ),
);

// ---------------------------------------------------------------------------------------------
// E9: history (length 24) and LDAP_SERVER_POLICY_HINTS (MS-ADTS 3.1.1.3.4.1.35).

/** alice's password history gets `previous`, then Administrator sets `current`. */
function historyOp(
  name: string,
  mods: (previous: string, current: string) => Mod[],
  controls: () => IntegerSequenceControl[] = () => [],
) {
  op(name, (t) =>
    asAdmin(t, (a) =>
      allGrants(a, t, async () => {
        const dn = userDn(t, users.alice);
        const previous = freshPassword(t, "Old");
        const current = freshPassword(t, "Cur");
        await a.setPassword(dn, previous);
        await a.setPassword(dn, current);
        const client = await boundClient(t.ldapsUrl, upn(t, users.msol), users.msol.password);
        try {
          return await modify(client, dn, mods(previous, current), controls());
        } finally {
          await close(client);
        }
      }),
    ),
  );
}
historyOp("E9: reset to the previous password, no control", (prev) => replacePwd(unicodePwd(prev)));
historyOp("E9: reset to the current password, no control", (_p, cur) => replacePwd(unicodePwd(cur)));
historyOp("E9: change to the previous password", (prev, cur) => changePwd(cur, prev));
historyOp("E9: change to the current password", (_p, cur) => changePwd(cur, cur));
for (const [oid, label] of [
  [OID_POLICY_HINTS, "2239"],
  [OID_POLICY_HINTS_DEPRECATED, "2066 (deprecated)"],
] as const) {
  for (const critical of [true, false]) {
    const crit = critical ? "critical" : "non-critical";
    const hints = () => [new IntegerSequenceControl(oid, 1, critical)];
    historyOp(
      `E9: reset to the previous password with POLICY_HINTS ${label} ${crit}`,
      (prev) => replacePwd(unicodePwd(prev)),
      hints,
    );
    historyOp(
      `E9: reset to a new password with POLICY_HINTS ${label} ${crit}`,
      () => replacePwd(unicodePwd("Hint#0001Abc")),
      hints,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// E6: transport. Cleartext 389 (simple bind refused by Samba's default `ldap server require strong
// auth`), anonymous, and StartTLS.

const resetMods = (t: ConformanceTarget) => replacePwd(unicodePwd(freshPassword(t, "Rst")));
op("E6 plain 389: simple bind as MSOL", async (t) => {
  const c = connect(t.ldapUrl);
  try {
    return await bind(c, upn(t, users.msol), users.msol.password);
  } finally {
    await close(c);
  }
});
op("E6 plain 389: reset after the refused simple bind", (t) =>
  asAdmin(t, (a) =>
    allGrants(a, t, async () => {
      const c = connect(t.ldapUrl);
      try {
        await bind(c, upn(t, users.msol), users.msol.password);
        return await modify(c, userDn(t, users.alice), resetMods(t));
      } finally {
        await close(c);
      }
    }),
  ),
);
for (const kind of ["reset", "lockoutTime=0"] as const) {
  op(`E6 plain 389 anonymous: ${kind}`, async (t) => {
    const c = connect(t.ldapUrl);
    try {
      const mods: Mod[] =
        kind === "reset" ? resetMods(t) : [{ operation: "replace", type: "lockoutTime", values: ["0"] }];
      return await modify(c, userDn(t, users.alice), mods);
    } finally {
      await close(c);
    }
  });
}
async function startTls(c: Client): Promise<void> {
  await c.startTLS({ rejectUnauthorized: false });
}
op("E6 389 + StartTLS: simple bind as MSOL", async (t) => {
  const c = connect(t.ldapUrl);
  try {
    await startTls(c);
    return await bind(c, upn(t, users.msol), users.msol.password);
  } finally {
    await close(c);
  }
});
op("E6 389 + StartTLS: reset (all grants)", (t) =>
  asAdmin(t, (a) =>
    allGrants(a, t, async () => {
      const c = connect(t.ldapUrl);
      try {
        await startTls(c);
        const b = await bind(c, upn(t, users.msol), users.msol.password);
        if (b.code !== 0) return { ...b, data: { step: "bind" } };
        return await modify(c, userDn(t, users.alice), resetMods(t));
      } finally {
        await close(c);
      }
    }),
  ),
);

// ---------------------------------------------------------------------------------------------
// §7: bind variants over LDAPS.

function bindOp(
  name: string,
  who: (t: ConformanceTarget) => string,
  password: (t: ConformanceTarget) => string,
) {
  op(name, async (t) => {
    const c = connect(t.ldapsUrl);
    try {
      return await bind(c, who(t), password(t));
    } finally {
      await close(c);
    }
  });
}
const netbios = (t: ConformanceTarget) => dnsDomainLabel(t).toUpperCase();
const dnsDomainLabel = (t: ConformanceTarget) => t.baseDn.split(",")[0].split("=")[1];
bindOp(
  "bind: MSOL by UPN",
  (t) => upn(t, users.msol),
  () => users.msol.password,
);
bindOp(
  "bind: MSOL by DN",
  (t) => userDn(t, users.msol),
  () => users.msol.password,
);
bindOp(
  "bind: MSOL by NetBIOS DOMAIN\\name",
  (t) => `${netbios(t)}\\${users.msol.name}`,
  () => users.msol.password,
);
bindOp(
  "bind: MSOL by bare sAMAccountName",
  () => users.msol.name,
  () => users.msol.password,
);
bindOp(
  "bind: MSOL by UPN in upper case",
  (t) => upn(t, users.msol).toUpperCase(),
  () => users.msol.password,
);
bindOp(
  "bind: MSOL wrong password",
  (t) => upn(t, users.msol),
  () => "Wrong#0000Abc",
);
bindOp(
  "bind: unknown user",
  (t) => `nobody@${dnsDomainLabel(t)}.com`,
  () => "Wrong#0000Abc",
);
bindOp(
  "bind: MSOL with an empty password (unauthenticated bind)",
  (t) => upn(t, users.msol),
  () => "",
);
bindOp(
  "bind: Administrator by DN",
  (t) => t.adminDn,
  (t) => t.adminPassword,
);
op("bind: alice while pwdLastSet=0 (must change password)", (t) =>
  asAdmin(t, async (a) => {
    const dn = userDn(t, users.alice);
    const pw = freshPassword(t, "Old");
    await a.setPassword(dn, pw);
    await a.replace(dn, "pwdLastSet", ["0"]);
    const c = connect(t.ldapsUrl);
    try {
      return await bind(c, upn(t, users.alice), pw);
    } finally {
      await close(c);
      await a.replace(dn, "pwdLastSet", ["-1"]);
    }
  }),
);

// ---------------------------------------------------------------------------------------------
// Searches and security-descriptor reads as MSOL over LDAPS.

async function asMsol<T>(t: ConformanceTarget, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await boundClient(t.ldapsUrl, upn(t, users.msol), users.msol.password);
  try {
    return await fn(c);
  } finally {
    await close(c);
  }
}
const pick = (e: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.filter((n) => e[n] !== undefined).map((n) => [n, e[n]]));

op("search: rootDSE", (t) =>
  asMsol(t, async (c) => {
    const { outcome, entries } = await search(c, "", {
      scope: "base",
      attributes: [
        "defaultNamingContext",
        "supportedLDAPVersion",
        "domainFunctionality",
        "forestFunctionality",
        "supportedControl",
      ],
    });
    const e = (entries[0] ?? {}) as Record<string, unknown>;
    const controls = ([] as string[]).concat((e.supportedControl as string[] | string | undefined) ?? []);
    outcome.data = {
      ...pick(e, [
        "defaultNamingContext",
        "supportedLDAPVersion",
        "domainFunctionality",
        "forestFunctionality",
      ]),
      supportsSdFlags: controls.includes("1.2.840.113556.1.4.801"),
      supportsPolicyHints: controls.includes(OID_POLICY_HINTS),
      supportsPolicyHintsDeprecated: controls.includes(OID_POLICY_HINTS_DEPRECATED),
    };
    return outcome;
  }),
);
const userAttrs = [
  "cn",
  "sAMAccountName",
  "userPrincipalName",
  "userAccountControl",
  "objectClass",
  "distinguishedName",
];
op("search: base read of alice", (t) =>
  asMsol(t, async (c) => {
    const { outcome, entries } = await search(c, userDn(t, users.alice), {
      scope: "base",
      attributes: userAttrs,
    });
    outcome.data = entries.map((e) => ({ dn: e.dn, ...pick(e, userAttrs) }));
    return outcome;
  }),
);
op("search: base read of MSOL", (t) =>
  asMsol(t, async (c) => {
    const { outcome, entries } = await search(c, userDn(t, users.msol), {
      scope: "base",
      attributes: userAttrs,
    });
    outcome.data = entries.map((e) => ({ dn: e.dn, ...pick(e, userAttrs) }));
    return outcome;
  }),
);
for (const filter of ["(sAMAccountName=alice)", "(samaccountname=ALICE)", "(userPrincipalName=alice@*)"]) {
  op(`search: subtree ${filter}`, (t) =>
    asMsol(t, async (c) => {
      const { outcome, entries } = await search(c, t.baseDn, { scope: "sub", filter, attributes: ["cn"] });
      outcome.data = entries.map((e) => e.dn).sort();
      return outcome;
    }),
  );
}
op("search: the users of OU=Staff (one level)", (t) =>
  asMsol(t, async (c) => {
    const { outcome, entries } = await search(c, dnOf(t, "OU=Staff"), {
      scope: "one",
      filter: "(objectClass=user)",
      attributes: ["cn"],
    });
    outcome.data = entries.map((e) => e.dn).sort();
    return outcome;
  }),
);
op("search: base on a DN that does not exist", (t) =>
  asMsol(t, async (c) => (await search(c, dnOf(t, "CN=nobody,OU=Staff"), { scope: "base" })).outcome),
);
op("search: unicodePwd and userPassword of alice are never returned", (t) =>
  asMsol(t, async (c) => {
    const { outcome, entries } = await search(c, userDn(t, users.alice), {
      scope: "base",
      attributes: ["unicodePwd", "userPassword", "cn"],
    });
    // ldapts lists every requested attribute; keep those the server actually sent values for.
    outcome.data = entries.map((e) =>
      Object.keys(e)
        .filter((k) => ([] as unknown[]).concat(e[k]).length > 0)
        .sort(),
    );
    return outcome;
  }),
);

/** Reads nTSecurityDescriptor as MSOL, optionally with SD flags, and summarises the SD. */
function sdRead(
  name: string,
  rdnPath: (t: ConformanceTarget) => string,
  flags: number | undefined,
  prep = noPrep,
) {
  op(name, (t) =>
    asAdmin(t, (a) =>
      prep(a, t, () =>
        asMsol(t, async (c) => {
          const { outcome, entries } = await search(
            c,
            rdnPath(t),
            {
              scope: "base",
              attributes: ["nTSecurityDescriptor"],
              explicitBufferAttributes: ["nTSecurityDescriptor"],
            },
            flags === undefined ? [] : [sdFlags(flags)],
          );
          const v = entries[0]?.nTSecurityDescriptor;
          if (!Buffer.isBuffer(v)) {
            outcome.data = { returned: false };
            return outcome;
          }
          const sd = decodeSd(v);
          outcome.data = {
            control: `0x${sd.control.toString(16)}`,
            owner: sd.hasOwner,
            group: sd.hasGroup,
            sacl: sd.hasSacl,
            dacl: sd.aces?.map(aceToText),
          };
          return outcome;
        }),
      ),
    ),
  );
}
sdRead("sd: alice DACL (SD flags 4), no grants", (t) => userDn(t, users.alice), 4);
sdRead(
  "sd: alice DACL (SD flags 4), all four grants on the root",
  (t) => userDn(t, users.alice),
  4,
  allGrants,
);
sdRead("sd: root DACL (SD flags 4), all four grants", (t) => t.baseDn, 4, allGrants);
sdRead("sd: alice owner+group+DACL (SD flags 7)", (t) => userDn(t, users.alice), 7);
sdRead("sd: alice with SACL requested (SD flags 15)", (t) => userDn(t, users.alice), 15);
sdRead("sd: alice without the SD flags control", (t) => userDn(t, users.alice), undefined);
sdRead("sd: carol DACL (SD flags 4), Domain Admins member", (t) => userDn(t, users.carol), 4);
sdRead("sd: AdminSDHolder DACL (SD flags 4)", (t) => dnOf(t, "CN=AdminSDHolder,CN=System"), 4);
op("sd: MSOL writes the root DACL (no rights)", (t) =>
  asAdmin(t, async (a) => {
    const d = await a.readDacl(t.baseDn);
    return asMsol(t, (c) =>
      modify(
        c,
        t.baseDn,
        [
          {
            operation: "replace",
            type: "nTSecurityDescriptor",
            // The unchanged DACL: what matters is whether MSOL may write it at all.
            values: [encodeDaclOnlySd(d.control, d.aces, d.aclRevision)],
          },
        ],
        [sdFlags(4)],
      ),
    );
  }),
);

// ---------------------------------------------------------------------------------------------
// Directory operations beyond passwords: anonymous access, controls, limits, access denials on
// add/delete/rename, schema errors, extended-DN bases and AD matching rules. None changes the DC.

/** What a rejected ldapts call said (add, del and modifyDN have no raw path in wire.ts). */
async function settle(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return { code: 0, message: "" };
  } catch (e) {
    return connectionFailure(e);
  }
}
const asAdministrator = async <T>(t: ConformanceTarget, fn: (c: Client) => Promise<T>): Promise<T> => {
  const c = await boundClient(t.ldapsUrl, t.adminDn, t.adminPassword);
  try {
    return await fn(c);
  } finally {
    await close(c);
  }
};
const newUser = (name: string) => ({
  objectClass: ["top", "person", "organizationalPerson", "user"],
  sAMAccountName: name,
});

op("dir: anonymous search of the domain root (LDAPS)", async (t) => {
  const c = connect(t.ldapsUrl);
  try {
    return (await search(c, t.baseDn, { scope: "base", attributes: ["cn"] })).outcome;
  } finally {
    await close(c);
  }
});
op("dir: anonymous rootDSE read (LDAPS)", async (t) => {
  const c = connect(t.ldapsUrl);
  try {
    const { outcome, entries } = await search(c, "", { scope: "base", attributes: ["defaultNamingContext"] });
    outcome.data = entries.map((e) => e.defaultNamingContext);
    return outcome;
  } finally {
    await close(c);
  }
});
op("dir: search with an unknown critical control", (t) =>
  asMsol(t, async (c) => {
    const unknown = new IntegerSequenceControl("1.2.3.4.5.6", 1, true);
    return (await search(c, t.baseDn, { scope: "base", attributes: ["cn"] }, [unknown])).outcome;
  }),
);
op("dir: MSOL writes alice's description (no write property)", (t) =>
  asMsol(t, (c) =>
    modify(c, userDn(t, users.alice), [{ operation: "replace", type: "description", values: ["x"] }]),
  ),
);
op("dir: alice writes her own pwdLastSet", (t) =>
  asAdmin(t, async (a) => {
    const dn = userDn(t, users.alice);
    const pw = freshPassword(t, "Old");
    await a.setPassword(dn, pw);
    const c = await boundClient(t.ldapsUrl, upn(t, users.alice), pw);
    try {
      return await modify(c, dn, [{ operation: "replace", type: "pwdLastSet", values: ["-1"] }]);
    } finally {
      await close(c);
    }
  }),
);
op("dir: Administrator modifies an attribute the schema does not know", (t) =>
  asAdministrator(t, (c) =>
    modify(c, userDn(t, users.alice), [{ operation: "replace", type: "fooBarBaz", values: ["x"] }]),
  ),
);
op("dir: Administrator adds an entry that exists", (t) =>
  asAdministrator(t, (c) => settle(c.add(userDn(t, users.alice), newUser("alice2")))),
);
op("dir: Administrator deletes a non-leaf OU", (t) =>
  asAdministrator(t, (c) => settle(c.del(dnOf(t, "OU=Staff")))),
);
op("dir: MSOL deletes bob (no delete rights)", (t) => asMsol(t, (c) => settle(c.del(userDn(t, users.bob)))));
op("dir: MSOL adds a user to OU=Staff (no create-child right)", (t) =>
  asMsol(t, (c) => settle(c.add(dnOf(t, "CN=zed,OU=Staff"), newUser("zed")))),
);
op("dir: MSOL renames bob (no write on name)", (t) =>
  asMsol(t, (c) => settle(c.modifyDN(userDn(t, users.bob), "CN=bobby"))),
);
op("dir: search base <SID=Domain Admins>", (t) =>
  asMsol(t, async (c) => {
    const { outcome, entries } = await search(c, `<SID=${t.domainSid}-512>`, {
      scope: "base",
      attributes: ["cn"],
    });
    outcome.data = entries.map((e) => e.cn);
    return outcome;
  }),
);
op("dir: search base <GUID=> that matches nothing", (t) =>
  asMsol(
    t,
    async (c) =>
      (await search(c, "<GUID=00000000-0000-0000-0000-000000000000>", { scope: "base", attributes: ["cn"] }))
        .outcome,
  ),
);
op("dir: bitwise AND filter (disabled accounts)", (t) =>
  asMsol(t, async (c) => {
    const filter = "(userAccountControl:1.2.840.113556.1.4.803:=2)";
    const { outcome, entries } = await search(c, t.baseDn, { scope: "sub", filter, attributes: ["cn"] });
    outcome.data = entries.map((e) => e.cn).sort();
    return outcome;
  }),
);
op("dir: in-chain filter (Domain Admins members, nested)", (t) =>
  asMsol(t, async (c) => {
    const filter = `(memberOf:1.2.840.113556.1.4.1941:=CN=Domain Admins,CN=Users,${t.baseDn})`;
    const { outcome, entries } = await search(c, t.baseDn, { scope: "sub", filter, attributes: ["cn"] });
    outcome.data = entries.map((e) => e.cn).sort();
    return outcome;
  }),
);
op("dir: MSOL reads alice's account attributes", (t) =>
  asMsol(t, async (c) => {
    const attributes = [
      "lockoutTime",
      "badPwdCount",
      "adminCount",
      "primaryGroupID",
      "sAMAccountType",
      "instanceType",
      "objectCategory",
    ];
    const { outcome, entries } = await search(c, userDn(t, users.alice), { scope: "base", attributes });
    const e = (entries[0] ?? {}) as Record<string, unknown>;
    // ldapts lists every requested attribute; keep those the server sent values for.
    outcome.data = Object.fromEntries(
      attributes.filter((a) => ([] as unknown[]).concat(e[a] ?? []).length > 0).map((a) => [a, e[a]]),
    );
    return outcome;
  }),
);
op("dir: MSOL reads carol's memberOf", (t) =>
  asMsol(t, async (c) => {
    const { outcome, entries } = await search(c, userDn(t, users.carol), {
      scope: "base",
      attributes: ["memberOf"],
    });
    outcome.data = entries.map((e) => e.memberOf);
    return outcome;
  }),
);
