/* The procedure review over HTTP (issue 14, svc_review.h): the income per
 * hour of a year, plans, review forms with their measured and declared
 * cost, proposals with their saving, the flow, the report files.
 * Layer: api. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "svc/svc_review.h"

/* ---- path parameters ---- */

/* Path segment i as a whole number from 1 to max; false after replying
 * 404 with nf (a malformed id names nothing). */
static bool path_id(struct http_request *req, size_t i, int64_t max, enum err_code nf, int64_t *out)
{
	const char *s = http_param(req, i);
	char *end;
	long long v = s && *s && strlen(s) <= 12 && strspn(s, "0123456789") == strlen(s)
			      ? strtoll(s, &end, 10)
			      : 0;
	if (v < 1 || v > max) {
		http_reply_error(req, nf, NULL, NULL);
		return false;
	}
	*out = v;
	return true;
}

static bool path_year(struct http_request *req, int64_t *year)
{
	return path_id(req, 0, 9999, ERR_REVIEW_PLAN_NOT_FOUND, year);
}

/* ---- views ---- */

static json_t *or_null(bool has, int64_t v)
{
	return has ? json_integer((json_int_t)v) : json_null();
}

static json_t *cost_json(const struct svc_review_cost *c)
{
	json_t *acts = json_array();
	for (int k = 0; k < CCOST_NACT; k++) {
		const struct ccost_act_def *d = &ccost_activities[k];
		const struct ccost_item *it = &c->in.act[k];
		json_array_append_new(acts,
				      json_pack("{s:s,s:s,s:s,s:I,s:I,s:b,s:b}", "activity", d->key,
						"name", d->name_vi, "name_en", d->name_en,
						"seconds", (json_int_t)it->seconds, "times_milli",
						(json_int_t)it->times_milli, "seconds_measured",
						it->seconds_measured, "times_measured",
						it->times_measured));
	}
	return json_pack("{s:o,s:I,s:I,s:I,s:I,s:b,s:I,s:I,s:I,s:I,s:b}", "activities", acts,
			 "income_per_hour", (json_int_t)c->in.income_per_hour, "fees",
			 (json_int_t)c->in.fees, "other_costs", (json_int_t)c->in.other,
			 "dossiers_per_year", (json_int_t)c->in.dossiers_per_year,
			 "dossiers_measured", c->in.dossiers_measured, "seconds_once",
			 (json_int_t)c->r.seconds_once, "labour_once", (json_int_t)c->r.labour_once,
			 "cost_once", (json_int_t)c->r.cost_once, "cost_year",
			 (json_int_t)c->r.cost_year, "complete", c->has_cost);
}

static json_t *changes_json(const struct review_proposal *p)
{
	json_t *acts = json_array();
	for (int k = 0; k < CCOST_NACT; k++)
		if (p->has_seconds[k] || p->has_times[k])
			json_array_append_new(
				acts,
				json_pack("{s:s,s:o,s:o}", "activity", ccost_activities[k].key,
					  "seconds", or_null(p->has_seconds[k], p->seconds[k]),
					  "times_milli",
					  or_null(p->has_times[k], p->times_milli[k])));
	return json_pack("{s:o,s:o,s:o,s:o}", "activities", acts, "fees",
			 or_null(p->has_fees, p->fees), "other_costs",
			 or_null(p->has_other, p->other_costs), "dossiers_per_year",
			 or_null(p->has_dossiers, p->dossiers_per_year));
}

static json_t *proposal_json(const struct svc_review_prop *x)
{
	const struct review_proposal *p = &x->p;
	return json_pack(
		"{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:I,s:o,s:b}", "id", (json_int_t)p->id,
		"kind", p->kind, "kind_name", svc_review_kind_vi(p->kind), "text", p->text, "state",
		p->state, "decision_note", p->decision_note, "enacted_version",
		or_null(p->enacted_version, p->enacted_version), "changes", changes_json(p),
		"after", cost_json(&x->after), "saving", (json_int_t)x->saving, "saving_percent",
		x->has_percent ? json_real((double)x->percent_bp / 100.0) : json_null(),
		"raises_cost", x->saving < 0);
}

