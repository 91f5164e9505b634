#!/bin/bash
# Dossier benchmarks (issue 4), against the machine's own limits, never as a
# test. Called by scripts/bench.sh (or alone: bash bench/dossiers.sh).
#
#  1. receipts/s end to end over HTTP: wrk POSTs /api/v1/dossiers (LD-01,
#     3 components, a receiver's session cookie and CSRF header) to a server
#     on a durable SQLite database (WAL, synchronous=FULL), beside
#     bench_commit's raw single-row durable commits/s on the same disk, in
#     the same run;
#  2. public tracking GET /api/v1/track/{code} (random codes of 10 000
#     generated dossiers) at 256 connections, beside nginx serving a static
#     file of the same size;
#  3. inbox latency (a leader's whole-agency first page and overdue box, a
#     specialist's own and pool, a head's unit) at 10 000 dossiers, with an agency's usual
#     open share (3 %, `gen dossiers`' default) and with a quarter open
#     (--open-percent 25, the harsh share of the generator's first version);
#     and, with BENCH_1M=1 (about 12 minutes to generate, open share
#     INBOX_OPEN_PERCENT, default 3) or INBOX_DB_1M="sqlite:PATH ..." (one
#     or more existing databases of 1 000 000 generated dossiers), at a
#     million. Each line names how many dossiers are open.
#
# Sections 1 and 2 run ROUNDS times (default 3); every round is printed with
# its load average and each wrk run's per-second trace (bench/lib.sh), and
# at the end every figure's rounds, their spread and the ratio to the
# machine's limit (raw commits, nginx) round by round.
#
# Environment: DURATION (default 10s), ROUNDS, BUILD (default build), INBOX_ONLY=1
# (section 3 alone), BENCH_1M,
# INBOX_OPEN_PERCENT, INBOX_DB_1M (their demo users' password in
# INBOX_DB_1M_PASSWORD, default bench-pass), INBOX_CONN (connections for the
# inbox, default 4).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$BUILD/motcua
DURATION=${DURATION:-10s}
INBOX_CONN=${INBOX_CONN:-4}
ROUNDS=${ROUNDS:-3}
. bench/lib.sh
bench_init dossiers

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); disk of $work: $(df -h "$work" | awk 'NR==2 {print $1}')" >&2

