/* Monitoring aggregates (issue 12, "Speed"): what one dossier, ticket or
 * rating adds to the counters the indicators and the periodic report sum,
 * so that a period's figures are sums of counters per day, not walks over
 * the dossiers, and equal the walk's (kpi_tally()) exactly.
 *
 * A dossier's counters ("facts") are dated by the instant that puts it in a
 * period's count: received (the indicators over the dossiers received in
 * the period), ended (those ended in it, with how they ended), result and
 * first hand-over. They depend on its history alone (judged at its end),
 * never on the period or the clock. What changes with time without any
 * event — whether a dossier still open is overdue — is not a counter: an
 * open dossier is kept apart (kpi_agg_open()) with the instant it becomes
 * overdue, and judged at the request's now.
 *
 * The facts are a registry (kpi_fact_names[]): a new counted fact is one
 * enum value and one name here, and a line in kpi_agg_dossier() (or the
 * ticket's, the rating's); the stored text names them, so no schema change.
 *
 * Layer: core (pure): the caller stores the facts (kpi_agg_format()) and
 * applies the difference between a subject's old and new facts.
 */
#ifndef MOTCUA_CORE_KPI_AGG_H
#define MOTCUA_CORE_KPI_AGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/kpi_index.h"

enum kpi_fact {
	/* by the day received (history), dossiers not excluded */
	KF_RCV,
	KF_RCV_ONLINE,
	KF_RCV_POST,
	KF_RCV_DIRECT,
	KF_RCV_DIGITIZED,
	KF_RCV_REUSED,
	KF_RCV_LINKED,
	KF_RCV_NORESUB,
	KF_RCV_FEE,	    /* a fee demanded (766.3.6) */
	KF_RCV_PAID_ONLINE, /* and paid online */
	/* by the day received (the dossier's column), online: 766.3.2 */
	KF_PROC_ONLINE,
	/* by the day ended */
	KF_END,
	KF_END_OK,  /* early or on time */
	KF_END_SAT, /* on time and not disliked (766.5.4) */
	KF_END_EARLY,
	KF_END_ONTIME,
	KF_END_LATE,
	KF_END_REFUSED,
	KF_END_WITHDRAWN,
	KF_END_STOPPED,
	KF_END_RESULT,	   /* ended with a result (766.2.2) */
	KF_END_USED_MS,	   /* office time used, ms */
	KF_END_ALLOWED_MS, /* office time allowed, ms */
	KF_EV_N,	   /* evaluated (Circular 01/2018) */
	KF_EV1_S,
	KF_EV1_N,
	KF_EV2_S,
	KF_EV2_N,
	KF_EV3_S,
	KF_EV3_N,
	KF_EV4_S,
	KF_EV4_N,
	KF_EV7_S,
	KF_EV7_N,
	/* by the day of the result */
	KF_RES,
	KF_RES_E,
	KF_RES_RESOLVED,
	KF_RES_DOC,
	KF_RES_DOC_E,
	/* by the day of the first hand-over */
	KF_HAND,
	KF_HAND_E,
	/* tickets: by the day called, by the day finished */
	KF_TK_WAIT,
	KF_TK_WAIT_MS,
	KF_TK_DESK,
	KF_TK_DESK_MS,
	/* current ratings, by the day given */
	KF_RT,
	KF_RT_SAT,
	/* the daily snapshot of a dossier open at a local midnight (received
	 * before it, not ended before it), judged there: each a change, +1 or
	 * -1, dated by the day that begins at that midnight, so that the
	 * dossiers open at the end of a past period are the sum of every
	 * change up to its last day + 1 (kpi_agg_snapshot()) */
	KF_SNAP_OPEN,
	KF_SNAP_OVERDUE,
	KF_SNAP_WAITING,
	KF_SNAP_SAT, /* not overdue and not disliked */
	/* not stored: the dossiers open at the instant judged */
	KF_OPEN,
	KF_OPEN_OK,
	KF_OPEN_SAT,
	KF_OPEN_OVERDUE,
	KF_OPEN_WAITING,
	KF_COUNT
};

