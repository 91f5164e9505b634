/*
 * test_util.h — helpers shared by the calendar unit tests: local instants
 * from fields, formatting, and loading the shipped schedules of
 * data/calendar/ (CAL_DATA_DIR is set by meson).
 */
#ifndef MOTCUA_TEST_CAL_UTIL_H
#define MOTCUA_TEST_CAL_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal/cal.h"

#ifndef CAL_DATA_DIR
#define CAL_DATA_DIR "data/calendar"
#endif

/* "YYYY-MM-DDTHH:MM" local -> instant; aborts the test binary on a typo. */
static inline int64_t L(const char *s)
{
	struct cal_date d;
	int h, m;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d", &d.year, &d.month, &d.day, &h, &m) != 5) {
		fprintf(stderr, "bad test instant %s\n", s);
		abort();
	}
	int64_t ms;
	if (cal_ms_from_local(d, h, m, &ms) != 0) {
		fprintf(stderr, "bad test instant %s\n", s);
		abort();
	}
	return ms;
}

static inline struct cal_date D(const char *s) {
	struct cal_date d = {0, 0, 0};
	if (sscanf(s, "%4d-%2d-%2d", &d.year, &d.month, &d.day) != 3)
		abort();
	return d;
}

/* Local "YYYY-MM-DDTHH:MM" of an instant into buf[17]. */
static inline const char *
fmt_local(int64_t ms, char buf[32])
{
	struct cal_local l = cal_local_from_ms(ms);
	snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d", l.date.year, l.date.month, l.date.day, l.hour,
		 l.minute);
	return buf;
}

static inline char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	*len = buf ? fread(buf, 1, 1 << 20, f) : 0;
	fclose(f);
	return buf;
}

/* Parse data/calendar/<year>.txt; NULL when missing or invalid (reported). */
static inline struct cal_schedule *load_schedule(int year)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%d.txt", CAL_DATA_DIR, year);
	size_t len;
	char *text = read_whole(path, &len);
	if (!text) {
		fprintf(stderr, "cannot read %s\n", path);
		return NULL;
	}
	struct cal_schedule *s = NULL;
	struct cal_parse_error err;
	if (cal_schedule_parse(text, len, &s, &err) != 0)
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.message);
	free(text);
	return s;
}

/* The calendar with the shipped official schedules 2023–2026. */
static inline struct cal_calendar *official_calendar(unsigned options)
{
	struct cal_schedule *s[4];
	for (int i = 0; i < 4; i++) {
		s[i] = load_schedule(2023 + i);
		if (!s[i])
			return NULL;
	}
	struct cal_calendar *cal = NULL;
	if (cal_calendar_new((const struct cal_schedule *const *)s, 4, options, &cal) != 0)
		cal = NULL;
	for (int i = 0; i < 4; i++)
		cal_schedule_free(s[i]);
	return cal;
}

#endif
