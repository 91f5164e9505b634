/*
 * cal_days.c — build the days off of 1900..2199 from the Labour Code defaults
 * and official schedules, and answer what kind a day is. Layer: cal/ (pure).
 *
 * A built calendar is three flat tables over every supported day: its kind,
 * the number of working days before it, and the list of working days. The
 * arithmetic in cal_due.c then finds "the n-th working day after d" and "how
 * many working days between" with two array reads, which is what makes due
 * times cheap enough to recompute for every dossier on every list.
 */
#include <stdlib.h>
#include <string.h>

#include "cal/cal_schedule.h"

/* Names of the default holidays (Vietnamese: they are printed to users), and
 * of the compensatory day that replaces each when it falls on a weekend. */
enum hname {
	H_NEW_YEAR,
	H_TET,
	H_HUNG,
	H_VICTORY,
	H_LABOUR,
	H_NATIONAL,
	H_NATIONAL2,
	H_CULTURE,
	H_COUNT
};

static const char *const holiday_name[H_COUNT] = {
	"Tết Dương lịch",
	"Tết Nguyên đán",
	"Giỗ Tổ Hùng Vương",
	"Ngày Chiến thắng",
	"Ngày Quốc tế Lao động",
	"Quốc khánh",
	"Quốc khánh (ngày liền kề)",
	"Ngày Văn hóa Việt Nam",
};

static const char *const compensatory_name[H_COUNT] = {
	"Nghỉ bù Tết Dương lịch",   "Nghỉ bù Tết Nguyên đán",	     "Nghỉ bù Giỗ Tổ Hùng Vương",
	"Nghỉ bù Ngày Chiến thắng", "Nghỉ bù Ngày Quốc tế Lao động", "Nghỉ bù Quốc khánh",
	"Nghỉ bù Quốc khánh",	    "Nghỉ bù Ngày Văn hóa Việt Nam",
};

const char *cal_kind_name(enum cal_kind kind)
{
	switch (kind) {
	case CAL_KIND_WORKING:
		return "working";
	case CAL_KIND_WEEKEND:
		return "weekend";
	case CAL_KIND_HOLIDAY:
		return "holiday";
	case CAL_KIND_COMPENSATORY:
		return "compensatory";
	case CAL_KIND_WORKDAY:
		return "workday";
	}
	return "unknown";
}

bool cal_kind_is_working(enum cal_kind kind)
{
	return kind == CAL_KIND_WORKING || kind == CAL_KIND_WORKDAY;
}

struct builder {
	struct cal_calendar *cal;
	size_t cap;
	/* Holidays of the year being computed that need a compensatory day. */
	int32_t owed[16];
	enum hname owed_name[16];
	int nowed;
};

static int add_named(struct builder *b, int32_t index, enum cal_kind kind, const char *name)
{
	struct cal_calendar *cal = b->cal;
	if (cal->nnamed == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		struct cal_named *n = realloc(cal->named, cap * sizeof *n);
		if (!n)
			return CAL_ENOMEM;
		cal->named = n;
		b->cap = cap;
	}
	cal->named[cal->nnamed++] = (struct cal_named){index, (uint8_t)kind, name};
	return 0;
}

static int32_t day_index(int y, int m, int d)
{
	struct cal_date date = {y, m, d};
	return (int32_t)(cal_days_from_civil(date) - CAL_DAY_FIRST);
}

static bool is_weekend_index(int32_t index)
{
	int wd = cal_weekday(index + CAL_DAY_FIRST);
	return wd == 0 || wd == 6;
}

/* A default holiday; a second holiday on the same day, or one on a weekend, is owed a day. */
static int add_holiday(struct builder *b, int32_t index, enum hname h)
{
	uint8_t *kind = b->cal->kind;
	if (kind[index] == CAL_KIND_HOLIDAY || is_weekend_index(index)) {
		if (b->nowed < (int)(sizeof b->owed / sizeof b->owed[0])) {
			b->owed[b->nowed] = index;
			b->owed_name[b->nowed] = h;
			b->nowed++;
		}
		if (kind[index] == CAL_KIND_HOLIDAY)
			return 0;
	}
	kind[index] = CAL_KIND_HOLIDAY;
	return add_named(b, index, CAL_KIND_HOLIDAY, holiday_name[h]);
}

