#!/usr/bin/env bash
# writeback-sim machine setup (`npm run setup`, first step of `npm run test:all`). Run as root.
#
# 1. Installs the system tools the tests need (apt-get update only when something is missing).
# 2. Builds the Samba AD DC image locally from Debian packages (no registry is reachable):
#    debootstrap minbase -> podman import -> samba-base image -> samba-dc image (provisioned and
#    populated at build time). Each step is skipped when its image already exists; image tags carry a
#    content hash of containers/, so editing anything there rebuilds what depends on it.
# Idempotent; takes about a second when everything is present. Any failure exits non-zero with a
# message saying what failed (CI must fail, never skip).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$SECONDS
say() { printf '[setup] %s\n' "$*"; }
fail() {
  printf '[setup] ERROR: %s\n' "$*" >&2
  exit 1
}
trap 'rc=$?; [ $rc -eq 0 ] || printf "[setup] ERROR: failed at line %s (exit %s): %s\n" "$LINENO" "$rc" "$BASH_COMMAND" >&2' EXIT

[ "$(id -u)" -eq 0 ] || fail "must run as root (apt-get, debootstrap and rootful podman need it)"

# --- 1. system packages -------------------------------------------------------------------------
packages=(
  python3-samba python3-ldap3 python3-ldapdomaindump ldap-utils # oracles and raw LDAP clients used by tests
  libxml2-utils                                                # xmllint: the JUnit report checked against the schema CI reads
  podman runc uidmap slirp4netns fuse-overlayfs containernetworking-plugins netavark aardvark-dns
  debootstrap debian-archive-keyring util-linux curl
)
missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail "apt-get install ${missing[*]} failed"
else
  say "system packages present"
fi

# --- 2. images ----------------------------------------------------------------------------------
# shellcheck source=podman-env.sh
. "$here/podman-env.sh"
mkdir -p "$WBSIM_CACHE_DIR/containers" "$(dirname "$WBSIM_PODMAN_SOCKET")"

# One setup at a time per machine: concurrent runs would build the same images twice.
exec 9>"$WBSIM_CACHE_DIR/setup.lock"
flock 9

image_exists() {
  local rc=0
  podman image exists "$1" || rc=$?
  case $rc in
  0) return 0 ;;
  1) return 1 ;;
  *) fail "podman cannot read its storage (exit $rc); check $CONTAINERS_CONF and $CONTAINERS_STORAGE_CONF" ;;
  esac
}

if image_exists "$WBSIM_SAMBA_DC_IMAGE"; then
  say "image $WBSIM_SAMBA_DC_IMAGE present"
  say "done in $((SECONDS - started)) s"
  exit 0
fi

work="$(mktemp -d "$WBSIM_CACHE_DIR/build.XXXXXX")"
cleanup_work() { rm -rf "$work"; }
trap 'rc=$?; cleanup_work; [ $rc -eq 0 ] || printf "[setup] ERROR: failed (exit %s): %s\n" "$rc" "$BASH_COMMAND" >&2' EXIT

if image_exists "$WBSIM_ROOTFS_IMAGE"; then
  say "image $WBSIM_ROOTFS_IMAGE present"
else
  sources=/etc/apt/sources.list.d/debian.sources
  [ -r "$sources" ] || fail "$sources not found: cannot tell which Debian mirror to debootstrap from"
  mirror="$(awk '/^URIs:/ { print $2; exit }' "$sources")"
  [ -n "$mirror" ] || fail "no URIs: line in $sources"
  say "debootstrap --variant=minbase $WBSIM_DEBIAN_SUITE from $mirror (about 30 s)"
  t=$SECONDS
  debootstrap --variant=minbase "$WBSIM_DEBIAN_SUITE" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log" >&2
    fail "debootstrap failed (log above)"
  }
  say "debootstrap took $((SECONDS - t)) s; importing as $WBSIM_ROOTFS_IMAGE"
  tar -C "$work/rootfs" -c . | podman import --quiet - "$WBSIM_ROOTFS_IMAGE" >/dev/null || fail "podman import failed"
  rm -rf "$work/rootfs"
fi

if image_exists "$WBSIM_SAMBA_BASE_IMAGE"; then
  say "image $WBSIM_SAMBA_BASE_IMAGE present"
else
  say "building $WBSIM_SAMBA_BASE_IMAGE (apt-get install samba inside the image)"
  t=$SECONDS
  mkdir -p "$work/base"
  cp -a "$WBSIM_ROOT/containers/samba-base/." "$work/base/"
  cp /etc/apt/sources.list.d/debian.sources "$work/base/debian.sources"
  podman build --pull=never --quiet --build-arg "ROOTFS_IMAGE=$WBSIM_ROOTFS_IMAGE" \
    -t "$WBSIM_SAMBA_BASE_IMAGE" -f "$work/base/Containerfile" "$work/base" >"$work/base.log" 2>&1 || {
    tail -n 30 "$work/base.log" >&2
    fail "building $WBSIM_SAMBA_BASE_IMAGE failed (log above)"
  }
  say "base image took $((SECONDS - t)) s"
fi

say "building $WBSIM_SAMBA_DC_IMAGE (provision + populate CONTOSO.COM at build time)"
t=$SECONDS
# Provisioning writes security.NTACL xattrs, which needs CAP_SYS_ADMIN (only at build time).
podman build --pull=never --cap-add SYS_ADMIN --build-arg "BASE_IMAGE=$WBSIM_SAMBA_BASE_IMAGE" \
  -t "$WBSIM_SAMBA_DC_IMAGE" -f "$WBSIM_ROOT/containers/samba-dc/Containerfile" \
  "$WBSIM_ROOT/containers/samba-dc" >"$work/dc.log" 2>&1 || {
  tail -n 40 "$work/dc.log" >&2
  fail "building $WBSIM_SAMBA_DC_IMAGE failed (log above)"
}
say "DC image took $((SECONDS - t)) s"
say "done in $((SECONDS - started)) s"
