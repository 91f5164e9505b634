#!/bin/bash
# Public tracking GET /api/v1/track/{code} with and without the reply cache
# (http.track_cache_ms), in one run, beside nginx serving a static file of
# the same size: section 2 of bench/dossiers.sh (random codes of 1000 out of
# 10 000 generated dossiers, wrk -t2 -c256), repeated ROUNDS times so that
# a machine shared with other work shows its spread. Prints the load
# average before each round, every wrk run's per-second trace (bench/lib.sh),
# and at the end every round, its spread and the ratio to nginx round by round.
#
# Environment: DURATION (default 8s), ROUNDS (default 3), BUILD (default
# build), TTLS (the cache settings to compare, default "1000 0"), THREADS
# (motcua's threads, default the number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$BUILD/motcua
DURATION=${DURATION:-8s}
ROUNDS=${ROUNDS:-3}
TTLS=${TTLS:-1000 0}
. bench/lib.sh
bench_init track

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
db="sqlite:$work/t.db"
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
$B gen dossiers 10000 --db "$db" --seed 4 --open-percent 25 >/dev/null
serve "$db" "${THREADS:-}" --http.track_cache_ms 0
track_fixture "$db"
nginx_file "$work/track.json"
echo "tracking: 256 connections, $DURATION; response $(stat -c %s "$work/track.json") B" >&2
for r in $(seq "$ROUNDS"); do
	round_set "$r"
	for ttl in $TTLS; do
		serve "$db" "${THREADS:-}" --http.track_cache_ms "$ttl"
		wrk_line "motcua track, track_cache_ms=$ttl" -t2 -c256 -d"$DURATION" -s "$work/track.lua" "$base" >/dev/null
	done
	wrk_line "nginx, static file of the same size" -t2 -c256 -d"$DURATION" "http://127.0.0.1:$nport/track.json" >/dev/null
done
rounds_report "nginx, static file of the same size"
