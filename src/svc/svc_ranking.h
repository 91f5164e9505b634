/* The dashboard's ranking in one call (issue 12): the units directly below
 * a unit (or the agency's top units) ranked by their Decision 766 total,
 * and the unit's officers by their on-time rate, each with the key
 * figures, for one period, computed as svc_kpi_indicators() computes them
 * (the same scope rules and access checks), so a rank's figures are what
 * the unit's or officer's own dashboard shows.
 *
 * Layer: svc.
 */
#ifndef MOTCUA_SVC_SVC_RANKING_H
#define MOTCUA_SVC_SVC_RANKING_H

#include "svc/svc.h"

/* At most this many units below, and officers, are ranked: more is
 * STATS_TOO_MANY naming unit. */
#define SVC_RANK_MAX 100

/* The figures each entry carries, in this order. */
enum { SVC_RANK_ON_TIME, SVC_RANK_ONLINE, SVC_RANK_SATISFACTION, SVC_RANK_NFIG };
extern const char *const svc_rank_keys[SVC_RANK_NFIG];

struct svc_rank_entry {
	int rank;		 /* 1, 2, ...; 0: nothing measured (a unit without a score), last */
	const struct unit *unit; /* units */
	const struct unit_officer *officer; /* officers */
	double points, max_points;	    /* the 766 total of the measured indicators */
	struct kpi_figure fig[SVC_RANK_NFIG];
};

struct svc_ranking {
	struct svc_rank_entry scope; /* the unit (or agency) itself, rank 0 */
	struct svc_rank_entry *units, *officers;
	size_t nunits, nofficers;
};

/* Ranks, over q's period (q->unit: NULL for the whole agency; procedure,
 * officer and field must be NULL), the units whose parent is q->unit (the
 * top units for the agency), by the share of their measured 766 points
 * (nothing measured: last, rank 0; ties by code), and, when q->unit is
 * given, its officers (not the accounts with only the admin role: they
 * handle no dossier) by their 766.2.1 on-time rate (no data last), then
 * by dossiers counted, then by user name. Errors: those of
 * svc_kpi_indicators() (FORBIDDEN when who may not see one of them),
 * BAD_QUERY (procedure, officer, field: not for a ranking),
 * UNIT_NOT_FOUND, STATS_TOO_MANY (unit) beyond SVC_RANK_MAX. */
struct svc_result svc_kpi_ranking(struct db *db, struct arena *a, const struct svc_actor *who,
				  const struct svc_kpi_query *q, struct svc_ranking *out);

#endif
