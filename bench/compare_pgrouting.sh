#!/usr/bin/env bash
# bench/compare_pgrouting.sh BUILD_DIR [PAIRS]: the same origin-destination node pairs on Boston's
# road graph through pgRouting (pgr_dijkstra one call per pair, and pgr_dijkstraCost with every
# pair in one call), Beacon's plain Dijkstra and Beacon's contraction hierarchy, in one run.
# Checks that every answer agrees exactly (pgRouting's float costs are sums of integer ms weights,
# exact below 2^53) and prints the speed ratios. Writes bench/results/compare_pgrouting.txt.
#
# It starts a throwaway PostgreSQL 15 cluster (owned by the postgres user, as PostgreSQL refuses
# root) on a unix socket in a temporary directory, with TCP off, and stops and removes it on exit.
# Needs postgresql-15-pgrouting (deps/debian.txt) and, in BUILD_DIR, the `beacon` binary and
# bench/pgrouting_helper (`make bench` builds both). Run by bench/run.sh, not by `make test`.
set -euo pipefail

build="$(cd "${1:?usage: bench/compare_pgrouting.sh BUILD_DIR [PAIRS]}" && pwd)"
pairs="${2:-1000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="${BEACON_DATA_DIR:-$root/../shared/data}"
pgbin=/usr/lib/postgresql/15/bin
per_call_pairs=$(( pairs < 200 ? pairs : 200 ))  # pgr_dijkstra one call per pair: the slow one

die() { echo "compare_pgrouting: error: $*" >&2; exit 1; }
[ -x "$build/beacon" ] || die "no $build/beacon (build the release preset first)"
[ -x "$build/bench/pgrouting_helper" ] || die "no $build/bench/pgrouting_helper"
[ -x "$pgbin/initdb" ] || die "PostgreSQL 15 is not installed ($pgbin/initdb); run deps/install.sh"
[ -f /usr/share/postgresql/15/extension/pgrouting.control ] ||
  die "pgRouting is not installed (postgresql-15-pgrouting); run deps/install.sh"
[ -f "$data/boston/streets.geojson" ] || die "missing $data/boston/streets.geojson (set BEACON_DATA_DIR)"
id postgres >/dev/null 2>&1 || die "no 'postgres' user (installed with postgresql-15)"

work="$(mktemp -d /tmp/beacon-pgrouting.XXXXXX)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -f "$work/pg/postmaster.pid" ]; then as_pg "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$work"
chmod 755 "$work"

echo "== Beacon: graph, hierarchy, $pairs random node pairs"
"$build/beacon" graph build --input "$data/boston/streets.geojson" \
  --overrides "$root/data/cities/boston/street_overrides.csv" --output "$work/boston.graph" >/dev/null
