/*
 * cal_schedule.h — the parsed form of an official schedule, shared by the
 * parser (cal_schedule.c) and the calendar builder (cal_days.c) only.
 * Layer: cal/ (pure, internal).
 */
#ifndef MOTCUA_CAL_SCHEDULE_H
#define MOTCUA_CAL_SCHEDULE_H

#include "cal/cal_internal.h"

enum cal_sched_kind {
	CAL_SCHED_HOLIDAY,
	CAL_SCHED_COMPENSATORY,
	CAL_SCHED_WORKDAY,
	CAL_SCHED_OPTIONAL, /* holiday-optional: a holiday only with CAL_OPT_OPTIONAL_HOLIDAYS */
};

struct cal_sched_entry {
	int64_t day; /* day number */
	int year;
	enum cal_sched_kind kind;
	int line;
	size_t name_off; /* into pool, NUL-terminated */
};

struct cal_schedule {
	struct cal_sched_entry *entries; /* sorted by day, no duplicates */
	size_t n;
	char *pool;
	size_t pool_len;
	uint8_t covers[CAL_MAX_YEAR - CAL_MIN_YEAR + 1];
};

#endif /* MOTCUA_CAL_SCHEDULE_H */
