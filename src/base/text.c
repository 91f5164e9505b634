/* UTF-8, Vietnamese folding and number parsing: see text.h. Layer: base. */
#include "base/text.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Each string lists precomposed letters that fold to the ASCII letter at the
 * same index of fold_to. Upper and lower case are both listed. */
static const char *const fold_from[] = {
	"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
	"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ",
	"ìíỉĩịÌÍỈĨỊ",
	"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
	"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ",
	"ỳýỷỹỵỲÝỶỸỴ",
	"đĐ",
	/* Latin-1 letters a foreign investor's name may carry. */
	"çÇ",
	"ñÑ",
	"äÄ",
	"ëË",
	"ïÏ",
	"öÖ",
	"üÜ",
	"ÿ",
};
static const char fold_to[] = "aeiouydcnaeiouy";

struct fold_pair {
	uint32_t cp;
	char to;
};

static struct fold_pair table[512];
static size_t table_len;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

/* Decodes one code point; returns bytes consumed, or 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (len == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

static int pair_cmp(const void *a, const void *b)
{
	const struct fold_pair *x = a, *y = b;
	return (x->cp > y->cp) - (x->cp < y->cp);
}

static void build_table(void)
{
	for (size_t i = 0; i < sizeof fold_from / sizeof fold_from[0]; i++) {
		const unsigned char *s = (const unsigned char *)fold_from[i];
		size_t len = strlen(fold_from[i]);
		size_t off = 0;
		while (off < len && table_len < sizeof table / sizeof table[0]) {
			uint32_t cp;
			size_t n = utf8_decode(s + off, len - off, &cp);
			if (!n)
				break;
			table[table_len].cp = cp;
			table[table_len].to = fold_to[i];
			table_len++;
			off += n;
		}
	}
	qsort(table, table_len, sizeof table[0], pair_cmp);
}

bool text_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0;
	while (off < len) {
		if (p[off] < 0x80) {
			off++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(p + off, len - off, &cp);
		if (!n)
			return false;
		off += n;
	}
	return true;
}

size_t text_utf8_len(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

static bool is_combining(uint32_t cp)
{
	return cp >= 0x0300 && cp <= 0x036F;
}

void text_fold(const char *s, struct buf *out)
{
	pthread_once(&table_once, build_table);
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), off = 0;
	bool space = true; /* suppresses leading and repeated spaces */
	size_t start = out->len;
	while (off < len) {
		uint32_t cp;
		size_t n = utf8_decode(p + off, len - off, &cp);
		if (!n) {
			off++;
			continue;
		}
		off += n;
		char c = 0;
		if (cp < 0x80) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				c = (char)cp;
			else if (cp >= 'A' && cp <= 'Z')
				c = (char)(cp - 'A' + 'a');
		} else if (is_combining(cp)) {
			continue;
		} else {
			struct fold_pair key = {cp, 0};
			const struct fold_pair *f =
				bsearch(&key, table, table_len, sizeof table[0], pair_cmp);
			if (f) {
				c = f->to;
			} else {
				/* Other letters (e.g. CJK names) are kept as they are. */
				buf_add(out, p + off - n, n);
				space = false;
				continue;
			}
		}
		if (c) {
			buf_addc(out, c);
			space = false;
		} else if (!space) {
			buf_addc(out, ' ');
			space = true;
		}
	}
	if (out->len > start && out->p[out->len - 1] == ' ') {
		out->len--;
		out->p[out->len] = 0;
	}
}

bool text_fold_has_words(const char *folded, const char *q)
{
	while (*q) {
		size_t k = strcspn(q, " ");
		if (k) {
			const char *h = folded;
			while ((h = strchr(h, *q)) && strncmp(h, q, k))
				h++;
			if (!h)
				return false;
		}
		q += k;
		q += strspn(q, " ");
	}
	return true;
}

char *text_fold_dup(const char *s)
{
	struct buf b = BUF_INIT;
	text_fold(s, &b);
	return buf_detach(&b);
}

int text_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void text_hex(const unsigned char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = 0;
}
