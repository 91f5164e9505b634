/*
 * test_cal_due.c — office hours and due-time arithmetic (DOMAIN.md 5): due
 * times across Tết and swapped Saturdays, at period boundaries, outside
 * office hours, on days off, with pauses and seasonal hours; remaining time,
 * due-soon, overdue, timeliness; and the property that adding a limit and
 * measuring the office time back gives the limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cal/cal.h"
#include "test_util.h"

/* Hà Nam's seasons (DOMAIN.md 5). */
#define HA_NAM "04-15..10-14=07:00-11:30,13:30-17:00;10-15..04-14=07:30-12:00,13:00-16:30"

static struct cal_calendar *official;

static int setup(void **state)
{
	(void)state;
	official = official_calendar(0);
	return official ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cal_calendar_free(official);
	return 0;
}

static void test_hours_parse(void **state)
{
	(void)state;
	static const struct {
		const char *spec;
		int rc;
	} cases[] = {
		{"07:30-11:30,13:00-17:00", 0},
		{"08:00-12:00", 0},
		{"00:00-24:00", 0},
		{"07:30-11:30,11:30-17:00", 0}, /* touching periods are fine */
		{HA_NAM, 0},
		{"01-01..12-31=08:00-16:00", 0},
		{"07:30-11:30,11:00-17:00", CAL_EOVERLAP},
		{"13:00-17:00,07:30-11:30", CAL_EOVERLAP},
		{"04-15..10-14=07:00-11:30;10-10..04-14=07:30-12:00",
		 CAL_EOVERLAP}, /* 10-10..10-14 twice */
		{"04-15..10-14=07:00-11:30;10-20..04-14=07:30-12:00",
		 CAL_EOVERLAP}, /* 10-15..10-19 in none */
		{"04-15..10-14=07:00-11:30", CAL_EOVERLAP},
		{"11:30-07:30", CAL_EINVAL},
		{"07:30-11:30,", CAL_EINVAL},
		{"7:30-11:30", CAL_EINVAL},
		{"07:30-25:00", CAL_EINVAL},
		{"07:60-11:30", CAL_EINVAL},
		{"", CAL_EINVAL},
		{"07:30-11:30;13:00-17:00", CAL_EINVAL},
		{"02-30..10-14=07:00-11:30;10-15..02-29=07:30-12:00", CAL_EINVAL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cal_hours *h = NULL;
		int rc = cal_hours_parse(cases[i].spec, &h);
		if (rc != cases[i].rc)
			fail_msg("'%s': rc %d, want %d", cases[i].spec, rc, cases[i].rc);
		cal_hours_free(h);
	}
}

struct due_case {
	const char *what;
	const char *from;
	enum cal_unit unit;
	int amount;
	const char *hours; /* NULL = default */
	const char *pauses[3][2];
	const char *want;
};

static const struct due_case due_cases[] = {
	/* Across Tết 2025 (27–31 Jan off). Fri 24 Jan 10:00: 5.5 h that day, 8 h Mon 3 Feb,
	 * 8 h Tue 4 Feb, 2.5 h Wed 5 Feb. */
	{"3wd across Tết",
	 "2025-01-24T10:00",
	 CAL_WORKING_DAYS,
	 3,
	 NULL,
	 {{0}},
	 "2025-02-05T10:00"},
	{"1d into Tết", "2025-01-24T10:00", CAL_CALENDAR_DAYS, 3, NULL, {{0}}, "2025-02-03T17:00"},
	{"0wd before Tết",
	 "2025-01-24T15:00",
	 CAL_WORKING_DAYS,
	 0,
	 NULL,
	 {{0}},
	 "2025-02-03T17:00"},
	/* Swapped Saturdays. */
	{"1wd into worked Saturday 2025",
	 "2025-04-25T16:00",
	 CAL_WORKING_DAYS,
	 1,
	 NULL,
	 {{0}},
	 "2025-04-26T16:00"},
	{"1wd into worked Saturday 2024",
	 "2024-05-03T16:00",
	 CAL_WORKING_DAYS,
	 1,
	 NULL,
	 {{0}},
	 "2024-05-04T16:00"},
	{"1wd over swapped Monday 2024",
	 "2024-04-26T09:00",
	 CAL_WORKING_DAYS,
	 1,
	 NULL,
	 {{0}},
	 "2024-05-02T09:00"},
	{"0wd on worked Saturday",
	 "2026-01-10T09:00",
	 CAL_WORKING_DAYS,
	 0,
	 NULL,
	 {{0}},
	 "2026-01-10T17:00"},
	{"2d landing on worked Saturday",
	 "2026-01-08T09:00",
	 CAL_CALENDAR_DAYS,
	 2,
	 NULL,
	 {{0}},
	 "2026-01-10T17:00"},
	/* Period boundaries. */
	{"4h from 07:30 ends 11:30",
	 "2025-03-03T07:30",
	 CAL_WORKING_HOURS,
	 4,
	 NULL,
	 {{0}},
	 "2025-03-03T11:30"},
	{"1wd from 07:30 ends 17:00",
	 "2025-03-03T07:30",
	 CAL_WORKING_DAYS,
	 1,
	 NULL,
	 {{0}},
	 "2025-03-03T17:00"},
	{"1h from 11:30",
	 "2025-03-03T11:30",
	 CAL_WORKING_HOURS,
	 1,
	 NULL,
	 {{0}},
	 "2025-03-03T14:00"},
	{"1h from 17:00",
	 "2025-03-03T17:00",
	 CAL_WORKING_HOURS,
	 1,
	 NULL,
	 {{0}},
	 "2025-03-04T08:30"},
	{"1wd from 17:00",
	 "2025-03-03T17:00",
	 CAL_WORKING_DAYS,
	 1,
	 NULL,
	 {{0}},
	 "2025-03-04T17:00"},
	{"2wd from 11:30",
	 "2025-03-03T11:30",
	 CAL_WORKING_DAYS,
	 2,
	 NULL,
	 {{0}},
	 "2025-03-05T11:30"},
	/* Outside office hours. */
	{"early morning",
	 "2025-03-03T06:00",
	 CAL_WORKING_HOURS,
	 1,
	 NULL,
	 {{0}},
	 "2025-03-03T08:30"},
	{"lunch break", "2025-03-03T12:15", CAL_WORKING_HOURS, 1, NULL, {{0}}, "2025-03-03T14:00"},
	{"evening", "2025-03-03T20:00", CAL_WORKING_HOURS, 1, NULL, {{0}}, "2025-03-04T08:30"},
	{"Saturday", "2025-03-08T10:00", CAL_WORKING_DAYS, 1, NULL, {{0}}, "2025-03-10T17:00"},
	/* Days off. */
	{"holiday then bridge",
	 "2025-04-30T09:00",
	 CAL_WORKING_HOURS,
	 2,
	 NULL,
	 {{0}},
	 "2025-05-05T09:30"},
	{"5d to Saturday moves to Monday",
	 "2025-03-03T09:00",
	 CAL_CALENDAR_DAYS,
	 5,
	 NULL,
	 {{0}},
	 "2025-03-10T17:00"},
	{"0d on a working day",
	 "2025-03-03T16:00",
	 CAL_CALENDAR_DAYS,
	 0,
	 NULL,
	 {{0}},
	 "2025-03-03T17:00"},
	{"15wd (3 weeks) over 30 Apr 2026",
	 "2026-04-20T08:00",
	 CAL_WORKING_DAYS,
	 15,
	 NULL,
	 {{0}},
	 "2026-05-14T08:00"},
	/* Never due before received (found by fuzz_calendar). */
	{"0d received after closing",
	 "2025-03-03T17:30",
	 CAL_CALENDAR_DAYS,
	 0,
	 NULL,
	 {{0}},
	 "2025-03-04T17:00"},
	{"0wd after an early closing",
	 "2025-03-03T13:00",
	 CAL_WORKING_DAYS,
	 0,
	 "08:00-12:00",
	 {{0}},
	 "2025-03-04T12:00"},
	/* Same-day rule. */
	{"0wd at 14:59", "2025-03-03T14:59", CAL_WORKING_DAYS, 0, NULL, {{0}}, "2025-03-03T17:00"},
	{"0wd at 15:00", "2025-03-03T15:00", CAL_WORKING_DAYS, 0, NULL, {{0}}, "2025-03-04T17:00"},
	{"0wd at 06:00", "2025-03-03T06:00", CAL_WORKING_DAYS, 0, NULL, {{0}}, "2025-03-03T17:00"},
	{"0wd on Friday evening",
	 "2025-03-07T18:00",
	 CAL_WORKING_DAYS,
	 0,
	 NULL,
	 {{0}},
	 "2025-03-10T17:00"},
	{"0wd on a holiday",
	 "2025-09-01T09:00",
	 CAL_WORKING_DAYS,
	 0,
	 NULL,
	 {{0}},
	 "2025-09-03T17:00"},
	/* Pauses. Mon 20 Jan 08:00: 7.5 + 8 + 0.5 h used before the pause, 8 h left
	 * from Tue 4 Feb 08:00 (the pause spans Tết). */
	{"pause spanning Tết",
	 "2025-01-20T08:00",
	 CAL_WORKING_DAYS,
	 3,
	 NULL,
	 {{"2025-01-22T08:00", "2025-02-04T08:00"}},
	 "2025-02-05T08:00"},
	{"pause after the due time",
	 "2025-03-03T07:30",
	 CAL_WORKING_DAYS,
	 1,
	 NULL,
	 {{"2025-03-04T08:00", "2025-03-10T08:00"}},
	 "2025-03-03T17:00"},
	{"pause starting exactly at due",
	 "2025-03-03T07:30",
	 CAL_WORKING_DAYS,
	 1,
	 NULL,
	 {{"2025-03-03T17:00", "2025-03-10T08:00"}},
	 "2025-03-03T17:00"},
	{"pause covering the start",
	 "2025-03-03T09:00",
	 CAL_WORKING_HOURS,
	 2,
	 NULL,
	 {{"2025-03-01T08:00", "2025-03-04T09:00"}},
	 "2025-03-04T11:00"},
	{"pause in the lunch break changes nothing",
	 "2025-03-03T11:00",
	 CAL_WORKING_HOURS,
	 1,
	 NULL,
	 {{"2025-03-03T11:30", "2025-03-03T13:00"}},
	 "2025-03-03T13:30"},
	/* 16 h: 4 h on Mon, 2 h on Wed, 6 h on Thu from 09:30, 4 h on Fri. */
	{"two pauses",
	 "2025-03-03T07:30",
	 CAL_WORKING_DAYS,
	 2,
	 NULL,
	 {{"2025-03-03T11:30", "2025-03-05T07:30"}, {"2025-03-05T09:30", "2025-03-06T09:30"}},
	 "2025-03-07T11:30"},
	{"calendar days with a pause",
	 "2025-03-03T09:00",
	 CAL_CALENDAR_DAYS,
	 10,
	 NULL,
	 {{"2025-03-05T10:00", "2025-03-12T10:00"}},
	 "2025-03-20T17:00"},
	{"same day, paused, resumed after 15:00",
	 "2025-03-03T09:00",
	 CAL_WORKING_DAYS,
	 0,
	 NULL,
	 {{"2025-03-03T10:00", "2025-03-03T16:00"}},
	 "2025-03-04T17:00"},
	/* Seasonal hours (Hà Nam). */
	{"summer day", "2025-07-01T07:00", CAL_WORKING_DAYS, 1, HA_NAM, {{0}}, "2025-07-01T17:00"},
	{"summer into winter",
	 "2025-10-14T13:30",
	 CAL_WORKING_HOURS,
	 8,
	 HA_NAM,
	 {{0}},
	 "2025-10-15T12:00"},
	{"winter closes 16:30",
	 "2025-12-01T09:00",
	 CAL_CALENDAR_DAYS,
	 1,
	 HA_NAM,
	 {{0}},
	 "2025-12-02T16:30"},
	{"winter 2wd", "2025-12-01T07:30", CAL_WORKING_DAYS, 2, HA_NAM, {{0}}, "2025-12-02T16:30"},
	{"winter lunch at 12:00",
	 "2025-12-01T11:00",
	 CAL_WORKING_HOURS,
	 2,
	 HA_NAM,
	 {{0}},
	 "2025-12-01T14:00"},
	{"summer 0wd after 15:00",
	 "2025-06-02T15:30",
	 CAL_WORKING_DAYS,
	 0,
	 HA_NAM,
	 {{0}},
	 "2025-06-03T17:00"},
	{"custom single period",
	 "2025-03-03T09:00",
	 CAL_WORKING_HOURS,
	 10,
	 "08:00-12:00",
	 {{0}},
	 "2025-03-05T11:00"},
};

static void test_due_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof due_cases / sizeof due_cases[0]; i++) {
		const struct due_case *c = &due_cases[i];
		struct cal_hours *h = NULL;
		if (c->hours)
			assert_int_equal(cal_hours_parse(c->hours, &h), 0);
		struct cal_pause p[3];
		size_t np = 0;
		while (np < 3 && c->pauses[np][0]) {
			p[np].from_ms = L(c->pauses[np][0]);
			p[np].to_ms = L(c->pauses[np][1]);
			np++;
		}
		struct cal_limit limit = {c->unit, c->amount};
		int64_t due = 0;
		int rc = cal_due(official, h ? h : cal_hours_default(), L(c->from), limit, p, np,
				 &due);
		char buf[32];
		if (rc != 0 || due != L(c->want))
			fail_msg("%s: rc %d, due %s, want %s", c->what, rc, fmt_local(due, buf),
				 c->want);
		cal_hours_free(h);
	}
}

