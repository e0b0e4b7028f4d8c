#!/usr/bin/env bash
# Entrypoint of jailnet-offline/postgres (Debian's postgresql package), behaving like the official postgres
# image's for what jailnet uses: on the first start (no $PGDATA/PG_VERSION) it runs initdb with POSTGRES_USER
# (default postgres) as superuser and POSTGRES_PASSWORD (or the content of POSTGRES_PASSWORD_FILE, read while
# still root) as its password, creates POSTGRES_DB (default: the
# user's name), runs /docker-entrypoint-initdb.d/*.sh|*.sql; then the server runs in the foreground as user
# postgres, listening on all addresses, password (scram-sha-256) required over TCP.
set -Eeuo pipefail
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ] && [ -z "${POSTGRES_PASSWORD:-}" ]; then
    POSTGRES_PASSWORD="$(< "$POSTGRES_PASSWORD_FILE")"
    export POSTGRES_PASSWORD
    unset POSTGRES_PASSWORD_FILE
fi
SOCKET_DIR=/var/run/postgresql

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" = 'postgres' ] && [ "$(id -u)" = '0' ]; then
    mkdir -p "$PGDATA" "$SOCKET_DIR"
    chown postgres:postgres "$PGDATA" "$SOCKET_DIR"
    chmod 0700 "$PGDATA"
    chmod 2775 "$SOCKET_DIR"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ "$1" = 'postgres' ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    POSTGRES_USER="${POSTGRES_USER:-postgres}"
    POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
    auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != 'trust' ]; then
        echo "error: the database is uninitialized and POSTGRES_PASSWORD is not set" >&2
        echo "       (or set POSTGRES_HOST_AUTH_METHOD=trust to allow connections without a password)" >&2
        exit 1
    fi
    echo "===> initdb: superuser ${POSTGRES_USER}, database ${POSTGRES_DB}, data in ${PGDATA}"
    pwfile="$(mktemp)"
    printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host="$auth" \
        --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
    rm -f "$pwfile"
    printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
    printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

    # A server on the Unix socket only while the database is set up, so that nothing reaches it over TCP
    # (and pg_isready -h 127.0.0.1 does not call it ready) before that is done.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=${SOCKET_DIR}" -w start
    psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --host "$SOCKET_DIR")
    if [ "$POSTGRES_DB" != 'postgres' ]; then
        "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    for f in /docker-entrypoint-initdb.d/*; do
        case "$f" in
            *.sh)  echo "===> running $f"; . "$f" ;;
            *.sql) echo "===> running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
            *)     [ -e "$f" ] && echo "===> ignoring $f" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo "===> PostgreSQL init process complete; ready for start up."
fi

exec "$@"
