/* Statistics over HTTP (issue 12): the periodic report of a unit as JSON,
 * or as an XLSX, CSV or signed PDF file (attachment, with a file name);
 * an indicator's drill-down list as XLSX or CSV (the JSON of both the
 * indicators and their lists is api_indicators.c). Layer: api. */
#include "api/api.h"
#include "api/api_indicators.h"
#include "base/text.h"
#include "svc/svc_closure.h"
#include "svc/svc_ranking.h"
#include "svc/svc_report.h"

#include <stdlib.h>
#include <string.h>

/* A closure as the API gives it (without its figures). */
static json_t *closure_json(const struct monitor_closure *c)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:s?,s:s,s:s,s:s,s:b,s:s?}", "seq",
			 (json_int_t)c->seq, "unit", c->unit_code, "period", c->period, "from",
			 c->from, "to", c->to, "closed_at", json_time(c->closed_at), "closed_by",
			 *c->actor ? c->actor : NULL, "figures_hash", c->figures_hash, "prev_hash",
			 c->prev_hash, "hash", c->hash, "signed", *c->signature != 0, "signer",
			 *c->signer ? c->signer : NULL);
}

/* The frozen state of a closed report beside its rows. */
static void add_frozen(json_t *o, const struct svc_report_frozen *fz)
{
	if (!fz->closed)
		return;
	json_t *adj = json_array();
	for (size_t i = 0; i < fz->nadj; i++) {
		const struct svc_kpi_adjustment *d = &fz->adj[i];
		json_array_append_new(adj, json_pack("{s:s,s:s,s:I,s:I,s:I}", "key", d->key,
						     "column", d->column, "frozen",
						     (json_int_t)d->frozen, "recomputed",
						     (json_int_t)d->recomputed, "difference",
						     (json_int_t)(d->recomputed - d->frozen)));
	}
	json_object_set_new(o, "closure", closure_json(&fz->closure));
	json_object_set_new(o, "adjustments", adj);
}

/* The corrections of the closed period before, carried into this report. */
static void add_carried(json_t *o, const struct svc_report_carried *cr)
{
	if (!cr->any)
		return;
	json_t *rows = json_array();
	for (size_t i = 0; i < cr->nrows; i++) {
		const struct svc_report_carried_row *d = &cr->rows[i];
		json_t *row = json_pack("{s:s,s:s,s:s,s:s,s:s}", "key", d->key, "name", d->name_vi,
					"name_en", d->name_en, "reason", d->reason_vi, "reason_en",
					d->reason_en);
		for (size_t k = 0; k < SVC_REPORT_NCOLS; k++)
			json_object_set_new(row, svc_report_keys[k],
					    json_integer((json_int_t)d->d[k]));
		json_array_append_new(rows, row);
	}
	json_object_set_new(
		o, "carried_adjustments",
		json_pack("{s:o,s:o}", "corrects", closure_json(&cr->closure), "rows", rows));
}

/* The file of a use case that succeeded as an attachment, else its error;
 * file is released either way. */
static void reply_file(struct http_request *req, struct svc_result r, const char *type,
		       const char *name, struct buf *file)
{
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
	} else {
		http_add_header(req, "Content-Disposition",
				arena_printf(&req->arena, "attachment; filename=\"%s\"", name));
		http_reply_text(req, 200, type, file->p, file->len);
	}
	buf_release(file);
}

