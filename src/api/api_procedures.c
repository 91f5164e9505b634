/* The public procedure catalogue (list with folded search, detail,
 * versions, fields) and the administrator's drafts and publication.
 * Layer: api. */
#include <string.h>

#include "api/api.h"
#include "api/views.h"
#include "base/clock.h"
#include "base/text.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Reads an optional integer query parameter; replies 400 and returns -1 if
 * it is not a whole number within bounds. */
static int query_int(struct http_request *req, const char *name, int64_t min, int64_t max,
		     int64_t def, int64_t *out)
{
	const char *v = http_query(req, name);
	*out = def;
	if (!v)
		return 0;
	if (text_parse_i64(v, min, max, out) < 0) {
		char d[96];
		snprintf(d, sizeof d, "a whole number from %lld to %lld", (long long)min,
			 (long long)max);
		http_reply_error(req, ERR_BAD_QUERY, name, d);
		return -1;
	}
	return 0;
}

static int query_str(struct http_request *req, const char *name, size_t max, const char **out)
{
	const char *v = http_query(req, name);
	*out = NULL;
	if (!v || !*v)
		return 0;
	if (!text_utf8_valid(v, strlen(v))) {
		http_reply_error(req, ERR_BAD_UTF8, name, NULL);
		return -1;
	}
	if (text_utf8_len(v) > max) {
		http_reply_error(req, ERR_BAD_QUERY, name, "too long");
		return -1;
	}
	*out = v;
	return 0;
}

void api_procedures_list(struct http_request *req)
{
	struct proc_query q = {0};
	const char *text;
	int64_t page, per_page;
	if (query_str(req, "q", 200, &text) < 0 || query_str(req, "field", 100, &q.field) < 0 ||
	    query_str(req, "unit", 32, &q.unit) < 0 ||
	    query_str(req, "online_level", 16, &q.online_level) < 0 ||
	    query_int(req, "page", 1, 100000, 1, &page) < 0 ||
	    query_int(req, "per_page", 1, 100, 20, &per_page) < 0)
		return;
	if (q.online_level && strcmp(q.online_level, "full") && strcmp(q.online_level, "partial") &&
	    strcmp(q.online_level, "none")) {
		http_reply_error(req, ERR_BAD_QUERY, "online_level", "full, partial or none");
		return;
	}
	/* Fold the query and split it into words; each word must occur (all
	 * of them: only the first 12 once counted, and a 13th word changed
	 * nothing). q is at most 200 characters, so at most 100 words. */
	if (text) {
		struct buf f = BUF_INIT;
		text_fold(text, &f);
		char *folded = arena_strdup(&req->arena, buf_str(&f));
		buf_release(&f);
		const char **terms =
			arena_alloc(&req->arena, (strlen(folded) / 2 + 1) * sizeof *terms);
		for (char *w = folded; *w;) {
			char *sp = strchr(w, ' ');
			if (sp)
				*sp = 0;
			if (*w)
				terms[q.nterms++] = w;
			if (!sp)
				break;
			w = sp + 1;
		}
		q.terms = terms;
	}
	q.limit = per_page;
	q.offset = (page - 1) * per_page;
	struct procedure *items;
	size_t n;
	int64_t total;
	struct svc_result r = svc_proc_search(req->db, &req->arena, &q, &items, &n, &total);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, view_procedure(&items[i], VIEW_PROC_SUMMARY));
	http_reply_json(req, 200,
			json_pack("{s:o,s:I,s:I,s:I}", "items", arr, "total", (json_int_t)total,
				  "page", (json_int_t)page, "per_page", (json_int_t)per_page));
}

void api_procedures_get(struct http_request *req)
{
	int64_t version;
	if (query_int(req, "version", 1, 100000, 0, &version) < 0)
		return;
	struct procedure p;
	struct svc_result r = svc_proc_get(req->db, &req->arena, http_param(req, 0), version,
					   req->user ? req->user->roles : 0, &p);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	http_reply_json(req, 200, view_procedure(&p, VIEW_PROC_DETAIL));
}

/* GET /api/v1/procedures/{code}/components/{n}/template.pdf: the
 * component's template, for the procedure page and the online submission
 * (issue 15). Public, as the catalogue is. */
