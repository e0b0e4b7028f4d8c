#!/usr/bin/env bash
# What CI (or a developer) needs before `docker-compose` can run jailnet on a fresh Debian 12 machine of this
# kind, as root. Idempotent: every phase does only what is missing.
#   1. installs docker.io (dockerd), docker-compose (1.29) and debootstrap when missing;
#   2. starts dockerd in the background when no engine answers `docker info`, and waits for it (bounded);
#      its pid goes to $JAILNET_DOCKERD_PIDFILE so that docker/ci-teardown.sh stops it (and only it);
#   3. builds the offline substitute images that are missing (docker/build-offline-images.sh), which also
#      writes docker/offline.env for `docker-compose --env-file docker/offline.env ...`.
# Prints how long each phase took.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PIDFILE="${JAILNET_DOCKERD_PIDFILE:-/var/run/jailnet-dockerd.pid}"
DOCKERD_LOG="${JAILNET_DOCKERD_LOG:-/var/log/jailnet-dockerd.log}"
DOCKERD_WAIT="${JAILNET_DOCKERD_WAIT:-60}"

started=$(date +%s)
phase_started=$started
phase() {
    local now; now=$(date +%s)
    if [ -n "${phase_name:-}" ]; then
        echo "== ${phase_name}: done in $(( now - phase_started )) s"
    fi
    phase_name="$*"; phase_started=$now
    [ -n "$phase_name" ] && echo "== ${phase_name} (at $(( now - started )) s)"
    return 0
}

if [ "$(id -u)" -ne 0 ]; then
    echo "ci-setup.sh: must run as root" >&2
    exit 1
fi

phase "packages: docker.io, docker-compose, debootstrap"
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "all present"
fi
docker --version
docker-compose --version

phase "docker engine"
if docker info >/dev/null 2>&1; then
    echo "an engine already answers; not starting one"
else
    if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
        echo "dockerd $(cat "$PIDFILE") (started earlier) does not answer yet"
    else
        echo "starting dockerd (log: $DOCKERD_LOG, pid file: $PIDFILE)"
        setsid dockerd >>"$DOCKERD_LOG" 2>&1 < /dev/null &
        echo $! > "$PIDFILE"
    fi
    deadline=$(( $(date +%s) + DOCKERD_WAIT ))
    until docker info >/dev/null 2>&1; do
        if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
            echo "dockerd exited; the end of its log:" >&2
            tail -n 30 "$DOCKERD_LOG" >&2 || true
            rm -f "$PIDFILE"
            exit 1
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "dockerd did not answer within ${DOCKERD_WAIT} s; the end of its log:" >&2
            tail -n 30 "$DOCKERD_LOG" >&2 || true
            exit 1
        fi
        sleep 0.5
    done
    echo "dockerd $(cat "$PIDFILE") answers"
fi
docker info --format 'engine {{.ServerVersion}}, storage driver {{.Driver}}, {{.NCPU}} CPUs'

phase "offline images"
"$here/build-offline-images.sh"

phase ""
echo "== ci-setup done in $(( $(date +%s) - started )) s"
