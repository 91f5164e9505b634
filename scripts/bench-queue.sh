#!/bin/bash
# The desk queue's benchmark (issue 6): calls per second under contention
# from 8 counters, on SQLite and (when a PostgreSQL server is installed) on
# a throwaway PostgreSQL; then one server pushing calls to 500 display
# connections, with the latency from call to receipt at the display.
# Prints figures; asserts nothing. Run by `make bench` after the others.
#   TICKETS=2000 COUNTERS=8 CLIENTS=500 ROUNDS=40 scripts/bench-queue.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS=${TICKETS:-2000}
COUNTERS=${COUNTERS:-8}
CLIENTS=${CLIENTS:-500}
ROUNDS=${ROUNDS:-40}
work=$(mktemp -d /tmp/motcua-bench-queue.XXXXXX)
pgdir=""
srv=""
cleanup() {
	[ -n "$srv" ] && kill "$srv" 2>/dev/null
	[ -n "$pgdir" ] && scripts/pg-test.sh stop "$pgdir"
	sleep 0.2
	rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
build/bench/bench_queue "sqlite:$work/q.db" "$TICKETS" "$COUNTERS" >&2
if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
	pgdir=$(mktemp -d /tmp/motcua-bench-pg.XXXXXX)
	admin=$(scripts/pg-test.sh start "$pgdir" $((40000 + RANDOM % 10000)))
	psql "$admin" -qAtc "CREATE DATABASE bench_queue" >/dev/null
	build/bench/bench_queue "${admin/\/postgres\?//bench_queue?}" "$TICKETS" "$COUNTERS" >&2
fi

port=$((30000 + RANDOM % 10000))
build/motcua migrate --db "sqlite:$work/s.db" >/dev/null 2>&1
build/motcua demo --db "sqlite:$work/s.db" --password demo-pass >/dev/null 2>&1
build/motcua serve --db "sqlite:$work/s.db" --listen "127.0.0.1:$port" --data_dir "$work/data" \
	--log_level off --http.max_conn_per_ip $((CLIENTS + 100)) --http.max_connections $((CLIENTS + 100)) \
	--http.max_streams $((CLIENTS + 100)) --http.max_streams_per_ip $((CLIENTS + 100)) &
srv=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
node bench/queue-sse.mjs "http://127.0.0.1:$port" "$CLIENTS" "$ROUNDS" >&2
