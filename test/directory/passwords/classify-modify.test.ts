import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyPasswordModify,
  encodeUnicodePwd,
  type PasswordModifyChange,
  type PasswordOperation,
  requiredPasswordRight,
} from "../../../simulator/directory/passwords/index.ts";

const q = encodeUnicodePwd;
const u8 = (s: string) => Buffer.from(s, "utf8");
const del = (...values: Buffer[]): PasswordModifyChange => ({ operation: "delete", values });
const add = (...values: Buffer[]): PasswordModifyChange => ({ operation: "add", values });
const rep = (...values: Buffer[]): PasswordModifyChange => ({ operation: "replace", values });
const inc = (...values: Buffer[]): PasswordModifyChange => ({ operation: "increment", values });

type Expect =
  | { kind: "reset"; newPassword: string }
  | { kind: "change"; oldPassword: string; newPassword: string }
  | { kind: "malformed"; reason: string; rule: string };

function shape(op: PasswordOperation): Expect {
  return op.kind === "malformed" ? { kind: "malformed", reason: op.reason, rule: op.rule } : op;
}

// Rows shared by both personalities.
const common: [string, PasswordModifyChange[], Expect][] = [
  [
    "(a) reset: one replace, one value",
    [rep(q("New#0001Abc"))],
    { kind: "reset", newPassword: "New#0001Abc" },
  ],
  [
    "(b) change: delete old + add new",
    [del(q("Old#0001Abc")), add(q("Chg#0002Abc"))],
    { kind: "change", oldPassword: "Old#0001Abc", newPassword: "Chg#0002Abc" },
  ],
  // samba-observations.md E7 rows
  [
    "E7 reset, value without the surrounding quotes",
    [rep(Buffer.from("NoQuotes#1Abc", "utf16le"))],
    { kind: "malformed", reason: "notQuoted", rule: "newValueEncoding" },
  ],
  [
    "E7 reset, value UTF-8 instead of UTF-16LE",
    [rep(u8('"Utf8Enc#1Abc"'))],
    { kind: "malformed", reason: "notUtf16le", rule: "newValueEncoding" },
  ],
  [
    "E7 add unicodePwd only (no delete)",
    [add(q("Fresh#0083Abc"))],
    { kind: "malformed", reason: "addWithoutDelete", rule: "addOnly" },
  ],
  [
    "E7 delete unicodePwd only (old value, no add)",
    [del(q("Old#0084Abc"))],
    { kind: "malformed", reason: "deleteWithoutAdd", rule: "deleteOnly" },
  ],
  [
    "replace without a value",
    [rep()],
    { kind: "malformed", reason: "badValue", rule: "replaceWithoutValue" },
  ],
  [
    "two replaces mixed with a delete",
    [rep(q("A#1aaaaa")), del(q("B#1bbbbb"))],
    { kind: "malformed", reason: "badOperation", rule: "changeAndSet" },
  ],
  [
    "two deletes and two adds",
    [del(q("a")), add(q("b")), del(q("c")), add(q("d"))],
    { kind: "malformed", reason: "badOperation", rule: "tooManyActions" },
  ],
  [
    "add with two values",
    [del(q("Old#1")), add(q("x"), q("y"))],
    { kind: "malformed", reason: "multipleValues", rule: "addValueCount" },
  ],
  [
    "add with no value",
    [del(q("Old#1")), add()],
    { kind: "malformed", reason: "badValue", rule: "addValueCount" },
  ],
  [
    "delete with two values",
    [del(q("a"), q("b")), add(q("c"))],
    { kind: "malformed", reason: "multipleValues", rule: "deleteValueCount" },
  ],
  [
    "change whose new value is UTF-8",
    [del(q("Old#1Abcde")), add(u8('"New#1Abcde"'))],
    { kind: "malformed", reason: "notUtf16le", rule: "newValueEncodingInChange" },
  ],
  [
    "change whose old value is unquoted",
    [del(Buffer.from("Old#1Abcde", "utf16le")), add(q("New#1Abcde"))],
    { kind: "malformed", reason: "notQuoted", rule: "oldValueEncoding" },
  ],
  ["increment", [inc(q("x"))], { kind: "malformed", reason: "badOperation", rule: "incrementOperation" }],
  [
    "an empty value",
    [rep(Buffer.alloc(0))],
    { kind: "malformed", reason: "badValue", rule: "newValueEncoding" },
  ],
];