void api_procedure_template(struct http_request *req)
{
	int64_t n;
	if (text_parse_i64(http_param(req, 1), 1, 1000, &n) != 0) {
		http_reply_error(req, ERR_TEMPLATE_NOT_FOUND, "n", NULL);
		return;
	}
	struct buf pdf = BUF_INIT;
	const char *number = NULL;
	struct svc_result r =
		svc_proc_template(req->db, &req->arena, http_param(req, 0), n, &pdf, &number);
	if (r.code != ERR_NONE) {
		buf_release(&pdf);
		api_reply_svc(req, r);
		return;
	}
	/* An ASCII file name: the procedure's code and the component's place. */
	char disp[160], safe[40];
	size_t k = 0;
	for (const char *p = http_param(req, 0); *p && k + 1 < sizeof safe; p++)
		safe[k++] = ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			     (*p >= '0' && *p <= '9') || *p == '-')
				    ? *p
				    : '_';
	safe[k] = 0;
	snprintf(disp, sizeof disp, "attachment; filename=\"mau-%s-%lld.pdf\"", safe, (long long)n);
	http_add_header(req, "Content-Disposition", disp);
	http_reply_text(req, 200, "application/pdf", pdf.p, pdf.len);
	buf_release(&pdf);
}

void api_procedures_versions(struct http_request *req)
{
	struct proc_version_row *rows;
	size_t n;
	struct svc_result r =
		svc_proc_versions(req->db, &req->arena, http_param(req, 0), &rows, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char eff[16];
		clock_format_date_local(rows[i].effective_from, eff, sizeof eff);
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:o}", "version",
						     (json_int_t)rows[i].version, "status",
						     rows[i].status, "effective_from", eff,
						     "created_at", json_time(rows[i].created_at)));
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

static void reply_problems(struct http_request *req, const struct problems *pr)
{
	json_t *list = json_array(), *details = json_array();
	for (size_t i = 0; i < pr->n; i++) {
		json_array_append_new(list, json_string(pr->items[i]));
		json_array_append_new(details, view_problem(&req->arena, pr->items[i]));
	}
	const struct err_info *e = err_lookup(ERR_CATALOGUE_INVALID);
	json_t *err = json_pack("{s:s,s:s,s:o,s:o}", "code", e->name, "message",
				!strcmp(req->lang, "en") ? e->en : e->vi, "problems", list,
				"details", details);
	/* The first problem's path names the field. */
	if (pr->n) {
		const char *p = strchr(pr->items[0], ':');
		if (p) {
			p += 2;
			const char *q = strchr(p, ':');
			if (q)
				json_object_set_new(err, "field", json_stringn(p, (size_t)(q - p)));
		}
	}
	http_reply_json(req, e->status, json_pack("{s:o}", "error", err));
}

/* ?dry_run=true: every check of saving, nothing written; 200 {"code",
 * "valid": true} or the problems as when saving (the editor's "Kiểm tra"). */
static void check_draft(struct http_request *req, const struct procedure *p, struct problems *pr,
			bool create)
{
	struct svc_result r = create ? svc_catalogue_check_new(req->db, &req->arena, p, pr)
				     : svc_catalogue_check_draft(req->db, &req->arena, p, pr);
	if (r.code == ERR_CATALOGUE_INVALID)
		reply_problems(req, pr);
	else if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, json_pack("{s:s,s:b}", "code", p->code, "valid", 1));
}

static void save_draft(struct http_request *req, const char *code_from_path)
{
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct problems pr;
	problems_init(&pr, &req->arena);
	struct procedure p;
	svc_proc_from_json(body, "procedure", &req->arena, &p, &pr);
	if (code_from_path && p.code && strcmp(code_from_path, p.code))
		problems_add(&pr, "procedure: code: '%s' does not match the address '%s'", p.code,
			     code_from_path);
	int64_t version;
	const char *dry = http_query(req, "dry_run");
	if (dry && strcmp(dry, "true") && strcmp(dry, "false")) {
		http_reply_error(req, ERR_BAD_QUERY, "dry_run", "true or false");
		json_decref(body);
		return;
	}
	if (dry && !strcmp(dry, "true")) {
		check_draft(req, &p, &pr, !code_from_path);
		json_decref(body);
		return;
	}
	/* Creating: the code must be new. */
	struct svc_result r = code_from_path
				      ? svc_catalogue_save_draft(req->db, &req->arena, &p,
								 req->user->id, &pr, &version)
				      : svc_catalogue_create_draft(req->db, &req->arena, &p,
								   req->user->id, &pr, &version);
	if (r.code == ERR_CATALOGUE_INVALID)
		reply_problems(req, &pr);
	else if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, code_from_path ? 200 : 201,
				json_pack("{s:s,s:I,s:s}", "code", p.code, "version",
					  (json_int_t)version, "status", "draft"));
	json_decref(body);
}

void api_procedures_create(struct http_request *req)
{
	save_draft(req, NULL);
}

void api_procedures_put_draft(struct http_request *req)
{
	save_draft(req, http_param(req, 0));
}

/* "enacts": the ids of the adopted review proposals this version enacts
 * (issue 14), at most 50 positive integers; false after replying 400. */
