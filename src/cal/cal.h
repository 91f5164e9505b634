/*
 * cal.h — Vietnamese working time: civil dates in UTC+7, the Vietnamese lunar
 * calendar, days off (Labour Code defaults overridden by official schedules),
 * office hours per unit, and the arithmetic of due times (DOMAIN.md section 5).
 *
 * Layer: cal/ is pure. It does no I/O, reads no clock and includes only libc
 * headers; callers pass text buffers and instants in. Everything that computes
 * a deadline in motcua (receipt appointment, step due times, due-soon, late)
 * calls cal_due() and the tests below it.
 *
 * Conventions:
 *   - An instant is int64_t UTC Unix milliseconds. Local time is UTC+7 fixed
 *     (Asia/Ho_Chi_Minh has had no daylight saving since 1975; the whole range
 *     uses +7, which is what the lunar calendar is computed for too).
 *   - A "day number" is the count of local days since 1970-01-01 (may be
 *     negative). Supported dates: 1900-01-01 .. 2199-12-31 (CAL_MIN_YEAR ..
 *     CAL_MAX_YEAR); anything outside returns CAL_ERANGE.
 *   - Functions that can fail return 0 or a negative enum cal_error, and write
 *     their result only on success.
 *   - struct cal_calendar and struct cal_hours are immutable once built: any
 *     number of threads may use one object concurrently without locking. The
 *     free functions must not race with users, as usual.
 *   - Parameters are borrowed unless a comment says otherwise.
 */
#ifndef MOTCUA_CAL_H
#define MOTCUA_CAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define CAL_MUST_CHECK __attribute__((warn_unused_result))
#else
#define CAL_MUST_CHECK
#endif

#define CAL_MIN_YEAR 1900
#define CAL_MAX_YEAR 2199

#define CAL_MS_PER_MINUTE INT64_C(60000)
#define CAL_MS_PER_HOUR	  INT64_C(3600000)
#define CAL_MS_PER_DAY	  INT64_C(86400000)
/* Local time minus UTC. */
#define CAL_UTC_OFFSET_MS (7 * CAL_MS_PER_HOUR)
/* A working day is 8 hours of office time (DOMAIN.md 5), whatever the unit's hours. */
#define CAL_WORKING_DAY_MS (8 * CAL_MS_PER_HOUR)
/* Same-day rule: received on a working day before this local time. */
#define CAL_SAME_DAY_CUTOFF_MS (15 * CAL_MS_PER_HOUR)

enum cal_error {
	CAL_EINVAL = -1,   /* malformed argument or text */
	CAL_ERANGE = -2,   /* a date or result outside 1900-01-01 .. 2199-12-31 */
	CAL_ENOMEM = -3,   /* allocation failed */
	CAL_EOVERLAP = -4, /* office periods, seasons or pauses overlap / out of order */
	CAL_ENOENT = -5,   /* lunar date that does not exist (no such leap month, day 30 of a 29-day
			      month) */
};

/* A static English message for an enum cal_error value ("unknown error" otherwise). */
const char *cal_strerror(int err);

/* ------------------------------------------------------------------ civil */

