/* Tables as XLSX workbooks through libxlsxwriter; see doc/sheet.h.
 *
 * Layer: doc. The only file that includes xlsxwriter.h. libxlsxwriter 1.1
 * writes to a named file only, so the workbook goes to a temporary file in
 * the caller's folder, is read back into memory and removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/budget.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "base/text.h"
#include "doc/sheet.h"

/* Days from Excel's day 0 (1899-12-30, in its 1900 date system) to 1970-01-01. */
#define EXCEL_EPOCH_DAYS 25569.0
#define WIDTH_MIN	 8.0
#define WIDTH_MAX	 60.0

struct xlsx_formats {
	lxw_format *header, *integer, *date, *datetime;
};

/* An instant as an Excel serial of its local (UTC+7) time, to the minute
 * as displayed; a date column drops the time of day. */
static double excel_serial(int64_t ms, bool date_only)
{
	int y, minute;
	unsigned m, d;
	doc_local_parts(ms, &y, &m, &d, &minute);
	double day_part = date_only ? 0.0 : (double)minute / (24.0 * 60.0);
	return EXCEL_EPOCH_DAYS + (double)clock_days_from_civil(y, m, d) + day_part;
}

/* The width a column needs: its header and its longest value, in
 * characters, within [WIDTH_MIN, WIDTH_MAX]. */
static double fitted_width(const struct doc_sheet *t, size_t c)
{
	const struct doc_column *col = &t->cols[c];
	if (col->width > 0)
		return col->width;
	double w = (double)text_utf8_len(col->title);
	double v = col->type == DOC_COL_DATE ? 10 : col->type == DOC_COL_DATETIME ? 16 : 0;
	for (size_t r = 0; r < t->n_rows; r++) {
		const struct doc_cell *x = &t->cells[r * t->n_cols + c];
		char num[32];
		double n = 0;
		if (x->empty)
			continue;
		if (col->type == DOC_COL_TEXT && x->s)
			n = (double)text_utf8_len(x->s);
		else if (col->type == DOC_COL_INT)
			n = snprintf(num, sizeof num, "%lld", (long long)x->i) * 4.0 / 3.0;
		else if (col->type == DOC_COL_NUMBER)
			n = snprintf(num, sizeof num, "%.10g", x->d);
		if (n > v)
			v = n;
	}
	if (v > w)
		w = v;
	w += 2;
	return w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
}

/* Text for an XML cell: C0 controls other than tab and line ends are not
 * allowed in XML 1.0, so they become spaces. */
static const char *xml_text(const char *s, struct buf *tmp)
{
	const char *p = s;
	while (*p && ((unsigned char)*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (!*p)
		return s;
	buf_reset(tmp);
	for (p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		buf_addc(tmp,
			 ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r' ? (char)ch : ' ');
	}
	return buf_str(tmp);
}

static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t c,
			    const struct doc_column *col, const struct doc_cell *x,
			    const struct xlsx_formats *f, struct buf *tmp)
{
	if (x->empty)
		return LXW_NO_ERROR;
	switch (col->type) {
	case DOC_COL_TEXT:
		return x->s && *x->s ? worksheet_write_string(ws, row, c, xml_text(x->s, tmp), NULL)
				     : LXW_NO_ERROR;
	case DOC_COL_INT:
		return worksheet_write_number(ws, row, c, (double)x->i, f->integer);
	case DOC_COL_NUMBER:
		return worksheet_write_number(ws, row, c, x->d, NULL);
	case DOC_COL_DATE:
		return worksheet_write_number(ws, row, c, excel_serial(x->i, true), f->date);
	case DOC_COL_DATETIME:
		return worksheet_write_number(ws, row, c, excel_serial(x->i, false), f->datetime);
	}
	return LXW_ERROR_PARAMETER_VALIDATION;
}

static void make_formats(lxw_workbook *wb, struct xlsx_formats *f)
{
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_text_wrap(f->header);
	format_set_align(f->header, LXW_ALIGN_CENTER);
	format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f->header, LXW_BORDER_THIN);
	f->integer = workbook_add_format(wb);
	format_set_num_format(f->integer, "#,##0");
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "dd/mm/yyyy");
	f->datetime = workbook_add_format(wb);
	format_set_num_format(f->datetime, "dd/mm/yyyy hh:mm");
}

