/* The page engine of the forms: PDF surface, pango text, paragraphs that
 * flow across pages, tables with repeated headers, and the fixed blocks of a
 * Vietnamese administrative document laid out per Decree 30/2020.
 *
 * Layer: doc. Only src/doc/ includes cairo, pango and qrencode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <qrencode.h>

#include "base/text.h"
#include "base/budget.h"
#include "doc/doc_draw.h"

#define PS ((double)PANGO_SCALE)

/* A4 and the margins of Decree 30/2020 (top and bottom 20–25 mm, left 30–35,
 * right 15–20): motcua takes the smallest of each so that more fits. */
#define A4_W	      (210.0 * DOC_MM)
#define A4_H	      (297.0 * DOC_MM)
#define MARGIN_TOP    (20.0 * DOC_MM)
#define MARGIN_BOTTOM (20.0 * DOC_MM)
#define MARGIN_LEFT   (30.0 * DOC_MM)
#define MARGIN_RIGHT  (15.0 * DOC_MM)
/* The agency column's share of the text area; the motto takes the rest. */
#define HEAD_LEFT_SHARE 0.44
#define CELL_PAD	3.0
#define RULE_WIDTH	0.6

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void footer(struct doc *d);

void doc_begin(struct doc *d, struct buf *out, bool landscape, const char *title)
{
	memset(d, 0, sizeof(*d));
	buf_init(&d->md);
	d->pw = landscape ? A4_H : A4_W;
	d->ph = landscape ? A4_W : A4_H;
	d->x0 = MARGIN_LEFT;
	d->x1 = d->pw - MARGIN_RIGHT;
	d->y0 = MARGIN_TOP;
	d->y1 = d->ph - MARGIN_BOTTOM;
	d->y = d->y0;
	d->page = 1;
	d->surface = cairo_pdf_surface_create_for_stream(write_cb, out, d->pw, d->ph);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "motcua");
	d->cr = cairo_create(d->surface);
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS) {
		d->err = DOC_ECAIRO;
		return;
	}
	/* The calling thread's default font map: per-thread since pango 1.32.6,
	 * so concurrent renders on different threads share nothing. */
	d->pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	/* Cairo units are points: 72 per inch, not pango's screen default 96. */
	pango_cairo_context_set_resolution(d->pc, 72.0);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(d->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(d->pc, FALSE);
	pango_cairo_update_context(d->cr, d->pc);
	d->fd = pango_font_description_from_string(DOC_FONT);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
}