static int default_year(struct builder *b, int y, unsigned options)
{
	int rc;
	b->nowed = 0;
	if ((rc = add_holiday(b, day_index(y, 1, 1), H_NEW_YEAR)) < 0)
		return rc;
	/* Tết: the last two days of the old lunar year and the first three of the new. */
	int32_t tet = (int32_t)(cal_lunar_new_year_day(y) - CAL_DAY_FIRST);
	for (int i = -2; i <= 2; i++) {
		if ((rc = add_holiday(b, tet + i, H_TET)) < 0)
			return rc;
	}
	struct cal_lunar hung_lunar = {y, 3, 10, false};
	struct cal_date hung;
	if (cal_lunar_to_solar(hung_lunar, &hung) == 0) {
		if ((rc = add_holiday(b, day_index(hung.year, hung.month, hung.day), H_HUNG)) < 0)
			return rc;
	}
	if ((rc = add_holiday(b, day_index(y, 4, 30), H_VICTORY)) < 0)
		return rc;
	if ((rc = add_holiday(b, day_index(y, 5, 1), H_LABOUR)) < 0)
		return rc;
	/* National Day and its adjacent day: 1 Sep, or 3 Sep when 2 Sep is a Monday. */
	int32_t sep2 = day_index(y, 9, 2);
	int32_t second = cal_weekday(sep2 + CAL_DAY_FIRST) == 1 ? sep2 + 1 : sep2 - 1;
	if (second < sep2 && (rc = add_holiday(b, second, H_NATIONAL2)) < 0)
		return rc;
	if ((rc = add_holiday(b, sep2, H_NATIONAL)) < 0)
		return rc;
	if (second > sep2 && (rc = add_holiday(b, second, H_NATIONAL2)) < 0)
		return rc;
	if ((options & CAL_OPT_OPTIONAL_HOLIDAYS) &&
	    (rc = add_holiday(b, day_index(y, 11, 24), H_CULTURE)) < 0)
		return rc;
	/* Art. 111: each owed holiday gets the next working day not already off,
	 * taken in date order so that the earlier holiday gets the earlier day. */
	for (int i = 0; i < b->nowed; i++) {
		for (int j = i + 1; j < b->nowed; j++) {
			if (b->owed[j] < b->owed[i]) {
				int32_t t = b->owed[i];
				enum hname tn = b->owed_name[i];
				b->owed[i] = b->owed[j];
				b->owed_name[i] = b->owed_name[j];
				b->owed[j] = t;
				b->owed_name[j] = tn;
			}
		}
	}
	for (int i = 0; i < b->nowed; i++) {
		int32_t d = b->owed[i] + 1;
		while (d < (int32_t)CAL_NDAYS && b->cal->kind[d] != CAL_KIND_WORKING)
			d++;
		if (d >= (int32_t)CAL_NDAYS)
			break;
		b->cal->kind[d] = CAL_KIND_COMPENSATORY;
		if ((rc = add_named(b, d, CAL_KIND_COMPENSATORY,
				    compensatory_name[b->owed_name[i]])) < 0)
			return rc;
	}
	return 0;
}

static int scheduled_year(struct builder *b, const struct cal_schedule *s, const char *names, int y,
			  unsigned options)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct cal_sched_entry *e = &s->entries[i];
		if (e->year != y)
			continue;
		enum cal_kind kind;
		switch (e->kind) {
		case CAL_SCHED_HOLIDAY:
			kind = CAL_KIND_HOLIDAY;
			break;
		case CAL_SCHED_COMPENSATORY:
			kind = CAL_KIND_COMPENSATORY;
			break;
		case CAL_SCHED_WORKDAY:
			kind = CAL_KIND_WORKDAY;
			break;
		case CAL_SCHED_OPTIONAL:
		default:
			if (!(options & CAL_OPT_OPTIONAL_HOLIDAYS))
				continue;
			kind = CAL_KIND_HOLIDAY;
			break;
		}
		int32_t index = (int32_t)(e->day - CAL_DAY_FIRST);
		b->cal->kind[index] = (uint8_t)kind;
		int rc = add_named(b, index, kind, names + e->name_off);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int cmp_named(const void *a, const void *b)
{
	const struct cal_named *x = a, *y = b;
	return (x->index > y->index) - (x->index < y->index);
}

