/**
 * Classifies the changes of ONE LDAP modify request that touch unicodePwd (or userPassword) into a reset, a
 * change, or a malformed request, the way each DC personality does.
 *
 * Windows (MS-ADTS 3.1.1.3.1.5.1/.2): "a delete operation containing a value Vdel ... followed by an add
 * operation containing a value Vadd" is a change; "a single replace operation containing a value Vrep" is a
 * reset (administrative set). Everything else is refused. unicodePwd is single-valued, so a replace with two
 * values is a single-value violation there ("multipleValues").
 *
 * Samba 4.17 (source4/dsdb/samdb/ldb_modules/password_hash.c, password_hash_modify + setup_io +
 * msg_find_old_and_new_pwd_val; recorded answers in samba-observations.md §5 E7): the checks run in this
 * order and the first failing one decides:
 *   1. per element: add with != 1 value → 19; delete with > 1 value → 19
 *   2. adds but no delete → 53 "Only the add action for a password change specified!"
 *   3. more than one delete or more than one add → 53
 *   4. replace mixed with delete/add → 53
 *   5. replace without values → 53
 *   6. new value not a quoted UTF-16LE string → 53 "…not allowed to set the NT hash password directly'"
 *      (19 when an old value was given, i.e. a change)
 *   7. old value not a quoted UTF-16LE string → 53 (same text)
 *   8. no new value at all (delete only) → 53 "…It's not possible to delete the password…" (19 for userPassword)
 *   9. an old value present → change; otherwise reset. A replace with several values takes the LAST one
 *      (observed: the second value became the password). A delete with no value plus an add is a reset.
 * `rule` names each of these so the personality's error catalogue can pick the exact code and text; `reason`
 * is the coarse, personality-neutral classification from the contract. Detail strings never contain a password.
 */
import type { PasswordFlavour } from "./policy.ts";
import { type DecodedPasswordValue, decodePasswordValue } from "./unicode-pwd.ts";

export type PasswordModifyChange = {
  operation: "add" | "delete" | "replace" | "increment";
  values: Buffer[];
};

export type MalformedReason =
  | "addWithoutDelete"
  | "deleteWithoutAdd"
  | "badValue"
  | "multipleValues"
  | "badOperation"
  | "notQuoted"
  | "notUtf16le";

/** Which rule refused the request (see the numbered list above); the personality maps it to its code/text. */
export type MalformedRule =
  | "incrementOperation" // increment on a password attribute
  | "addValueCount" // Samba 1: add with 0 or >1 values
  | "deleteValueCount" // Samba 1: delete with >1 values; Windows: delete with != 1 value
  | "addOnly" // Samba 2
  | "tooManyActions" // Samba 3: more than one delete or add
  | "changeAndSet" // Samba 4: replace together with delete/add
  | "replaceWithoutValue" // Samba 5
  | "replaceValueCount" // Windows: replace with > 1 values (single-valued attribute)
  | "addBeforeDelete" // Windows: add precedes the delete
  | "newValueEncoding" // Samba 6 on a reset
  | "newValueEncodingInChange" // Samba 6 on a change (19 instead of 53)
  | "oldValueEncoding" // Samba 7
  | "deleteOnly"; // Samba 8

export type PasswordOperation =
  | { kind: "reset"; newPassword: string }
  | { kind: "change"; oldPassword: string; newPassword: string }
  | { kind: "malformed"; reason: MalformedReason; detail: string; rule: MalformedRule };

export interface ClassifyOptions {
  /** Default "windows". */
  flavour?: PasswordFlavour;
}

type Attr = "unicodePwd" | "userPassword" | "clearTextPassword";

function malformed(reason: MalformedReason, rule: MalformedRule, detail: string): PasswordOperation {
  return { kind: "malformed", reason, rule, detail };
}

function decode(attribute: Attr, value: Buffer): DecodedPasswordValue {
  return decodePasswordValue(attribute, value);
}

/** Maps a decoding failure onto the malformed reasons ("empty" is a bad value). */
function encodingReason(d: Extract<DecodedPasswordValue, { ok: false }>): MalformedReason {
  return d.reason === "empty" ? "badValue" : d.reason;
}

