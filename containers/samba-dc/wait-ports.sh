#!/bin/bash
# wait-ports.sh TIMEOUT_S PORT...: waits until every port accepts a TCP connection on 127.0.0.1.
set -euo pipefail
timeout_s=$1
shift
deadline=$((SECONDS + timeout_s))
for port in "$@"; do
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      echo "wait-ports: 127.0.0.1:$port did not accept connections within ${timeout_s}s" >&2
      exit 1
    fi
    sleep 0.05
  done
done
