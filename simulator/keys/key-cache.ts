/**
 * Lab key material kept between runs: the default LDAPS certificate and the token-signing key. A
 * 2048-bit RSA key takes 0.1–1 s to generate, and every `wbsim run`, every test process and every
 * `wbsim serve` needed two; reading them back takes well under a millisecond.
 *
 * Where: $WBSIM_KEY_CACHE_DIR, else $XDG_CACHE_HOME/writeback-sim, else ~/.cache/writeback-sim;
 * WBSIM_KEY_CACHE_DIR=off keeps everything in memory. Files are written 0600 (directory 0700) and
 * atomically (a temporary file renamed into place), so concurrent processes never read half a key.
 * A file that is missing, unreadable or refused by `valid` is regenerated; a cache that cannot be
 * written is ignored. These keys protect nothing real: clients of the fake DC do not verify its
 * certificate, and the tokens are only accepted by this simulator.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

function cacheDir(): string | undefined {
  const configured = process.env.WBSIM_KEY_CACHE_DIR;
  if (configured === "off") return undefined;
  if (configured) return configured;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "writeback-sim");
}

/**
 * The material stored under `name` (a file name that changes whenever `make`'s parameters change),
 * or a fresh one from `make`, stored for the next run.
 */
export async function cachedKeyMaterial<T>(
  name: string,
  make: () => Promise<T>,
  valid: (material: T) => boolean,
): Promise<T> {
  const dir = cacheDir();
  const file = dir && join(dir, `${name}.json`);
  if (file) {
    try {
      const stored = JSON.parse(readFileSync(file, "utf8")) as T;
      if (valid(stored)) return stored;
    } catch {
      // missing or damaged: make a new one below
    }
  }
  const material = await make();
  if (dir && file) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(material), { mode: 0o600 });
      renameSync(temporary, file);
    } catch {
      // a read-only home or a full disk costs the next run a new key, nothing more
    }
  }
  return material;
}