export function classifyPasswordModify(
  changes: PasswordModifyChange[],
  attribute: Attr,
  options: ClassifyOptions = {},
): PasswordOperation {
  if (changes.some((c) => c.operation === "increment")) {
    return malformed("badOperation", "incrementOperation", `increment is not allowed on ${attribute}`);
  }
  return (options.flavour ?? "windows") === "samba"
    ? classifySamba(changes, attribute)
    : classifyWindows(changes, attribute);
}

function classifyWindows(changes: PasswordModifyChange[], attribute: Attr): PasswordOperation {
  const replaces = changes.filter((c) => c.operation === "replace");
  const deletes = changes.filter((c) => c.operation === "delete");
  const adds = changes.filter((c) => c.operation === "add");

  if (replaces.length > 0) {
    if (replaces.length > 1 || deletes.length > 0 || adds.length > 0) {
      return malformed(
        "badOperation",
        "changeAndSet",
        `${attribute}: a reset must be a single replace operation`,
      );
    }
    const values = replaces[0].values;
    if (values.length === 0) {
      return malformed("badValue", "replaceWithoutValue", `${attribute}: replace without a value`);
    }
    if (values.length > 1) {
      return malformed(
        "multipleValues",
        "replaceValueCount",
        `${attribute}: replace with ${values.length} values`,
      );
    }
    const d = decode(attribute, values[0]);
    if (!d.ok)
      return malformed(encodingReason(d), "newValueEncoding", `${attribute}: new value is ${d.reason}`);
    return { kind: "reset", newPassword: d.password };
  }

  if (deletes.length === 0 && adds.length > 0) {
    return malformed("addWithoutDelete", "addOnly", `${attribute}: add without a preceding delete`);
  }
  if (adds.length === 0) {
    return malformed("deleteWithoutAdd", "deleteOnly", `${attribute}: delete without an add`);
  }
  if (deletes.length > 1 || adds.length > 1) {
    return malformed(
      "badOperation",
      "tooManyActions",
      `${attribute}: only one delete and one add are allowed`,
    );
  }
  if (changes.indexOf(adds[0]) < changes.indexOf(deletes[0])) {
    return malformed("badOperation", "addBeforeDelete", `${attribute}: the delete must precede the add`);
  }
  const del = deletes[0].values;
  const add = adds[0].values;
  if (del.length !== 1) {
    return malformed(
      del.length === 0 ? "badValue" : "multipleValues",
      "deleteValueCount",
      `${attribute}: delete with ${del.length} values`,
    );
  }
  if (add.length !== 1) {
    return malformed(
      add.length === 0 ? "badValue" : "multipleValues",
      "addValueCount",
      `${attribute}: add with ${add.length} values`,
    );
  }
  const oldD = decode(attribute, del[0]);
  if (!oldD.ok)
    return malformed(encodingReason(oldD), "oldValueEncoding", `${attribute}: old value is ${oldD.reason}`);
  const newD = decode(attribute, add[0]);
  if (!newD.ok) {
    return malformed(
      encodingReason(newD),
      "newValueEncodingInChange",
      `${attribute}: new value is ${newD.reason}`,
    );
  }
  return { kind: "change", oldPassword: oldD.password, newPassword: newD.password };
}

