/* Ratings and the desk's report over HTTP. A rating is given through a
 * link (public: the token is the credential, so no log-in and no CSRF
 * token), for a visit (offered on the counter's tablet when the ticket is
 * finished) or a dossier (mailed to the applicant when the result is
 * returned; an officer may have it mailed again, but never sees it). A
 * dossier is named by its numeric id or by its code (what the applicant and
 * the officer see); the code is turned into the id here. The report is for
 * staff. Layer: api. */
#include <string.h>

#include "api/api.h"
#include "api/views.h"
#include "base/clock.h"
#include "base/text.h"
#include "svc/svc_worker.h"

static bool target_of(struct http_request *req, const char **kind, int64_t *id)
{
	*kind = http_param(req, 0);
	const char *target = http_param(req, 1);
	bool dossier = !strcmp(*kind, "dossier");
	struct svc_result r = svc_fail(ERR_NOT_FOUND, NULL, NULL);
	if (text_parse_i64(target, 1, INT64_MAX, id) == 0)
		r = svc_ok();
	else if (dossier)
		r = svc_rating_dossier_id(req->db, &req->arena, target, id);
	if (r.code == ERR_NONE && (dossier || !strcmp(*kind, "visit")))
		return true;
	if (r.code == ERR_DB_ERROR)
		api_reply_svc(req, r);
	else
		http_reply_error(req, ERR_NOT_FOUND, NULL, NULL);
	return false;
}

void api_ratings_get(struct http_request *req)
{
	const char *kind;
	int64_t id;
	if (!target_of(req, &kind, &id))
		return;
	struct svc_rating_target t;
	struct svc_result r =
		svc_rating_target(req->db, &req->arena, kind, id, http_query(req, "token"), &t);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *questions = json_array();
	if (!strcmp(kind, "dossier"))
		for (size_t i = 0; i < rating_nindices; i++) {
			json_t *ans = json_array();
			for (size_t k = 0; k < 3 && rating_indices[i].answers[k]; k++)
				json_array_append_new(ans,
						      json_string(rating_indices[i].answers[k]));
			json_array_append_new(questions,
					      json_pack("{s:i,s:s,s:o}", "index",
							rating_indices[i].number, "key",
							rating_indices[i].key, "answers", ans));
		}
	json_t *levels = json_array();
	for (int l = 5; l >= 1; l--)
		json_array_append_new(levels, json_string(satisfaction_name(l)));
	http_reply_json(req, 200,
			json_pack("{s:s,s:I,s:s,s:{s:s,s:s,s:s},s:b,s:b,s:o,s:o,s:o}", "kind", kind,
				  "id", (json_int_t)id, "label", t.label, "unit", "code",
				  t.unit.code, "name", t.unit.name_vi, "name_en", t.unit.name_en,
				  "ready", t.ready, "used", t.used, "levels", levels, "questions",
				  questions, "current",
				  t.current ? view_rating(t.current) : json_null()));
}