static void test_due_errors(void **state)
{
	(void)state;
	const struct cal_hours *h = cal_hours_default();
	int64_t due = 42;
	struct cal_limit one = {CAL_WORKING_DAYS, 1};
	struct cal_pause backwards = {L("2025-03-05T10:00"), L("2025-03-04T10:00")};
	assert_int_equal(cal_due(official, h, L("2025-03-03T09:00"), one, &backwards, 1, &due),
			 CAL_EINVAL);
	struct cal_pause overlap[2] = {{L("2025-03-04T10:00"), L("2025-03-06T10:00")},
				       {L("2025-03-05T10:00"), L("2025-03-07T10:00")}};
	assert_int_equal(cal_due(official, h, L("2025-03-03T09:00"), one, overlap, 2, &due),
			 CAL_EOVERLAP);
	struct cal_limit negative = {CAL_WORKING_HOURS, -1};
	assert_int_equal(cal_due(official, h, L("2025-03-03T09:00"), negative, NULL, 0, &due),
			 CAL_EINVAL);
	struct cal_limit bad_unit = {(enum cal_unit)42, 1};
	assert_int_equal(cal_due(official, h, L("2025-03-03T09:00"), bad_unit, NULL, 0, &due),
			 CAL_EINVAL);
	struct cal_limit long_limit = {CAL_WORKING_DAYS, 100};
	assert_int_equal(cal_due(official, h, L("2199-12-01T09:00"), long_limit, NULL, 0, &due),
			 CAL_ERANGE);
	assert_int_equal(cal_due(official, h, L("1900-01-01T00:00") - 1, one, NULL, 0, &due),
			 CAL_ERANGE);
	/* No overflow on the way to the range check (UBSan; fuzz_calendar). */
	assert_int_equal(cal_due(official, h, INT64_MAX, one, NULL, 0, &due), CAL_ERANGE);
	assert_int_equal(cal_due(official, h, INT64_MIN, one, NULL, 0, &due), CAL_ERANGE);
	struct cal_limit days = {CAL_CALENDAR_DAYS, 40};
	assert_int_equal(cal_due(official, h, L("2199-12-01T09:00"), days, NULL, 0, &due),
			 CAL_ERANGE);
	assert_int_equal(due, 42); /* untouched on failure */
}

