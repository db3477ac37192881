# shellcheck shell=bash
# Source this file (`. scripts/podman-env.sh`) to talk to writeback-sim's podman: it exports the
# config files the project owns and the names of the locally built images. Used by scripts/setup.sh,
# scripts/cleanup-containers.sh and harness/targets/samba-container.ts (which runs
# `bash -c '. scripts/podman-env.sh && env'`), so every caller agrees on the same values.

WBSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WBSIM_ROOT

export CONTAINERS_CONF="$WBSIM_ROOT/containers/containers.conf"
export CONTAINERS_STORAGE_CONF="$WBSIM_ROOT/containers/storage.conf"

# Machine-wide cache shared by every clone on this machine (images, the debootstrap rootfs tarball,
# the API socket). Must match graphroot/runroot in containers/storage.conf.
export WBSIM_CACHE_DIR="/var/cache/writeback-sim"
# Where a shared `podman system service` socket may live; the harness uses it when it answers.
export WBSIM_PODMAN_SOCKET="$WBSIM_CACHE_DIR/podman/podman.sock"

# Content hash of a folder: sha256 over the sorted list of "<sha256>  ./<path>" lines.
wbsim_tree_hash() {
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-12
}

export WBSIM_DEBIAN_SUITE="bookworm"
export WBSIM_ROOTFS_IMAGE="localhost/writeback-sim/debian-min:$WBSIM_DEBIAN_SUITE"
WBSIM_SAMBA_BASE_IMAGE="localhost/writeback-sim/samba-base:$(wbsim_tree_hash "$WBSIM_ROOT/containers/samba-base")"
export WBSIM_SAMBA_BASE_IMAGE
# The DC image tag covers all of containers/, so any change there (configs included) rebuilds it.
WBSIM_SAMBA_DC_IMAGE="localhost/writeback-sim/samba-dc:$(wbsim_tree_hash "$WBSIM_ROOT/containers")"
export WBSIM_SAMBA_DC_IMAGE
# Facts of the lab domain (realm, fixed domain SID, Administrator password, readiness line).
WBSIM_SAMBA_DC_ENV="$WBSIM_ROOT/containers/samba-dc/dc.env"
export WBSIM_SAMBA_DC_ENV