void api_ratings_post(struct http_request *req)
{
	const char *kind;
	int64_t id;
	if (!target_of(req, &kind, &id))
		return;
	const char *token = NULL, *level = NULL;
	struct svc_rating_in in = {0};
	struct jspec spec[] = {
		JSPEC_STRN("token", true, 1, 128, &token),
		JSPEC_STRN("satisfaction", true, 1, 32, &level),
		JSPEC_STR("comment", false, 2000, &in.comment),
		JSPEC_STR("contacts", false, 32, &in.contacts),
		JSPEC_STR("agencies", false, 32, &in.agencies),
		JSPEC_STR("attitude", false, 32, &in.attitude),
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
	in.level = satisfaction_parse(level);
	in.by_staff = req->user && !strcmp(req->user->kind, "staff");
	if (in.level < 0) {
		http_reply_error(
			req, ERR_FIELD_INVALID, "satisfaction",
			"very_satisfied, satisfied, neutral, dissatisfied or very_dissatisfied");
		json_decref(body);
		return;
	}
	struct rating_row row;
	int64_t *officers;
	size_t n;
	struct svc_result r =
		svc_rating_submit(req->db, &req->arena, kind, id, token, &in, &row, &officers, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
	} else {
		json_t *o = view_rating(&row);
		json_t *offs = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(offs, json_integer(officers[i]));
		json_object_set_new(o, "officers", offs);
		json_object_set_new(o, "unit", json_integer(row.unit_id));
		json_object_set_new(o, "ticket",
				    row.ticket_id ? json_integer(row.ticket_id) : json_null());
		json_object_set_new(o, "dossier",
				    row.dossier_id ? json_integer(row.dossier_id) : json_null());
		http_reply_json(req, 201, o);
	}
	json_decref(body);
}

/* An officer asks for the invitation to rate a returned dossier to be
 * mailed to its applicant again. The reply never holds the link: officers
 * do not get links to rate what they handled (issue 10); a visit is rated
 * on the counter's tablet when it is finished. */
void api_ratings_link(struct http_request *req)
{
	const char *kind = NULL, *code = NULL;
	int64_t id = 0;
	struct jspec spec[] = {JSPEC_STRN("kind", true, 1, 16, &kind),
			       JSPEC_INT("id", false, 1, INT64_MAX, &id),
			       JSPEC_STRN("code", false, 1, 64, &code)};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct jerr err = {0};
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return;
	}
	/* kind and code point into body: copied before it goes. */
	kind = arena_strdup(&req->arena, kind);
	code = code ? arena_strdup(&req->arena, code) : NULL;
	json_decref(body);
	if (strcmp(kind, "dossier")) {
		http_reply_error(req, ERR_FIELD_INVALID, "kind",
				 "dossier only: a visit is rated on the counter's tablet");
		return;
	}
	/* A dossier by id or by code, not both. */
	if (code && id) {
		http_reply_error(req, ERR_FIELD_INVALID, "code", "a dossier by id or by code");
		return;
	}
	if (!code && !id) {
		http_reply_error(req, ERR_FIELD_MISSING, "id", NULL);
		return;
	}
	struct svc_result found =
		code ? svc_rating_dossier_id(req->db, &req->arena, code, &id) : svc_ok();
	if (found.code != ERR_NONE) {
		api_reply_svc(req, found);
		return;
	}
	const char *to;
	struct svc_result r = svc_rating_send(req->db, &req->arena, req->cfg, id, &to);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	/* The address masked: enough for the officer to tell the applicant. */
	const char *at = strchr(to, '@');
	const char *masked = at ? arena_printf(&req->arena, "%.1s***%s", to, at)
				: arena_strdup(&req->arena, "***");
	http_reply_json(
		req, 202,
		json_pack("{s:s,s:I,s:s}", "kind", kind, "id", (json_int_t)id, "sent_to", masked));
}

void api_ratings_link_own(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	int64_t id = 0;
	const char *token = NULL;
	struct svc_result r =
		svc_rating_link_own(req->db, &req->arena, &who, http_param(req, 0), &id, &token);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	http_reply_json(req, 201,
			json_pack("{s:s,s:I,s:s}", "kind", "dossier", "id", (json_int_t)id, "token",
				  token));
}

static json_t *stats_json(const struct queue_stats *s)
{
	return json_pack("{s:I,s:I,s:I,s:I}", "n", (json_int_t)s->n, "avg_ms", (json_int_t)s->avg,
			 "p90_ms", (json_int_t)s->p90, "max_ms", (json_int_t)s->max);
}

static json_t *row_json(const struct svc_queue_report_row *r)
{
	return json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:o,s:o,s:I,s:I,s:f}", "key", r->key, "name",
			 r->name ? r->name : "", "tickets", (json_int_t)r->tickets, "served",
			 (json_int_t)r->served, "no_shows", (json_int_t)r->no_shows, "waiting_now",
			 (json_int_t)r->waiting_now, "waiting", stats_json(&r->wait), "handling",
			 stats_json(&r->handling), "ratings", (json_int_t)r->ratings, "satisfied",
			 (json_int_t)r->satisfied, "satisfied_share", r->satisfied_share);
}

void api_queue_report(struct http_request *req)
{
	struct svc_queue_report rep;
	struct svc_result r =
		svc_queue_report(req->db, &req->arena, http_param(req, 0), http_query(req, "from"),
				 http_query(req, "to"), http_query(req, "by"), &rep);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *rows = json_array();
	for (size_t i = 0; i < rep.nrows; i++)
		json_array_append_new(rows, row_json(&rep.rows[i]));
	http_reply_json(req, 200,
			json_pack("{s:{s:s,s:s,s:s},s:s,s:s,s:s,s:o,s:o}", "unit", "code",
				  rep.unit.code, "name", rep.unit.name_vi, "name_en",
				  rep.unit.name_en, "from", rep.from, "to", rep.to, "by", rep.by,
				  "rows", rows, "total", row_json(&rep.total)));
}
