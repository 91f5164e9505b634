/* The walk of svc_monitor.h: read the scope's dossiers once, judge each
 * with kpi_judge() under its processing unit's calendar (fetched once per
 * unit for the walk), hand the judgement to the caller.
 * Layer: svc. */
#include "svc/svc_monitor.h"

#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "base/log.h"
#include "repo/repo_monitor.h"
#include "svc/svc_dossiers_impl.h"

/* The calendars of the units met so far in one walk. A province has tens
 * of processing units, so a linear search is cheap. */
struct cal_set {
	struct svc_calendar *c;
	size_t n, cap;
};

static int cal_of(struct db *db, struct cal_set *s, int64_t unit_id,
		  const struct svc_calendar **out)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].unit_id == unit_id) {
			*out = &s->c[i];
			return 0;
		}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->c = xrealloc(s->c, s->cap * sizeof *s->c);
	}
	int rc = svc_calendar_get(db, unit_id, &s->c[s->n]);
	if (rc < 0)
		return rc;
	*out = &s->c[s->n++];
	return 0;
}

static void cal_set_release(struct cal_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		svc_calendar_put(&s->c[i]);
	free(s->c);
}

/* How a dossier that ended ended, from the state it is in now (every end
 * state is final, and result_ready only moves on to returned). */
static enum kpi_end end_of(const struct monitor_dossier *d)
{
	if (!d->ended_at)
		return KPI_END_NONE;
	if (!strcmp(d->state, "refused"))
		return KPI_END_REFUSED;
	if (!strcmp(d->state, "withdrawn"))
		return KPI_END_WITHDRAWN;
	if (!strcmp(d->state, "stopped"))
		return KPI_END_STOPPED;
	return KPI_END_RESULT;
}

/* The judgement's input for d; pauses go to *buf (grown as needed). */
static void history_of(const struct monitor_dossier *d, const struct svc_calendar *c,
		       struct kpi_pause **buf, size_t *cap, struct kpi_history *h)
{
	if (d->npauses > *cap) {
		*cap = d->npauses * 2;
		*buf = xrealloc(*buf, *cap * sizeof **buf);
	}
	for (size_t i = 0; i < d->npauses; i++)
		(*buf)[i] = (struct kpi_pause){d->pauses[i].from_at, d->pauses[i].to_at,
					       !strcmp(d->pauses[i].kind, "supplement")};
	*h = (struct kpi_history){
		.ref = d->code,
		.channel = d->channel,
		.received_at = d->received_at,
		.ended_at = d->ended_at,
		.end = end_of(d),
		.pauses = *buf,
		.npauses = d->npauses,
		.extension_at = d->extension_at,
		.cal = c->cal,
		.hours = c->hours,
		.limit = limit_to_cal(d->version->limit_unit, d->version->limit_value)};
}

int svc_monitor_too_many(struct db *db)
{
	return db_abort(db, ERR_BAD_QUERY, "to",
			"more dossiers or groups than one report holds: choose a shorter "
			"period or a smaller unit");
}

int svc_monitor_each(struct db *db, struct arena *a, int64_t unit_id, const struct kpi_period *p,
		     int64_t max, svc_monitor_cb cb, void *arg)
{
	struct monitor_dossier *ds;
	size_t n;
	int rc = repo_monitor_dossiers(db, a, unit_id, p->from_ms, p->to_ms, max + 1, &ds, &n);
	if (rc < 0)
		return rc;
	if (n > (size_t)max)
		return svc_monitor_too_many(db);
	struct cal_set cals = {0};
	struct kpi_pause *pauses = NULL;
	size_t cap = 0;
	struct kpi_judgement *j = xmalloc(sizeof *j);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (budget_spent()) {
			rc = db_abort(db, ERR_REQUEST_BUDGET_SPENT, "to",
				      "the report took too long: choose a shorter period");
			break;
		}
		const struct svc_calendar *c = NULL;
		rc = cal_of(db, &cals, ds[i].processing_unit_id, &c);
		if (rc == DB_ABORT) {
			const char *why = db_aborted(db).detail;
			log_error("report: a unit's calendar cannot be used (%s)", why ? why : "-");
			rc = db_abort(db, ERR_INTERNAL, NULL, "a unit's calendar cannot be used");
		}
		if (rc < 0)
			break;
		struct kpi_history h;
		history_of(&ds[i], c, &pauses, &cap, &h);
		if (kpi_judge(&h, p, j) < 0) {
			log_warn("monitoring leaves %s out: %s", ds[i].code, j->reason_en);
			continue;
		}
		if (j->status != KPI_EXCLUDED)
			rc = cb(arg, &ds[i], j);
	}
	free(j);
	free(pauses);
	cal_set_release(&cals);
	return rc;
}
