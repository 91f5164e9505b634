/* Validity of documents by type: see doctype.h. Layer: core. */
#include "core/doctype.h"

#include <stddef.h>
#include <string.h>

#include "cal/cal.h"

/* One row per type with a validity of its own. Keep the ids those of
 * data/catalogue (README "Shared document types"). */
static const struct {
	const char *doc_type;
	int months;
} VALIDITY[] = {
	/* Phiếu lý lịch tư pháp: issued not more than 6 months before the
	 * dossier (Decree 152/2020/NĐ-CP art. 9(2)). */
	{"criminal_record", 6},
	/* Giấy chứng nhận sức khỏe: within 12 months (Decree 152/2020/NĐ-CP
	 * art. 9(1), Circular 14/2013/TT-BYT). */
	{"health_certificate", 12},
};

int doctype_valid_months(const char *doc_type)
{
	if (!doc_type)
		return 0;
	for (size_t i = 0; i < sizeof VALIDITY / sizeof VALIDITY[0]; i++)
		if (!strcmp(VALIDITY[i].doc_type, doc_type))
			return VALIDITY[i].months;
	return 0;
}

static int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* Local midnight of the day months after the local day of ms; 0 if out of range. */
static int64_t add_months(int64_t ms, int months)
{
	struct cal_date d = cal_local_from_ms(ms).date;
	int m0 = d.month - 1 + months;
	d.year += m0 / 12;
	d.month = m0 % 12 + 1;
	int last = month_days(d.year, d.month);
	if (d.day > last)
		d.day = last;
	int64_t out;
	return cal_ms_from_local(d, 0, 0, &out) < 0 ? 0 : out;
}

int64_t doctype_valid_until(const char *doc_type, int64_t issued_at, int64_t stored_at,
			    int64_t stated, enum doc_valid_from *from)
{
	enum doc_valid_from f = stated ? DOC_VALID_STATED : DOC_VALID_NONE;
	int64_t until = stated;
	int months = doctype_valid_months(doc_type);
	int64_t base = issued_at ? issued_at : stored_at;
	if (months > 0 && base) {
		int64_t t = add_months(base, months);
		if (t && (!until || t <= until)) {
			until = t;
			f = issued_at ? DOC_VALID_FROM_ISSUE : DOC_VALID_FROM_UPLOAD;
		}
	}
	if (from)
		*from = f;
	return until;
}

const char *doc_valid_from_name(enum doc_valid_from from)
{
	switch (from) {
	case DOC_VALID_STATED:
		return "stated";
	case DOC_VALID_FROM_ISSUE:
		return "issued";
	case DOC_VALID_FROM_UPLOAD:
		return "uploaded";
	case DOC_VALID_NONE:
		break;
	}
	return NULL;
}
