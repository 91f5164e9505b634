/*
 * cal_internal.h — what the files of src/cal/ share and nothing else may use:
 * the supported day range, the table layout of a built calendar and office
 * hours, and the lunar helpers the holiday rules need. Layer: cal/ (pure).
 */
#ifndef MOTCUA_CAL_INTERNAL_H
#define MOTCUA_CAL_INTERNAL_H

#include "cal/cal.h"

/* Day numbers of 1900-01-01 and 2200-01-01 (one past the last supported day). */
#define CAL_DAY_FIRST INT64_C(-25567)
#define CAL_DAY_END   INT64_C(84006)
#define CAL_NDAYS     ((size_t)(CAL_DAY_END - CAL_DAY_FIRST))

int cal_month_length(int year, int month);

/* Day number of lunar 1/1 of lunar year `year` (1900..2200). */
int64_t cal_lunar_new_year_day(int year);

/* ----- built calendar (cal_days.c); read by cal_due.c */

struct cal_named {
	int32_t index; /* day index: day number - CAL_DAY_FIRST */
	uint8_t kind;  /* enum cal_kind */
	const char *name;
};

struct cal_calendar {
	/* kind[i] of day index i. */
	uint8_t *kind;
	/* wbefore[i] = number of working days with index < i; CAL_NDAYS + 1 entries. */
	int32_t *wbefore;
	/* windex[j] = day index of the j-th working day; nwork entries. */
	int32_t *windex;
	int32_t nwork;
	/* Non-plain days, sorted by index, for listings. */
	struct cal_named *named;
	size_t nnamed;
	char *pool; /* names copied from schedules */
};

/* ----- office hours (cal_hours.c) */

/* Periods of one season in ms after local midnight. */
struct cal_dayhours {
	int nperiods;
	int32_t start[CAL_MAX_PERIODS];
	int32_t end[CAL_MAX_PERIODS];
	int64_t total; /* office ms in the day */
	int32_t close; /* end of the last period */
};

struct cal_hours {
	int nseasons;
	struct cal_dayhours season[CAL_MAX_SEASONS];
	/* season index of (month * 32 + day); used when nseasons > 1 */
	uint8_t by_md[13 * 32];
};

/* Hours that apply on a day number. */
static inline const struct cal_dayhours *cal_hours_of_day(const struct cal_hours *h, int64_t day)
{
	if (h->nseasons == 1)
		return &h->season[0];
	struct cal_date d = cal_civil_from_days(day);
	return &h->season[h->by_md[d.month * 32 + d.day]];
}

#endif /* MOTCUA_CAL_INTERNAL_H */
