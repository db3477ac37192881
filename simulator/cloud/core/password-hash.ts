/**
 * Cloud password storage: salted scrypt hashes, never the clear text. The salt is crypto-random (the
 * one place randomness is allowed besides keys). The cost is low on purpose (N=2^10): this is a
 * simulator, and a reset round trip must stay within a few ms.
 */
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

export interface PasswordHash {
  algorithm: "scrypt";
  n: number;
  salt: string;
  hash: string;
}

const N = 1024;
const KEY_LEN = 32;

export function hashPassword(password: string): PasswordHash {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize("NFC"), salt, KEY_LEN, { N });
  return { algorithm: "scrypt", n: N, salt: salt.toString("base64"), hash: hash.toString("base64") };
}

export function verifyPassword(password: string, stored: PasswordHash | undefined): boolean {
  if (!stored) return false;
  const salt = Buffer.from(stored.salt, "base64");
  const expected = Buffer.from(stored.hash, "base64");
  const actual = scryptSync(password.normalize("NFC"), salt, expected.length, { N: stored.n });
  return timingSafeEqual(actual, expected);
}
