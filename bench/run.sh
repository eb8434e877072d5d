#!/usr/bin/env bash
# bench/run.sh BUILD_DIR: runs every Google Benchmark program built in BUILD_DIR/bench and writes
# bench/results/<name>.json, then bench/compare_pgrouting.sh (bench/results/compare_pgrouting.txt).
# Five repetitions, aggregates only: quote medians, not means (these machines are shared and
# noisy).
set -euo pipefail
build="${1:?usage: bench/run.sh BUILD_DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/results"
shopt -s nullglob
ran=0
for exe in "$build"/bench/*_bench; do
  [ -x "$exe" ] || continue
  name="$(basename "$exe")"
  echo "== $name"
  "$exe" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
         --benchmark_out="$here/results/$name.json" --benchmark_out_format=json
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "bench/run.sh: no *_bench programs in $build/bench" >&2; exit 1; }
# Side-by-side comparison with a peer on the same input (starts and stops its own PostgreSQL).
echo "== compare_pgrouting.sh"
"$here/compare_pgrouting.sh" "$build"
# The live server: load on SQLite and PostgreSQL, 1,000 crash rounds.
"$here/server_bench.sh" "$build"
echo "bench: $ran program(s), the pgRouting comparison and the server benchmarks; results in bench/results/"