/* The stored names ("rcv", "end.ok", ...), by enum kpi_fact. */
extern const char *const kpi_fact_names[KF_COUNT];
/* The fact named name, or -1. */
int kpi_fact_find(const char *name);

/* One counter a subject adds to: its fact, its local day, its value. */
struct kpi_fact_row {
	int fact;
	int64_t day; /* cal_local_day() */
	int64_t value;
};

#define KPI_AGG_MAX 256 /* facts of one subject at most */

/* The period a dossier is judged in for its facts: up to its end (or, open,
 * the instant after the last of its history: kpi_agg_open()). */
void kpi_agg_period(const struct kpi_history *h, struct kpi_period *out);

/* The facts of dossier d, judged in kpi_agg_period() (d->j) with its office
 * times; live_received_at and online: the dossiers table's receipt and
 * channel (766.3.2 counts them as the catalogue reads them). Returns the
 * number written to out (at most KPI_AGG_MAX). */
size_t kpi_agg_dossier(const struct kpi_dossier *d, int64_t live_received_at,
		       struct kpi_fact_row out[KPI_AGG_MAX]);

/* An open dossier (d->j judged in kpi_agg_period()): false when it is not
 * open or excluded; else *overdue_at is the first instant it counts as
 * overdue when judged at it (-1: never while its clock stays paused) and
 * *waiting says its clock is paused. Valid for any instant after its
 * history's last. */
bool kpi_agg_open(const struct kpi_dossier *d, int64_t *overdue_at, bool *waiting);

/* The snapshot's changes (KF_SNAP_*) of dossier d (d->j judged in
 * kpi_agg_period()), appended to out[n..KPI_AGG_MAX): its state judged at
 * each local midnight of its open life, up to its end or, open, up to the
 * instant after its history, and from there on by kpi_agg_open()'s
 * overdue instant. Returns the new count, or KPI_AGG_MAX + 1 when they do
 * not fit (never for a dossier of a few thousand days). */
size_t kpi_agg_snapshot(const struct kpi_dossier *d, struct kpi_fact_row out[KPI_AGG_MAX],
			size_t n);

size_t kpi_agg_ticket(const struct kpi_ticket *t, struct kpi_fact_row out[KPI_AGG_MAX]);
/* current: the rating is the current one (a replaced rating counts no more). */
size_t kpi_agg_rating(const struct kpi_rating *r, bool current,
		      struct kpi_fact_row out[KPI_AGG_MAX]);

/* Facts as stored text, "unit version;name day value;..."; NULL-free.
 * Returns the length written, or -1 when cap is too small. */
int kpi_agg_format(int64_t unit_id, int64_t version_id, const struct kpi_fact_row *f, size_t n,
		   char *out, size_t cap);
/* Parses kpi_agg_format()'s text ("" = no facts: n 0). Unknown names are
 * skipped (a fact retired from the registry). Returns 0, or -1 when
 * malformed. */
int kpi_agg_parse(const char *s, int64_t *unit_id, int64_t *version_id,
		  struct kpi_fact_row out[KPI_AGG_MAX], size_t *n);

/* The indicators' sums from the summed facts tot[] (the open part
 * included) over the procedures' own sums (kpi_sum_facts() over the
 * catalogue): every dossier, ticket and rating indicator from tot. */
void kpi_agg_sums(const int64_t tot[KF_COUNT], struct kpi_sums *inout);

/* Circular 01/2018's per-dossier indices averaged from the facts: the
 * evaluated dossiers, and per index 1..9 the count and the average (0 when
 * the count is 0), as svc_kpi_evaluation reports them. */
void kpi_agg_eval(const int64_t tot[KF_COUNT], int64_t *dossiers, int64_t count[10],
		  double average[10]);

#endif
