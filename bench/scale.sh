#!/bin/bash
# Growth with the number of dossiers (issue 16, item 4): for each database
# given (sqlite:PATH or postgresql://..., made by `motcua gen dossiers`), in
# one run: a leader's inbox (whole agency, first page), a specialist's,
# public tracking of random codes with the reply cache off (every request
# reads the database), each at INBOX_CONN connections, with nginx serving a
# tracking reply beside as the machine's limit in the same round; the size on disk (file, or
# PostgreSQL's database with its largest tables and indexes); and the plans
# of the statements that keep each flat (EXPLAIN). docs/benchmarks.md puts
# the figures side by side and draws the line to 10 million.
#
# Usage: bash bench/scale.sh DB_URL... Environment: DURATION (8s), BUILD
# (build), INBOX_CONN (4), ROUNDS (1), LEADER_ONLY (1: only the leader's
# inbox), BOX (the leader's box, e.g. approvals; default all); the demo
# users' password bench-pass.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$BUILD/motcua
DURATION=${DURATION:-8s}
INBOX_CONN=${INBOX_CONN:-4}
ROUNDS=${ROUNDS:-1}
. bench/lib.sh
bench_init scale
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

OPEN="('submitted', 'received', 'in_process', 'awaiting_supplement', 'awaiting_payment', 'result_ready')"
DUE="COALESCE(d.extended_due_at, d.due_at, d.step_due_at, 9223372036854775807)"
PAGE="SELECT d.id, d.code FROM dossiers d WHERE d.state IN $OPEN ORDER BY $DUE, d.id LIMIT 20"
OVERDUE="SELECT COUNT(*) FROM dossiers d WHERE d.state IN $OPEN AND $DUE <= 1780000000000"
TRACK="SELECT d.id FROM dossiers d WHERE d.code = '000.00.00.H00.00-000000-0000'"

q() { # $1 url, $2 SQL → rows
	case "$1" in
	sqlite:*) sqlite3 "${1#sqlite:}" "$2" ;;
	*) psql "$1" -qAtc "$2" ;;
	esac
}

for db in "$@"; do
	n=$(q "$db" "SELECT count(*) FROM dossiers")
	open=$(q "$db" "SELECT count(*) FROM dossiers d WHERE d.state IN $OPEN")
	case "$db" in
	sqlite:*)
		f=${db#sqlite:}
		size="$(du -m "$f" | cut -f1) MB file"
		echo "== $db: $n dossiers, $open open; $size; $(sqlite3 "$f" 'PRAGMA page_size') B pages" >&2
		for s in "$PAGE" "$OVERDUE" "$TRACK"; do
			echo "EXPLAIN QUERY PLAN $s" | cut -c1-150 >&2
			sqlite3 "$f" "EXPLAIN QUERY PLAN $s" | sed 's/^/    /' >&2
		done
		echo "largest objects (dbstat, MB):" >&2
		sqlite3 "$f" "SELECT name, round(sum(pgsize) / 1048576.0, 1) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8" 2>/dev/null | sed 's/^/    /' >&2 || true
		;;
	*)
		psql "$db" -qAtc "VACUUM ANALYZE" >/dev/null
		size="$(psql "$db" -qAtc "SELECT pg_database_size(current_database()) / 1048576") MB database"
		echo "== ${db%%\?*}: $n dossiers, $open open; $size" >&2
		for s in "$PAGE" "$OVERDUE" "$TRACK"; do
			echo "EXPLAIN $s" | cut -c1-150 >&2
			psql "$db" -qAtc "EXPLAIN (COSTS OFF) $s" | sed 's/^/    /' >&2
		done
		echo "largest objects (MB):" >&2
		psql "$db" -qAtc "SELECT relname, pg_relation_size(oid) / 1048576 FROM pg_class WHERE relkind IN ('r', 'i') \
ORDER BY pg_relation_size(oid) DESC LIMIT 8" | sed 's/^/    /' >&2
		;;
	esac
	serve "$db" "" --http.track_cache_ms 0
	read -r lead _ < <(login lanhdao)
	read -r spec _ < <(login chuyenvien)
	q "$db" "SELECT code FROM dossiers ORDER BY random() LIMIT 1000" >"$work/codes.txt"
	{
		echo 'local codes = {}'
		while read -r c; do echo "codes[#codes + 1] = \"$c\""; done <"$work/codes.txt"
		echo 'request = function() return wrk.format("GET", "/api/v1/track/" .. codes[math.random(#codes)]) end'
	} >"$work/track.lua"
	if [ ! -f "$work/nginx.pid" ]; then
		curl -s "$base/api/v1/track/$(head -1 "$work/codes.txt")" >"$work/track.json"
		nginx_file "$work/track.json"
	fi
	wt=$((INBOX_CONN < 2 ? 1 : 2))
	for r in $(seq "$ROUNDS"); do
		round_set "$r"
		wrk_line "inbox, leader${BOX:+ ($BOX)}, $n" -t"$wt" -c"$INBOX_CONN" -d"$DURATION" -H "Cookie: $lead" \
			"$base/api/v1/inbox?per_page=20${BOX:+&box=$BOX}" >/dev/null
		[ "${LEADER_ONLY:-0}" = 1 ] && continue
		wrk_line "inbox, specialist, $n" -t"$wt" -c"$INBOX_CONN" -d"$DURATION" -H "Cookie: $spec" "$base/api/v1/inbox?per_page=20" >/dev/null
		wrk_line "tracking, cache off, $n" -t"$wt" -c"$INBOX_CONN" -d"$DURATION" -s "$work/track.lua" "$base" >/dev/null
		wrk_line "nginx, a tracking reply (the machine), $n" -t"$wt" -c"$INBOX_CONN" -d"$DURATION" "http://127.0.0.1:$nport/track.json" >/dev/null
	done
done
rounds_report
