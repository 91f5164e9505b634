#!/bin/bash
# The function-length check of `make check` (STYLE.md, issue 11): no
# function in src/ longer than 120 lines, counted from the first line of its
# definition to its closing brace. It reads the sources as clang-format
# leaves them (.clang-format, checked just before it): a definition's body
# opens with a "{" alone at column 0 and closes with the next "}" alone at
# column 0; its header is the unindented line above, with its indented
# continuation lines. Prints "file:line: name: N lines" per function over the
# limit; exits 1 if any, unless the function is on the allow-list below.
#
# Usage: scripts/fnlen.sh [--max N] [file.c...]   (default: every src/*.c git tracks)
#        scripts/fnlen.sh --self-test             (fails on 121 lines, passes 120)
set -u
cd "$(dirname "$0")/.."
max=120

# Functions allowed over the limit for now, as "file:name ..." (none: keep it so).
allow=""

# Prints "file:line: name: N lines" for each function over $1 lines in the
# files named next.
long_functions() {
	local limit=$1
	shift
	awk -v limit="$limit" '
	FNR == 1 { head = 0; start = 0 }
	# An unindented line that is not a brace, comment, directive or label
	# may open a definition header; indented lines continue it.
	/^[A-Za-z_]/ { head = FNR; text = $0; next }
	/^[ \t]/ && head && !start { text = text " " $0; next }
	/^\{$/ && head {
		start = head
		name = text
		sub(/\(.*/, "", name)
		sub(/.*[ \t*]/, "", name)
		next
	}
	/^\}/ && start {
		n = FNR - start + 1
		if (n > limit)
			printf "%s:%d: %s: %d lines\n", FILENAME, start, name, n
		start = 0
		head = 0
		next
	}
	!start { head = 0 }
	' "$@"
}

if [ "${1:-}" = "--self-test" ]; then
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
	for n in 120 121; do
		{
			echo "static int f$n(int a,"
			echo "		 int b)"
			echo "{"
			for ((i = 0; i < n - 5; i++)); do echo "	a += b;"; done
			echo "	return a;"
			echo "}"
		} >"$dir/f$n.c"
	done
	if [ -n "$(long_functions "$max" "$dir/f120.c")" ]; then
		echo "self-test: a function of 120 lines was refused"
		exit 1
	fi
	if [ "$(long_functions "$max" "$dir/f121.c")" != "$dir/f121.c:1: f121: 121 lines" ]; then
		echo "self-test: a function of 121 lines was not found"
		exit 1
	fi
	echo "self-test: 120 lines pass, 121 fail"
	exit 0
fi
if [ "${1:-}" = "--max" ]; then
	max=$2
	shift 2
fi
if [ $# -eq 0 ]; then
	mapfile -t files < <(git ls-files 'src/*.c')
	set -- "${files[@]}"
fi

bad=0
while IFS= read -r line; do
	[ -n "$line" ] || continue
	file=${line%%:*}
	name=${line#*: }
	name=${name%%:*}
	if [[ " $allow " == *" $file:$name "* ]]; then
		echo "$line (allowed for now)"
	else
		echo "$line"
		bad=1
	fi
done < <(long_functions "$max" "$@")
exit $bad