void api_stats_report(struct http_request *req)
{
	enum svc_report_format f;
	if (svc_report_format_parse(http_query(req, "format"), &f) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "format", "json, xlsx, csv or pdf");
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_report rep;
	struct svc_result r = svc_report_build(req->db, &req->arena, &who, http_query(req, "unit"),
					       http_query(req, "from"), http_query(req, "to"),
					       http_query(req, "by"), &rep);
	/* A closed period answers its frozen figures, and the adjustments. */
	struct svc_report_frozen fz;
	struct svc_report_carried cr;
	if (r.code == ERR_NONE)
		r = svc_report_frozen(req->db, &req->arena, &rep, &fz);
	/* And the corrections of the closed period before, as rows of their
	 * own (the XLSX, CSV and PDF print them after the total). */
	if (r.code == ERR_NONE)
		r = svc_report_carried(req->db, &req->arena, &rep, &cr);
	if (r.code == ERR_NONE && f != SVC_REPORT_JSON)
		svc_report_carry(&req->arena, &cr, &rep);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	if (f == SVC_REPORT_JSON) {
		json_t *rows = json_array();
		for (size_t i = 0; i < rep.nrows; i++)
			json_array_append_new(rows, svc_report_row_json(&rep.rows[i]));
		json_t *o =
			json_pack("{s:{s:s,s:s,s:s},s:s,s:s,s:s,s:o,s:o}", "unit", "code",
				  rep.unit.code, "name", rep.unit.name_vi, "name_en",
				  rep.unit.name_en, "from", rep.from, "to", rep.to, "by", rep.by,
				  "rows", rows, "total", svc_report_row_json(&rep.total));
		add_frozen(o, &fz);
		add_carried(o, &cr);
		http_reply_json(req, 200, o);
		return;
	}
	struct buf file = BUF_INIT;
	buf_init(&file);
	const char *type = NULL, *name = NULL;
	r = svc_report_file(req->db, &req->arena, req->cfg, &rep, f, &file, &type, &name);
	reply_file(req, r, type, name, &file);
}

void api_stats_items_file(struct http_request *req, int f)
{
	struct svc_kpi_query q = {http_query(req, "unit"),    http_query(req, "procedure"),
				  http_query(req, "officer"), http_query(req, "field"),
				  http_query(req, "from"),    http_query(req, "to")};
	struct svc_kpi_page all = {.all = true};
	struct svc_actor who = api_actor(req);
	struct svc_kpi_items items;
	struct svc_result r =
		svc_kpi_items(req->db, &req->arena, &who, &q, http_param(req, 0), &all, &items);
	struct buf file = BUF_INIT;
	buf_init(&file);
	const char *type = NULL, *name = NULL;
	if (r.code == ERR_NONE)
		r = svc_report_items_file(&req->arena, req->cfg, &q, &items,
					  (enum svc_report_format)f, &file, &type, &name);
	reply_file(req, r, type, name, &file);
}

/* POST /api/v1/stats/closures {unit, period}: closes a period. */
void api_stats_close(struct http_request *req)
{
	const char *unit = NULL, *period = NULL;
	struct jspec spec[] = {JSPEC_STRN("unit", true, 1, 32, &unit),
			       JSPEC_STRN("period", true, 1, 16, &period)};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct jerr err = {0};
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return;
	}
	unit = arena_strdup(&req->arena, unit);
	period = arena_strdup(&req->arena, period);
	json_decref(body);
	struct svc_actor who = api_actor(req);
	struct monitor_closure c;
	struct svc_result r = svc_kpi_close(req->db, &req->arena, req->cfg, &who, unit, period, &c);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 201, closure_json(&c));
}

/* GET /api/v1/stats/closures?unit=: the closed periods, by sequence. */
void api_stats_closures(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct monitor_closure *cs;
	size_t n;
	struct svc_result r =
		svc_kpi_closures(req->db, &req->arena, &who, http_query(req, "unit"), &cs, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, closure_json(&cs[i]));
	http_reply_json(req, 200, json_pack("{s:o}", "closures", a));
}

/* GET /api/v1/stats/closures/{seq}: one closure checked, its frozen
 * figures by procedure and the adjustments since. */
