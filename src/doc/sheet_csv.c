/* Tables as CSV (RFC 4180) and the checks both table writers share; see
 * doc/sheet.h.
 *
 * Layer: doc. Pure: builds bytes in memory, no libc time functions.
 */
#include <math.h>
#include <string.h>

#include "base/budget.h"
#include "base/text.h"
#include "doc/sheet.h"

int doc_sheet_check(const struct doc_sheet *t)
{
	if (!t || !t->cols || t->n_cols == 0 || !t->sheet || !*t->sheet)
		return DOC_EINVAL;
	if (t->n_cols > DOC_SHEET_MAX_COLS || t->n_rows > DOC_SHEET_MAX_ROWS)
		return DOC_ERANGE;
	if (t->n_rows && !t->cells)
		return DOC_EINVAL;
	for (size_t c = 0; c < t->n_cols; c++) {
		const char *h = t->cols[c].title;
		if (!h || !text_utf8_valid(h, strlen(h)))
			return DOC_EINVAL;
		if (strlen(h) > DOC_MAX_TEXT)
			return DOC_ERANGE;
	}
	for (size_t r = 0; r < t->n_rows; r++) {
		if (budget_spent())
			return DOC_EBUDGET;
		for (size_t c = 0; c < t->n_cols; c++) {
			const struct doc_cell *x = &t->cells[r * t->n_cols + c];
			if (x->empty)
				continue;
			if (t->cols[c].type == DOC_COL_NUMBER && !isfinite(x->d))
				return DOC_EINVAL;
			if (t->cols[c].type != DOC_COL_TEXT || !x->s)
				continue;
			size_t len = strlen(x->s);
			if (len > DOC_MAX_TEXT)
				return DOC_ERANGE;
			if (!text_utf8_valid(x->s, len))
				return DOC_EINVAL;
		}
	}
	return 0;
}

/* A field, quoted when it must be (RFC 4180 section 2.6–2.7). */
static void csv_field(struct buf *out, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		buf_adds(out, s);
		return;
	}
	buf_addc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addc(out, '"');
		buf_addc(out, *p);
	}
	buf_addc(out, '"');
}

/* Text as a field, defused when a spreadsheet would read it as a formula. */
static void csv_text(struct buf *out, const char *s, struct buf *tmp)
{
	if (*s && strchr("=+-@\t\r", *s)) {
		buf_reset(tmp);
		buf_addc(tmp, '\'');
		buf_adds(tmp, s);
		csv_field(out, buf_str(tmp));
		return;
	}
	csv_field(out, s);
}

static void csv_cell(struct buf *out, const struct doc_column *col, const struct doc_cell *x,
		     struct buf *tmp)
{
	int y, minute;
	unsigned m, d;
	if (x->empty)
		return;
	switch (col->type) {
	case DOC_COL_TEXT:
		if (x->s)
			csv_text(out, x->s, tmp);
		break;
	case DOC_COL_INT:
		buf_addf(out, "%lld", (long long)x->i);
		break;
	case DOC_COL_NUMBER:
		/* Enough digits to read back the double, no more. */
		buf_addf(out, "%.15g", x->d);
		break;
	case DOC_COL_DATE:
		doc_local_parts(x->i, &y, &m, &d, &minute);
		buf_addf(out, "%04d-%02u-%02u", y, m, d);
		break;
	case DOC_COL_DATETIME:
		doc_local_parts(x->i, &y, &m, &d, &minute);
		buf_addf(out, "%04d-%02u-%02u %02d:%02d", y, m, d, minute / 60, minute % 60);
		break;
	}
}

int doc_sheet_csv(const struct doc_sheet *t, struct buf *out)
{
	int rc = doc_sheet_check(t);
	if (rc < 0)
		return rc;
	struct buf b = BUF_INIT, tmp = BUF_INIT;
	buf_init(&b);
	buf_init(&tmp);
	buf_adds(&b, "\xEF\xBB\xBF"); /* the byte order mark: Excel then reads UTF-8 */
	for (size_t c = 0; c < t->n_cols; c++) {
		if (c)
			buf_addc(&b, ',');
		csv_text(&b, t->cols[c].title, &tmp);
	}
	buf_adds(&b, "\r\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		if (budget_spent()) {
			rc = DOC_EBUDGET;
			goto out;
		}
		for (size_t c = 0; c < t->n_cols; c++) {
			if (c)
				buf_addc(&b, ',');
			csv_cell(&b, &t->cols[c], &t->cells[r * t->n_cols + c], &tmp);
		}
		buf_adds(&b, "\r\n");
	}
	buf_add(out, b.p, b.len);
out:
	buf_release(&b);
	buf_release(&tmp);
	return rc;
}
