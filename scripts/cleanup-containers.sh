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
