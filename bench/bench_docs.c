/* Benchmark of documents (issue 5): signing results per second with the
 * PEM key and, when a PKCS#11 module is given, with the token — the full
 * path of an issued result (stamp drawn, PAdES update, CMS) and the bare
 * RSA signature as the machine's limit — and the file store's write rate
 * for 5 MB files (SHA-256 + temp file + fsync + rename). Measured, never
 * asserted (STYLE.md). bench/docs.sh adds the HTTP upload, openssl and cp.
 *
 *   bench_docs DATA_DIR [N=200] [PKCS11_MODULE PIN]
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/log.h"
#include "blob/blob.h"
#include "doc/stamp.h"
#include "pki/pki.h"
#include "svc/svc_documents.h"

static double secs(int64_t ns)
{
	return (double)ns / 1e9;
}

static void bench_signer(const char *label, struct pki_signer *s, const struct buf *pdf, int n)
{
	char err[512];
	struct buf out = BUF_INIT, sig = BUF_INIT;
	int64_t t0 = clock_mono_ns();
	for (int i = 0; i < n; i++) {
		buf_reset(&out);
		buf_reset(&sig);
		struct svc_sign_in in = {.data = pdf->p,
					 .len = pdf->len,
					 .now_ms = clock_now_ms(),
					 .signed_by = "Phạm Quốc Hùng",
					 .verify_code = "ABCDEFGHJKMN",
					 .verify_url =
						 "http://127.0.0.1:8080/#/verify/ABCDEFGHJKMN"};
		if (svc_sign_bytes(s, &in, &out, &sig, err, sizeof err) != PKI_OK) {
			fprintf(stderr, "bench_docs: %s\n", err);
			exit(1);
		}
	}
	double full = n / secs(clock_mono_ns() - t0);
	/* Without the stamp: the PAdES update and the CMS alone. */
	t0 = clock_mono_ns();
	for (int i = 0; i < n; i++) {
		buf_reset(&out);
		struct pki_pdf_opts o = {.now_ms = clock_now_ms()};
		if (pki_sign_pdf(s, pdf->p, pdf->len, &o, &out, err, sizeof err) != PKI_OK) {
			fprintf(stderr, "bench_docs: %s\n", err);
			exit(1);
		}
	}
	double bare = n / secs(clock_mono_ns() - t0);
	/* The key alone: a detached CMS over 32 bytes is one RSA signature plus encoding. */
	t0 = clock_mono_ns();
	for (int i = 0; i < n; i++) {
		buf_reset(&sig);
		if (pki_sign_detached(s, "x", 1, clock_now_ms(), &sig, err, sizeof err) != PKI_OK) {
			fprintf(stderr, "bench_docs: %s\n", err);
			exit(1);
		}
	}
	double key = n / secs(clock_mono_ns() - t0);
	printf("sign %-7s results/s with stamp %8.1f | PAdES without stamp %8.1f | CMS only (key "
	       "limit) %8.1f | share of key limit %.0f%%\n",
	       label, full, bare, key, 100.0 * full / key);
	buf_release(&out);
	buf_release(&sig);
}

int main(int argc, char **argv)
{
	if (argc < 2 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_docs DATA_DIR [N] [PKCS11_MODULE PIN]\n");
		return 2;
	}
	log_set_level(LOG_ERROR);
	const char *dir = argv[1];
	int n = argc > 2 ? atoi(argv[2]) : 200;
	struct config cfg;
	config_init(&cfg);
	struct buf err = BUF_INIT;
	if (config_set(&cfg, "data_dir", dir, "bench", &err) != 0)
		return 1;

	/* A one-page result drawn by cairo (fonts embedded), ~20 KB. */
	struct buf pdf = BUF_INIT;
	struct doc_stamp st = {.signer = "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH HÀ NAM",
			       .at = clock_now_ms(),
			       .code = "KQ-2026-001",
			       .verify_url = "http://127.0.0.1/#/verify/X"};
	if (doc_stamp_pdf(&st, &pdf) != 0)
		return 1;
	printf("input: a %zu-byte one-page PDF, %d signatures per figure\n", pdf.len, n);

	char e[512];
	struct pki_signer *s;
	if (svc_signer_open(&cfg, &s, e, sizeof e) != PKI_OK) {
		fprintf(stderr, "bench_docs: %s (run motcua pki init --data-dir %s)\n", e, dir);
		return 1;
	}
	bench_signer("pem", s, &pdf, n);
	pki_signer_free(s);
	if (argc > 4) {
		char chain[2048];
		snprintf(chain, sizeof chain, "%s/pki/chain.pem", dir);
		if (pki_signer_pkcs11(argv[3], argv[4], "motcua-agency", chain, &s, e, sizeof e) !=
		    PKI_OK) {
			fprintf(stderr, "bench_docs: %s\n", e);
			return 1;
		}
		bench_signer("pkcs11", s, &pdf, n);
		pki_signer_free(s);
	}

	/* The file store: 5 MB files, each different. */
	struct blob_store *bs;
	if (blob_fs_open(dir, &bs, e, sizeof e) != 0)
		return 1;
	size_t sz = 5u << 20;
	int files = 40;
	unsigned char *data = malloc(sz);
	randombytes_buf(data, sz);
	int64_t t0 = clock_mono_ns();
	for (int i = 0; i < files; i++) {
		char hex[BLOB_HEX + 1];
		memcpy(data, &i, sizeof i);
		if (blob_put(bs, data, sz, hex) != BLOB_OK)
			return 1;
	}
	double mbs = files * 5.0 / secs(clock_mono_ns() - t0);
	t0 = clock_mono_ns();
	for (int i = 0; i < files; i++) {
		char hex[BLOB_HEX + 1];
		blob_hash(data, sz, hex);
	}
	double hash = files * 5.0 / secs(clock_mono_ns() - t0);
	printf("store 5 MB files: %.0f MB/s (SHA-256 alone: %.0f MB/s)\n", mbs, hash);
	free(data);
	blob_close(bs);
	buf_release(&pdf);
	buf_release(&err);
	config_release(&cfg);
	return 0;
}
