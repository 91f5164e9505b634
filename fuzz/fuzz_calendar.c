/* libFuzzer target: calendar input (src/cal/): official schedules as
 * `motcua calendar load` and the administrators' files give them
 * (cal_schedule_parse), office hours as `motcua cal due --hours` and the
 * units' settings give them (cal_hours_parse), and due-time arithmetic on
 * what those produce.
 *
 * The first byte picks what the rest is:
 *   's'  a schedule: parsed, and when it parses, built into a calendar
 *        whose days must be what the schedule says;
 *   'h'  office hours, a newline, then binary: start instant, limit and
 *        pauses for cal_due() on the computed default calendar;
 *   else binary: a solar date converted to lunar and back, and a local
 *        date-time to an instant and back.
 * Layer: fuzz (not part of the program).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cal/cal.h"

static struct cal_calendar *default_cal;

static void need(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_calendar: property broken: %s\n", what);
		abort();
	}
}

/* Reads n bytes (little-endian) from the input, zeros past its end. */
static uint64_t take(const uint8_t **p, const uint8_t *e, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++, (*p)++)
		v |= (uint64_t)(*p < e ? **p : 0) << (8 * i);
	return v;
}

static void schedule(const uint8_t *p, size_t n, bool optional)
{
	struct cal_schedule *s = NULL;
	struct cal_parse_error err = {0};
	int rc = cal_schedule_parse((const char *)p, n, &s, &err);
	if (rc < 0) {
		need(err.line > 0, "an error names its line");
		need(memchr(err.message, 0, sizeof err.message) && err.message[0],
		     "an error says what is wrong");
		return;
	}
	int first, last;
	cal_schedule_years(s, &first, &last);
	need((first == 0) == (last == 0), "years both set or both not");
	need(first == 0 || (first >= CAL_MIN_YEAR && first <= last && last <= CAL_MAX_YEAR),
	     "years in range");
	/* Building a calendar costs milliseconds: only for small schedules. */
	if (first && last - first < 3) {
		struct cal_calendar *cal;
		const struct cal_schedule *const list[] = {s};
		need(cal_calendar_new(list, 1, optional ? CAL_OPT_OPTIONAL_HOLIDAYS : 0, &cal) == 0,
		     "a parsed schedule builds");
		for (int y = first; y <= last; y++) {
			struct cal_entry e[400];
			size_t ne = 0;
			need(cal_year_entries(cal, y, e, 400, &ne) == 0,
			     "entries of a covered year");
			for (size_t i = 0; i < ne && i < 400; i++) {
				enum cal_kind k;
				need(cal_day_kind(cal, e[i].date, &k) == 0,
				     "kind of an entry's day");
				need(k == e[i].kind, "an entry's day has its kind");
				need(e[i].date.year == y, "an entry in its year");
				need(e[i].name != NULL, "an entry has a name");
			}
		}
		cal_calendar_free(cal);
	}
	cal_schedule_free(s);
}

