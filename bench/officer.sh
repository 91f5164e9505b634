#!/bin/bash
# What the officer scope of monitoring costs (issue 12), against the
# machine's own limits, never as a test: a SQLite database with the demo
# data and `gen dossiers` (default 20 000, received evenly over the past
# year, with their tickets and ratings), then for the past year, each
# request alone and one after another (wall time: the median of REPEAT,
# curl's time_total) and, with CALLGRIND=1, the instructions per request
# (the whole server, callgrind; N requests after a warm-up):
#   - GET /api/v1/stats/me                     an officer's own scorecard
#   - GET /api/v1/stats/indicators?unit=&officer=   the same, as a leader asks
#   - GET /api/v1/stats/ranking?unit=          the units and the officers ranked
#   - GET /api/v1/stats/indicators?unit=&procedure=  a procedure (tickets and
#                                              ratings read one by one)
#   - GET /api/v1/stats/indicators?unit=       the unit (the aggregates): the
#                                              baseline the others are set against
#
#   bash bench/officer.sh
#
# Environment: BUILD (default build), DOSSIERS (default 20000), REPEAT
# (default 5), CALLGRIND (0), N (callgrind requests per kind, default 3),
# OFFICER_DB (a SQLite file already generated: measured as it is), SAVE_DB
# (keep the generated one there), ONLY (a pattern: the labels to measure).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$(realpath "$BUILD")/motcua
DOSSIERS=${DOSSIERS:-20000}
REPEAT=${REPEAT:-5}
N=${N:-3}
work=$(mktemp -d /tmp/motcua-officer.XXXXXX)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

db="$work/o.db"
if [ -n "${OFFICER_DB:-}" ]; then
	cp "$OFFICER_DB" "$db"
	$B migrate --db "sqlite:$db" >/dev/null 2>&1
else
	$B migrate --db "sqlite:$db" >/dev/null 2>&1
	$B demo --db "sqlite:$db" --password bench-pass >/dev/null 2>&1
	t0=$(date +%s.%N)
	$B gen dossiers "$DOSSIERS" --db "sqlite:$db" --seed 7 >/dev/null
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" -v n="$DOSSIERS" 'BEGIN { printf "generated %d dossiers in %.1f s\n", n, b - a }'
	# The counters of every subject, as a server that has run would have them
	# (else the first reads find more to count than they may and walk).
	t0=$(date +%s.%N)
	$B kpi recompute --db "sqlite:$db" --from "$(TZ=Asia/Ho_Chi_Minh date +%F)" --to "$(TZ=Asia/Ho_Chi_Minh date +%F)" --rebuild >/dev/null
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "aggregates rebuilt in %.1f s\n", b - a }'
	# SAVE_DB: keep the generated database there, for OFFICER_DB next time.
	[ -z "${SAVE_DB:-}" ] || { sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; cp "$db" "$SAVE_DB"; }
fi
echo "dossiers $(sqlite3 "$db" 'SELECT count(*) FROM dossiers'), tickets $(sqlite3 "$db" 'SELECT count(*) FROM queue_tickets' 2>/dev/null || echo ?), ratings $(sqlite3 "$db" 'SELECT count(*) FROM ratings' 2>/dev/null || echo ?)"
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# The officer who acted in the most dossiers' histories, and the unit.
officer=$(sqlite3 "$db" "SELECT u.username FROM dossier_events e JOIN users u ON u.id = e.actor_id \
WHERE u.username <> 'tiepnhan' GROUP BY u.username ORDER BY count(DISTINCT e.dossier_id) DESC LIMIT 1")
unit=$(sqlite3 "$db" "SELECT n.code FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = '$officer'")
proc=$(sqlite3 "$db" "SELECT p.code FROM dossiers d JOIN procedure_versions v ON v.id = d.procedure_version_id \
JOIN procedures p ON p.id = v.procedure_id GROUP BY p.code ORDER BY count(*) DESC LIMIT 1")
acted=$(sqlite3 "$db" "SELECT count(DISTINCT e.dossier_id) FROM dossier_events e JOIN users u ON u.id = e.actor_id WHERE u.username = '$officer'")
echo "officer $officer of $unit (acted in $acted dossiers); procedure $proc"
from=$(TZ=Asia/Ho_Chi_Minh date -d '364 days ago' +%F)
to=$(TZ=Asia/Ho_Chi_Minh date +%F)

