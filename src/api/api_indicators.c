/* The monitoring indicators over HTTP (api_indicators.h): the query's scope and
 * period to the service, its figures to the JSON contract of issue 12.
 * Layer: api. */
#include "api/api_indicators.h"
#include "svc/svc_report.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"

static json_t *real_or_null(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

/* A count stays an integer; the sum of an average is a number. */
static json_t *numerator(const struct kpi_figure *f)
{
	return f->def->average ? json_real(f->numerator) : json_integer((json_int_t)f->numerator);
}

static json_t *indicator_json(const struct kpi_figure *f)
{
	return json_pack("{s:s,s:s,s:s,s:o,s:I,s:o,s:o,s:f,s:f}", "key", f->def->key, "name",
			 f->def->name_vi, "name_en", f->def->name_en, "numerator", numerator(f),
			 "denominator", (json_int_t)f->denominator, "rate",
			 real_or_null(f->has_rate, f->rate), "threshold",
			 real_or_null(f->has_threshold, f->threshold), "max_points", f->max_points,
			 "points", f->points);
}

static json_t *plan_json(const struct kpi_figure *f)
{
	return json_pack("{s:s,s:s,s:s,s:o,s:I,s:o,s:o,s:o}", "key", f->def->key, "name",
			 f->def->name_vi, "name_en", f->def->name_en, "numerator", numerator(f),
			 "denominator", (json_int_t)f->denominator, "rate",
			 real_or_null(f->has_rate, f->rate), "target",
			 real_or_null(f->has_threshold, f->threshold), "met",
			 f->has_met ? json_boolean(f->met) : json_null());
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *api_stats_report_json(const struct svc_kpi_report *rep)
{
	const struct kpi_result *r = &rep->result;
	json_t *ind = json_array(), *plan = json_array(), *groups = json_array();
	for (size_t i = 0; i < r->nfigures; i++) {
		const struct kpi_figure *f = &r->figures[i];
		if (f->def->group)
			json_array_append_new(ind, indicator_json(f));
		else
			json_array_append_new(plan, plan_json(f));
	}
	for (size_t g = 0; g < kpi_ngroups; g++)
		json_array_append_new(groups,
				      json_pack("{s:s,s:f,s:f,s:f}", "key", r->groups[g].key,
						"points", r->groups[g].points, "max_points",
						r->groups[g].max_points, "max_points_full",
						r->groups[g].max_points_full));
	return json_pack("{s:{s:o,s:o,s:o,s:o},s:s,s:s,s:s,s:o,s:o,s:{s:f,s:f,s:f},s:o}", "scope",
			 "unit", str_or_null(rep->q.unit), "procedure",
			 str_or_null(rep->q.procedure), "officer", str_or_null(rep->q.officer),
			 "field", str_or_null(rep->q.field), "from", rep->q.from, "to", rep->q.to,
			 "rule_set", rep->rule_set, "indicators", ind, "groups", groups, "total",
			 "points", r->points, "max_points", r->max_points, "max_points_full",
			 r->max_points_full, "plan", plan);
}

char *api_stats_dumps(const json_t *o)
{
	return json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(12));
}

static struct svc_kpi_query query_of(struct http_request *req)
{
	return (struct svc_kpi_query){http_query(req, "unit"),	  http_query(req, "procedure"),
				      http_query(req, "officer"), http_query(req, "field"),
				      http_query(req, "from"),	  http_query(req, "to")};
}

static void reply(struct http_request *req, json_t *o)
{
	char *s = api_stats_dumps(o);
	json_decref(o);
	if (!s) {
		http_reply_error(req, ERR_INTERNAL, NULL, NULL);
		return;
	}
	http_reply_text(req, 200, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

void api_stats_indicators(struct http_request *req)
{
	struct svc_kpi_query q = query_of(req);
	struct svc_actor who = api_actor(req);
	struct svc_kpi_report rep;
	struct svc_result r = svc_kpi_indicators(req->db, &req->arena, &who, &q, &rep);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply(req, api_stats_report_json(&rep));
}

/* limit and offset: digits only, at most 9 of them, else 400 naming them
 * (the bounds of limit are the service's). */
static bool page_param(struct http_request *req, const char *name, int64_t dflt, int64_t *out)
{
	const char *s = http_query(req, name);
	*out = dflt;
	if (!s)
		return true;
	if (!*s || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s)) {
		http_reply_error(req, ERR_BAD_QUERY, name,
				 !strcmp(name, "limit") ? "a whole number from 1 to 1000"
							: "a whole number from 0 to 999999999");
		return false;
	}
	*out = strtoll(s, NULL, 10);
	return true;
}

static json_t *item_json(const struct svc_kpi_item *it)
{
	json_t *o = json_pack("{s:s,s:b,s:b,s:s,s:s}", "ref", it->ref, "in_denominator",
			      it->in_denominator, "in_numerator", it->in_numerator, "reason",
			      it->reason_vi, "reason_en", it->reason_en);
	if (it->has_value)
		json_object_set_new(o, "value", json_real(it->value));
	return o;
}

/* A page of the facts read, as GET .../items answers it. */
static void reply_items(struct http_request *req, const struct svc_kpi_items *out)
{
	json_t *items = json_array();
	for (size_t i = 0; i < out->n; i++)
		json_array_append_new(items, item_json(&out->items[i]));
	reply(req, json_pack("{s:s,s:o,s:I,s:I,s:I}", "key", out->key, "items", items, "total",
			     (json_int_t)out->total, "limit", (json_int_t)out->limit, "offset",
			     (json_int_t)out->offset));
}

void api_stats_items(struct http_request *req)
{
	enum svc_report_format f;
	if (svc_report_format_parse(http_query(req, "format"), &f) < 0 || f == SVC_REPORT_PDF) {
		http_reply_error(req, ERR_BAD_QUERY, "format", "json, xlsx or csv");
		return;
	}
	if (f != SVC_REPORT_JSON) {
		api_stats_items_file(req, f); /* the whole list as a file: api_stats.c */
		return;
	}
	struct svc_kpi_page pg = {0};
	if (!page_param(req, "limit", 100, &pg.limit) || !page_param(req, "offset", 0, &pg.offset))
		return;
	struct svc_kpi_query q = query_of(req);
	struct svc_actor who = api_actor(req);
	struct svc_kpi_items out;
	struct svc_result r =
		svc_kpi_items(req->db, &req->arena, &who, &q, http_param(req, 0), &pg, &out);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	reply_items(req, &out);
}

/* A figure of a trend: the counts, the rate and the points. */
static json_t *point_json(const struct kpi_figure *f)
{
	return json_pack("{s:o,s:I,s:o,s:f}", "numerator", numerator(f), "denominator",
			 (json_int_t)f->denominator, "rate", real_or_null(f->has_rate, f->rate),
			 "points", f->points);
}

void api_stats_trend(struct http_request *req)
{
	struct svc_kpi_query q = query_of(req);
	struct svc_actor who = api_actor(req);
	struct svc_kpi_trend t;
	struct svc_result r = svc_kpi_trend(req->db, &req->arena, &who, &q, http_param(req, 0), &t);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *months = json_array();
	for (size_t i = 0; i < t.n; i++) {
		const struct svc_kpi_point *p = &t.points[i];
		json_t *o = point_json(&p->now);
		json_object_set_new(o, "month", json_string(p->month));
		json_object_set_new(o, "from", json_string(p->from));
		json_object_set_new(o, "to", json_string(p->to));
		json_object_set_new(o, "year_before", point_json(&p->year_before));
		json_array_append_new(months, o);
	}
	reply(req, json_pack("{s:s,s:s,s:s,s:o}", "key", t.key, "from", q.from, "to", q.to,
			     "months", months));
}

static json_t *score_or_null(int score)
{
	return score >= 0 ? json_integer(score) : json_null();
}

void api_stats_evaluation(struct http_request *req)
{
	struct svc_kpi_query q = query_of(req);
	struct svc_actor who = api_actor(req);
	struct svc_kpi_evaluation ev;
	struct svc_result r = svc_kpi_evaluation(req->db, &req->arena, &who, &q, &ev);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *idx = json_array();
	for (int k = 1; k < 10; k++) {
		const struct kpi_eval_def *d = &kpi_eval_defs[k];
		json_t *score =
			d->per_dossier
				? real_or_null(ev.count[k] > 0,
					       (double)(int64_t)(ev.average[k] * 10000 + 0.5) /
						       10000)
				: score_or_null(ev.unit.score[k]);
		json_array_append_new(idx,
				      json_pack("{s:i,s:s,s:s,s:s,s:o,s:I}", "index", k, "name",
						d->name_vi, "name_en", d->name_en, "basis",
						d->per_dossier ? "dossier" : "unit", "score", score,
						"count", (json_int_t)ev.count[k]));
	}
	reply(req, json_pack("{s:{s:o,s:o,s:o,s:o},s:s,s:s,s:I,s:o}", "scope", "unit",
			     str_or_null(q.unit), "procedure", str_or_null(q.procedure), "officer",
			     str_or_null(q.officer), "field", str_or_null(q.field), "from", q.from,
			     "to", q.to, "dossiers", (json_int_t)ev.dossiers, "indices", idx));
}

void api_stats_evaluation_items(struct http_request *req)
{
	struct svc_kpi_page pg;
	if (!page_param(req, "limit", 100, &pg.limit) || !page_param(req, "offset", 0, &pg.offset))
		return;
	struct svc_kpi_query q = query_of(req);
	struct svc_actor who = api_actor(req);
	struct svc_kpi_eval_items out;
	struct svc_result r = svc_kpi_eval_items(req->db, &req->arena, &who, &q, &pg, &out);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < out.n; i++) {
		const int *s = out.items[i].eval.score;
		json_array_append_new(
			items, json_pack("{s:s,s:{s:o,s:o,s:o,s:o,s:o}}", "ref", out.items[i].ref,
					 "scores", "1", score_or_null(s[1]), "2",
					 score_or_null(s[2]), "3", score_or_null(s[3]), "4",
					 score_or_null(s[4]), "7", score_or_null(s[7])));
	}
	reply(req, json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)out.total,
			     "limit", (json_int_t)out.limit, "offset", (json_int_t)out.offset));
}