struct cal_date {
	int year;  /* proleptic Gregorian */
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

/* Local date and time of an instant. */
struct cal_local {
	struct cal_date date;
	int hour, minute, second, ms;
};

/* True when d is a real Gregorian date (any year). */
bool cal_date_valid(struct cal_date d);

/* Days since 1970-01-01 of a Gregorian date (no range check; any int year). */
int64_t cal_days_from_civil(struct cal_date d);

/* Inverse of cal_days_from_civil. */
struct cal_date cal_civil_from_days(int64_t days);

/* Day of week of a day number: 0 = Sunday .. 6 = Saturday. */
int cal_weekday(int64_t days);

/* Local day number of an instant (floor division, correct before 1970). */
int64_t cal_local_day(int64_t ms);

/* Local date and time of an instant. */
struct cal_local cal_local_from_ms(int64_t ms);

/* Instant of a local date and time of day. Returns CAL_EINVAL when the date is
 * not a real date or the time fields are out of range; CAL_ERANGE outside the
 * supported years. */
CAL_MUST_CHECK int cal_ms_from_local(struct cal_date d, int hour, int minute, int64_t *ms);

/* ------------------------------------------------------------------ lunar */

struct cal_lunar {
	int year;  /* the Gregorian year in which this lunar year starts */
	int month; /* 1..12 */
	int day;   /* 1..30 */
	bool leap; /* true for the leap (intercalary) month that repeats `month` */
};

/* Lunar date of a solar date, by the astronomical method for UTC+7 (new moons
 * and major solar terms computed as in Meeus, "Astronomical Algorithms", the
 * method of Hồ Ngọc Đức's Vietnamese calendar). Solar dates 1900-01-01 ..
 * 2199-12-31. Errors: CAL_EINVAL (not a date), CAL_ERANGE. Thread-safe. */
CAL_MUST_CHECK int cal_solar_to_lunar(struct cal_date solar, struct cal_lunar *out);

/* Solar date of a lunar date; lunar years 1900..2199. Errors: CAL_EINVAL
 * (month or day out of 1..12/1..30), CAL_ERANGE, CAL_ENOENT (leap requested
 * for a month that is not leap that year, or day 30 of a 29-day month). */
CAL_MUST_CHECK int cal_lunar_to_solar(struct cal_lunar lunar, struct cal_date *out);

/* --------------------------------------------------------------- days off */

enum cal_kind {
	CAL_KIND_WORKING = 0,  /* Monday–Friday, worked */
	CAL_KIND_WEEKEND,      /* Saturday or Sunday, off */
	CAL_KIND_HOLIDAY,      /* a holiday (on any day of the week) */
	CAL_KIND_COMPENSATORY, /* a weekday off: compensation (art. 111) or an official swap */
	CAL_KIND_WORKDAY,      /* a Saturday or Sunday worked by official swap */
};

/* "working", "weekend", "holiday", "compensatory", "workday". */
const char *cal_kind_name(enum cal_kind kind);

/* True for the kinds on which the office works (WORKING, WORKDAY). */
bool cal_kind_is_working(enum cal_kind kind);

/*
 * An official schedule parsed from text, one entry per line:
 *
 *     YYYY-MM-DD <kind> <name>
 *
 * kind is holiday | compensatory | workday | holiday-optional. A
 * holiday-optional entry (24 November, Ngày Văn hóa Việt Nam) is ignored
 * unless the calendar is built with CAL_OPT_OPTIONAL_HOLIDAYS, and is then a
 * holiday. `#` starts a comment; blank lines are skipped; CR before LF is
 * ignored. Fields are separated by spaces or tabs; the name is the rest of
 * the line (UTF-8, no control characters, at most 200 bytes).
 * Checks: a real date in 1900..2199; a workday must be a Saturday or Sunday; a
 * compensatory day must be Monday–Friday; one entry per date.
 * The years a schedule "covers" are the years of its entries.
 */
struct cal_schedule;

struct cal_parse_error {
	int line;	  /* 1-based line of the first error, 0 if none */
	char message[96]; /* lower-case English, what is wrong */
};

/* Parse len bytes of text (need not be NUL-terminated). On success *out is a
 * new schedule owned by the caller (cal_schedule_free). On failure returns
 * CAL_EINVAL (or CAL_ERANGE for a year outside 1900..2199, CAL_ENOMEM) and, if
 * err is not NULL, fills it. */
CAL_MUST_CHECK int cal_schedule_parse(const char *text, size_t len, struct cal_schedule **out,
				      struct cal_parse_error *err);
void cal_schedule_free(struct cal_schedule *s);

/* Range of years with entries; both 0 for an empty schedule. */
void cal_schedule_years(const struct cal_schedule *s, int *first, int *last);

/* Build-time options for cal_calendar_new(). */
#define CAL_OPT_OPTIONAL_HOLIDAYS                                                                  \
	0x1u /* switch on holiday-optional entries and, in computed years, 24 November */

/*
 * The days off of 1900..2199 for one unit. Each year is either the computed
 * default (DOMAIN.md 5: 1 Jan; Tết = last two days of the lunar year and first
 * three of the new; Hùng Kings 10/3 lunar; 30 Apr; 1 May; 2 Sep plus 1 Sep, or
 * 3 Sep when 2 Sep is a Monday; then for each holiday on a weekend the next
 * working day not already off) or, for every year some schedule covers, that
 * schedule's entries alone over the plain Monday–Friday week. When several
 * schedules cover one year the last one in the array wins for that year.
 */
struct cal_calendar;

/* Build a calendar. schedules may be NULL when nschedules is 0; the schedules
 * are only read during the call (names are copied). Costs a few milliseconds
 * and about 1 MB. Errors: CAL_EINVAL, CAL_ENOMEM. */
CAL_MUST_CHECK int cal_calendar_new(const struct cal_schedule *const *schedules, size_t nschedules,
				    unsigned options, struct cal_calendar **out);
void cal_calendar_free(struct cal_calendar *cal);

/* Kind of a local date. Errors: CAL_EINVAL, CAL_ERANGE. */
CAL_MUST_CHECK int cal_day_kind(const struct cal_calendar *cal, struct cal_date d,
				enum cal_kind *out);

/* A day whose kind is not the plain weekly one (holiday, compensatory or
 * workday). name points into the calendar and lives as long as it. */
struct cal_entry {
	struct cal_date date;
	enum cal_kind kind;
	const char *name;
};

/* Copy up to cap entries of a year, sorted by date, into out and set *n to
 * the number that exist (which may exceed cap: call again with a bigger
 * array). Errors: CAL_ERANGE. */
CAL_MUST_CHECK int cal_year_entries(const struct cal_calendar *cal, int year, struct cal_entry *out,
				    size_t cap, size_t *n);

/* ----------------------------------------------------------- office hours */

#define CAL_MAX_PERIODS 6
#define CAL_MAX_SEASONS 6

/* One office period of a day, in minutes after local midnight, start < end <= 1440. */
struct cal_period {
	int start;
	int end;
};

/* Periods that apply from (from_month, from_day) to (to_month, to_day)
 * inclusive, every year; the range may wrap over New Year (10-15 .. 04-14). */
struct cal_season {
	int from_month, from_day, to_month, to_day;
	size_t nperiods;
	struct cal_period periods[CAL_MAX_PERIODS];
};

struct cal_hours;

/* The default hours, 07:30–11:30 and 13:00–17:00. Static; never free it. */
const struct cal_hours *cal_hours_default(void);

/* Build hours from seasons. With one season its date range is ignored (all
 * year). With several, every day of the year (29 Feb included) must belong to
 * exactly one. Periods must be increasing and disjoint (touching is allowed).
 * Errors: CAL_EINVAL (bad field, nothing given), CAL_EOVERLAP (periods or
 * seasons overlap, or a day has no season), CAL_ENOMEM. */
CAL_MUST_CHECK int cal_hours_new(const struct cal_season *seasons, size_t nseasons,
				 struct cal_hours **out);

/* Parse hours from text: "07:30-11:30,13:00-17:00" for all year, or seasons
 * separated by ';', each "MM-DD..MM-DD=periods", e.g.
 * "04-15..10-14=07:00-11:30,13:30-17:00;10-15..04-14=07:30-12:00,13:00-16:30".
 * Errors as cal_hours_new(). */
CAL_MUST_CHECK int cal_hours_parse(const char *spec, struct cal_hours **out);

/* Free hours from cal_hours_new/cal_hours_parse; NULL and the default are ignored. */
void cal_hours_free(struct cal_hours *h);

/* --------------------------------------------------------------- arithmetic */

enum cal_unit {
	CAL_WORKING_DAYS,    /* N × 8 h of office time; 0 = the same-day rule */
	CAL_WORKING_HOURS,   /* N h of office time */
	CAL_WORKING_MINUTES, /* N min of office time (for steps' shares) */
	CAL_CALENDAR_DAYS, /* last day = local date + N, moved to a working day; due at its closing
			    */
};

struct cal_limit {
	enum cal_unit unit;
	int32_t amount; /* >= 0 */
};

/* A pause of the clock [from_ms, to_ms): the dossier waits for the applicant or
 * a payment. Pauses passed together must be sorted and must not overlap. */
struct cal_pause {
	int64_t from_ms;
	int64_t to_ms;
};

/*
 * The due time of a limit started at start_ms (DOMAIN.md 5):
 *  - working days/hours/minutes: office time is counted from start_ms (or the
 *    next period start when outside office hours); due is the instant it is
 *    used up, an exact period end staying that end (17:00, not next morning);
 *  - calendar days: closing time of (local date + N), moved forward to the
 *    next working day while it is not one;
 *  - 0 working days: closing time of the day of receipt if it is a working day
 *    and start is before 15:00, else of the next working day;
 *  - pauses: time stops during each pause that begins before the due time;
 *    the remaining office time (or number of days) is counted again from the
 *    resumption with the same rules. A pause that began before start_ms only
 *    delays the start to its end.
 * Errors: CAL_EINVAL (negative amount, unknown unit, pause ending before it
 * starts), CAL_EOVERLAP (pauses out of order or overlapping), CAL_ERANGE (start
 * or result outside the calendar). Thread-safe; allocation-free.
 */
CAL_MUST_CHECK int cal_due(const struct cal_calendar *cal, const struct cal_hours *hours,
			   int64_t start_ms, struct cal_limit limit, const struct cal_pause *pauses,
			   size_t npauses, int64_t *due_ms);

/* Add office_ms of office time to start_ms (the working-time case of cal_due
 * without pauses). office_ms == 0 gives start_ms. Errors: CAL_EINVAL, CAL_ERANGE. */
CAL_MUST_CHECK int cal_add_office_time(const struct cal_calendar *cal,
				       const struct cal_hours *hours, int64_t start_ms,
				       int64_t office_ms, int64_t *out);

/* Office time in [from_ms, to_ms), negative when to_ms < from_ms (the time
 * overdue). This is the "remaining working time" of a dossier when from_ms
 * is now and to_ms its due time. Errors: CAL_ERANGE. */
CAL_MUST_CHECK int cal_office_time_between(const struct cal_calendar *cal,
					   const struct cal_hours *hours, int64_t from_ms,
					   int64_t to_ms, int64_t *office_ms);

/* True when now is past due (in progress and past due = overdue). */
bool cal_is_overdue(int64_t now_ms, int64_t due_ms);

/* *soon = not overdue and at most one working day (8 h) of office time left.
 * Errors as cal_office_time_between(). */
CAL_MUST_CHECK int cal_is_due_soon(const struct cal_calendar *cal, const struct cal_hours *hours,
				   int64_t now_ms, int64_t due_ms, bool *soon);

enum cal_timeliness {
	CAL_EARLY = -1,	 /* returned on a local date before the due date (trước hạn) */
	CAL_ON_TIME = 0, /* on the due date (đúng hạn) */
	CAL_LATE = 1,	 /* after the due date (quá hạn) */
};

/* Classification of a returned dossier at local-date granularity. */
enum cal_timeliness cal_classify(int64_t returned_ms, int64_t due_ms);

#endif /* MOTCUA_CAL_H */
