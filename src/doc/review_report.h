/* The report of a year's procedure review (issue 14, Circular 02/2017):
 * the simplifications the leaders adopted, each with the procedure's
 * compliance cost a year before and after and the saving, in money and
 * percent, and the total; as an A4 landscape PDF in the administrative
 * document format (as doc/report.h: the agency and the national motto,
 * the place and date, the title, the table, the signature block, room at
 * the bottom of every page for the agency's stamp).
 *
 * Layer: doc. Conventions as doc/forms.h: strings UTF-8 and borrowed;
 * DOC_EINVAL / DOC_ERANGE before anything is drawn; appends to out and
 * leaves it as it was on error.
 */
#ifndef MOTCUA_DOC_REVIEW_REPORT_H
#define MOTCUA_DOC_REVIEW_REPORT_H

#include "doc/forms.h"

#define DOC_TITLE_REVIEW "BÁO CÁO KẾT QUẢ RÀ SOÁT, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH"

struct doc_review_row {
	const char *procedure;	       /* "name (code)"; required */
	const char *proposal;	       /* the kind and the text; required */
	int64_t before, after, saving; /* đồng a year */
	int64_t percent_bp;	       /* hundredths of a percent */
	bool has_percent;
};

struct doc_review_report {
	struct doc_agency agency;
	int64_t date;	       /* the date line */
	int64_t year;	       /* the plan's year */
	const char *period;    /* "01/01/2025 – 31/12/2025": the history measured; required */
	const char *addressee; /* "Kính gửi: …" under the title; optional */
	const struct doc_review_row *rows;
	size_t n_rows;
	int64_t total_before, total_after, total_saving, total_percent_bp;
	bool total_has_percent;
	struct doc_signer signer; /* title required */
};

int doc_render_review(const struct doc_review_report *r, struct buf *out) DOC_MUST_CHECK;

#endif
