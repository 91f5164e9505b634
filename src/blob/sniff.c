/* Which kind of file an upload is, judged from its bytes and never from
 * its name or declared type: PDF, JPEG, PNG, TIFF, DOCX and XLSX (zip
 * packages whose [Content_Types].xml names the main part), XML. Anything
 * else is refused by the caller.
 *
 * Layer: blob (pure: no I/O; zlib only to inflate [Content_Types].xml).
 */
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "base/text.h"
#include "blob/blob.h"

static const struct {
	const char *name, *mime, *ext;
} types[BLOB_NTYPES] = {
	[BLOB_T_UNKNOWN] = {"unknown", "application/octet-stream", "bin"},
	[BLOB_T_PDF] = {"pdf", "application/pdf", "pdf"},
	[BLOB_T_JPEG] = {"jpeg", "image/jpeg", "jpg"},
	[BLOB_T_PNG] = {"png", "image/png", "png"},
	[BLOB_T_TIFF] = {"tiff", "image/tiff", "tif"},
	[BLOB_T_DOCX] = {"docx",
			 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			 "docx"},
	[BLOB_T_XLSX] = {"xlsx",
			 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			 "xlsx"},
	[BLOB_T_XML] = {"xml", "application/xml", "xml"},
	[BLOB_T_P7S] = {"p7s", "application/pkcs7-signature", "p7s"},
};

const char *blob_type_mime(enum blob_type t)
{
	return t < BLOB_NTYPES ? types[t].mime : types[0].mime;
}

const char *blob_type_name(enum blob_type t)
{
	return t < BLOB_NTYPES ? types[t].name : types[0].name;
}

const char *blob_type_ext(enum blob_type t)
{
	return t < BLOB_NTYPES ? types[t].ext : types[0].ext;
}

enum blob_type blob_type_parse(const char *s)
{
	if (!s)
		return BLOB_T_UNKNOWN;
	size_t n = strcspn(s, ";");
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 9 && strncasecmp(s, "image/jpg", 9) == 0)
		return BLOB_T_JPEG;
	if (n == 8 && strncasecmp(s, "text/xml", 8) == 0)
		return BLOB_T_XML;
	for (int t = 1; t < BLOB_NTYPES; t++) {
		if ((strlen(types[t].mime) == n && strncasecmp(s, types[t].mime, n) == 0) ||
		    (strlen(types[t].name) == n && strncasecmp(s, types[t].name, n) == 0))
			return (enum blob_type)t;
	}
	return BLOB_T_UNKNOWN;
}

static const unsigned char *memfind(const unsigned char *h, size_t hn, const char *needle)
{
	size_t nn = strlen(needle);
	if (nn == 0 || hn < nn)
		return NULL;
	for (size_t i = 0; i + nn <= hn; i++)
		if (h[i] == (unsigned char)needle[0] && memcmp(h + i, needle, nn) == 0)
			return h + i;
	return NULL;
}

static const unsigned char *memfind_last(const unsigned char *h, size_t hn, const char *needle)
{
	size_t nn = strlen(needle);
	if (nn == 0 || hn < nn)
		return NULL;
	for (size_t i = hn - nn + 1; i-- > 0;)
		if (memcmp(h + i, needle, nn) == 0)
			return h + i;
	return NULL;
}

/* A PDF: "%PDF-1.x" within the first 1 KB (as readers allow), then
 * "startxref N %%EOF" in the last 1 KB with N inside the file pointing at
 * "xref" or at an "obj" (a cross-reference stream). */
static bool pdf_ok(const unsigned char *p, size_t n)
{
	size_t tail = n > 1024 ? 1024 : n;
	const unsigned char *t = p + n - tail;
	const unsigned char *eof = memfind_last(t, tail, "%%EOF");
	const unsigned char *sx = memfind_last(t, tail, "startxref");
	if (!eof || !sx || sx > eof)
		return false;
	const unsigned char *q = sx + 9;
	while (q < eof && (*q == ' ' || *q == '\r' || *q == '\n' || *q == '\t'))
		q++;
	uint64_t off = 0;
	int digits = 0;
	while (q < eof && *q >= '0' && *q <= '9' && digits < 15) {
		off = off * 10 + (uint64_t)(*q - '0');
		q++;
		digits++;
	}
	if (digits == 0 || off >= n)
		return false;
	size_t left = n - (size_t)off;
	if (left >= 4 && memcmp(p + off, "xref", 4) == 0)
		return true;
	/* "12 0 obj" of a cross-reference stream */
	size_t look = left > 32 ? 32 : left;
	return memfind(p + off, look, "obj") != NULL;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Inflates (or copies) one zip entry into out (cap bytes); returns its
 * length or -1. */
static long zip_entry(const unsigned char *p, size_t n, uint32_t lho, uint16_t method,
		      uint32_t csize, unsigned char *out, size_t cap)
{
	if ((size_t)lho + 30 > n || le32(p + lho) != 0x04034b50)
		return -1;
	size_t data = (size_t)lho + 30 + le16(p + lho + 26) + le16(p + lho + 28);
	if (data > n || csize > n - data)
		return -1;
	if (method == 0) {
		size_t k = csize < cap ? csize : cap;
		memcpy(out, p + data, k);
		return (long)k;
	}
	if (method != 8)
		return -1;
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)(p + data);
	z.avail_in = csize;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = inflate(&z, Z_FINISH);
	long got = (long)(cap - z.avail_out);
	inflateEnd(&z);
	if (rc != Z_STREAM_END && rc != Z_BUF_ERROR && rc != Z_OK)
		return -1;
	return got;
}

