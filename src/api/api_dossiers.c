/* Dossiers over HTTP: receipt at the desk and online submission, actions,
 * an officer's or the applicant's view of one dossier, the officers' inbox,
 * and public tracking by code. Times go out in the API's one format
 * ("2026-03-02T08:30:00+07:00", base/clock.h). Layer: api. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/views.h"
#include "base/clock.h"
#include "base/text.h"
#include "cal/cal.h"
#include "core/dossier_code.h"
#include "core/roles.h"
#include "core/workflow.h"
#include "doc/forms.h"
#include "svc/svc_track_cache.h"

static int read_party(struct http_request *req, json_t *obj, const char *prefix,
		      struct dossier_party *p, json_t **owner)
{
	struct jspec spec[] = {
		JSPEC_STR("kind", false, 20, &p->kind),
		JSPEC_STR("name", false, 200, &p->name),
		JSPEC_STR("id_number", false, 20, &p->id_number),
		JSPEC_STR("tax_code", false, 20, &p->tax_code),
		JSPEC_STR("address", false, 500, &p->address),
		JSPEC_STR("phone", false, 20, &p->phone),
		JSPEC_STR("email", false, 200, &p->email),
		JSPEC_OBJ("owner", false, owner),
	};
	struct jerr err = {0};
	if (jspec_check(obj, spec, owner ? 8 : 7, prefix, &err) < 0) {
		http_reply_jerr(req, &err);
		return -1;
	}
	return 0;
}

/* Reads a component's "files": the ids of files staged for it (POST
 * /api/v1/uploads), in page order. */
static int read_file_ids(struct http_request *req, json_t *files, const char *prefix,
			 struct svc_component_in *c)
{
	c->nfiles = files ? json_array_size(files) : 0;
	int64_t *ids = arena_zalloc(&req->arena, (c->nfiles + 1) * sizeof *ids);
	for (size_t k = 0; k < c->nfiles; k++) {
		json_t *v = json_array_get(files, k);
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			http_reply_error(req, ERR_FIELD_TYPE,
					 arena_printf(&req->arena, "%s.files[%zu]", prefix, k),
					 "the id of an uploaded file");
			return -1;
		}
		ids[k] = json_integer_value(v);
	}
	c->files = ids;
	return 0;
}

/* Reads a components array: [{"doc_type", "status", "files" or
 * "document_id"}] or ["paper", ...]. */
static int read_components(struct http_request *req, json_t *arr, struct svc_component_in **out,
			   size_t *n)
{
	*n = arr ? json_array_size(arr) : 0;
	*out = arena_zalloc(&req->arena, (*n + 1) * sizeof **out);
	for (size_t i = 0; i < *n; i++) {
		json_t *it = json_array_get(arr, i);
		char prefix[40];
		snprintf(prefix, sizeof prefix, "components[%zu]", i);
		if (json_is_string(it)) {
			(*out)[i].status = json_string_value(it);
			continue;
		}
		json_t *files = NULL;
		struct jspec spec[] = {
			JSPEC_STR("doc_type", false, 80, &(*out)[i].doc_type),
			JSPEC_STR("status", true, 20, &(*out)[i].status),
			JSPEC_ARR("files", false, SVC_MAX_COMPONENT_FILES, &files),
			JSPEC_INT("document_id", false, 1, INT64_MAX, &(*out)[i].document_id),
		};
		struct jerr err = {0};
		if (jspec_check(it, spec, sizeof spec / sizeof spec[0], prefix, &err) < 0) {
			http_reply_jerr(req, &err);
			return -1;
		}
		if (read_file_ids(req, files, prefix, &(*out)[i]) < 0)
			return -1;
	}
	return 0;
}

/* Reads fee_params: {"workers": 3}, the values of the parameters fees are
 * charged per (issue 13), each a whole number 1..100000, at most
 * SVC_MAX_FEE_PARAMS of them. The payments' terms get them. */
