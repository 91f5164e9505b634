/* PAdES B-B signing and checking of PDF files (ETSI EN 319 142-1).
 *
 * Signing appends one incremental update and leaves every original byte in
 * place: a signature dictionary (/Type /Sig /Filter /Adobe.PPKLite
 * /SubFilter /ETSI.CAdES.detached, /ByteRange, /Contents reserved as
 * zeros, /M the signing time), a signature field whose widget sits on the
 * first page with the stamp as its appearance (imported from a one-page
 * PDF that src/doc draws, or a plain text stamp), the catalog's /AcroForm
 * with /SigFlags 3, the page's /Annots, a classic cross-reference section
 * and a trailer with /Prev. Then the CMS over the two byte ranges is
 * written into the reserved /Contents.
 *
 * Layer: pki.
 */
#include <limits.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "base/clock.h"
#include "base/text.h"
#include "pki/pki_impl.h"
#include "pki/pki_pdf.h"

#define SIG_RESERVE 8192 /* bytes of DER; the hex takes twice that */
#define MAX_NEW	    4096

struct upd {
	struct buf *out;
	size_t base; /* where the update starts in out */
	struct upd_obj {
		int64_t num;
		size_t off;
	} * objs; /* every object the update writes: its cross-reference entry */
	size_t n, cap;
	int64_t next; /* next free object number */
};

/* Every object written gets its cross-reference entry: the table grows,
 * never drops one (an entry left out would make the update unreadable). */
static void obj_begin(struct upd *u, int64_t num)
{
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 64;
		u->objs = xrealloc(u->objs, u->cap * sizeof *u->objs);
	}
	u->objs[u->n++] = (struct upd_obj){num, u->out->len};
	buf_addf(u->out, "%lld 0 obj\n", (long long)num);
}

static void obj_end(struct upd *u)
{
	buf_adds(u->out, "\nendobj\n");
}

/* Whether s..e is a whole dictionary, as dict_with() needs. */
static bool is_dict(const char *s, const char *e)
{
	return e - s >= 4 && s[0] == '<' && s[1] == '<' && e[-2] == '>' && e[-1] == '>';
}

/* d..de (a whole dictionary) with key set to val (replaced, or added at the end). */
static void dict_with(struct buf *o, const char *d, const char *de, const char *key,
		      const char *val)
{
	const char *vs, *ve;
	if (pdf_dict_get(d, de, key, &vs, &ve)) {
		buf_add(o, d, (size_t)(vs - d));
		buf_adds(o, val);
		buf_add(o, ve, (size_t)(de - ve));
		return;
	}
	buf_add(o, d, (size_t)(de - 2 - d));
	buf_addf(o, " %s %s>>", key, val);
}

/* An array text with item appended. */
static void array_with(struct buf *o, const char *as, const char *ae, const char *item)
{
	buf_add(o, as, (size_t)(ae - 1 - as));
	buf_addf(o, " %s]", item);
}

/* A PDF text string: literal if printable ASCII, else UTF-16BE hex with BOM. */
static void text_string(struct buf *o, const char *s)
{
	bool ascii = true;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			ascii = false;
	if (ascii) {
		buf_addc(o, '(');
		for (const char *p = s; *p; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				buf_addc(o, '\\');
			buf_addc(o, *p);
		}
		buf_addc(o, ')');
		return;
	}
	buf_adds(o, "<FEFF");
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t c = *p++;
		int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		c &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
		for (int i = 0; i < more && (*p & 0xC0) == 0x80; i++)
			c = c << 6 | (*p++ & 0x3F);
		if (c >= 0x10000) {
			c -= 0x10000;
			buf_addf(o, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
		} else
			buf_addf(o, "%04X", c);
	}
	buf_addc(o, '>');
}