/* ------------------------------------------------- the public quality page */

static json_t *quality_figure(const struct svc_quality_figure *f)
{
	return json_pack("{s:o,s:I,s:o}", "rate", real_or_null(f->has_rate, f->rate), "count",
			 (json_int_t)f->count, "target", real_or_null(f->has_target, f->target));
}

void api_public_quality(struct http_request *req)
{
	struct svc_quality q;
	struct svc_result r = svc_quality_get(req->db, &req->arena, http_query(req, "unit"),
					      http_query(req, "month"), clock_now_ms(), &q);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	const struct svc_quality_figure *f = q.fig;
	reply(req, json_pack("{s:{s:s,s:s,s:s},s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "unit", "code",
			     q.unit.code, "name", q.unit.name_vi, "name_en", q.unit.name_en,
			     "month", q.month, "from", q.from, "to", q.to, "on_time",
			     quality_figure(&f[SVC_QUALITY_ON_TIME]), "online_share",
			     quality_figure(&f[SVC_QUALITY_ONLINE]), "satisfaction",
			     quality_figure(&f[SVC_QUALITY_SATISFACTION]), "wait_minutes",
			     quality_figure(&f[SVC_QUALITY_WAIT])));
}

/* ------------------------------------------------ an officer's scorecard */

void api_stats_me(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_kpi_report rep;
	struct svc_result r = svc_kpi_mine(req->db, &req->arena, &who, http_query(req, "from"),
					   http_query(req, "to"), &rep);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply(req, api_stats_report_json(&rep));
}

void api_stats_me_items(struct http_request *req)
{
	struct svc_kpi_page pg = {0};
	if (!page_param(req, "limit", 100, &pg.limit) || !page_param(req, "offset", 0, &pg.offset))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_kpi_items out;
	struct svc_result r =
		svc_kpi_mine_items(req->db, &req->arena, &who, http_query(req, "from"),
				   http_query(req, "to"), http_param(req, 0), &pg, &out);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_items(req, &out);
}
