#!/bin/bash
# The libFuzzer targets of fuzz/ (issue 10): builds them with clang in
# build-fuzz/ (meson -Dfuzz=true), then for each target
#   1. replays every committed input of fuzz/corpus/<target>/ (seeds and
#      crash-* regression cases: none may fail), and
#   2. fuzzes for FUZZ_SECONDS (default 60) from a copy of those inputs in
#      a temporary folder, so the corpus it grows stays out of git.
# Prints one TAP line per target ("ok N - fuzz_x: R runs in S s, ..."), as
# scripts/check.sh counts them; exits non-zero if any target failed.
# A crash leaves its input in the log folder: copy it to
# fuzz/corpus/<target>/crash-<what> once fixed, as a regression case.
#
# Usage: scripts/fuzz.sh [TARGET...]     (default: every fuzz/fuzz_*.c)
# Environment: FUZZ_SECONDS, FUZZ_LOGDIR (default: a new /tmp folder),
#              BUILD_FUZZ (default build-fuzz).
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
bdir=${BUILD_FUZZ:-build-fuzz}
logdir=${FUZZ_LOGDIR:-$(mktemp -d /tmp/motcua-fuzz.XXXXXX)}
mkdir -p "$logdir"

if [ $# -gt 0 ]; then
	targets=("$@")
else
	targets=()
	for f in fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi

if [ ! -f "$bdir/build.ninja" ]; then
	if ! CC=clang meson setup "$bdir" -Dfuzz=true >"$logdir/setup.log" 2>&1; then
		cat "$logdir/setup.log"
		n=0
		for t in "${targets[@]}"; do
			n=$((n + 1))
			echo "not ok $n - $t: clang build not configured (log: $logdir/setup.log)"
		done
		exit 1
	fi
fi
build_ok=1
if ! ninja -C "$bdir" "${targets[@]/#/fuzz/}" >"$logdir/build.log" 2>&1; then
	tail -30 "$logdir/build.log"
	build_ok=0
fi

# Symbolized reports; a leak is a failure like any other.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

n=0
failed=0
total=0
for t in "${targets[@]}"; do
	n=$((n + 1))
	bin="$bdir/fuzz/$t"
	seeds="fuzz/corpus/$t"
	if [ "$build_ok" -ne 1 ] || [ ! -x "$bin" ]; then
		echo "not ok $n - $t: does not build (log: $logdir/build.log)"
		failed=$((failed + 1))
		continue
	fi
	# 1. Every committed input, once.
	nseeds=$(find "$seeds" -type f 2>/dev/null | wc -l)
	if [ "$nseeds" -gt 0 ] && ! "$bin" -runs=1 $(find "$seeds" -type f | sort) \
		>"$logdir/$t-replay.log" 2>&1; then
		echo "not ok $n - $t: a committed input fails (log: $logdir/$t-replay.log)"
		grep -E 'Running:|ERROR|property broken|runtime error' "$logdir/$t-replay.log" |
			tail -4 | sed 's/^/#   /'
		failed=$((failed + 1))
		continue
	fi
	# 2. Fuzz from a copy of them.
	work=$(mktemp -d "$logdir/$t-corpus.XXXXXX")
	[ "$nseeds" -gt 0 ] && cp "$seeds"/* "$work"/
	mkdir -p "$logdir/$t-artifacts"
	"$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
		-artifact_prefix="$logdir/$t-artifacts/" "$work" >"$logdir/$t.log" 2>&1
	rc=$?
	runs=$(grep -E '^stat::number_of_executed_units:' "$logdir/$t.log" | tail -1 | awk '{print $2}')
	runs=${runs:-0}
	total=$((total + runs))
	grown=$(find "$work" -type f | wc -l)
	rm -rf "$work"
	if [ $rc -ne 0 ]; then
		echo "not ok $n - $t: failed after $runs runs (log: $logdir/$t.log)"
		grep -E 'ERROR|property broken|runtime error|Test unit written' "$logdir/$t.log" |
			head -4 | sed 's/^/#   /'
		failed=$((failed + 1))
	else
		echo "ok $n - $t: $runs runs in $secs s, $nseeds committed inputs replayed, corpus $nseeds -> $grown"
	fi
done
echo "# $total runs in all; logs: $logdir"
[ "$failed" -eq 0 ]
