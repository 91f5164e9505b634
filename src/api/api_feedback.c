/* Feedback on regulations and service over HTTP (issue 14): sending from
 * the portal or recording at the desk, the staff's inbox and actions, the
 * sender's tracking page (code and key; the key is the credential, so no
 * log-in) and the public page of answered feedback. The views of an item
 * are here too: the staff's (everything), the sender's (no officer's name,
 * no internal note) and the public one (the question and its answer).
 * Layer: api. */
#include <string.h>

#include "api/api.h"
#include "api/api_feedback.h"
#include "base/text.h"
#include "core/roles.h"
#include "svc/svc_feedback.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *state_of(const char *state)
{
	int s = fb_state_parse(state);
	return json_pack("{s:s,s:s,s:s}", "code", state, "vi", fb_state_label_vi(s < 0 ? 0 : s),
			 "en", fb_state_label_en(s < 0 ? 0 : s));
}

/* The fields every view shows. */
static json_t *view_public(const struct feedback *f)
{
	return json_pack("{s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "code", f->code,
			 "category", str_or_null(f->category), "subject", f->subject, "content",
			 f->content, "answer", str_or_null(f->answer), "procedure_code",
			 str_or_null(f->procedure_code), "field", str_or_null(f->field), "unit",
			 str_or_null(f->unit_code), "received_at", json_time(f->received_at),
			 "answered_at", json_time(f->answered_at), "published_at",
			 json_time(f->published_at), "state", state_of(f->state));
}

static json_t *allowed_of(unsigned bits)
{
	json_t *a = json_array();
	for (int i = 0; i < FB_NACTIONS; i++)
		if (bits & (1u << i))
			json_array_append_new(a, json_string(fb_action_name((enum fb_action)i)));
	return a;
}

static const char *deadline_name(enum fb_deadline d)
{
	static const char *const names[] = {NULL, "refuse", "request_info", "answer", "publish"};
	return (int)d > 0 && d <= FB_DL_PUBLISH ? names[d] : NULL;
}

/* The deadlines and warnings, for staff and sender alike. */
static void add_deadlines(json_t *o, const struct svc_feedback_view *v)
{
	const struct feedback *f = &v->f;
	json_t *run = json_array();
	for (size_t i = 0; i < v->nrunning; i++) {
		const struct svc_fb_deadline *d = &v->running[i];
		json_array_append_new(run,
				      json_pack("{s:s,s:o,s:b,s:b}", "kind", deadline_name(d->kind),
						"due_at", json_time(d->due_at), "due_soon",
						d->due_soon, "overdue", d->overdue));
	}
	json_object_set_new(o, "running_deadlines", run);
	json_object_set_new(o, "due_kind",
			    str_or_null(v->due_at ? deadline_name(v->due_kind) : NULL));
	json_object_set_new(o, "deadlines",
			    json_pack("{s:o,s:o,s:o,s:o}", "refuse", json_time(f->refuse_due_at),
				      "request_info", json_time(f->info_due_at), "answer",
				      json_time(f->answer_due_at), "publish",
				      json_time(f->publish_due_at)));
	json_object_set_new(o, "due_at", json_time(v->due_at));
	json_object_set_new(o, "due_soon", json_boolean(v->due_soon));
	json_object_set_new(o, "overdue", json_boolean(v->overdue));
	json_object_set_new(o, "late", json_boolean(f->late));
	json_object_set_new(o, "rating", str_or_null(f->rating));
	json_object_set_new(o, "reraised", json_integer(f->reraised));
	json_object_set_new(o, "raised_at", json_time(f->raised_at));
	json_object_set_new(o, "channel", json_string(f->channel));
	json_object_set_new(o, "dossier_code", str_or_null(f->dossier_code));
	json_object_set_new(o, "dossier_confirmed",
			    json_boolean(f->dossier_id && f->dossier_confirmed));
	json_object_set_new(o, "private", json_boolean(f->private_));
	json_object_set_new(o, "personal_data", json_boolean(f->personal_data));
	json_object_set_new(o, "allowed", allowed_of(v->allowed));
}

