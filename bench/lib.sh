# Shared by the benchmark scripts (sourced, not run): a work folder removed
# at exit, a motcua server on a free port, wrk lines (each with a per-second
# trace and recorded with its round), the spread of every round, nginx
# serving one file beside it, and the public-tracking fixture. Expects B (the
# binary) and DURATION set by the caller; sets work, port, nport, base, srv.
# TRACE=0 turns the per-second trace off.
bench_init() { # $1 name of the work folder
	work=$(mktemp -d "/tmp/motcua-bench-$1.XXXXXX")
	chmod 755 "$work"
	srv=""
	tracer=""
	round=1
	# A free port and the next two (nginx, PostgreSQL): another job's server
	# on the same port made a run stop with "server did not start".
	for _ in $(seq 50); do
		port=$((40000 + RANDOM % 10000))
		[ -z "$(ss -Hltn "( sport >= :$port and sport <= :$((port + 20)) )" 2>/dev/null)" ] && break
	done
	nport=$((port + 1))
	base="http://127.0.0.1:$port"
	trap bench_cleanup EXIT
}

bench_cleanup() {
	[ -n "${tracer:-}" ] && { kill "$tracer" 2>/dev/null || true; }
	# Every step tolerates failing (a server already gone): under set -e a
	# failed kill here would end the trap before the rest.
	[ -n "$srv" ] && { kill "$srv" 2>/dev/null || true; }
	[ -f "$work/nginx.pid" ] && { kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; }
	sleep 0.3
	rm -rf "$work"
}

serve() { # $1 db url [$2 request threads, default one per core] [more serve options]
	local db=$1 threads=${2:-$(nproc)}
	shift $(($# < 2 ? $# : 2))
	[ -n "$srv" ] && { kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; }
	$B serve --db "$db" --listen "127.0.0.1:$port" --log_level off --threads "$threads" \
		--http.max_conn_per_ip 4096 --http.max_connections 8192 --worker.interval_seconds 0 \
		--http.metrics_token bench "$@" &
	srv=$!
	for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && return 0; sleep 0.1; done
	echo "server did not start" >&2
	exit 1
}

wrk_line() { # $1 label, then wrk arguments (the URL last) → prints a line and the
	# per-second trace on stderr, records the round (round_record), echoes "rps p99"
	local label=$1 out rps p99 errs sock
	shift
	[ "${TRACE:-1}" = 0 ] || trace_start "${*: -1}"
	out=$(wrk --latency "$@")
	trace_stop
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	errs=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	sock=$(echo "$out" | sed -n 's/^ *Socket errors: //p')
	printf '%-44s %10s req/s   p99 %8s%s%s\n' "$label" "$rps" "$p99" "${errs:+   non-2xx $errs}" \
		"${sock:+   socket errors: $sock}" >&2
	trace_print
	round_record "$label" "$rps" "$p99"
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
  server {
    listen 127.0.0.1:$nport; root $work/www;
    location = /nginx_status { stub_status; }
  }
}
NGINX
	nginx -c "$work/nginx.conf"
	sleep 0.3
}

track_fixture() { # $1 sqlite:PATH or a PostgreSQL URL with dossiers; the server up → codes.txt, track.json, track.lua
	local q="SELECT code FROM dossiers ORDER BY random() LIMIT 1000"
	case "$1" in
	sqlite:*) sqlite3 "${1#sqlite:}" "$q" ;;
	*) psql "$1" -qAtc "$q" ;;
	esac >"$work/codes.txt"
	curl -s "$base/api/v1/track/$(head -1 "$work/codes.txt")" >"$work/track.json"
	{
		echo 'local codes = {}'
		while read -r c; do echo "codes[#codes + 1] = \"$c\""; done <"$work/codes.txt"
		echo 'request = function() return wrk.format("GET", "/api/v1/track/" .. codes[math.random(#codes)]) end'
	} >"$work/track.lua"
}

