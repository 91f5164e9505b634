/* Dates and times as Vietnamese administrative documents print them, and
 * the messages of enum doc_error.
 *
 * Layer: doc. Pure: no libc time functions (gmtime and localtime are banned);
 * local time is UTC+7 fixed and the civil date comes from base/clock.h.
 */
#include "base/clock.h"
#include "doc/forms.h"

#define MS_PER_DAY    INT64_C(86400000)
#define UTC_OFFSET_MS INT64_C(25200000) /* +7 h */

void doc_local_parts(int64_t ms, int *y, unsigned *m, unsigned *d, int *minute)
{
	int64_t local = ms + UTC_OFFSET_MS;
	int64_t days = local / MS_PER_DAY;
	int64_t rest = local % MS_PER_DAY;
	if (rest < 0) { /* floor division for instants before 1970 */
		rest += MS_PER_DAY;
		days--;
	}
	clock_civil_from_days(days, y, m, d);
	*minute = (int)(rest / 60000);
}

void doc_date_vi(int64_t ms, struct buf *out)
{
	int y, minute;
	unsigned m, d;
	doc_local_parts(ms, &y, &m, &d, &minute);
	/* Decree 30/2020 appendix I: a day below 10 and the months 1 and 2
	 * are written with a leading zero. */
	buf_addf(out, "ngày %02u tháng %s%u năm %d", d, m < 3 ? "0" : "", m, y);
}

void doc_time_vi(int64_t ms, struct buf *out)
{
	int y, minute;
	unsigned m, d;
	doc_local_parts(ms, &y, &m, &d, &minute);
	buf_addf(out, "%02d giờ %02d phút", minute / 60, minute % 60);
}

void doc_date_short(int64_t ms, struct buf *out)
{
	int y, minute;
	unsigned m, d;
	doc_local_parts(ms, &y, &m, &d, &minute);
	buf_addf(out, "%02u/%02u/%d", d, m, y);
}

const char *doc_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case DOC_EINVAL:
		return "a required field is missing or not valid UTF-8";
	case DOC_ERANGE:
		return "too many items or a field too long";
	case DOC_ECAIRO:
		return "cairo or pango failed";
	case DOC_EQR:
		return "the tracking address does not fit a QR code";
	case DOC_EBUDGET:
		return "the request's time budget ran out";
	}
	return "unknown error";
}