/* Actions whose note the sender may read (an officer's internal reasons,
 * such as a leader's send-back, stay inside). */
static bool note_for_sender(const char *action)
{
	static const char *const ok[] = {"refuse", "request_info", "reply", "reraise"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!strcmp(action, ok[i]))
			return true;
	return false;
}

static json_t *history_of(const struct svc_feedback_view *v, bool staff)
{
	json_t *h = json_array();
	for (size_t i = 0; i < v->nevents; i++) {
		const struct event *e = &v->events[i];
		json_t *o =
			json_pack("{s:I,s:o,s:s,s:s,s:s,s:o,s:o}", "seq", (json_int_t)e->seq, "at",
				  json_time(e->at), "action", e->action, "from_state",
				  e->from_state, "to_state", e->to_state, "timeliness",
				  str_or_null(e->timeliness), "due_at", json_time(e->step_due_at));
		bool show = staff || note_for_sender(e->action);
		json_object_set_new(o, "note", str_or_null(show ? e->note : NULL));
		if (staff)
			json_object_set_new(o, "actor", str_or_null(e->actor));
		json_array_append_new(h, o);
	}
	return h;
}

/* With feedback.max_raises: staff see how often the sender raised the item
 * again (reraised) of the times allowed. */
static json_t *view_staff(const struct config *cfg, const struct svc_feedback_view *v, bool history)
{
	const struct feedback *f = &v->f;
	json_t *o = view_public(f);
	add_deadlines(o, v);
	json_object_set_new(o, "max_raises", json_integer(cfg->v.feedback_max_raises));
	json_object_set_new(o, "sender",
			    json_pack("{s:s,s:o,s:o,s:o}", "name", f->sender_name, "email",
				      str_or_null(f->sender_email), "phone",
				      str_or_null(f->sender_phone), "address",
				      str_or_null(f->sender_address)));
	json_object_set_new(o, "published_content", str_or_null(f->published_content));
	if (history)
		json_object_set_new(o, "history", history_of(v, true));
	if (v->units) {
		json_t *u = json_array();
		for (size_t i = 0; i < v->nunits; i++)
			json_array_append_new(
				u, json_pack("{s:s,s:s,s:s}", "code", v->units[i].code, "name_vi",
					     v->units[i].name_vi, "name_en", v->units[i].name_en));
		json_object_set_new(o, "assign_units", u);
	}
	return o;
}

/* Whether the item's answer text is one a leader approved: the last of its
 * drafts and approvals is an approval. A draft, or a draft sent back, is
 * not the sender's to read; the answer approved before the item was raised
 * again is, until a new draft replaces it. */
static bool answer_approved(const struct svc_feedback_view *v)
{
	for (size_t i = v->nevents; i-- > 0;) {
		const char *a = v->events[i].action;
		if (!strcmp(a, "approve"))
			return true;
		if (!strcmp(a, "draft"))
			return false;
	}
	return false;
}

static json_t *view_sender(const struct config *cfg, const struct svc_feedback_view *v)
{
	json_t *o = view_public(&v->f);
	if (!answer_approved(v))
		json_object_set_new(o, "answer", json_null());
	add_deadlines(o, v);
	json_object_set_new(o, "max_raises", json_integer(cfg->v.feedback_max_raises));
	json_object_set_new(o, "raise_limit_reached", json_boolean(v->raise_limited));
	json_object_set_new(o, "sender", json_pack("{s:s}", "name", v->f.sender_name));
	json_object_set_new(o, "history", history_of(v, false));
	return o;
}

/* ---- sending ---- */

