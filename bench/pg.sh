#!/bin/bash
# PostgreSQL beside its own limit, in one run (issue 16, item 1). On one
# throwaway cluster with PostgreSQL's default durability (fsync on,
# synchronous_commit on):
#   1. pgbench's simple-update (-N) and TPC-B-like transactions at CLIENTS
#      clients, before and after motcua's receipts;
#   2. receipts over HTTP (POST /api/v1/dossiers, wrk, CLIENTS connections,
#      as many request threads) on a database of the same cluster, and the
#      ratio to simple-update; the database's retries (motcua_db_retries_total);
#   3. public tracking of 10 000 generated dossiers (256 connections) beside
#      nginx serving the same reply, and the inbox of a leader at 10 000;
#      the machine's CPU per transaction of each (all cores, so a quiet
#      run's figure), and the receipts/s the cores would allow at most;
#   4. with PROFILE=1, pg_stat_statements' top statements of the receipts
#      (calls per receipt, planning and execution time) and the wait events
#      sampled during them.
# Environment: DURATION (10s), CLIENTS (16), SERVE_THREADS (the server's
# request threads for the receipts; default CLIENTS), UNITS (1; 2: the
# receipts of two desk officers of two units, half each: two day counters),
# SERVE_OPTS (more options of motcua serve for the receipts, e.g.
# "--db.pg_writers 1"), BUILD (build), ROUNDS (1: each
# measure ROUNDS times, every round printed with its load average and each
# wrk run's per-second trace, then every figure's spread and its ratio to
# pgbench or nginx round by round: bench/lib.sh), PROFILE, RECEIPTS_ONLY (1:
# stop after parts 1 and 2). Round trips per receipt: the server's
# motcua_db_round_trips_total over the receipts (0 for a build without it).
# PERF=1: `perf record` of the whole machine during the receipts, then the
# share of the samples per command (wrk, motcua, postgres, the kernel's
# threads), per program, and postgres's functions with their callees: where
# the CPU of a receipt goes (PERF_OUT=file keeps perf.data).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$BUILD/motcua
DURATION=${DURATION:-10s}
CLIENTS=${CLIENTS:-16}
ROUNDS=${ROUNDS:-1}
. bench/lib.sh
bench_init pg
pgdir="$work/pg"
pgport=$((port + 2))
opts=""
[ "${PROFILE:-0}" = 1 ] && opts="-c shared_preload_libraries=pg_stat_statements -c track_io_timing=on"
pgadmin=$(PG_TEST_DURABLE=1 PG_TEST_OPTS="$opts" scripts/pg-test.sh start "$pgdir" "$pgport")
trap 'scripts/pg-test.sh stop "$pgdir"; bench_cleanup' EXIT
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
url_of() { echo "${pgadmin/\/postgres\?//$1?}"; }
psql "$pgadmin" -qAtc "CREATE DATABASE pgbench" >/dev/null
"$pgbin/pgbench" -i -q -s 10 "$(url_of pgbench)" >/dev/null 2>&1
echo "machine: $(nproc) cores; PostgreSQL $(psql "$pgadmin" -qAtc 'SHOW server_version'), fsync $(psql "$pgadmin" -qAtc 'SHOW fsync'), synchronous_commit $(psql "$pgadmin" -qAtc 'SHOW synchronous_commit')" >&2

# The whole machine's busy CPU so far, in ms (all cores; on a shared
# machine also the other jobs', so only a quiet run's figure means much).
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%.0f\n", ($2 + $3 + $4 + $7 + $8) * 1000 / hz}' /proc/stat; }
# Machine CPU per transaction: $1 ms before, $2 transactions a second.
cpu_per() { awk -v a="$1" -v b="$(cpu_ms)" -v r="$2" -v d="${DURATION%s}" 'BEGIN {printf "%.3f", (b - a) / (r * d)}'; }

pgbench_tps() { # $1 label, $2.. pgbench options → prints, echoes tps
	local tps c0
	c0=$(cpu_ms)
	tps=$("$pgbin/pgbench" -n -c "$CLIENTS" -j 2 -T "${DURATION%s}" "${@:2}" "$(url_of pgbench)" 2>/dev/null |
		awk '/^tps/ {print int($3)}')
	printf '%-44s %10s TPS   machine CPU %s ms a transaction\n' "$1" "$tps" "$(cpu_per "$c0" "$tps")" >&2
	round_record "$1" "$tps"
	echo "$tps"
}

