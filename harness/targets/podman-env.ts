/**
 * Reads the podman settings and image names from scripts/podman-env.sh (and the lab domain's facts
 * from containers/samba-dc/dc.env), so the TypeScript harness and scripts/setup.sh agree on one
 * source of truth: the same config files, the same content-hashed image tag.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package-root.ts";

export interface PodmanEnv {
  /** Variables every podman invocation needs (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF). */
  podmanVars: { CONTAINERS_CONF: string; CONTAINERS_STORAGE_CONF: string };
  cacheDir: string;
  /** Path of a shared API socket that the harness uses when it answers. */
  sharedSocket: string;
  dcImage: string;
  readyLine: string;
  realm: string;
  netbiosDomain: string;
  domainSid: string;
  adminPassword: string;
}

const repoRoot = PACKAGE_ROOT;
const names = [
  "CONTAINERS_CONF",
  "CONTAINERS_STORAGE_CONF",
  "WBSIM_CACHE_DIR",
  "WBSIM_PODMAN_SOCKET",
  "WBSIM_SAMBA_DC_IMAGE",
  "READY_LINE",
  "REALM",
  "DOMAIN",
  "DOMAIN_SID",
  "ADMIN_PASSWORD",
] as const;

let cached: PodmanEnv | undefined;

export function loadPodmanEnv(): PodmanEnv {
  if (cached) return cached;
  const script = join(repoRoot, "scripts", "podman-env.sh");
  if (!existsSync(script)) {
    // The installed package ships neither scripts/ nor the image's build context (containers/).
    throw new Error(
      `${script} is missing: the samba-container target runs from a checkout of writeback-sim, whose ` +
        "scripts/setup.sh builds the Samba DC image; from an installed package, give --target an " +
        "ldap:// or ldaps:// URL of your own DC",
    );
  }
  const printer = `set -euo pipefail; . "$1"; . "$WBSIM_SAMBA_DC_ENV"; for n in ${names.join(" ")}; do printf '%s\\0' "\${!n}"; done`;
  let out: string;
  try {
    out = execFileSync("bash", ["-c", printer, "podman-env", script], { encoding: "utf8" });
  } catch (e) {
    throw new Error(`reading ${script} failed: ${(e as Error).message}`);
  }
  const values = out.split("\0");
  const v = (n: (typeof names)[number]) => values[names.indexOf(n)];
  cached = {
    podmanVars: {
      CONTAINERS_CONF: v("CONTAINERS_CONF"),
      CONTAINERS_STORAGE_CONF: v("CONTAINERS_STORAGE_CONF"),
    },
    cacheDir: v("WBSIM_CACHE_DIR"),
    sharedSocket: v("WBSIM_PODMAN_SOCKET"),
    dcImage: v("WBSIM_SAMBA_DC_IMAGE"),
    readyLine: v("READY_LINE"),
    realm: v("REALM"),
    netbiosDomain: v("DOMAIN"),
    domainSid: v("DOMAIN_SID"),
    adminPassword: v("ADMIN_PASSWORD"),
  };
  return cached;
}
