#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks.
#
#   eval "$(bash scripts/pg-cluster.sh start DIR [PORT])"   # exports SITREP_TEST_PG=postgres://...
#   bash scripts/pg-cluster.sh stop DIR
#
# `start` installs Debian's postgresql with apt-get when no server binaries are
# found (as root or with sudo), creates a cluster in DIR (initdb, trust auth on
# loopback only), starts it on 127.0.0.1:PORT (default 54329) and prints
# `export SITREP_TEST_PG=postgres://postgres@127.0.0.1:PORT/sitrep_test`.
# As root, the cluster runs as the system's `postgres` user (PostgreSQL refuses
# to run as root). `stop` stops it and removes DIR.
set -euo pipefail
cmd=${1:-}
dir=${2:-}
port=${3:-54329}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR [PORT]" >&2
  exit 2
fi

bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

# Runs a command as the cluster's owner: the `postgres` user when we are root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
start)
  if ! bin=$(bindir); then
    echo "pg-cluster.sh: installing Debian's postgresql" >&2
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    else
      sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    bin=$(bindir)
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    chmod a+x "$(dirname "$(realpath "$dir")")" # e.g. a mktemp -d parent (0700)
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # Loopback only; the socket in DIR (not /var/run, which may not exist).
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=100 -c fsync=on" start >&2 ||
    { cat "$dir/server.log" >&2; exit 1; }
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE sitrep_test" >&2
  echo "export SITREP_TEST_PG=postgres://postgres@127.0.0.1:$port/sitrep_test"
  ;;
stop)
  if [ -d "$dir/data" ] && bin=$(bindir); then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR [PORT]" >&2
  exit 2
  ;;
esac
