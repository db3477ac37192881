import { describe, expect, it } from "vitest";
import {
  checkComplexity,
  complexityCategories,
  displayNameTokens,
} from "../../../simulator/directory/passwords/index.ts";

describe("complexity categories (Windows 'Password must meet complexity requirements')", () => {
  it.each([
    ["ASCII upper", "ABC", ["upper"]],
    ["ASCII lower", "abc", ["lower"]],
    ["digits", "123", ["digit"]],
    ["every listed non-alphanumeric", "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/", ["nonAlphanumeric"]],
    ["space belongs to no category", "   ", []],
    ["European uppercase with diacritics, Greek, Cyrillic", "ÉΩЖ", ["upper"]],
    ["European lowercase with diacritics, Greek, Cyrillic", "éωж", ["lower"]],
    ["CJK ideographs are alphabetic without case", "漢字", ["otherAlphabetic"]],
    ["Hiragana", "ひらがな", ["otherAlphabetic"]],
    ["currency symbols do not count (Windows)", "€£", []],
    ["non-ASCII digits are not base-10 digits", "٣", []],
    ["all five", "Aa1!字", ["digit", "lower", "nonAlphanumeric", "otherAlphabetic", "upper"]],
  ])("%s", (_name, password, expected) => {
    expect([...complexityCategories(password)].sort()).toEqual([...expected].sort());
  });

  it("Samba counts every non-ASCII caseless character in the fifth category (genrand_util.c)", () => {
    expect([...complexityCategories("€", "samba")]).toEqual(["otherAlphabetic"]);
    expect([...complexityCategories("漢", "samba")]).toEqual(["otherAlphabetic"]);
    expect([...complexityCategories("É", "samba")]).toEqual(["upper"]);
  });
});

describe("displayNameTokens", () => {
  it.each([
    ["Erin M. Hagens", ["Erin", "Hagens"]],
    ["smith,john_q-public#x\ty", ["smith", "john", "public"]],
    ["", []],
    ["Al Bo", []],
  ])("%j", (displayName, tokens) => {
    expect(displayNameTokens(displayName)).toEqual(tokens);
  });
  it("undefined has no tokens", () => expect(displayNameTokens(undefined)).toEqual([]));
});

describe("checkComplexity", () => {
  it.each([
    ["three categories pass", "Passw0rd", "alice", undefined, null],
    ["two categories fail", "password1", "alice", undefined, "tooFewCategories"],
    ["contains the sAMAccountName, any case", "xALICE#1a", "alice", undefined, "containsAccountName"],
    ["sAMAccountName shorter than 3 is not checked", "Ab#1cdef", "ab", undefined, null],
    ["sAMAccountName of exactly 3 is checked", "Bob#1cdef", "bob", undefined, "containsAccountName"],
    ["contains a displayName token", "hagens#1A", "ehagens", "Erin M. Hagens", "containsDisplayNameToken"],
    ["short tokens are ignored", "M.#1Abcd", "ehagens", "Erin M. Hagens", null],
    ["tokens are case-insensitive", "xERIN#1a", "ehagens", "Erin M. Hagens", "containsDisplayNameToken"],
    ["a Unicode letter can be the third category", "abc漢字123", "alice", undefined, null],
    ["name checks come before categories", "alice", "alice", undefined, "containsAccountName"],
  ])("%s", (_name, password, sam, display, expected) => {
    expect(checkComplexity(password, sam, display)).toBe(expected);
  });

  it("Samba 4.17 does not reject the account name (samba-observations.md E7: alice#1234ABC accepted)", () => {
    expect(checkComplexity("alice#1234ABC", "alice", undefined, "samba")).toBeNull();
    expect(checkComplexity("alice#1234ABC", "alice", undefined, "windows")).toBe("containsAccountName");
  });
});
