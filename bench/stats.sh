#!/bin/bash
# Monitoring benchmarks (issue 12), against the machine's own limits, never
# as a test. Called by scripts/bench.sh (or alone: bash bench/stats.sh).
#
# A SQLite database with the demo data and `gen dossiers` (received evenly
# over the past year), measured at each size of STATS_SIZES (default
# "20000 100000": the same database grown, the generation time printed), a
# leader's session, then wrk against, for the past year (today - 364 days to
# today, the whole span of the generated dossiers):
#   - GET /api/v1/stats/indicators?unit=<the department processing most>
#   - GET /api/v1/stats/indicators (the whole agency)
#   - GET /api/v1/stats/report?unit=<the agency's root unit> (by unit)
# each beside wrk on /healthz in the same run, and the indicators of the
# unit for the last whole month (a period in the past: the dossiers open at
# its end are read and judged). The indicators and the report are sums of
# the monitoring aggregates (svc_kpi_agg.c); after each generation
# `kpi recompute --rebuild` counts the history again (timed) and checks the
# aggregates against the walk for the agency's last whole month.
#
# At each size the wrk runs repeat ROUNDS times (default 1); every wrk run
# prints its per-second trace (bench/lib.sh), and after each size every
# figure's rounds, their spread and the ratio to the first /healthz beside.
#
# Environment: DURATION (default 10s), ROUNDS, BUILD (default build), STATS_SIZES,
# STATS_DB (a SQLite file already generated: measured as it is, at its size),
# STATS_PG (a PostgreSQL URL already filled, e.g. by bench/sqlite-to-pg.sh:
# measured as it is),
# STATS_CONN (connections, default 2: the request is CPU-bound),
# STATS_REBUILD (default 1; 0: the aggregates are not counted again, only
# flushed and checked against the walk for the last whole month — for a
# database whose counters were copied with it, e.g. by bench/sqlite-to-pg.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$BUILD/motcua
DURATION=${DURATION:-10s}
STATS_SIZES=${STATS_SIZES:-20000 100000}
STATS_CONN=${STATS_CONN:-2}
STATS_REBUILD=${STATS_REBUILD:-1}
ROUNDS=${ROUNDS:-1}
. bench/lib.sh
bench_init stats

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

db="sqlite:$work/s.db"
[ -z "${STATS_PG:-}" ] || STATS_DB=$STATS_PG
if [ -n "${STATS_DB:-}" ]; then
	db=$STATS_DB
	case $db in postgresql:*) ;; *) db="sqlite:$STATS_DB" ;; esac
fi
sql() { # one value
	case $db in
	postgresql:*) psql "$db" -qAtc "$1" ;;
	*) sqlite3 "${db#sqlite:}" "$1" ;;
	esac
}
[ -z "${STATS_DB:-}" ] || STATS_SIZES=$(sql "SELECT count(*) FROM dossiers")
$B migrate --db "$db" >/dev/null 2>&1
[ -n "${STATS_DB:-}" ] || $B demo --db "$db" --password bench-pass >/dev/null 2>&1
from=$(TZ=Asia/Ho_Chi_Minh date -d '364 days ago' +%F)
to=$(TZ=Asia/Ho_Chi_Minh date +%F)
mfrom=$(TZ=Asia/Ho_Chi_Minh date -d "$(date +%Y-%m-01) -1 month" +%F)
mto=$(TZ=Asia/Ho_Chi_Minh date -d "$(date +%Y-%m-01) -1 day" +%F)
year=$(TZ=Asia/Ho_Chi_Minh date +%Y)

