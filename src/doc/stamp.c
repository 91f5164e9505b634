/* The signature stamp (see stamp.h), drawn with cairo and pango in
 * Liberation Serif so that Vietnamese names keep their marks. Layer: doc. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

#include "base/clock.h"
#include "doc/forms.h"
#include "doc/stamp.h"

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Draws text at (x, y), wrapped to width w in at most maxlines lines
 * (the last one ellipsized); returns the height used. */
static double line(cairo_t *cr, PangoContext *pc, const char *text, double size, bool bold,
		   double x, double y, double w, int maxlines)
{
	PangoLayout *l = pango_layout_new(pc);
	PangoFontDescription *fd = pango_font_description_from_string("Liberation Serif");
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_height(l, -maxlines);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_text(l, text, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	int pw, ph;
	pango_layout_get_size(l, &pw, &ph);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)ph / PANGO_SCALE;
}

int doc_stamp_pdf(const struct doc_stamp *s, struct buf *out)
{
	const double W = DOC_STAMP_W, H = DOC_STAMP_H;
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_cb, out, W, H);
	cairo_t *cr = cairo_create(surf);
	int rc = 0;
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		rc = DOC_ECAIRO;
		goto out;
	}
	PangoContext *pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	pango_cairo_context_set_resolution(pc, 72.0);
	cairo_set_source_rgb(cr, 0.75, 0.08, 0.08);
	cairo_set_line_width(cr, 1.2);
	cairo_rectangle(cr, 0.6, 0.6, W - 1.2, H - 1.2);
	cairo_stroke(cr);
	double tx = 6, tw = W - 12;
	if (s->verify_url && *s->verify_url) {
		QRcode *q = QRcode_encodeString(s->verify_url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		if (!q) {
			rc = DOC_EQR;
			g_object_unref(pc);
			goto out;
		}
		double size = H - 8, m = size / q->width, x0 = W - 4 - size, y0 = 4;
		cairo_set_source_rgb(cr, 0, 0, 0);
		for (int r = 0; r < q->width; r++)
			for (int c = 0; c < q->width; c++)
				if (q->data[r * q->width + c] & 1)
					cairo_rectangle(cr, x0 + c * m, y0 + r * m, m, m);
		cairo_fill(cr);
		QRcode_free(q);
		tw = x0 - 4 - tx;
		cairo_set_source_rgb(cr, 0.75, 0.08, 0.08);
	}
	char when[40], buf[512];
	clock_format_local(s->at, when, sizeof when); /* YYYY-MM-DDTHH:MM:SS+07:00 */
	line(cr, pc, "ĐÃ KÝ SỐ · Digitally signed", 8, true, tx, 3, tw, 1);
	double y = 13 + line(cr, pc, s->signer ? s->signer : "", 7.5, true, tx, 13, tw, 2);
	if (s->signed_by && *s->signed_by) {
		snprintf(buf, sizeof buf, "Người ký: %s", s->signed_by);
		y += line(cr, pc, buf, 7, false, tx, y, tw, 1);
	}
	snprintf(buf, sizeof buf, "Thời gian: %.10s %.5s (UTC+7)", when, when + 11);
	y += line(cr, pc, buf, 7, false, tx, y, tw, 1);
	if (s->code && *s->code) {
		snprintf(buf, sizeof buf, "Mã tra cứu: %s", s->code);
		line(cr, pc, buf, 7, false, tx, y, tw, 1);
	}
	g_object_unref(pc);
	cairo_show_page(cr);
out:
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (!rc && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		rc = DOC_ECAIRO;
	cairo_surface_destroy(surf);
	return rc;
}
