/**
 * Password module throughput: hashPassword and verifyPassword against a plain SHA-256 of the same UTF-16LE
 * bytes measured in the same run, the implied time to hash a 100,000-user world (the scale benchmark builds
 * one in <= 5 s, so hashing should take well under 1 s of it), and a change's full policy check with a
 * 24-entry history (24 HMACs).
 */
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import {
  checkPasswordPolicy,
  hashPassword,
  nextHistory,
  type PasswordHash,
  verifyPassword,
  WINDOWS_DEFAULT_POLICY,
} from "../simulator/directory/passwords/index.ts";
import { type Figure, opsPerSecond, printFigures } from "./lib.ts";

export async function run(): Promise<void> {
  const pw = "Bench#Passw0rd!";
  let i = 0;

  const sha256 = opsPerSecond(() => {
    createHash("sha256").update(pw, "utf16le").digest();
  });
  const hashOps = opsPerSecond(() => {
    hashPassword(pw + (i++ & 7));
  });
  const stored = hashPassword(pw);
  const verifyOps = opsPerSecond(() => {
    verifyPassword(pw, stored);
  });
  // Same, but a fresh stored object each time, so the decoded-bytes memo never hits.
  const copies: PasswordHash[] = Array.from({ length: 4096 }, () => ({ ...stored }));
  let c = 0;
  const verifyColdOps = opsPerSecond(() => {
    verifyPassword(pw, copies[c++ & 4095]);
    if ((c & 4095) === 0) for (let k = 0; k < copies.length; k++) copies[k] = { ...stored };
  });

  const t = performance.now();
  for (let n = 0; n < 100_000; n++) hashPassword(`User${n}#Passw0rd`);
  const world100kMs = performance.now() - t;

  let history: PasswordHash[] = [];
  for (let n = 0; n < 24; n++)
    history = nextHistory(history, hashPassword(`Old#${n}Abcdef`), WINDOWS_DEFAULT_POLICY);
  const policyOps = opsPerSecond(() => {
    checkPasswordPolicy("Fresh#Passw0rd1", {
      policy: WINDOWS_DEFAULT_POLICY,
      samAccountName: "alice",
      displayName: "Alice Liddell",
      history,
      pwdLastSetMs: 0,
      nowMs: 1,
      isReset: false,
      enforceHistoryAndAge: true,
    });
  }, 500);

  const figures: Figure[] = [
    { name: "baseline: sha256 of the UTF-16LE bytes", value: sha256, unit: "ops/s" },
    {
      name: "hashPassword (salted HMAC-SHA-256)",
      value: hashOps,
      unit: "ops/s",
      goal: ">= 100000 ops/s",
      met: hashOps >= 100_000,
      ratio: { against: "sha256", value: hashOps / sha256 },
    },
    {
      name: "verifyPassword (memoised decode)",
      value: verifyOps,
      unit: "ops/s",
      goal: ">= 100000 ops/s",
      met: verifyOps >= 100_000,
      ratio: { against: "sha256", value: verifyOps / sha256 },
    },
    {
      name: "verifyPassword (fresh stored object)",
      value: verifyColdOps,
      unit: "ops/s",
      ratio: { against: "memoised", value: verifyColdOps / verifyOps },
    },
    {
      name: "implied: hash 100,000 users",
      value: (100_000 / hashOps) * 1000,
      unit: "ms",
      goal: "<= 1000 ms (world build <= 5 s)",
      met: 100_000 / hashOps <= 1,
    },
    {
      name: "measured: hash 100,000 users",
      value: world100kMs,
      unit: "ms",
      goal: "<= 1000 ms (world build <= 5 s)",
      met: world100kMs <= 1000,
    },
    { name: "checkPasswordPolicy, change, 24-entry history", value: policyOps, unit: "ops/s" },
  ];
  printFigures("passwords", figures);
}
