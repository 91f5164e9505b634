#!/bin/sh
# Installs what motcua needs from Debian (deps/debian.txt) and npm
# (package.json), skipping what is already there. Runs as root, or through
# sudo. Safe to run again.
set -eu
cd "$(dirname "$0")/.."

pkgs=$(grep -v '^#' deps/debian.txt | tr -s ' \n\t' '   ')
missing=""
for p in $pkgs; do
	# A Node.js from elsewhere (with its own npm) must not be replaced.
	case "$p" in
	nodejs | npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "install-deps: installing$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# npm packages, exactly as locked; only when the lock changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "install-deps: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
fi
