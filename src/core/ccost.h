/* Compliance cost of a procedure (chi phí tuân thủ TTHC, Circular 02/2017,
 * DOMAIN.md section 9, issue 14): what one performance of a procedure
 * costs its applicant, and what a simplification saves.
 *
 *   cost once   = Σ over the activities (seconds × times) × income per hour
 *                 + fees + other costs
 *   cost a year = cost once × dossiers a year
 *   saving      = cost a year before − cost a year after, and its percent
 *                 of the cost before.
 *
 * The activities (prepare, travel, wait, at the counter, come back for the
 * result, supplement) have a duration of one occurrence and a number of
 * occurrences per dossier. motcua measures from its own history what it
 * can (ccost_activities[] says which, ccost_fill() fills it): the mean wait
 * and counter time of the queue visits linked to the procedure's
 * dossiers, the visits, supplements and results handed back at the desk
 * per dossier, the number of dossiers a year; the reviewer declares the
 * rest, and a measurable field with no sample (no visit seen) too.
 *
 * Integers throughout: durations in seconds, occurrences in thousandths,
 * money in whole đồng. Rounding, stated once: the labour of one
 * performance is rounded half up to the whole đồng (before fees are
 * added), the cost a year is that cost times the dossiers a year, exactly;
 * a percent is rounded half away from zero to a hundredth (basis points);
 * a measured mean to the nearest second, a measured rate to the nearest
 * thousandth, half up.
 *
 * Layer: core (pure): no I/O, libc only. Thread-safe.
 */
#ifndef MOTCUA_CORE_CCOST_H
#define MOTCUA_CORE_CCOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ccost_act {
	CCOST_PREPARE,	  /* preparing the dossier (declared) */
	CCOST_TRAVEL,	  /* one trip to the desk (declared); trips measured */
	CCOST_WAIT,	  /* waiting in the queue (measured); per visit */
	CCOST_COUNTER,	  /* at the counter (measured); per visit */
	CCOST_RESULT,	  /* coming back for the result (declared); returns measured */
	CCOST_SUPPLEMENT, /* preparing a supplement (declared); supplements measured */
	CCOST_NACT
};

struct ccost_act_def {
	const char *key; /* "prepare", …: the API's and the database's name */
	const char *name_vi, *name_en;
	bool seconds_measured; /* the duration of one occurrence comes from history */
	bool times_measured;   /* the occurrences per dossier come from history */
};

/* By enum ccost_act. */
extern const struct ccost_act_def ccost_activities[CCOST_NACT];

/* "wait" → CCOST_WAIT; -1 for anything else. */
int ccost_act_parse(const char *key);

/* The bounds of every input, checked by ccost_compute() (and by the API
 * before it): with them no product below overflows 64 bits. */
#define CCOST_MAX_SECONDS     INT64_C(3600000)	  /* 1000 hours for one occurrence */
#define CCOST_MAX_TIMES_MILLI INT64_C(100000)	  /* 100 occurrences per dossier */
#define CCOST_MAX_INCOME      INT64_C(1000000)	  /* đồng per hour */
#define CCOST_MAX_MONEY	      INT64_C(1000000000) /* fees, other costs: đồng per performance */
#define CCOST_MAX_DOSSIERS    INT64_C(10000000)	  /* a year */
/* One activity's time a dossier as declared (seconds × times): 1000 hours. */
#define CCOST_MAX_ACT_SECONDS INT64_C(3600000)

enum ccost_error { CCOST_OK = 0, CCOST_ERANGE = -1 };

/* What the history of a procedure (or one version of it) holds for a
 * period: the repository counts, ccost_fill() turns it into inputs. */
struct ccost_measure {
	int64_t period_days;	    /* the period's length, ≥ 1 */
	int64_t dossiers;	    /* received in the period */
	int64_t visits;		    /* queue tickets linked to those dossiers */
	int64_t waits;		    /* of the visits, those called */
	int64_t wait_ms;	    /* Σ call − issue over those */
	int64_t served;		    /* of the visits, those served (handling time > 0) */
	int64_t counter_ms;	    /* Σ handling time over those */
	int64_t supplements;	    /* supplement requests on those dossiers */
	int64_t direct_supplements; /* of which on dossiers handed in at the desk */
	int64_t desk_returns;	    /* results handed back at the desk */
	int64_t results;	    /* dossiers with a result */
	int64_t result_ms;	    /* Σ result − receipt over those */
};

struct ccost_item {
	int64_t seconds;		       /* one occurrence */
	int64_t times_milli;		       /* occurrences per dossier × 1000 */
	bool seconds_measured, times_measured; /* the value came from history */
};

struct ccost_input {
	struct ccost_item act[CCOST_NACT];
	int64_t income_per_hour;   /* đồng: the year's parameter */
	int64_t fees;		   /* đồng per performance (phí, lệ phí) */
	int64_t other;		   /* đồng per performance: notarisation, services, printing */
	int64_t dossiers_per_year; /* measured when ccost_fill() had a period */
	bool dossiers_measured;
};

/* Overwrites in in the fields history measures, where m has a sample for
 * them, and marks them measured; leaves the declared ones (and measured
 * ones without a sample: no visit, no dossier) as they were:
 *   wait, counter: seconds = mean of the called / served visits; times =
 *     visits per dossier;
 *   travel: times = (visits + desk returns + supplements of direct
 *     dossiers) per dossier, one trip each;
 *   result: times = desk returns per dossier;
 *   supplement: times = supplements per dossier;
 *   dossiers a year = dossiers × 365 / period_days (half up).
 * Values above the bounds are clamped to them. */
void ccost_fill(const struct ccost_measure *m, struct ccost_input *in);

/* The mean time from receipt to result in m, in whole hours (half up); -1
 * without a result. Shown beside the cost: the applicant waits, but does
 * not work, for it. */
int64_t ccost_result_hours(const struct ccost_measure *m);

struct ccost_result {
	int64_t seconds_once; /* Σ seconds × times over the activities, whole seconds (half up) */
	int64_t labour_once;  /* đồng, half up */
	int64_t cost_once;    /* labour + fees + other */
	int64_t cost_year;    /* cost once × dossiers a year */
};

/* The cost of in. CCOST_ERANGE (out zeroed) when an input is negative or
 * above its bound. */
int ccost_compute(const struct ccost_input *in, struct ccost_result *out)
	__attribute__((warn_unused_result));

/* A simplification's changes to the inputs: each has_ field replaces its
 * value; what is not changed stays as measured or declared before. */
struct ccost_change {
	bool has_seconds[CCOST_NACT], has_times[CCOST_NACT];
	int64_t seconds[CCOST_NACT], times_milli[CCOST_NACT];
	bool has_fees, has_other, has_dossiers;
	int64_t fees, other, dossiers_per_year;
};

/* after = before with ch applied (a changed field is declared, not measured). */
void ccost_apply(const struct ccost_input *before, const struct ccost_change *ch,
		 struct ccost_input *after);

/* The saving of a year and its percent of before, in basis points
 * (hundredths of a percent, half away from zero); *has_percent false when
 * before is 0. A negative saving is a cost the change adds. */
void ccost_saving(int64_t before_year, int64_t after_year, int64_t *saving, int64_t *percent_bp,
		  bool *has_percent);

#endif
