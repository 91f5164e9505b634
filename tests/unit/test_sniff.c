/* blob_sniff(): the type of an upload comes from its bytes. Each row is a
 * file (built here) and the type a user relies on it being judged as;
 * negative rows (a renamed text file, a broken PDF, a plain zip) must be
 * refused. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/buf.h"
#include "blob/blob.h"
#include "test_helpers.h"

static void put16(struct buf *b, unsigned v)
{
	unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
	buf_add(b, c, 2);
}

static void put32(struct buf *b, unsigned long v)
{
	unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};
	buf_add(b, c, 4);
}

/* A zip of named entries; deflate = compress them (method 8). */
static void make_zip(struct buf *z, const char **names, const char **bodies, size_t n,
		     int compress_it)
{
	struct buf cd = BUF_INIT;
	unsigned long offs[8];
	for (size_t i = 0; i < n; i++) {
		size_t blen = strlen(bodies[i]);
		unsigned char *data = (unsigned char *)xstrdup(bodies[i]);
		unsigned long clen = blen;
		if (compress_it) {
			unsigned char *out = malloc(blen + 64);
			z_stream s;
			memset(&s, 0, sizeof s);
			deflateInit2(&s, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
			s.next_in = data;
			s.avail_in = (uInt)blen;
			s.next_out = out;
			s.avail_out = (uInt)(blen + 64);
			deflate(&s, Z_FINISH);
			clen = s.total_out;
			deflateEnd(&s);
			free(data);
			data = out;
		}
		unsigned long crc = crc32(0, (const unsigned char *)bodies[i], (uInt)blen);
		offs[i] = z->len;
		put32(z, 0x04034b50);
		put16(z, 20);
		put16(z, 0);
		put16(z, compress_it ? 8 : 0);
		put16(z, 0);
		put16(z, 0);
		put32(z, crc);
		put32(z, clen);
		put32(z, blen);
		put16(z, strlen(names[i]));
		put16(z, 0);
		buf_adds(z, names[i]);
		buf_add(z, data, clen);
		put32(&cd, 0x02014b50);
		put16(&cd, 20);
		put16(&cd, 20);
		put16(&cd, 0);
		put16(&cd, compress_it ? 8 : 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put32(&cd, crc);
		put32(&cd, clen);
		put32(&cd, blen);
		put16(&cd, strlen(names[i]));
		put16(&cd, 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put32(&cd, 0);
		put32(&cd, offs[i]);
		buf_adds(&cd, names[i]);
		free(data);
	}
	unsigned long cdoff = z->len;
	buf_add(z, cd.p, cd.len);
	put32(z, 0x06054b50);
	put16(z, 0);
	put16(z, 0);
	put16(z, n);
	put16(z, n);
	put32(z, cd.len);
	put32(z, cdoff);
	put16(z, 0);
	buf_release(&cd);
}

static const char *ct_docx =
	"<?xml version=\"1.0\"?><Types><Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
static const char *ct_xlsx =
	"<?xml version=\"1.0\"?><Types><Override PartName=\"/xl/workbook.xml\" "
	"ContentType=\"application/"
	"vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>";
static const char *ct_odt = "<?xml version=\"1.0\"?><Types><Default Extension=\"xml\" "
			    "ContentType=\"application/xml\"/></Types>";

static const char pdf_min[] = "%PDF-1.4\n1 0 obj\n<</Type/Catalog>>\nendobj\n"
			      "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
			      "trailer\n<</Size 2/Root 1 0 R>>\nstartxref\n42\n%%EOF\n";

struct row {
	const char *what;
	const void *data;
	size_t len;
	enum blob_type want;
	enum blob_sniff_why why;
};

static void check(const struct row *r)
{
	enum blob_sniff_why why = 99;
	enum blob_type t = blob_sniff(r->data, r->len, &why);
	if (t != r->want || why != r->why)
		fail_msg("%s: got %s (why %d), want %s (why %d)", r->what, blob_type_name(t), why,
			 blob_type_name(r->want), r->why);
}

static void test_magic(void **state)
{
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
					    0,	  0,   0,   13,	 'I',  'H',  'D',  'R'};
	static const unsigned char png_noihdr[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
						   0,	 0,   0,   13,	'X',  'X',  'X',  'X'};
	static const unsigned char tiff_le[] = {'I', 'I', 42, 0, 8, 0, 0, 0};
	static const unsigned char tiff_be[] = {'M', 'M', 0, 42, 0, 0, 0, 8};
	static const unsigned char exe[] = {'M', 'Z', 0x90, 0, 3, 0, 0, 0};
	const char *pdf_trunc = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";
	const char *pdf_badxref = "%PDF-1.4\nxref\ntrailer<<>>\nstartxref\n99999\n%%EOF\n";
	const char *xml1 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>Hà Nam</a>";
	const char *xml2 = "\xEF\xBB\xBF  <hoSo><ten>Đơn</ten></hoSo>";
	const char *text = "Giấy phép lao động (renamed .pdf)";
	const char *xml_bad_utf8 = "<a>\xC3\x28</a>";
	const char *html_lt_space = "< not a tag";
	struct row rows[] = {
		{"minimal pdf", pdf_min, sizeof pdf_min - 1, BLOB_T_PDF, SNIFF_OK},
		{"pdf without trailer", pdf_trunc, strlen(pdf_trunc), BLOB_T_UNKNOWN,
		 SNIFF_PDF_BROKEN},
		{"pdf startxref outside", pdf_badxref, strlen(pdf_badxref), BLOB_T_UNKNOWN,
		 SNIFF_PDF_BROKEN},
		{"jpeg", jpeg, sizeof jpeg, BLOB_T_JPEG, SNIFF_OK},
		{"png", png, sizeof png, BLOB_T_PNG, SNIFF_OK},
		{"png without IHDR", png_noihdr, sizeof png_noihdr, BLOB_T_UNKNOWN, SNIFF_UNKNOWN},
		{"tiff II", tiff_le, sizeof tiff_le, BLOB_T_TIFF, SNIFF_OK},
		{"tiff MM", tiff_be, sizeof tiff_be, BLOB_T_TIFF, SNIFF_OK},
		{"windows exe", exe, sizeof exe, BLOB_T_UNKNOWN, SNIFF_UNKNOWN},
		{"xml with declaration", xml1, strlen(xml1), BLOB_T_XML, SNIFF_OK},
		{"xml with BOM, no declaration", xml2, strlen(xml2), BLOB_T_XML, SNIFF_OK},
		{"plain text", text, strlen(text), BLOB_T_UNKNOWN, SNIFF_UNKNOWN},
		{"xml bad utf-8", xml_bad_utf8, strlen(xml_bad_utf8), BLOB_T_UNKNOWN,
		 SNIFF_UNKNOWN},
		{"lt space", html_lt_space, strlen(html_lt_space), BLOB_T_UNKNOWN, SNIFF_UNKNOWN},
		{"empty", "", 0, BLOB_T_UNKNOWN, SNIFF_EMPTY},
	};
	for (size_t i = 0; i < N_ELEMENTS(rows); i++)
		check(&rows[i]);
	(void)state;
}

static void test_zip(void **state)
{
	const char *names[] = {"[Content_Types].xml", "word/document.xml"};
	struct {
		const char *what, *ct;
		int deflate;
		enum blob_type want;
		enum blob_sniff_why why;
	} rows[] = {
		{"docx stored", ct_docx, 0, BLOB_T_DOCX, SNIFF_OK},
		{"docx deflated", ct_docx, 1, BLOB_T_DOCX, SNIFF_OK},
		{"xlsx deflated", ct_xlsx, 1, BLOB_T_XLSX, SNIFF_OK},
		{"zip with other content types", ct_odt, 1, BLOB_T_UNKNOWN, SNIFF_ZIP_NOT_OFFICE},
	};
	for (size_t i = 0; i < N_ELEMENTS(rows); i++) {
		struct buf z = BUF_INIT;
		const char *bodies[] = {rows[i].ct, "<w:document/>"};
		make_zip(&z, names, bodies, 2, rows[i].deflate);
		struct row r = {rows[i].what, z.p, z.len, rows[i].want, rows[i].why};
		check(&r);
		/* Cut anywhere: never read past the end, never accepted as office. */
		for (size_t cut = 0; cut < z.len; cut += 7) {
			enum blob_type t = blob_sniff(z.p, cut, NULL);
			assert_true(t == BLOB_T_UNKNOWN || t == rows[i].want);
		}
		buf_release(&z);
	}
	/* A zip with no [Content_Types].xml at all. */
	struct buf z = BUF_INIT;
	const char *n1[] = {"readme.txt"}, *b1[] = {"hello"};
	make_zip(&z, n1, b1, 1, 0);
	struct row r = {"plain zip", z.p, z.len, BLOB_T_UNKNOWN, SNIFF_ZIP_NOT_OFFICE};
	check(&r);
	buf_release(&z);
	(void)state;
}

static void test_names(void **state)
{
	struct {
		const char *in;
		enum blob_type want;
	} rows[] = {
		{"application/pdf", BLOB_T_PDF},
		{"APPLICATION/PDF; charset=binary", BLOB_T_PDF},
		{"image/jpg", BLOB_T_JPEG},
		{"image/jpeg", BLOB_T_JPEG},
		{"text/xml", BLOB_T_XML},
		{"xlsx", BLOB_T_XLSX},
		{"application/octet-stream", BLOB_T_UNKNOWN},
		{"text/plain", BLOB_T_UNKNOWN},
		{"", BLOB_T_UNKNOWN},
		{NULL, BLOB_T_UNKNOWN},
	};
	for (size_t i = 0; i < N_ELEMENTS(rows); i++)
		assert_int_equal(blob_type_parse(rows[i].in), rows[i].want);
	assert_string_equal(
		blob_type_mime(BLOB_T_DOCX),
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_zip),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
