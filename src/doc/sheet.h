/* Tables as spreadsheet files: the exports of issue 12 (the periodic report,
 * the drill-down lists) as XLSX, with real number and date cells, a frozen
 * header row and column widths, and as CSV (RFC 4180, UTF-8 with a byte
 * order mark so that Excel reads Vietnamese).
 *
 * Layer: doc. Only sheet_xlsx.c includes libxlsxwriter. (Named "sheet" to
 * stay apart from doc_draw.h's struct doc_table, the PDF tables.) Callers describe a
 * table with the plain structs below and get the file's bytes back; nothing
 * here knows what the table means.
 *
 * Conventions:
 *   - Strings are UTF-8 and borrowed for the duration of the call.
 *   - A cell is read according to its column's type: text from s (NULL: an
 *     empty cell), integers from i, numbers from d, dates and instants from
 *     i as Unix milliseconds UTC, written in Vietnam local time (UTC+7).
 *     empty = true leaves any cell blank.
 *   - In XLSX an integer or number is a numeric cell and a date an Excel
 *     date serial with a date format (dd/mm/yyyy, or dd/mm/yyyy hh:mm for
 *     instants); in CSV numbers are plain ("1234", "0.9111"), dates ISO
 *     ("2026-03-12", "2026-03-12 16:10"), so that a program can read them.
 *   - CSV text that starts with '=', '+', '-', '@', a tab or a carriage
 *     return gets a leading apostrophe, so that a spreadsheet opening the
 *     file never runs a formula an applicant typed (CSV injection). XLSX
 *     needs none: its text cells are never formulas.
 *   - doc_sheet_*() append to out (initialised) and return 0 or a negative
 *     enum doc_error (doc/forms.h); on error out is left as it was:
 *     DOC_EINVAL for a missing header or sheet name, or text that is not
 *     valid UTF-8; DOC_ERANGE above the caps; DOC_EBUDGET when the
 *     request's time budget ran out; DOC_ECAIRO (the generic failure of
 *     this folder) when libxlsxwriter or the temporary file failed.
 *   - Thread-safe: no shared state.
 */
#ifndef MOTCUA_DOC_SHEET_H
#define MOTCUA_DOC_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "doc/forms.h"

#define DOC_SHEET_MAX_COLS 64
#define DOC_SHEET_MAX_ROWS 200000 /* below Excel's 1 048 575 data rows */

enum doc_col_type {
	DOC_COL_TEXT,
	DOC_COL_INT,
	DOC_COL_NUMBER,
	DOC_COL_DATE,	  /* the local date of an instant */
	DOC_COL_DATETIME, /* the local date, hour and minute of an instant */
};

struct doc_column {
	const char *title; /* header text; required */
	enum doc_col_type type;
	double width; /* in characters, as Excel counts them; 0: fitted to the content */
};

struct doc_cell {
	const char *s; /* DOC_COL_TEXT */
	int64_t i;     /* DOC_COL_INT; DOC_COL_DATE, DOC_COL_DATETIME: Unix ms UTC */
	double d;      /* DOC_COL_NUMBER (finite) */
	bool empty;
};

struct doc_sheet {
	const char *sheet; /* the sheet's name (XLSX), at most 31 characters, none of []:*?/\ */
	const struct doc_column *cols;
	size_t n_cols;
	const struct doc_cell *cells; /* n_rows × n_cols, row by row */
	size_t n_rows;
	bool total_last; /* the last row totals the others: outside the XLSX autofilter */
	size_t n_after;	 /* rows after the total (adjustments): outside the autofilter too */
};

/* The table as an XLSX workbook of one sheet. tmp_dir is a folder for the
 * temporary files libxlsxwriter needs (NULL: $TMPDIR or /tmp); none is left
 * behind. */
int doc_sheet_xlsx(const struct doc_sheet *t, const char *tmp_dir, struct buf *out) DOC_MUST_CHECK;
/* The n tables (n ≥ 1) as the sheets of one XLSX workbook, in that order;
 * their names must differ. */
int doc_sheets_xlsx(const struct doc_sheet *t, size_t n, const char *tmp_dir,
		    struct buf *out) DOC_MUST_CHECK;

/* The table as CSV: a byte order mark, the header row, then the rows, each
 * ended by CRLF; fields quoted when they hold a comma, a quote, CR or LF. */
int doc_sheet_csv(const struct doc_sheet *t, struct buf *out) DOC_MUST_CHECK;

/* Checks a table against the caps and its text against UTF-8; 0 or a
 * negative enum doc_error. Both writers call it first. */
int doc_sheet_check(const struct doc_sheet *t) DOC_MUST_CHECK;

#endif
