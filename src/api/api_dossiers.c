/* Dossiers over HTTP: receipt at the desk and online submission, actions,
 * an officer's or the applicant's view of one dossier, the officers' inbox,
 * and public tracking by code. Times go out in the API's one format
 * ("2026-03-02T08:30:00+07:00", base/clock.h). Layer: api. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/text.h"
#include "cal/cal.h"
#include "core/dossier_code.h"
#include "core/roles.h"
#include "core/workflow.h"
#include "svc/svc_track_cache.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *state_json(json_t *o, enum dossier_state st)
{
	json_object_set_new(o, "state", json_string(wf_state_name(st)));
	json_object_set_new(o, "state_label", json_string(wf_state_label_vi(st)));
	json_object_set_new(o, "state_label_en", json_string(wf_state_label_en(st)));
	json_object_set_new(o, "national_status", json_integer(st));
	return o;
}

/* ---- one dossier, written straight into the reply (see base/json.h) ---- */

static void w_party_fields(struct jw *w, const struct dossier_party *p)
{
	jw_kstr(w, "kind", p->kind);
	jw_kstr(w, "name", p->name);
	jw_kstr(w, "id_number", p->id_number);
	jw_kstr(w, "tax_code", p->tax_code);
	jw_kstr(w, "address", p->address);
	jw_kstr(w, "phone", p->phone);
	jw_kstr(w, "email", p->email);
}

static void w_unit(struct jw *w, const struct unit *u)
{
	if (!u->id) {
		jw_null(w);
		return;
	}
	jw_obj(w);
	jw_kstr(w, "code", u->code);
	jw_kstr(w, "ident", u->ident);
	jw_kstr(w, "name", u->name_vi);
	jw_kstr(w, "name_en", u->name_en ? u->name_en : "");
	jw_end_obj(w);
}

/* An event as the history shows it: the fields of core/events.h's table
 * that have a reply key. */
static void w_event(struct jw *w, const struct event *e)
{
	jw_obj(w);
	for (size_t i = 0; i < event_nfields; i++) {
		const struct event_field *f = &event_fields[i];
		if (!f->json)
			continue;
		const char *v = f->type == EVENT_FT_TEXT || f->type == EVENT_FT_JSON
					? event_get_text(e, f)
					: NULL;
		switch (f->type) {
		case EVENT_FT_TEXT:
			jw_kstr(w, f->json, f->null_if_empty && !*v ? NULL : v);
			break;
		case EVENT_FT_INT:
			jw_kint(w, f->json, event_get_int(e, f));
			break;
		case EVENT_FT_TIME:
			jw_ktime(w, f->json, event_get_int(e, f));
			break;
		case EVENT_FT_JSON: {
			/* The stored data is JSON this program wrote; parsed, so
			 * that a damaged row cannot break the reply. */
			json_t *data = json_loads(v, 0, NULL);
			jw_key(w, f->json);
			if (data)
				jw_json(w, data);
			else
				buf_adds(w->out, "{}");
			json_decref(data);
			break;
		}
		}
	}
	jw_end_obj(w);
}