int doc_end(struct doc *d)
{
	if (d->fd)
		pango_font_description_free(d->fd);
	if (d->pc)
		g_object_unref(d->pc);
	if (d->cr) {
		if (!d->err && cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
			d->err = DOC_ECAIRO;
		cairo_destroy(d->cr);
	}
	if (d->surface) {
		cairo_surface_finish(d->surface);
		if (!d->err && cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS)
			d->err = DOC_ECAIRO;
		cairo_surface_destroy(d->surface);
	}
	buf_release(&d->md);
	return d->err;
}

static void table_head(struct doc *d, const struct doc_table *t);
static double show_centred(struct doc *d, PangoLayout *l, double cx, double cw, double y);

void doc_new_page(struct doc *d)
{
	if (d->err)
		return;
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = d->y0;
	if (!d->total_pages) {
		/* Decree 30/2020: pages are numbered from the second, in the top
		 * margin, centred, 13 pt upright. */
		char n[16];
		snprintf(n, sizeof(n), "%d", d->page);
		PangoLayout *l = doc_layout(d, n, DOC_SZ_BODY, 0, 0);
		show_centred(d, l, d->x0, d->x1 - d->x0, d->y0 - 10.0 * DOC_MM);
		g_object_unref(l);
	}
	if (d->table)
		table_head(d, d->table);
}

void doc_need(struct doc *d, double h)
{
	if (d->y + h > d->y1 && d->y > d->y0)
		doc_new_page(d);
}

PangoLayout *doc_layout(struct doc *d, const char *markup, double size, unsigned flags,
			double width)
{
	PangoLayout *l = pango_layout_new(d->pc);
	pango_font_description_set_size(d->fd, (gint)(size * PANGO_SCALE + 0.5));
	pango_font_description_set_weight(d->fd, (flags & DOC_BOLD) ? PANGO_WEIGHT_BOLD
								    : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(d->fd, (flags & DOC_ITALIC) ? PANGO_STYLE_ITALIC
								     : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, d->fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	if (flags & DOC_CENTER)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	else if (flags & DOC_RIGHT)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	if (flags & DOC_JUSTIFY)
		pango_layout_set_justify(l, TRUE);
	if (flags & DOC_INDENT)
		pango_layout_set_indent(l, (int)(10.0 * DOC_MM * PANGO_SCALE));
	pango_layout_set_markup(l, markup, -1);
	return l;
}

double doc_layout_height(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return r.height / PS;
}

double doc_layout_width(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return r.width / PS;
}

void doc_show(struct doc *d, PangoLayout *l, double x, double y)
{
	if (d->err)
		return;
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
}

void doc_para(struct doc *d, const char *markup, double size, unsigned flags, double indent,
	      double space_after)
{
	if (d->err)
		return;
	PangoLayout *l = doc_layout(d, markup, size, flags, d->x1 - d->x0 - indent);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double top = d->y; /* where the layout's origin sits on this page */
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		double ly = log.y / PS, lh = log.height / PS;
		if (top + ly + lh > d->y1 && top + ly > d->y0) {
			doc_new_page(d);
			top = d->y - ly;
		}
		cairo_move_to(d->cr, d->x0 + indent + log.x / PS,
			      top + pango_layout_iter_get_baseline(it) / PS);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
		d->y = top + ly + lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	d->y += space_after;
}

void doc_md_raw(struct buf *b, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&apos;");
			break;
		default:
			buf_addc(b, *s);
		}
	}
}

void doc_md_esc(struct buf *b, const char *s)
{
	if (!s || !*s)
		buf_adds(b, DOC_BLANK);
	else
		doc_md_raw(b, s);
}

/* Vietnamese capitals: glib knows the case mapping of every letter with its
 * tone mark ("ủy ban" → "ỦY BAN"). */
void doc_md_upper(struct buf *b, const char *s)
{
	gchar *u = g_utf8_strup(s, -1);
	doc_md_raw(b, u);
	g_free(u);
}

static void md_upper(struct buf *b, const char *s)
{
	doc_md_upper(b, s);
}

static void hrule(struct doc *d, double xa, double xb, double y)
{
	cairo_set_line_width(d->cr, RULE_WIDTH);
	cairo_move_to(d->cr, xa, y);
	cairo_line_to(d->cr, xb, y);
	cairo_stroke(d->cr);
}

/* Draws a layout centred in the column [cx, cx+cw) at y; returns its height.
 * Works whether or not the layout wraps and aligns by itself: the logical
 * rectangle's x says where pango already put the text. */
static double show_centred(struct doc *d, PangoLayout *l, double cx, double cw, double y)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	doc_show(d, l, cx + (cw - r.width / PS) / 2 - r.x / PS, y);
	return r.height / PS;
}

/* A centred layout no wider than maxw whose lines are as even as the words
 * allow: "TRUNG TÂM PHỤC VỤ HÀNH / CHÍNH CÔNG TỈNH NINH BÌNH" rather than a
 * long line over a lone "BÌNH". Narrows the width while the line count holds. */
static PangoLayout *balanced(struct doc *d, const char *markup, double size, unsigned flags,
			     double maxw)
{
	PangoLayout *l = doc_layout(d, markup, size, flags | DOC_CENTER, maxw);
	int n = pango_layout_get_line_count(l);
	if (n < 2)
		return l;
	double lo = maxw / n, hi = maxw;
	for (int i = 0; i < 8; i++) {
		double mid = (lo + hi) / 2;
		pango_layout_set_width(l, (int)(mid * PANGO_SCALE));
		if (pango_layout_get_line_count(l) > n)
			lo = mid;
		else
			hi = mid;
	}
	pango_layout_set_width(l, (int)(hi * PANGO_SCALE));
	return l;
}