static void pdf_date(struct buf *o, int64_t ms)
{
	char iso[40];
	clock_format_utc(ms, iso, sizeof iso); /* 2026-11-27T22:49:07.341Z */
	buf_addf(o, "(D:%.4s%.2s%.2s%.2s%.2s%.2s+00'00')", iso, iso + 5, iso + 8, iso + 11,
		 iso + 14, iso + 17);
}

/* The first page: walk /Pages → /Kids[0] until a /Page. */
static int first_page(struct pdf *pdf, const char *cat, const char *cate, int64_t *num,
		      const char **ps, const char **pe)
{
	const char *vs, *ve;
	int64_t n;
	if (!pdf_dict_get(cat, cate, "/Pages", &vs, &ve) || !pdf_parse_ref(vs, ve, &n, NULL))
		return -1;
	for (int depth = 0; depth < 32; depth++) {
		const char *s, *e;
		if (pdf_object(pdf, n, &s, &e) != 0 || !is_dict(s, e))
			return -1; /* a page that is a number or a name (fuzz_pdf) */
		if (!pdf_dict_get(s, e, "/Kids", &vs, &ve)) {
			*num = n;
			*ps = s;
			*pe = e;
			return 0;
		}
		const char *k = pdf_skip_ws(vs + 1, ve);
		if (!pdf_parse_ref(k, ve, &n, NULL))
			return -1;
	}
	return -1;
}

/* The page's MediaBox (inherited from parents if need be). */
static void media_box(struct pdf *pdf, const char *s, const char *e, double mb[4])
{
	mb[0] = 0, mb[1] = 0, mb[2] = 595.276, mb[3] = 841.89;
	for (int depth = 0; depth < 32 && s; depth++) {
		const char *vs, *ve;
		if (pdf_dict_get(s, e, "/MediaBox", &vs, &ve)) {
			const char *p = vs + 1;
			for (int i = 0; i < 4; i++) {
				p = pdf_skip_ws(p, ve);
				char *q;
				mb[i] = strtod(p, &q);
				p = q;
			}
			return;
		}
		int64_t par;
		if (!pdf_dict_get(s, e, "/Parent", &vs, &ve) ||
		    !pdf_parse_ref(vs, ve, &par, NULL) || pdf_object(pdf, par, &s, &e) != 0)
			return;
	}
}

/* ---- importing the stamp's page as a form XObject ---- */

struct imp {
	struct pdf *src;
	struct upd *u;
	int64_t *map;
	int64_t queue[MAX_NEW];
	size_t nq;
	bool overflow;
};

static int64_t imp_map(void *ctx, int64_t num)
{
	struct imp *im = ctx;
	if (num <= 0 || num >= im->src->nx)
		return -1;
	if (!im->map[num]) {
		if (im->nq >= MAX_NEW) {
			im->overflow = true;
			return -1;
		}
		im->map[num] = im->u->next++;
		im->queue[im->nq++] = num;
	}
	return im->map[num];
}

/* Writes a stream object (dict rewritten, /Length direct) as number num. */
static int copy_stream(struct imp *im, int64_t num, const char *d, const char *de,
		       const char *extra)
{
	const char *data;
	size_t len;
	if (pdf_stream(im->src, d, de, &data, &len) != 0)
		return -1;
	struct buf t = BUF_INIT, t2 = BUF_INIT;
	char lenv[32];
	snprintf(lenv, sizeof lenv, "%zu", len);
	dict_with(&t, d, de, "/Length", lenv);
	int rc = pdf_rewrite_refs(t.p, t.p + t.len, imp_map, im, &t2);
	if (rc == 0) {
		obj_begin(im->u, num);
		if (extra) { /* a form XObject made from a page's contents */
			buf_add(im->u->out, t2.p, t2.len - 2);
			buf_adds(im->u->out, extra);
			buf_adds(im->u->out, ">>");
		} else
			buf_add(im->u->out, t2.p, t2.len);
		buf_adds(im->u->out, "\nstream\n");
		buf_add(im->u->out, data, len);
		buf_adds(im->u->out, "\nendstream");
		obj_end(im->u);
	}
	buf_release(&t);
	buf_release(&t2);
	return rc;
}

