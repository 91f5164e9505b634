/* The periodic statistics report on the handling of dossiers (DOMAIN.md
 * section 11, issue 12) as an A4 landscape PDF in the administrative
 * document format (Decree 30/2020, as the forms: doc/forms.h): the agency
 * and the national motto, the place and date, the title and the period,
 * one table row per group, the total, the adjustments carried from a closed
 * period before (if any), the signature block. The agency's
 * digital signature is added afterwards (svc); the bottom of every page is
 * kept free for its stamp (doc/stamp.h) at the bottom right of page 1.
 *
 * Layer: doc. Conventions as doc/forms.h: strings UTF-8 and borrowed,
 * instants Unix ms printed in UTC+7, DOC_EINVAL / DOC_ERANGE before
 * anything is drawn, appends to out and leaves it as it was on error.
 */
#ifndef MOTCUA_DOC_REPORT_H
#define MOTCUA_DOC_REPORT_H

#include "doc/forms.h"

#define DOC_TITLE_REPORT "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"

/* The figures of a row, in the order of the printed columns: received
 * (total, carried over, new online, new direct, new by post), ended
 * (total, early, on time, late, of which refused, withdrawn, stopped), in
 * progress (total, not yet due, overdue, of which waiting). */
#define DOC_REPORT_NCOLS 16

struct doc_report_row {
	const char *name; /* required */
	int64_t v[DOC_REPORT_NCOLS];
};

struct doc_report {
	const char *title; /* NULL: DOC_TITLE_REPORT */
	struct doc_agency agency;
	int64_t date;	   /* the date line (the day the report is made) */
	int64_t from, to;  /* the period: local midnight of its first and last days */
	const char *scope; /* the unit reported on, printed under the period; required */
	const char *group_label; /* head of the names' column: "Thủ tục hành chính", …; required */
	const struct doc_report_row *rows;
	size_t n_rows;
	struct doc_report_row total; /* its name is printed in bold */
	/* Rows printed after the total, without a number: the corrections of
	 * the closed period before (the figures are differences). */
	const struct doc_report_row *after;
	size_t n_after;
	struct doc_signer signer; /* title required */
};

int doc_render_report(const struct doc_report *r, struct buf *out) DOC_MUST_CHECK;

#endif
