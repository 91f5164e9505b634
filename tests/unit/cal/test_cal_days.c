/*
 * test_cal_days.c — days off: civil dates, the computed default of the
 * Labour Code, the schedule parser, and the shipped official schedules of
 * 2023–2026 against the days off the government announced (DOMAIN.md 5).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cal/cal.h"
#include "test_util.h"

static void test_civil(void **state)
{
	(void)state;
	static const struct {
		const char *date;
		int64_t days;
		int weekday;
	} cases[] = {
		{"1970-01-01", 0, 4},	  {"1900-01-01", -25567, 1}, {"2000-02-29", 11016, 2},
		{"2000-03-01", 11017, 3}, {"2025-01-29", 20117, 3},  {"2199-12-31", 84005, 2},
		{"1969-12-31", -1, 3},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cal_date d = D(cases[i].date);
		assert_int_equal(cal_days_from_civil(d), cases[i].days);
		assert_int_equal(cal_weekday(cases[i].days), cases[i].weekday);
		struct cal_date back = cal_civil_from_days(cases[i].days);
		assert_int_equal(back.year, d.year);
		assert_int_equal(back.month, d.month);
		assert_int_equal(back.day, d.day);
	}
	for (int64_t d = -25567; d < 84006; d++) {
		struct cal_date c = cal_civil_from_days(d);
		assert_true(cal_date_valid(c));
		assert_int_equal(cal_days_from_civil(c), d);
	}
	struct cal_date feb29 = {2100, 2, 29};
	assert_false(cal_date_valid(feb29));
	/* Local time is UTC+7: 2025-01-01T00:00 local is 2024-12-31T17:00Z. */
	assert_int_equal(L("2025-01-01T00:00"), INT64_C(1735664400000));
	struct cal_local l = cal_local_from_ms(INT64_C(1735664400000) - 1);
	assert_int_equal(l.date.day, 31);
	assert_int_equal(l.hour, 23);
	assert_int_equal(l.ms, 999);
	assert_int_equal(cal_local_day(L("1950-06-01T03:00")),
			 cal_days_from_civil(D("1950-06-01")));
}

/* Expected lines of `cal holidays` as "DATE KIND" pairs, then a NULL. */
static void expect_year(const struct cal_calendar *cal, int year, const char *const *want)
{
	struct cal_entry e[64];
	size_t n;
	assert_int_equal(cal_year_entries(cal, year, e, 64, &n), 0);
	size_t nwant = 0;
	while (want[nwant])
		nwant++;
	for (size_t i = 0; i < n && i < nwant; i++) {
		char got[64];
		snprintf(got, sizeof got, "%04d-%02d-%02d %s", e[i].date.year, e[i].date.month,
			 e[i].date.day, cal_kind_name(e[i].kind));
		if (strcmp(got, want[i]) != 0)
			fail_msg("%d entry %zu: got %s, want %s", year, i, got, want[i]);
	}
	if (n != nwant)
		fail_msg("%d: %zu entries, want %zu", year, n, nwant);
}

