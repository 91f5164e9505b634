#!/bin/sh
# A throwaway PostgreSQL cluster for tests, on a private socket folder and
# port, owned by an unprivileged user (PostgreSQL refuses to run as root).
#   scripts/pg-test.sh start DIR PORT   prints the admin URL
#   scripts/pg-test.sh standby DIR PORT PRIMARY_URL
#                                       a hot standby streaming from the
#                                       cluster at PRIMARY_URL (its admin URL);
#                                       prints the standby's admin URL
#   scripts/pg-test.sh restart DIR      pg_ctl restart -m fast: every session cut
#   scripts/pg-test.sh halt DIR         stopped (-m fast), the folder kept
#   scripts/pg-test.sh stop DIR
set -eu
cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg-test: no PostgreSQL server installed" >&2; exit 1; }
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
	port=$3
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
	as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	# Tests trade durability for speed; a benchmark (PG_TEST_DURABLE=1) keeps
	# PostgreSQL's defaults. PG_TEST_OPTS adds server options (-c name=value).
	durability="-c fsync=off -c synchronous_commit=off"
	[ "${PG_TEST_DURABLE:-0}" = 1 ] && durability=""
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
		"-k $dir -p $port -c listen_addresses='' $durability -c max_connections=300 ${PG_TEST_OPTS:-}" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	echo "postgresql://postgres@/postgres?host=$dir&port=$port"
	;;
standby)
	port=$3
	primary=$4
	phost=$(printf '%s' "$primary" | sed -n 's/.*[?&]host=\([^&]*\).*/\1/p')
	pport=$(printf '%s' "$primary" | sed -n 's/.*[?&]port=\([0-9]*\).*/\1/p')
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
	as_pg "$bin/pg_basebackup" -D "$dir/data" -R -X stream -c fast -h "$phost" -p "$pport" -U postgres \
		>"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
		"-k $dir -p $port -c listen_addresses='' -c fsync=off -c max_connections=300 -c hot_standby=on" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	echo "postgresql://postgres@/postgres?host=$dir&port=$port"
	;;
restart)
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -m fast restart >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	;;
halt)
	as_pg "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >/dev/null
	;;
stop)
	as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-test.sh start DIR PORT | standby DIR PORT PRIMARY_URL | restart DIR | halt DIR | stop DIR" >&2
	exit 2
	;;
esac