static int read_fee_params(struct http_request *req, json_t *obj, struct svc_fee_terms *out)
{
	if (!obj)
		return 0;
	if (json_object_size(obj) > SVC_MAX_FEE_PARAMS) {
		http_reply_error(req, ERR_FIELD_RANGE, "fee_params", "at most 8 parameters");
		return -1;
	}
	struct svc_fee_param *p = arena_zalloc(&req->arena, (SVC_MAX_FEE_PARAMS + 1) * sizeof *p);
	const char *key;
	json_t *v;
	size_t n = 0;
	json_object_foreach(obj, key, v)
	{
		const char *field = arena_printf(&req->arena, "fee_params.%s", key);
		if (strlen(key) > 32) {
			http_reply_error(req, ERR_FIELD_INVALID, "fee_params", "a parameter name");
			return -1;
		}
		if (!json_is_integer(v)) {
			http_reply_error(req, ERR_FIELD_TYPE, field, "a whole number");
			return -1;
		}
		if (json_integer_value(v) < 1 || json_integer_value(v) > 100000) {
			http_reply_error(req, ERR_FIELD_RANGE, field, "1 to 100000");
			return -1;
		}
		p[n++] = (struct svc_fee_param){key, json_integer_value(v)};
	}
	out->params = p;
	out->nparams = n;
	return 0;
}

/* Reads fee_exemptions: [{"fee": 0, "reason": "..."}], the exemptions the
 * applicant qualifies for (issue 13): the fee's index in the procedure's
 * fees, and why. The service checks them against the fees. */
static int read_fee_exemptions(struct http_request *req, json_t *arr, struct svc_fee_terms *out)
{
	size_t n = arr ? json_array_size(arr) : 0;
	struct svc_fee_exemption *x = arena_zalloc(&req->arena, (n + 1) * sizeof *x);
	for (size_t i = 0; i < n; i++) {
		char prefix[40];
		snprintf(prefix, sizeof prefix, "fee_exemptions[%zu]", i);
		struct jspec spec[] = {
			JSPEC_INT("fee", true, 0, PROC_MAX_FEES - 1, &x[i].fee),
			JSPEC_STR("reason", true, 1000, &x[i].reason),
		};
		struct jerr err = {0};
		if (jspec_check(json_array_get(arr, i), spec, 2, prefix, &err) < 0) {
			http_reply_jerr(req, &err);
			return -1;
		}
		if (!*x[i].reason) {
			http_reply_error(req, ERR_FIELD_MISSING,
					 arena_printf(&req->arena, "%s.reason", prefix),
					 "why the applicant is exempt");
			return -1;
		}
	}
	out->exemptions = x;
	out->nexemptions = n;
	return 0;
}

static void reply_dossier(struct http_request *req, int status, const struct svc_dossier *s)
{
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	struct svc_actor who = api_actor(req);
	struct svc_dossier mine;
	if (!(who.roles & ROLES_STAFF)) {
		/* The applicant's view: the office's internal work left out. */
		mine = *s;
		svc_dossier_applicant_view(&req->arena, &mine, &who);
		s = &mine;
	}
	view_dossier(&w, s);
	api_reply_jw(req, status, &b);
	buf_release(&b);
}

void api_dossiers_create(struct http_request *req)
{
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct svc_receipt in = {.fees.payment_days = req->cfg->v.payment_demand_days,
				 .max_bytes = req->cfg->v.files_max_dossier_mb * 1024 * 1024};
	json_t *applicant = NULL, *components = NULL, *coord = NULL, *owner = NULL,
	       *fee_params = NULL, *fee_exemptions = NULL;
	struct jspec spec[] = {
		JSPEC_STR("procedure_code", true, 32, &in.procedure_code),
		JSPEC_INT("version", false, 1, 1000000, &in.version),
		JSPEC_STR("channel", false, 10, &in.channel),
		JSPEC_STR("outcome", false, 30, &in.outcome),
		JSPEC_OBJ("applicant", true, &applicant),
		JSPEC_ARR("components", true, PROC_MAX_COMPONENTS, &components),
		JSPEC_ARR("coordinating_units", false, 10, &coord),
		JSPEC_STR("request", false, 2000, &in.request_text),
		JSPEC_INT("sets", false, 1, 100, &in.sets),
		JSPEC_STR("return_method", false, 10, &in.return_method),
		JSPEC_STR("note", false, 4000, &in.note),
		JSPEC_OBJ("fee_params", false, &fee_params),
		JSPEC_ARR("fee_exemptions", false, PROC_MAX_FEES, &fee_exemptions),
	};
	struct jerr err = {0};
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	if (read_party(req, applicant, "applicant", &in.submitter, &owner) < 0 ||
	    read_fee_params(req, fee_params, &in.fees) < 0 ||
	    read_fee_exemptions(req, fee_exemptions, &in.fees) < 0)
		goto out;
	if (owner && read_party(req, owner, "applicant.owner", &in.owner, NULL) < 0)
		goto out;
	struct svc_component_in *comps;
	if (read_components(req, components, &comps, &in.ncomponents) < 0)
		goto out;
	in.components = comps;
	in.ncoordinating = coord ? json_array_size(coord) : 0;
	in.coordinating =
		arena_zalloc(&req->arena, (in.ncoordinating + 1) * sizeof *in.coordinating);
	for (size_t i = 0; i < in.ncoordinating; i++) {
		json_t *it = json_array_get(coord, i);
		if (!json_is_string(it) || json_string_length(it) > 32) {
			char f[48];
			snprintf(f, sizeof f, "coordinating_units[%zu]", i);
			http_reply_error(req, ERR_FIELD_TYPE, f, "a unit code");
			goto out;
		}
		in.coordinating[i] = json_string_value(it);
	}
	struct svc_actor who = api_actor(req);
	struct svc_dossier s;
	/* One citizen account cannot flood the desk with online dossiers:
	 * submit.per_account_per_hour, counted once a dossier is made. */
	char *acct = (who.roles & ROLE_CITIZEN)
			     ? arena_printf(&req->arena, "user:%lld", (long long)who.id)
			     : NULL;
	int64_t retry = 0;
	struct svc_result r =
		acct ? svc_rate_blocked(req->db, req->cfg, SVC_LIMIT_SUBMIT, acct, &retry)
		     : svc_ok();
	if (r.code == ERR_NONE)
		r = svc_dossier_create(req->db, &req->arena, &who, &in, &s);
	if (r.code != ERR_NONE) {
		api_reply_svc_retry(req, r, retry);
		goto out;
	}
	if (acct)
		(void)svc_rate_limit(req->db, req->cfg, SVC_LIMIT_SUBMIT, acct, &retry);
	reply_dossier(req, 201, &s);
out:
	json_decref(body);
}