static void hours_and_due(const uint8_t *p, size_t n)
{
	const uint8_t *nl = memchr(p, '\n', n);
	size_t hl = nl ? (size_t)(nl - p) : n;
	char *spec = xstrndup((const char *)p, hl); /* a C string, as argv gives it */
	struct cal_hours *h = NULL;
	int rc = cal_hours_parse(spec, &h);
	free(spec);
	if (rc < 0)
		return;
	const uint8_t *q = nl ? nl + 1 : p + n, *e = p + n;
	/* Instants around 1900..2199 most of the time, anything sometimes. */
	uint64_t raw = take(&q, e, 8);
	int64_t start = (raw & 1) ? (int64_t)raw
				  : (int64_t)(raw >> 1) % (INT64_C(9400000) * 1000000) -
					    INT64_C(2208988800000);
	struct cal_limit lim;
	lim.unit = (enum cal_unit)(take(&q, e, 1) % 5); /* 4: not a unit */
	lim.amount = (int32_t)take(&q, e, 4);
	if (lim.amount > 20000)
		lim.amount %= 20000;
	struct cal_pause pauses[4];
	size_t np = take(&q, e, 1) % 5;
	int64_t at = start;
	for (size_t i = 0; i < np; i++) {
		int64_t gap = (int64_t)(take(&q, e, 4) % (90 * CAL_MS_PER_DAY)) - CAL_MS_PER_DAY;
		int64_t len = (int64_t)(take(&q, e, 4) % (30 * CAL_MS_PER_DAY));
		/* Instants that wrap around are not instants: fewer pauses. */
		if (__builtin_add_overflow(at, gap, &pauses[i].from_ms) ||
		    __builtin_add_overflow(pauses[i].from_ms, len, &pauses[i].to_ms)) {
			np = i;
			break;
		}
		at = pauses[i].to_ms;
	}
	int64_t due = 0;
	rc = cal_due(default_cal, h, start, lim, pauses, np, &due);
	if (rc == 0) {
		need(due >= start, "due is not before the start");
		int64_t office = -1;
		if (np == 0 && lim.amount > 0 &&
		    (lim.unit == CAL_WORKING_HOURS || lim.unit == CAL_WORKING_MINUTES ||
		     lim.unit == CAL_WORKING_DAYS)) {
			int64_t want = lim.amount * (lim.unit == CAL_WORKING_HOURS ? CAL_MS_PER_HOUR
						     : lim.unit == CAL_WORKING_MINUTES
							     ? CAL_MS_PER_MINUTE
							     : CAL_WORKING_DAY_MS);
			need(cal_office_time_between(default_cal, h, start, due, &office) == 0,
			     "office time up to a due time");
			if (office != want)
				fprintf(stderr, "start %lld due %lld office %lld want %lld\n",
					(long long)start, (long long)due, (long long)office,
					(long long)want);
			need(office == want, "the office time until due is the limit");
		}
		bool soon;
		need(cal_is_due_soon(default_cal, h, start, due, &soon) == 0, "due-soon computes");
	}
	cal_hours_free(h);
}

static void dates(const uint8_t *p, size_t n)
{
	const uint8_t *q = p, *e = p + n;
	struct cal_date d = {.year = 1900 + (int)(take(&q, e, 2) % 320),
			     .month = (int)(take(&q, e, 1) % 14),
			     .day = (int)(take(&q, e, 1) % 33)};
	struct cal_lunar l;
	int rc = cal_solar_to_lunar(d, &l);
	/* Solar dates before Tết 1900 fall in lunar year 1899, outside the range. */
	if (rc == 0 && l.year >= CAL_MIN_YEAR) {
		need(cal_date_valid(d), "a converted date is a date");
		struct cal_date back;
		need(cal_lunar_to_solar(l, &back) == 0, "a lunar date converts back");
		need(back.year == d.year && back.month == d.month && back.day == d.day,
		     "solar to lunar and back is the same date");
	}
	struct cal_lunar l2 = {.year = d.year, .month = d.month, .day = d.day, .leap = n & 1};
	struct cal_date s2;
	if (cal_lunar_to_solar(l2, &s2) == 0) {
		struct cal_lunar l3;
		need(cal_solar_to_lunar(s2, &l3) == 0, "a solar date of a lunar one converts");
		need(l3.year == l2.year && l3.month == l2.month && l3.day == l2.day &&
			     l3.leap == l2.leap,
		     "lunar to solar and back is the same date");
	}
	int hour = (int)(take(&q, e, 1) % 26), minute = (int)(take(&q, e, 1) % 62);
	int64_t ms;
	if (cal_ms_from_local(d, hour, minute, &ms) == 0) {
		struct cal_local lo = cal_local_from_ms(ms);
		need(lo.date.year == d.year && lo.date.month == d.month && lo.date.day == d.day &&
			     lo.hour == hour && lo.minute == minute && lo.second == 0,
		     "local time to an instant and back");
		need(cal_days_from_civil(d) == cal_local_day(ms), "day numbers agree");
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (cal_calendar_new(NULL, 0, 0, &default_cal) != 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0]) {
	case 's':
	case 'S':
		schedule(data + 1, size - 1, data[0] == 'S');
		break;
	case 'h':
		hours_and_due(data + 1, size - 1);
		break;
	default:
		dates(data + 1, size - 1);
	}
	return 0;
}