static int import_stamp(struct upd *u, const void *data, size_t len, int64_t *form)
{
	struct pdf src;
	struct imp im;
	memset(&im, 0, sizeof im);
	int rc = -1;
	if (pdf_open(&src, data, len) != 0)
		goto out_nopdf;
	im.src = &src;
	im.u = u;
	im.map = xcalloc((size_t)src.nx, sizeof *im.map);
	const char *cs, *ce, *ps, *pe, *vs, *ve;
	int64_t page, contents;
	if (pdf_object(&src, src.root, &cs, &ce) != 0 ||
	    first_page(&src, cs, ce, &page, &ps, &pe) != 0)
		goto out;
	if (!pdf_dict_get(ps, pe, "/Contents", &vs, &ve) || !pdf_parse_ref(vs, ve, &contents, NULL))
		goto out; /* cairo writes one content stream */
	double mb[4];
	media_box(&src, ps, pe, mb);
	struct buf extra = BUF_INIT;
	buf_addf(&extra, " /Type /XObject /Subtype /Form /BBox [%.3f %.3f %.3f %.3f]", mb[0], mb[1],
		 mb[2], mb[3]);
	if (pdf_dict_get(ps, pe, "/Resources", &vs, &ve)) {
		buf_adds(&extra, " /Resources ");
		if (pdf_rewrite_refs(vs, ve, imp_map, &im, &extra) != 0) {
			buf_release(&extra);
			goto out;
		}
	}
	const char *ds, *de;
	*form = u->next++;
	if (pdf_object(&src, contents, &ds, &de) != 0 ||
	    copy_stream(&im, *form, ds, de, extra.p) != 0) {
		buf_release(&extra);
		goto out;
	}
	buf_release(&extra);
	for (size_t i = 0; i < im.nq; i++) {
		int64_t n = im.queue[i];
		if (pdf_object(&src, n, &ds, &de) != 0)
			goto out;
		const char *after = pdf_skip_ws(de, src.p + src.n);
		bool is_stream = src.x[n].type == 1 && src.p + src.n - after >= 6 &&
				 memcmp(after, "stream", 6) == 0;
		if (is_stream) {
			if (copy_stream(&im, im.map[n], ds, de, NULL) != 0)
				goto out;
			continue;
		}
		struct buf t = BUF_INIT;
		if (pdf_rewrite_refs(ds, de, imp_map, &im, &t) != 0) {
			buf_release(&t);
			goto out;
		}
		obj_begin(u, im.map[n]);
		buf_add(u->out, t.p, t.len);
		obj_end(u);
		buf_release(&t);
	}
	rc = im.overflow ? -1 : 0;
out:
	free(im.map);
	pdf_close(&src);
out_nopdf:
	return rc;
}

/* A plain stamp: a frame and three lines in Helvetica, ASCII-folded. */
static void text_stamp(struct upd *u, const char *signer, int64_t now, double w, double h,
		       int64_t *form)
{
	int64_t font = u->next++;
	*form = u->next++;
	obj_begin(u, font);
	buf_adds(u->out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
			 "/WinAnsiEncoding >>");
	obj_end(u);
	struct buf c = BUF_INIT, name = BUF_INIT;
	char when[40];
	clock_format_local(now, when, sizeof when);
	/* Helvetica has no Vietnamese letters: fold the name to ASCII
	 * capitals (agency names are written in capitals anyway). */
	text_fold(signer, &name);
	for (size_t i = 0; i < name.len; i++)
		if (name.p[i] >= 'a' && name.p[i] <= 'z')
			name.p[i] = (char)(name.p[i] - 32);
		else if (name.p[i] == '(' || name.p[i] == ')' || name.p[i] == '\\')
			name.p[i] = ' ';
	buf_addf(&c,
		 "q 0.75 0.1 0.1 RG 1.2 w 1 1 %.2f %.2f re S BT 0.75 0.1 0.1 rg /F1 8 Tf 6 %.2f Td "
		 "(Digitally signed by / Da ky so boi:) Tj 0 -11 Td (%s) Tj 0 -11 Td (%.19s "
		 "+07:00) Tj ET Q",
		 w - 2, h - 2, h - 14, name.p, when);
	obj_begin(u, *form);
	buf_addf(u->out,
		 "<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources << /Font << "
		 "/F1 %lld 0 R >> >> /Length %zu >>\nstream\n",
		 w, h, (long long)font, c.len);
	buf_add(u->out, c.p, c.len);
	buf_adds(u->out, "\nendstream");
	obj_end(u);
	buf_release(&c);
	buf_release(&name);
}

