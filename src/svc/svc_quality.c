/* The public service quality of a unit (issue 12, like the national
 * portal's service-quality page): a month's on-time rate, online share,
 * satisfaction and average waiting, nothing else. The figures are the
 * plan's targets computed by svc_kpi_indicators() (one formula for the
 * dashboard and the public), for the unit and its sub-units, from the 1st
 * of the month to today (UTC+7) for this month, to its last day for a
 * past one (at most SVC_QUALITY_MONTHS_BACK months back).
 *
 * The address needs no log-in, so a computation (up to the indicators'
 * row cap) is not made per visit: the figures of a unit are kept
 * SVC_QUALITY_TTL_MS in a direct-mapped table of QUALITY_SLOTS entries (by
 * unit id; a collision evicts), under one mutex. The lookup of the unit
 * itself (one indexed row) is made every time, so an unknown code is
 * refused at once and never computed.
 *
 * Layer: svc. Thread-safe. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "svc/svc.h"

#define QUALITY_SLOTS 64

static const char *const quality_keys[SVC_QUALITY_N] = {"plan.on_time", "plan.online_share",
							"plan.satisfaction", "plan.wait_minutes"};

struct quality_slot {
	int64_t unit_id;  /* 0: empty */
	int64_t built_ns; /* clock_mono_ns() when computed */
	char from[11], to[11];
	struct svc_quality_figure fig[SVC_QUALITY_N];
};

static struct quality_slot slots[QUALITY_SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of a unit's month: months of one unit spread over the table. */
static size_t slot_of(int64_t unit_id, const char *from)
{
	uint64_t h = (uint64_t)unit_id * 31u;
	for (const char *c = from; *c; c++)
		h = h * 131u + (unsigned char)*c;
	return (size_t)(h % QUALITY_SLOTS);
}

/* A fresh entry of unit_id for the period from..to, copied to out. */
static bool cache_get(int64_t unit_id, const char *from, const char *to, struct svc_quality *out)
{
	bool hit = false;
	int64_t now = clock_mono_ns();
	pthread_mutex_lock(&slots_lock);
	const struct quality_slot *s = &slots[slot_of(unit_id, from)];
	if (s->unit_id == unit_id && !strcmp(s->from, from) && !strcmp(s->to, to) &&
	    now - s->built_ns >= 0 && now - s->built_ns < (int64_t)SVC_QUALITY_TTL_MS * 1000000) {
		memcpy(out->fig, s->fig, sizeof out->fig);
		hit = true;
	}
	pthread_mutex_unlock(&slots_lock);
	return hit;
}

static void cache_put(int64_t unit_id, int64_t built_ns, const struct svc_quality *q)
{
	pthread_mutex_lock(&slots_lock);
	struct quality_slot *s = &slots[slot_of(unit_id, q->from)];
	s->unit_id = unit_id;
	s->built_ns = built_ns;
	snprintf(s->from, sizeof s->from, "%s", q->from);
	snprintf(s->to, sizeof s->to, "%s", q->to);
	memcpy(s->fig, q->fig, sizeof s->fig);
	pthread_mutex_unlock(&slots_lock);
}

void svc_quality_cache_clear(void)
{
	pthread_mutex_lock(&slots_lock);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&slots_lock);
}

/* The four figures out of the indicators' report. */
static void pick(const struct kpi_result *res, struct svc_quality *out)
{
	for (size_t k = 0; k < SVC_QUALITY_N; k++) {
		struct svc_quality_figure *f = &out->fig[k];
		memset(f, 0, sizeof *f);
		f->key = quality_keys[k];
		for (size_t i = 0; i < res->nfigures; i++) {
			const struct kpi_figure *x = &res->figures[i];
			if (strcmp(x->def->key, f->key) != 0)
				continue;
			f->has_rate = x->has_rate;
			f->rate = x->rate;
			f->count = x->denominator;
			f->has_target = x->has_threshold;
			f->target = x->threshold;
		}
	}
}

/* The month asked ("YYYY-MM"; NULL: this month) into out's month, from and
 * to: this month up to today, a past one whole, at most
 * SVC_QUALITY_MONTHS_BACK before this one. */
static struct svc_result month_of(const char *month, struct cal_date today, struct svc_quality *out)
{
	int y = today.year, m = today.month;
	if (month) {
		char end = 0;
		if (strlen(month) != 7 || month[4] != '-' ||
		    sscanf(month, "%4d-%2d%c", &y, &m, &end) != 2 || m < 1 || m > 12 ||
		    month[5] < '0' || month[5] > '9' || month[0] < '0' || month[0] > '9')
			return svc_fail(ERR_BAD_QUERY, "month", "YYYY-MM");
		int back = (today.year - y) * 12 + today.month - m;
		if (back < 0)
			return svc_fail(ERR_BAD_QUERY, "month",
					"a month to come has no figures: this month or one before");
		if (back > SVC_QUALITY_MONTHS_BACK)
			return svc_fail(ERR_BAD_QUERY, "month",
					"at most 24 months before this one");
	}
	int last = today.day;
	if (y != today.year || m != today.month)
		for (last = 31; last > 28 && !cal_date_valid((struct cal_date){y, m, last});)
			last--;
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)last % 100u;
	snprintf(out->month, sizeof out->month, "%04u-%02u", uy, um);
	snprintf(out->from, sizeof out->from, "%04u-%02u-01", uy, um);
	snprintf(out->to, sizeof out->to, "%04u-%02u-%02u", uy, um, ud);
	return svc_ok();
}

struct svc_result svc_quality_get(struct db *db, struct arena *a, const char *unit,
				  const char *month, int64_t now_ms, struct svc_quality *out)
{
	memset(out, 0, sizeof *out);
	if (!unit || !*unit)
		return svc_fail(ERR_BAD_QUERY, "unit", "a unit code");
	struct svc_result r = month_of(month, cal_local_from_ms(now_ms).date, out);
	if (r.code == ERR_NONE)
		r = svc_unit_by_code(db, a, unit, &out->unit);
	if (r.code != ERR_NONE)
		return r;
	if (cache_get(out->unit.id, out->from, out->to, out))
		return svc_ok();
	int64_t built_ns = clock_mono_ns();
	struct svc_kpi_query q = {.unit = out->unit.code, .from = out->from, .to = out->to};
	struct svc_kpi_report rep;
	r = svc_kpi_indicators(db, a, NULL, &q, &rep);
	if (r.code != ERR_NONE)
		return r;
	pick(&rep.result, out);
	cache_put(out->unit.id, built_ns, out);
	return svc_ok();
}