int cal_calendar_new(const struct cal_schedule *const *schedules, size_t nschedules,
		     unsigned options, struct cal_calendar **out)
{
	int rc = 0;
	if (nschedules > 0 && !schedules)
		return CAL_EINVAL;
	for (size_t i = 0; i < nschedules; i++) {
		if (!schedules[i])
			return CAL_EINVAL;
	}
	struct cal_calendar *cal = calloc(1, sizeof *cal);
	if (!cal)
		return CAL_ENOMEM;
	struct builder b = {.cal = cal};
	size_t pool_len = 0;
	for (size_t i = 0; i < nschedules; i++)
		pool_len += schedules[i]->pool_len;
	cal->kind = malloc(CAL_NDAYS);
	cal->wbefore = malloc((CAL_NDAYS + 1) * sizeof *cal->wbefore);
	cal->pool = malloc(pool_len + 1);
	if (!cal->kind || !cal->wbefore || !cal->pool) {
		rc = CAL_ENOMEM;
		goto out;
	}
	/* Copy every schedule's names; remember where each one's block starts. */
	size_t *base = calloc(nschedules + 1, sizeof *base);
	if (!base) {
		rc = CAL_ENOMEM;
		goto out;
	}
	size_t used = 0;
	for (size_t i = 0; i < nschedules; i++) {
		base[i] = used;
		if (schedules[i]->pool_len)
			memcpy(cal->pool + used, schedules[i]->pool, schedules[i]->pool_len);
		used += schedules[i]->pool_len;
	}

	for (size_t i = 0; i < CAL_NDAYS; i++)
		cal->kind[i] = is_weekend_index((int32_t)i) ? CAL_KIND_WEEKEND : CAL_KIND_WORKING;
	for (int y = CAL_MIN_YEAR; y <= CAL_MAX_YEAR && rc == 0; y++) {
		size_t src = nschedules;
		for (size_t i = 0; i < nschedules; i++) {
			if (schedules[i]->covers[y - CAL_MIN_YEAR])
				src = i;
		}
		if (src == nschedules)
			rc = default_year(&b, y, options);
		else
			rc = scheduled_year(&b, schedules[src], cal->pool + base[src], y, options);
	}
	free(base);
	if (rc < 0)
		goto out;
	qsort(cal->named, cal->nnamed, sizeof *cal->named, cmp_named);

	int32_t nwork = 0;
	for (size_t i = 0; i < CAL_NDAYS; i++) {
		cal->wbefore[i] = nwork;
		nwork += cal_kind_is_working((enum cal_kind)cal->kind[i]);
	}
	cal->wbefore[CAL_NDAYS] = nwork;
	cal->nwork = nwork;
	cal->windex = malloc((size_t)nwork * sizeof *cal->windex + 1);
	if (!cal->windex) {
		rc = CAL_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < CAL_NDAYS; i++) {
		if (cal_kind_is_working((enum cal_kind)cal->kind[i]))
			cal->windex[cal->wbefore[i]] = (int32_t)i;
	}
out:
	if (rc < 0) {
		cal_calendar_free(cal);
		return rc;
	}
	*out = cal;
	return 0;
}

void cal_calendar_free(struct cal_calendar *cal)
{
	if (!cal)
		return;
	free(cal->kind);
	free(cal->wbefore);
	free(cal->windex);
	free(cal->named);
	free(cal->pool);
	free(cal);
}

int cal_day_kind(const struct cal_calendar *cal, struct cal_date d, enum cal_kind *out)
{
	if (!cal_date_valid(d))
		return CAL_EINVAL;
	if (d.year < CAL_MIN_YEAR || d.year > CAL_MAX_YEAR)
		return CAL_ERANGE;
	*out = (enum cal_kind)cal->kind[cal_days_from_civil(d) - CAL_DAY_FIRST];
	return 0;
}

/* First index in named[] with index >= key. */
static size_t lower_bound(const struct cal_calendar *cal, int32_t key)
{
	size_t lo = 0, hi = cal->nnamed;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->named[mid].index < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int cal_year_entries(const struct cal_calendar *cal, int year, struct cal_entry *out, size_t cap,
		     size_t *n)
{
	if (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
		return CAL_ERANGE;
	size_t from = lower_bound(cal, day_index(year, 1, 1));
	size_t to =
		year == CAL_MAX_YEAR ? cal->nnamed : lower_bound(cal, day_index(year + 1, 1, 1));
	for (size_t i = from; i < to && i - from < cap; i++) {
		const struct cal_named *e = &cal->named[i];
		out[i - from].date = cal_civil_from_days(e->index + CAL_DAY_FIRST);
		out[i - from].kind = (enum cal_kind)e->kind;
		out[i - from].name = e->name;
	}
	*n = to - from;
	return 0;
}
