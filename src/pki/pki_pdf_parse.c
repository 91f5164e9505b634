/* Just enough of a PDF reader to add a signature as an incremental update:
 * the cross-reference chain (tables and streams, with /Prev and hybrid
 * /XRefStm), objects at an offset or inside an object stream, and a
 * tokenizer that finds the span of a value, of a key's value in a
 * dictionary, and rewrites indirect references. Nothing is interpreted
 * beyond that; the file is never modified, only appended to.
 *
 * Layer: pki (zlib inflates object and cross-reference streams).
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/budget.h"
#include "pki/pki_pdf.h"

#define MAX_OBJECTS 10000000
#define MAX_INFLATE (64u << 20)
/* Cross-reference sections one file may chain (/Prev and /XRefStm): an
 * incremental update adds one or two, so a real file has a handful. */
#define MAX_SECTIONS 256

static bool is_ws(unsigned char c)
{
	return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '/' || c == '%';
}

const char *pdf_skip_ws(const char *p, const char *e)
{
	while (p < e) {
		if (is_ws((unsigned char)*p))
			p++;
		else if (*p == '%') {
			while (p < e && *p != '\n' && *p != '\r')
				p++;
		} else
			break;
	}
	return p;
}

static const char *skip_regular(const char *p, const char *e)
{
	while (p < e && !is_ws((unsigned char)*p) && !is_delim((unsigned char)*p))
		p++;
	return p;
}

static bool parse_uint(const char *p, const char *e, int64_t *v, const char **after)
{
	int64_t x = 0;
	const char *s = p;
	while (p < e && *p >= '0' && *p <= '9' && p - s < 15)
		x = x * 10 + (*p++ - '0');
	if (p == s || (p < e && !is_ws((unsigned char)*p) && !is_delim((unsigned char)*p)))
		return false;
	*v = x;
	if (after)
		*after = p;
	return true;
}

/* "N G R" at p? */
static const char *ref_at(const char *p, const char *e, int64_t *num, int64_t *gen)
{
	int64_t n, g;
	const char *q;
	if (!parse_uint(p, e, &n, &q))
		return NULL;
	q = pdf_skip_ws(q, e);
	if (!parse_uint(q, e, &g, &q))
		return NULL;
	q = pdf_skip_ws(q, e);
	if (q < e && *q == 'R' &&
	    (q + 1 == e || is_ws((unsigned char)q[1]) || is_delim((unsigned char)q[1]))) {
		if (num)
			*num = n;
		if (gen)
			*gen = g;
		return q + 1;
	}
	return NULL;
}

static const char *skip_value_d(const char *p, const char *e, int depth);

static const char *skip_container(const char *p, const char *e, int depth, char close)
{
	for (;;) {
		p = pdf_skip_ws(p, e);
		if (p >= e)
			return NULL;
		if (close == ']' && *p == ']')
			return p + 1;
		if (close == '>' && p + 1 < e && p[0] == '>' && p[1] == '>')
			return p + 2;
		p = skip_value_d(p, e, depth + 1);
		if (!p)
			return NULL;
	}
}

static const char *skip_value_d(const char *p, const char *e, int depth)
{
	if (depth > 64)
		return NULL;
	p = pdf_skip_ws(p, e);
	if (p >= e)
		return NULL;
	switch (*p) {
	case '<':
		if (p + 1 < e && p[1] == '<')
			return skip_container(p + 2, e, depth, '>');
		p = memchr(p, '>', (size_t)(e - p));
		return p ? p + 1 : NULL;
	case '[':
		return skip_container(p + 1, e, depth, ']');
	case '(': {
		int nest = 0;
		for (; p < e; p++) {
			if (*p == '\\')
				p++;
			else if (*p == '(')
				nest++;
			else if (*p == ')' && --nest == 0)
				return p + 1;
		}
		return NULL;
	}
	case '/':
		return skip_regular(p + 1, e);
	case ')':
	case '>':
	case ']':
	case '{':
	case '}':
		return NULL;
	default: {
		const char *r = ref_at(p, e, NULL, NULL);
		if (r)
			return r;
		const char *q = skip_regular(p, e);
		return q > p ? q : NULL;
	}
	}
}