/* The dossier's components, with the document type its procedure asks. */
static void w_components(struct jw *w, const struct svc_dossier *s)
{
	jw_key(w, "components");
	jw_arr(w);
	for (size_t i = 0; i < s->ncomponents; i++) {
		const struct dossier_component *c = &s->components[i];
		jw_obj(w);
		jw_kstr(w, "name", c->name_vi);
		jw_kstr(w, "name_en", c->name_en ? c->name_en : "");
		jw_kstr(w, "copy_type", c->copy_type);
		jw_kint(w, "copies", c->copies);
		jw_kbool(w, "mandatory", c->mandatory);
		jw_kstr(w, "status", c->status);
		jw_kstr(w, "doc_type",
			i < s->proc.ncomponents ? s->proc.components[i].doc_type : "");
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

/* The steps of the procedure's process, each with its share of the time
 * limit in the limit's unit. */
static void w_process(struct jw *w, const struct svc_dossier *s)
{
	bool days = s->proc.limit_unit && !strcmp(s->proc.limit_unit, "days");
	jw_key(w, "process");
	jw_arr(w);
	for (size_t i = 0; i < s->proc.nsteps; i++) {
		const struct proc_step *ps = &s->proc.steps[i];
		jw_obj(w);
		jw_kint(w, "number", (int64_t)i + 1);
		jw_kstr(w, "name", ps->name.vi);
		jw_kstr(w, "name_en", ps->name.en ? ps->name.en : "");
		jw_kstr(w, "role", ps->role);
		jw_kstr(w, "unit", ps->unit);
		jw_key(w, days ? "days" : "hours");
		jw_int(w, ps->share);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static void w_dossier(struct jw *w, const struct svc_dossier *s)
{
	const struct dossier *d = &s->d;
	jw_obj(w);
	jw_kstr(w, "code", d->code);
	jw_kstr(w, "state", wf_state_name(s->state));
	jw_kstr(w, "state_label", wf_state_label_vi(s->state));
	jw_kstr(w, "state_label_en", wf_state_label_en(s->state));
	jw_kint(w, "national_status", s->state);
	jw_kstr(w, "channel", d->channel);
	jw_key(w, "procedure");
	jw_obj(w);
	jw_kstr(w, "code", d->procedure_code);
	jw_kint(w, "version", d->procedure_version);
	jw_kstr(w, "name", d->procedure_name_vi ? d->procedure_name_vi : "");
	jw_kstr(w, "name_en", d->procedure_name_en ? d->procedure_name_en : "");
	jw_key(w, "time_limit");
	jw_obj(w);
	jw_kint(w, "value", s->proc.limit_value);
	jw_kstr(w, "unit", s->proc.limit_unit);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_key(w, "receiving_unit");
	w_unit(w, &s->receiving_unit);
	jw_key(w, "processing_unit");
	w_unit(w, &s->processing_unit);
	jw_key(w, "coordinating_units");
	jw_arr(w);
	for (size_t i = 0; i < s->ncoordinators; i++)
		jw_str(w, s->coordinators[i]);
	jw_end_arr(w);
	jw_key(w, "applicant");
	if (d->submitter.kind) {
		jw_obj(w);
		w_party_fields(w, &d->submitter);
		jw_key(w, "owner");
		if (d->owner.kind) {
			jw_obj(w);
			w_party_fields(w, &d->owner);
			jw_end_obj(w);
		} else {
			jw_null(w);
		}
		jw_end_obj(w);
	} else {
		jw_null(w);
	}
	jw_kstr(w, "request", d->request_text ? d->request_text : "");
	jw_kint(w, "sets", d->sets);
	jw_kstr(w, "return_method", d->return_method);
	w_components(w, s);
	jw_ktime(w, "submitted_at", d->submitted_at);
	jw_ktime(w, "received_at", d->received_at);
	jw_ktime(w, "due_at", s->effective_due_at);
	jw_ktime(w, "original_due_at", d->due_at);
	jw_key(w, "step");
	jw_obj(w);
	jw_kint(w, "number", d->step);
	jw_kstr(w, "name", s->step_name_vi);
	jw_kstr(w, "name_en", s->step_name_en);
	jw_kstr(w, "role", d->step_role);
	jw_kstr(w, "unit", s->step_unit.id ? s->step_unit.code : NULL);
	jw_ktime(w, "started_at", d->step_started_at);
	jw_ktime(w, "due_at", d->step_due_at);
	jw_kstr(w, "assignee", d->assignee);
	jw_end_obj(w);
	w_process(w, s);
	jw_kbool(w, "paused", d->paused_at != 0);
	jw_kint(w, "supplements", d->supplements);
	jw_key(w, "extension");
	jw_obj(w);
	jw_kstr(w, "state", d->extension ? d->extension : "none");
	jw_kstr(w, "reason", d->extension_reason);
	jw_ktime(w, "proposed_due_at", d->extension_due_at);
	jw_end_obj(w);
	jw_kbool(w, "approved", d->approved);
	jw_kbool(w, "counts_late", d->counts_late);
	jw_kstr(w, "result_code", d->result_code);
	jw_ktime(w, "result_at", d->result_at);
	jw_ktime(w, "returned_at", d->returned_at);
	jw_ktime(w, "ended_at", d->ended_at);
	jw_kstr(w, "timeliness", d->timeliness);
	jw_key(w, "actions");
	jw_arr(w);
	for (int a = 0; a < WF_NACTIONS; a++)
		if (s->allowed & (1u << a))
			jw_str(w, wf_action_name((enum wf_action)a));
	jw_end_arr(w);
	jw_key(w, "form");
	if (s->form) {
		char f[3] = {(char)('0' + s->form / 10 % 10), (char)('0' + s->form % 10), 0};
		jw_str(w, f);
	} else {
		jw_null(w);
	}
	jw_key(w, "history");
	jw_arr(w);
	for (size_t i = 0; i < s->nevents; i++)
		w_event(w, &s->events[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}

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

/* Reads a components array: [{"doc_type", "status"}] or ["paper", ...]. */
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
		struct jspec spec[] = {
			JSPEC_STR("doc_type", false, 80, &(*out)[i].doc_type),
			JSPEC_STR("status", true, 20, &(*out)[i].status),
		};
		struct jerr err = {0};
		if (jspec_check(it, spec, 2, prefix, &err) < 0) {
			http_reply_jerr(req, &err);
			return -1;
		}
	}
	return 0;
}

static void reply_dossier(struct http_request *req, int status, const struct svc_dossier *s)
{
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	w_dossier(&w, s);
	http_reply_text(req, status, "application/json; charset=utf-8", b.p, b.len);
	buf_release(&b);
}

void api_dossiers_create(struct http_request *req)
{
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct svc_receipt in = {0};
	json_t *applicant = NULL, *components = NULL, *coord = NULL, *owner = NULL;
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
	};
	struct jerr err = {0};
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	if (read_party(req, applicant, "applicant", &in.submitter, &owner) < 0)
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
	struct svc_action act = {.action = action};
	json_t *body = NULL, *components = NULL;
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
			JSPEC_STR("result_code", false, 100, &act.result_code),
			JSPEC_ARR("components", false, PROC_MAX_COMPONENTS, &components),
		};
		struct jerr err = {0};
		if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
			http_reply_jerr(req, &err);
			goto out;
		}
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

static json_t *inbox_item(const struct dossier *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(d->code));
	int st = wf_state_parse(d->state);
	state_json(o, st > 0 ? (enum dossier_state)st : DOSSIER_NONE);
	json_object_set_new(o, "procedure",
			    json_pack("{s:s,s:s,s:s}", "code", d->procedure_code, "name",
				      d->procedure_name_vi ? d->procedure_name_vi : "", "name_en",
				      d->procedure_name_en ? d->procedure_name_en : ""));
	json_object_set_new(o, "applicant",
			    json_string(d->owner.name ? d->owner.name : d->submitter.name));
	json_object_set_new(o, "channel", json_string(d->channel));
	json_object_set_new(o, "received_at", json_time(d->received_at));
	json_object_set_new(o, "submitted_at", json_time(d->submitted_at));
	json_object_set_new(o, "due_at",
			    json_time(d->extended_due_at ? d->extended_due_at : d->due_at));
	json_object_set_new(o, "step",
			    json_pack("{s:I,s:o,s:o,s:o}", "number", (json_int_t)d->step, "role",
				      str_or_null(d->step_role), "due_at",
				      json_time(d->step_due_at), "assignee",
				      str_or_null(d->assignee)));
	json_object_set_new(o, "paused", json_boolean(d->paused_at != 0));
	json_object_set_new(o, "counts_late", json_boolean(d->counts_late));
	json_object_set_new(o, "extension", json_string(d->extension ? d->extension : "none"));
	json_object_set_new(o, "extension_reason", str_or_null(d->extension_reason));
	json_object_set_new(o, "extension_due_at", json_time(d->extension_due_at));
	json_object_set_new(o, "approved", json_boolean(d->approved));
	json_object_set_new(o, "result_code", str_or_null(d->result_code));
	return o;
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
	json_t *items = json_array();
	for (size_t i = 0; i < out.n; i++)
		json_array_append_new(items, inbox_item(&out.items[i]));
	json_t *counts = json_pack(
		"{s:I,s:I,s:I,s:I,s:I,s:I}", "all", (json_int_t)out.counts.all, "mine",
		(json_int_t)out.counts.mine, "pool", (json_int_t)out.counts.pool, "due_soon",
		(json_int_t)out.counts.due_soon, "overdue", (json_int_t)out.counts.overdue,
		"waiting", (json_int_t)out.counts.waiting);
	http_reply_json(req, 200,
			json_pack("{s:o,s:I,s:I,s:I,s:o}", "items", items, "total",
				  (json_int_t)out.total, "page", (json_int_t)in.page, "per_page",
				  (json_int_t)in.per_page, "counts", counts));
}

static json_t *track_json(const struct svc_track *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(t->code));
	state_json(o, t->state);
	json_object_set_new(o, "procedure",
			    json_pack("{s:s,s:s,s:s}", "code", t->procedure_code, "name",
				      t->procedure_name_vi ? t->procedure_name_vi : "", "name_en",
				      t->procedure_name_en ? t->procedure_name_en : ""));
	json_object_set_new(o, "owner", json_string(t->owner_masked));
	json_object_set_new(o, "submitted_at", json_time(t->submitted_at));
	json_object_set_new(o, "received_at", json_time(t->received_at));
	json_object_set_new(o, "due_at", json_time(t->due_at));
	json_object_set_new(o, "result_at", json_time(t->result_at));
	json_object_set_new(o, "returned_at", json_time(t->returned_at));
	json_t *steps = json_array();
	for (size_t i = 0; i < t->nsteps; i++) {
		char date[16];
		clock_format_date_local(t->steps[i].at, date, sizeof date);
		json_array_append_new(
			steps, json_pack("{s:s,s:s,s:s,s:s}", "unit", t->steps[i].unit_code,
					 "unit_name", t->steps[i].unit_name_vi, "unit_name_en",
					 t->steps[i].unit_name_en ? t->steps[i].unit_name_en : "",
					 "date", date));
	}
	json_object_set_new(o, "steps", steps);
	return o;
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
	int64_t ttl = config_int(req->cfg, "http.track_cache_ms");
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
	json_t *o = track_json(&t);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s) {
		http_reply_error(req, ERR_INTERNAL, NULL, NULL);
		return;
	}
	len = strlen(s);
	if (ttl > 0)
		svc_track_cache_put(code, ticket, now, s, len);
	track_reply(req, s, len);
	free(s);
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
	json_t *items = json_array();
	for (size_t i = 0; i < out.n; i++)
		json_array_append_new(items, inbox_item(&out.items[i]));
	http_reply_json(req, 200,
			json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
				  (json_int_t)out.total, "page", (json_int_t)page, "per_page",
				  (json_int_t)per_page));
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
	http_reply_json(req, 200, json_pack("{s:o,s:o}", "states", states, "actions", actions));
}
