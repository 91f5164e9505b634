#!/bin/bash
# `make bench`: measures motcua against the machine's own limits, never as a
# test. wrk at 64 connections against the catalogue search and a procedure's
# detail, and against nginx serving a static file of the same size, in one
# run; then the calendar's due-time rate. Prints requests/s, p99 latency and
# the ratio motcua/nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONN=${CONN:-64}
work=$(mktemp -d /tmp/motcua-bench.XXXXXX)
chmod 755 "$work"
port=$((30000 + RANDOM % 10000))
nport=$((port + 1))
cleanup() {
	[ -n "${srv:-}" ] && kill "$srv" 2>/dev/null
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
	sleep 0.2
	rm -rf "$work"
}
trap cleanup EXIT

build/motcua migrate --db "sqlite:$work/b.db" >/dev/null 2>&1
build/motcua demo --db "sqlite:$work/b.db" --password bench-pass >/dev/null 2>&1
build/motcua serve --db "sqlite:$work/b.db" --listen "127.0.0.1:$port" --log_level off --threads "$(nproc)" --http.max_conn_per_ip 1024 &
srv=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

search="/api/v1/procedures?q=giay%20phep%20lao%20dong"
detail="/api/v1/procedures/LD-02"
curl -s "http://127.0.0.1:$port$search" >"$work/search.json"
curl -s "http://127.0.0.1:$port$detail" >"$work/detail.json"
mkdir -p "$work/www"
cp "$work/search.json" "$work/www/search.json"
cp "$work/detail.json" "$work/www/detail.json"
chmod -R a+rX "$work/www"
cat >"$work/nginx.conf" <<NGINX
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf"
sleep 0.3

measure() { # $1 label, $2 url → "label rps p99"
	local out rps p99
	out=$(wrk -t2 -c"$CONN" -d"$DURATION" --latency "$2")
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	printf '%-28s %12s req/s   p99 %8s\n' "$1" "$rps" "$p99" >&2
	echo "$rps"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
echo "wrk: $CONN connections, $DURATION each; sizes: search $(stat -c %s "$work/search.json") B, detail $(stat -c %s "$work/detail.json") B" >&2
m_search=$(measure "motcua search" "http://127.0.0.1:$port$search")
n_search=$(measure "nginx same-size file" "http://127.0.0.1:$nport/search.json")
m_detail=$(measure "motcua detail" "http://127.0.0.1:$port$detail")
n_detail=$(measure "nginx same-size file" "http://127.0.0.1:$nport/detail.json")
awk -v a="$m_search" -v b="$n_search" 'BEGIN {printf "ratio motcua/nginx, search: %.2f\n", a / b}' >&2
awk -v a="$m_detail" -v b="$n_detail" 'BEGIN {printf "ratio motcua/nginx, detail: %.2f\n", a / b}' >&2
if [ -x build/bench/bench_cal ]; then
	echo "calendar:" >&2
	build/bench/bench_cal >&2
fi
if [ -x build/bench/bench_queue ]; then
	echo "queue:" >&2
	scripts/bench-queue.sh
fi
# Dossiers (issue 4): receipts beside raw durable commits, public tracking
# beside nginx, the inbox at 10k (and 1M with BENCH_1M=1): bench/dossiers.sh.
if [ -f bench/dossiers.sh ]; then
	echo "dossiers:" >&2
	BUILD=build bash bench/dossiers.sh
fi
# Overload (issue 10): a normal client's p99 and the server's RSS while
# 2,000 slowloris, streaming or uploading anonymous clients connect.
if [ -f bench/overload.sh ]; then
	echo "overload:" >&2
	BUILD=build bash bench/overload.sh
fi
# Monitoring (issue 12): the indicators and the report of one unit and of
# the whole agency for a year, beside /healthz, at 20k and 100k dossiers.
if [ -f bench/stats.sh ]; then
	echo "monitoring:" >&2
	BUILD=build bash bench/stats.sh
fi
