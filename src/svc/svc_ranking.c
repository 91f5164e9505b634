/* The dashboard's ranking of units and officers in one call
 * (svc_ranking.h): one svc_kpi_indicators() per unit below and per
 * officer, each with the caller's access check, sorted here. Layer: svc. */
#include "svc/svc_ranking.h"

#include "core/roles.h"

#include <stdlib.h>
#include <string.h>

const char *const svc_rank_keys[SVC_RANK_NFIG] = {"766.2.1", "plan.online_share",
						  "plan.satisfaction"};

/* One unit's or officer's figures: q with unit (and officer) set. */
static struct svc_result rank_fill(struct db *db, struct arena *a, const struct svc_actor *who,
				   const struct svc_kpi_query *q, struct svc_rank_entry *e)
{
	struct svc_kpi_report rep;
	struct svc_result r = svc_kpi_indicators(db, a, who, q, &rep);
	if (r.code != ERR_NONE)
		return r;
	e->points = rep.result.points;
	e->max_points = rep.result.max_points;
	for (size_t i = 0; i < rep.result.nfigures; i++)
		for (size_t k = 0; k < SVC_RANK_NFIG; k++)
			if (!strcmp(rep.result.figures[i].def->key, svc_rank_keys[k]))
				e->fig[k] = rep.result.figures[i];
	return r;
}

static double share(const struct svc_rank_entry *e)
{
	return e->max_points > 0 ? e->points / e->max_points : -1;
}

static int unit_cmp(const void *x, const void *y)
{
	const struct svc_rank_entry *a = x, *b = y;
	double sa = share(a), sb = share(b);
	if (sa != sb)
		return sa < sb ? 1 : -1;
	return strcmp(a->unit->code, b->unit->code);
}

static double on_time(const struct svc_rank_entry *e)
{
	const struct kpi_figure *f = &e->fig[SVC_RANK_ON_TIME];
	return f->has_rate ? f->rate : -1;
}

static int officer_cmp(const void *x, const void *y)
{
	const struct svc_rank_entry *a = x, *b = y;
	double ra = on_time(a), rb = on_time(b);
	if (ra != rb)
		return ra < rb ? 1 : -1;
	int64_t da = a->fig[SVC_RANK_ON_TIME].denominator,
		db = b->fig[SVC_RANK_ON_TIME].denominator;
	if (da != db)
		return da < db ? 1 : -1;
	return strcmp(a->officer->username, b->officer->username);
}

static struct svc_result too_many(void)
{
	return svc_fail(ERR_STATS_TOO_MANY, "unit", "at most 100 units below and 100 officers");
}

/* The units whose parent is q->unit (the top units when NULL), ranked. */
static struct svc_result rank_units(struct db *db, struct arena *a, const struct svc_actor *who,
				    const struct svc_kpi_query *q, struct svc_ranking *out)
{
	struct unit *us, parent = {0};
	size_t n;
	struct svc_result r = svc_unit_list(db, a, &us, &n);
	if (r.code == ERR_NONE && q->unit)
		r = svc_unit_by_code(db, a, q->unit, &parent);
	if (r.code != ERR_NONE)
		return r;
	out->units = arena_zalloc(a, (SVC_RANK_MAX + 1) * sizeof *out->units);
	for (size_t i = 0; i < n && r.code == ERR_NONE; i++) {
		if (us[i].parent_id != parent.id)
			continue;
		if (out->nunits == SVC_RANK_MAX)
			return too_many();
		struct svc_rank_entry *e = &out->units[out->nunits++];
		e->unit = &us[i];
		struct svc_kpi_query uq = {.unit = us[i].code, .from = q->from, .to = q->to};
		r = rank_fill(db, a, who, &uq, e);
	}
	if (r.code != ERR_NONE)
		return r;
	if (out->nunits > 1) /* units is NULL when there are none */
		qsort(out->units, out->nunits, sizeof *out->units, unit_cmp);
	for (size_t i = 0; i < out->nunits; i++)
		out->units[i].rank = out->units[i].max_points > 0 ? (int)i + 1 : 0;
	return r;
}

/* The officers of q->unit, ranked. */
static struct svc_result rank_officers(struct db *db, struct arena *a, const struct svc_actor *who,
				       const struct svc_kpi_query *q, struct svc_ranking *out)
{
	struct unit_officer *os;
	size_t n;
	struct svc_result r = svc_unit_officers(db, a, q->unit, NULL, &os, &n);
	if (r.code != ERR_NONE)
		return r;
	if (n > SVC_RANK_MAX)
		return too_many();
	out->officers = arena_zalloc(a, (n + 1) * sizeof *out->officers);
	for (size_t i = 0; i < n && r.code == ERR_NONE; i++) {
		/* An account with only the admin role handles no dossier: not
		 * an officer to rank (issue 12). */
		if (!(os[i].roles & ~(unsigned)ROLE_ADMIN))
			continue;
		struct svc_rank_entry *e = &out->officers[out->nofficers++];
		e->officer = &os[i];
		struct svc_kpi_query oq = {
			.unit = q->unit, .officer = os[i].username, .from = q->from, .to = q->to};
		r = rank_fill(db, a, who, &oq, e);
	}
	if (r.code != ERR_NONE)
		return r;
	if (out->nofficers > 1)
		qsort(out->officers, out->nofficers, sizeof *out->officers, officer_cmp);
	for (size_t i = 0; i < out->nofficers; i++)
		out->officers[i].rank = (int)i + 1;
	return r;
}

struct svc_result svc_kpi_ranking(struct db *db, struct arena *a, const struct svc_actor *who,
				  const struct svc_kpi_query *q, struct svc_ranking *out)
{
	memset(out, 0, sizeof *out);
	if (q->procedure)
		return svc_fail(ERR_BAD_QUERY, "procedure", "a ranking is of units and officers");
	if (q->officer)
		return svc_fail(ERR_BAD_QUERY, "officer", "a ranking is of units and officers");
	if (q->field)
		return svc_fail(ERR_BAD_QUERY, "field", "a ranking is of units and officers");
	/* The scope itself first: its checks (dates, unit, access) answer
	 * for the ranking even when there is nothing below it to rank. */
	struct svc_result r = rank_fill(db, a, who, q, &out->scope);
	if (r.code == ERR_NONE)
		r = rank_units(db, a, who, q, out);
	if (r.code == ERR_NONE && q->unit)
		r = rank_officers(db, a, who, q, out);
	return r;
}
