/**
 * Stored password form: a salted HMAC-SHA-256 of the password's UTF-16LE bytes (the encoding AD hashes,
 * MS-ADTS 3.1.1.3.1.5.1). Never the plaintext, nothing reversible. HMAC rather than a slow KDF on purpose:
 * the scale benchmark builds 100,000 users in a few seconds, and this is a simulator, not a vault.
 * Salts come from crypto randomness (keys and salts are the exception to the seeded-ids rule).
 */
import { createHmac, randomFillSync, timingSafeEqual } from "node:crypto";

export interface PasswordHash {
  alg: string;
  salt: string;
  hash: string;
}

export const HASH_ALG = "hmac-sha256-utf16le";
const SALT_BYTES = 16;

// randomFillSync per call costs a syscall-ish round trip; drawing salts from a refilled pool is several
// times cheaper and just as random.
const POOL_SIZE = SALT_BYTES * 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

function nextSalt(): Buffer {
  if (poolOffset + SALT_BYTES > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const salt = Buffer.from(pool.subarray(poolOffset, poolOffset + SALT_BYTES));
  poolOffset += SALT_BYTES;
  return salt;
}

function digest(password: string, salt: Buffer): Buffer {
  return createHmac("sha256", salt).update(password, "utf16le").digest();
}

export function hashPassword(password: string): PasswordHash {
  const salt = nextSalt();
  return Object.freeze({
    alg: HASH_ALG,
    salt: salt.toString("base64"),
    hash: digest(password, salt).toString("base64"),
  });
}

/**
 * Decoded salt/hash bytes per stored object, so repeated binds skip the base64 decoding. Stored hashes are
 * treated as immutable values (hashPassword freezes them); a new password always means a new object.
 */
const decoded = new WeakMap<PasswordHash, { salt: Buffer; hash: Buffer }>();

function bytesOf(stored: PasswordHash): { salt: Buffer; hash: Buffer } {
  let d = decoded.get(stored);
  if (d === undefined) {
    d = { salt: Buffer.from(stored.salt, "base64"), hash: Buffer.from(stored.hash, "base64") };
    decoded.set(stored, d);
  }
  return d;
}

/** Constant-time comparison of the recomputed HMAC with the stored one. Unknown algorithms never match. */
export function verifyPassword(password: string, stored: PasswordHash): boolean {
  if (stored === null || typeof stored !== "object" || stored.alg !== HASH_ALG) return false;
  const { salt, hash } = bytesOf(stored);
  const candidate = digest(password, salt);
  if (candidate.length !== hash.length) return false;
  return timingSafeEqual(candidate, hash);
}