void api_feedback_create(struct http_request *req)
{
	struct svc_feedback_in in = {0};
	bool priv = false, personal = false;
	struct jspec spec[] = {
		JSPEC_STRN("channel", false, 1, 16, &in.channel),
		JSPEC_STRN("sender_name", true, 1, 200, &in.sender_name),
		JSPEC_STR("sender_email", false, 254, &in.sender_email),
		JSPEC_STR("sender_phone", false, 32, &in.sender_phone),
		JSPEC_STR("sender_address", false, 300, &in.sender_address),
		JSPEC_BOOL("private", false, &priv),
		JSPEC_BOOL("personal_data", false, &personal),
		JSPEC_STRN("subject", true, 1, 300, &in.subject),
		JSPEC_STRN("content", true, 1, 10000, &in.content),
		JSPEC_STRN("dossier_code", false, 1, 64, &in.dossier_code),
		JSPEC_STRN("procedure_code", false, 1, 64, &in.procedure_code),
	};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct jerr err = {0};
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return;
	}
	in.private_ = priv;
	in.personal_data = personal;
	in.ip = req->ip;
	struct svc_actor who = {0};
	if (req->user)
		who = api_actor(req);
	struct svc_feedback_view v;
	const char *key;
	struct svc_result r = svc_feedback_create(req->db, req->cfg, &req->arena,
						  req->user ? &who : NULL, &in, &v, &key);
	if (r.code != ERR_NONE) {
		api_reply_svc_retry(req, r, in.retry_after);
	} else {
		json_t *o = view_sender(req->cfg, &v);
		json_object_set_new(o, "key", json_string(key));
		http_reply_json(req, 201, o);
	}
	json_decref(body);
}

/* ---- the lists (staff, the sender's own, the public page) ---- */

/* The page asked for (1 by default) and the filter's offset for it; false
 * after a 400 naming `page`. */
static bool page_of(struct http_request *req, struct feedback_filter *flt, int64_t *page)
{
	const char *v = http_query(req, "page");
	*page = 1;
	if (v && text_parse_i64(v, 1, 100000, page) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "page", "a whole number from 1 to 100000");
		return false;
	}
	flt->offset = (*page - 1) * flt->limit;
	return true;
}

static void reply_items(struct http_request *req, json_t *items, int64_t total, int64_t page)
{
	http_reply_json(req, 200,
			json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)total,
				  "page", (json_int_t)page));
}

/* ---- the staff ---- */

void api_feedback_list(struct http_request *req)
{
	struct feedback_filter flt = {.limit = 50};
	int64_t page = 1;
	const char *v;
	if ((v = http_query(req, "state")) && fb_state_parse(v) < 1) {
		http_reply_error(req, ERR_BAD_QUERY, "state",
				 "received, awaiting_info, assigned, drafted, answered, published "
				 "or refused");
		return;
	}
	flt.state = v;
	if (!page_of(req, &flt, &page))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_feedback_view *items;
	size_t n;
	int64_t total;
	struct svc_result r =
		svc_feedback_list(req->db, &req->arena, &who, &flt, &items, &n, &total);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, view_staff(req->cfg, &items[i], false));
	reply_items(req, arr, total, page);
}

void api_feedback_get(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_feedback_view v;
	struct svc_result r = svc_feedback_get(req->db, &req->arena, &who, http_param(req, 0), &v);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, view_staff(req->cfg, &v, true));
}

/* The body of an action, staff's or sender's; key only for the sender. */
static bool act_input(struct http_request *req, json_t **body, struct svc_feedback_act_in *in,
		      const char **key)
{
	bool personal = false, has_personal = false;
	struct jspec spec[] = {
		JSPEC_STR("note", false, 4000, &in->note),
		JSPEC_STRN("category", false, 1, 32, &in->category),
		JSPEC_STRN("unit", false, 1, 64, &in->unit_code),
		JSPEC_STR("answer", false, 20000, &in->answer),
		JSPEC_STRN("rating", false, 1, 32, &in->rating),
		JSPEC_STR("published_content", false, 10000, &in->published_content),
		{.name = "personal_data",
		 .type = JSPEC_BOOL,
		 .out_bool = &personal,
		 .present = &has_personal},
		JSPEC_STRN("key", key != NULL, 1, 64, key),
	};
	size_t nspec = sizeof spec / sizeof spec[0] - (key ? 0 : 1);
	*body = http_json_body(req);
	if (!*body)
		return false;
	struct jerr err = {0};
	if (jspec_check(*body, spec, nspec, "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(*body);
		return false;
	}
	in->personal_data = has_personal ? personal : -1;
	return true;
}

void api_feedback_act(struct http_request *req)
{
	int a = fb_action_parse(http_param(req, 1));
	if (a < 0) {
		http_reply_error(req, ERR_FEEDBACK_ACTION_UNKNOWN, "action", NULL);
		return;
	}
	json_t *body;
	struct svc_feedback_act_in in = {0};
	if (!act_input(req, &body, &in, NULL))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_feedback_view v;
	struct svc_result r = svc_feedback_act(req->db, req->cfg, &req->arena, &who,
					       http_param(req, 0), (enum fb_action)a, &in, &v);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, view_staff(req->cfg, &v, true));
	json_decref(body);
}