const char *pdf_skip_value(const char *p, const char *e)
{
	return skip_value_d(p, e, 0);
}

bool pdf_dict_get(const char *d, const char *e, const char *key, const char **vs, const char **ve)
{
	d = pdf_skip_ws(d, e);
	if (e - d < 2 || d[0] != '<' || d[1] != '<')
		return false;
	const char *p = d + 2;
	size_t kl = strlen(key);
	for (;;) {
		p = pdf_skip_ws(p, e);
		if (p >= e || (p[0] == '>' && p + 1 < e && p[1] == '>'))
			return false;
		if (*p != '/')
			return false;
		const char *kend = skip_regular(p + 1, e);
		bool match = (size_t)(kend - p) == kl && memcmp(p, key, kl) == 0;
		const char *v = pdf_skip_ws(kend, e);
		const char *vend = pdf_skip_value(v, e);
		if (!vend)
			return false;
		if (match) {
			*vs = v;
			*ve = vend;
			return true;
		}
		p = vend;
	}
}

bool pdf_parse_ref(const char *vs, const char *ve, int64_t *num, int64_t *gen)
{
	int64_t g = 0;
	const char *r = ref_at(vs, ve, num, &g);
	if (gen)
		*gen = g;
	return r != NULL;
}

bool pdf_parse_int(const char *vs, const char *ve, int64_t *v)
{
	bool neg = vs < ve && *vs == '-';
	int64_t x;
	if (!parse_uint(vs + neg, ve, &x, NULL))
		return false;
	*v = neg ? -x : x;
	return true;
}

/* ---- streams ---- */

static int inflate_all(const unsigned char *in, size_t n, struct buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	int rc;
	do {
		buf_grow(out, 65536);
		z.next_out = (unsigned char *)out->p + out->len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len += 65536 - z.avail_out;
		if (out->len > MAX_INFLATE || budget_spent())
			rc = Z_MEM_ERROR;
	} while (rc == Z_OK && (z.avail_in > 0 || z.avail_out == 0));
	inflateEnd(&z);
	out->p[out->len] = 0;
	/* Many writers end the stream without its checksum: take what came. */
	return rc == Z_STREAM_END || rc == Z_OK || rc == Z_BUF_ERROR ? 0 : -1;
}

/* Undoes the PNG predictors (bytes per pixel 1, as xref streams use). */
static int unpredict(struct buf *b, int64_t columns)
{
	if (columns <= 0 || columns > 1 << 16)
		return -1;
	size_t row = (size_t)columns + 1, nrows = b->len / row;
	unsigned char *p = (unsigned char *)b->p, *prev = xcalloc(1, (size_t)columns);
	size_t w = 0;
	for (size_t r = 0; r < nrows; r++) {
		unsigned char *in = p + r * row, f = in[0];
		for (size_t i = 0; i < (size_t)columns; i++) {
			unsigned a = i ? p[w + i - 1] : 0, up = prev[i], c = i ? prev[i - 1] : 0;
			unsigned x = in[1 + i];
			switch (f) {
			case 1:
				x += a;
				break;
			case 2:
				x += up;
				break;
			case 3:
				x += (a + up) / 2;
				break;
			case 4: {
				int pa = abs((int)up - (int)c), pb = abs((int)a - (int)c),
				    pc = abs((int)a + (int)up - 2 * (int)c);
				x += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
				break;
			}
			default:
				break;
			}
			p[w + i] = (unsigned char)x;
		}
		memcpy(prev, p + w, (size_t)columns);
		w += (size_t)columns;
	}
	free(prev);
	b->len = w;
	return 0;
}

int pdf_stream(struct pdf *pdf, const char *dict, const char *dend, const char **data, size_t *len)
{
	const char *vs, *ve, *e = pdf->p + pdf->n;
	int64_t length = -1, num;
	if (!pdf_dict_get(dict, dend, "/Length", &vs, &ve))
		return -1;
	if (pdf_parse_ref(vs, ve, &num, NULL)) {
		const char *ls, *le;
		if (pdf_object(pdf, num, &ls, &le) != 0 || !pdf_parse_int(ls, le, &length))
			return -1;
	} else if (!pdf_parse_int(vs, ve, &length))
		return -1;
	const char *p = pdf_skip_ws(dend, e);
	if (e - p < 6 || memcmp(p, "stream", 6) != 0)
		return -1;
	p += 6;
	if (p < e && *p == '\r')
		p++;
	if (p < e && *p == '\n')
		p++;
	if (length < 0 || length > e - p)
		return -1;
	*data = p;
	*len = (size_t)length;
	return 0;
}

