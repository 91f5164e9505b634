#!/bin/bash
# The layer check of `make check` (STYLE.md, docs/architecture.md): every
# #include "dir/..." line of src/ against the allowed graph
#
#   cli → api → svc → core, cal, repo → db      model below svc and repo
#   http below api; blob, pki, doc beside core;  base below all
#   core may use cal (both pure: core/kpi.c judges with cal_due())
#
# the library headers each folder alone may include, the repository kept
# private to svc (no svc header that api sees includes repo/ or db/), and
# the calls: no function in src/api calls a repo_ or db_ function, and none
# in src/http a db_ one (the source, and with a build dir the object files'
# undefined symbols). Prints one line per violation; exits 1 if any.
#
# Usage: scripts/layers.sh [build-dir]     (default: build, if it exists)
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
bad=0
fail() {
	echo "$*"
	bad=1
}

# The folders each folder may include from (itself included).
declare -A allowed=(
	[base]="base"
	[model]="model base"
	[core]="core cal base"
	[cal]="cal base"
	[db]="db base"
	[blob]="blob base"
	[pki]="pki base"
	[doc]="doc base"
	[repo]="repo db model core cal base"
	[svc]="svc repo db model core cal blob pki doc base"
	[http]="http base"
	[api]="api svc http model core cal doc base"
	[cli]="cli api svc http db model core cal blob pki doc base"
)

# Library headers only one folder may include: pattern → folder.
declare -A owner=(
	['sqlite3\.h']=db
	['libpq-fe\.h']=db
	['microhttpd\.h']=http
	['cairo[^/]*\.h|pango/']=doc
	['xlsxwriter']=doc
	['openssl/']=pki
)

for dir in src/*/; do
	layer=$(basename "$dir")
	if [ -z "${allowed[$layer]+x}" ]; then
		fail "$dir: a folder the layer check does not know (add it to scripts/layers.sh)"
		continue
	fi
	for f in "$dir"*.[ch]; do
		[ -f "$f" ] || continue
		while IFS=: read -r line inc; do
			target=${inc%%/*}
			case " ${allowed[$layer]} " in
			*" $target "*) ;;
			*) fail "$f:$line: $layer may not include $inc" ;;
			esac
			# The repository is private to svc: a header api includes
			# (any svc header but the *_impl.h ones) names no repo/ or
			# db/ header, and api includes no *_impl.h of svc.
			if [ "$layer" = svc ] && [[ $f == *.h && $f != *_impl.h ]] &&
				[[ $target == repo || $target == db ]]; then
				fail "$f:$line: a public svc header may not include $inc (the repository is private to svc)"
			fi
			if [ "$layer" = api ] && [[ $inc == svc/*_impl.h ]]; then
				fail "$f:$line: api may not include $inc (internal to svc)"
			fi
		done < <(awk 'match($0, /^[ \t]*#[ \t]*include[ \t]*"[a-z]+\/[^"]*"/) {
			s = $0; sub(/^[^"]*"/, "", s); sub(/".*/, "", s); print NR ":" s }' "$f")
		for pat in "${!owner[@]}"; do
			[ "${owner[$pat]}" = "$layer" ] && continue
			grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<($pat)" "$f" |
				while IFS=: read -r line rest; do
					rest=${rest#*<}
					echo "$f:$line: only src/${owner[$pat]} may include ${rest%%>*}"
				done | grep . && bad=1
		done
	done
done

# core, cal and model are pure: libc only, no library of the project's.
for f in src/core/*.[ch] src/cal/*.[ch] src/model/*.h; do
	[ -f "$f" ] || continue
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(jansson|sodium|zlib|curl/|qrencode|xlsxwriter|p11-kit/|sqlite3|libpq|microhttpd|cairo|pango|openssl/)' "$f" |
		sed "s|^|$f:|;s|\$| (core, cal and model use libc only)|" | grep . && bad=1
done

# Calls: api goes through svc; http knows no database.
calls() { # $1 folder, $2 regex of forbidden function names
	grep -nE "(^|[^a-zA-Z0-9_.>])($2)[a-z0-9_]*[[:space:]]*\(" src/"$1"/*.[ch] |
		grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' |
		sed "s|\$|   <- $1 may not call this|"
}
calls api 'repo_|db_' | grep . && bad=1
calls http 'db_' | grep . && bad=1
if [ -d "$build" ]; then
	for lib in api http; do
		objs=$(find "$build" -name "src_${lib}_*.o" 2>/dev/null)
		[ -n "$objs" ] || continue
		case $lib in
		api) re='^(repo|db)_' ;;
		http) re='^db_' ;;
		esac
		for o in $objs; do
			nm -u "$o" | awk '{print $NF}' | grep -E "$re" |
				sed "s|^|$o: calls |;s|\$| ($lib may not)|"
		done | grep . && bad=1
	done
fi

exit $bad