static void test_default_rules(void **state)
{
	(void)state;
	struct cal_calendar *cal;
	assert_int_equal(cal_calendar_new(NULL, 0, 0, &cal), 0);
	/* 2023: every rule at once; the official schedule said the same. */
	static const char *const y2023[] = {
		"2023-01-01 holiday",	   "2023-01-02 compensatory", "2023-01-20 holiday",
		"2023-01-21 holiday",	   "2023-01-22 holiday",      "2023-01-23 holiday",
		"2023-01-24 holiday",	   "2023-01-25 compensatory", "2023-01-26 compensatory",
		"2023-04-29 holiday",	   "2023-04-30 holiday",      "2023-05-01 holiday",
		"2023-05-02 compensatory", "2023-05-03 compensatory", "2023-09-01 holiday",
		"2023-09-02 holiday",	   "2023-09-04 compensatory", NULL,
	};
	expect_year(cal, 2023, y2023);
	/* 2024: 2 Sep is a Monday, so the adjacent day is 3 Sep. */
	static const char *const y2024[] = {
		"2024-01-01 holiday",	   "2024-02-08 holiday",
		"2024-02-09 holiday",	   "2024-02-10 holiday",
		"2024-02-11 holiday",	   "2024-02-12 holiday",
		"2024-02-13 compensatory", "2024-02-14 compensatory",
		"2024-04-18 holiday",	   "2024-04-30 holiday",
		"2024-05-01 holiday",	   "2024-09-02 holiday",
		"2024-09-03 holiday",	   NULL,
	};
	expect_year(cal, 2024, y2024);
	/* 2026: Tết starts on a Sunday (29 tháng Chạp), compensated on Friday 20 Feb. */
	static const char *const y2026[] = {
		"2026-01-01 holiday",	   "2026-02-15 holiday",
		"2026-02-16 holiday",	   "2026-02-17 holiday",
		"2026-02-18 holiday",	   "2026-02-19 holiday",
		"2026-02-20 compensatory", "2026-04-26 holiday",
		"2026-04-27 compensatory", "2026-04-30 holiday",
		"2026-05-01 holiday",	   "2026-09-01 holiday",
		"2026-09-02 holiday",	   NULL,
	};
	expect_year(cal, 2026, y2026);
	/* 2027 (not announced): Tết 6 Feb 2027 is a Saturday. */
	static const char *const y2027[] = {
		"2027-01-01 holiday",	   "2027-02-04 holiday",      "2027-02-05 holiday",
		"2027-02-06 holiday",	   "2027-02-07 holiday",      "2027-02-08 holiday",
		"2027-02-09 compensatory", "2027-02-10 compensatory", "2027-04-16 holiday",
		"2027-04-30 holiday",	   "2027-05-01 holiday",      "2027-05-03 compensatory",
		"2027-09-01 holiday",	   "2027-09-02 holiday",      NULL,
	};
	expect_year(cal, 2027, y2027);
	enum cal_kind k;
	assert_int_equal(cal_day_kind(cal, D("2027-11-24"), &k), 0);
	assert_int_equal(k, CAL_KIND_WORKING);
	assert_int_equal(cal_day_kind(cal, D("2027-02-06"), &k), 0);
	assert_int_equal(k, CAL_KIND_HOLIDAY);
	assert_int_equal(cal_day_kind(cal, D("2027-03-06"), &k), 0);
	assert_int_equal(k, CAL_KIND_WEEKEND);
	assert_int_equal(cal_day_kind(cal, D("2200-01-01"), &k), CAL_ERANGE);
	assert_int_equal(cal_year_entries(cal, 1899, NULL, 0, &(size_t){0}), CAL_ERANGE);
	cal_calendar_free(cal);

	/* Optional holidays on: 24 Nov 2027 (Wednesday) is off. */
	assert_int_equal(cal_calendar_new(NULL, 0, CAL_OPT_OPTIONAL_HOLIDAYS, &cal), 0);
	assert_int_equal(cal_day_kind(cal, D("2027-11-24"), &k), 0);
	assert_int_equal(k, CAL_KIND_HOLIDAY);
	cal_calendar_free(cal);
}

/* The official schedules, written here from the announcements (DOMAIN.md 5
 * table), independently of data/calendar/: weekdays off and weekend days
 * worked. Every other day follows the Monday–Friday week. */
static const struct {
	int year;
	const char *off[20];
	const char *worked[3];
} official[] = {
	{2023,
	 {"2023-01-02", "2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26",
	  "2023-05-01", "2023-05-02", "2023-05-03", "2023-09-01", "2023-09-04"},
	 {NULL}},
	{2024,
	 {"2024-01-01", "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14",
	  "2024-04-18", "2024-04-29", "2024-04-30", "2024-05-01", "2024-09-02", "2024-09-03"},
	 {"2024-05-04"}},
	{2025,
	 {"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
	  "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02"},
	 {"2025-04-26"}},
	{2026,
	 {"2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
	  "2026-02-20", "2026-04-27", "2026-04-30", "2026-05-01", "2026-08-31", "2026-09-01",
	  "2026-09-02"},
	 {"2026-01-10", "2026-09-12"}},
};

static bool listed(const char *const *list, size_t n, struct cal_date d)
{
	char s[16];
	snprintf(s, sizeof s, "%04d-%02d-%02d", d.year, d.month, d.day);
	for (size_t i = 0; i < n && list[i]; i++) {
		if (strcmp(list[i], s) == 0)
			return true;
	}
	return false;
}

static void test_official_schedules(void **state)
{
	(void)state;
	struct cal_calendar *cal = official_calendar(0);
	assert_non_null(cal);
	for (size_t y = 0; y < sizeof official / sizeof official[0]; y++) {
		struct cal_date first = {official[y].year, 1, 1}, last = {official[y].year, 12, 31};
		for (int64_t d = cal_days_from_civil(first); d <= cal_days_from_civil(last); d++) {
			struct cal_date date = cal_civil_from_days(d);
			int wd = cal_weekday(d);
			bool want = wd != 0 && wd != 6;
			if (listed(official[y].off, 20, date))
				want = false;
			if (listed(official[y].worked, 3, date))
				want = true;
			enum cal_kind k;
			assert_int_equal(cal_day_kind(cal, date, &k), 0);
			if (cal_kind_is_working(k) != want)
				fail_msg("%04d-%02d-%02d: %s, official schedule says %s", date.year,
					 date.month, date.day, cal_kind_name(k),
					 want ? "working" : "off");
		}
	}
	/* 24 November is shipped switched off. */
	enum cal_kind k;
	assert_int_equal(cal_day_kind(cal, D("2025-11-24"), &k), 0);
	assert_int_equal(k, CAL_KIND_WORKING);
	/* 2027 is not covered by the files: computed default. */
	assert_int_equal(cal_day_kind(cal, D("2027-02-09"), &k), 0);
	assert_int_equal(k, CAL_KIND_COMPENSATORY);
	cal_calendar_free(cal);

	cal = official_calendar(CAL_OPT_OPTIONAL_HOLIDAYS);
	assert_non_null(cal);
	assert_int_equal(cal_day_kind(cal, D("2025-11-24"), &k), 0);
	assert_int_equal(k, CAL_KIND_HOLIDAY);
	assert_int_equal(cal_day_kind(cal, D("2026-11-24"), &k), 0);
	assert_int_equal(k, CAL_KIND_HOLIDAY);
	cal_calendar_free(cal);
}

