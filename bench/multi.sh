#!/bin/bash
# Several `motcua serve` processes on one PostgreSQL (issue 16, item 2),
# against PostgreSQL's own limit in the same run. One durable throwaway
# cluster (scripts/pg-test.sh, fsync on, synchronous_commit on) on PGPORT;
# for each count of SERVERS (default "1 2 4") that many servers on loopback
# ports, all on the same databases, and in each round:
#   1. pgbench's simple-update (-N) at CLIENTS clients (the database's limit
#      for a one-row durable write, measured in this round);
#   2. receipts (POST /api/v1/dossiers, LD-01 with 3 components): CLIENTS
#      connections in all, split evenly over the servers (wrk per port, run
#      at once; each server CLIENTS request threads);
#   3. public tracking of TRACK_DOSSIERS generated dossiers, 256 connections
#      in all, with the reply cache off (every request reads PostgreSQL)
#      and on (the default 1 s), beside nginx serving the same reply.
# The total of connections is the same for every count of servers, so a
# count that does better shows a limit inside one process, and one that
# does worse the cost of more processes on the same cores. Each line gives
# the sum over the servers, the worst p99, and the CPU spent during the run
# by the servers, by PostgreSQL's processes and by the whole machine, which
# say what saturated. Every round is printed with the per-second trace
# (bench/lib.sh), then every figure's rounds, spread and ratios.
#
# Environment: DURATION (8s), CLIENTS (16), SERVERS ("1 2 4"), ROUNDS (1),
# BUILD (build), PGPORT (55434), TRACK_DOSSIERS (2000).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$BUILD/motcua
DURATION=${DURATION:-8s}
CLIENTS=${CLIENTS:-16}
SERVERS=${SERVERS:-1 2 4}
ROUNDS=${ROUNDS:-1}
PGPORT=${PGPORT:-55434}
. bench/lib.sh
bench_init multi
pgdir="$work/pg"
pids=""
stop_servers() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	pids=""
}
pgadmin=$(PG_TEST_DURABLE=1 scripts/pg-test.sh start "$pgdir" "$PGPORT")
trap 'stop_servers; scripts/pg-test.sh stop "$pgdir"; bench_cleanup' EXIT
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
url_of() { echo "${pgadmin/\/postgres\?//$1?}"; }
postmaster=$(head -1 "$pgdir/data/postmaster.pid")
psql "$pgadmin" -qAtc "CREATE DATABASE pgbench" >/dev/null
"$pgbin/pgbench" -i -q -s 10 "$(url_of pgbench)" >/dev/null 2>&1
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); PostgreSQL $(psql "$pgadmin" -qAtc 'SHOW server_version'), fsync $(psql "$pgadmin" -qAtc 'SHOW fsync'), synchronous_commit $(psql "$pgadmin" -qAtc 'SHOW synchronous_commit')" >&2