/* Decoded content of a stream object (Flate and predictors only). */
static int stream_decode(struct pdf *pdf, const char *dict, const char *dend, struct buf *out)
{
	const char *data, *vs, *ve;
	size_t len;
	if (pdf_stream(pdf, dict, dend, &data, &len) != 0)
		return -1;
	if (!pdf_dict_get(dict, dend, "/Filter", &vs, &ve)) {
		buf_add(out, data, len);
		return 0;
	}
	if (!(ve - vs >= 12 && memmem(vs, (size_t)(ve - vs), "/FlateDecode", 12)))
		return -1;
	if (inflate_all((const unsigned char *)data, len, out) != 0)
		return -1;
	const char *ps, *pe;
	if (pdf_dict_get(dict, dend, "/DecodeParms", &ps, &pe)) {
		int64_t pred = 1, cols = 1;
		if (pdf_dict_get(ps, pe, "/Predictor", &vs, &ve))
			pdf_parse_int(vs, ve, &pred);
		if (pdf_dict_get(ps, pe, "/Columns", &vs, &ve))
			pdf_parse_int(vs, ve, &cols);
		if (pred >= 10 && unpredict(out, cols) != 0)
			return -1;
		if (pred > 1 && pred < 10)
			return -1;
	}
	return 0;
}

/* ---- cross references ---- */

static void xref_set(struct pdf *pdf, int64_t num, int type, int64_t a, int64_t b)
{
	if (num < 0 || num >= pdf->nx || pdf->x[num].type != 0)
		return;
	pdf->x[num].type = type;
	pdf->x[num].a = a;
	pdf->x[num].b = b;
}

static int64_t be_field(const unsigned char *p, int64_t w)
{
	int64_t v = 0;
	for (int64_t i = 0; i < w; i++)
		v = v << 8 | p[i];
	return v;
}

static int xref_stream(struct pdf *pdf, const char *dict, const char *dend)
{
	const char *vs, *ve;
	int64_t w[3] = {0, 0, 0};
	if (!pdf_dict_get(dict, dend, "/W", &vs, &ve))
		return -1;
	const char *p = vs + 1;
	for (int i = 0; i < 3; i++) {
		p = pdf_skip_ws(p, ve);
		const char *q = skip_regular(p, ve);
		if (!pdf_parse_int(p, q, &w[i]) || w[i] < 0 || w[i] > 8)
			return -1;
		p = q;
	}
	struct buf d = BUF_INIT;
	int rc = -1;
	int64_t *idx = NULL;
	size_t nidx = 0, cap = 0;
	if (stream_decode(pdf, dict, dend, &d) != 0)
		goto out;
	int64_t size = 0;
	if (pdf_dict_get(dict, dend, "/Size", &vs, &ve))
		pdf_parse_int(vs, ve, &size);
	/* Every subsection of /Index: a fixed 256 numbers once left the
	 * objects of later subsections out, to be found in an older section. */
	if (pdf_dict_get(dict, dend, "/Index", &vs, &ve)) {
		p = vs + 1;
		for (;;) {
			p = pdf_skip_ws(p, ve);
			if (p >= ve || *p == ']')
				break;
			const char *q = skip_regular(p, ve);
			if (nidx == cap) {
				cap = cap ? cap * 2 : 16;
				idx = xrealloc(idx, cap * sizeof *idx);
			}
			if (!pdf_parse_int(p, q, &idx[nidx++]))
				goto out;
			p = q;
		}
	} else {
		idx = xmalloc(2 * sizeof *idx);
		idx[0] = 0;
		idx[1] = size;
		nidx = 2;
	}
	int64_t rowlen = w[0] + w[1] + w[2];
	if (rowlen == 0)
		goto out;
	size_t at = 0;
	for (size_t k = 0; k + 1 < nidx; k += 2) {
		for (int64_t i = 0; i < idx[k + 1]; i++) {
			if (at + (size_t)rowlen > d.len)
				goto out;
			const unsigned char *r = (const unsigned char *)d.p + at;
			int64_t type = w[0] ? be_field(r, w[0]) : 1;
			int64_t f2 = be_field(r + w[0], w[1]), f3 = be_field(r + w[0] + w[1], w[2]);
			if (type == 1 || type == 2)
				xref_set(pdf, idx[k] + i, (int)type, f2, f3);
			else if (type == 0)
				xref_set(pdf, idx[k] + i, 3, 0, 0); /* free: mark as seen */
			at += (size_t)rowlen;
		}
	}
	rc = 0;
out:
	free(idx);
	buf_release(&d);
	return rc;
}