retries() { curl -s -H "Authorization: Bearer bench" "$base/metrics" | awk '$1 == "motcua_db_retries_total" {print $2}' || echo 0; }
trips() { curl -s -H "Authorization: Bearer bench" "$base/metrics" | awk '$1 == "motcua_db_round_trips_total" {print $2}' || echo 0; }
# The group commit's counters: groups, members, member seconds, commit seconds.
groups() { curl -s -H "Authorization: Bearer bench" "$base/metrics" | awk '
	$1 == "motcua_db_group_commits_total" {g = $2} $1 == "motcua_db_group_members_total" {m = $2}
	$1 == "motcua_db_group_member_seconds_total" {ms = $2}
	$1 == "motcua_db_group_commit_seconds_total" {cs = $2}
	END {print g + 0, m + 0, ms + 0, cs + 0}'; }

# ---- 1 and 2: receipts beside pgbench ----
psql "$pgadmin" -qAtc "CREATE DATABASE receipts" >/dev/null
db=$(url_of receipts)
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
serve "$db" "${SERVE_THREADS:-$CLIENTS}" --http.metrics_token bench ${SERVE_OPTS:-}
read -r cookie csrf < <(login tiepnhan)
if [ "${UNITS:-1}" = 2 ]; then
	# A second desk officer at the board (BQL), which may receive what
	# its office (VP, tiepnhan's unit) receives: two units, two day
	# counters, wrk's two threads one each.
	$B user add tiepnhan.bql --full-name "Tiếp nhận BQL" --role receiver --unit BQL \
		--password bench-pass --db "$db" >/dev/null
	read -r cookie2 csrf2 < <(login tiepnhan.bql)
	receipt_lua "$cookie" "$csrf" "$cookie2" "$csrf2"
else
	receipt_lua "$cookie" "$csrf"
fi
# Warm-up, not counted: every connection of the pool and of the group's
# writer prepares its statements at their first use, as pgbench's tables
# are fresh from -i.
wrk -t2 -c"$CLIENTS" -d2s -s "$work/receipt.lua" "$base/api/v1/dossiers" >/dev/null
for round in $(seq "$ROUNDS"); do
	round_set "$round"
	su1=$(pgbench_tps "pgbench simple-update (-N), $CLIENTS clients" -N)
	tpcb=$(pgbench_tps "pgbench TPC-B-like, $CLIENTS clients")
	[ "${PROFILE:-0}" = 1 ] && psql "$db" -qAtc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" >/dev/null
	r0=$(retries)
	t0=$(trips)
	g0=$(groups)
	if [ "${PROFILE:-0}" = 1 ]; then
		(for _ in $(seq 50); do psql "$pgadmin" -qAtc "SELECT wait_event_type || ':' || wait_event FROM pg_stat_activity WHERE datname = 'receipts' AND state = 'active' AND wait_event IS NOT NULL"; sleep 0.1; done) >"$work/waits.txt" 2>/dev/null &
		sampler=$!
	fi
	if [ "${PERF:-0}" = 1 ]; then
		perf record -a -F 999 -g -o "$work/perf.data" -- sleep "${DURATION%s}" >/dev/null 2>&1 &
		perfer=$!
	fi
	c0=$(cpu_ms)
	read -r rec rec_p99 < <(wrk_line "receipts over HTTP ($CLIENTS conn, $CLIENTS threads, ${UNITS:-1} unit(s))" -t2 -c"$CLIENTS" -d"$DURATION" -s "$work/receipt.lua" "$base/api/v1/dossiers")
	[ "${PROFILE:-0}" = 1 ] && { wait "$sampler" || true; } # not the server, also a child
	[ "${PERF:-0}" = 1 ] && { wait "$perfer" || true; }
	cpu_rec=$(cpu_per "$c0" "$rec")
	r1=$(retries)
	t1=$(trips)
	g1=$(groups)
	su2=$(pgbench_tps "pgbench simple-update (-N), again" -N)
	awk -v a="$rec" -v b="$su1" -v c="$su2" -v t="$tpcb" -v r="$((r1 - r0))" -v d="${DURATION%s}" -v k="$((${t1:-0} - ${t0:-0}))" 'BEGIN {
		printf "ratio receipts/simple-update: %.2f; receipts/TPC-B: %.2f; retries per receipt: %.3f; round trips per receipt: %.2f\n",
			a / ((b + c) / 2), a / t, r / (a * d), k / (a * d) }' >&2
	# What the machine's cores allow: receipts cost more CPU than
	# pgbench's transactions (wrk, motcua and PostgreSQL together), so even
	# with the cores all busy they reach at most this share of pgbench.
	awk -v c="$cpu_rec" -v n="$(nproc)" -v b="$su1" 'BEGIN { if (c <= 0) exit
		printf "machine CPU a receipt: %.3f ms; with all %d cores busy at most %.0f receipts/s, %.2f of simple-update\n",
			c, n, n * 1000 / c, n * 1000 / c / b }' >&2
	# The day counter's row is held from a group's first member to its
	# COMMIT, so one unit's receipts go one group at a time: k members of m
	# ms each and a commit of F ms make at most k / (k m + F) a second, per
	# writer (db.pg_writers) that has a unit's receipts to run.
	echo "$g0 $g1" | awk '{ g = $5 - $1; n = $6 - $2; if (g < 1 || n < 1) exit
		k = n / g; m = ($7 - $3) * 1000 / n; f = ($8 - $4) * 1000 / g
		printf "group commit: %d groups of %.1f receipts; a writer: %.3f ms a member, %.3f ms a commit; bound k/(k m + F): %.0f/s a writer busy (one per unit at most)\n",
			g, k, m, f, k * 1000 / (k * m + f) }' >&2
	if [ "${PERF:-0}" = 1 ]; then
		echo "perf: share of the machine's samples during the receipts, by thread name (swapper: idle):" >&2
		perf report -i "$work/perf.data" --no-children --sort pid --stdio -g none 2>/dev/null | grep '%' | grep -v '^#' |
			awk '{sub(/^[0-9]+:/, "", $2); s[$2] += $1} END {for (c in s) printf "    %6.2f%%  %s\n", s[c], c}' | sort -rn | head -8 >&2 || true
		echo "perf: postgres, inclusive (children) share of all samples, top functions:" >&2
		perf report -i "$work/perf.data" --children --comm postgres --sort sym --stdio -g none 2>/dev/null |
			grep '%' | grep -v '^#' | head -40 >&2 || true
		[ -z "${PERF_OUT:-}" ] || cp "$work/perf.data" "$PERF_OUT"
	fi
	if [ "${PROFILE:-0}" = 1 ]; then
		n=$(psql "$db" -qAtc "SELECT count(*) FROM dossiers")
		echo "profile: $n dossiers; top statements (calls per receipt, mean plan ms, mean exec ms):" >&2
		psql "$db" -qAtc "SELECT round(calls::numeric / $n, 2), round(mean_plan_time::numeric, 3), round(mean_exec_time::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 90) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'receipts') ORDER BY total_exec_time + total_plan_time DESC LIMIT 25" >&2
		echo "statements per receipt: $(psql "$db" -qAtc "SELECT round(sum(calls)::numeric / $n, 1) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'receipts')")" >&2
		echo "wait events sampled during receipts:" >&2
		sort "$work/waits.txt" | uniq -c | sort -rn | head -8 >&2
	fi