/* ---- the sender ---- */

void api_feedback_track(struct http_request *req)
{
	struct svc_feedback_view v;
	struct svc_result r = svc_feedback_track(req->db, req->cfg, &req->arena, http_param(req, 0),
						 http_query(req, "key"), &v);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, view_sender(req->cfg, &v));
}

/* A sender's action: with the key, or (mine) by the account that sent it. */
static void sender_act(struct http_request *req, bool mine)
{
	int a = fb_action_parse(http_param(req, 1));
	if (a < 0) {
		http_reply_error(req, ERR_FEEDBACK_ACTION_UNKNOWN, "action", NULL);
		return;
	}
	json_t *body;
	struct svc_feedback_act_in in = {0};
	const char *key = NULL;
	if (!act_input(req, &body, &in, mine ? NULL : &key))
		return;
	struct svc_actor who = mine ? api_actor(req) : (struct svc_actor){0};
	struct svc_feedback_view v;
	struct svc_result r =
		svc_feedback_sender(req->db, req->cfg, &req->arena, http_param(req, 0), key,
				    mine ? (who.id ? who.id : -1) : 0, (enum fb_action)a, &in, &v);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, view_sender(req->cfg, &v));
	json_decref(body);
}

void api_feedback_sender(struct http_request *req)
{
	sender_act(req, false);
}

/* ---- my feedback: what a citizen sent while logged in ---- */

void api_feedback_mine(struct http_request *req)
{
	struct feedback_filter flt = {.limit = 50};
	int64_t page;
	if (!page_of(req, &flt, &page))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_feedback_view *items;
	size_t n;
	int64_t total;
	struct svc_result r =
		svc_feedback_mine(req->db, req->cfg, &req->arena, &who, &flt, &items, &n, &total);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, view_sender(req->cfg, &items[i]));
	reply_items(req, arr, total, page);
}

void api_feedback_mine_get(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_feedback_view v;
	struct svc_result r = svc_feedback_track_mine(req->db, req->cfg, &req->arena, &who,
						      http_param(req, 0), &v);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, view_sender(req->cfg, &v));
}

void api_feedback_mine_act(struct http_request *req)
{
	sender_act(req, true);
}

/* ---- the public page ---- */

void api_feedback_answers(struct http_request *req)
{
	struct feedback_filter flt = {.published_only = true, .limit = 20};
	int64_t page;
	if (!page_of(req, &flt, &page))
		return;
	flt.q = http_query(req, "q");
	flt.procedure_code = http_query(req, "procedure");
	flt.field = http_query(req, "field");
	if ((flt.q && strlen(flt.q) > 200) ||
	    (flt.procedure_code && strlen(flt.procedure_code) > 64) ||
	    (flt.field && strlen(flt.field) > 300)) {
		http_reply_error(req, ERR_BAD_QUERY,
				 flt.q && strlen(flt.q) > 200 ? "q"
				 : flt.procedure_code && strlen(flt.procedure_code) > 64
					 ? "procedure"
					 : "field",
				 "too long");
		return;
	}
	struct svc_feedback_view *items;
	size_t n;
	int64_t total;
	struct svc_result r =
		svc_feedback_list(req->db, &req->arena, NULL, &flt, &items, &n, &total);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		/* The text the Office published: the sender's, or without the
		 * personal data it took out. */
		struct feedback *f = &items[i].f;
		if (f->published_content && *f->published_content)
			f->content = f->published_content;
		json_array_append_new(arr, view_public(f));
	}
	reply_items(req, arr, total, page);
}
