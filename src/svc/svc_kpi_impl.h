/* What svc_kpi.c (the walk over the dossiers) and svc_kpi_agg.c (the
 * aggregates) share: one computation's state, the calendars it holds and
 * the aggregates' entry points the walk's callers use. Layer: svc
 * (private). */
#ifndef MOTCUA_SVC_SVC_KPI_IMPL_H
#define MOTCUA_SVC_SVC_KPI_IMPL_H

#include "core/kpi_agg.h"
#include "repo/repo_kpi.h"
#include "svc/svc.h"
#include "svc/svc_monitor.h"

/* Everything one computation reads and decides. */
struct kpi_run {
	struct repo_kpi_scope s;
	struct kpi_period per;
	struct kpi_rule_set rs;
	struct kpi_facts fx;
	struct svc_calendar *cals; /* one per processing unit met */
	size_t ncals, capcals;
	bool budgeted; /* stop when the request's time budget runs out */
};

/* The calendar of unit_id, fetched once per computation (released by
 * svc_kpi_release()). Errors: svc_calendar_get()'s. */
int svc_kpi_calendar_of(struct db *db, struct arena *a, struct kpi_run *run, int64_t unit_id,
			const struct svc_calendar **out) __attribute__((warn_unused_result));
void svc_kpi_release(struct kpi_run *run);
/* Judges k[0..n) for run->per into run->fx.dossiers (svc_kpi.c). */
int svc_kpi_judge(struct db *db, struct arena *a, struct kpi_run *run, struct repo_kpi_dossier *k,
		  size_t n) __attribute__((warn_unused_result));

/* Counts the subjects changed since last counted (kpi_dirty), in
 * transactions of a few hundred, unless more than `most` wait: then
 * DB_TOO_MANY and nothing is done (the caller walks the history instead;
 * the worker counts them). Returns DB_OK or a DB_* status. */
int svc_kpi_agg_flush(struct db *db, int64_t most) __attribute__((warn_unused_result));

/* The summed facts of run's scope (unit, procedure, field, officer) and
 * period into tot[], the open part judged at the earlier of
 * now and the period's end included. The procedures' online dossiers
 * (766.3.2) are written to run->fx.procedures[].online_received.
 * Returns DB_OK, DB_* or DB_ABORT (a calendar). */
int svc_kpi_agg_totals(struct db *db, struct arena *a, struct kpi_run *run, int64_t tot[KF_COUNT])
	__attribute__((warn_unused_result));

#endif
