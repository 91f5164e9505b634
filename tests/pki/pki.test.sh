#!/bin/bash
# Signatures end to end, TAP output: `motcua pki init`, PAdES signing with
# the PEM key and with a SoftHSM2 token (set up here in a temp dir), pdfsig
# and `openssl cms -verify` as outside judges, one changed byte breaks the
# signature, a wrong PIN is refused. Usage: pki.test.sh path/to/motcua
set -u
M=${1:-build/motcua}
M=$(readlink -f "$M")
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d /tmp/motcua-pki.XXXXXX)
trap 'rm -rf "$t"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }
check() { # description, command...
	local d=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$d"; else nok "$d" "$out"; fi
}
refuse() { # the command must fail
	local d=$1 out
	shift
	if out=$("$@" 2>&1); then nok "$d" "$out"; else ok "$d"; fi
}
cd "$t"
python3 "$here/make_pdf.py" plain.pdf
python3 "$here/make_pdf.py" xstream.pdf --xref-stream
pdftocairo -pdf plain.pdf cairo.pdf
D="--data-dir $t/d"

check "pki init writes a demo CA and the agency certificate" $M pki init $D
refuse "pki init refuses to overwrite keys" $M pki init $D
check "the agency certificate chains to the demo CA" openssl verify -CAfile d/pki/ca.pem d/pki/agency.pem

# --- PEM key
for f in plain cairo xstream; do
	check "sign $f.pdf with the PEM key" $M pki sign $f.pdf --out $f.signed.pdf $D
	out=$(pdfsig $f.signed.pdf 2>&1)
	if grep -q "Signature Validation: Signature is Valid" <<<"$out" &&
		grep -q "ETSI.CAdES.detached" <<<"$out" && grep -q "Total document signed" <<<"$out" &&
		grep -q "Signer Certificate Common Name: BAN QUẢN LÝ" <<<"$out"; then
		ok "pdfsig: $f.signed.pdf valid, PAdES, whole document, signer listed"
	else
		nok "pdfsig: $f.signed.pdf" "$out"
	fi
	check "motcua pki verify accepts $f.signed.pdf" $M pki verify $f.signed.pdf $D
	cmp -n "$(stat -c %s $f.pdf)" $f.pdf $f.signed.pdf >/dev/null && ok "the original bytes of $f.pdf are kept in front" ||
		nok "the original bytes of $f.pdf are kept in front"
done
# A signed PDF signed again (second revision, existing AcroForm).
check "sign an already signed PDF again" $M pki sign plain.signed.pdf --out twice.pdf $D
out=$(pdfsig twice.pdf 2>&1)
[ "$(grep -c 'Signature is Valid' <<<"$out")" = 2 ] && ok "pdfsig: both signatures valid" || nok "pdfsig: both signatures valid" "$out"

# One changed byte inside the signed range.
cp cairo.signed.pdf bad.pdf
printf 'X' | dd of=bad.pdf bs=1 seek=200 conv=notrunc 2>/dev/null
refuse "motcua pki verify refuses a PDF with one byte changed" $M pki verify bad.pdf $D
out=$(pdfsig bad.pdf 2>&1)
grep -q "Signature is Valid" <<<"$out" && nok "pdfsig refuses the changed PDF" "$out" || ok "pdfsig refuses the changed PDF"
# Bytes appended after signing.
cp cairo.signed.pdf appended.pdf
printf '\n%% appended\n' >>appended.pdf
refuse "motcua pki verify refuses bytes appended after signing" $M pki verify appended.pdf $D
refuse "signing a file that is not a valid PDF fails" bash -c "printf '%%PDF-1.4 broken' >broken.pdf; $M pki sign broken.pdf --out x.pdf $D && $M pki verify x.pdf $D"

# --- detached CMS for other files
printf '<?xml version="1.0"?><ketQua>Giấy phép</ketQua>' >result.xml
check "sign an XML result: detached CMS" $M pki sign result.xml --out result.p7s $D
check "openssl cms -verify accepts the detached signature" openssl cms -verify -binary -inform DER \
	-in result.p7s -content result.xml -CAfile d/pki/ca.pem -out /dev/null
check "motcua pki verify accepts the detached signature" $M pki verify result.xml --sig result.p7s $D
printf 'x' >>result.xml
refuse "openssl cms -verify refuses the changed file" openssl cms -verify -binary -inform DER \
	-in result.p7s -content result.xml -CAfile d/pki/ca.pem -out /dev/null
refuse "motcua pki verify refuses the changed file" $M pki verify result.xml --sig result.p7s $D
out=$(openssl cms -cmsout -print -inform DER -in result.p7s 2>&1)
grep -q "id-smime-aa-signingCertificateV2" <<<"$out" && ok "the CMS carries signing-certificate-v2" ||
	nok "the CMS carries signing-certificate-v2" "$out"

# --- SoftHSM2 token
mod=""
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && mod=$m && break
done
if [ -z "$mod" ] || ! command -v softhsm2-util >/dev/null || ! command -v pkcs11-tool >/dev/null; then
	nok "SoftHSM2 and OpenSC are installed (deps/debian.txt: softhsm2 opensc)"
else
	mkdir -p tokens
	printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$t" >softhsm2.conf
	export SOFTHSM2_CONF=$t/softhsm2.conf
	softhsm2-util --init-token --free --label motcua --pin 123456 --so-pin 654321 >/dev/null
	openssl pkcs8 -topk8 -nocrypt -in d/pki/agency.key -out agency.p8
	openssl x509 -in d/pki/agency.pem -outform DER -out agency.der
	softhsm2-util --import agency.p8 --token motcua --label motcua-agency --id 01 --pin 123456 >/dev/null
	pkcs11-tool --module "$mod" --token-label motcua --login --pin 123456 --write-object agency.der \
		--type cert --label motcua-agency --id 01 >/dev/null 2>&1
	P="--pkcs11.module $mod --pkcs11.pin 123456"
	check "sign with the SoftHSM2 token" $M pki sign cairo.pdf --out token.pdf $D $P
	out=$(pdfsig token.pdf 2>&1)
	grep -q "Signature is Valid" <<<"$out" && ok "pdfsig: the token's signature is valid" || nok "pdfsig: the token's signature is valid" "$out"
	check "sign an XML with the token; openssl cms -verify accepts it" bash -c \
		"$M pki sign result.xml --out tok.p7s $D $P && openssl cms -verify -binary -inform DER -in tok.p7s -content result.xml -CAfile d/pki/ca.pem -out /dev/null"
	out=$($M pki sign cairo.pdf --out wrong.pdf $D --pkcs11.module "$mod" --pkcs11.pin 000000 2>&1)
	if [ $? -ne 0 ] && grep -qi "PIN" <<<"$out" && [ ! -e wrong.pdf ]; then ok "a wrong PIN is refused, nothing written"; else nok "a wrong PIN is refused" "$out"; fi
	out=$($M pki sign cairo.pdf --out nolabel.pdf $D $P --pkcs11.label nosuchkey 2>&1)
	if [ $? -ne 0 ] && grep -q "no private key" <<<"$out"; then ok "a missing key label is refused"; else nok "a missing key label is refused" "$out"; fi
	refuse "a missing module is refused" $M pki sign cairo.pdf --out x2.pdf $D --pkcs11.module /nonexistent.so --pkcs11.pin 1
fi
echo "1..$n"
