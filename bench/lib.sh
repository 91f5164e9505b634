# Shared by the benchmark scripts (sourced, not run): a work folder removed
# at exit, a motcua server on a free port, wrk lines, nginx serving one file
# beside it, and the public-tracking fixture. Expects B (the binary) and
# DURATION set by the caller; sets work, port, nport, base, srv.
bench_init() { # $1 name of the work folder
	work=$(mktemp -d "/tmp/motcua-bench-$1.XXXXXX")
	chmod 755 "$work"
	srv=""
	port=$((40000 + RANDOM % 10000))
	nport=$((port + 1))
	base="http://127.0.0.1:$port"
	trap bench_cleanup EXIT
}

bench_cleanup() {
	[ -n "$srv" ] && kill "$srv" 2>/dev/null
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
	sleep 0.3
	rm -rf "$work"
}

serve() { # $1 db url [$2 request threads, default one per core] [more serve options]
	local db=$1 threads=${2:-$(nproc)}
	shift $(($# < 2 ? $# : 2))
	[ -n "$srv" ] && { kill "$srv"; wait "$srv" 2>/dev/null || true; }
	$B serve --db "$db" --listen "127.0.0.1:$port" --log_level off --threads "$threads" \
		--http.max_conn_per_ip 4096 --http.max_connections 8192 --worker.interval_seconds 0 "$@" &
	srv=$!
	for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && return 0; sleep 0.1; done
	echo "server did not start" >&2
	exit 1
}

wrk_line() { # $1 label, then wrk arguments → prints a line on stderr, echoes "rps p99"
	local label=$1 out rps p99 errs sock
	shift
	out=$(wrk --latency "$@")
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	errs=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	sock=$(echo "$out" | sed -n 's/^ *Socket errors: //p')
	printf '%-44s %10s req/s   p99 %8s%s%s\n' "$label" "$rps" "$p99" "${errs:+   non-2xx $errs}" \
		"${sock:+   socket errors: $sock}" >&2
	echo "$rps $p99"
}

nginx_file() { # $1 file: served by nginx at http://127.0.0.1:$nport/<its name>
	mkdir -p "$work/www"
	cp "$1" "$work/www/"
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
}

track_fixture() { # $1 sqlite:PATH with dossiers; the server up → codes.txt, track.json, track.lua
	sqlite3 "${1#sqlite:}" "SELECT code FROM dossiers ORDER BY random() LIMIT 1000" >"$work/codes.txt"
	curl -s "$base/api/v1/track/$(head -1 "$work/codes.txt")" >"$work/track.json"
	{
		echo 'local codes = {}'
		while read -r c; do echo "codes[#codes + 1] = \"$c\""; done <"$work/codes.txt"
		echo 'request = function() return wrk.format("GET", "/api/v1/track/" .. codes[math.random(#codes)]) end'
	} >"$work/track.lua"
}