/* The signature dictionary, object sig, with placeholders for /ByteRange
 * and /Contents: *br_at and *contents_at get their offsets in u->out. */
static void write_sig_dict(struct upd *u, int64_t sig, const struct pki_signer *s,
			   const struct pki_pdf_opts *opts, size_t *br_at, size_t *contents_at)
{
	struct buf *out = u->out;
	obj_begin(u, sig);
	buf_adds(
		out,
		"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ");
	*br_at = out->len;
	buf_adds(out, "[0 0000000000 0000000000 0000000000]");
	buf_adds(out, " /Contents ");
	*contents_at = out->len;
	buf_addc(out, '<');
	for (size_t i = 0; i < 2 * SIG_RESERVE; i++)
		buf_addc(out, '0');
	buf_addc(out, '>');
	buf_adds(out, " /M ");
	pdf_date(out, opts->now_ms);
	buf_adds(out, " /Name ");
	text_string(out, s ? s->name : "");
	if (opts->reason) {
		buf_adds(out, " /Reason ");
		text_string(out, opts->reason);
	}
	if (opts->location) {
		buf_adds(out, " /Location ");
		text_string(out, opts->location);
	}
	if (opts->contact) {
		buf_adds(out, " /ContactInfo ");
		text_string(out, opts->contact);
	}
	buf_adds(out, " >>");
	obj_end(u);
}

/* The widget wref added to the /Annots of the page (object page, its
 * dictionary ps..pe): the array rewritten where it is an object of its
 * own, else the page. -1 if the structure is not one this writer knows. */
static int add_annot(struct pdf *pdf, struct upd *u, int64_t page, const char *ps, const char *pe,
		     const char *wref)
{
	struct buf *out = u->out;
	struct buf t = BUF_INIT, t2 = BUF_INIT;
	const char *vs, *ve;
	int rc = -1;
	if (pdf_dict_get(ps, pe, "/Annots", &vs, &ve)) {
		int64_t an;
		if (pdf_parse_ref(vs, ve, &an, NULL)) {
			const char *as, *ae;
			if (pdf_object(pdf, an, &as, &ae) != 0 || *as != '[')
				goto out;
			array_with(&t2, as, ae, wref);
			obj_begin(u, an);
			buf_add(out, t2.p, t2.len);
			obj_end(u);
			buf_reset(&t2);
			buf_add(&t, ps, (size_t)(pe - ps)); /* the page itself is unchanged */
		} else if (*vs == '[') {
			array_with(&t2, vs, ve, wref);
			dict_with(&t, ps, pe, "/Annots", t2.p);
			buf_reset(&t2);
		} else
			goto out;
	} else {
		char arr[64];
		snprintf(arr, sizeof arr, "[%s]", wref);
		dict_with(&t, ps, pe, "/Annots", arr);
	}
	obj_begin(u, page);
	buf_add(out, t.p, t.len);
	obj_end(u);
	buf_reset(&t);
	rc = 0;
out:
	buf_release(&t);
	buf_release(&t2);
	return rc;
}

/* The field wref added to the /Fields of the catalog's /AcroForm (the
 * catalog cs..ce), with /SigFlags 3; a form made where there is none. -1
 * if the structure is not one this writer knows. */
