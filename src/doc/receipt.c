/* The e-receipt as PDF: see receipt.h. Layer: doc. */
#include "doc/receipt.h"

#include <string.h>

#include "doc/doc_draw.h"

static int check(const struct doc_receipt *r)
{
	int rc;
	if ((rc = doc_check_text(r->agency, true)) || (rc = doc_check_text(r->superior, false)) ||
	    (rc = doc_check_text(r->tax_code, false)) ||
	    (rc = doc_check_text(r->template_, true)) || (rc = doc_check_text(r->series, true)) ||
	    (rc = doc_check_text(r->number, true)) || (rc = doc_check_text(r->payer, true)) ||
	    (rc = doc_check_text(r->payer_id, false)) ||
	    (rc = doc_check_text(r->payer_address, false)) ||
	    (rc = doc_check_text(r->dossier, true)) || (rc = doc_check_text(r->procedure, true)) ||
	    (rc = doc_check_text(r->total_figures, true)) ||
	    (rc = doc_check_text(r->total_words, true)) || (rc = doc_check_text(r->method, true)) ||
	    (rc = doc_check_text(r->transaction, false)) ||
	    (rc = doc_check_text(r->collector, false)) ||
	    (rc = doc_check_text(r->verify_code, true)) ||
	    (rc = doc_check_text(r->verify_url, true)))
		return rc;
	if (r->nlines == 0 || !r->lines || !r->date)
		return DOC_EINVAL;
	if (r->nlines > DOC_RECEIPT_MAX_LINES)
		return DOC_ERANGE;
	for (size_t i = 0; i < r->nlines; i++)
		if ((rc = doc_check_text(r->lines[i].name, true)) ||
		    (rc = doc_check_text(r->lines[i].figures, true)))
			return rc;
	return 0;
}

static void line_cell(const void *ctx, size_t row, size_t col, struct buf *b)
{
	const struct doc_receipt *r = ctx;
	bool total = row == r->nlines;
	switch (col) {
	case 0:
		if (!total)
			buf_addf(b, "%zu", row + 1);
		break;
	case 1:
		if (total)
			buf_adds(b, "<b>Tổng cộng</b>");
		else
			doc_md_raw(b, r->lines[row].name);
		break;
	case 2:
		if (total)
			buf_adds(b, "<b>");
		doc_md_raw(b, total ? r->total_figures : r->lines[row].figures);
		if (total)
			buf_adds(b, "</b>");
		break;
	}
}

/* "label: value" in body size; a blank when value is missing. */
static void field(struct doc *d, const char *label, const char *value)
{
	doc_field(d, label, value);
}

/* The head: the agency at the left, the receipt's symbols at the right. */
static void head(struct doc *d, const struct doc_receipt *r)
{
	struct buf *m = &d->md;
	double w = (d->x1 - d->x0) / 2;
	buf_reset(m);
	if (r->superior && *r->superior) {
		doc_md_upper(m, r->superior);
		buf_adds(m, "\n");
	}
	buf_adds(m, "<b>");
	doc_md_upper(m, r->agency);
	buf_adds(m, "</b>\nMã số thuế: ");
	doc_md_esc(m, r->tax_code);
	PangoLayout *left = doc_layout(d, buf_str(m), DOC_SZ_AGENCY, DOC_CENTER, w);
	buf_reset(m);
	buf_adds(m, "Ký hiệu mẫu: ");
	doc_md_raw(m, r->template_);
	buf_adds(m, "\nKý hiệu: ");
	doc_md_raw(m, r->series);
	buf_adds(m, "\nSố: <b>");
	doc_md_raw(m, r->number);
	buf_adds(m, "</b>");
	PangoLayout *right = doc_layout(d, buf_str(m), DOC_SZ_AGENCY, DOC_RIGHT, w);
	double h = 0;
	if (left && right) {
		doc_show(d, left, d->x0, d->y);
		doc_show(d, right, d->x0 + w, d->y);
		h = doc_layout_height(left);
		if (doc_layout_height(right) > h)
			h = doc_layout_height(right);
	}
	if (left)
		g_object_unref(left);
	if (right)
		g_object_unref(right);
	d->y += h + 18;
}

int doc_render_receipt(const struct doc_receipt *r, struct buf *out)
{
	int rc = check(r);
	if (rc)
		return rc;
	size_t len0 = out->len;
	struct doc d;
	struct buf p = BUF_INIT;
	doc_begin(&d, out, false, "Biên lai thu phí, lệ phí");
	head(&d, r);
	doc_title(&d, "BIÊN LAI THU PHÍ, LỆ PHÍ", "<i>(Biên lai điện tử)</i>");
	field(&d, "Tên người nộp", r->payer);
	field(&d, "Mã số định danh / mã số thuế", r->payer_id);
	field(&d, "Địa chỉ", r->payer_address);
	field(&d, "Mã hồ sơ", r->dossier);
	field(&d, "Thủ tục hành chính", r->procedure);
	d.y += 4;
	static const struct doc_col cols[] = {
		{8, "STT", DOC_CENTER},
		{62, "Nội dung thu", 0},
		{30, "Số tiền (đồng)", DOC_RIGHT},
	};
	struct doc_table t = {.cols = cols,
			      .ncols = 3,
			      .size = 12,
			      .cell = line_cell,
			      .ctx = r,
			      .nrows = r->nlines + 1};
	doc_table(&d, &t);
	d.y += 6;
	buf_adds(&p, "Số tiền bằng chữ: <i>");
	doc_md_raw(&p, r->total_words);
	buf_adds(&p, ".</i>");
	doc_para(&d, buf_str(&p), DOC_SZ_BODY, 0, 0, 4);
	buf_reset(&p);
	field(&d, "Hình thức thanh toán", r->method);
	if (r->transaction && *r->transaction)
		field(&d, "Mã giao dịch", r->transaction);
	buf_adds(&p, "Thời điểm thu: ");
	doc_md_when(&p, r->date);
	doc_para(&d, buf_str(&p), DOC_SZ_BODY, 0, 0, 4);
	buf_reset(&p);
	buf_adds(&p, "Mã tra cứu: <b>");
	doc_md_raw(&p, r->verify_code);
	buf_adds(&p, "</b> — kiểm tra tại ");
	doc_md_raw(&p, r->verify_url);
	doc_para(&d, buf_str(&p), 11, 0, 0, 8);
	double qr = 28 * DOC_MM;
	doc_need(&d, qr);
	doc_qr(&d, r->verify_url, d.x0, d.y, qr);
	struct doc_sig sig = {.title = "ĐƠN VỊ THU PHÍ, LỆ PHÍ",
			      .hint = "(Chữ ký số)",
			      .name = r->collector && *r->collector ? r->collector : r->agency};
	/* The QR code at the left, the agency's signature block at the right. */
	doc_signatures(&d, NULL, &sig);
	buf_release(&p);
	return doc_finish(&d, out, len0);
}
