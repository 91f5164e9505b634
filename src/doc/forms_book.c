/* The records kept of dossiers: 06 the process-control sheet that travels
 * with one dossier (a row per hand-over), 07 a unit's tracking book for a
 * period (a row per dossier, landscape, the header repeated on each page and
 * "Trang n/N" at the foot). DOMAIN.md section 6.
 *
 * Layer: doc.
 */
#include <stdlib.h>
#include <string.h>

#include "doc/doc_draw.h"

#define GAP 3.0

/* "14 giờ 05 phút" over "27/11/2026" in a cell; nothing for 0. */
static void md_cell_when(struct buf *b, int64_t ms)
{
	if (!ms)
		return;
	doc_time_vi(ms, b);
	buf_addc(b, '\n');
	doc_date_short(ms, b);
}

static void cell06(const void *ctx, size_t row, size_t col, struct buf *b)
{
	const struct doc_handover *h = &((const struct doc_handover *)ctx)[row];
	switch (col) {
	case 0:
		buf_addf(b, "%zu", row + 1);
		break;
	case 1: /* each party with room to sign under its name */
		buf_adds(b, "<i>Giao:</i> ");
		doc_md_raw(b, h->from);
		buf_adds(b, "\n<i><span size=\"9pt\">Ký giao:</span></i>\n\n<i>Nhận:</i> ");
		doc_md_raw(b, h->to);
		buf_adds(b, "\n<i><span size=\"9pt\">Ký nhận:</span></i>\n");
		break;
	case 2:
		md_cell_when(b, h->handed_at);
		break;
	case 3:
		md_cell_when(b, h->received_at);
		break;
	case 4:
		md_cell_when(b, h->due_at);
		break;
	case 5:
		buf_adds(b, doc_timeliness_vi(h->result));
		break;
	case 6:
		doc_md_raw(b, h->note);
		break;
	}
}

static int check06(const struct doc_form06 *f)
{
	int rc;
	if ((rc = doc_check_agency(&f->agency, false)) || (rc = doc_check_text(f->code, true)) ||
	    (rc = doc_check_text(f->submitter, true)) ||
	    (rc = doc_check_text(f->procedure, true)) ||
	    (rc = doc_check_text(f->time_limit, false)) ||
	    (rc = doc_check_text(f->processing_unit, false)) ||
	    (rc = doc_check_text(f->coordinating_units, false)))
		return rc;
	if (!f->received_at)
		return DOC_EINVAL;
	if (f->n_rows > DOC_MAX_ITEMS)
		return DOC_ERANGE;
	if (f->n_rows && !f->rows)
		return DOC_EINVAL;
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct doc_handover *h = &f->rows[i];
		if ((rc = doc_check_text(h->from, true)) || (rc = doc_check_text(h->to, true)) ||
		    (rc = doc_check_text(h->note, false)))
			return rc;
		if (!h->handed_at || h->result < DOC_PENDING || h->result > DOC_LATE)
			return DOC_EINVAL;
	}
	return 0;
}

int doc_render_form06(const struct doc_form06 *f, struct buf *out)
{
	static const struct doc_col cols[] = {
		{6, "TT", DOC_CENTER},
		{36, "Giao, nhận hồ sơ\n(bên giao → bên nhận; ký)", 0},
		{21, "Thời gian giao", DOC_CENTER},
		{21, "Thời gian nhận", DOC_CENTER},
		{21, "Hạn xử lý của bước", DOC_CENTER},
		{15, "Kết quả\n(trước, đúng, quá hạn)", DOC_CENTER},
		{15, "Ghi chú", 0},
	};
	int rc = check06(f);
	if (rc)
		return rc;
	size_t len0 = out->len;
	const char *title = doc_form_title(6);
	struct doc d;
	struct buf *b = &d.md;
	doc_begin(&d, out, false, title);
	doc_head(&d, &f->agency, false, NULL, 0);
	buf_reset(b);
	buf_adds(b, "Mã hồ sơ: <b>");
	doc_md_raw(b, f->code);
	buf_adds(b, "</b>\n<i>(Kèm theo hồ sơ của tổ chức, cá nhân)</i>");
	/* doc_title copies the subtitle before it uses d.md again. */
	char *sub = xstrdup(buf_str(b));
	doc_title(&d, title, sub);
	free(sub);
	doc_field(&d, "Người nộp hồ sơ", f->submitter);
	doc_field(&d, "Thủ tục hành chính", f->procedure);
	buf_reset(b);
	buf_adds(b, "Ngày tiếp nhận: ");
	doc_md_when(b, f->received_at);
	doc_para(&d, buf_str(b), DOC_SZ_BODY, 0, 0, GAP);
	doc_field(&d, "Thời hạn giải quyết theo quy định", f->time_limit);
	buf_reset(b);
	buf_adds(b, "Thời gian hẹn trả kết quả: ");
	doc_md_when(b, f->due_at);
	doc_para(&d, buf_str(b), DOC_SZ_BODY, 0, 0, GAP);
	doc_field(&d, "Cơ quan (bộ phận) giải quyết hồ sơ", f->processing_unit);
	doc_field(&d, "Cơ quan phối hợp giải quyết hồ sơ", f->coordinating_units);
	d.y += 6;
	struct doc_table t = {
		.cols = cols,
		.ncols = sizeof(cols) / sizeof(cols[0]),
		.size = 11,
		.cell = cell06,
		.ctx = f->rows,
		.nrows = f->n_rows,
	};
	doc_table(&d, &t);
	return doc_finish(&d, out, len0);
}