/* Remembers that the section at off was read; false if it was already (a
 * /Prev or /XRefStm that leads back into the chain) or the chain is longer
 * than any real file's. */
static bool section_first_visit(struct pdf *pdf, int64_t off)
{
	for (size_t i = 0; i < pdf->nvisited; i++)
		if (pdf->visited[i] == off)
			return false;
	if (pdf->nvisited >= MAX_SECTIONS)
		return false;
	pdf->visited = xrealloc(pdf->visited, (pdf->nvisited + 1) * sizeof *pdf->visited);
	pdf->visited[pdf->nvisited++] = off;
	return true;
}

/* One cross-reference section at off: a table ("xref") or, when
 * stream_only (a hybrid file's /XRefStm), only a stream. A table's
 * /XRefStm is read here, one level down and never back into a table. */
static int xref_section(struct pdf *pdf, int64_t off, bool stream_only, int64_t *prev,
			const char **tr, const char **tre)
{
	const char *e = pdf->p + pdf->n, *p = pdf->p + off;
	*prev = -1;
	if (off < 0 || off >= (int64_t)pdf->n || !section_first_visit(pdf, off))
		return -1;
	if (budget_spent())
		return PDF_EBUDGET;
	if (e - p >= 4 && memcmp(p, "xref", 4) == 0) {
		if (stream_only)
			return -1;
		p += 4;
		for (;;) {
			p = pdf_skip_ws(p, e);
			if (e - p >= 7 && memcmp(p, "trailer", 7) == 0)
				break;
			int64_t start, count;
			const char *q;
			if (!parse_uint(p, e, &start, &q))
				return -1;
			q = pdf_skip_ws(q, e);
			if (!parse_uint(q, e, &count, &q) || count > MAX_OBJECTS)
				return -1;
			p = q;
			for (int64_t i = 0; i < count; i++) {
				int64_t o, g;
				p = pdf_skip_ws(p, e);
				if (!parse_uint(p, e, &o, &q))
					return -1;
				q = pdf_skip_ws(q, e);
				if (!parse_uint(q, e, &g, &q))
					return -1;
				q = pdf_skip_ws(q, e);
				if (q >= e || (*q != 'n' && *q != 'f'))
					return -1;
				xref_set(pdf, start + i, *q == 'n' ? 1 : 3, o, g);
				p = q + 1;
				if ((i & 1023) == 1023 && budget_spent())
					return PDF_EBUDGET;
			}
		}
		const char *d = pdf_skip_ws(p + 7, e), *de = pdf_skip_value(d, e);
		if (!de)
			return -1;
		*tr = d;
		*tre = de;
		const char *vs, *ve;
		int64_t v;
		if (pdf_dict_get(d, de, "/XRefStm", &vs, &ve) && pdf_parse_int(vs, ve, &v)) {
			int64_t p2;
			const char *t2, *t2e;
			int rc = xref_section(pdf, v, true, &p2, &t2, &t2e);
			if (rc != 0)
				return rc;
		}
		if (pdf_dict_get(d, de, "/Prev", &vs, &ve) && pdf_parse_int(vs, ve, &v))
			*prev = v;
		return 0;
	}
	/* A cross-reference stream: "N G obj << ... >> stream" */
	int64_t num, gen;
	const char *q;
	if (!parse_uint(p, e, &num, &q))
		return -1;
	q = pdf_skip_ws(q, e);
	if (!parse_uint(q, e, &gen, &q))
		return -1;
	q = pdf_skip_ws(q, e);
	if (e - q < 3 || memcmp(q, "obj", 3) != 0)
		return -1;
	const char *d = pdf_skip_ws(q + 3, e), *de = pdf_skip_value(d, e);
	if (!de || xref_stream(pdf, d, de) != 0)
		return -1;
	*tr = d;
	*tre = de;
	const char *vs, *ve;
	int64_t v;
	if (pdf_dict_get(d, de, "/Prev", &vs, &ve) && pdf_parse_int(vs, ve, &v))
		*prev = v;
	pdf->xref_stream = true;
	return 0;
}

