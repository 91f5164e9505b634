#!/bin/bash
# `make check`: builds motcua (warnings are errors) and an AddressSanitizer +
# UndefinedBehaviorSanitizer build, starts a throwaway PostgreSQL, and runs
# every suite: unit (cmocka), database (SQLite and PostgreSQL), API over HTTP
# (both backends), browser (Chromium), docs, and the fuzzers of fuzz/
# (scripts/fuzz.sh, FUZZ_SECONDS each, default 60). Prints one summary line
# "N passed, N failed" last, and exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
passed=0
failed=0
skipped=0
failures=()
logdir=$(mktemp -d /tmp/motcua-check.XXXXXX)
pgdir=""

cleanup() {
	[ -n "$pgdir" ] && scripts/pg-test.sh stop "$pgdir"
	pkill -P $$ 2>/dev/null || true
}
trap cleanup EXIT

note() { printf '== %s\n' "$*"; }

# Counts TAP lines of one run. $1 = suite label, $2 = log file, $3 = exit code.
tally_tap() {
	local label=$1 log=$2 rc=$3 ok nok skip
	# A skipped test (TAP "# SKIP") is neither passed nor failed; node
	# writes "ok N name # SKIP", cmocka's skip() "not ok N # SKIP name".
	local okskip nokskip
	okskip=$(grep -E '^[[:space:]]*ok [0-9]+' "$log" | grep -ciE '# skip')
	nokskip=$(grep -ciE '^[[:space:]]*not ok [0-9]+ # skip' "$log")
	ok=$(($(grep -cE '^[[:space:]]*ok [0-9]+' "$log") - okskip))
	nok=$(($(grep -cE '^[[:space:]]*not ok [0-9]+' "$log") - nokskip))
	skip=$((okskip + nokskip))
	skipped=$((skipped + skip))
	if [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then
		nok=1 # crashed or failed outside any test
	fi
	passed=$((passed + ok))
	failed=$((failed + nok))
	printf '   %-40s %4d passed %4d failed\n' "$label" "$ok" "$nok"
	if [ "$nok" -gt 0 ]; then
		failures+=("$label (log: $log)")
		grep -E '^[[:space:]]*not ok' "$log" | grep -viE '^[[:space:]]*not ok [0-9]+ # skip' |
			head -20 | sed 's/^/     /'
	fi
}

# Node's test runner: nested subtests are indented; count the top-level
# summary instead.
tally_node() {
	local label=$1 log=$2 rc=$3 ok nok
	ok=$(grep -E '^# pass [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
	nok=$(grep -E '^# fail [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
	ok=${ok:-0}
	nok=${nok:-0}
	if [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then nok=1; fi
	passed=$((passed + ok))
	failed=$((failed + nok))
	printf '   %-40s %4d passed %4d failed\n' "$label" "$ok" "$nok"
	if [ "$nok" -gt 0 ]; then
		failures+=("$label (log: $log)")
		grep -E '^[[:space:]]*not ok' "$log" | grep -viE '^[[:space:]]*not ok [0-9]+ # skip' |
			head -20 | sed 's/^/     /'
	fi
}

run_unit() { # $1 build dir, $2 label prefix
	local b=$1 t rc
	for t in "$b"/tests/unit/test_* "$b"/tests/unit/cal/test_*; do
		[ -x "$t" ] && [ -f "$t" ] || continue
		local name
		name=$(basename "$t")
		CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$logdir/$2-$name.log" 2>&1
		rc=$?
		tally_tap "$2 $name" "$logdir/$2-$name.log" $rc
	done
	for t in tests/unit/cal/*.sh; do
		[ -f "$t" ] || continue
		bash "$t" "$b/motcua" >"$logdir/$2-$(basename "$t").log" 2>&1
		tally_tap "$2 $(basename "$t")" "$logdir/$2-$(basename "$t").log" $?
	done
}

run_db() { # $1 build dir, $2 label, $3 url, $4 test binary (default test_db)
	local log="$logdir/$2.log"
	MOTCUA_TEST_DB=$3 CMOCKA_MESSAGE_OUTPUT=TAP "$1/tests/db/${4:-test_db}" >"$log" 2>&1
	tally_tap "$2" "$log" $?
}

pg_db() { # creates a fresh database, prints its URL
	local name="motcua_check_$1"
	psql "$pgadmin" -qAtc "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1
	psql "$pgadmin" -qAtc "CREATE DATABASE $name" >/dev/null
	echo "${pgadmin/\/postgres\?//$name?}"
}

run_node() { # $1 label, $2 test folder, env in the caller
	local log="$logdir/$1.log"
	node --test --test-reporter=tap --test-concurrency=1 "$2"/ >"$log" 2>&1
	tally_node "$1" "$log" $?
}

note "building (warnings are errors)"
if [ ! -f build/build.ninja ]; then
	meson setup build -Dwerror=true >"$logdir/setup.log" 2>&1 || { cat "$logdir/setup.log"; echo "0 passed, 1 failed"; exit 1; }
else
	meson configure build -Dwerror=true >/dev/null
fi
if ! ninja -C build >"$logdir/build.log" 2>&1; then
	tail -40 "$logdir/build.log"
	echo "0 passed, 1 failed"
	exit 1
fi
note "building with AddressSanitizer and UndefinedBehaviorSanitizer"
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug >"$logdir/setup-asan.log" 2>&1 || { cat "$logdir/setup-asan.log"; echo "0 passed, 1 failed"; exit 1; }
fi
if ! ninja -C build-asan >"$logdir/build-asan.log" 2>&1; then
	tail -40 "$logdir/build-asan.log"
	echo "0 passed, 1 failed"
	exit 1
fi
# Every reply of the API tests is checked against docs/openapi.yaml
# (tests/lib/openapi.mjs); on unless this is 0.
export MOTCUA_OPENAPI_CHECK=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0

note "starting a throwaway PostgreSQL"
pgdir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
pgport=$((20000 + RANDOM % 20000))
if ! pgadmin=$(scripts/pg-test.sh start "$pgdir" "$pgport"); then
	echo "cannot start PostgreSQL"
	failed=$((failed + 1))
	failures+=("postgresql start")
	pgadmin=""
fi

note "format (clang-format, .clang-format)"
fmtlog="$logdir/format.log"
if git ls-files 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.c' 'fuzz/*.c' | xargs clang-format --dry-run --Werror >"$fmtlog" 2>&1; then
	echo "ok 1 - sources match .clang-format" >>"$fmtlog"
	tally_tap "format" "$fmtlog" 0
else
	echo "not ok 1 - sources differ from .clang-format (run: make format)" >>"$fmtlog"
	tally_tap "format" "$fmtlog" 1
fi

note "layers (scripts/layers.sh: includes and calls against the allowed graph)"
laylog="$logdir/layers.log"
if scripts/layers.sh build >"$laylog" 2>&1; then
	echo "ok 1 - includes and calls follow the layers" >>"$laylog"
	tally_tap "layers" "$laylog" 0
else
	echo "not ok 1 - includes or calls cross the layers (see the lines above)" >>"$laylog"
	tally_tap "layers" "$laylog" 1
fi

note "function length (scripts/fnlen.sh: none over 120 lines in src/)"
fnlog="$logdir/fnlen.log"
if scripts/fnlen.sh --self-test >"$fnlog" 2>&1 && scripts/fnlen.sh >>"$fnlog" 2>&1; then
	echo "ok 1 - no function in src/ is over 120 lines" >>"$fnlog"
	tally_tap "function length" "$fnlog" 0
else
	echo "not ok 1 - a function in src/ is over 120 lines (see the lines above)" >>"$fnlog"
	tally_tap "function length" "$fnlog" 1
fi

note "OpenAPI (redocly lint docs/openapi.yaml, redocly.yaml)"
lintlog="$logdir/openapi-lint.log"
if node_modules/.bin/redocly lint docs/openapi.yaml >"$lintlog" 2>&1; then
	echo "ok 1 - docs/openapi.yaml passes redocly lint" >>"$lintlog"
	tally_tap "openapi lint" "$lintlog" 0
else
	echo "not ok 1 - redocly lint docs/openapi.yaml fails (npm ci installs it)" >>"$lintlog"
	tally_tap "openapi lint" "$lintlog" 1
fi

note "unit tests"
run_unit build unit

note "database tests"
run_db build "db sqlite" "sqlite:$logdir/db-test.db"
[ -n "$pgadmin" ] && run_db build "db postgresql" "$(pg_db db)"
run_db build "db calendar sqlite" "sqlite:$logdir/db-cal.db" test_db_calendar
[ -n "$pgadmin" ] && run_db build "db calendar postgresql" "$(pg_db cal)" test_db_calendar
run_db build "db dossiers sqlite" "sqlite:$logdir/db-dossiers.db" test_db_dossiers
[ -n "$pgadmin" ] && run_db build "db dossiers postgresql" "$(pg_db dossiers)" test_db_dossiers
run_db build "db queue sqlite" "sqlite:$logdir/db-queue.db" test_db_queue
[ -n "$pgadmin" ] && run_db build "db queue postgresql" "$(pg_db queue)" test_db_queue
run_db build "db documents sqlite" "sqlite:$logdir/db-documents.db" test_db_documents
[ -n "$pgadmin" ] && run_db build "db documents postgresql" "$(pg_db documents)" test_db_documents
run_db build "db kpi sqlite" "sqlite:$logdir/db-kpi.db" test_db_kpi
[ -n "$pgadmin" ] && run_db build "db kpi postgresql" "$(pg_db kpi)" test_db_kpi

note "signatures (PEM key, SoftHSM2 token, pdfsig, openssl cms)"
bash tests/pki/pki.test.sh build/motcua >"$logdir/pki.log" 2>&1
tally_tap "pki" "$logdir/pki.log" $?

note "API tests over HTTP"
MOTCUA_BIN=build/motcua MOTCUA_BACKEND=sqlite run_node "api sqlite" tests/api
[ -n "$pgadmin" ] && MOTCUA_BIN=build/motcua MOTCUA_BACKEND=postgres MOTCUA_PG_ADMIN=$pgadmin \
	run_node "api postgresql" tests/api

note "docs"
MOTCUA_BIN=build/motcua run_node "docs" tests/docs

note "browser tests (Chromium)"
MOTCUA_BIN=build/motcua MOTCUA_BACKEND=sqlite run_node "web chromium" tests/web

note "sanitizers: unit, database and API tests again"
run_unit build-asan "asan unit"
run_db build-asan "asan db sqlite" "sqlite:$logdir/db-asan.db"
[ -n "$pgadmin" ] && run_db build-asan "asan db postgresql" "$(pg_db asan)"
run_db build-asan "asan db calendar sqlite" "sqlite:$logdir/db-cal-asan.db" test_db_calendar
[ -n "$pgadmin" ] && run_db build-asan "asan db calendar postgresql" "$(pg_db calasan)" test_db_calendar
run_db build-asan "asan db dossiers sqlite" "sqlite:$logdir/db-dossiers-asan.db" test_db_dossiers
[ -n "$pgadmin" ] && run_db build-asan "asan db dossiers postgresql" "$(pg_db dossiersasan)" test_db_dossiers
run_db build-asan "asan db queue sqlite" "sqlite:$logdir/db-queue-asan.db" test_db_queue
[ -n "$pgadmin" ] && run_db build-asan "asan db queue postgresql" "$(pg_db queueasan)" test_db_queue
run_db build-asan "asan db documents sqlite" "sqlite:$logdir/db-documents-asan.db" test_db_documents
[ -n "$pgadmin" ] && run_db build-asan "asan db documents postgresql" "$(pg_db documentsasan)" test_db_documents
bash tests/pki/pki.test.sh build-asan/motcua >"$logdir/pki-asan.log" 2>&1
tally_tap "asan pki" "$logdir/pki-asan.log" $?
MOTCUA_BIN=build-asan/motcua MOTCUA_BACKEND=sqlite run_node "asan api sqlite" tests/api

note "fuzzers (libFuzzer: committed inputs replayed, then ${FUZZ_SECONDS:-60} s each)"
for f in fuzz/fuzz_*.c; do
	t=$(basename "$f" .c)
	FUZZ_LOGDIR="$logdir/fuzz" bash scripts/fuzz.sh "$t" >"$logdir/$t.log" 2>&1
	tally_tap "$t" "$logdir/$t.log" $?
	grep -E '^ok' "$logdir/$t.log" | sed 's/^ok [0-9]* - /     /'
done

echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "failed suites:"
	printf '  %s\n' "${failures[@]}"
fi
echo "logs: $logdir"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