static int add_field(struct pdf *pdf, struct upd *u, const char *cs, const char *ce,
		     const char *wref)
{
	struct buf *out = u->out;
	struct buf t = BUF_INIT, t2 = BUF_INIT;
	const char *vs, *ve;
	int rc = -1;
	bool catalog_changed = false;
	if (pdf_dict_get(cs, ce, "/AcroForm", &vs, &ve)) {
		int64_t af;
		const char *as = vs, *ae = ve;
		bool indirect = pdf_parse_ref(vs, ve, &af, NULL);
		if ((indirect && pdf_object(pdf, af, &as, &ae) != 0) || !is_dict(as, ae))
			goto out;
		const char *fs, *fe;
		if (pdf_dict_get(as, ae, "/Fields", &fs, &fe)) {
			if (*fs != '[')
				goto out;
			array_with(&t2, fs, fe, wref);
		} else
			buf_addf(&t2, "[%s]", wref);
		struct buf t3 = BUF_INIT, t4 = BUF_INIT;
		dict_with(&t3, as, ae, "/Fields", t2.p);
		dict_with(&t4, t3.p, t3.p + t3.len, "/SigFlags", "3");
		buf_release(&t3);
		buf_reset(&t2);
		if (indirect) {
			obj_begin(u, af);
			buf_add(out, t4.p, t4.len);
			obj_end(u);
		} else {
			dict_with(&t, cs, ce, "/AcroForm", t4.p);
			catalog_changed = true;
		}
		buf_release(&t4);
	} else {
		int64_t af = u->next++;
		obj_begin(u, af);
		buf_addf(out, "<< /Fields [%s] /SigFlags 3 >>", wref);
		obj_end(u);
		char r[48];
		snprintf(r, sizeof r, "%lld 0 R", (long long)af);
		dict_with(&t, cs, ce, "/AcroForm", r);
		catalog_changed = true;
	}
	if (catalog_changed) {
		obj_begin(u, pdf->root);
		buf_add(out, t.p, t.len);
		obj_end(u);
	}
	rc = 0;
out:
	buf_release(&t);
	buf_release(&t2);
	return rc;
}

/* The update's cross-reference section and trailer. */
static void write_xref(const struct pdf *pdf, struct upd *u)
{
	struct buf *out = u->out;
	const char *vs, *ve;
	size_t xref_at = out->len;
	buf_adds(out, "xref\n");
	for (size_t i = 0; i < u->n; i++) {
		int64_t gen = u->objs[i].num < pdf->size ? pdf_gen(pdf, u->objs[i].num) : 0;
		buf_addf(out, "%lld 1\n%010zu %05lld n \n", (long long)u->objs[i].num,
			 u->objs[i].off - u->base, (long long)gen);
	}
	buf_addf(out, "trailer\n<< /Size %lld /Root %lld %lld R /Prev %lld", (long long)u->next,
		 (long long)pdf->root, (long long)pdf->root_gen, (long long)pdf->startxref);
	if (pdf_dict_get(pdf->trailer, pdf->trailer_end, "/Info", &vs, &ve)) {
		buf_adds(out, " /Info ");
		buf_add(out, vs, (size_t)(ve - vs));
	}
	if (pdf_dict_get(pdf->trailer, pdf->trailer_end, "/ID", &vs, &ve)) {
		buf_adds(out, " /ID ");
		buf_add(out, vs, (size_t)(ve - vs));
	}
	buf_addf(out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref_at - u->base);
}

/* Hashes out from start but for the hex of /Contents (a bytes from start,
 * then from start + b to the end), signs the digest and writes the CMS
 * into the /Contents placeholder at contents_at. */
