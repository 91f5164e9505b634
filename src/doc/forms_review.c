/* The review report as PDF (doc/review_report.h): the head of an
 * administrative document, a landscape table of the adopted
 * simplifications with their cost before and after and the saving, the
 * total, the signature.
 *
 * Layer: doc.
 */
#include <stdlib.h>

#include "doc/doc_draw.h"
#include "doc/review_report.h"
#include "doc/stamp.h"

/* 1234567 → "1.234.567", as Vietnamese documents group digits. */
static void money(struct buf *b, int64_t v)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	if (v < 0)
		buf_adds(b, "-");
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_adds(b, ".");
		buf_addf(b, "%c", digits[i]);
	}
}

static void percent(struct buf *b, bool has, int64_t bp)
{
	if (!has)
		return;
	int64_t a = bp < 0 ? -bp : bp;
	buf_addf(b, "%s%lld,%02lld", bp < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

static void cell(const void *ctx, size_t row, size_t col, struct buf *b)
{
	const struct doc_review_report *r = ctx;
	bool total = row == r->n_rows;
	const struct doc_review_row *x = total ? NULL : &r->rows[row];
	if (total)
		buf_adds(b, "<b>");
	switch (col) {
	case 0:
		if (!total)
			buf_addf(b, "%zu", row + 1);
		break;
	case 1:
		doc_md_raw(b, total ? "Tổng cộng" : x->procedure);
		break;
	case 2:
		if (!total)
			doc_md_raw(b, x->proposal);
		break;
	case 3:
		money(b, total ? r->total_before : x->before);
		break;
	case 4:
		money(b, total ? r->total_after : x->after);
		break;
	case 5:
		money(b, total ? r->total_saving : x->saving);
		break;
	default:
		percent(b, total ? r->total_has_percent : x->has_percent,
			total ? r->total_percent_bp : x->percent_bp);
		break;
	}
	if (total)
		buf_adds(b, "</b>");
}

static int check(const struct doc_review_report *r)
{
	int rc;
	if ((rc = doc_check_agency(&r->agency, true)) || (rc = doc_check_text(r->period, true)) ||
	    (rc = doc_check_text(r->addressee, false)) || (rc = doc_check_signer(&r->signer, true)))
		return rc;
	if (!r->date || r->year < 1 || r->year > 9999)
		return DOC_EINVAL;
	if (r->n_rows > DOC_MAX_BOOK_ROWS)
		return DOC_ERANGE;
	if (r->n_rows && !r->rows)
		return DOC_EINVAL;
	for (size_t i = 0; i < r->n_rows; i++)
		if ((rc = doc_check_text(r->rows[i].procedure, true)) ||
		    (rc = doc_check_text(r->rows[i].proposal, true)))
			return rc;
	return 0;
}

int doc_render_review(const struct doc_review_report *r, struct buf *out)
{
	int rc = check(r);
	if (rc)
		return rc;
	static const struct doc_col cols[] = {
		{6, "TT", DOC_CENTER},
		{40, "Thủ tục hành chính", 0},
		{62, "Phương án đơn giản hóa đã được thông qua", 0},
		{20, "Chi phí tuân thủ trước (đồng/năm)", DOC_RIGHT},
		{20, "Chi phí tuân thủ sau (đồng/năm)", DOC_RIGHT},
		{20, "Chi phí tiết kiệm (đồng/năm)", DOC_RIGHT},
		{12, "Tỷ lệ cắt giảm (%)", DOC_RIGHT},
	};
	size_t len0 = out->len;
	struct doc d;
	struct buf *b = &d.md;
	doc_begin(&d, out, true, DOC_TITLE_REVIEW);
	d.y1 = d.ph - 10 * DOC_MM - DOC_STAMP_H - 6;
	doc_head(&d, &r->agency, true, NULL, r->date);
	buf_reset(b);
	buf_addf(b, "<i>Năm %lld — chi phí đo từ dữ liệu giải quyết hồ sơ: ", (long long)r->year);
	doc_md_raw(b, r->period);
	buf_adds(b, "</i>");
	char *sub = xstrdup(buf_str(b));
	doc_title(&d, DOC_TITLE_REVIEW, sub);
	free(sub);
	if (r->addressee && *r->addressee) {
		/* The "Như trên" of the recipients is this addressee. */
		buf_reset(b);
		buf_adds(b, "Kính gửi: ");
		doc_md_raw(b, r->addressee);
		doc_para(&d, buf_str(b), DOC_SZ_BODY, DOC_CENTER, 0, 8);
	}
	struct doc_table t = {
		.cols = cols,
		.ncols = sizeof cols / sizeof cols[0],
		.size = 9.5,
		.cell = cell,
		.ctx = r,
		.nrows = r->n_rows + 1,
		.keep_rows = 2,
	};
	struct doc_sig sig = {r->signer.title, "(Ký số)", r->signer.name};
	t.keep_after = doc_recipients_and_sig_height(&d, NULL, 0, &sig);
	doc_table(&d, &t);
	doc_recipients_and_sig(&d, NULL, 0, &sig);
	return doc_finish(&d, out, len0);
}