describe("classifyPasswordModify, Samba 4.17 (password_hash.c order, samba-observations.md E7)", () => {
  const samba: [string, PasswordModifyChange[], Expect][] = [
    ...common,
    // E7: "replace unicodePwd with two values" → 0 and the SECOND value became the password
    [
      "E7 reset with two values: the last one wins",
      [rep(q("Two#0081Abc"), q("Two#0082Abc"))],
      { kind: "reset", newPassword: "Two#0082Abc" },
    ],
    // Samba does not look at the order of delete and add
    [
      "add before delete is still a change",
      [add(q("New#1Abcde")), del(q("Old#1Abcde"))],
      { kind: "change", oldPassword: "Old#1Abcde", newPassword: "New#1Abcde" },
    ],
    // delete without a value + add: no old password given → a reset (setup_io; acl.c needs Reset Password)
    [
      "empty delete + add is a reset",
      [del(), add(q("New#1Abcde"))],
      { kind: "reset", newPassword: "New#1Abcde" },
    ],
    [
      "a delete without any value",
      [del()],
      { kind: "malformed", reason: "deleteWithoutAdd", rule: "deleteOnly" },
    ],
    // the per-element value count check comes before the "add only" check
    [
      "add-only with two values",
      [add(q("a"), q("b"))],
      { kind: "malformed", reason: "multipleValues", rule: "addValueCount" },
    ],
    // the new value's encoding is checked before the old one's
    [
      "both values badly encoded: the new value is reported",
      [del(u8('"Old#1"')), add(u8('"New#1"'))],
      { kind: "malformed", reason: "notUtf16le", rule: "newValueEncodingInChange" },
    ],
  ];
  it.each(samba)("%s", (_name, changes, expected) => {
    expect(shape(classifyPasswordModify(changes, "unicodePwd", { flavour: "samba" }))).toEqual(expected);
  });
});

describe("classifyPasswordModify, Windows (MS-ADTS 3.1.1.3.1.5.1)", () => {
  const windows: [string, PasswordModifyChange[], Expect][] = [
    ...common,
    [
      "reset with two values violates the single-valued attribute",
      [rep(q("Two#0081Abc"), q("Two#0082Abc"))],
      { kind: "malformed", reason: "multipleValues", rule: "replaceValueCount" },
    ],
    [
      "the delete must precede the add",
      [add(q("New#1Abcde")), del(q("Old#1Abcde"))],
      { kind: "malformed", reason: "badOperation", rule: "addBeforeDelete" },
    ],
    [
      "empty delete + add",
      [del(), add(q("New#1Abcde"))],
      { kind: "malformed", reason: "badValue", rule: "deleteValueCount" },
    ],
  ];
  it.each(windows)("%s", (_name, changes, expected) => {
    expect(shape(classifyPasswordModify(changes, "unicodePwd"))).toEqual(expected);
  });
});

describe("classifyPasswordModify on userPassword (MS-ADTS 3.1.1.3.1.5.2)", () => {
  it.each(["windows", "samba"] as const)("%s: plain UTF-8 values, same structure rules", (flavour) => {
    expect(classifyPasswordModify([rep(u8("Plain#1Abc"))], "userPassword", { flavour })).toEqual({
      kind: "reset",
      newPassword: "Plain#1Abc",
    });
    expect(
      classifyPasswordModify([del(u8("Old#1Abc")), add(u8("New#1Abc"))], "userPassword", { flavour }),
    ).toEqual({
      kind: "change",
      oldPassword: "Old#1Abc",
      newPassword: "New#1Abc",
    });
    expect(shape(classifyPasswordModify([add(u8("New#1Abc"))], "userPassword", { flavour }))).toMatchObject({
      reason: "addWithoutDelete",
    });
  });
});

describe("malformed details never contain a password", () => {
  const secret = "TopSecret#123";
  const cases: PasswordModifyChange[][] = [
    [rep(u8(`"${secret}"`))],
    [rep(Buffer.from(secret, "utf16le"))],
    [add(q(secret))],
    [del(q(secret))],
    [rep(q(secret), q(secret))],
    [del(q(secret)), add(u8(secret))],
    [del(q(secret), q(secret)), add(q(secret))],
  ];
  it.each(["windows", "samba"] as const)("%s", (flavour) => {
    for (const changes of cases) {
      const op = classifyPasswordModify(changes, "unicodePwd", { flavour });
      if (op.kind === "malformed") expect(op.detail).not.toContain("TopSecret");
    }
  });
});

describe("requiredPasswordRight (which right the access check needs first)", () => {
  const rows: [string, PasswordModifyChange[], string, boolean, string, boolean][] = [
    // name, changes, samba right, samba 19-on-denial, windows right, windows 19-on-denial
    ["replace", [rep(q("a"))], "reset", false, "reset", false],
    ["delete + add", [del(q("a")), add(q("b"))], "change", true, "change", false],
    ["add only", [add(q("a"))], "reset", false, "none", false],
    ["delete only", [del(q("a"))], "none", false, "none", false],
    ["empty delete + add", [del(), add(q("a"))], "reset", true, "change", false],
  ];
  it.each(rows)("%s", (_name, changes, sRight, s19, wRight, w19) => {
    expect(requiredPasswordRight(changes, { flavour: "samba" })).toEqual({
      right: sRight,
      denialIsConstraintViolation: s19,
    });
    expect(requiredPasswordRight(changes)).toEqual({ right: wRight, denialIsConstraintViolation: w19 });
  });
});

describe("classification properties", () => {
  const password = fc.string({ unit: "binary", maxLength: 30 }).filter((s) => !/\p{Cs}/u.test(s));
  it.each(["windows", "samba"] as const)(
    "%s: replace(one value) is a reset, delete+add is a change",
    (flavour) => {
      fc.assert(
        fc.property(password, password, (a, b) => {
          expect(classifyPasswordModify([rep(q(a))], "unicodePwd", { flavour })).toEqual({
            kind: "reset",
            newPassword: a,
          });
          expect(classifyPasswordModify([del(q(a)), add(q(b))], "unicodePwd", { flavour })).toEqual({
            kind: "change",
            oldPassword: a,
            newPassword: b,
          });
        }),
      );
    },
  );
});
