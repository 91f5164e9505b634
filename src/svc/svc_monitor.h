/* Monitoring's one read of the history (issue 12): every dossier a unit's
 * tree processes in a period, judged by core/kpi.h's kpi_judge() with the
 * processing unit's calendar and office hours and the procedure version's
 * legal limit. The periodic report (svc_report.c) counts through it, and
 * so can any figure that must agree with the report.
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
 * unit) handled in period p: received before its end and not ended before
 * its start. At most max dossiers are read. A dossier whose due time cannot
 * be computed (a stored limit or pause the calendar refuses) is logged and
 * left out. Returns DB_OK, cb's negative return, DB_SOFT / DB_HARD, or
 * DB_ABORT with db_abort()'s error (svc_txn_result()): BAD_QUERY (to) for
 * more than max dossiers (svc_monitor_too_many()), REQUEST_BUDGET_SPENT
 * (to) when the request's time budget ran out, INTERNAL when a unit's
 * calendar cannot be used. Runs outside a transaction on db (a read). */
int svc_monitor_each(struct db *db, struct arena *a, int64_t unit_id, const struct kpi_period *p,
		     int64_t max, svc_monitor_cb cb, void *arg) __attribute__((warn_unused_result));

/* Gives up as svc_monitor_each() does past max dossiers (db_abort():
 * BAD_QUERY on to, DB_ABORT returned): for a callback that holds too many
 * groups. */
int svc_monitor_too_many(struct db *db) __attribute__((warn_unused_result));

#endif