/* The widest line of a layout that may wrap. */
static double widest_line(PangoLayout *l)
{
	double w = 0;
	int n = pango_layout_get_line_count(l);
	for (int i = 0; i < n; i++) {
		PangoRectangle r;
		pango_layout_line_get_extents(pango_layout_get_line_readonly(l, i), NULL, &r);
		if (r.width / PS > w)
			w = r.width / PS;
	}
	return w;
}

void doc_head(struct doc *d, const struct doc_agency *a, bool with_number, const char *number,
	      int64_t date)
{
	if (d->err)
		return;
	double tw = d->x1 - d->x0;
	double lw = tw * HEAD_LEFT_SHARE, rw = tw - lw;
	double lx = d->x0, rx = d->x0 + lw;
	struct buf *b = &d->md;

	/* Left: superior body in capitals over the issuing unit in bold
	 * capitals, a short centred rule below (1/3 to 1/2 of the line). */
	double ly = d->y;
	PangoLayout *l;
	if (a->superior && *a->superior) {
		buf_reset(b);
		md_upper(b, a->superior);
		l = balanced(d, buf_str(b), DOC_SZ_AGENCY, 0, lw);
		ly += show_centred(d, l, lx, lw, ly);
		g_object_unref(l);
	}
	buf_reset(b);
	md_upper(b, a->name);
	l = balanced(d, buf_str(b), DOC_SZ_AGENCY, DOC_BOLD, lw);
	ly += show_centred(d, l, lx, lw, ly);
	double rule = widest_line(l) * 0.4;
	g_object_unref(l);
	hrule(d, lx + (lw - rule) / 2, lx + (lw + rule) / 2, ly + 2);
	ly += 6;

	/* Right: the national motto, the slogan with a rule of its own length. */
	double ry = d->y;
	l = doc_layout(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", DOC_SZ_MOTTO, DOC_BOLD, 0);
	double mw = doc_layout_width(l);
	if (mw > rw) { /* a narrow column: shrink rather than wrap the motto */
		g_object_unref(l);
		l = doc_layout(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", DOC_SZ_MOTTO * rw / mw,
			       DOC_BOLD, 0);
	}
	ry += show_centred(d, l, rx, rw, ry);
	g_object_unref(l);
	l = doc_layout(d, "Độc lập - Tự do - Hạnh phúc", DOC_SZ_SLOGAN, DOC_BOLD, 0);
	double sw = doc_layout_width(l);
	ry += show_centred(d, l, rx, rw, ry);
	g_object_unref(l);
	hrule(d, rx + (rw - sw) / 2, rx + (rw + sw) / 2, ry + 1);
	ry += 6;

	d->y = ly > ry ? ly : ry;
	if (with_number) {
		d->y += 4;
		buf_reset(b);
		buf_adds(b, "Số: ");
		doc_md_esc(b, number);
		l = doc_layout(d, buf_str(b), DOC_SZ_BODY, DOC_CENTER, lw);
		double h1 = show_centred(d, l, lx, lw, d->y);
		g_object_unref(l);
		buf_reset(b);
		doc_md_raw(b, a->place);
		buf_adds(b, ", ");
		if (date)
			doc_date_vi(date, b);
		else
			buf_adds(b, "ngày … tháng … năm …");
		l = doc_layout(d, buf_str(b), DOC_SZ_BODY, DOC_ITALIC | DOC_CENTER, rw);
		double h2 = show_centred(d, l, rx, rw, d->y);
		g_object_unref(l);
		d->y += h1 > h2 ? h1 : h2;
	}
}

void doc_title(struct doc *d, const char *title, const char *sub_markup)
{
	if (d->err)
		return;
	struct buf *b = &d->md;
	d->y += 18;
	buf_reset(b);
	md_upper(b, title);
	doc_para(d, buf_str(b), DOC_SZ_TITLE, DOC_BOLD | DOC_CENTER, 0, 2);
	if (sub_markup)
		doc_para(d, sub_markup, DOC_SZ_BODY, DOC_CENTER, 0, 2);
	d->y += 10;
}

void doc_begin_form(struct doc *d, struct buf *out, const struct doc_agency *a, const char *number,
		    int64_t date, const char *title)
{
	doc_begin(d, out, false, title);
	doc_head(d, a, true, number, date);
	doc_title(d, title, NULL);
}

/* Lays out one signature block; *h gets its height. Room to sign: 3 lines. */
#define SIGN_ROOM (4.5 * DOC_SZ_BODY)
static PangoLayout *sig_top(struct doc *d, const struct doc_sig *s, double w)
{
	struct buf *b = &d->md;
	buf_reset(b);
	buf_adds(b, "<b>");
	md_upper(b, s->title);
	buf_adds(b, "</b>");
	if (s->hint) {
		buf_adds(b, "\n<i>");
		doc_md_raw(b, s->hint);
		buf_adds(b, "</i>");
	}
	return doc_layout(d, buf_str(b), DOC_SZ_BODY, DOC_CENTER, w);
}

static PangoLayout *sig_name(struct doc *d, const struct doc_sig *s, double w)
{
	struct buf *b = &d->md;
	buf_reset(b);
	doc_md_raw(b, s->name ? s->name : "");
	return doc_layout(d, buf_str(b), DOC_SZ_BODY, DOC_CENTER | DOC_BOLD, w);
}

static double sig_height(PangoLayout *top, PangoLayout *name)
{
	return doc_layout_height(top) + SIGN_ROOM + doc_layout_height(name);
}

static void sig_show(struct doc *d, PangoLayout *top, PangoLayout *name, double x, double y)
{
	doc_show(d, top, x, y);
	doc_show(d, name, x, y + doc_layout_height(top) + SIGN_ROOM);
}

double doc_signatures_height(struct doc *d, const struct doc_sig *left, const struct doc_sig *right)
{
	double tw = d->x1 - d->x0;
	double lw = tw * HEAD_LEFT_SHARE, rw = tw - lw;
	PangoLayout *rt = sig_top(d, right, rw), *rn = sig_name(d, right, rw);
	double h = sig_height(rt, rn);
	g_object_unref(rt);
	g_object_unref(rn);
	if (left) {
		PangoLayout *lt = sig_top(d, left, lw), *ln = sig_name(d, left, lw);
		if (sig_height(lt, ln) > h)
			h = sig_height(lt, ln);
		g_object_unref(lt);
		g_object_unref(ln);
	}
	return 10 + h;
}

void doc_signatures(struct doc *d, const struct doc_sig *left, const struct doc_sig *right)
{
	if (d->err)
		return;
	double tw = d->x1 - d->x0;
	double lw = tw * HEAD_LEFT_SHARE, rw = tw - lw;
	PangoLayout *lt = NULL, *ln = NULL;
	PangoLayout *rt = sig_top(d, right, rw), *rn = sig_name(d, right, rw);
	double h = sig_height(rt, rn);
	if (left) {
		lt = sig_top(d, left, lw);
		ln = sig_name(d, left, lw);
		if (sig_height(lt, ln) > h)
			h = sig_height(lt, ln);
	}
	d->y += 10;
	doc_need(d, h);
	if (left) {
		sig_show(d, lt, ln, d->x0, d->y);
		g_object_unref(lt);
		g_object_unref(ln);
	}
	sig_show(d, rt, rn, d->x0 + lw, d->y);
	g_object_unref(rt);
	g_object_unref(rn);
	d->y += h;
}

/* The layouts of doc_recipients_and_sig(): the list at the left (*ll), the
 * signature at the right (*rt, *rn); returns their height. */
static double recip_layouts(struct doc *d, const char *const *recipients, size_t n,
			    const struct doc_sig *right, PangoLayout **ll, PangoLayout **rt,
			    PangoLayout **rn)
{
	static const char *const dflt[] = {"Như trên", "Lưu: VT"};
	if (n == 0) {
		recipients = dflt;
		n = 2;
	}
	double tw = d->x1 - d->x0;
	double lw = tw * HEAD_LEFT_SHARE, rw = tw - lw;
	struct buf *b = &d->md;
	/* "Nơi nhận:" bold italic 12 pt, the list 11 pt, each item after a dash,
	 * ';' between and '.' after the last (Decree 30/2020). */
	buf_reset(b);
	buf_adds(b, "<span size=\"12pt\"><b><i>Nơi nhận:</i></b></span>");
	for (size_t i = 0; i < n; i++) {
		const char *s = recipients[i];
		size_t len = strlen(s);
		buf_adds(b, "\n- ");
		doc_md_raw(b, s);
		if (len && !strchr(";.", s[len - 1]))
			buf_addc(b, i + 1 < n ? ';' : '.');
	}
	*ll = doc_layout(d, buf_str(b), DOC_SZ_RECIP, 0, lw);
	*rt = sig_top(d, right, rw);
	*rn = sig_name(d, right, rw);
	double h = sig_height(*rt, *rn);
	return doc_layout_height(*ll) > h ? doc_layout_height(*ll) : h;
}

#define SIG_SPACE 10 /* above a signature block */

double doc_recipients_and_sig_height(struct doc *d, const char *const *recipients, size_t n,
				     const struct doc_sig *right)
{
	PangoLayout *ll, *rt, *rn;
	double h = recip_layouts(d, recipients, n, right, &ll, &rt, &rn);
	g_object_unref(ll);
	g_object_unref(rt);
	g_object_unref(rn);
	return SIG_SPACE + h;
}

void doc_recipients_and_sig(struct doc *d, const char *const *recipients, size_t n,
			    const struct doc_sig *right)
{
	if (d->err)
		return;
	double lw = (d->x1 - d->x0) * HEAD_LEFT_SHARE;
	PangoLayout *ll, *rt, *rn;
	double h = recip_layouts(d, recipients, n, right, &ll, &rt, &rn);
	d->y += SIG_SPACE;
	doc_need(d, h);
	doc_show(d, ll, d->x0, d->y + 2);
	sig_show(d, rt, rn, d->x0 + lw, d->y);
	g_object_unref(ll);
	g_object_unref(rt);
	g_object_unref(rn);
	d->y += h;
}

void doc_qr(struct doc *d, const char *text, double x, double y, double size)
{
	if (d->err)
		return;
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q) {
		d->err = DOC_EQR;
		return;
	}
	int w = q->width;
	double m = size / w;
	/* One rectangle per horizontal run of dark modules, filled in one go:
	 * no hairline seams between modules in a viewer. */
	for (int r = 0; r < w; r++) {
		int c = 0;
		while (c < w) {
			if (!(q->data[r * w + c] & 1)) {
				c++;
				continue;
			}
			int c0 = c;
			while (c < w && (q->data[r * w + c] & 1))
				c++;
			cairo_rectangle(d->cr, x + c0 * m, y + r * m, (c - c0) * m, m);
		}
	}
	cairo_fill(d->cr);
	QRcode_free(q);
}

