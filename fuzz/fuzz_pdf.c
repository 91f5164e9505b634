/* libFuzzer target: the PDF reader of src/pki/ (pki_pdf_parse.c) through
 * the three ways the program uses it:
 *   - pdf_open() and pdf_object() over the cross-reference chain, objects
 *     and object streams, as any caller starts;
 *   - pki_sign_pdf(), what "issue" does with a result draft (an
 *     incremental update found from the catalog, first page and form),
 *     with the plain stamp and with the input as the stamp's PDF; a file
 *     it signs must then verify as signed, valid and whole;
 *   - pki_verify_pdf(), the signature extraction of POST /api/v1/verify
 *     (any file a stranger presents).
 * Inputs are given NUL-terminated, as the program's buffers (struct buf)
 * always are. A demo CA and agency key are made once in a temporary
 * folder. Layer: fuzz (not part of the program).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pki/pki.h"
#include "pki/pki_pdf.h"

static struct pki_signer *signer;
static char ca_path[300];

static void need(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_pdf: property broken: %s\n", what);
		abort();
	}
}

static int64_t keep_refs(void *ctx, int64_t num)
{
	(void)ctx;
	(void)num;
	return 0;
}

static void read_objects(const char *p, size_t n)
{
	struct pdf pdf;
	if (pdf_open(&pdf, p, n) != 0) {
		pdf_close(&pdf);
		return;
	}
	need(pdf.nx > 0 && pdf.trailer && pdf.trailer_end >= pdf.trailer,
	     "an open PDF has a trailer");
	const char *vs, *ve;
	for (int64_t i = 1; i < pdf.nx && i <= 64; i++) {
		if (pdf_object(&pdf, i, &vs, &ve) != 0)
			continue;
		need(vs <= ve, "an object's span is ordered");
		struct buf out = BUF_INIT;
		(void)pdf_rewrite_refs(vs, ve, keep_refs, NULL, &out);
		buf_release(&out);
		const char *data;
		size_t len;
		if (*vs == '<' && pdf_stream(&pdf, vs, ve, &data, &len) == 0)
			need(data >= p && data + len <= p + n, "a stream lies inside the file");
		(void)pdf_gen(&pdf, i);
	}
	pdf_close(&pdf);
}

static void sign(const char *p, size_t n, bool as_stamp)
{
	struct pki_pdf_opts o = {.reason = "fuzz", .now_ms = 1790000000000};
	if (as_stamp) {
		o.appearance = p;
		o.appearance_len = n;
		p = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< "
		    "/Type "
		    "/Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 "
		    "R "
		    "/MediaBox [0 0 595 842] >>\nendobj\nxref\n0 4\n0000000000 65535 f "
		    "\n0000000009 "
		    "00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root "
		    "1 "
		    "0 R >>\nstartxref\n186\n%%EOF\n";
		n = strlen(p);
	}
	struct buf out = BUF_INIT;
	char err[256];
	int rc = pki_sign_pdf(signer, p, n, &o, &out, err, sizeof err);
	if (rc == PKI_OK) {
		need(out.len > n && memcmp(out.p, p, n) == 0, "signing appends to the file");
		struct pki_verify v;
		need(pki_verify_pdf(out.p, out.len, ca_path, &v) == PKI_OK, "a signed file checks");
		if (!(v.signed_ && v.valid && v.whole))
			fprintf(stderr, "fuzz_pdf: signed %d valid %d whole %d: %s\n", v.signed_,
				v.valid, v.whole, v.problem);
		need(v.signed_ && v.valid && v.whole, "what we sign verifies");
	} else {
		need(rc == PKI_EPDF, "a bad file is PKI_EPDF");
		need(out.len == 0, "nothing is written for a bad file");
	}
	buf_release(&out);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void cleanup(void)
{
	static const char *const files[] = {"ca.pem",	  "ca.key",    "agency.pem",
					    "agency.key", "chain.pem", "agency.csr"};
	char path[300];
	pki_signer_free(signer);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char err[256], key[300], cert[300], chain[300];
	snprintf(dir, sizeof dir, "%s/motcua-fuzz-pdf.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir) ||
	    pki_init_demo(dir, "Fuzz Agency", 1780000000000, false, err, sizeof err) != PKI_OK) {
		fprintf(stderr, "fuzz_pdf: cannot make the demo keys in %s\n", dir);
		abort();
	}
	snprintf(key, sizeof key, "%s/agency.key", dir);
	snprintf(cert, sizeof cert, "%s/agency.pem", dir);
	snprintf(chain, sizeof chain, "%s/chain.pem", dir);
	snprintf(ca_path, sizeof ca_path, "%s/ca.pem", dir);
	if (pki_signer_pem(key, cert, chain, &signer, err, sizeof err) != PKI_OK) {
		fprintf(stderr, "fuzz_pdf: %s\n", err);
		abort();
	}
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p = xmalloc(size + 1); /* as struct buf holds it */
	memcpy(p, data, size);
	p[size] = 0;
	read_objects(p, size);
	sign(p, size, false);
	if (size & 1) /* the stamp's PDF is ours in the program: half as often */
		sign(p, size, true);
	struct pki_verify v;
	int rc = pki_verify_pdf(p, size, ca_path, &v);
	need(rc == PKI_OK || rc == PKI_EPDF, "verification answers");
	need(memchr(v.problem, 0, sizeof v.problem) != NULL, "problem is terminated");
	free(p);
	return 0;
}
