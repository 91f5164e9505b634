#!/bin/bash
# Instructions per request, counted by callgrind: a figure that does not
# depend on what else the machine is doing, so two builds can be compared on
# a loaded machine where wrk's requests/s swing by half. The first build given
# (default: build) makes one database, demo data plus `gen dossiers`; each
# build serves a copy of it, migrated forward, under callgrind. After a
# warm-up the counters are zeroed, N requests of one kind are sent one after
# another, and the dump's total divided by N is printed.
# Counted: the whole server process (request threads, SQLite, libc), not curl.
#
#   bash bench/instr.sh [BUILD_DIR ...]        e.g. /tmp/old/build build
#
# Environment: N (requests per kind, default 200), DOSSIERS (default 2000),
# KEEP (a folder: keep each measure's callgrind dump there), INSTR_DB (a
# SQLite file with the demo data and generated dossiers, e.g. bench/stats.sh's
# STATS_DB: read instead of generating DOSSIERS).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-200}
DOSSIERS=${DOSSIERS:-2000}
[ $# -gt 0 ] || set -- build
command -v valgrind >/dev/null && command -v callgrind_control >/dev/null ||
	{ echo "bench/instr.sh needs valgrind (callgrind_control)" >&2; exit 1; }

one_build() { # $1 build dir
	local B rev work port base vg h cookie csrf code i lead total
	B=$(realpath "$1")/motcua
	rev=$(git -C "$(dirname "$B")/.." rev-parse --short HEAD 2>/dev/null || echo unknown)
	work=$(mktemp -d /tmp/motcua-instr.XXXXXX)
	port=$((40000 + RANDOM % 10000))
	base="http://127.0.0.1:$port"
	# Every build reads the same data: the first build's database, which a
	# newer build migrates forward.
	cp "$seed/i.db" "$work/i.db"
	$B migrate --db "sqlite:$work/i.db" >/dev/null 2>&1
	valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" \
		"$B" serve --db "sqlite:$work/i.db" --listen "127.0.0.1:$port" --log_level off --threads 2 \
		--worker.interval_seconds 0 --http.track_cache_ms 0 --http.max_conn_per_ip 4096 \
		>/dev/null 2>&1 &
	vg=$!
	for _ in $(seq 600); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
	login() {
		h=$(curl -s -D - -o "$work/login.json" -H 'content-type: application/json' \
			-d "{\"username\":\"$1\",\"password\":\"bench-pass\"}" "$base/api/v1/auth/login")
		echo "$h" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(motcua_session=[^;]*\).*/\1/p'
	}
	cookie=$(login tiepnhan)
	csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")
	lead=$(login lanhdao)
	code=$(sqlite3 "$work/i.db" "SELECT code FROM dossiers ORDER BY id LIMIT 1 OFFSET 7")
	unit=$(sqlite3 "$work/i.db" "SELECT u.code FROM dossiers d JOIN units u ON u.id = d.processing_unit_id \
GROUP BY u.code ORDER BY count(*) DESC LIMIT 1")
	root=$(sqlite3 "$work/i.db" "SELECT code FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
	from=$(TZ=Asia/Ho_Chi_Minh date -d '364 days ago' +%F)
	to=$(TZ=Asia/Ho_Chi_Minh date +%F)
	year=$(TZ=Asia/Ho_Chi_Minh date +%Y)
	mfrom=$(TZ=Asia/Ho_Chi_Minh date -d "$(date +%Y-%m-01) -1 month" +%F)
	mto=$(TZ=Asia/Ho_Chi_Minh date -d "$(date +%Y-%m-01) -1 day" +%F)
	body='{"procedure_code":"LD-01","applicant":{"kind":"organisation","name":"Công ty TNHH Điện tử Đồng Văn","tax_code":"0101234565","address":"KCN Đồng Văn I, Duy Tiên, Hà Nam","phone":"0226385012"},"components":[{"status":"paper"},{"status":"paper"},{"status":"paper"}]}'
	measure() { # $1 label, then curl arguments
		local label=$1
		shift
		for i in 1 2 3 4 5; do curl -s -o /dev/null "$@"; done
		callgrind_control -z "$vg" >/dev/null 2>&1
		for i in $(seq "$N"); do curl -s -o /dev/null "$@"; done
		rm -f "$work"/cg.*.[0-9]*
		callgrind_control -d "$vg" >/dev/null 2>&1
		sleep 0.5
		total=$(cat "$work"/cg.*.[0-9]* 2>/dev/null | awk '/^summary:/ {s += $2} END {print s + 0}')
		printf '%-40s %12d instructions/request\n' "$label" $((total / N))
		if [ -n "${KEEP:-}" ]; then # the dumps, for callgrind_annotate
			mkdir -p "$KEEP"
			cat "$work"/cg.*.[0-9]* >"$KEEP/$rev-$(echo "$label" | tr -c 'A-Za-z0-9' _).cg"
		fi
	}
	echo "== $1 ($rev)"
	measure "GET /healthz" "$base/healthz"
	measure "GET /api/v1/procedures?q=…" "$base/api/v1/procedures?q=giay%20phep%20lao%20dong"
	measure "GET /api/v1/procedures/LD-02" "$base/api/v1/procedures/LD-02"
	measure "GET /api/v1/track/{code}" "$base/api/v1/track/$code"
	measure "GET /api/v1/inbox (leader)" -H "Cookie: $lead" "$base/api/v1/inbox?per_page=20"
	measure "GET /api/v1/dossiers/{code} (leader)" -H "Cookie: $lead" "$base/api/v1/dossiers/$code"
	# Monitoring (issue 12): the past year of the unit processing most, of
	# the agency, and the agency's report by unit.
	measure "GET /api/v1/stats/indicators (unit, year)" -H "Cookie: $lead" \
		"$base/api/v1/stats/indicators?unit=$unit&from=$from&to=$to"
	measure "GET /api/v1/stats/indicators (agency, year)" -H "Cookie: $lead" \
		"$base/api/v1/stats/indicators?from=$from&to=$to"
	# The calendar year (the year counters), and the last whole month (a
	# period in the past: the dossiers open at its end).
	measure "GET /api/v1/stats/indicators (unit, $year)" -H "Cookie: $lead" \
		"$base/api/v1/stats/indicators?unit=$unit&from=$year-01-01&to=$year-12-31"
	measure "GET /api/v1/stats/indicators (agency, $year)" -H "Cookie: $lead" \
		"$base/api/v1/stats/indicators?from=$year-01-01&to=$year-12-31"
	measure "GET /api/v1/stats/indicators (unit, last month)" -H "Cookie: $lead" \
		"$base/api/v1/stats/indicators?unit=$unit&from=$mfrom&to=$mto"
	measure "GET /api/v1/stats/report (agency, year)" -H "Cookie: $lead" \
		"$base/api/v1/stats/report?unit=$root&from=$from&to=$to&by=unit"
	measure "POST /api/v1/dossiers (receipt)" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
		-H 'content-type: application/json' --data-binary "$body" "$base/api/v1/dossiers"
	kill "$vg" 2>/dev/null
	wait "$vg" 2>/dev/null || true
	rm -rf "$work"
}

seed=$(mktemp -d /tmp/motcua-instr-seed.XXXXXX)
trap 'rm -rf "$seed"' EXIT
first=$(realpath "$1")
if [ -n "${INSTR_DB:-}" ]; then
	sqlite3 "$INSTR_DB" ".backup '$seed/i.db'"
	$first/motcua migrate --db "sqlite:$seed/i.db" >/dev/null 2>&1
else
	$first/motcua migrate --db "sqlite:$seed/i.db" >/dev/null 2>&1
	# demo reads data/ from the build's own source tree
	(cd "$first/.." && "$first/motcua" demo --db "sqlite:$seed/i.db" --password bench-pass >/dev/null 2>&1)
	"$first/motcua" gen dossiers "$DOSSIERS" --db "sqlite:$seed/i.db" --seed 4 --open-percent 25 >/dev/null 2>&1
fi
sqlite3 "$seed/i.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
for b in "$@"; do one_build "$b"; done