/* DOCX or XLSX by the content types of the package's main part. */
static enum blob_type zip_office(const unsigned char *p, size_t n)
{
	/* End of central directory: 22 bytes + up to 64 KB of comment. */
	if (n < 22)
		return BLOB_T_UNKNOWN;
	size_t lo = n > 22 + 65535 ? n - 22 - 65535 : 0;
	size_t eocd = (size_t)-1;
	for (size_t i = n - 22 + 1; i-- > lo;)
		if (le32(p + i) == 0x06054b50) {
			eocd = i;
			break;
		}
	if (eocd == (size_t)-1)
		return BLOB_T_UNKNOWN;
	uint16_t count = le16(p + eocd + 10);
	uint32_t cd = le32(p + eocd + 16);
	size_t at = cd;
	static const char ct_name[] = "[Content_Types].xml";
	for (uint16_t i = 0; i < count; i++) {
		if (at + 46 > n || le32(p + at) != 0x02014b50)
			return BLOB_T_UNKNOWN;
		uint16_t method = le16(p + at + 10);
		uint32_t csize = le32(p + at + 20);
		uint16_t nlen = le16(p + at + 28), xlen = le16(p + at + 30),
			 clen = le16(p + at + 32);
		uint32_t lho = le32(p + at + 42);
		if (at + 46 + nlen > n)
			return BLOB_T_UNKNOWN;
		if (nlen == sizeof ct_name - 1 && memcmp(p + at + 46, ct_name, nlen) == 0) {
			unsigned char xml[65536];
			long len = zip_entry(p, n, lho, method, csize, xml, sizeof xml);
			if (len <= 0)
				return BLOB_T_UNKNOWN;
			if (memfind(xml, (size_t)len, "wordprocessingml.document.main+xml"))
				return BLOB_T_DOCX;
			if (memfind(xml, (size_t)len, "spreadsheetml.sheet.main+xml"))
				return BLOB_T_XLSX;
			return BLOB_T_UNKNOWN;
		}
		at += 46 + (size_t)nlen + xlen + clen;
	}
	return BLOB_T_UNKNOWN;
}

static bool xml_ok(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		p += 3;
		n -= 3;
	}
	if (memchr(p, 0, n) || !text_utf8_valid((const char *)p, n))
		return false;
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i + 1 >= n || p[i] != '<')
		return false;
	unsigned char c = p[i + 1];
	if (i + 5 <= n && memcmp(p + i, "<?xml", 5) == 0)
		return true;
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

enum blob_type blob_sniff(const void *data, size_t n, enum blob_sniff_why *why)
{
	const unsigned char *p = data;
	enum blob_sniff_why w = SNIFF_UNKNOWN;
	enum blob_type t = BLOB_T_UNKNOWN;
	if (n == 0) {
		w = SNIFF_EMPTY;
		goto out;
	}
	if (memfind(p, n > 1024 ? 1024 : n, "%PDF-")) {
		if (pdf_ok(p, n))
			t = BLOB_T_PDF;
		else
			w = SNIFF_PDF_BROKEN;
		goto out;
	}
	if (n >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
		t = BLOB_T_JPEG;
		goto out;
	}
	if (n >= 16 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(p + 12, "IHDR", 4) == 0) {
		t = BLOB_T_PNG;
		goto out;
	}
	if (n >= 8 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0)) {
		t = BLOB_T_TIFF;
		goto out;
	}
	if (n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0) {
		t = zip_office(p, n);
		if (t == BLOB_T_UNKNOWN)
			w = SNIFF_ZIP_NOT_OFFICE;
		goto out;
	}
	if (xml_ok(p, n))
		t = BLOB_T_XML;
out:
	if (why)
		*why = t == BLOB_T_UNKNOWN ? w : SNIFF_OK;
	return t;
}
