#!/bin/bash
# Public tracking GET /api/v1/track/{code} with and without the reply cache
# (http.track_cache_ms), in one run, beside nginx serving a static file of
# the same size: section 2 of bench/dossiers.sh (random codes of 1000 out of
# 10 000 generated dossiers, wrk -t2 -c256), repeated ROUNDS times so that
# a machine shared with other work shows its spread. Prints the load
# average before each round.
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
work=$(mktemp -d /tmp/motcua-bench-track.XXXXXX)
chmod 755 "$work"
srv=""
cleanup() {
	[ -n "$srv" ] && kill "$srv" 2>/dev/null
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
	sleep 0.3
	rm -rf "$work"
}
trap cleanup EXIT

port=$((40000 + RANDOM % 10000))
nport=$((port + 1))
base="http://127.0.0.1:$port"

serve() { # $1 db url, $2 track_cache_ms
	[ -n "$srv" ] && { kill "$srv"; wait "$srv" 2>/dev/null || true; }
	$B serve --db "$1" --listen "127.0.0.1:$port" --log_level off --threads "${THREADS:-$(nproc)}" \
		--http.max_conn_per_ip 4096 --http.max_connections 8192 --worker.interval_seconds 0 \
		--http.track_cache_ms "$2" &
	srv=$!
	for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && return 0; sleep 0.1; done
	echo "server did not start" >&2
	exit 1
}

wrk_line() { # $1 label, then wrk arguments
	local label=$1 out rps p99 errs sock
	shift
	out=$(wrk --latency "$@")
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	errs=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	sock=$(echo "$out" | sed -n 's/^ *Socket errors: //p')
	printf '%-44s %10s req/s   p99 %8s%s%s\n' "$label" "$rps" "$p99" "${errs:+   non-2xx $errs}" \
		"${sock:+   socket errors: $sock}"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
db="sqlite:$work/t.db"
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
$B gen dossiers 10000 --db "$db" --seed 4 --open-percent 25 >/dev/null
sqlite3 "$work/t.db" "SELECT code FROM dossiers ORDER BY random() LIMIT 1000" >"$work/codes.txt"
serve "$db" 0
curl -s "$base/api/v1/track/$(head -1 "$work/codes.txt")" >"$work/track.json"
mkdir -p "$work/www"
cp "$work/track.json" "$work/www/track.json"
chmod -R a+rX "$work/www"
cat >"$work/nginx.conf" <<NGINX
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf"
sleep 0.3
{
	echo 'local codes = {}'
	while read -r c; do echo "codes[#codes + 1] = \"$c\""; done <"$work/codes.txt"
	echo 'request = function() return wrk.format("GET", "/api/v1/track/" .. codes[math.random(#codes)]) end'
} >"$work/track.lua"
echo "tracking: 256 connections, $DURATION; response $(stat -c %s "$work/track.json") B"
for r in $(seq "$ROUNDS"); do
	echo "round $r, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	for ttl in $TTLS; do
		serve "$db" "$ttl"
		wrk_line "motcua track, track_cache_ms=$ttl" -t2 -c256 -d"$DURATION" -s "$work/track.lua" "$base"
	done
	wrk_line "nginx, static file of the same size" -t2 -c256 -d"$DURATION" "http://127.0.0.1:$nport/track.json"
done