static int open_chain(struct pdf *pdf, const void *data, size_t n);

int pdf_open(struct pdf *pdf, const void *data, size_t n)
{
	int rc = open_chain(pdf, data, n);
	if (rc != 0)
		pdf_close(pdf);
	return rc;
}

static int open_chain(struct pdf *pdf, const void *data, size_t n)
{
	memset(pdf, 0, sizeof *pdf);
	pdf->p = data;
	pdf->n = n;
	const char *e = pdf->p + n;
	size_t tail = n > 2048 ? 2048 : n;
	const char *sx = NULL;
	for (const char *s = e - tail; s + 9 <= e; s++)
		if (memcmp(s, "startxref", 9) == 0)
			sx = s;
	if (!sx)
		return -1;
	int64_t off;
	if (!parse_uint(pdf_skip_ws(sx + 9, e), e, &off, NULL) || off >= (int64_t)n)
		return -1;
	pdf->startxref = off;
	/* /Size of the newest trailer sizes the table. */
	int64_t prev;
	const char *tr, *tre;
	pdf->nx = MAX_OBJECTS; /* provisional, nothing set yet */
	pdf->x = NULL;
	/* A first pass reads only the trailer of the newest section. */
	{
		const char *p = pdf->p + off;
		const char *d = NULL, *de = NULL;
		if (e - p >= 4 && memcmp(p, "xref", 4) == 0) {
			const char *t = memmem(p, (size_t)(e - p), "trailer", 7);
			if (!t)
				return -1;
			d = pdf_skip_ws(t + 7, e);
		} else {
			const char *o =
				memmem(p, (size_t)(e - p) > 64 ? 64 : (size_t)(e - p), "obj", 3);
			if (!o)
				return -1;
			d = pdf_skip_ws(o + 3, e);
		}
		de = pdf_skip_value(d, e);
		const char *vs, *ve;
		if (!de || !pdf_dict_get(d, de, "/Size", &vs, &ve) ||
		    !pdf_parse_int(vs, ve, &pdf->size) || pdf->size <= 0 || pdf->size > MAX_OBJECTS)
			return -1;
	}
	pdf->nx = pdf->size;
	pdf->x = xcalloc((size_t)pdf->nx, sizeof *pdf->x);
	bool first = true;
	while (off >= 0) {
		int rc = xref_section(pdf, off, false, &prev, &tr, &tre);
		if (rc != 0)
			return rc;
		if (first) {
			pdf->trailer = tr;
			pdf->trailer_end = tre;
			first = false;
		}
		off = prev;
	}
	const char *vs, *ve;
	if (!pdf_dict_get(pdf->trailer, pdf->trailer_end, "/Root", &vs, &ve) ||
	    !pdf_parse_ref(vs, ve, &pdf->root, &pdf->root_gen))
		return -1;
	return 0;
}

void pdf_close(struct pdf *pdf)
{
	free(pdf->x);
	free(pdf->visited);
	for (size_t i = 0; i < pdf->ncache; i++)
		buf_release(&pdf->cache[i].data);
	free(pdf->cache);
	memset(pdf, 0, sizeof *pdf);
}

