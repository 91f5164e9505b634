/* The PDF reader of src/pki/ against hostile cross-reference chains. Every
 * row is a file a stranger can upload as a result draft or present for
 * verification; the reader must answer (open or refuse) without looping,
 * recursing without end or reading out of bounds. The first row is the
 * crash found by the hostile probe of issue 10: a hybrid trailer whose
 * /XRefStm points at its own xref table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/budget.h"
#include "base/buf.h"
#include "pki/pki.h"
#include "pki/pki_pdf.h"
#include "test_helpers.h"

/* A one-page PDF with a classic table; extra goes into its trailer, where
 * "@X" stands for the table's own offset. */
static void make_pdf_cat(struct buf *b, const char *catalog, const char *extra)
{
	const char *objs[] = {
		catalog,
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	};
	int64_t off[3];
	buf_reset(b);
	buf_adds(b, "%PDF-1.5\n");
	for (int i = 0; i < 3; i++) {
		off[i] = (int64_t)b->len;
		buf_addf(b, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	int64_t x = (int64_t)b->len;
	buf_adds(b, "xref\n0 4\n0000000000 65535 f \n");
	for (int i = 0; i < 3; i++)
		buf_addf(b, "%010lld 00000 n \n", (long long)off[i]);
	buf_adds(b, "trailer\n<< /Size 4 /Root 1 0 R ");
	for (const char *p = extra; *p; p++) {
		if (*p == '@' && p[1] == 'X') {
			buf_addf(b, "%lld", (long long)x);
			p++;
		} else
			buf_addc(b, *p);
	}
	buf_addf(b, " >>\nstartxref\n%lld\n%%%%EOF\n", (long long)x);
}

static void make_pdf(struct buf *b, const char *extra)
{
	make_pdf_cat(b, "<< /Type /Catalog /Pages 2 0 R >>", extra);
}

static int open_with(const char *extra)
{
	struct buf b = BUF_INIT;
	struct pdf pdf;
	make_pdf(&b, extra);
	int rc = pdf_open(&pdf, b.p, b.len);
	pdf_close(&pdf);
	buf_release(&b);
	return rc;
}

static void test_plain_file_opens(void **state)
{
	(void)state;
	assert_int_equal(open_with(""), 0);
	struct buf b = BUF_INIT;
	char err[128];
	make_pdf(&b, "");
	assert_int_equal(pki_pdf_check(b.p, b.len, err, sizeof err), PKI_OK);
	buf_release(&b);
}

static void test_xrefstm_to_own_table(void **state)
{
	(void)state;
	/* Crashed the server (stack overflow) before: now refused. */
	assert_int_equal(open_with("/XRefStm @X"), -1);
	struct buf b = BUF_INIT;
	char err[128];
	make_pdf(&b, "/XRefStm @X");
	assert_int_equal(pki_pdf_check(b.p, b.len, err, sizeof err), PKI_EPDF);
	buf_release(&b);
}

/* A draft the signing code would refuse at issue is refused by the check
 * at upload (it was accepted, and the leader's issue failed). */
static void test_check_is_the_signing_code(void **state)
{
	(void)state;
	static const char *const refused[] = {
		"<< /Type /Catalog /Pages 2 0 R /AcroForm [1 2 3] >>",
		"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields 7 >> >>",
		"<< /Type /Catalog /Pages 2 0 R /AcroForm 9 0 R >>",
		/* copied into the update after the signature's own /ByteRange, a
		 * verifier would take it (found by fuzz_pdf) */
		"<< /Type /Catalog /Pages 2 0 R /ByteRange [0 1 2 3] >>",
	};
	struct buf b = BUF_INIT;
	char err[128];
	for (size_t i = 0; i < N_ELEMENTS(refused); i++) {
		make_pdf_cat(&b, refused[i], "");
		assert_int_equal(pki_pdf_check(b.p, b.len, err, sizeof err), PKI_EPDF);
	}
	make_pdf_cat(&b, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >>", "");
	assert_int_equal(pki_pdf_check(b.p, b.len, err, sizeof err), PKI_OK);
	buf_release(&b);
}

static void test_prev_loops(void **state)
{
	(void)state;
	assert_int_equal(open_with("/Prev @X"), -1);
	assert_int_equal(open_with("/Prev 9 /XRefStm 9"), -1);
	assert_int_equal(open_with("/Prev -5"), 0); /* a negative /Prev ends the chain */
	assert_int_equal(open_with("/Prev 99999999999"), -1);
}

/* A chain of tables, each /Prev pointing at the one before: a real chain
 * opens, a chain longer than any real file is refused. */
static void chain(struct buf *b, int n)
{
	make_pdf(b, "");
	/* Drop "startxref ... %%EOF" and append n more sections. */
	char *sx = strstr(b->p, "startxref");
	int64_t prev = atoll(sx + 10);
	b->len = (size_t)(sx - b->p);
	for (int i = 0; i < n; i++) {
		int64_t x = (int64_t)b->len;
		buf_addf(b,
			 "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Root 1 0 R "
			 "/Prev %lld >>\n",
			 (long long)prev);
		prev = x;
	}
	buf_addf(b, "startxref\n%lld\n%%%%EOF\n", (long long)prev);
}

static void test_long_chains(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct pdf pdf;
	chain(&b, 10);
	assert_int_equal(pdf_open(&pdf, b.p, b.len), 0);
	pdf_close(&pdf);
	chain(&b, 300);
	assert_int_equal(pdf_open(&pdf, b.p, b.len), -1);
	pdf_close(&pdf);
	buf_release(&b);
}

/* A cross-reference stream with more /Index subsections than the reader
 * once kept (128): 129 one-object subsections of free objects, then the
 * subsection of objects 1 to 3. Those were dropped, and the catalog was
 * not found; every subsection counts now. */
static void test_xref_stream_many_subsections(void **state)
{
	(void)state;
	enum { NFREE = 129 };
	const char *objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	};
	struct buf b = BUF_INIT, rows = BUF_INIT, index = BUF_INIT;
	buf_adds(&b, "%PDF-1.5\n");
	for (int i = 0; i < NFREE; i++) {
		buf_addf(&index, "%d 1 ", 100 + 2 * i);
		buf_add(&rows, "\0\0\0\0\0\0\0", 7); /* type 0: free */
	}
	buf_adds(&index, "1 3");
	for (int i = 0; i < 3; i++) {
		size_t off = b.len;
		buf_addf(&b, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
		unsigned char row[7] = {1,
					(unsigned char)(off >> 24),
					(unsigned char)(off >> 16),
					(unsigned char)(off >> 8),
					(unsigned char)off,
					0,
					0};
		buf_add(&rows, row, sizeof row);
	}
	size_t x = b.len;
	buf_addf(&b,
		 "4 0 obj\n<< /Type /XRef /Size 400 /W [1 4 2] /Index [%s] /Root 1 0 R "
		 "/Length %zu >>\nstream\n",
		 buf_str(&index), rows.len);
	buf_add(&b, rows.p, rows.len);
	buf_addf(&b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", x);
	struct pdf pdf;
	assert_int_equal(pdf_open(&pdf, b.p, b.len), 0);
	const char *vs, *ve;
	assert_int_equal(pdf_object(&pdf, 1, &vs, &ve), 0);
	assert_non_null(strstr(vs, "/Catalog"));
	assert_int_equal(pdf_object(&pdf, 3, &vs, &ve), 0);
	pdf_close(&pdf);
	buf_release(&b);
	buf_release(&rows);
	buf_release(&index);
}

static void test_budget_spent(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct pdf pdf;
	make_pdf(&b, "");
	budget_start(1);
	struct timespec ts = {0, 3000000};
	nanosleep(&ts, NULL);
	assert_true(budget_spent());
	assert_int_equal(pdf_open(&pdf, b.p, b.len), PDF_EBUDGET);
	pdf_close(&pdf);
	char err[128];
	assert_int_equal(pki_pdf_check(b.p, b.len, err, sizeof err), PKI_EBUDGET);
	budget_clear();
	assert_false(budget_spent());
	assert_int_equal(pdf_open(&pdf, b.p, b.len), 0);
	pdf_close(&pdf);
	buf_release(&b);
}

/* A presented file with a huge signature: decoded in one pass. With the
 * old sscanf per byte pair this took hours; the time budget would have
 * had nothing to ask. */
static void test_verify_large_signature(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const size_t hex = 8u << 20;
	buf_adds(&b, "%PDF-1.7\n1 0 obj << /ByteRange [0 ");
	size_t at = b.len;
	buf_adds(&b, "0000000000 0000000000 0000000000] /Contents <");
	size_t lt = b.len - 1;
	buf_grow(&b, hex + 64);
	for (size_t i = 0; i < hex; i++) /* white space is allowed in a hex string */
		b.p[b.len + i] = i % 61 == 60 ? '\n' : "0123456789abcdef"[i % 16];
	b.len += hex;
	buf_addc(&b, '>');
	size_t after = b.len;
	buf_adds(&b, " >> endobj\n%%EOF\n");
	char nums[40];
	snprintf(nums, sizeof nums, "%010zu %010zu %010zu", lt, after, b.len - after);
	memcpy(b.p + at, nums, 32);
	struct pki_verify v;
	int rc = pki_verify_pdf(b.p, b.len, "/nonexistent/chain.pem", &v);
	assert_int_not_equal(rc, PKI_EBUDGET);
	assert_false(v.valid);
	assert_true(v.problem[0] != 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_file_opens),
		cmocka_unit_test(test_xrefstm_to_own_table),
		cmocka_unit_test(test_prev_loops),
		cmocka_unit_test(test_check_is_the_signing_code),
		cmocka_unit_test(test_long_chains),
		cmocka_unit_test(test_xref_stream_many_subsections),
		cmocka_unit_test(test_budget_spent),
		cmocka_unit_test(test_verify_large_signature),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
