#!/usr/bin/env bash
# Removes containers left behind by crashed test runs. testcontainers' Ryuk reaper cannot run here
# (its image cannot be pulled), so nothing else cleans up after a killed vitest; every container the
# harness starts carries the label org.testcontainers=true.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=podman-env.sh
. "$here/podman-env.sh"

ids="$(podman ps -aq --filter label=org.testcontainers=true)"
if [ -n "$ids" ]; then
  # shellcheck disable=SC2086
  podman rm -f $ids >/dev/null
  echo "[cleanup] removed $(wc -w <<<"$ids") container(s) labelled org.testcontainers=true"
else
  echo "[cleanup] no leftover containers"
fi

# API services started by the harness (harness/targets/podman-socket.ts) listen on
# podman-<owner pid>.sock; one whose owner process is gone was orphaned by a killed test worker.
for pid in $(pgrep -f "podman system service --time=0 unix://$WBSIM_CACHE_DIR/podman/podman-" || true); do
  owner="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | sed -n 's/.*podman-\([0-9]*\)\.sock.*/\1/p')"
  if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
    kill "$pid" && echo "[cleanup] stopped orphaned podman API service $pid (owner $owner gone)"
    rm -f "$WBSIM_CACHE_DIR/podman/podman-$owner.sock"
  fi
done
