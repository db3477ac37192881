import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HASH_ALG, hashPassword, verifyPassword } from "../../../simulator/directory/passwords/index.ts";

describe("hashPassword / verifyPassword", () => {
  it("stores a salted hash, never the password", () => {
    const h = hashPassword("Secret#2024");
    expect(h.alg).toBe(HASH_ALG);
    expect(JSON.stringify(h)).not.toContain("Secret");
    expect(Buffer.from(h.salt, "base64")).toHaveLength(16);
    expect(Buffer.from(h.hash, "base64")).toHaveLength(32);
  });

  it("salts: the same password hashes differently each time", () => {
    const a = hashPassword("Same#Pass1");
    const b = hashPassword("Same#Pass1");
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(verifyPassword("Same#Pass1", a)).toBe(true);
    expect(verifyPassword("Same#Pass1", b)).toBe(true);
  });

  it.each([
    ["case differs", "Passw0rd!", "passw0rd!"],
    ["trailing space", "Passw0rd!", "Passw0rd! "],
    ["empty vs non-empty", "", "x"],
    ["unicode normalisation is not applied", "café", "cafe\u0301"],
  ])("rejects a different password (%s)", (_name, stored, tried) => {
    expect(verifyPassword(tried, hashPassword(stored))).toBe(false);
  });

  it("rejects unknown algorithms and tampered hashes", () => {
    const h = hashPassword("Passw0rd!");
    expect(verifyPassword("Passw0rd!", { ...h, alg: "md4" })).toBe(false);
    const bytes = Buffer.from(h.hash, "base64");
    bytes[0] ^= 1;
    expect(verifyPassword("Passw0rd!", { ...h, hash: bytes.toString("base64") })).toBe(false);
    expect(verifyPassword("Passw0rd!", { ...h, hash: "" })).toBe(false);
  });

  it("property: verify is true for the same password and false for a different one", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: "binary", maxLength: 40 }),
        (a, b) => {
          const h = hashPassword(a);
          expect(verifyPassword(a, h)).toBe(true);
          if (a !== b) expect(verifyPassword(b, h)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