login() { # $1 user [$2 password, default bench-pass] → "cookie csrf" (the body kept in login.json)
	local h cookie csrf
	h=$(curl -s -D - -o "$work/login.json" -H 'content-type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"${2:-bench-pass}\"}" "$base/api/v1/auth/login")
	cookie=$(echo "$h" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(motcua_session=[^;]*\).*/\1/p')
	csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")
	echo "$cookie $csrf"
}

receipt_lua() { # $1 cookie, $2 csrf [, more cookie csrf pairs] → receipt.lua: wrk posting
	# one LD-01 receipt at the desk; with several officers (each of another
	# receiving unit), wrk's thread i sends as officer i modulo their number
	local who="" i=0
	while [ $# -ge 2 ]; do
		who="$who{\"$1\", \"$2\"}, "
		shift 2
	done
	cat >"$work/receipt.lua" <<LUA
local officers = {$who}
local threads = 0
function setup(thread)
  thread:set("officer", threads % #officers + 1)
  threads = threads + 1
end
function init(args)
  local o = officers[officer or 1]
  wrk.headers["Cookie"] = o[1]
  wrk.headers["X-CSRF-Token"] = o[2]
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"procedure_code":"LD-01","applicant":{"kind":"organisation","name":"Công ty TNHH Điện tử Đồng Văn","tax_code":"0101234565","address":"KCN Đồng Văn I, Duy Tiên, Hà Nam","phone":"0226385012"},"components":[{"status":"paper"},{"status":"paper"},{"status":"paper"}]}'
LUA
}

# Every round and its spread. Each figure a script measures is recorded with
# the round it belongs to (round_set N); rounds_report prints, per label,
# every round, min / median / max and, for each reference label named (the
# machine's limit measured in the same round: nginx, /healthz, raw commits,
# pgbench), the ratio round by round and its spread.
round_set() { # $1 round number: prints the load average
	round=$1
	echo "round $round, load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

round_record() { # $1 label, $2 value, [$3 p99]: one figure of the current round
	printf '%s\t%s\t%s\t%s\n' "${round:-1}" "$1" "$2" "${3:-}" >>"$work/rounds.tsv"
}

rounds_report() { # [[PREFIX <- ]reference label ...] → the spread of every label on stderr;
	# a reference written "PREFIX <- LABEL" is the limit only of the labels that begin with PREFIX
	[ -s "$work/rounds.tsv" ] || return 0
	python3 - "$work/rounds.tsv" "$@" <<'PY' >&2
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
refs = [(a.split(" <- ", 1) if " <- " in a else ["", a]) for a in sys.argv[2:]]
labels, by = [], {}
for r, label, v, p99 in rows:
    if label not in by:
        labels.append(label)
        by[label] = {}
    try:
        by[label][r] = (float(v), p99)
    except ValueError:
        pass
def spread(vs):
    return "min %s, median %s, max %s" % tuple(f(x) for x in (min(vs), statistics.median(vs), max(vs)))
def f(x):
    return "%.2f" % x if abs(x) < 10 else "{:,.0f}".format(x)
print("every round (label: round value [p99]; spread):")
for label in labels:
    rs = by[label]
    if not rs:
        continue
    each = "  ".join("%s: %s%s" % (r, f(v), " p99 " + p if p else "") for r, (v, p) in rs.items())
    print("  %s\n    %s\n    %s; max/min %.2f" % (label, each, spread([v for v, _ in rs.values()]),
        max(v for v, _ in rs.values()) / max(min(v for v, _ in rs.values()), 1e-9)))
    for prefix, ref in refs:
        if ref == label or ref not in by or not label.startswith(prefix):
            continue
        ratios = [rs[r][0] / by[ref][r][0] for r in rs if r in by[ref] and by[ref][r][0] > 0]
        if ratios:
            print("    ratio to %s, same round: %s; %s" % (ref, " ".join("%.2f" % x for x in ratios), spread(ratios)))
PY
}

# A per-second trace beside a wrk run, so that a round that collapses shows
# when and how. Each second: the requests the server completed (motcua's
# /metrics, which needs --http.metrics_token bench, as serve() sets; nginx's
# stub_status); motcua's CPU and the time its threads spent runnable but
# waiting for a core (/proc/PID/task/*/schedstat; % of one core: a server
# starved by the machine waits there, a server blocked on a lock or the
# disk does not); the whole machine's busy CPU (% of all cores: the other
# jobs on a shared machine); motcua's open connections. trace_start URL
# picks the source from the URL's port; several servers (bench/multi.sh) are
# summed when trace_bases and trace_pids list them.
trace_start() { # $1 the URL wrk is sent to
	local url=$1 src=none
	case "$url" in
	"http://127.0.0.1:$nport"*) src=nginx ;;
	"$base"*) src=motcua ;;
	esac
	[ "$src" = none ] && return 0
	(
		count() { # requests completed so far [open connections]; nothing when the server did not answer in time
			local m
			if [ $src = nginx ]; then
				m=$(curl -sf --max-time 1.5 "http://127.0.0.1:$nport/nginx_status") || return 0
				echo "$m" | awk 'NR == 3 {print $3}'
			else
				local b x y sum=0 open=0
				for b in ${trace_bases:-$base}; do
					m=$(curl -sf --max-time 1.5 -H "Authorization: Bearer bench" "$b/metrics") || return 0
					read -r x y < <(echo "$m" | awk '/^motcua_http_requests_total/ {s += $2}
						/^motcua_http_connections / {c = $2} END {printf "%.0f %d\n", s, c}')
					sum=$((sum + x)) open=$((open + y))
				done
				echo "$sum $open"
			fi
		}
		sched() { # ns on a core, ns waiting for one: the server's threads
			if [ -n "${trace_pids:-$srv}" ] && [ $src = motcua ]; then
				local p
				for p in ${trace_pids:-$srv}; do cat /proc/"$p"/task/*/schedstat; done 2>/dev/null | awk '{r += $1; w += $2} END {printf "%.0f %.0f\n", r, w}'
			else
				echo "0 0"
			fi
		}
		busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }
		n0=""
		while [ -z "$n0" ]; do read -r n0 _ < <(count) || true; done
		t0=$(date +%s%N)
		read -r r0 w0 < <(sched)
		read -r b0 a0 < <(busy)
		next=$((t0 + 1000000000))
		while :; do
			now=$(date +%s%N)
			[ "$now" -lt "$next" ] && sleep "$(awk -v d=$((next - now)) 'BEGIN {printf "%.3f", d / 1e9}')"
			next=$((next + 1000000000))
			n1="" conns=""
			read -r n1 conns < <(count) || true
			t1=$(date +%s%N)
			read -r r1 w1 < <(sched)
			read -r b1 a1 < <(busy)
			[ -n "$n1" ] && awk -v n0="${n0:-0}" -v n1="$n1" -v t0="$t0" -v t1="$t1" -v r0="$r0" -v r1="$r1" \
				-v w0="$w0" -v w1="$w1" -v b0="$b0" -v b1="$b1" -v a0="$a0" -v a1="$a1" -v k="$(nproc)" \
				-v conns="${conns:-}" 'BEGIN {dt = (t1 - t0) / 1e9; printf "%.0f %.0f %.0f %.0f %s\n",
					(n1 - n0) / dt, (r1 - r0) / 1e7 / dt, (w1 - w0) / 1e7 / dt,
					(a1 > a0 ? 100 * k * (b1 - b0) / (a1 - a0) : 0), conns}'
			[ -n "$n1" ] && n0=$n1 t0=$t1 r0=$r1 w0=$w1 b0=$b1 a0=$a1
		done
	) >"$work/trace.txt" 2>/dev/null &
	tracer=$!
}

trace_stop() {
	[ -n "${tracer:-}" ] || return 0
	kill "$tracer" 2>/dev/null || true
	wait "$tracer" 2>/dev/null || true
	tracer=""
}

trace_print() { # the last trace's summary and its seconds on stderr
	[ -s "$work/trace.txt" ] || return 0
	awk '{print $1}' "$work/trace.txt" | sort -n | awk '
		{v[NR] = $1} END {
			med = v[int((NR + 1) / 2)]; low = 0
			for (i = 1; i <= NR; i++) if (v[i] < med / 2) low++
			printf "  per second: min %d, median %d, max %d; %d of %d s under half the median\n", v[1], med, v[NR], low, NR
		}' >&2
	printf '  trace, each second req/s (motcua: CPU%%, waiting for a core%%; machine busy%% of %d00; connections):\n   ' "$(nproc)" >&2
	awk '{printf " %s", $1 ($2 + $3 > 0 ? " (" $2 ", " $3 "; " $4 ($5 != "" ? "; " $5 : "") ")" : " (" $4 ")")}' "$work/trace.txt" >&2
	echo >&2
	cat "$work/trace.txt" >>"$work/traces.txt"
	rm -f "$work/trace.txt"
}