serve() { # $1: a wrapper (valgrind ...) or nothing
	local port=$((40000 + RANDOM % 10000))
	base="http://127.0.0.1:$port"
	$1 "$B" serve --db "sqlite:$db" --listen "127.0.0.1:$port" --log_level off --threads 2 \
		--worker.interval_seconds 0 >/dev/null 2>&1 &
	server=$!
	for _ in $(seq 1200); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
	login() {
		curl -s -D - -o /dev/null -H 'content-type: application/json' \
			-d "{\"username\":\"$1\",\"password\":\"bench-pass\"}" "$base/api/v1/auth/login" |
			tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(motcua_session=[^;]*\).*/\1/p'
	}
	lead=$(login lanhdao)
	own=$(login "$officer")
}
stop() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=; }

kinds() { # $1: the measuring function; ONLY: a pattern of the labels to measure
	$1 "GET /api/v1/stats/me (officer, year)" "$own" "/api/v1/stats/me?from=$from&to=$to"
	$1 "indicators unit+officer (leader, year)" "$lead" "/api/v1/stats/indicators?unit=$unit&officer=$officer&from=$from&to=$to"
	$1 "ranking unit, its officers (year)" "$lead" "/api/v1/stats/ranking?unit=$unit&from=$from&to=$to"
	$1 "indicators unit+procedure (year)" "$lead" "/api/v1/stats/indicators?unit=$unit&procedure=$proc&from=$from&to=$to"
	$1 "indicators unit (year, aggregates)" "$lead" "/api/v1/stats/indicators?unit=$unit&from=$from&to=$to"
}

wall() { # label cookie path
	local t s
	[[ "$1" =~ ${ONLY:-.} ]] || return 0
	curl -s -o "$work/r.json" -w '%{http_code}' -H "Cookie: $2" "$base$3" >"$work/code"
	[ "$(cat "$work/code")" = 200 ] || { echo "$1: HTTP $(cat "$work/code"): $(head -c 300 "$work/r.json")" >&2; return; }
	s=$(for _ in $(seq "$REPEAT"); do curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $2" "$base$3"; done | sort -n)
	t=$(echo "$s" | awk '{ v[NR] = $1 } END { printf "median %.3f s (min %.3f, max %.3f)", v[int((NR + 1) / 2)], v[1], v[NR] }')
	printf '%-42s %s\n' "$1" "$t"
}

instr() { # label cookie path
	local total
	[[ "$1" =~ ${ONLY:-.} ]] || return 0
	curl -s -o /dev/null -H "Cookie: $2" "$base$3"
	callgrind_control -z "$server" >/dev/null 2>&1
	for _ in $(seq "$N"); do curl -s -o /dev/null -H "Cookie: $2" "$base$3"; done
	rm -f "$work"/cg.*.[0-9]*
	callgrind_control -d "$server" >/dev/null 2>&1
	sleep 0.5
	total=$(cat "$work"/cg.*.[0-9]* 2>/dev/null | awk '/^summary:/ {s += $2} END {printf "%.0f", s}')
	printf "%-42s %14d instructions/request\n" "$1" $((total / N))
}

serve ""
echo "== wall time, one request at a time (median of $REPEAT)"
kinds wall
stop
if [ "${CALLGRIND:-0}" = 1 ]; then
	serve "valgrind --tool=callgrind --callgrind-out-file=$work/cg.%p"
	echo "== callgrind ($N requests each)"
	kinds instr
	stop
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