/* A dossier code in a narrow column breaks at its '-' separators (a zero
 * width space after each), never inside "261127": pango sees "-2" as a
 * minus sign and would otherwise break wherever the width runs out. */
static void md_code(struct buf *b, const char *code)
{
	for (const char *p = code; *p; p++) {
		const char *dash = strchr(p, '-');
		size_t n = dash ? (size_t)(dash - p) + 1 : strlen(p);
		char *part = xstrndup(p, n);
		doc_md_raw(b, part);
		free(part);
		if (!dash)
			break;
		buf_adds(b, "\u200b");
		p = dash;
	}
}

static void cell07(const void *ctx, size_t row, size_t col, struct buf *b)
{
	const struct doc_book_row *r = &((const struct doc_book_row *)ctx)[row];
	switch (col) {
	case 0: /* the line of the book: Form 01's number in the unit's register */
		if (r->line > 0)
			buf_addf(b, "%lld", (long long)r->line);
		else
			buf_addf(b, "%zu", row + 1);
		break;
	case 1:
		md_code(b, r->code);
		break;
	case 2:
		doc_md_raw(b, r->procedure);
		break;
	case 3:
		if (r->sets > 0)
			buf_addf(b, "%d", r->sets);
		break;
	case 4:
		doc_md_raw(b, r->owner);
		if (r->address && *r->address) {
			buf_addc(b, '\n');
			doc_md_raw(b, r->address);
		}
		break;
	case 5:
		doc_md_raw(b, r->officer);
		break;
	case 6:
		if (r->received_at)
			doc_date_short(r->received_at, b);
		break;
	case 7: /* the original appointment, and the extended one below it */
		if (r->due_at)
			doc_date_short(r->due_at, b);
		if (r->extended_due_at && r->extended_due_at != r->due_at) {
			buf_adds(b, "\nGia hạn: ");
			doc_date_short(r->extended_due_at, b);
		}
		break;
	case 8:
		if (r->transferred_at)
			doc_date_short(r->transferred_at, b);
		break;
	case 9:
		if (r->returned_at)
			doc_date_short(r->returned_at, b);
		break;
	case 10:
		break; /* the recipient signs with a pen */
	case 11:
		doc_md_raw(b, r->note);
		break;
	}
}

static int check07(const struct doc_form07 *f)
{
	int rc;
	if ((rc = doc_check_agency(&f->agency, false)))
		return rc;
	if (!f->from || !f->to || f->to < f->from)
		return DOC_EINVAL;
	if (f->n_rows > DOC_MAX_BOOK_ROWS)
		return DOC_ERANGE;
	if (f->n_rows && !f->rows)
		return DOC_EINVAL;
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct doc_book_row *r = &f->rows[i];
		if ((rc = doc_check_text(r->code, true)) ||
		    (rc = doc_check_text(r->procedure, true)) ||
		    (rc = doc_check_text(r->owner, true)) ||
		    (rc = doc_check_text(r->address, false)) ||
		    (rc = doc_check_text(r->officer, false)) ||
		    (rc = doc_check_text(r->note, false)))
			return rc;
		if (!r->received_at || r->sets < 0 || r->sets > 9999)
			return DOC_EINVAL;
	}
	return 0;
}

int doc_render_form07(const struct doc_form07 *f, struct buf *out)
{
	static const struct doc_col cols[] = {
		{10, "TT", DOC_CENTER}, /* up to 9999 on one line */
		{26, "Mã hồ sơ", 0},
		{50, "Tên thủ tục hành chính", 0},
		{9, "Số bộ hồ sơ", DOC_CENTER},
		{44, "Tên, địa chỉ tổ chức, cá nhân", 0},
		{20, "Người tiếp nhận", 0},
		{19, "Nhận hồ sơ", DOC_CENTER},
		{19, "Hẹn trả kết quả", DOC_CENTER},
		{19, "Chuyển hồ sơ đến cơ quan giải quyết", DOC_CENTER},
		{19, "Trả kết quả cho tổ chức, cá nhân", DOC_CENTER},
		{14, "Ký nhận", DOC_CENTER},
		{16, "Ghi chú", 0},
	};
	int rc = check07(f);
	if (rc)
		return rc;
	size_t len0 = out->len;
	const char *title = doc_form_title(7);
	struct doc d;
	struct buf *b = &d.md;
	doc_begin(&d, out, true, title);
	doc_head(&d, &f->agency, false, NULL, 0);
	buf_reset(b);
	buf_adds(b, "<i>Từ ");
	doc_date_vi(f->from, b);
	buf_adds(b, " đến ");
	doc_date_vi(f->to, b);
	buf_adds(b, "</i>");
	char *sub = xstrdup(buf_str(b));
	doc_title(&d, title, sub);
	free(sub);
	d.y -= 4;
	struct doc_table t = {
		.cols = cols,
		.ncols = sizeof(cols) / sizeof(cols[0]),
		.size = 9.5,
		.group_head = "Ngày, tháng, năm",
		.group_first = 6,
		.group_n = 4,
		.cell = cell07,
		.ctx = f->rows,
		.nrows = f->n_rows,
	};
	d.total_pages = doc_table_pages(&d, &t);
	doc_table(&d, &t);
	doc_last_footer(&d);
	return doc_finish(&d, out, len0);
}
