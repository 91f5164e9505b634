/*
 * cal_due.c — working-time arithmetic: due times, office time between two
 * instants, due-soon, overdue and timeliness (DOMAIN.md 5). Layer: cal/ (pure).
 *
 * Everything is done on a local day index plus milliseconds into the day.
 * Whole working days are skipped with the calendar's tables (n-th working day
 * after a day, working days before a day), so a due time costs a handful of
 * array reads however long the limit; only hours that change by season make
 * the code walk day by day (over working days only).
 */
#include "cal/cal_internal.h"

struct at {
	int64_t idx; /* day index */
	int64_t tod; /* ms after local midnight */
};

static int locate(int64_t ms, struct at *a)
{
	int64_t day = cal_local_day(ms);
	if (day < CAL_DAY_FIRST || day >= CAL_DAY_END)
		return CAL_ERANGE;
	a->idx = day - CAL_DAY_FIRST;
	a->tod = ms + CAL_UTC_OFFSET_MS - day * CAL_MS_PER_DAY;
	return 0;
}

static int64_t instant(int64_t idx, int64_t tod)
{
	return (idx + CAL_DAY_FIRST) * CAL_MS_PER_DAY + tod - CAL_UTC_OFFSET_MS;
}

static bool working(const struct cal_calendar *cal, int64_t idx)
{
	return cal_kind_is_working((enum cal_kind)cal->kind[idx]);
}

static const struct cal_dayhours *hours_at(const struct cal_hours *h, int64_t idx)
{
	return cal_hours_of_day(h, idx + CAL_DAY_FIRST);
}

/* Office ms of a day at or after tod. */
static int64_t office_after(const struct cal_dayhours *h, int64_t tod)
{
	int64_t sum = 0;
	for (int i = 0; i < h->nperiods; i++) {
		if (h->end[i] > tod)
			sum += h->end[i] - (h->start[i] > tod ? h->start[i] : tod);
	}
	return sum;
}

/* Time of day when r office ms counted from tod are used up; 0 < r <= office_after(). */
static int64_t office_end(const struct cal_dayhours *h, int64_t tod, int64_t r)
{
	for (int i = 0; i < h->nperiods; i++) {
		if (h->end[i] <= tod)
			continue;
		int64_t s = h->start[i] > tod ? h->start[i] : tod;
		int64_t avail = h->end[i] - s;
		if (r <= avail)
			return s + r;
		r -= avail;
	}
	return h->close;
}

/* Index in windex[] of the first working day at or after idx (may be nwork). */
static int64_t first_working_from(const struct cal_calendar *cal, int64_t idx)
{
	return idx >= (int64_t)CAL_NDAYS ? cal->nwork : cal->wbefore[idx];
}

int cal_add_office_time(const struct cal_calendar *cal, const struct cal_hours *hours,
			int64_t start_ms, int64_t office_ms, int64_t *out)
{
	struct at a;
	if (office_ms < 0)
		return CAL_EINVAL;
	int rc = locate(start_ms, &a);
	if (rc < 0)
		return rc;
	if (office_ms == 0) {
		*out = start_ms;
		return 0;
	}
	int64_t r = office_ms;
	if (working(cal, a.idx)) {
		const struct cal_dayhours *h = hours_at(hours, a.idx);
		int64_t avail = office_after(h, a.tod);
		if (r <= avail) {
			*out = instant(a.idx, office_end(h, a.tod, r));
			return 0;
		}
		r -= avail;
	}
	int64_t j = first_working_from(cal, a.idx + 1);
	if (hours->nseasons == 1) {
		/* Same hours every day: skip whole days at once, finish inside day j. */
		int64_t per_day = hours->season[0].total;
		int64_t skip = (r - 1) / per_day;
		j += skip;
		r -= skip * per_day;
		if (j >= cal->nwork)
			return CAL_ERANGE;
		*out = instant(cal->windex[j], office_end(&hours->season[0], 0, r));
		return 0;
	}
	for (; j < cal->nwork; j++) {
		const struct cal_dayhours *h = hours_at(hours, cal->windex[j]);
		if (r <= h->total) {
			*out = instant(cal->windex[j], office_end(h, 0, r));
			return 0;
		}
		r -= h->total;
	}
	return CAL_ERANGE;
}

/* Office ms in [a, b) for a <= b. */
static int64_t between(const struct cal_calendar *cal, const struct cal_hours *hours, struct at a,
		       struct at b)
{
	if (a.idx == b.idx) {
		if (!working(cal, a.idx))
			return 0;
		const struct cal_dayhours *h = hours_at(hours, a.idx);
		return office_after(h, a.tod) - office_after(h, b.tod);
	}
	int64_t sum = 0;
	if (working(cal, a.idx))
		sum += office_after(hours_at(hours, a.idx), a.tod);
	if (working(cal, b.idx)) {
		const struct cal_dayhours *h = hours_at(hours, b.idx);
		sum += h->total - office_after(h, b.tod);
	}
	int64_t j0 = cal->wbefore[a.idx + 1], j1 = cal->wbefore[b.idx];
	if (hours->nseasons == 1)
		return sum + (j1 - j0) * hours->season[0].total;
	for (int64_t j = j0; j < j1; j++)
		sum += hours_at(hours, cal->windex[j])->total;
	return sum;
}

int cal_office_time_between(const struct cal_calendar *cal, const struct cal_hours *hours,
			    int64_t from_ms, int64_t to_ms, int64_t *office_ms)
{
	struct at a, b;
	int rc = locate(from_ms, &a);
	if (rc == 0)
		rc = locate(to_ms, &b);
	if (rc < 0)
		return rc;
	*office_ms = from_ms <= to_ms ? between(cal, hours, a, b) : -between(cal, hours, b, a);
	return 0;
}