static bool code_ok(struct http_request *req, const char *code)
{
	struct dossier_code_parts parts;
	if (dossier_code_parse(code, &parts) < 0) {
		http_reply_error(req, ERR_DOSSIER_NOT_FOUND, "code", NULL);
		return false;
	}
	return true;
}

void api_dossiers_get(struct http_request *req)
{
	const char *code = http_param(req, 0);
	if (!code_ok(req, code))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_dossier s;
	struct svc_result r = svc_dossier_get(req->db, &req->arena, &who, code, true, &s);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_dossier(req, 200, &s);
}

void api_dossiers_act(struct http_request *req)
{
	const char *code = http_param(req, 0);
	const char *action = http_param(req, 1);
	if (!code_ok(req, code))
		return;
	/* Which actions exist on a dossier is the service's (the action table's). */
	struct svc_action act = {.action = action,
				 .fees.payment_days = req->cfg->v.payment_demand_days,
				 .require_digitization = req->cfg->v.desk_require_digitization};
	json_t *body = NULL, *components = NULL, *fee_params = NULL, *fee_exemptions = NULL;
	const char *proposed = NULL;
	if (req->body_len) {
		body = http_json_body(req);
		if (!body)
			return;
		struct jspec spec[] = {
			JSPEC_STR("note", false, 4000, &act.note),
			JSPEC_STR("to_user", false, 64, &act.to_user),
			JSPEC_BOOL("accept_late", false, &act.accept_late),
			JSPEC_STR("proposed_due_at", false, 30, &proposed),
			JSPEC_STR("legal_basis", false, 1000, &act.legal_basis),
			JSPEC_STR("fee_handling", false, 20, &act.fee_handling),
			JSPEC_STR("result_code", false, 100, &act.result_code),
			JSPEC_ARR("components", false, PROC_MAX_COMPONENTS, &components),
			JSPEC_OBJ("fee_params", false, &fee_params),
			JSPEC_ARR("fee_exemptions", false, PROC_MAX_FEES, &fee_exemptions),
		};
		struct jerr err = {0};
		if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
			http_reply_jerr(req, &err);
			goto out;
		}
		if (read_fee_params(req, fee_params, &act.fees) < 0 ||
		    read_fee_exemptions(req, fee_exemptions, &act.fees) < 0)
			goto out;
	}
	if (proposed && api_parse_time(proposed, &act.proposed_due_at) < 0) {
		http_reply_error(req, ERR_FIELD_INVALID, "proposed_due_at",
				 "a local time YYYY-MM-DDTHH:MM[:SS][+07:00]");
		goto out;
	}
	if (components) {
		struct svc_component_in *c;
		if (read_components(req, components, &c, &act.ncomponents) < 0)
			goto out;
		act.components = c;
	}
	struct svc_actor who = api_actor(req);
	struct svc_dossier s;
	struct svc_result r = svc_dossier_act(req->db, &req->arena, &who, code, &act, &s);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_dossier(req, 200, &s);