static json_t *measure_json(const struct svc_review_form *f)
{
	const struct review_measure *m = &f->m;
	return json_pack("{s:b,s:s,s:s,s:I,s:I,s:I,s:o,s:o,s:I,s:I,s:I,s:I,s:o}", "frozen",
			 f->item.frozen, "from", f->plan.measure_from, "to", f->plan.measure_to,
			 "period_days", (json_int_t)m->period_days, "dossiers",
			 (json_int_t)m->dossiers, "visits", (json_int_t)m->visits, "wait_seconds",
			 or_null(m->waits > 0, m->waits ? m->wait_ms / m->waits / 1000 : 0),
			 "counter_seconds",
			 or_null(m->served > 0, m->served ? m->counter_ms / m->served / 1000 : 0),
			 "supplements", (json_int_t)m->supplements, "direct_supplements",
			 (json_int_t)m->direct_supplements, "desk_returns",
			 (json_int_t)m->desk_returns, "results", (json_int_t)m->results,
			 "result_hours", or_null(f->result_hours >= 0, f->result_hours));
}

static json_t *named(const char *code, const char *vi, const char *en)
{
	return json_pack("{s:s,s:s,s:s}", "code", code, "name", vi, "name_en", en);
}

/* What a plan's list shows of a form. */
static json_t *summary_json(const struct svc_review_form *f)
{
	const struct review_item *it = &f->item;
	int64_t saving = 0;
	for (size_t i = 0; i < f->nprops; i++)
		if (!strcmp(f->props[i].p.state, "adopted"))
			saving += f->props[i].saving;
	return json_pack(
		"{s:I,s:o,s:o,s:s,s:s,s:o,s:I,s:I,s:I}", "id", (json_int_t)it->id, "procedure",
		named(it->procedure_code, it->procedure_name_vi, it->procedure_name_en), "unit",
		named(it->unit_code, it->unit_name_vi, it->unit_name_en), "due", it->due_date,
		"state", it->state, "cost_year", or_null(f->before.has_cost, f->before.r.cost_year),
		"proposal_count", (json_int_t)it->nproposals, "adopted", (json_int_t)it->nadopted,
		"adopted_saving", (json_int_t)saving);
}

static json_t *form_json(const struct svc_review_form *f)
{
	const struct review_item *it = &f->item;
	json_t *o = summary_json(f), *crit = json_object(), *props = json_array(),
	       *vers = json_array(), *enacted = json_array();
	for (int k = 0; k < REVIEW_NCRIT; k++)
		json_object_set_new(
			crit, svc_review_criteria[k],
			json_pack("{s:s,s:s}", "verdict", it->verdict[k], "note", it->note[k]));
	for (size_t i = 0; i < f->nprops; i++)
		json_array_append_new(props, proposal_json(&f->props[i]));
	for (size_t i = 0; i < f->nversions; i++) {
		const struct svc_review_version *v = &f->versions[i];
		json_array_append_new(
			vers, json_pack("{s:I,s:I,s:o,s:o}", "version", (json_int_t)v->m.version,
					"dossiers", (json_int_t)v->m.dossiers, "result_hours",
					or_null(v->result_hours >= 0, v->result_hours), "cost",
					cost_json(&v->cost)));
	}
	for (size_t i = 0; i < f->nenacted; i++) {
		const struct review_proposal *p = &f->enacted[i];
		json_array_append_new(
			enacted, json_pack("{s:I,s:I,s:s,s:s,s:I}", "id", (json_int_t)p->id, "year",
					   (json_int_t)p->plan_year, "kind", p->kind, "text",
					   p->text, "version", (json_int_t)p->enacted_version));
	}
	json_object_update_new(
		o, json_pack("{s:I,s:o,s:s,s:o,s:o,s:b,s:o,s:o,s:o,s:o,s:{s:b,s:b,s:b}}", "year",
			     (json_int_t)it->year, "criteria", crit, "office_note", it->office_note,
			     "measure", measure_json(f), "income_per_hour",
			     or_null(f->has_income, f->income_per_hour), "fees_declared",
			     it->has_fees, "cost", cost_json(&f->before), "proposals", props,
			     "versions", vers, "enacted", enacted, "may", "edit", f->may_edit,
			     "office", f->may_office, "decide", f->may_decide));
	return o;
}