static void test_remaining_and_status(void **state)
{
	(void)state;
	const struct cal_hours *h = cal_hours_default();
	int64_t left;
	/* Friday 24 Jan 2025 16:00 to Tuesday 4 Feb 10:00: 1 h + 8 h + 2.5 h. */
	assert_int_equal(cal_office_time_between(official, h, L("2025-01-24T16:00"),
						 L("2025-02-04T10:00"), &left),
			 0);
	assert_int_equal(left, 11 * CAL_MS_PER_HOUR + 30 * CAL_MS_PER_MINUTE);
	/* Overdue: negative. */
	assert_int_equal(cal_office_time_between(official, h, L("2025-02-04T10:00"),
						 L("2025-01-24T16:00"), &left),
			 0);
	assert_int_equal(left, -(11 * CAL_MS_PER_HOUR + 30 * CAL_MS_PER_MINUTE));
	/* Over a weekend only: nothing. */
	assert_int_equal(cal_office_time_between(official, h, L("2025-03-07T17:00"),
						 L("2025-03-10T07:30"), &left),
			 0);
	assert_int_equal(left, 0);

	bool soon;
	int64_t due = L("2025-03-05T17:00");
	assert_int_equal(cal_is_due_soon(official, h, L("2025-03-04T17:00"), due, &soon), 0);
	assert_true(soon); /* exactly one working day left */
	assert_int_equal(cal_is_due_soon(official, h, L("2025-03-04T16:59"), due, &soon), 0);
	assert_false(soon);
	/* Friday 17:00 to Monday 17:00 is one working day: due soon over the weekend. */
	assert_int_equal(
		cal_is_due_soon(official, h, L("2025-03-07T16:00"), L("2025-03-10T17:00"), &soon),
		0);
	assert_false(soon);
	assert_int_equal(
		cal_is_due_soon(official, h, L("2025-03-08T16:00"), L("2025-03-10T17:00"), &soon),
		0);
	assert_true(soon);
	assert_int_equal(cal_is_due_soon(official, h, L("2025-03-05T17:01"), due, &soon), 0);
	assert_false(soon); /* overdue is not "due soon" */
	assert_false(cal_is_overdue(due, due));
	assert_true(cal_is_overdue(due + 1, due));

	/* Timeliness at date granularity, local dates. */
	assert_int_equal(cal_classify(L("2025-03-04T16:59"), due), CAL_EARLY);
	assert_int_equal(cal_classify(L("2025-03-05T00:00"), due), CAL_ON_TIME);
	assert_int_equal(cal_classify(L("2025-03-05T23:59"), due), CAL_ON_TIME);
	assert_int_equal(cal_classify(L("2025-03-06T00:00"), due), CAL_LATE);
	/* 23:30 UTC on 4 Mar is 06:30 on 5 Mar in Vietnam: on time, not early. */
	assert_int_equal(cal_classify(L("2025-03-05T06:30"), due), CAL_ON_TIME);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Adding office time then measuring it back gives the limit, for any start
 * (inside or outside office hours, on days off) and any limit, with uniform
 * and seasonal hours; and the due time is never earlier than the start. */
static void test_property_add_then_measure(void **state)
{
	(void)state;
	struct cal_hours *seasonal;
	assert_int_equal(cal_hours_parse(HA_NAM, &seasonal), 0);
	const struct cal_hours *hours[2] = {cal_hours_default(), seasonal};
	int64_t lo = L("2000-01-01T00:00"), span = L("2100-01-01T00:00") - lo;
	for (int i = 0; i < 20000; i++) {
		const struct cal_hours *h = hours[i % 2];
		int64_t start = lo + (int64_t)(rnd() % (uint64_t)span);
		if (i % 3 == 0) /* round to the minute: hit boundaries often */
			start -= start % CAL_MS_PER_MINUTE;
		struct cal_limit limit;
		switch (rnd() % 3) {
		case 0:
			limit = (struct cal_limit){CAL_WORKING_DAYS, (int32_t)(1 + rnd() % 60)};
			break;
		case 1:
			limit = (struct cal_limit){CAL_WORKING_HOURS, (int32_t)(1 + rnd() % 200)};
			break;
		default:
			limit = (struct cal_limit){CAL_WORKING_MINUTES,
						   (int32_t)(1 + rnd() % 5000)};
			break;
		}
		int64_t want = limit.unit == CAL_WORKING_DAYS	 ? limit.amount * CAL_WORKING_DAY_MS
			       : limit.unit == CAL_WORKING_HOURS ? limit.amount * CAL_MS_PER_HOUR
								 : limit.amount * CAL_MS_PER_MINUTE;
		int64_t due, got;
		assert_int_equal(cal_due(official, h, start, limit, NULL, 0, &due), 0);
		assert_true(due > start);
		assert_int_equal(cal_office_time_between(official, h, start, due, &got), 0);
		if (got != want) {
			char b1[32], b2[32];
			fail_msg("start %s limit %d/%d: due %s measures %lld ms, want %lld",
				 fmt_local(start, b1), limit.unit, limit.amount, fmt_local(due, b2),
				 (long long)got, (long long)want);
		}
		/* A pause adds no office time: measured outside the pause, still the limit. */
		int64_t pstart = start + (int64_t)(rnd() % (uint64_t)(due - start));
		struct cal_pause p = {pstart, pstart + (int64_t)(rnd() % (10 * CAL_MS_PER_DAY))};
		int64_t pdue, before, after;
		assert_int_equal(cal_due(official, h, start, limit, &p, 1, &pdue), 0);
		assert_true(pdue >= due);
		if (pdue > p.from_ms) {
			assert_int_equal(
				cal_office_time_between(official, h, start, p.from_ms, &before), 0);
			assert_int_equal(
				cal_office_time_between(official, h, p.to_ms, pdue, &after), 0);
			assert_int_equal(before + after, want);
		}
	}
	cal_hours_free(seasonal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hours_parse),
		cmocka_unit_test(test_due_table),
		cmocka_unit_test(test_due_errors),
		cmocka_unit_test(test_remaining_and_status),
		cmocka_unit_test(test_property_add_then_measure),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
