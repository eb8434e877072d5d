#!/usr/bin/env bash
# bench/server_bench.sh BUILD_DIR: the live server's load benchmark on SQLite and on PostgreSQL
# (bench/results/server_load_{sqlite,postgresql}.json), then the crash test with 1,000 SIGKILLs
# (bench/results/server_crash.txt; it needs the ci preset's test binary, built here if missing).
set -euo pipefail
build="${1:?usage: bench/server_bench.sh BUILD_DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="${BEACON_DATA_DIR:-$root/../shared/data}"
mkdir -p "$here/results"
model="$root/build/models/boston.model"
if [ ! -f "$model" ]; then
  mkdir -p "$(dirname "$model")"
  "$build/beacon" model build --city "$root/data/cities/boston.yaml" --data-dir "$data" \
    --output "$model" > /dev/null
fi
work=$(mktemp -d /tmp/beacon_server_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "== server_load (SQLite)"
"$build/bench/server_load" --beacon "$build/beacon" --model "$model" --db "sqlite:$work/load.db" \
  | tee "$here/results/server_load_sqlite.json"
echo "== server_load (PostgreSQL)"
"$root/tests/postgres/with_postgres.sh" bash -c \
  "\"$build/bench/server_load\" --beacon \"$build/beacon\" --model \"$model\" --db \"\$BEACON_TEST_POSTGRES\"" \
  | tee "$here/results/server_load_postgresql.json"
echo "== crash test, 1000 rounds"
cmake --build --preset ci --target server_crash_test beacon -j "$(nproc)" > /dev/null
"$root/build/ci/tests/server_crash_test" --beacon "$root/build/ci/beacon" --rounds 1000 \
  | tee "$here/results/server_crash.txt"