static json_t *plan_json(const struct review_plan *p)
{
	return json_pack("{s:I,s:s,s:s,s:I}", "year", (json_int_t)p->year, "measure_from",
			 p->measure_from, "measure_to", p->measure_to, "items",
			 (json_int_t)p->nitems);
}

/* ---- incomes ---- */

void api_review_incomes(struct http_request *req)
{
	struct svc_review_income *x;
	size_t n;
	struct svc_result r = svc_review_incomes(req->db, &req->arena, &x, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:I}", "year", (json_int_t)x[i].year,
						     "per_hour", (json_int_t)x[i].per_hour));
	http_reply_json(req, 200, json_pack("{s:o}", "incomes", arr));
}

/* The body as an object checked against spec; NULL after replying 400. */
static json_t *body_of(struct http_request *req, const struct jspec *spec, size_t n)
{
	json_t *body = http_json_body(req);
	struct jerr err = {0};
	if (body && jspec_check(body, spec, n, "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return NULL;
	}
	return body;
}

void api_review_income_put(struct http_request *req)
{
	int64_t year, per_hour = 0;
	if (!path_id(req, 0, 9999, ERR_REVIEW_PLAN_NOT_FOUND, &year))
		return;
	struct jspec spec[] = {JSPEC_INT("per_hour", true, 0, CCOST_MAX_INCOME, &per_hour)};
	json_t *body = body_of(req, spec, 1);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_income_put(req->db, &who, year, per_hour);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200,
				json_pack("{s:I,s:I}", "year", (json_int_t)year, "per_hour",
					  (json_int_t)per_hour));
	json_decref(body);
}

/* ---- plans ---- */

void api_review_plans(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct review_plan *p;
	size_t n;
	struct svc_result r = svc_review_plans(req->db, &req->arena, &who, &p, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, plan_json(&p[i]));
	http_reply_json(req, 200, json_pack("{s:o}", "plans", arr));
}

void api_review_plan_create(struct http_request *req)
{
	int64_t year = 0;
	const char *from = NULL, *to = NULL;
	struct jspec spec[] = {JSPEC_INT("year", true, 2000, 2100, &year),
			       JSPEC_STRN("measure_from", false, 10, 10, &from),
			       JSPEC_STRN("measure_to", false, 10, 10, &to)};
	json_t *body = body_of(req, spec, 3);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct review_plan p;
	struct svc_result r =
		svc_review_plan_create(req->db, &req->arena, &who, year, from, to, &p);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 201, plan_json(&p));
	json_decref(body);
}

void api_review_plan_get(struct http_request *req)
{
	int64_t year;
	if (!path_year(req, &year))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_review_plan_view v;
	struct svc_result r = svc_review_plan_get(req->db, &req->arena, &who, year, &v);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *o = plan_json(&v.plan), *items = json_array();
	for (size_t i = 0; i < v.n; i++)
		json_array_append_new(items, summary_json(&v.forms[i]));
	json_object_set_new(o, "forms", items);
	http_reply_json(req, 200, o);
}

static void reply_form(struct http_request *req, int status, int64_t id)
{
	struct svc_actor who = api_actor(req);
	struct svc_review_form f;
	struct svc_result r = svc_review_form(req->db, &req->arena, &who, id, &f);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, status, form_json(&f));
}

/* The form id after a change, or the change's error. */
static void reply_form_or_error(struct http_request *req, struct svc_result r, int status,
				int64_t id)
{
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_form(req, status, id);
}

