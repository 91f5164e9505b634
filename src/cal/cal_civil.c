/*
 * cal_civil.c — Gregorian dates, day numbers and local time (UTC+7) without
 * the C library's time functions, which depend on the process time zone and
 * are banned (STYLE.md). Layer: cal/ (pure).
 *
 * The day-number conversion counts in 400-year eras of 146097 days with the
 * year starting on 1 March, so that the leap day is the last day of a year and
 * month lengths follow the (153 m + 2) / 5 pattern.
 */
#include "cal/cal_internal.h"

bool cal_date_valid(struct cal_date d)
{
	if (d.month < 1 || d.month > 12 || d.day < 1)
		return false;
	return d.day <= cal_month_length(d.year, d.month);
}

int cal_month_length(int year, int month)
{
	static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2) {
		bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
		return leap ? 29 : 28;
	}
	return len[month - 1];
}

int64_t cal_days_from_civil(struct cal_date d)
{
	int64_t y = (int64_t)d.year - (d.month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;		      /* 0..399 */
	int64_t mp = (d.month + 9) % 12;	      /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1; /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct cal_date cal_civil_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct cal_date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int cal_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday. */
	int64_t w = (days + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

int64_t cal_local_day(int64_t ms)
{
	/* floor((ms + offset) / day) without forming ms + offset, which
	 * overflows for instants near INT64_MAX (found by fuzz_calendar). */
	int64_t q = ms / CAL_MS_PER_DAY, r = ms % CAL_MS_PER_DAY + CAL_UTC_OFFSET_MS;
	if (r < 0)
		q--;
	else if (r >= CAL_MS_PER_DAY)
		q++;
	return q;
}

struct cal_local cal_local_from_ms(int64_t ms)
{
	struct cal_local l;
	int64_t day = cal_local_day(ms);
	int64_t tod = ms + CAL_UTC_OFFSET_MS - day * CAL_MS_PER_DAY;
	l.date = cal_civil_from_days(day);
	l.hour = (int)(tod / CAL_MS_PER_HOUR);
	l.minute = (int)(tod / CAL_MS_PER_MINUTE % 60);
	l.second = (int)(tod / 1000 % 60);
	l.ms = (int)(tod % 1000);
	return l;
}

int cal_ms_from_local(struct cal_date d, int hour, int minute, int64_t *ms)
{
	if (!cal_date_valid(d) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
		return CAL_EINVAL;
	if (d.year < CAL_MIN_YEAR || d.year > CAL_MAX_YEAR)
		return CAL_ERANGE;
	*ms = cal_days_from_civil(d) * CAL_MS_PER_DAY + hour * CAL_MS_PER_HOUR +
	      minute * CAL_MS_PER_MINUTE - CAL_UTC_OFFSET_MS;
	return 0;
}

const char *cal_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case CAL_EINVAL:
		return "invalid argument";
	case CAL_ERANGE:
		return "date out of range 1900-2199";
	case CAL_ENOMEM:
		return "out of memory";
	case CAL_EOVERLAP:
		return "overlapping or unordered intervals";
	case CAL_ENOENT:
		return "no such lunar date";
	default:
		return "unknown error";
	}
}
