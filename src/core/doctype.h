/* How long a document of a type may be used (issue 15 item 8): some papers
 * are good for a fixed time from the day they were issued, whatever date the
 * citizen types (a criminal record extract "không quá 06 tháng", a health
 * certificate "trong thời hạn 12 tháng", Decree 152/2020/NĐ-CP art. 9 and
 * Circular 14/2013/TT-BYT). One row per such type in doctype.c; a type not
 * there has no limit of its own (the document's stated date, if any, holds).
 *
 * When the issue date is not known (an online upload that did not give one),
 * the months are counted from when the document was stored: the office then
 * cannot prove the paper is older, and the store says "counted from the
 * upload" so the citizen knows why (DOC_VALID_FROM_UPLOAD).
 *
 * Layer: core (pure, libc and cal only). Instants are UTC milliseconds. */
#ifndef MOTCUA_CORE_DOCTYPE_H
#define MOTCUA_CORE_DOCTYPE_H

#include <stdint.h>

enum doc_valid_from {
	DOC_VALID_NONE = 0,	   /* no limit known */
	DOC_VALID_STATED = 1,	   /* the date given with the document */
	DOC_VALID_FROM_ISSUE = 2,  /* the type's months from the issue date */
	DOC_VALID_FROM_UPLOAD = 3, /* the type's months from when it was stored */
};

/* Months a document of doc_type is valid from its issue date; 0 = no limit
 * of the type (unknown types included). */
int doctype_valid_months(const char *doc_type);

/* The end of validity to store for a document: the earlier of the stated
 * date (0 = none) and the type's months counted from issued_at, or from
 * stored_at when issued_at is 0. The months end at local midnight of the
 * same day number (clamped to the month's last day): issued 2026-01-31 with
 * 1 month is valid until 2026-02-28 00:00 local, exclusive. 0 = no limit.
 * *from (may be NULL) says which rule gave it. */
int64_t doctype_valid_until(const char *doc_type, int64_t issued_at, int64_t stored_at,
			    int64_t stated, enum doc_valid_from *from);

/* "stated", "issued", "uploaded", or NULL for DOC_VALID_NONE. */
const char *doc_valid_from_name(enum doc_valid_from from);

#endif