/* Tables. */

static void col_geometry(const struct doc *d, const struct doc_table *t, double *w)
{
	double sum = 0;
	for (size_t i = 0; i < t->ncols; i++)
		sum += t->cols[i].width;
	for (size_t i = 0; i < t->ncols; i++)
		w[i] = (d->x1 - d->x0) * t->cols[i].width / sum;
}

#define MAX_COLS 24 /* the periodic report has 18 */

static double head_height(struct doc *d, const struct doc_table *t, const double *w,
			  double *group_h)
{
	double h = 0;
	*group_h = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		PangoLayout *l = doc_layout(d, t->cols[i].head, t->size, DOC_BOLD | DOC_CENTER,
					    w[i] - 2 * CELL_PAD);
		double lh = doc_layout_height(l) + 2 * CELL_PAD;
		g_object_unref(l);
		if (lh > h)
			h = lh;
	}
	if (t->group_head) {
		double gw = 0;
		for (size_t i = t->group_first; i < t->group_first + t->group_n; i++)
			gw += w[i];
		PangoLayout *l = doc_layout(d, t->group_head, t->size, DOC_BOLD | DOC_CENTER,
					    gw - 2 * CELL_PAD);
		*group_h = doc_layout_height(l) + 2 * CELL_PAD;
		g_object_unref(l);
	}
	return h;
}