static int sign_contents(struct pki_signer *s, struct buf *out, size_t start, size_t a, size_t b,
			 size_t contents_at, char *err, size_t errlen)
{
	size_t total = out->len - start;
	struct buf cms = BUF_INIT;
	int rc;
	unsigned char md[32];
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	unsigned int mdl = 0;
	/* A digest that failed would be signed as if it were the document's. */
	bool hashed = mctx && EVP_DigestInit_ex(mctx, EVP_sha256(), NULL) == 1 &&
		      EVP_DigestUpdate(mctx, out->p + start, a) == 1 &&
		      EVP_DigestUpdate(mctx, out->p + start + b, total - b) == 1 &&
		      EVP_DigestFinal_ex(mctx, md, &mdl) == 1 && mdl == sizeof md;
	EVP_MD_CTX_free(mctx);
	if (!hashed) {
		snprintf(err, errlen, "cannot hash the PDF");
		ERR_clear_error();
		rc = PKI_ESIGN;
		goto out;
	}
	rc = pki_cms_build(s, md, 0, &cms, err, errlen);
	if (rc != PKI_OK)
		goto out;
	if (cms.len > SIG_RESERVE) {
		snprintf(err, errlen, "the signature is larger than the space reserved");
		rc = PKI_ESIGN;
		goto out;
	}
	char hex[3];
	for (size_t i = 0; i < cms.len; i++) {
		snprintf(hex, sizeof hex, "%02X", (unsigned char)cms.p[i]);
		memcpy(out->p + contents_at + 1 + 2 * i, hex, 2);
	}
	rc = PKI_OK;
out:
	buf_release(&cms);
	return rc;
}

int pki_sign_pdf(struct pki_signer *s, const void *in, size_t in_len,
		 const struct pki_pdf_opts *opts, struct buf *out, char *err, size_t errlen)
{
	struct pdf pdf;
	int rc = PKI_EPDF;
	const char *cs, *ce, *ps, *pe;
	int64_t page;
	size_t start = out->len;
	int orc = pdf_open(&pdf, in, in_len);
	if (orc != 0) {
		if (orc == PDF_EBUDGET) {
			rc = PKI_EBUDGET;
			snprintf(err, errlen, "the request's time budget ran out");
		} else
			snprintf(err, errlen, "the PDF's cross-reference table does not parse");
		goto out;
	}
	if (pdf_object(&pdf, pdf.root, &cs, &ce) != 0 ||
	    first_page(&pdf, cs, ce, &page, &ps, &pe) != 0) {
		snprintf(err, errlen, "the PDF has no readable catalog or first page");
		goto out;
	}
	double mb[4];
	media_box(&pdf, ps, pe, mb);
	double w = opts->w > 0 ? opts->w : 200, h = opts->w > 0 ? opts->h : 60;
	double x = opts->w > 0 ? opts->x : mb[2] - 15 * 72 / 25.4 - w;
	double y = opts->w > 0 ? opts->y : mb[1] + 10 * 72 / 25.4;

	struct upd *u = xcalloc(1, sizeof *u);
	u->out = out;
	u->next = pdf.size;
	buf_add(out, in, in_len);
	if (in_len && ((const char *)in)[in_len - 1] != '\n')
		buf_addc(out, '\n');
	u->base = start;

	int64_t sig = u->next++, widget = u->next++, form = 0;
	if (opts->appearance && opts->appearance_len) {
		if (import_stamp(u, opts->appearance, opts->appearance_len, &form) != 0) {
			snprintf(err, errlen, "the stamp's PDF could not be imported");
			goto out_u;
		}
	} else
		text_stamp(u, s ? s->name : "", opts->now_ms, w, h, &form);

	/* The signature dictionary with its placeholders. */
	size_t br_at, contents_at;
	write_sig_dict(u, sig, s, opts, &br_at, &contents_at);

	/* The field and its widget on page 1. */
	int64_t page_gen = pdf_gen(&pdf, page);
	obj_begin(u, widget);
	buf_addf(out,
		 "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%lld) /V %lld 0 R /P %lld "
		 "%lld R "
		 "/Rect [%.2f %.2f %.2f %.2f] /F 132 /AP << /N %lld 0 R >> >>",
		 (long long)sig, (long long)sig, (long long)page, (long long)page_gen, x, y, x + w,
		 y + h, (long long)form);
	obj_end(u);

	char wref[48];
	snprintf(wref, sizeof wref, "%lld 0 R", (long long)widget);
	/* /Annots of the page. */
	if (add_annot(&pdf, u, page, ps, pe, wref) != 0)
		goto bad_struct;

	/* /AcroForm of the catalog. */
	if (add_field(&pdf, u, cs, ce, wref) != 0)
		goto bad_struct;

	/* Cross-reference section and trailer. */
	write_xref(&pdf, u);

	/* A verifier takes the last /ByteRange of the file as the signature's:
	 * one in what the update copies from the input (a page or form
	 * dictionary) after ours would make the signed result unverifiable. */
	if (memmem(out->p + br_at, out->len - br_at, "/ByteRange", 10))
		goto bad_struct;
	/* Byte ranges: everything but the hex of /Contents. */
	size_t total = out->len - start;
	size_t a = contents_at - start, b = a + 2 * SIG_RESERVE + 2;
	char range[64];
	int rl = snprintf(range, sizeof range, "[0 %zu %zu %zu", a, b, total - b);
	if (rl <= 0 || rl > 36 - 1) {
		snprintf(err, errlen, "the PDF is too large to sign");
		goto out_u;
	}
	memset(out->p + br_at, ' ', 36);
	memcpy(out->p + br_at, range, (size_t)rl);
	out->p[br_at + 35] = ']';
	if (!s) { /* a dry run (pki_pdf_check): every structure was read */
		rc = PKI_OK;
		goto out_u;
	}

	rc = sign_contents(s, out, start, a, b, contents_at, err, errlen);
	goto out_u;
bad_struct:
	snprintf(err, errlen, "the PDF's page or form structure is not supported");
	rc = PKI_EPDF;
out_u:
	free(u->objs);
	free(u);
out:
	if (rc != PKI_OK) {
		out->len = start;
		if (out->p)
			out->p[start] = 0;
	}
	pdf_close(&pdf);
	return rc;
}

