/* The periodic report's walk (issue 12) over monitoring's ONE reader of
 * dossiers, the indicators' own (svc_kpi.c, repo_kpi.h): the history of
 * each dossier rebuilt from dossier_events (the end of processing is the
 * first of result_ready, returned, stopped, refused, withdrawn: DOMAIN.md
 * 6), judged by core/kpi.h's kpi_judge() with the processing unit's
 * calendar and the procedure version's legal limit (limit_to_cal()), in
 * the same scope (repo_kpi.h: the dossiers the unit or a sub-unit
 * processes). So the report's ended early / on time / late are what
 * 766.2.1's drill-down lists as such (tests/api/stats-agree.test.mjs).
 *
 * Layer: svc. The structs come from model/monitor.h and core/kpi.h.
 */
#ifndef MOTCUA_SVC_SVC_MONITOR_H
#define MOTCUA_SVC_SVC_MONITOR_H

#include "core/kpi.h"
#include "model/monitor.h"
#include "svc/svc.h"

/* Called once per dossier handled in the period (excluded ones are not
 * passed), in dossier id order; d and j are borrowed for the call. A
 * negative return (an enum db_status: DB_ABORT from db_abort(), say)
 * stops the walk and is returned by svc_monitor_each(). */
typedef int (*svc_monitor_cb)(void *arg, const struct monitor_dossier *d,
			      const struct kpi_judgement *j);

/* Walks the dossiers processed by unit_id or a unit below it (0: every
 * unit) handled in period p (those kpi_judge() does not exclude). At most
 * max dossiers are read. A dossier whose due time cannot be computed (a
 * stored limit or pause the calendar refuses) is left out, as the
 * indicators list it excluded. Returns DB_OK, cb's negative return,
 * DB_SOFT / DB_HARD, or DB_ABORT with db_abort()'s error
 * (svc_txn_result()): BAD_QUERY (to) for more than max dossiers
 * (svc_monitor_too_many()), REQUEST_BUDGET_SPENT (to) when the request's
 * time budget ran out, INTERNAL when a unit's calendar cannot be used.
 * Runs outside a transaction on db (a read). Implemented in svc_kpi.c. */
int svc_monitor_each(struct db *db, struct arena *a, int64_t unit_id, const struct kpi_period *p,
		     int64_t max, svc_monitor_cb cb, void *arg) __attribute__((warn_unused_result));

/* The report's sums from the monitoring aggregates (svc_kpi_agg.c): once
 * per (processing unit, procedure version) with a dossier handled in the
 * period, its section 11 columns n[] (svc_report.h's SVC_RC_* order), as
 * svc_monitor_each()'s dossiers counted one by one would give them. Counts
 * the changed subjects first; DB_TOO_MANY (nothing called) when more than
 * SVC_MONITOR_FLUSH_MOST wait (the caller walks). Returns DB_OK, cb's
 * negative return or DB_*. */
#define SVC_MONITOR_FLUSH_MOST 20000
typedef int (*svc_monitor_group_cb)(void *arg, int64_t unit_id, const struct monitor_version *v,
				    const int64_t *n);
int svc_monitor_groups(struct db *db, struct arena *a, int64_t unit_id, const struct kpi_period *p,
		       svc_monitor_group_cb cb, void *arg) __attribute__((warn_unused_result));

/* Gives up as svc_monitor_each() does past max dossiers (db_abort():
 * BAD_QUERY on to, DB_ABORT returned): for a callback that holds too many
 * groups. */
int svc_monitor_too_many(struct db *db) __attribute__((warn_unused_result));

#endif