static void cell_box(struct doc *d, double x, double y, double w, double h)
{
	cairo_set_line_width(d->cr, 0.5);
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_stroke(d->cr);
}

/* Draws the header at the cursor. Columns outside the group span both
 * header rows; the group's columns sit under the group header. */
static void table_head(struct doc *d, const struct doc_table *t)
{
	double w[MAX_COLS], gh;
	col_geometry(d, t, w);
	double h = head_height(d, t, w, &gh);
	double x = d->x0, y = d->y;
	for (size_t i = 0; i < t->ncols; i++) {
		bool in_group =
			t->group_head && i >= t->group_first && i < t->group_first + t->group_n;
		double cy = in_group ? y + gh : y, ch = in_group ? h : h + gh;
		if (t->group_head && i == t->group_first) {
			double gw = 0;
			for (size_t j = i; j < t->group_first + t->group_n; j++)
				gw += w[j];
			PangoLayout *l = doc_layout(d, t->group_head, t->size,
						    DOC_BOLD | DOC_CENTER, gw - 2 * CELL_PAD);
			doc_show(d, l, x + CELL_PAD, y + CELL_PAD);
			g_object_unref(l);
			cell_box(d, x, y, gw, gh);
		}
		PangoLayout *l = doc_layout(d, t->cols[i].head, t->size, DOC_BOLD | DOC_CENTER,
					    w[i] - 2 * CELL_PAD);
		/* Centre the header text vertically in its box. */
		doc_show(d, l, x + CELL_PAD, cy + (ch - doc_layout_height(l)) / 2);
		g_object_unref(l);
		cell_box(d, x, cy, w[i], ch);
		x += w[i];
	}
	d->y = y + h + gh;
}