/* ---- checking ---- */

int pki_pdf_check(const void *data, size_t len, char *err, size_t errlen)
{
	/* The signing code itself, short of the key: whatever it would refuse
	 * at issue is refused now. */
	struct pki_pdf_opts o = {.now_ms = 0};
	struct buf tmp = BUF_INIT;
	int rc = pki_sign_pdf(NULL, data, len, &o, &tmp, err, errlen);
	buf_release(&tmp);
	return rc;
}

static const char *find_last(const char *h, size_t n, const char *needle, size_t *count)
{
	size_t nl = strlen(needle);
	const char *last = NULL;
	*count = 0;
	for (const char *p = h; (p = memmem(p, n - (size_t)(p - h), needle, nl)) != NULL; p += nl) {
		last = p;
		(*count)++;
	}
	return last;
}

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A PDF hex string's body (white space allowed, an odd last digit counts
 * as followed by 0) into out, which has room for n / 2 + 1 bytes. One pass:
 * the time is linear in n, and the request's budget is asked every 64 KB. */
static int hex_decode(const char *s, size_t n, unsigned char *out, size_t *outlen)
{
	size_t o = 0;
	int hi = -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((i & 65535) == 65535 && budget_spent())
			return -1;
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0)
			continue;
		int v = hex_digit(c);
		if (v < 0)
			return -1;
		if (hi < 0)
			hi = v;
		else {
			out[o++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		out[o++] = (unsigned char)(hi << 4);
	*outlen = o;
	return 0;
}

static int64_t parse_pdf_date(const char *s, const char *e)
{
	/* (D:YYYYMMDDHHmmSS[Z|+HH'mm']) */
	while (s < e && *s != 'D')
		s++;
	if (e - s < 16 || s[1] != ':')
		return 0;
	s += 2;
	int v[6] = {0};
	const int w[6] = {4, 2, 2, 2, 2, 2};
	for (int i = 0; i < 6; i++) {
		for (int k = 0; k < w[i]; k++) {
			if (s >= e || *s < '0' || *s > '9')
				return 0;
			v[i] = v[i] * 10 + (*s++ - '0');
		}
	}
	int64_t ms = (clock_days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]) * 86400 +
		      v[3] * 3600 + v[4] * 60 + v[5]) *
		     1000;
	if (s < e && (*s == '+' || *s == '-') && e - s >= 6) {
		int hh = (s[1] - '0') * 10 + (s[2] - '0'), mm = (s[4] - '0') * 10 + (s[5] - '0');
		int64_t off = (hh * 60 + mm) * 60000LL;
		ms += *s == '+' ? -off : off;
	}
	return ms;
}

