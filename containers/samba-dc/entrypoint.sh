#!/bin/bash
# Container entrypoint: samba in the foreground as PID 1 (so `podman stop` reaches it), and a watcher
# that prints the readiness line the harness waits for once 389, 636 and 88 accept connections.
set -euo pipefail
. /opt/wbsim/dc.env

# The DC is its own (absent) resolver: nothing it does should leave the container.
printf 'nameserver 127.0.0.1\n' >/etc/resolv.conf 2>/dev/null || true

(/opt/wbsim/wait-ports.sh 60 389 636 88 && echo "$READY_LINE") &
exec samba -F --no-process-group --debug-stdout