static void test_schedule_parse(void **state)
{
	(void)state;
	const char *good = "# comment\r\n\n  2030-01-01\tholiday   Tết Dương lịch  # trailing\r\n"
			   "2030-01-05 workday Làm bù\n2030-01-02 compensatory Nghỉ bù\n"
			   "2031-11-24 holiday-optional Ngày Văn hóa Việt Nam";
	struct cal_schedule *s;
	struct cal_parse_error err;
	assert_int_equal(cal_schedule_parse(good, strlen(good), &s, &err), 0);
	int first, last;
	cal_schedule_years(s, &first, &last);
	assert_int_equal(first, 2030);
	assert_int_equal(last, 2031);
	struct cal_calendar *cal;
	const struct cal_schedule *list[] = {s};
	assert_int_equal(cal_calendar_new(list, 1, 0, &cal), 0);
	struct cal_entry e[8];
	size_t n;
	assert_int_equal(cal_year_entries(cal, 2030, e, 8, &n), 0);
	assert_int_equal(n, 3); /* the file replaces the default: no Tết in 2030 */
	assert_string_equal(e[0].name, "Tết Dương lịch");
	assert_int_equal(e[1].kind, CAL_KIND_COMPENSATORY);
	assert_int_equal(e[2].kind, CAL_KIND_WORKDAY);
	assert_int_equal(cal_year_entries(cal, 2031, e, 8, &n), 0);
	assert_int_equal(n, 0); /* optional holiday switched off */
	/* A year the file does not cover keeps the default. */
	assert_int_equal(cal_year_entries(cal, 2029, e, 8, &n), 0);
	assert_true(n > 10);
	/* cap smaller than the count: n still says how many exist */
	assert_int_equal(cal_year_entries(cal, 2029, e, 2, &n), 0);
	assert_true(n > 10);
	cal_calendar_free(cal);

	/* A later schedule replaces an earlier one for the years it covers. */
	const char *later = "2030-03-01 holiday Ngày lễ địa phương\n";
	struct cal_schedule *s2;
	assert_int_equal(cal_schedule_parse(later, strlen(later), &s2, NULL), 0);
	const struct cal_schedule *two[] = {s, s2};
	assert_int_equal(cal_calendar_new(two, 2, 0, &cal), 0);
	assert_int_equal(cal_year_entries(cal, 2030, e, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].name, "Ngày lễ địa phương");
	assert_int_equal(cal_year_entries(cal, 2031, e, 8, &n), 0);
	assert_int_equal(n, 0);
	cal_calendar_free(cal);
	cal_schedule_free(s2);
	cal_schedule_free(s);

	static const struct {
		const char *text;
		int rc, line;
	} bad[] = {
		{"2025-13-01 holiday X\n", CAL_EINVAL, 1},
		{"\n2025-02-30 holiday X\n", CAL_EINVAL, 2},
		{"25-01-01 holiday X\n", CAL_EINVAL, 1},
		{"2025-01-01 feast X\n", CAL_EINVAL, 1},
		{"2025-01-01 holiday\n", CAL_EINVAL, 1},
		{"2025-01-01 holidayX Y\n", CAL_EINVAL, 1},
		{"2025-01-01holiday X\n", CAL_EINVAL, 1},
		{"1899-12-31 holiday X\n", CAL_ERANGE, 1},
		{"2200-01-01 holiday X\n", CAL_ERANGE, 1},
		{"2025-04-29 workday X\n", CAL_EINVAL, 1},	/* a Tuesday cannot be "worked" */
		{"2025-04-27 compensatory X\n", CAL_EINVAL, 1}, /* a Sunday cannot compensate */
		{"2025-01-01 holiday A\n# x\n2025-01-01 holiday B\n", CAL_EINVAL, 3},
		{"2025-01-01 holiday A\tB\n", CAL_EINVAL, 1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = NULL;
		int rc = cal_schedule_parse(bad[i].text, strlen(bad[i].text), &s, &err);
		if (rc != bad[i].rc || err.line != bad[i].line || s != NULL)
			fail_msg("case %zu: rc %d line %d (%s)", i, rc, err.line, err.message);
		assert_true(err.message[0] != '\0');
	}
	/* Empty text is an empty schedule that covers nothing. */
	assert_int_equal(cal_schedule_parse("", 0, &s, NULL), 0);
	cal_schedule_years(s, &first, &last);
	assert_int_equal(first, 0);
	cal_schedule_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_default_rules),
		cmocka_unit_test(test_official_schedules),
		cmocka_unit_test(test_schedule_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