void api_review_item_add(struct http_request *req)
{
	int64_t year, id = 0;
	if (!path_year(req, &year))
		return;
	const char *code = NULL, *unit = NULL, *due = NULL;
	struct jspec spec[] = {JSPEC_STRN("procedure", true, 1, 64, &code),
			       JSPEC_STRN("unit", false, 1, 64, &unit),
			       JSPEC_STRN("due", true, 10, 10, &due)};
	json_t *body = body_of(req, spec, 3);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r =
		svc_review_item_add(req->db, &req->arena, &who, year, code, unit, due, &id);
	reply_form_or_error(req, r, 201, id);
	json_decref(body);
}

void api_review_compile(struct http_request *req)
{
	int64_t year, n = 0;
	if (!path_year(req, &year))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_compile(req->db, &req->arena, &who, year, &n);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200,
				json_pack("{s:I,s:I}", "year", (json_int_t)year, "compiled",
					  (json_int_t)n));
}

void api_review_report(struct http_request *req)
{
	int64_t year;
	if (!path_year(req, &year))
		return;
	const char *fmt = http_query(req, "format");
	enum svc_review_format f;
	if (fmt && !strcmp(fmt, "pdf"))
		f = SVC_REVIEW_PDF;
	else if (fmt && !strcmp(fmt, "xlsx"))
		f = SVC_REVIEW_XLSX;
	else {
		http_reply_error(req, ERR_BAD_QUERY, "format", "pdf or xlsx");
		return;
	}
	struct svc_actor who = api_actor(req);
	struct buf file = BUF_INIT;
	buf_init(&file);
	const char *type = NULL, *name = NULL;
	struct svc_result r = svc_review_report(req->db, &req->arena, req->cfg, &who, year, f,
						&file, &type, &name);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
	} else {
		http_add_header(req, "Content-Disposition",
				arena_printf(&req->arena, "attachment; filename=\"%s\"", name));
		http_reply_text(req, 200, type, file.p, file.len);
	}
	buf_release(&file);
}

/* ---- forms ---- */

static bool item_id(struct http_request *req, int64_t *id)
{
	return path_id(req, 0, INT64_C(999999999999), ERR_REVIEW_ITEM_NOT_FOUND, id);
}

void api_review_form(struct http_request *req)
{
	int64_t id;
	if (item_id(req, &id))
		reply_form(req, 200, id);
}

/* The Office corrects a plan's item: {unit?, due?}. */
void api_review_item_plan(struct http_request *req)
{
	int64_t id;
	if (!item_id(req, &id))
		return;
	const char *unit = NULL, *due = NULL;
	struct jspec spec[] = {JSPEC_STRN("unit", false, 1, 64, &unit),
			       JSPEC_STRN("due", false, 10, 10, &due)};
	json_t *body = body_of(req, spec, 2);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_item_change(req->db, &req->arena, &who, id, unit, due);
	reply_form_or_error(req, r, 200, id);
	json_decref(body);
}

void api_review_item_delete(struct http_request *req)
{
	int64_t id;
	if (!item_id(req, &id))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_item_delete(req->db, &req->arena, &who, id);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200,
				json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}

/* The items of "activities": [{activity, seconds, times_milli}], each
 * value optional (required is true for the form, where both are). */
