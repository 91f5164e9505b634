/* The periodic report as PDF (doc/report.h): the head of an administrative
 * document, a landscape table of sixteen figures per group, the signature.
 *
 * Layer: doc.
 */
#include <stdlib.h>

#include "doc/doc_draw.h"
#include "doc/report.h"
#include "doc/stamp.h"

/* Adjustment rows kept on the signature's page with the total, at most. */
#define KEEP_AFTER_MAX 4

static void cell(const void *ctx, size_t row, size_t col, struct buf *b)
{
	const struct doc_report *r = ctx;
	bool total = row == r->n_rows, after = row > r->n_rows;
	const struct doc_report_row *x = total	 ? &r->total
					 : after ? &r->after[row - r->n_rows - 1]
						 : &r->rows[row];
	if (col == 0) {
		if (!total && !after)
			buf_addf(b, "%zu", row + 1);
	} else if (col == 1) {
		buf_adds(b, total ? "<b>" : "");
		doc_md_raw(b, x->name);
		buf_adds(b, total ? "</b>" : "");
	} else {
		buf_addf(b, total ? "<b>%lld</b>" : "%lld", (long long)x->v[col - 2]);
	}
}

static int check(const struct doc_report *r)
{
	int rc;
	if ((rc = doc_check_text(r->title, false)) || (rc = doc_check_agency(&r->agency, true)) ||
	    (rc = doc_check_text(r->scope, true)) || (rc = doc_check_text(r->group_label, true)) ||
	    (rc = doc_check_text(r->total.name, true)) || (rc = doc_check_signer(&r->signer, true)))
		return rc;
	if (!r->date || !r->from || r->to < r->from)
		return DOC_EINVAL;
	if (r->n_rows > DOC_MAX_BOOK_ROWS || r->n_after > DOC_MAX_BOOK_ROWS - r->n_rows)
		return DOC_ERANGE;
	if ((r->n_rows && !r->rows) || (r->n_after && !r->after))
		return DOC_EINVAL;
	for (size_t i = 0; i < r->n_rows; i++)
		if ((rc = doc_check_text(r->rows[i].name, true)))
			return rc;
	for (size_t i = 0; i < r->n_after; i++)
		if ((rc = doc_check_text(r->after[i].name, true)))
			return rc;
	return 0;
}

int doc_render_report(const struct doc_report *r, struct buf *out)
{
	static const char *const heads[DOC_REPORT_NCOLS] = {
		"Tiếp nhận: tổng số",
		"Kỳ trước chuyển qua",
		"Mới: trực tuyến",
		"Mới: trực tiếp",
		"Mới: bưu chính",
		"Đã giải quyết: tổng số",
		"Trước hạn",
		"Đúng hạn",
		"Quá hạn",
		"Trong đó: từ chối",
		"Trong đó: rút hồ sơ",
		"Trong đó: dừng",
		"Đang giải quyết: tổng số",
		"Chưa đến hạn",
		"Quá hạn",
		"Trong đó: chờ bổ sung, nghĩa vụ tài chính",
	};
	int rc = check(r);
	if (rc)
		return rc;
	struct doc_col cols[2 + DOC_REPORT_NCOLS] = {{7, "TT", DOC_CENTER},
						     {46, r->group_label, 0}};
	for (size_t i = 0; i < DOC_REPORT_NCOLS; i++)
		cols[i + 2] = (struct doc_col){10.5, heads[i], DOC_RIGHT};
	size_t len0 = out->len;
	const char *title = r->title ? r->title : DOC_TITLE_REPORT;
	struct doc d;
	struct buf *b = &d.md;
	doc_begin(&d, out, true, title);
	/* Room at the foot of every page for the signature's stamp, which the
	 * signer places 10 mm above the bottom edge of page 1. */
	d.y1 = d.ph - 10 * DOC_MM - DOC_STAMP_H - 6;
	doc_head(&d, &r->agency, true, NULL, r->date);
	buf_reset(b);
	buf_adds(b, "<i>Kỳ báo cáo: từ ");
	doc_date_vi(r->from, b);
	buf_adds(b, " đến ");
	doc_date_vi(r->to, b);
	buf_adds(b, "</i>\nĐơn vị: ");
	doc_md_raw(b, r->scope);
	char *sub = xstrdup(buf_str(b));
	doc_title(&d, title, sub);
	free(sub);
	struct doc_table t = {
		.cols = cols,
		.ncols = 2 + DOC_REPORT_NCOLS,
		.size = 9,
		.cell = cell,
		.ctx = r,
		.nrows = r->n_rows + 1 + r->n_after,
		/* The last group, the total and a few adjustments after it sign
		 * with the head (more would push them one page each). */
		.keep_rows = 2 + (r->n_after < KEEP_AFTER_MAX ? r->n_after : KEEP_AFTER_MAX),
	};
	struct doc_sig sig = {r->signer.title, "(Ký số)", r->signer.name};
	t.keep_after = doc_recipients_and_sig_height(&d, NULL, 0, &sig);
	doc_table(&d, &t);
	doc_recipients_and_sig(&d, NULL, 0, &sig);
	return doc_finish(&d, out, len0);
}
