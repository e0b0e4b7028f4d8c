#!/usr/bin/env bash
# Stops the dockerd that docker/ci-setup.sh started (its pid is in $JAILNET_DOCKERD_PIDFILE), and nothing
# else: an engine that was already running before ci-setup.sh is left alone. Containers should be stopped
# before (docker-compose down); images and volumes stay.
set -euo pipefail
PIDFILE="${JAILNET_DOCKERD_PIDFILE:-/var/run/jailnet-dockerd.pid}"

if [ ! -s "$PIDFILE" ]; then
    echo "ci-teardown: no $PIDFILE; ci-setup.sh started no dockerd, nothing to stop"
    exit 0
fi
pid="$(cat "$PIDFILE")"
if ! kill -0 "$pid" 2>/dev/null; then
    echo "ci-teardown: dockerd $pid is not running any more"
    rm -f "$PIDFILE"
    exit 0
fi
if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "dockerd" ]; then
    echo "ci-teardown: pid $pid is not a dockerd ($(cat "/proc/$pid/comm" 2>/dev/null)); leaving it alone" >&2
    rm -f "$PIDFILE"
    exit 1
fi
started=$(date +%s)
kill -TERM "$pid"
for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
done
if kill -0 "$pid" 2>/dev/null; then
    echo "ci-teardown: dockerd $pid still running after 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$PIDFILE"
echo "ci-teardown: dockerd $pid stopped in $(( $(date +%s) - started )) s"