function classifySamba(changes: PasswordModifyChange[], attribute: Attr): PasswordOperation {
  // 1. Per-element value counts, in element order (password_hash_modify).
  let dels = 0;
  let addsN = 0;
  let reps = 0;
  for (const c of changes) {
    if (c.operation === "add") {
      addsN++;
      if (c.values.length !== 1) {
        return malformed(
          c.values.length === 0 ? "badValue" : "multipleValues",
          "addValueCount",
          `${attribute}: add with ${c.values.length} values`,
        );
      }
    } else if (c.operation === "delete") {
      dels++;
      if (c.values.length > 1) {
        return malformed(
          "multipleValues",
          "deleteValueCount",
          `${attribute}: delete with ${c.values.length} values`,
        );
      }
    } else if (c.operation === "replace") {
      reps++;
    }
  }
  // 2-4.
  if (dels === 0 && addsN > 0) {
    return malformed("addWithoutDelete", "addOnly", `${attribute}: add without a delete`);
  }
  if (dels > 1 || addsN > 1) {
    return malformed(
      "badOperation",
      "tooManyActions",
      `${attribute}: only one delete and one add are allowed`,
    );
  }
  if (reps > 0 && (dels > 0 || addsN > 0)) {
    return malformed("badOperation", "changeAndSet", `${attribute}: replace mixed with delete/add`);
  }
  // 5. msg_find_old_and_new_pwd_val: the new value is the last value of the last add/replace element.
  let newValue: Buffer | null = null;
  let oldValue: Buffer | null = null;
  for (const c of changes) {
    if (c.operation === "delete") {
      if (c.values.length === 1) oldValue = c.values[0];
    } else if (c.operation === "replace") {
      if (c.values.length === 0) {
        return malformed("badValue", "replaceWithoutValue", `${attribute}: replace without a value`);
      }
      newValue = c.values[c.values.length - 1];
    } else {
      newValue = c.values[c.values.length - 1];
    }
  }
  // 6-7. Encoding of the new, then the old value.
  let newPassword: string | null = null;
  if (newValue !== null) {
    const d = decode(attribute, newValue);
    if (!d.ok) {
      return malformed(
        encodingReason(d),
        oldValue === null ? "newValueEncoding" : "newValueEncodingInChange",
        `${attribute}: new value is ${d.reason}`,
      );
    }
    newPassword = d.password;
  }
  let oldPassword: string | null = null;
  if (oldValue !== null) {
    const d = decode(attribute, oldValue);
    if (!d.ok)
      return malformed(encodingReason(d), "oldValueEncoding", `${attribute}: old value is ${d.reason}`);
    oldPassword = d.password;
  }
  // 8.
  if (newPassword === null) {
    return malformed("deleteWithoutAdd", "deleteOnly", `${attribute}: delete without an add`);
  }
  // 9.
  if (oldPassword !== null) return { kind: "change", oldPassword, newPassword };
  return { kind: "reset", newPassword };
}

/**
 * Which control access right a password modify needs before any of the checks above (the access check runs
 * first on both DCs: samba-observations.md §6 E7 "access is checked before policy").
 * Samba (source4/dsdb/samdb/ldb_modules/acl.c, acl_check_password_rights): replace → Reset Password;
 * unequal numbers of add and delete elements → Reset Password; one add value + one delete value → Change
 * Password, and a denial is reported as constraintViolation (19), not 50 (observed E5/E5c); one add value and
 * an empty delete → Reset Password, denial also 19; a delete alone needs nothing here (it fails later).
 * Windows (MS-ADTS 3.1.1.3.1.5.1): a change needs User-Change-Password, a reset User-Force-Change-Password.
 */
export type PasswordRight = "reset" | "change" | "none";

export function requiredPasswordRight(
  changes: PasswordModifyChange[],
  options: ClassifyOptions = {},
): { right: PasswordRight; denialIsConstraintViolation: boolean } {
  let dels = 0;
  let addsN = 0;
  let reps = 0;
  let delValues = 0;
  let addValues = 0;
  for (const c of changes) {
    if (c.operation === "delete") {
      dels++;
      delValues += c.values.length;
    } else if (c.operation === "add") {
      addsN++;
      addValues += c.values.length;
    } else if (c.operation === "replace") {
      reps++;
    }
  }
  if ((options.flavour ?? "windows") === "windows") {
    if (reps > 0) return { right: "reset", denialIsConstraintViolation: false };
    if (dels > 0 && addsN > 0) return { right: "change", denialIsConstraintViolation: false };
    return { right: "none", denialIsConstraintViolation: false };
  }
  if (dels > 0 && addsN === 0 && reps === 0) return { right: "none", denialIsConstraintViolation: false };
  if (reps > 0) return { right: "reset", denialIsConstraintViolation: false };
  if (addsN !== dels) return { right: "reset", denialIsConstraintViolation: false };
  if (addValues === 1 && delValues === 1) return { right: "change", denialIsConstraintViolation: true };
  if (addValues === 1 && delValues === 0) return { right: "reset", denialIsConstraintViolation: true };
  return { right: "none", denialIsConstraintViolation: false };
}