static bool enacts_of(struct http_request *req, json_t *arr, int64_t *ids, size_t *n)
{
	*n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			http_reply_error(req, ERR_FIELD_TYPE,
					 arena_printf(&req->arena, "enacts[%zu]", i),
					 "a proposal's id");
			return false;
		}
		ids[(*n)++] = json_integer_value(v);
	}
	return true;
}

void api_procedures_publish(struct http_request *req)
{
	const char *date = NULL;
	json_t *body = NULL, *enacts = NULL;
	int64_t ids[50];
	size_t nids = 0;
	if (req->body_len) {
		struct jspec spec[] = {JSPEC_STRN("effective_from", false, 10, 10, &date),
				       JSPEC_ARR("enacts", false, 50, &enacts)};
		struct jerr err = {0};
		body = http_json_body(req);
		if (!body)
			return;
		if (jspec_check(body, spec, 2, "", &err) < 0) {
			http_reply_jerr(req, &err);
			json_decref(body);
			return;
		}
		if (enacts && !enacts_of(req, enacts, ids, &nids)) {
			json_decref(body);
			return;
		}
	}
	int64_t version;
	struct svc_result r =
		svc_catalogue_publish(req->db, http_param(req, 0), date, ids, nids, &version);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200,
				json_pack("{s:s,s:I,s:s}", "code", http_param(req, 0), "version",
					  (json_int_t)version, "status", "published"));
	json_decref(body);
}

/* GET /api/v1/procedure-drafts: every procedure with its latest published
 * version and its draft (administrators). */
void api_procedures_admin_list(struct http_request *req)
{
	struct proc_admin_row *rows;
	size_t n;
	struct svc_result r = svc_proc_admin_list(req->db, &req->arena, &rows, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct proc_admin_row *x = &rows[i];
		char eff[16];
		if (x->published)
			clock_format_date_local(x->published_from, eff, sizeof eff);
		json_array_append_new(
			arr,
			json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "code", x->code, "name",
				  x->name_vi ? x->name_vi : "", "name_en",
				  x->name_en ? x->name_en : "", "published",
				  x->published ? json_integer(x->published) : json_null(),
				  "effective_from", x->published ? json_string(eff) : json_null(),
				  "draft", x->draft ? json_integer(x->draft) : json_null(),
				  "draft_created_at",
				  x->draft ? json_time(x->draft_created_at) : json_null()));
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

void api_fields_list(struct http_request *req)
{
	struct field_count *f;
	size_t n;
	struct svc_result r = svc_proc_fields(req->db, &req->arena, &f, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr,
				      json_pack("{s:s,s:s,s:I}", "name", f[i].name_vi, "name_en",
						f[i].name_en, "count", (json_int_t)f[i].count));
	http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

static json_t *unit_json(const struct unit *u, const char *parent)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:s}", "code", u->code, "ident", u->ident, "name",
			 u->name_vi, "name_en", u->name_en ? u->name_en : "", "parent",
			 str_or_null(parent), "office_hours", u->office_hours);
}

void api_units_list(struct http_request *req)
{
	struct unit *u;
	size_t n;
	struct svc_result r = svc_unit_list(req->db, &req->arena, &u, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *parent = NULL;
		for (size_t k = 0; k < n; k++)
			if (u[k].id == u[i].parent_id)
				parent = u[k].code;
		json_array_append_new(arr, unit_json(&u[i], parent));
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

/* POST /api/v1/units and PUT /api/v1/units/{code} (administrator). */
static void unit_save(struct http_request *req, bool create)
{
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct svc_unit_in in = {0};
	struct jspec spec[] = {
		JSPEC_STR("code", create, 32, &in.code),
		JSPEC_STR("ident", create, 40, &in.ident),
		JSPEC_STR("name", create, 200, &in.name_vi),
		JSPEC_STR("name_en", false, 200, &in.name_en),
		JSPEC_STR("parent", false, 32, &in.parent),
		JSPEC_STR("office_hours", false, 400, &in.office_hours),
	};
	/* PUT names the unit in the address. */
	const struct jspec *specs = create ? spec : spec + 1;
	struct jerr err = {0};
	if (jspec_check(body, specs, create ? 6 : 5, "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return;
	}
	if (!create)
		in.code = http_param(req, 0);
	struct svc_actor who = api_actor(req);
	struct unit u;
	struct svc_result r = create ? svc_unit_create(req->db, &req->arena, &who, &in, &u)
				     : svc_unit_update(req->db, &req->arena, &who, &in, &u);
	struct unit p = {0};
	if (r.code == ERR_NONE && u.parent_id)
		r = svc_unit_get(req->db, &req->arena, u.parent_id, &p);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, create ? 201 : 200, unit_json(&u, p.code));
	json_decref(body);
}

void api_unit_create(struct http_request *req)
{
	unit_save(req, true);
}

void api_unit_update(struct http_request *req)
{
	unit_save(req, false);
}
