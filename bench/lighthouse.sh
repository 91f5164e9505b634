#!/bin/bash
# Lighthouse 12 (mobile preset: Moto G Power, slow 4G, 4x CPU slowdown,
# simulated) on the portal's public pages (issue 15, the portal on a phone):
# performance score, CLS, FCP, LCP, TBT for /, a procedure, tracking and
# the kiosk, on a demo database. Lighthouse is installed into a scratch
# folder from the npm registry (it is not one of the project's packages).
# Environment: BUILD (build), LH_DIR (where to install, default /tmp/lh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=$BUILD/motcua
DURATION=1s
. bench/lib.sh
bench_init lighthouse
LH_DIR=${LH_DIR:-/tmp/lh}
[ -x "$LH_DIR/node_modules/.bin/lighthouse" ] ||
	(mkdir -p "$LH_DIR" && cd "$LH_DIR" && npm install --silent --no-audit --no-fund lighthouse@12 >/dev/null)
db="sqlite:$work/l.db"
$B migrate --db "$db" >/dev/null 2>&1
$B demo --db "$db" --password bench-pass >/dev/null 2>&1
serve "$db"
echo "Lighthouse $("$LH_DIR/node_modules/.bin/lighthouse" --version), mobile preset; machine load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for page in "/" "/#/procedures/LD-02" "/#/track" "/#/kiosk/BQL"; do
	CHROME_PATH=${CHROMIUM:-/usr/bin/chromium} "$LH_DIR/node_modules/.bin/lighthouse" "$base$page" --quiet \
		--chrome-flags="--headless=new --no-sandbox" --only-categories=performance \
		--output=json --output-path="$work/r.json" >/dev/null 2>&1 || true
	python3 - "$page" "$work/r.json" <<'PY' >&2
import json, sys
try:
    r = json.load(open(sys.argv[2]))
    a = r['audits']
    print(f"{sys.argv[1]:24} performance {round(r['categories']['performance']['score'] * 100):3}  "
          f"CLS {a['cumulative-layout-shift']['displayValue']:6} FCP {a['first-contentful-paint']['displayValue']:7} "
          f"LCP {a['largest-contentful-paint']['displayValue']:7} TBT {a['total-blocking-time']['displayValue']}")
except Exception as e:
    print(f"{sys.argv[1]:24} no result ({e})")
PY
	rm -f "$work/r.json"
done
