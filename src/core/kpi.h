/* Monitoring (issue 12, DOMAIN.md sections 5, 6, 8, 10, 11): the judgement
 * of one dossier for one period, from a plain summary of its history.
 * Every indicator, the periodic report and every drill-down list count
 * dossiers through kpi_judge(), so that a figure and the list that proves it
 * cannot disagree.
 *
 * Layer: core (pure). No I/O; the due time is computed by cal/ (cal_due()
 * with the dossier's clock pauses, the same function that set the due time
 * when the dossier was live), never re-implemented here.
 *
 * A period is [from 00:00, to 24:00) local time (UTC+7), as instants
 * [from_ms, to_ms). Decisions (motcua, following DOMAIN.md 6 and 8):
 *   - a dossier never received (submitted online and not accepted, refused
 *     at receipt, waiting for a supplement before receipt) is excluded: its
 *     legal clock never started;
 *   - received after the period, or ended before it: excluded;
 *   - otherwise it is handled in the period: received in it (new) or
 *     before it and still open at its start (carried over);
 *   - the end of processing is the first of result_ready, returned,
 *     stopped, refused, withdrawn; a dossier that ended after the period is
 *     judged open at the instant judged: the EARLIER of the period's end
 *     and now (the injected clock, kpi_period.now_ms), so that a period
 *     reaching into the future never judges an open dossier at a moment
 *     that has not come;
 *   - the due time is the ORIGINAL one: received_at plus the procedure's
 *     limit, with the clock pauses (supplement, payment) subtracted, each
 *     cut at the instant judged; an extension (Form 04) never moves it;
 *   - late, whatever the dates: more than one supplement request during
 *     processing, or an extension requested (Form 04 counts as late);
 *   - else an ended dossier is early / on time / late at date granularity
 *     (cal_classify()); an open one is overdue when the instant judged is
 *     past its due time, else not yet due.
 */
#ifndef MOTCUA_CORE_KPI_H
#define MOTCUA_CORE_KPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cal/cal.h"

struct kpi_period {
	int64_t from_ms, to_ms; /* [from 00:00, to 24:00) local, as UTC ms */
	int64_t now_ms;		/* when the figures are computed (clock_now_ms());
				   0 = judge open dossiers at to_ms */
};

/* The period of local dates from .. to (both included), computed at now_ms
 * (the injected clock; 0 = none). Errors: CAL_EINVAL (not a date, or from
 * after to), CAL_ERANGE. */
CAL_MUST_CHECK int kpi_period_of(struct cal_date from, struct cal_date to, int64_t now_ms,
				 struct kpi_period *out);

enum kpi_end {
	KPI_END_NONE = 0,  /* not ended (at the instant judged) */
	KPI_END_RESULT,	   /* result_ready or returned */
	KPI_END_REFUSED,   /* refused during processing (or at receipt: then never received) */
	KPI_END_WITHDRAWN, /* withdrawn by the applicant */
	KPI_END_STOPPED,   /* Form 05 */
};

/* A pause of the legal clock after receipt. */
struct kpi_pause {
	int64_t from_at, to_at; /* to_at 0 = still paused */
	bool supplement;	/* true: waiting for a supplement; false: for a payment */
};

/* What kpi_judge() needs of a dossier's history (built by the repository
 * from its events, or by hand in the tests). Strings and arrays borrowed. */
struct kpi_history {
	const char *ref;     /* dossier code */
	const char *channel; /* direct | online | post */
	int64_t received_at; /* the clock started (Form 01); 0 = never */
	int64_t ended_at;    /* the end of processing; 0 = not ended */
	enum kpi_end end;
	const struct kpi_pause *pauses; /* sorted, not overlapping */
	size_t npauses;
	int64_t extension_at; /* Form 04 requested; 0 = never */
	/* The legal limit and the processing unit's working time. */
	const struct cal_calendar *cal;
	const struct cal_hours *hours;
	struct cal_limit limit;
};

enum kpi_status {
	KPI_EXCLUDED = 0, /* not handled in the period: see the reason */
	KPI_ENDED,	  /* ended in the period */
	KPI_OPEN,	  /* open at the period's end */
};

enum kpi_outcome {
	KPI_NO_OUTCOME = 0,
	KPI_EARLY,
	KPI_ON_TIME,
	KPI_LATE,
	KPI_NOT_DUE, /* open, not yet due at the period's end */
	KPI_OVERDUE, /* open and past its due time at the period's end */
};

#define KPI_REASON_MAX 200

struct kpi_judgement {
	enum kpi_status status;
	bool received_in_period; /* new in the period (else carried over, if not excluded) */
	bool carried_over;	 /* received before the period, open at its start */
	enum kpi_end end;	 /* how it ended, when status is KPI_ENDED */
	enum kpi_outcome outcome;
	bool on_time;	   /* counts in 766.2.1's numerator: early, on time or not due */
	bool waiting;	   /* open and its clock paused at the period's end */
	int supplements;   /* supplement requests during processing, by the instant judged */
	int64_t due_at;	   /* the original due time, pauses subtracted; 0 if excluded */
	int64_t judged_at; /* ended_at, or the earlier of the period's end and now */
	bool judged_now;   /* open and judged at now (the period's end is still to come) */
	char reason_vi[KPI_REASON_MAX], reason_en[KPI_REASON_MAX];
};

/* Judges h for period p into *out (always filled, reasons included).
 * Errors: the cal_due() errors (CAL_EINVAL for a bad limit or pauses,
 * CAL_EOVERLAP, CAL_ERANGE); *out then says "excluded" with the error. */
CAL_MUST_CHECK int kpi_judge(const struct kpi_history *h, const struct kpi_period *p,
			     struct kpi_judgement *out);

/* The office time used from receipt to the instant judged and the office
 * time allowed from receipt to the due time, both without the pauses
 * (766.2.2). 0 and 0 for an excluded dossier. Errors: CAL_ERANGE. */
CAL_MUST_CHECK int kpi_office_times(const struct kpi_history *h, const struct kpi_judgement *j,
				    int64_t *used, int64_t *allowed);

/* "result", "refused", "withdrawn", "stopped", "" for none. */
const char *kpi_end_name(enum kpi_end e);
/* "early", "on_time", "late", "not_due", "overdue", "" for none. */
const char *kpi_outcome_name(enum kpi_outcome o);

#endif