"$build/bench/pgrouting_helper" "$work/boston.graph" "$pairs" 42 "$work" | tee "$work/beacon.txt"
chmod 644 "$work"/*.csv
dijkstra_us="$(sed -n 's/^dijkstra_us_per_query=//p' "$work/beacon.txt")"
ch_us="$(sed -n 's/^ch_us_per_query=//p' "$work/beacon.txt")"

echo "== PostgreSQL 15 + pgRouting on a unix socket in $work"
as_pg "$pgbin/initdb" -D "$work/pg" -A trust -U postgres --no-locale -E UTF8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-c listen_addresses='' -k $work -c fsync=off -c shared_buffers=128MB" start >/dev/null
psql() { as_pg /usr/bin/psql -h "$work" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql -c "CREATE EXTENSION pgrouting CASCADE" >/dev/null
psql -c "SELECT 'pgrouting=' || pgr_version()"
psql <<SQL
CREATE TABLE arcs (id bigint PRIMARY KEY, source bigint, target bigint, cost float8);
\copy arcs FROM '$work/arcs.csv' WITH (FORMAT csv)
CREATE TABLE pairs (k serial, source bigint, target bigint);
\copy pairs (source, target) FROM '$work/pairs.csv' WITH (FORMAT csv)
ANALYZE;
SQL

# One pgr_dijkstra call per pair (how a one-to-one query is asked): each call reads the arcs,
# builds pgRouting's graph and searches. Timed inside the server, so no client round trips.
psql <<SQL
CREATE TABLE per_call (source bigint, target bigint, cost float8);
DO \$\$
DECLARE p record; started timestamptz := clock_timestamp();
BEGIN
  FOR p IN SELECT * FROM pairs WHERE k <= $per_call_pairs ORDER BY k LOOP
    INSERT INTO per_call
      SELECT p.source, p.target, max(agg_cost) FROM pgr_dijkstra(
        'SELECT id, source, target, cost FROM arcs', p.source, p.target, directed => true)
      WHERE edge = -1;
  END LOOP;
  CREATE TABLE per_call_time AS
    SELECT extract(epoch FROM clock_timestamp() - started) * 1e6 / $per_call_pairs AS us;
END \$\$;
-- Every pair in one pgr_dijkstraCost call (pgRouting groups the pairs by source).
DO \$\$
DECLARE started timestamptz := clock_timestamp();
BEGIN
  CREATE TABLE batched AS SELECT start_vid AS source, end_vid AS target, agg_cost AS cost
    FROM pgr_dijkstraCost('SELECT id, source, target, cost FROM arcs',
                          'SELECT source, target FROM pairs', directed => true);
  CREATE TABLE batched_time AS
    SELECT extract(epoch FROM clock_timestamp() - started) * 1e6 / $pairs AS us;
END \$\$;
SQL
per_call_us="$(psql -c "SELECT round(us::numeric, 1) FROM per_call_time")"
batched_us="$(psql -c "SELECT round(us::numeric, 2) FROM batched_time")"
# Costs as exact integers (a non-integral cost would print with a fraction and fail to match).
psql -c "\copy (SELECT source, target, cost::text FROM per_call) TO '$work/per_call.csv' WITH (FORMAT csv)"
psql -c "\copy (SELECT source, target, cost::text FROM batched) TO '$work/batched.csv' WITH (FORMAT csv)"
as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null

echo "== Agreement"
python3 - "$work" "$per_call_pairs" <<'PY'
import csv, sys
work, per_call_pairs = sys.argv[1], int(sys.argv[2])
beacon = {}
order = []
for s, t, d, c in csv.reader(open(f"{work}/beacon.csv")):
    if d != c:
        sys.exit(f"Beacon disagrees with itself on {s}->{t}: dijkstra {d}, ch {c}")
    beacon.setdefault((s, t), d)
    order.append((s, t))
def load(name):
    return {(s, t): cost for s, t, cost in csv.reader(open(f"{work}/{name}.csv"))}
failed = False
for name, want in (("per_call", order[:per_call_pairs]), ("batched", order)):
    got = load(name)
    bad = 0
    for key in want:
        b = beacon[key]
        p = got.get(key)
        same_node = key[0] == key[1]
        if p is None:  # pgRouting leaves out unreachable pairs (and, per call, s == t)
            ok = b == "unreachable" or (same_node and b == "0")
        else:
            ok = p == b or (same_node and b == "0")
        if not ok:
            bad += 1
            if bad <= 5:
                print(f"  {name}: {key[0]}->{key[1]} pgRouting {p}, Beacon {b}")
    print(f"{name}: {len(set(want))} pairs, {bad} disagree")
    failed |= bad > 0
if failed:
    sys.exit("answers disagree")
print("all answers agree exactly (integer ms)")
PY

report="$(cat <<EOF
pairs: $pairs random node pairs on Boston ($(sed -n 's/^nodes=\(.*\) arcs=\(.*\) pairs.*/\1 nodes, \2 arcs/p' "$work/beacon.txt"))
per query, microseconds:
  pgRouting pgr_dijkstra, one call per pair ($per_call_pairs pairs): $per_call_us
  pgRouting pgr_dijkstraCost, all pairs in one call:     $batched_us
  Beacon Dijkstra (bidirectional), one-to-one:            $dijkstra_us
  Beacon contraction hierarchy, one-to-one:               $ch_us
ratios:
  pgr_dijkstra per call / Beacon Dijkstra: $(python3 -c "print(f'{$per_call_us/$dijkstra_us:.0f}x')")
  pgr_dijkstra per call / Beacon CH:       $(python3 -c "print(f'{$per_call_us/$ch_us:.0f}x')")
  pgr_dijkstraCost batched / Beacon Dijkstra: $(python3 -c "print(f'{$batched_us/$dijkstra_us:.1f}x')")
  pgr_dijkstraCost batched / Beacon CH:       $(python3 -c "print(f'{$batched_us/$ch_us:.0f}x')")
  Beacon Dijkstra / Beacon CH:             $(python3 -c "print(f'{$dijkstra_us/$ch_us:.0f}x')")
EOF
)"
echo "== Speed"
echo "$report"
mkdir -p "$here/results"
echo "$report" > "$here/results/compare_pgrouting.txt"