void api_stats_closure(struct http_request *req)
{
	int64_t seq;
	if (text_parse_i64(http_param(req, 0), 1, INT64_MAX, &seq) != 0) {
		http_reply_error(req, ERR_KPI_CLOSURE_NOT_FOUND, "seq", NULL);
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_closure_check ck;
	struct svc_result r = svc_kpi_closure_check(req->db, &req->arena, req->cfg, &who, seq, &ck);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *o = json_pack("{s:o,s:{s:b,s:b,s:s?}}", "closure", closure_json(&ck.closure),
			      "verification", "valid", ck.valid, "signature_verified",
			      ck.signature_verified, "problem", ck.valid ? NULL : ck.problem);
	if (ck.valid) {
		json_t *rows = json_array();
		for (size_t i = 0; i < ck.frozen.nrows; i++)
			json_array_append_new(rows, svc_report_row_json(&ck.frozen.rows[i]));
		json_object_set_new(o, "rows", rows);
		json_object_set_new(o, "total", svc_report_row_json(&ck.frozen.total));
		add_frozen(o, &ck.since);
	}
	http_reply_json(req, 200, o);
}

/* One ranked unit or officer: its rank (null: nothing measured), the 766
 * total of what was measured, and the key figures. */
static json_t *rank_json(const struct svc_rank_entry *e)
{
	json_t *figs = json_array();
	for (size_t k = 0; k < SVC_RANK_NFIG; k++) {
		const struct kpi_figure *f = &e->fig[k];
		json_array_append_new(
			figs, json_pack("{s:s,s:o,s:I,s:o}", "key", svc_rank_keys[k], "numerator",
					f->def && f->def->average
						? json_real(f->numerator)
						: json_integer((json_int_t)f->numerator),
					"denominator", (json_int_t)f->denominator, "rate",
					f->has_rate ? json_real(f->rate) : json_null()));
	}
	/* What the units are ranked by: the share of the measured points. */
	double share = e->max_points > 0 ? e->points / e->max_points : 0;
	json_t *o = json_pack(
		"{s:o,s:f,s:f,s:o,s:o}", "rank", e->rank ? json_integer(e->rank) : json_null(),
		"points", e->points, "max_points", e->max_points, "score",
		e->max_points > 0 ? json_real((double)(int64_t)(share * 10000 + 0.5) / 10000)
				  : json_null(),
		"figures", figs);
	if (e->unit)
		json_object_set_new(o, "unit",
				    json_pack("{s:s,s:s,s:s}", "code", e->unit->code, "name",
					      e->unit->name_vi, "name_en", e->unit->name_en));
	if (e->officer)
		json_object_set_new(o, "officer",
				    json_pack("{s:s,s:s}", "username", e->officer->username,
					      "full_name", e->officer->full_name));
	return o;
}

/* GET /api/v1/stats/ranking?unit=&from=&to=: the dashboard's ranking. */
void api_stats_ranking(struct http_request *req)
{
	struct svc_kpi_query q = {http_query(req, "unit"),    http_query(req, "procedure"),
				  http_query(req, "officer"), http_query(req, "field"),
				  http_query(req, "from"),    http_query(req, "to")};
	struct svc_actor who = api_actor(req);
	struct svc_ranking rk;
	struct svc_result r = svc_kpi_ranking(req->db, &req->arena, &who, &q, &rk);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *units = json_array(), *officers = json_array();
	for (size_t i = 0; i < rk.nunits; i++)
		json_array_append_new(units, rank_json(&rk.units[i]));
	for (size_t i = 0; i < rk.nofficers; i++)
		json_array_append_new(officers, rank_json(&rk.officers[i]));
	json_t *o =
		json_pack("{s:{s:s?},s:s,s:s,s:{s:f,s:f},s:o,s:o}", "scope", "unit", q.unit, "from",
			  q.from, "to", q.to, "total", "points", rk.scope.points, "max_points",
			  rk.scope.max_points, "units", units, "officers", officers);
	/* Points as the indicators print them (41.49, not 41.490000000000002). */
	char *s = o ? api_stats_dumps(o) : NULL;
	json_decref(o);
	if (!s) {
		http_reply_error(req, ERR_INTERNAL, NULL, NULL);
		return;
	}
	http_reply_text(req, 200, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}