int pdf_object(struct pdf *pdf, int64_t num, const char **vs, const char **ve)
{
	const char *e = pdf->p + pdf->n;
	if (num <= 0 || num >= pdf->nx)
		return -1;
	struct pdf_xent *x = &pdf->x[num];
	if (x->type == 1) {
		const char *p = pdf->p + x->a, *q;
		int64_t n, g;
		if (x->a < 0 || x->a >= (int64_t)pdf->n ||
		    !parse_uint(pdf_skip_ws(p, e), e, &n, &q) || n != num)
			return -1;
		q = pdf_skip_ws(q, e);
		if (!parse_uint(q, e, &g, &q))
			return -1;
		q = pdf_skip_ws(q, e);
		if (e - q < 3 || memcmp(q, "obj", 3) != 0)
			return -1;
		*vs = pdf_skip_ws(q + 3, e);
		*ve = pdf_skip_value(*vs, e);
		return *ve ? 0 : -1;
	}
	if (x->type != 2)
		return -1;
	/* In an object stream: decode it once. */
	struct pdf_objstm *c = NULL;
	for (size_t i = 0; i < pdf->ncache; i++)
		if (pdf->cache[i].num == x->a)
			c = &pdf->cache[i];
	if (!c) {
		if (pdf->ncache >= 64 || x->a == num)
			return -1;
		const char *ds, *de;
		if (pdf->depth > 2)
			return -1;
		pdf->depth++;
		int rc = pdf_object(pdf, x->a, &ds, &de);
		pdf->depth--;
		if (rc != 0)
			return -1;
		/* Decoding may read a /Length from another object stream, which
		 * grows the cache: decode first, then take a slot. */
		struct pdf_objstm fresh = {.num = x->a, .data = BUF_INIT};
		const char *vs2, *ve2;
		pdf->depth++;
		rc = stream_decode(pdf, ds, de, &fresh.data);
		pdf->depth--;
		if (rc != 0 || !pdf_dict_get(ds, de, "/First", &vs2, &ve2) ||
		    !pdf_parse_int(vs2, ve2, &fresh.first) ||
		    !pdf_dict_get(ds, de, "/N", &vs2, &ve2) || !pdf_parse_int(vs2, ve2, &fresh.n) ||
		    fresh.first < 0 || fresh.n < 0) {
			buf_release(&fresh.data);
			return -1;
		}
		if (pdf->ncache >= 64) {
			buf_release(&fresh.data);
			return -1;
		}
		pdf->cache = xrealloc(pdf->cache, (pdf->ncache + 1) * sizeof *pdf->cache);
		c = &pdf->cache[pdf->ncache++];
		*c = fresh;
	}
	const char *p = c->data.p, *e2 = c->data.p + c->data.len;
	for (int64_t i = 0; i < c->n; i++) {
		int64_t n, off;
		const char *q;
		p = pdf_skip_ws(p, e2);
		if (!parse_uint(p, e2, &n, &q))
			return -1;
		q = pdf_skip_ws(q, e2);
		if (!parse_uint(q, e2, &off, &q))
			return -1;
		p = q;
		if (n == num) {
			if (off < 0 || c->first + off >= (int64_t)c->data.len)
				return -1;
			*vs = pdf_skip_ws(c->data.p + c->first + off, e2);
			*ve = pdf_skip_value(*vs, e2);
			return *ve ? 0 : -1;
		}
	}
	return -1;
}

int64_t pdf_gen(const struct pdf *pdf, int64_t num)
{
	if (num <= 0 || num >= pdf->nx || pdf->x[num].type != 1)
		return 0;
	return pdf->x[num].b;
}

/* Each "N G R" in vs..ve goes through map (N → new number, 0 = keep). */
int pdf_rewrite_refs(const char *vs, const char *ve, int64_t (*map)(void *ctx, int64_t num),
		     void *ctx, struct buf *out)
{
	const char *p = vs;
	while (p < ve) {
		if (*p == '(') {
			const char *q = pdf_skip_value(p, ve);
			if (!q)
				return -1;
			buf_add(out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '%') { /* comments would hide what follows on the line */
			while (p < ve && *p != '\n' && *p != '\r')
				p++;
			continue;
		}
		if (*p >= '0' && *p <= '9' &&
		    (p == vs || is_ws((unsigned char)p[-1]) || is_delim((unsigned char)p[-1]))) {
			int64_t num, gen;
			const char *r = ref_at(p, ve, &num, &gen);
			if (r) {
				int64_t m = map(ctx, num);
				if (m < 0)
					return -1;
				if (m)
					buf_addf(out, "%lld 0 R", (long long)m);
				else
					buf_add(out, p, (size_t)(r - p));
				p = r;
				continue;
			}
			const char *q = skip_regular(p, ve);
			buf_add(out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		buf_addc(out, *p++);
	}
	return 0;
}