/* Lays out the cells of one row into ls[]; returns the row height. */
static double row_layouts(struct doc *d, const struct doc_table *t, const double *w, size_t r,
			  PangoLayout **ls)
{
	double h = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		buf_reset(&d->md);
		t->cell(t->ctx, r, c, &d->md);
		ls[c] = doc_layout(d, buf_str(&d->md), t->size, t->cols[c].flags,
				   w[c] - 2 * CELL_PAD);
		double lh = doc_layout_height(ls[c]);
		if (lh > h)
			h = lh;
	}
	return h + 2 * CELL_PAD;
}

/* Whether row r, one of the last t->keep_rows but not the first row, must
 * begin a new page so that it, the rows after it and t->keep_after points
 * fit on one page from y. */
static bool keep_break(struct doc *d, const struct doc_table *t, const double *w, size_t r,
		       double y)
{
	if (r == 0 || r + t->keep_rows < t->nrows)
		return false;
	PangoLayout *ls[MAX_COLS];
	double h = t->keep_after;
	for (size_t k = r; k < t->nrows; k++) {
		h += row_layouts(d, t, w, k, ls);
		for (size_t c = 0; c < t->ncols; c++)
			g_object_unref(ls[c]);
	}
	return y + h > d->y1;
}

int doc_table_pages(struct doc *d, const struct doc_table *t)
{
	double w[MAX_COLS], gh;
	PangoLayout *ls[MAX_COLS];
	if (d->err || t->ncols > MAX_COLS)
		return d->page;
	col_geometry(d, t, w);
	double hh = head_height(d, t, w, &gh) + gh;
	int pages = d->page;
	double y = d->y;
	if (y + hh + 2 * t->size > d->y1 && y > d->y0) { /* as doc_table's doc_need() */
		pages++;
		y = d->y0;
	}
	y += hh;
	for (size_t r = 0; r < t->nrows; r++) {
		if (budget_spent()) { /* a book of thousands of rows, laid out twice */
			d->err = DOC_EBUDGET;
			break;
		}
		double h = row_layouts(d, t, w, r, ls);
		for (size_t c = 0; c < t->ncols; c++)
			g_object_unref(ls[c]);
		if ((y + h > d->y1 || keep_break(d, t, w, r, y)) && y > d->y0 + hh + 0.01) {
			pages++;
			y = d->y0 + hh;
		}
		y += h;
	}
	return pages;
}