cpu_ticks() { # the CPU ticks so far of: the servers, PostgreSQL's processes, the machine (busy, all)
	local s=0 g=0 p
	for p in $pids; do s=$((s + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
	for p in $(ps --ppid "$postmaster" -o pid=); do
		g=$((g + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$s $g $(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat)"
}

start_servers() { # $1 count, $2 database URL, [serve options]: ports port+10 ...; sets pids, trace_bases
	local n=$1 db=$2 i p
	shift 2
	stop_servers
	trace_bases=""
	for i in $(seq 0 $((n - 1))); do
		p=$((port + 10 + i))
		$B serve --db "$db" --listen "127.0.0.1:$p" --log_level off --threads "$CLIENTS" \
			--http.max_conn_per_ip 4096 --http.max_connections 8192 --worker.interval_seconds 0 \
			--http.metrics_token bench "$@" &
		pids="$pids $!"
		trace_bases="$trace_bases http://127.0.0.1:$p"
	done
	for b in $trace_bases; do
		for _ in $(seq 100); do curl -sf "$b/healthz" >/dev/null && break; sleep 0.1; done
		curl -sf "$b/healthz" >/dev/null || { echo "server $b did not start" >&2; exit 1; }
	done
	trace_pids=$pids
	base=${trace_bases# }
	base=${base%% *}
}

multi_wrk() { # $1 label, $2 connections in all, $3 path, [wrk options] → a line, echoes the sum
	local label=$1 conns=$2 path=$3 n i b
	shift 3
	n=$(echo $trace_bases | wc -w)
	local t=$((n == 1 ? 2 : 1))
	read -r s0 g0 b0 a0 < <(cpu_ticks)
	trace_start "$base"
	i=0
	local wp=""
	for b in $trace_bases; do
		wrk -t"$t" -c$((conns / n)) -d"$DURATION" --latency "$@" "$b$path" >"$work/wrk.$i" &
		wp="$wp $!"
		i=$((i + 1))
	done
	for p in $wp; do wait "$p"; done
	trace_stop
	read -r s1 g1 b1 a1 < <(cpu_ticks)
	local sum p99 errs
	sum=$(cat "$work"/wrk.* | awk '/Requests\/sec/ {s += $2} END {printf "%.0f", s}')
	p99=$(cat "$work"/wrk.* | awk '$1 == "99%" {v = $2; u = 1; if (v ~ /us$/) u = 0.001; if (v ~ /[0-9]s$/) u = 1000;
		sub(/[a-z]+$/, "", v); v *= u; if (v > m) m = v} END {printf "%.1fms", m}')
	errs=$(cat "$work"/wrk.* | awk '/Non-2xx/ {e += $5} /Socket errors/ {e += $4 + $6 + $8 + $10} END {print e + 0}')
	rm -f "$work"/wrk.*
	printf '%-52s %8s req/s   p99 %8s (worst server)%s\n' "$label" "$sum" "$p99" \
		"$([ "$errs" = 0 ] || echo "   errors $errs")" >&2
	local hz secs
	hz=$(getconf CLK_TCK)
	awk -v s=$((s1 - s0)) -v g=$((g1 - g0)) -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v hz="$hz" -v k="$(nproc)" \
		-v d="${DURATION%s}" 'BEGIN {printf "  CPU during the run, %% of one core: servers %.0f, PostgreSQL %.0f, whole machine %.0f of %d\n",
			100 * s / hz / d, 100 * g / hz / d, 100 * k * b / a, 100 * k}' >&2
	trace_print
	round_record "$label" "$sum" "$p99"
	echo "$sum"
}

pgbench_tps() { # $1 label, $2.. pgbench options → prints, records, echoes tps
	local tps
	tps=$("$pgbin/pgbench" -n -c "$CLIENTS" -j 2 -T "${DURATION%s}" "${@:2}" "$(url_of pgbench)" 2>/dev/null |
		awk '/^tps/ {print int($3)}')
	printf '%-52s %8s TPS\n' "$1" "$tps" >&2
	round_record "$1" "$tps"
	echo "$tps"
}

# The databases: receipts (demo data), tracking (demo data and generated dossiers).
for d in receipts track; do
	psql "$pgadmin" -qAtc "CREATE DATABASE $d" >/dev/null
	$B migrate --db "$(url_of $d)" >/dev/null 2>&1
	$B demo --db "$(url_of $d)" --password bench-pass >/dev/null 2>&1
done
t0=$(date +%s)
$B gen dossiers "${TRACK_DOSSIERS:-2000}" --db "$(url_of track)" --seed 4 --no-visits >/dev/null
echo "generated ${TRACK_DOSSIERS:-2000} dossiers in $(($(date +%s) - t0)) s" >&2
start_servers 1 "$(url_of track)"
track_fixture "$(url_of track)"
nginx_file "$work/track.json"
start_servers 1 "$(url_of receipts)"
read -r cookie csrf < <(login tiepnhan)
receipt_lua "$cookie" "$csrf"

for r in $(seq "$ROUNDS"); do
	round_set "$r"
	pgbench_tps "pgbench simple-update (-N), $CLIENTS clients" -N >/dev/null
	for n in $SERVERS; do
		start_servers "$n" "$(url_of receipts)"
		multi_wrk "receipts, $n server(s), $CLIENTS conn in all" "$CLIENTS" /api/v1/dossiers -s "$work/receipt.lua" >/dev/null
	done
	for n in $SERVERS; do
		start_servers "$n" "$(url_of track)" --http.track_cache_ms 0
		multi_wrk "tracking, cache off, $n server(s), 256 conn" 256 / -s "$work/track.lua" >/dev/null
		start_servers "$n" "$(url_of track)"
		multi_wrk "tracking, cache 1 s, $n server(s), 256 conn" 256 / -s "$work/track.lua" >/dev/null
	done
	wrk_line "nginx, static file of the same size" -t2 -c256 -d"$DURATION" "http://127.0.0.1:$nport/track.json" >/dev/null
done
stop_servers
echo "dossiers received: $(psql "$(url_of receipts)" -qAtc "SELECT count(*) FROM dossiers"); audit: $($B audit verify --db "$(url_of receipts)" 2>&1 | grep -m1 "history")" >&2
rounds_report "receipts <- pgbench simple-update (-N), $CLIENTS clients" "tracking <- nginx, static file of the same size"
