#!/bin/bash
# Overload benchmark (issue 10 item 5), against the machine's own limit,
# never as a test. A server with the default limits (1024 connections, 64
# per address, 256 event streams, 8 per address, 10 s to send headers,
# bodies above 1 MB in temporary files) serves a normal client, wrk on
# GET /healthz (16 kept-alive connections) plus a client opening a new
# connection for each request (curl, one at a time), while HOSTILE (default
# 2000) anonymous clients from HOSTILE/8 loopback addresses hold
#
#   1. nothing: the machine's limit, in the same run;
#   2. slowloris connections (a header line every 2 s, never the end);
#   3. display-board event streams;
#   4. uploads announcing 24 MB, sent at 256 KB/s (UPLOADS, default 200);
#
# each reconnecting at once when closed or refused. Prints, per phase, the
# normal client's req/s and p99, the fresh connections' success and p99,
# the server's largest RSS during the phase, and what the hostile clients
# got.
#
# The four phases run ROUNDS times (default 1); every wrk run prints its
# per-second trace (bench/lib.sh), and at the end each phase's rounds, their
# spread and the ratio to the "alone" phase of the same round.
#
# Environment: DURATION (default 10s), ROUNDS, BUILD (default build), HOSTILE,
# UPLOADS.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$BUILD/motcua
DURATION=${DURATION:-10s}
HOSTILE=${HOSTILE:-2000}
UPLOADS=${UPLOADS:-200}
ROUNDS=${ROUNDS:-1}
. bench/lib.sh
bench_init overload

# Sockets for the hostile clients (this shell's children) and the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" -lt $((HOSTILE + 4096)) ]; then
	echo "warning: ulimit -n is $(ulimit -n); $((HOSTILE + 4096)) or more is better" >&2
fi

secs=${DURATION%s}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); open files: $(ulimit -n)" >&2

db="sqlite:$work/o.db"
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
# lib.sh's serve raises the connection caps for throughput runs; put back
# the defaults, which are what this measures.
serve "$db" 16 --http.max_connections 1024 --http.max_conn_per_ip 64 --data_dir "$work/var" \
	--http.metrics_token bench

fresh() { # $1 seconds → "ok/total p99_ms [(others: status×n)]" for one-at-a-time new connections
	local end=$((SECONDS + $1))
	while [ $SECONDS -lt $end ]; do
		curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 5 "$base/healthz" || echo "000 5"
	done >"$work/fresh.raw"
	local n ok p99
	n=$(wc -l <"$work/fresh.raw")
	ok=$(awk '$1 == 200' "$work/fresh.raw" | wc -l)
	p99=$(awk '{print $2 * 1000}' "$work/fresh.raw" | sort -n |
		awk -v n="$n" '{v[NR] = $1} END {i = int(n * 0.99); if (i < 1) i = 1; printf "%.1fms", v[i]}')
	local other
	other=$(awk '$1 != 200 {c[$1]++} END {for (k in c) printf " %s×%d", (k == "000" ? "no reply" : k), c[k]}' "$work/fresh.raw")
	echo "$ok/$n ok, p99 $p99${other:+ (others:$other)}"
}

phase() { # $1 label, $2 hostile mode or none, [$3 hostile count]
	local label=$1 mode=$2 count=${3:-$HOSTILE} hpid="" rpid
	if [ "$mode" != none ]; then
		node bench/hostile.mjs "$mode" "$count" "$port" $((secs + 6)) >"$work/hostile.txt" &
		hpid=$!
		sleep 4 # let them connect
	fi
	(while kill -0 "$srv" 2>/dev/null; do
		awk '/VmRSS/ {print $2}' "/proc/$srv/status"
		sleep 0.2
	done) >"$work/rss.txt" &
	rpid=$!
	fresh "$secs" >"$work/fresh.txt" &
	local fpid=$!
	wrk_line "$label: wrk /healthz 16 conn" -t2 -c16 -d"$DURATION" "$base/healthz" >/dev/null
	wait "$fpid"
	kill "$rpid" 2>/dev/null || true
	wait "$rpid" 2>/dev/null || true
	printf '%-44s %s\n' "$label: new connection per request" "$(cat "$work/fresh.txt")" >&2
	printf '%-44s %d MB\n' "$label: server RSS, largest" \
		$(($(sort -n "$work/rss.txt" | tail -1) / 1024)) >&2
	if [ -n "$hpid" ]; then
		wait "$hpid" || true
		printf '%-44s %s\n' "$label: hostile clients" "$(cat "$work/hostile.txt")" >&2
	fi
	sleep 2 # the server closes what is left
}

for r in $(seq "$ROUNDS"); do
	round_set "$r"
	phase "alone" none
	phase "$HOSTILE slowloris" slowloris
	phase "$HOSTILE event streams" stream
	phase "$UPLOADS uploads of 24 MB" upload "$UPLOADS"
done
rounds_report "alone: wrk /healthz 16 conn"
echo "server's overload counters:" >&2
curl -s -H "Authorization: Bearer bench" "$base/metrics" | grep '^motcua_http_overload_total' >&2