static bool activities_of(struct http_request *req, json_t *arr, bool required, bool *has_s,
			  int64_t *s, bool *has_t, int64_t *t)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		const char *key = NULL;
		bool ps = false, pt = false;
		int64_t sec = 0, tm = 0;
		struct jspec spec[] = {JSPEC_STRN("activity", true, 1, 16, &key),
				       {.name = "seconds",
					.type = JSPEC_INT,
					.required = required,
					.nullable = !required,
					.min = 0,
					.max = CCOST_MAX_SECONDS,
					.out_int = &sec,
					.present = &ps},
				       {.name = "times_milli",
					.type = JSPEC_INT,
					.required = required,
					.nullable = !required,
					.min = 0,
					.max = CCOST_MAX_TIMES_MILLI,
					.out_int = &tm,
					.present = &pt}};
		struct jerr err = {0};
		char prefix[48];
		snprintf(prefix, sizeof prefix, "activities[%zu]", i);
		if (!json_is_object(v)) {
			http_reply_error(req, ERR_FIELD_TYPE,
					 arena_printf(&req->arena, "%s", prefix), "an object");
			return false;
		}
		if (jspec_check(v, spec, 3, prefix, &err) < 0) {
			http_reply_jerr(req, &err);
			return false;
		}
		int k = ccost_act_parse(key);
		if (k < 0 || has_s[k] || has_t[k]) {
			http_reply_error(
				req, ERR_FIELD_INVALID,
				arena_printf(&req->arena, "%s.activity", prefix),
				"prepare, travel, wait, counter, result or supplement, once");
			return false;
		}
		/* Each bound alone lets 1000 hours × 100 times a dossier through. */
		if ((ps || required) && (pt || required) &&
		    sec * tm > CCOST_MAX_ACT_SECONDS * 1000) {
			http_reply_error(
				req, ERR_FIELD_RANGE,
				arena_printf(&req->arena, "%s.times_milli", prefix),
				"at most 1000 hours a dossier: seconds × times_milli / 1000 "
				"≤ 3600000");
			return false;
		}
		has_s[k] = ps || required;
		has_t[k] = pt || required;
		s[k] = sec;
		t[k] = tm;
	}
	return true;
}

void api_review_form_put(struct http_request *req)
{
	int64_t id;
	if (!item_id(req, &id))
		return;
	struct svc_review_edit e = {0};
	json_t *crit[REVIEW_NCRIT] = {NULL}, *acts = NULL;
	struct jspec spec[] = {JSPEC_OBJ("necessity", false, &crit[0]),
			       JSPEC_OBJ("reasonableness", false, &crit[1]),
			       JSPEC_OBJ("legality", false, &crit[2]),
			       JSPEC_ARR("activities", false, CCOST_NACT, &acts),
			       {.name = "fees",
				.type = JSPEC_INT,
				.nullable = true,
				.min = 0,
				.max = CCOST_MAX_MONEY,
				.out_int = &e.fees,
				.present = &e.has_fees},
			       {.name = "other_costs",
				.type = JSPEC_INT,
				.min = 0,
				.max = CCOST_MAX_MONEY,
				.out_int = &e.other_costs,
				.present = &e.has_other},
			       {.name = "dossiers_per_year",
				.type = JSPEC_INT,
				.min = 0,
				.max = CCOST_MAX_DOSSIERS,
				.out_int = &e.dossiers_per_year,
				.present = &e.has_dossiers}};
	json_t *body = body_of(req, spec, sizeof spec / sizeof spec[0]);
	if (!body)
		return;
	for (int k = 0; k < REVIEW_NCRIT; k++) {
		struct jspec cs[] = {JSPEC_STR("verdict", false, 16, &e.verdict[k]),
				     JSPEC_STR("note", false, 4000, &e.note[k])};
		struct jerr err = {0};
		if (crit[k] && jspec_check(crit[k], cs, 2, svc_review_criteria[k], &err) < 0) {
			http_reply_jerr(req, &err);
			goto out;
		}
	}
	bool has_t[CCOST_NACT] = {false};
	if (acts && !activities_of(req, acts, true, e.has_act, e.seconds, has_t, e.times_milli))
		goto out;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_form_save(req->db, &req->arena, &who, id, &e);
	reply_form_or_error(req, r, 200, id);
out:
	json_decref(body);
}

void api_review_submit(struct http_request *req)
{
	int64_t id;
	if (!item_id(req, &id))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_submit(req->db, &req->arena, &who, id);
	reply_form_or_error(req, r, 200, id);
}

void api_review_return(struct http_request *req)
{
	int64_t id;
	if (!item_id(req, &id))
		return;
	const char *note = NULL;
	struct jspec spec[] = {JSPEC_STRN("note", true, 1, 4000, &note)};
	json_t *body = body_of(req, spec, 1);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_return(req->db, &req->arena, &who, id, note);
	reply_form_or_error(req, r, 200, id);
	json_decref(body);
}