/* Adds sheet t to the workbook, in the formats f. Returns 0 or a negative
 * enum doc_error. */
static int fill_sheet(lxw_workbook *wb, const struct doc_sheet *t, const struct xlsx_formats *fp)
{
	if (workbook_validate_sheet_name(wb, t->sheet) != LXW_NO_ERROR)
		return DOC_EINVAL;
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
	if (!ws)
		return DOC_ECAIRO;
	const struct xlsx_formats f = *fp;
	struct buf tmp = BUF_INIT;
	buf_init(&tmp);
	int rc = 0;
	lxw_error e = LXW_NO_ERROR;
	for (size_t c = 0; c < t->n_cols && !e; c++) {
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, fitted_width(t, c), NULL);
		if (!e)
			e = worksheet_write_string(ws, 0, (lxw_col_t)c,
						   xml_text(t->cols[c].title, &tmp), f.header);
	}
	for (size_t r = 0; r < t->n_rows && !e; r++) {
		if (budget_spent()) {
			rc = DOC_EBUDGET;
			goto out;
		}
		for (size_t c = 0; c < t->n_cols && !e; c++)
			e = write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &t->cols[c],
				       &t->cells[r * t->n_cols + c], &f, &tmp);
	}
	worksheet_freeze_panes(ws, 1, 0);
	/* The filter covers the header and the rows, not a total: filtering
	 * would otherwise hide or sort it among the rows it sums. */
	size_t tail = (t->total_last ? 1 : 0) + t->n_after;
	size_t last = t->n_rows > tail ? t->n_rows - tail : t->n_rows;
	if (!e)
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)last, (lxw_col_t)(t->n_cols - 1));
	if (e) {
		log_error("xlsx: %s", lxw_strerror(e));
		rc = DOC_ECAIRO;
	}
out:
	buf_release(&tmp);
	return rc;
}

int doc_sheet_xlsx(const struct doc_sheet *t, const char *tmp_dir, struct buf *out)
{
	return doc_sheets_xlsx(t, 1, tmp_dir, out);
}

int doc_sheets_xlsx(const struct doc_sheet *t, size_t n, const char *tmp_dir, struct buf *out)
{
	int rc = n ? 0 : DOC_EINVAL;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = doc_sheet_check(&t[i]);
	if (rc < 0)
		return rc;
	if (!tmp_dir || !*tmp_dir)
		tmp_dir = getenv("TMPDIR");
	if (!tmp_dir || !*tmp_dir)
		tmp_dir = "/tmp";
	char path[4200];
	if (path_fmt(path, sizeof path, "%s/table-XXXXXX", tmp_dir) < 0)
		return DOC_ECAIRO;
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		log_error("xlsx: cannot create a temporary file in %s: %s", tmp_dir,
			  strerror(errno));
		return DOC_ECAIRO;
	}
	close(fd);
	struct buf b = BUF_INIT;
	buf_init(&b);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)tmp_dir};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		rc = DOC_ECAIRO;
		goto out;
	}
	struct xlsx_formats f;
	make_formats(wb, &f);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fill_sheet(wb, &t[i], &f);
	lxw_error e = workbook_close(wb); /* frees wb, whatever it returns */
	if (rc == 0 && e != LXW_NO_ERROR) {
		log_error("xlsx: %s", lxw_strerror(e));
		rc = DOC_ECAIRO;
	}
	if (rc == 0 && path_read(path, SIZE_MAX, &b) < 0) {
		log_error("xlsx: cannot read %s back: %s", path, strerror(errno));
		rc = DOC_ECAIRO;
	}
	if (rc == 0)
		buf_add(out, b.p, b.len);
out:
	unlink(path);
	buf_release(&b);
	return rc;
}