int pki_verify_pdf(const void *data, size_t len, const char *ca_path, struct pki_verify *out)
{
	memset(out, 0, sizeof *out);
	const char *p = data;
	size_t count = 0;
	const char *br = len ? find_last(p, len, "/ByteRange", &count) : NULL;
	out->nsignatures = (int)count;
	if (!br) {
		snprintf(out->problem, sizeof out->problem, "the PDF carries no signature");
		return PKI_OK;
	}
	const char *e = p + len, *q = pdf_skip_ws(br + 10, e);
	int64_t r[4];
	if (q >= e || *q != '[')
		goto broken;
	q++;
	for (int i = 0; i < 4; i++) {
		q = pdf_skip_ws(q, e);
		const char *s = q;
		while (q < e && *q >= '0' && *q <= '9')
			q++;
		if (!pdf_parse_int(s, q, &r[i]))
			goto broken;
	}
	if (r[0] != 0 || r[1] <= 0 || r[2] <= r[1] + 1 || r[2] + r[3] > (int64_t)len)
		goto broken;
	if (p[r[1]] != '<' || p[r[2] - 1] != '>')
		goto broken;
	out->whole = r[2] + r[3] == (int64_t)len;
	/* The CMS: hex between the angle brackets, trailing zeros are padding. */
	size_t hn = (size_t)(r[2] - r[1] - 2);
	unsigned char *der = xmalloc(hn / 2 + 1);
	size_t dl = 0;
	if (hex_decode(p + r[1] + 1, hn, der, &dl) != 0) {
		free(der);
		if (budget_spent())
			return PKI_EBUDGET;
		goto broken;
	}
	/* The signing time claimed in /M (B-B puts it there, not in the CMS). */
	const char *m = memmem(
		p + r[2], (size_t)(len - (size_t)r[2]) < 4096 ? len - (size_t)r[2] : 4096, "/M", 2);
	if (m)
		out->signed_at = parse_pdf_date(m, m + 40 < e ? m + 40 : e);
	BIO *content = BIO_new(BIO_s_mem());
	/* The signed bytes, whole: a short copy would be checked as the PDF. */
	if (!content || r[1] > INT_MAX || r[3] > INT_MAX ||
	    BIO_write(content, p, (int)r[1]) != (int)r[1] ||
	    (r[3] > 0 && BIO_write(content, p + r[2], (int)r[3]) != (int)r[3])) {
		BIO_free(content);
		free(der);
		out->signed_ = true;
		snprintf(out->problem, sizeof out->problem, "the signed bytes cannot be read");
		return PKI_EINVAL;
	}
	int64_t at = out->signed_at;
	int rc = pki_cms_check(der, dl, content, ca_path, out);
	if (!out->signed_at)
		out->signed_at = at;
	BIO_free(content);
	free(der);
	out->nsignatures = (int)count;
	if (out->valid && !out->whole)
		snprintf(out->problem, sizeof out->problem,
			 "the file was changed after it was signed (bytes appended)");
	return rc;
broken:
	out->signed_ = true;
	snprintf(out->problem, sizeof out->problem, "the signature's byte range is malformed");
	return PKI_OK;
}