void doc_table(struct doc *d, const struct doc_table *t)
{
	double w[MAX_COLS], gh;
	PangoLayout *ls[MAX_COLS];
	if (d->err)
		return;
	if (t->ncols > MAX_COLS) {
		d->err = DOC_ERANGE;
		return;
	}
	col_geometry(d, t, w);
	double hh = head_height(d, t, w, &gh) + gh;
	/* The header and at least a little of the first row on one page. */
	doc_need(d, hh + 2 * t->size);
	table_head(d, t);
	d->table = t;
	for (size_t r = 0; r < t->nrows && !d->err; r++) {
		if (budget_spent()) {
			d->err = DOC_EBUDGET;
			break;
		}
		double h = row_layouts(d, t, w, r, ls);
		if ((d->y + h > d->y1 || keep_break(d, t, w, r, d->y)) && d->y > d->y0 + hh + 0.01)
			doc_new_page(d); /* repeats the header */
		cairo_save(d->cr);
		cairo_rectangle(d->cr, 0, 0, d->pw, d->y1);
		cairo_clip(d->cr);
		double x = d->x0;
		for (size_t c = 0; c < t->ncols; c++) {
			doc_show(d, ls[c], x + CELL_PAD, d->y + CELL_PAD);
			cell_box(d, x, d->y, w[c], h);
			g_object_unref(ls[c]);
			x += w[c];
		}
		cairo_restore(d->cr);
		d->y += h;
	}
	d->table = NULL;
}

static void footer(struct doc *d)
{
	if (d->total_pages <= 0)
		return;
	struct buf *b = &d->md;
	buf_reset(b);
	buf_addf(b, "Trang %d/%d", d->page, d->total_pages);
	PangoLayout *l = doc_layout(d, buf_str(b), 10, DOC_CENTER, d->x1 - d->x0);
	doc_show(d, l, d->x0, d->y1 + 6);
	g_object_unref(l);
}

void doc_last_footer(struct doc *d)
{
	if (!d->err)
		footer(d);
}

const char *doc_timeliness_vi(enum doc_timeliness t)
{
	switch (t) {
	case DOC_EARLY:
		return "Trước hạn";
	case DOC_ON_TIME:
		return "Đúng hạn";
	case DOC_LATE:
		return "Quá hạn";
	case DOC_PENDING:
		break;
	}
	return "";
}

/* Input checks. */

int doc_check_text(const char *s, bool required)
{
	if (!s || !*s)
		return required ? DOC_EINVAL : 0;
	size_t n = strlen(s);
	if (n > DOC_MAX_TEXT)
		return DOC_ERANGE;
	return text_utf8_valid(s, n) ? 0 : DOC_EINVAL;
}

int doc_check_person(const struct doc_person *p, bool required)
{
	int rc;
	if ((rc = doc_check_text(p->name, required)) ||
	    (rc = doc_check_text(p->id_number, false)) ||
	    (rc = doc_check_text(p->tax_code, false)) || (rc = doc_check_text(p->address, false)) ||
	    (rc = doc_check_text(p->phone, false)) || (rc = doc_check_text(p->email, false)))
		return rc;
	return 0;
}

int doc_check_agency(const struct doc_agency *a, bool need_place)
{
	int rc;
	if ((rc = doc_check_text(a->superior, false)) || (rc = doc_check_text(a->name, true)) ||
	    (rc = doc_check_text(a->place, need_place)))
		return rc;
	return 0;
}

int doc_check_signer(const struct doc_signer *s, bool title_required)
{
	int rc;
	if ((rc = doc_check_text(s->title, title_required)) ||
	    (rc = doc_check_text(s->name, false)))
		return rc;
	return 0;
}

int doc_check_list(const char *const *v, size_t n, bool at_least_one)
{
	if (n > DOC_MAX_ITEMS)
		return DOC_ERANGE;
	if (at_least_one && n == 0)
		return DOC_EINVAL;
	if (n && !v)
		return DOC_EINVAL;
	for (size_t i = 0; i < n; i++) {
		int rc = doc_check_text(v[i], true);
		if (rc)
			return rc;
	}
	return 0;
}

int doc_check_components(const struct doc_component *c, size_t n, bool at_least_one)
{
	if (n > DOC_MAX_ITEMS)
		return DOC_ERANGE;
	if ((at_least_one && n == 0) || (n && !c))
		return DOC_EINVAL;
	for (size_t i = 0; i < n; i++) {
		int rc;
		if ((rc = doc_check_text(c[i].name, true)) ||
		    (rc = doc_check_text(c[i].copy_type, false)) ||
		    (rc = doc_check_text(c[i].note, false)))
			return rc;
		if (c[i].copies < 0 || c[i].copies > 9999)
			return DOC_ERANGE;
	}
	return 0;
}