out:
	json_decref(body);
}

/* A page of dossiers, as rows: the inbox's and a citizen's own. */
static void w_items(struct jw *w, const struct svc_inbox *out, int64_t page, int64_t per_page)
{
	jw_key(w, "items");
	jw_arr(w);
	for (size_t i = 0; i < out->n; i++)
		view_dossier_item(w, &out->items[i]);
	jw_end_arr(w);
	jw_kint(w, "total", out->total);
	jw_kint(w, "page", page);
	jw_kint(w, "per_page", per_page);
}

void api_inbox(struct http_request *req)
{
	static const struct {
		const char *name;
		enum inbox_box box;
	} boxes[] = {{"all", INBOX_ALL},
		     {"mine", INBOX_MINE},
		     {"pool", INBOX_POOL},
		     {"due_soon", INBOX_DUE_SOON},
		     {"overdue", INBOX_OVERDUE},
		     {"waiting", INBOX_WAITING},
		     {"approvals", INBOX_APPROVALS}};
	struct svc_inbox_in in = {.box = INBOX_ALL, .page = 1, .per_page = 20};
	const char *box = http_query(req, "box");
	if (box) {
		size_t i;
		for (i = 0; i < sizeof boxes / sizeof boxes[0]; i++)
			if (!strcmp(box, boxes[i].name))
				break;
		if (i == sizeof boxes / sizeof boxes[0]) {
			http_reply_error(
				req, ERR_BAD_QUERY, "box",
				"all, mine, pool, due_soon, overdue, waiting or approvals");
			return;
		}
		in.box = boxes[i].box;
	}
	const char *v;
	if ((v = http_query(req, "page")) && text_parse_i64(v, 1, 100000, &in.page) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "page", "a whole number from 1 to 100000");
		return;
	}
	if ((v = http_query(req, "per_page")) && text_parse_i64(v, 1, 100, &in.per_page) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "per_page", "a whole number from 1 to 100");
		return;
	}
	in.procedure = http_query(req, "procedure");
	if (in.procedure && (!*in.procedure || strlen(in.procedure) > 32)) {
		http_reply_error(req, ERR_BAD_QUERY, "procedure", "a procedure code");
		return;
	}
	in.state = http_query(req, "state");
	if (in.state && !*in.state)
		in.state = NULL;
	struct svc_actor who = api_actor(req);
	struct svc_inbox out;
	struct svc_result r = svc_inbox(req->db, &req->arena, &who, &in, &out);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	w_items(&w, &out, in.page, in.per_page);
	jw_key(&w, "counts");
	jw_obj(&w);
	jw_kint(&w, "all", out.counts.all);
	jw_kint(&w, "mine", out.counts.mine);
	jw_kint(&w, "pool", out.counts.pool);
	jw_kint(&w, "due_soon", out.counts.due_soon);
	jw_kint(&w, "overdue", out.counts.overdue);
	jw_kint(&w, "waiting", out.counts.waiting);
	jw_end_obj(&w);
	jw_end_obj(&w);
	api_reply_jw(req, 200, &b);
	buf_release(&b);
}

/* One place for the reply, so a cached reply and a fresh one carry the same
 * status, type and headers (the server adds Cache-Control: no-store to every
 * /api/ reply; tracking used to add it a second time). */
static void track_reply(struct http_request *req, const char *body, size_t len)
{
	http_reply_text(req, 200, "application/json; charset=utf-8", body, len);
}

/* GET /api/v1/track/{code}, no log-in. The reply depends on the dossier
 * alone (not on the clock or the language), so it is kept rendered for
 * http.track_cache_ms (svc/svc_track_cache.h: this server's own changes
 * drop it at once). Unknown codes are not kept: a dossier received a moment
 * later is found at once. */
void api_track(struct http_request *req)
{
	const char *code = http_param(req, 0);
	if (!code_ok(req, code))
		return;
	int64_t ttl = req->cfg->v.http_track_cache_ms;
	int64_t now = clock_mono_ns() / 1000000;
	uint64_t ticket = 0;
	const char *body;
	size_t len;
	if (ttl > 0 && svc_track_cache_get(code, now, ttl, &req->arena, &body, &len, &ticket)) {
		track_reply(req, body, len);
		return;
	}
	struct svc_track t;
	struct svc_result r = svc_dossier_track(req->db, &req->arena, code, &t);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	view_dossier_track(&w, &t);
	if (ttl > 0)
		svc_track_cache_put(code, ticket, now, b.p, b.len);
	track_reply(req, b.p, b.len);
	buf_release(&b);
}