/* Closing time of the j-th working day. */
static int close_of(const struct cal_calendar *cal, const struct cal_hours *hours, int64_t j,
		    int64_t *out)
{
	if (j >= cal->nwork)
		return CAL_ERANGE;
	int64_t idx = cal->windex[j];
	*out = instant(idx, hours_at(hours, idx)->close);
	return 0;
}

static int same_day(const struct cal_calendar *cal, const struct cal_hours *hours, int64_t start_ms,
		    int64_t *out)
{
	struct at a;
	int rc = locate(start_ms, &a);
	if (rc < 0)
		return rc;
	/* Received after an early closing (before the cut-off): the office
	 * has closed for the day, so the next working day. */
	bool today = working(cal, a.idx) && a.tod < CAL_SAME_DAY_CUTOFF_MS &&
		     a.tod < hours_at(hours, a.idx)->close;
	int64_t j = today ? cal->wbefore[a.idx] : first_working_from(cal, a.idx + 1);
	return close_of(cal, hours, j, out);
}

static int calendar_days(const struct cal_calendar *cal, const struct cal_hours *hours,
			 int64_t start_ms, int64_t ndays, int64_t *out)
{
	struct at a;
	int rc = locate(start_ms, &a);
	if (rc < 0)
		return rc;
	if (a.idx + ndays >= (int64_t)CAL_NDAYS)
		return CAL_ERANGE;
	int64_t j = first_working_from(cal, a.idx + ndays);
	/* 0 days, received after closing: never due before it was received. */
	if (j < cal->nwork && cal->windex[j] == a.idx && a.tod >= hours_at(hours, a.idx)->close)
		j++;
	return close_of(cal, hours, j, out);
}

enum mode { OFFICE, SAME_DAY, DAYS };

struct clock {
	enum mode mode;
	int64_t left; /* office ms, or calendar days */
};

static int due_from(const struct cal_calendar *cal, const struct cal_hours *hours, struct clock c,
		    int64_t start_ms, int64_t *out)
{
	switch (c.mode) {
	case OFFICE:
		return cal_add_office_time(cal, hours, start_ms, c.left, out);
	case SAME_DAY:
		return same_day(cal, hours, start_ms, out);
	case DAYS:
	default:
		return calendar_days(cal, hours, start_ms, c.left, out);
	}
}

int cal_due(const struct cal_calendar *cal, const struct cal_hours *hours, int64_t start_ms,
	    struct cal_limit limit, const struct cal_pause *pauses, size_t npauses, int64_t *due_ms)
{
	struct clock c;
	if (limit.amount < 0 || (npauses > 0 && !pauses))
		return CAL_EINVAL;
	switch (limit.unit) {
	case CAL_WORKING_DAYS:
		c.mode = limit.amount == 0 ? SAME_DAY : OFFICE;
		c.left = limit.amount * CAL_WORKING_DAY_MS;
		break;
	case CAL_WORKING_HOURS:
		c.mode = OFFICE;
		c.left = limit.amount * CAL_MS_PER_HOUR;
		break;
	case CAL_WORKING_MINUTES:
		c.mode = OFFICE;
		c.left = limit.amount * CAL_MS_PER_MINUTE;
		break;
	case CAL_CALENDAR_DAYS:
		c.mode = DAYS;
		c.left = limit.amount;
		break;
	default:
		return CAL_EINVAL;
	}
	for (size_t i = 0; i < npauses; i++) {
		if (pauses[i].to_ms < pauses[i].from_ms)
			return CAL_EINVAL;
		if (i > 0 && pauses[i].from_ms < pauses[i - 1].to_ms)
			return CAL_EOVERLAP;
	}

	int64_t cur = start_ms;
	int64_t due;
	int rc;
	for (size_t i = 0; i < npauses; i++) {
		const struct cal_pause *p = &pauses[i];
		if (p->to_ms <= cur)
			continue; /* over before the clock started */
		if (p->from_ms <= cur) {
			cur = p->to_ms; /* the clock starts when this pause ends */
			continue;
		}
		if ((rc = due_from(cal, hours, c, cur, &due)) < 0)
			return rc;
		if (due <= p->from_ms) {
			*due_ms = due;
			return 0;
		}
		/* Time ran until the pause: keep what is left for after it. */
		if (c.mode == OFFICE) {
			int64_t used;
			if ((rc = cal_office_time_between(cal, hours, cur, p->from_ms, &used)) < 0)
				return rc;
			c.left -= used;
		} else if (c.mode == DAYS) {
			int64_t used = cal_local_day(p->from_ms) - cal_local_day(cur);
			c.left = c.left > used ? c.left - used : 0;
		}
		cur = p->to_ms;
	}
	if ((rc = due_from(cal, hours, c, cur, &due)) < 0)
		return rc;
	*due_ms = due;
	return 0;
}

bool cal_is_overdue(int64_t now_ms, int64_t due_ms)
{
	return now_ms > due_ms;
}

int cal_is_due_soon(const struct cal_calendar *cal, const struct cal_hours *hours, int64_t now_ms,
		    int64_t due_ms, bool *soon)
{
	if (now_ms > due_ms) {
		*soon = false;
		return 0;
	}
	int64_t left;
	int rc = cal_office_time_between(cal, hours, now_ms, due_ms, &left);
	if (rc < 0)
		return rc;
	*soon = left <= CAL_WORKING_DAY_MS;
	return 0;
}

enum cal_timeliness cal_classify(int64_t returned_ms, int64_t due_ms)
{
	int64_t r = cal_local_day(returned_ms), d = cal_local_day(due_ms);
	return r < d ? CAL_EARLY : r == d ? CAL_ON_TIME : CAL_LATE;
}
