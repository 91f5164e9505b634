/* The page engine behind the forms: an A4 PDF made with cairo, text laid out
 * by pango in Liberation Serif, a cursor that flows paragraphs and tables
 * from page to page, and the fixed blocks of an administrative document
 * (agency and motto, title, signatures, recipients, QR code).
 *
 * Layer: doc, internal to src/doc/. Units are PostScript points; a struct doc
 * lives on the stack of one render call and is used by one thread. Drawing
 * functions do nothing once d->err is set, so a form draws straight through
 * and checks the error once at doc_end().
 */
#ifndef MOTCUA_DOC_DRAW_H
#define MOTCUA_DOC_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/buf.h"
#include "doc/forms.h"

#define DOC_MM	 (72.0 / 25.4)
#define DOC_FONT "Liberation Serif"

/* Sizes in points (Decree 30/2020 appendix I gives ranges; these are the
 * values motcua prints). */
#define DOC_SZ_MOTTO  12.5 /* CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM */
#define DOC_SZ_SLOGAN 13.0 /* Độc lập - Tự do - Hạnh phúc */
#define DOC_SZ_AGENCY 12.5
#define DOC_SZ_BODY   13.0
#define DOC_SZ_TITLE  14.0
#define DOC_SZ_RECIP  11.0 /* the list under "Nơi nhận:" */

/* Text flags. */
enum {
	DOC_BOLD = 1u << 0,
	DOC_ITALIC = 1u << 1,
	DOC_CENTER = 1u << 2,
	DOC_RIGHT = 1u << 3,
	DOC_JUSTIFY = 1u << 4,
	DOC_INDENT = 1u << 5, /* first line indented 10 mm, as letters are */
};

struct doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pc;
	PangoFontDescription *fd;      /* reused for every layout */
	double pw, ph;		       /* page size */
	double x0, x1, y0, y1;	       /* text area: left, right, top, bottom */
	double y;		       /* the cursor */
	int page;		       /* current page, from 1 */
	int total_pages;	       /* > 0: footer "Trang n/N" on every page */
	int err;		       /* first enum doc_error met; 0 while fine */
	const struct doc_table *table; /* whose header a new page repeats */
	struct buf md;		       /* scratch markup for the forms */
};

/* Opens a document that will append its PDF to out. landscape: A4 turned. */
void doc_begin(struct doc *d, struct buf *out, bool landscape, const char *title);
/* Finishes the PDF and frees everything; returns d->err (0 or < 0). */
int doc_end(struct doc *d);

void doc_new_page(struct doc *d);
/* Draws the footer of the last page; call before doc_end() when
 * total_pages is set (doc_new_page() draws it for the others). */
void doc_last_footer(struct doc *d);
/* Starts a new page unless h points fit below the cursor. */
void doc_need(struct doc *d, double h);

/* A layout of markup (pango markup, already escaped) at size points, width
 * points wide (<= 0: no wrapping). The caller unrefs it. */
PangoLayout *doc_layout(struct doc *d, const char *markup, double size, unsigned flags,
			double width);
double doc_layout_height(PangoLayout *l);
/* Width of the widest line. */
double doc_layout_width(PangoLayout *l);
void doc_show(struct doc *d, PangoLayout *l, double x, double y);

/* Flows a paragraph at the cursor, indent points from the left margin,
 * breaking across pages between lines, then space_after points. */
void doc_para(struct doc *d, const char *markup, double size, unsigned flags, double indent,
	      double space_after);

/* Appends s escaped for pango markup, or a dotted blank when s is NULL/"". */
void doc_md_esc(struct buf *b, const char *s);
/* Appends s escaped; nothing when s is NULL. */
void doc_md_raw(struct buf *b, const char *s);
/* s in Vietnamese capitals, as doc_md_raw (the agency names of a head). */
void doc_md_upper(struct buf *b, const char *s);
/* "ông/bà" (Sir/Madam) kept on one line: pango would break after '/'. */
#define DOC_OB "<span allow_breaks=\"false\">ông/bà</span>"
/* The dotted blank left for a pen. */
#define DOC_BLANK "………………………"

/* The head of every form: agency block top left, motto top right; when
 * with_number, "Số: …" under the agency and the place and date line under
 * the motto on one baseline. */
void doc_head(struct doc *d, const struct doc_agency *a, bool with_number, const char *number,
	      int64_t date);
/* Title in bold capitals, centred, and an optional subtitle (markup) below. */
void doc_title(struct doc *d, const char *title, const char *sub_markup);

/* The opening of a numbered form: a portrait document (doc_begin()), its
 * head with the number and date (doc_head()) and its title (doc_title()). */