/* A proposal's body (kind, text, activities, fees, other costs, dossiers a
 * year), the same for adding and changing one: the parsed body (to free)
 * or NULL once the error is sent. */
static json_t *proposal_body(struct http_request *req, struct review_proposal *p)
{
	json_t *acts = NULL;
	struct jspec spec[] = {JSPEC_STRN("kind", true, 1, 32, &p->kind),
			       JSPEC_STRN("text", true, 1, 4000, &p->text),
			       JSPEC_ARR("activities", false, CCOST_NACT, &acts),
			       {.name = "fees",
				.type = JSPEC_INT,
				.nullable = true,
				.min = 0,
				.max = CCOST_MAX_MONEY,
				.out_int = &p->fees,
				.present = &p->has_fees},
			       {.name = "other_costs",
				.type = JSPEC_INT,
				.nullable = true,
				.min = 0,
				.max = CCOST_MAX_MONEY,
				.out_int = &p->other_costs,
				.present = &p->has_other},
			       {.name = "dossiers_per_year",
				.type = JSPEC_INT,
				.nullable = true,
				.min = 0,
				.max = CCOST_MAX_DOSSIERS,
				.out_int = &p->dossiers_per_year,
				.present = &p->has_dossiers}};
	json_t *body = body_of(req, spec, sizeof spec / sizeof spec[0]);
	if (body && acts &&
	    !activities_of(req, acts, false, p->has_seconds, p->seconds, p->has_times,
			   p->times_milli)) {
		json_decref(body);
		return NULL;
	}
	return body;
}

void api_review_propose(struct http_request *req)
{
	int64_t id, pid = 0;
	if (!item_id(req, &id))
		return;
	struct review_proposal p = {0};
	json_t *body = proposal_body(req, &p);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_propose(req->db, &req->arena, &who, id, &p, &pid);
	reply_form_or_error(req, r, 201, id);
	json_decref(body);
}

static bool proposal_id(struct http_request *req, int64_t *id)
{
	return path_id(req, 0, INT64_C(999999999999), ERR_REVIEW_PROPOSAL_NOT_FOUND, id);
}

void api_review_proposal_put(struct http_request *req)
{
	int64_t id, form = 0;
	if (!proposal_id(req, &id))
		return;
	struct review_proposal p = {0};
	json_t *body = proposal_body(req, &p);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_proposal_edit(req->db, &req->arena, &who, id, &p, &form);
	reply_form_or_error(req, r, 200, form);
	json_decref(body);
}

void api_review_proposal_delete(struct http_request *req)
{
	int64_t id, form = 0;
	if (!proposal_id(req, &id))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_proposal_delete(req->db, &req->arena, &who, id, &form);
	reply_form_or_error(req, r, 200, form);
}

void api_review_decide(struct http_request *req)
{
	int64_t id;
	if (!proposal_id(req, &id))
		return;
	bool adopt = false;
	const char *note = NULL;
	struct jspec spec[] = {JSPEC_BOOL("adopt", true, &adopt),
			       JSPEC_STR("note", false, 4000, &note)};
	json_t *body = body_of(req, spec, 2);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_review_decide(req->db, &req->arena, &who, id, adopt, note);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200,
				json_pack("{s:I,s:s}", "id", (json_int_t)id, "state",
					  adopt ? "adopted" : "rejected"));
	json_decref(body);
}

/* What a version of procedure {code} may enact: its adopted proposals not
 * yet enacted (the publish dialog's tick boxes). */
void api_review_enactable(struct http_request *req)
{
	const char *code = http_param(req, 0);
	struct review_proposal *p;
	size_t n;
	struct svc_result r = svc_review_enactable(req->db, &req->arena, code, &p, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)p[i].id, "year",
				       (json_int_t)p[i].plan_year, "kind", p[i].kind, "kind_name",
				       svc_review_kind_vi(p[i].kind), "text", p[i].text));
	http_reply_json(req, 200, json_pack("{s:o}", "proposals", arr));
}