# ---- 1. receipts ----
if [ "${INBOX_ONLY:-0}" != 1 ]; then
db="sqlite:$work/r.db"
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
# Receipts wait on the commit group's fsync: the default 16 request threads
# (16 connections here) keep a group filling while the last one syncs.
serve "$db" 16
read -r cookie csrf < <(login tiepnhan)
receipt_lua "$cookie" "$csrf"
first=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
	-H 'content-type: application/json' --data-binary @<(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$work/receipt.lua") \
	"$base/api/v1/dossiers")
[ "$first" = 201 ] || { echo "a receipt failed: HTTP $first" >&2; exit 1; }
for r in $(seq "$ROUNDS"); do
	round_set "$r"
	raw=$("$BUILD/bench/bench_commit" "$work" 5 2>/dev/null)
	read -r rec rec_p99 < <(wrk_line "receipts over HTTP (16 conn, 16 threads, durable)" -t2 -c16 -d"$DURATION" -s "$work/receipt.lua" "$base/api/v1/dossiers")
	raw2=$("$BUILD/bench/bench_commit" "$work" 5 2>/dev/null)
	printf '%-44s %10s commits/s (before) %s (after)\n' "raw durable SQLite single-row commits" "$raw" "$raw2" >&2
	round_record "raw durable commits (mean of before, after)" "$(awk -v b="$raw" -v c="$raw2" 'BEGIN {print (b + c) / 2}')"
	awk -v a="$rec" -v b="$raw" -v c="$raw2" 'BEGIN {printf "ratio receipts/raw commits: %.2f\n", a / ((b + c) / 2)}' >&2
done
received=$(sqlite3 "$work/r.db" "SELECT count(*) FROM dossiers")
echo "dossiers stored: $received; audit: $($B audit verify --db "$db" 2>&1 | grep -m1 "history")" >&2

fi

# ---- 2. public tracking, and 3. the inbox at 10 000 ----
# A quarter open, as in the first runs of this benchmark.
db="sqlite:$work/t.db"
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
$B gen dossiers 10000 --db "$db" --seed 4 --open-percent 25 >/dev/null
serve "$db"
if [ "${INBOX_ONLY:-0}" != 1 ]; then
track_fixture "$db"
nginx_file "$work/track.json"
echo "tracking: 256 connections, $DURATION; response $(stat -c %s "$work/track.json") B" >&2
for r in $(seq "$ROUNDS"); do
	round_set "$r"
	read -r trk trk_p99 < <(wrk_line "motcua GET /api/v1/track/{code}" -t2 -c256 -d"$DURATION" -s "$work/track.lua" "$base")
	read -r ngx ngx_p99 < <(wrk_line "nginx, static file of the same size" -t2 -c256 -d"$DURATION" "http://127.0.0.1:$nport/track.json")
	awk -v a="$trk" -v b="$ngx" 'BEGIN {printf "ratio motcua/nginx, tracking: %.2f\n", a / b}' >&2
done
rounds_report "receipts <- raw durable commits (mean of before, after)" "motcua GET <- nginx, static file of the same size"
round=1
fi

open_of() { # $1 sqlite:PATH → how many dossiers are open (in the inbox's states)
	sqlite3 "${1#sqlite:}" "SELECT count(*) FROM dossiers WHERE state IN ('submitted', 'received', \
'in_process', 'awaiting_supplement', 'awaiting_payment', 'result_ready')" 2>/dev/null || echo "?"
}

inbox() { # $1 label (dossier count), $2 password
	local lead spec head
	read -r lead _ < <(login lanhdao "${2:-}")
	read -r spec _ < <(login chuyenvien "${2:-}")
	read -r head _ < <(login truongphong "${2:-}")
	wrk_line "inbox, leader (whole agency), $1" -t2 -c"$INBOX_CONN" -d"$DURATION" -H "Cookie: $lead" "$base/api/v1/inbox?per_page=20" >/dev/null
	wrk_line "inbox, leader, overdue box, $1" -t2 -c"$INBOX_CONN" -d"$DURATION" -H "Cookie: $lead" "$base/api/v1/inbox?box=overdue&per_page=20" >/dev/null
	wrk_line "inbox, specialist (own + pool), $1" -t2 -c"$INBOX_CONN" -d"$DURATION" -H "Cookie: $spec" "$base/api/v1/inbox?per_page=20" >/dev/null
	wrk_line "inbox, head (own + whole unit), $1" -t2 -c"$INBOX_CONN" -d"$DURATION" -H "Cookie: $head" "$base/api/v1/inbox?per_page=20" >/dev/null
}
echo "inbox: $INBOX_CONN connections, $DURATION" >&2
inbox "10k, $(open_of "$db") open"
db="sqlite:$work/i.db"
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
$B gen dossiers 10000 --db "$db" --seed 4 >/dev/null
serve "$db"
inbox "10k, $(open_of "$db") open"

# ---- 3. the inbox at 1 000 000 ----
big=${INBOX_DB_1M:-}
if [ -z "$big" ] && [ "${BENCH_1M:-0}" = 1 ]; then
	big="sqlite:$work/m.db"
	$B migrate --db "$big" >/dev/null 2>&1
	$B demo --db "$big" --password bench-pass >/dev/null 2>&1
	echo "generating 1 000 000 dossiers..." >&2
	$B gen dossiers 1000000 --db "$big" --seed 5 --open-percent "${INBOX_OPEN_PERCENT:-3}" | tail -1 >&2
fi
if [ -n "$big" ]; then
	for one in $big; do
		$B migrate --db "$one" >/dev/null 2>&1 # an older database gets the inbox's index
		serve "$one"
		inbox "1M, $(open_of "$one") open" "${INBOX_DB_1M_PASSWORD:-bench-pass}"
	done
else
	echo "inbox at 1M: skipped (BENCH_1M=1 or INBOX_DB_1M=sqlite:PATH)" >&2
fi
