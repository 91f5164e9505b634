#!/bin/bash
# Documents benchmark (issue 5), measured and never asserted: signing
# results/s with the PEM key and a SoftHSM2 token (bench_docs), then 5 MB
# uploads over HTTP (curl, one at a time, to a real `motcua serve`) beside
# the machine's own limits: `openssl dgst -sha256` and plain `cp` + sync of
# the same files, in each of ROUNDS rounds (default 3): every round printed
# with the load average, then each figure's spread and the ratios round by
# round. Usage: bench/docs.sh [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
M=$(readlink -f "$B/motcua")
work=$(mktemp -d /tmp/motcua-bench-docs.XXXXXX)
port=$((30000 + RANDOM % 10000))
cleanup() { [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null; sleep 0.2; rm -rf "$work"; }
trap cleanup EXIT
$M pki init --data-dir "$work/d" >/dev/null

args=("$work/d" "${N:-200}")
mod=""
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do [ -f "$m" ] && mod=$m && break; done
if [ -n "$mod" ] && command -v pkcs11-tool >/dev/null; then
	mkdir -p "$work/tokens"
	printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$work" >"$work/softhsm2.conf"
	export SOFTHSM2_CONF=$work/softhsm2.conf
	softhsm2-util --init-token --free --label motcua --pin 123456 --so-pin 654321 >/dev/null
	openssl pkcs8 -topk8 -nocrypt -in "$work/d/pki/agency.key" -out "$work/a.p8"
	openssl x509 -in "$work/d/pki/agency.pem" -outform DER -out "$work/a.der"
	softhsm2-util --import "$work/a.p8" --token motcua --label motcua-agency --id 01 --pin 123456 >/dev/null
	pkcs11-tool --module "$mod" --token-label motcua --login --pin 123456 --write-object "$work/a.der" \
		--type cert --label motcua-agency --id 01 >/dev/null 2>&1
	args+=("$mod" 123456)
fi
echo "== signing and the file store (bench_docs)"
"$B/bench/bench_docs" "${args[@]}"
echo "== openssl speed rsa2048 (sign/s, one core)"
openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ {print "openssl rsa2048 sign/s:", $6}'

echo "== 5 MB uploads over HTTP"
files=${FILES:-30}
mkdir -p "$work/f" "$work/cp"
for i in $(seq "$files"); do head -c $((5 << 20)) /dev/urandom >"$work/f/$i.bin"; printf '\xff\xd8\xff\xe0' | dd of="$work/f/$i.bin" conv=notrunc 2>/dev/null; done
$M migrate --db "sqlite:$work/b.db" >/dev/null
$M demo --db "sqlite:$work/b.db" --password bench-pass >/dev/null
$M serve --db "sqlite:$work/b.db" --listen "127.0.0.1:$port" --data-dir "$work/d" --log_level off \
	--files.max_dossier_mb 100000 &
srv=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
jar=$work/jar
csrf=$(curl -s -c "$jar" -H 'content-type: application/json' -d '{"username":"congdan","password":"bench-pass"}' \
	"$base/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
# Files first (issue 15): one staged file per mandatory component, named by the submission.
ids=""
for _ in $(python3 -c 'import json; d=json.load(open("data/catalogue/LD-02.json")); print(" ".join("x" for c in d["components"] if c["mandatory"]))'); do
	ids="$ids $(curl -s -b "$jar" -H "x-csrf-token: $csrf" -H 'content-type: image/jpeg' --data-binary "@$work/f/1.bin" \
		"$base/api/v1/uploads" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
done
comps=$(python3 -c 'import json,sys; d=json.load(open("data/catalogue/LD-02.json")); ids=iter(sys.argv[1:]); print(json.dumps([({"status": "uploaded", "files": [int(next(ids))]} if c["mandatory"] else "not_applicable") for c in d["components"]]))' $ids)
code=$(curl -s -b "$jar" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
	-d "{\"procedure_code\":\"LD-02\",\"applicant\":{\"kind\":\"person\",\"name\":\"Hoàng Văn An\",\"id_number\":\"001090012345\"},\"components\":$comps}" \
	"$base/api/v1/dossiers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
for r in $(seq "${ROUNDS:-3}"); do
	echo "round $r, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	t0=$(date +%s.%N)
	for i in $(seq "$files"); do
		curl -sf -o /dev/null -b "$jar" -H "x-csrf-token: $csrf" -H 'content-type: image/jpeg' \
			--data-binary "@$work/f/$i.bin" "$base/api/v1/dossiers/$code/components/1/files"
	done
	t1=$(date +%s.%N)
	for i in $(seq "$files"); do openssl dgst -sha256 "$work/f/$i.bin" >/dev/null; done
	t2=$(date +%s.%N)
	for i in $(seq "$files"); do cp "$work/f/$i.bin" "$work/cp/$i.bin"; sync "$work/cp/$i.bin"; done
	t3=$(date +%s.%N)
	echo "$t0 $t1 $t2 $t3" >>"$work/rounds.txt"
done
python3 - "$files" "$work/rounds.txt" <<'PY'
import sys, statistics
mb = int(sys.argv[1]) * 5
rounds = []
for n, line in enumerate(open(sys.argv[2]), 1):
    t = [float(x) for x in line.split()]
    up, sha, cp = mb / (t[1] - t[0]), mb / (t[2] - t[1]), mb / (t[3] - t[2])
    rounds.append((up, sha, cp, up / cp, up / sha))
    print(f"round {n}: upload over HTTP {up:.0f} MB/s | openssl dgst -sha256 {sha:.0f} MB/s | cp + sync {cp:.0f} MB/s"
          f" | upload / cp+sync {up / cp:.2f}, upload / sha256 {up / sha:.2f}")
names = ["upload over HTTP, MB/s", "openssl dgst -sha256, MB/s", "cp + sync, MB/s", "upload / cp+sync", "upload / sha256"]
for i, name in enumerate(names):
    vs = [r[i] for r in rounds]
    print(f"{name}: min {min(vs):.2f}, median {statistics.median(vs):.2f}, max {max(vs):.2f}")
PY