have=0
[ -z "${STATS_DB:-}" ] || have=$STATS_SIZES
seed=7
for n in $STATS_SIZES; do
	if [ "$n" -gt "$have" ]; then
		t0=$(date +%s.%N)
		$B gen dossiers $((n - have)) --db "$db" --seed "$seed" >/dev/null
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" -v k=$((n - have)) -v n="$n" \
			'BEGIN {printf "generated %d dossiers (now %d) in %.1f s (%.0f/s)\n", k, n, b - a, k / (b - a)}' >&2
		have=$n
		seed=$((seed + 1))
	fi
	if [ "$n" -eq "$have" ]; then
		t0=$(date +%s.%N)
		rebuild=--rebuild what="rebuilt and checked"
		[ "$STATS_REBUILD" = 1 ] || { rebuild= what="flushed and checked"; }
		$B kpi recompute --db "$db" --from "$mfrom" --to "$mto" $rebuild >/dev/null
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" -v w="$what" 'BEGIN {printf "aggregates %s against the walk in %.1f s\n", w, b - a}' >&2
	fi
	unit=$(sql "SELECT u.code FROM dossiers d JOIN units u ON u.id = d.processing_unit_id \
GROUP BY u.code ORDER BY count(*) DESC LIMIT 1")
	in_unit=$(sql "SELECT count(*) FROM dossiers d JOIN units u ON u.id = d.processing_unit_id \
WHERE u.code = '$unit'")
	root=$(sql "SELECT code FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
	serve "$db"
	read -r cookie _ < <(login lanhdao)
	for path in "/api/v1/stats/indicators?unit=$unit&from=$from&to=$to" \
		"/api/v1/stats/indicators?from=$from&to=$to" "/api/v1/stats/report?unit=$root&from=$from&to=$to"; do
		code=$(curl -s -o "$work/one.json" -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$base$path")
		echo "one request ${path%%\?*}: HTTP ${code% *}, ${code#* } s, $(stat -c %s "$work/one.json") B" >&2
		[ "${code% *}" = 200 ] || { head -c 300 "$work/one.json" >&2; echo >&2; }
	done
	echo "$n dossiers, past year $from..$to; $unit processes $in_unit; $STATS_CONN connections, $DURATION" >&2
	sel="/api/v1/stats/indicators?unit=$unit&from=$from&to=$to"
	rm -f "$work/rounds.tsv"
	for r in $(seq "$ROUNDS"); do
		round_set "$r"
		wrk_line "indicators, $unit, one year, $n" -t1 -c"$STATS_CONN" -d"$DURATION" --timeout 60s -H "Cookie: $cookie" "$base$sel" >/dev/null
		wrk_line "  beside the unit's: /healthz" -t1 -c"$STATS_CONN" -d"$DURATION" "$base/healthz" >/dev/null
		wrk_line "indicators, whole agency, one year, $n" -t1 -c"$STATS_CONN" -d"$DURATION" --timeout 60s -H "Cookie: $cookie" \
			"$base/api/v1/stats/indicators?from=$from&to=$to" >/dev/null
		wrk_line "  beside the agency's: /healthz" -t1 -c"$STATS_CONN" -d"$DURATION" "$base/healthz" >/dev/null
		wrk_line "indicators, $unit, calendar year $year, $n" -t1 -c"$STATS_CONN" -d"$DURATION" --timeout 60s -H "Cookie: $cookie" \
			"$base/api/v1/stats/indicators?unit=$unit&from=$year-01-01&to=$year-12-31" >/dev/null
		wrk_line "  beside: /healthz" -t1 -c"$STATS_CONN" -d"$DURATION" "$base/healthz" >/dev/null
		wrk_line "indicators, whole agency, calendar year $year, $n" -t1 -c"$STATS_CONN" -d"$DURATION" --timeout 60s -H "Cookie: $cookie" \
			"$base/api/v1/stats/indicators?from=$year-01-01&to=$year-12-31" >/dev/null
		wrk_line "  beside: /healthz" -t1 -c"$STATS_CONN" -d"$DURATION" "$base/healthz" >/dev/null
		wrk_line "indicators, $unit, last month (past), $n" -t1 -c"$STATS_CONN" -d"$DURATION" --timeout 60s -H "Cookie: $cookie" \
			"$base/api/v1/stats/indicators?unit=$unit&from=$mfrom&to=$mto" >/dev/null
		wrk_line "  beside the month's: /healthz" -t1 -c"$STATS_CONN" -d"$DURATION" "$base/healthz" >/dev/null
		wrk_line "report, $root (agency) by unit, one year, $n" -t1 -c"$STATS_CONN" -d"$DURATION" --timeout 60s -H "Cookie: $cookie" \
			"$base/api/v1/stats/report?unit=$root&from=$from&to=$to" >/dev/null
		wrk_line "  beside the report's: /healthz" -t1 -c"$STATS_CONN" -d"$DURATION" "$base/healthz" >/dev/null
	done
	rounds_report "  beside the unit's: /healthz"
	echo "load average after $n: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
