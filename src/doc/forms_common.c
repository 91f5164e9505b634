/* Pieces several forms share: labelled fields, the applicant's details,
 * the table of components, dates in words, and the end of a render.
 *
 * Layer: doc.
 */
#include <string.h>

#include "doc/doc_draw.h"

#define BODY_GAP 3.0

void doc_field(struct doc *d, const char *label, const char *value)
{
	struct buf *b = &d->md;
	buf_reset(b);
	doc_md_raw(b, label);
	buf_adds(b, ": ");
	doc_md_esc(b, value);
	doc_para(d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 0, BODY_GAP);
}

void doc_md_when(struct buf *b, int64_t ms)
{
	if (!ms) {
		buf_adds(b, "… giờ … phút, ngày … tháng … năm …");
		return;
	}
	doc_time_vi(ms, b);
	buf_adds(b, ", ");
	doc_date_vi(ms, b);
}

void doc_md_date(struct buf *b, int64_t ms)
{
	if (ms)
		doc_date_vi(ms, b);
	else
		buf_adds(b, "ngày … tháng … năm …");
}

void doc_person_fields(struct doc *d, const struct doc_person *p)
{
	struct buf *b = &d->md;
	if (p->tax_code && *p->tax_code)
		doc_field(d, "Mã số thuế", p->tax_code);
	else
		doc_field(d, "Số định danh cá nhân", p->id_number);
	doc_field(d, "Địa chỉ", p->address);
	buf_reset(b);
	buf_adds(b, "Số điện thoại: ");
	doc_md_esc(b, p->phone);
	buf_adds(b, "      Thư điện tử: ");
	doc_md_esc(b, p->email);
	doc_para(d, buf_str(b), DOC_SZ_BODY, 0, 0, BODY_GAP);
}

struct comp_ctx {
	const struct doc_component *c;
};

static void comp_cell(const void *ctx, size_t row, size_t col, struct buf *b)
{
	const struct doc_component *c = &((const struct comp_ctx *)ctx)->c[row];
	switch (col) {
	case 0:
		buf_addf(b, "%zu", row + 1);
		break;
	case 1:
		doc_md_raw(b, c->name);
		break;
	case 2:
		doc_md_raw(b, c->copy_type);
		break;
	case 3:
		if (c->copies > 0)
			buf_addf(b, "%02d", c->copies);
		break;
	case 4:
		doc_md_raw(b, c->note);
		break;
	}
}

void doc_components(struct doc *d, const struct doc_component *c, size_t n, bool with_note)
{
	static const struct doc_col cols[] = {
		{7, "TT", DOC_CENTER},
		{50, "Tên giấy tờ", 0},
		{22, "Hình thức\n(bản chính, bản sao)", DOC_CENTER},
		{11, "Số lượng", DOC_CENTER},
	};
	static const struct doc_col cols_note[] = {
		{6, "TT", DOC_CENTER},
		{36, "Tên giấy tờ", 0},
		{17, "Hình thức", DOC_CENTER},
		{10, "Số lượng", DOC_CENTER},
		{31, "Nội dung cần bổ sung, hoàn thiện", 0},
	};
	struct comp_ctx ctx = {c};
	struct doc_table t = {
		.cols = with_note ? cols_note : cols,
		.ncols = with_note ? 5 : 4,
		.size = 12,
		.cell = comp_cell,
		.ctx = &ctx,
		.nrows = n,
	};
	doc_table(d, &t);
	d->y += 6;
}

int doc_finish(struct doc *d, struct buf *out, size_t len0)
{
	int rc = doc_end(d);
	if (rc && out->len > len0) {
		out->len = len0;
		out->p[len0] = '\0';
	}
	return rc;
}
