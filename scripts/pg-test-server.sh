#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite (docs/postgresql.md, "Tests").
#
#   scripts/pg-test-server.sh start   initdb (once) and start it; prints its URL on stdout
#   scripts/pg-test-server.sh url     prints the URL (whether or not it runs)
#   scripts/pg-test-server.sh stop    stops it (the data folder stays for the next start)
#
# The cluster lives in $TEMPO_PG_DATA (default /tmp/tempo-pg-test), listens on 127.0.0.1 only,
# port $TEMPO_PG_PORT (default 55432), with trust authentication on loopback: it holds nothing
# but test data. As root, the server runs as the `postgres` user (PostgreSQL refuses root).
# Uses Debian's postgresql package (scripts/install-deps.sh installs it). `start` exits non-zero
# with the reason when the server cannot start; `make test` then runs the PostgreSQL tests as
# skipped.
set -euo pipefail

data="${TEMPO_PG_DATA:-/tmp/tempo-pg-test}"
port="${TEMPO_PG_PORT:-55432}"
url="postgresql://tempo@127.0.0.1:${port}/postgres"

say() { echo "pg-test-server: $*" >&2; }

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$d" ] || [ ! -x "$d/pg_ctl" ]; then
    say "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): run scripts/install-deps.sh"
    return 1
  fi
  echo "$d"
}

# Runs a PostgreSQL program as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  local bin=$1
  as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
  local bin
  bin=$(bindir) || return 1
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    say "no 'postgres' user to run the server as (the postgresql package creates it)"
    return 1
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
    chmod 700 "$data"
    if ! as_owner "$bin/initdb" -D "$data" -U tempo --auth=trust --encoding=UTF8 --locale=C \
        >"$data.initdb.log" 2>&1; then
      say "initdb failed in $data: $(tail -n 3 "$data.initdb.log")"
      return 1
    fi
  fi
  if ! running "$bin"; then
    # fsync off: a throwaway cluster; the tests kill clients, never this server.
    if ! as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
      say "the server did not start on 127.0.0.1:$port: $(tail -n 3 "$data/server.log" 2>/dev/null)"
      return 1
    fi
  fi
  echo "$url"
}

stop() {
  local bin
  bin=$(bindir) || return 1
  if running "$bin"; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