/* GET /api/v1/me/dossiers: the citizen's own online dossiers, newest
 * first, as inbox items. */
void api_my_dossiers(struct http_request *req)
{
	int64_t page = 1, per_page = 20;
	const char *v;
	if ((v = http_query(req, "page")) && text_parse_i64(v, 1, 100000, &page) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "page", "a whole number from 1 to 100000");
		return;
	}
	if ((v = http_query(req, "per_page")) && text_parse_i64(v, 1, 100, &per_page) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "per_page", "a whole number from 1 to 100");
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_inbox out;
	struct svc_result r = svc_my_dossiers(req->db, &req->arena, &who, page, per_page, &out);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	w_items(&w, &out, page, per_page);
	jw_end_obj(&w);
	api_reply_jw(req, 200, &b);
	buf_release(&b);
}

/* ---- the action table, for the web pages ---- */

static json_t *workflow_roles(unsigned bits)
{
	json_t *arr = json_array();
	for (const unsigned *r = role_all; *r; r++)
		if (bits & *r)
			json_array_append_new(arr, json_string(role_name(*r)));
	return arr;
}

static json_t *workflow_states(unsigned bits)
{
	json_t *arr = json_array();
	for (int s = 0; s < DOSSIER_NSTATES; s++)
		if (bits & (1u << s))
			json_array_append_new(arr,
					      json_string(wf_state_name((enum dossier_state)s)));
	return arr;
}

static json_t *workflow_action(const struct wf_action_def *r)
{
	json_t *from = json_array();
	for (size_t i = 0; i < sizeof r->from / sizeof r->from[0]; i++)
		if (r->from[i].states)
			json_array_append_new(from,
					      json_pack("{s:o,s:o}", "states",
							workflow_states(r->from[i].states), "roles",
							workflow_roles(r->from[i].roles)));
	json_t *keys = json_array();
	unsigned kb = r->on_dossier ? r->keys : wf_create_keys();
	for (int k = 0; k < WF_NKEYS; k++)
		if (kb & WF_KEY(k))
			json_array_append_new(keys, json_string(wf_key_name((enum wf_key)k)));
	json_t *o = json_pack("{s:s,s:o,s:s,s:i,s:s,s:s,s:b,s:s,s:s,s:b,s:b,s:b,s:o}", "name",
			      wf_action_name(r->action), "from", from, "to", wf_target_name(r->to),
			      "form", r->form, "note", wf_note_name(r->note), "to_user",
			      wf_to_user_name(r->to_user), "step_role", r->step_role, "place",
			      wf_place_name(r->place), "clock", wf_clock_name(r->clock),
			      "components", r->components, "creating", r->creating, "on_dossier",
			      r->on_dossier, "event_keys", keys);
	json_object_set_new(o, "pause", r->pause ? json_string(r->pause) : json_null());
	return o;
}

void api_workflow(struct http_request *req)
{
	json_t *states = json_array();
	for (int s = 1; s < DOSSIER_NSTATES; s++) {
		enum dossier_state st = (enum dossier_state)s;
		json_array_append_new(
			states, json_pack("{s:s,s:i,s:{s:s,s:s},s:b}", "name", wf_state_name(st),
					  "code", s, "label", "vi", wf_state_label_vi(st), "en",
					  wf_state_label_en(st), "end", wf_state_is_end(st)));
	}
	json_t *actions = json_array();
	for (int a = 0; a < WF_NACTIONS; a++)
		json_array_append_new(actions, workflow_action(wf_action_def((enum wf_action)a)));
	/* The forms, from the one registry the renderers print from. */
	json_t *forms = json_array();
	for (int n = 1; n <= DOC_NFORMS; n++) {
		const struct doc_form_def *f = doc_form_def(n);
		json_array_append_new(forms, json_pack("{s:i,s:s,s:{s:s,s:s},s:s,s:b}", "number",
						       f->number, "key", f->key, "title", "vi",
						       f->title_vi, "en", f->title_en, "signer",
						       doc_signer_name(f->signer), "numbered",
						       f->numbered));
	}
	http_reply_json(
		req, 200,
		json_pack("{s:o,s:o,s:o}", "states", states, "actions", actions, "forms", forms));
}