void doc_begin_form(struct doc *d, struct buf *out, const struct doc_agency *a, const char *number,
		    int64_t date, const char *title);

/* A signature block: title (bold capitals, may hold '\n'), a hint in
 * italics such as "(Ký và ghi rõ họ tên)", room to sign, the name in bold. */
struct doc_sig {
	const char *title;
	const char *hint;
	const char *name;
};
/* Two blocks side by side (left may be NULL: right only), kept on one page. */
void doc_signatures(struct doc *d, const struct doc_sig *left, const struct doc_sig *right);
/* The height doc_signatures() would take, drawing nothing: a form asks for
 * its last lines and this together, so that the signatures never stand
 * alone at the top of a page. */
double doc_signatures_height(struct doc *d, const struct doc_sig *left,
			     const struct doc_sig *right);
/* "Nơi nhận:" and its list at the left (n == 0: "Như trên; Lưu: VT."), the
 * signature at the right, kept on one page. */
void doc_recipients_and_sig(struct doc *d, const char *const *recipients, size_t n,
			    const struct doc_sig *right);
/* The height doc_recipients_and_sig() would take, drawing nothing. */
double doc_recipients_and_sig_height(struct doc *d, const char *const *recipients, size_t n,
				     const struct doc_sig *right);

/* A QR code of text, size points square, top-left at (x, y). Sets DOC_EQR if
 * text cannot be encoded. */
void doc_qr(struct doc *d, const char *text, double x, double y, double size);

/* Tables: columns in relative widths scaled to the text area. A group header
 * may span columns group_first .. group_first+group_n-1 above their own
 * headers (form 07's "Ngày, tháng, năm"). */
struct doc_col {
	double width;	  /* relative */
	const char *head; /* markup */
	unsigned flags;	  /* DOC_CENTER / DOC_RIGHT for the cells */
};
/* Fills b (reset by the caller) with the markup of cell (row, col). */
typedef void (*doc_cell_cb)(const void *ctx, size_t row, size_t col, struct buf *b);
struct doc_table {
	const struct doc_col *cols;
	size_t ncols;
	double size;		/* cell text size */
	const char *group_head; /* NULL: one header row */
	size_t group_first, group_n;
	doc_cell_cb cell;
	const void *ctx;
	size_t nrows;
	/* What follows the table (a signature block) keep_after points high
	 * stays on the page of the last keep_rows rows (but the first): they
	 * begin a new page rather than leave it alone there. */
	size_t keep_rows;
	double keep_after;
};
/* Number of pages the table will end on if drawn from the cursor now
 * (measures every row; used for "Trang n/N"). */
int doc_table_pages(struct doc *d, const struct doc_table *t);
/* Draws the table from the cursor, repeating the header on each new page.
 * A row never splits; one taller than a page is clipped. Follow it at once
 * with what keep_after measures. */
void doc_table(struct doc *d, const struct doc_table *t);

/* Pieces the forms share (forms_common.c). */
/* A paragraph "label: value" in body size, value a blank when missing. */
void doc_field(struct doc *d, const char *label, const char *value);
/* Appends "14 giờ 05 phút, ngày 27 tháng 11 năm 2026", or a blank for 0. */
void doc_md_when(struct buf *b, int64_t ms);
/* Appends "ngày 27 tháng 11 năm 2026", or a blank for 0. */
void doc_md_date(struct buf *b, int64_t ms);
/* Name, identity number, address, phone and e-mail, one field a line. */
void doc_person_fields(struct doc *d, const struct doc_person *p);
/* The table of components; with_note adds the column "what to add". */
void doc_components(struct doc *d, const struct doc_component *c, size_t n, bool with_note);
/* doc_end(), and on error puts out back to len0 bytes. */
int doc_finish(struct doc *d, struct buf *out, size_t len0);

/* "Trước hạn" / "Đúng hạn" / "Quá hạn" / "" for a timeliness. */
const char *doc_timeliness_vi(enum doc_timeliness t);

/* Checks one field: DOC_EINVAL if required and missing or not UTF-8,
 * DOC_ERANGE if longer than DOC_MAX_TEXT; 0 if fine. */
int doc_check_text(const char *s, bool required);
int doc_check_person(const struct doc_person *p, bool required);
int doc_check_agency(const struct doc_agency *a, bool need_place);
int doc_check_signer(const struct doc_signer *s, bool title_required);
int doc_check_list(const char *const *v, size_t n, bool at_least_one);
int doc_check_components(const struct doc_component *c, size_t n, bool at_least_one);

#endif
