#!/usr/bin/env bash
# Runs a command with a private PostgreSQL 15 server on a Unix socket in a temporary directory,
# and stops it afterwards (also when the command fails). The command finds the server in
# BEACON_TEST_POSTGRES (a libpq URI). PostgreSQL refuses to run as root, so as root the server
# runs as the `postgres` user on a directory that user owns.
#
#   tests/postgres/with_postgres.sh build/ci/src/beacon/store/store_test
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
if [[ -z "$bindir" ]]; then
  echo "with_postgres: PostgreSQL 15 is not installed (deps/install.sh installs postgresql-15)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/beacon_pg.XXXXXX)
as_owner=()
owner=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  owner=postgres
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
chmod 700 "$dir"

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U "$owner" --auth=trust -E UTF8 \
  --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# Loopback only: a Unix socket in the private directory and no TCP listener.
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=on" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/createdb" -h "$dir" -U "$owner" beacon

export BEACON_TEST_POSTGRES="postgresql:///beacon?host=$dir&user=$owner"
"$@"