done
rounds_report "receipts <- pgbench simple-update (-N), $CLIENTS clients"
received=$(psql "$db" -qAtc "SELECT count(*) FROM dossiers")
echo "dossiers stored: $received; audit: $($B audit verify --db "$db" 2>&1 | tail -1)" >&2
[ "${RECEIPTS_ONLY:-0}" = 1 ] && exit 0

# ---- 3. tracking beside nginx, the inbox at 10 000 ----
psql "$pgadmin" -qAtc "CREATE DATABASE track" >/dev/null
db=$(url_of track)
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
$B gen dossiers 10000 --db "$db" --seed 4 --no-visits >/dev/null
serve "$db"
track_fixture "$db"
nginx_file "$work/track.json"
rm -f "$work/rounds.tsv"
for round in $(seq "$ROUNDS"); do
	round_set "$round"
	read -r trk _ < <(wrk_line "motcua GET /api/v1/track/{code}, 256 conn" -t2 -c256 -d"$DURATION" -s "$work/track.lua" "$base")
	read -r ngx _ < <(wrk_line "nginx, static file of the same size" -t2 -c256 -d"$DURATION" "http://127.0.0.1:$nport/track.json")
	awk -v a="$trk" -v b="$ngx" 'BEGIN {printf "ratio motcua/nginx, tracking: %.2f\n", a / b}' >&2
done
rounds_report "nginx, static file of the same size"
read -r lead _ < <(login lanhdao)
wrk_line "inbox, leader (whole agency), 10k" -t2 -c4 -d"$DURATION" -H "Cookie: $lead" "$base/api/v1/inbox?per_page=20" >/dev/null
wrk_line "inbox, leader, overdue box, 10k" -t2 -c4 -d"$DURATION" -H "Cookie: $lead" "$base/api/v1/inbox?box=overdue&per_page=20" >/dev/null
