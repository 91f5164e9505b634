/* Staff accounts by administrators (issue 15 item 3, DOMAIN.md 15):
 * GET/POST /api/v1/users, GET/PUT /api/v1/users/{username}, POST
 * /api/v1/users/{username}/password. The rules (who manages which units,
 * what a field may hold, what ends the sessions, the history) are
 * svc_users.c's, shared with `motcua user ...`; here the JSON in and out.
 * Layer: api. */
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "base/text.h"
#include "core/roles.h"
#include "svc/svc_users.h"

static json_t *opt_str(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *roles_json(unsigned roles)
{
	json_t *arr = json_array();
	for (const unsigned *r = role_all; *r; r++)
		if (roles & *r)
			json_array_append_new(arr, json_string(role_name(*r)));
	return arr;
}

static json_t *user_json(const struct svc_user_view *v, bool history)
{
	const struct user *u = &v->user;
	json_t *unit = v->unit.id ? json_pack("{s:s,s:s,s:s}", "code", v->unit.code, "name",
					      v->unit.name_vi, "name_en", v->unit.name_en)
				  : json_null();
	json_t *j = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:b}", "username", u->username,
			      "full_name", u->full_name, "email", opt_str(u->email), "phone",
			      opt_str(u->phone), "unit", unit, "roles", roles_json(u->roles),
			      "active", u->active, "must_change_password", u->must_change_password);
	if (history) {
		json_t *h = json_array();
		for (size_t i = 0; i < v->nhistory; i++)
			json_array_append_new(h,
					      json_pack("{s:s,s:s,s:o}", "what", v->history[i].what,
							"by", v->history[i].by_name, "at",
							json_time(v->history[i].at)));
		json_object_set_new(j, "history", h);
	}
	return j;
}

/* The role names of arr into *roles; false (and the 400 sent) if one is
 * not a role name. */
static bool roles_in(struct http_request *req, json_t *arr, unsigned *roles)
{
	size_t i;
	json_t *x;
	*roles = 0;
	json_array_foreach(arr, i, x)
	{
		unsigned bit = json_is_string(x) ? role_parse(json_string_value(x)) : 0;
		if (!bit) {
			char field[32];
			snprintf(field, sizeof field, "roles[%zu]", i);
			http_reply_error(req, ERR_FIELD_INVALID, field,
					 "admin, receiver, specialist, head, leader or office");
			return false;
		}
		*roles |= bit;
	}
	return true;
}

void api_users_list(struct http_request *req)
{
	struct svc_user_query q = {.unit_code = http_query(req, "unit"),
				   .role = http_query(req, "role"),
				   .state = http_query(req, "state"),
				   .text = http_query(req, "q"),
				   .limit = 50};
	const char *v;
	if ((v = http_query(req, "limit")) &&
	    text_parse_i64(v, 1, SVC_USERS_PAGE_MAX, &q.limit) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "limit", "a whole number from 1 to 100");
		return;
	}
	if ((v = http_query(req, "offset")) && text_parse_i64(v, 0, 1000000, &q.offset) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "offset", "a whole number from 0 to 1000000");
		return;
	}
	if (q.text && text_utf8_len(q.text) > 100) {
		http_reply_error(req, ERR_BAD_QUERY, "q", "at most 100 characters");
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_user_view *items;
	size_t n;
	int64_t total;
	struct svc_result r = svc_users_list(req->db, &req->arena, &who, &q, &items, &n, &total);
	if (r.code == ERR_FIELD_INVALID || r.code == ERR_UNIT_NOT_FOUND)
		r.code = ERR_BAD_QUERY; /* a query parameter, not a body field */
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, user_json(&items[i], false));
	http_reply_json(req, 200,
			json_pack("{s:o,s:I,s:I,s:I}", "items", arr, "total", (json_int_t)total,
				  "limit", (json_int_t)q.limit, "offset", (json_int_t)q.offset));
}

/* Replies with the account username as it is now: 200, or status. */
static void reply_user(struct http_request *req, int status, const char *username, json_t *extra)
{
	struct svc_actor who = api_actor(req);
	struct svc_user_view v;
	struct svc_result r = svc_user_get(req->db, &req->arena, &who, username, &v);
	if (r.code != ERR_NONE) {
		json_decref(extra);
		api_reply_svc(req, r);
		return;
	}
	if (!extra) {
		http_reply_json(req, status, user_json(&v, true));
		return;
	}
	json_object_set_new(extra, "user", user_json(&v, true));
	http_reply_json(req, status, extra);
}

void api_user_get(struct http_request *req)
{
	reply_user(req, 200, http_param(req, 0), NULL);
}

void api_user_create(struct http_request *req)
{
	struct svc_user_new in = {0};
	json_t *roles = NULL;
	struct jspec spec[] = {
		JSPEC_STRN("username", true, 1, 64, &in.username),
		JSPEC_STRN("full_name", true, 1, 200, &in.full_name),
		JSPEC_STR("email", false, 254, &in.email),
		JSPEC_STR("phone", false, 32, &in.phone),
		JSPEC_STRN("unit", false, 1, 32, &in.unit_code),
		JSPEC_ARR("roles", true, 6, &roles),
		JSPEC_STRN("password", false, 1, 128, &in.password),
	};
	struct jerr err = {0};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	char generated[SVC_PASSWORD_GEN] = "";
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	if (!roles_in(req, roles, &in.roles))
		goto out;
	struct svc_actor who = api_actor(req);
	struct svc_result r =
		svc_user_add(req->db, req->cfg, &req->arena, &who, &in, generated, NULL);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		goto out;
	}
	/* A generated password is shown this once, to be handed over. */
	reply_user(req, 201, in.username,
		   in.password ? json_object() : json_pack("{s:s}", "initial_password", generated));
out:
	sodium_memzero(generated, sizeof generated);
	json_decref(body);
}

void api_user_update(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_user_change ch = {.active = -1, .who = &who};
	json_t *roles = NULL;
	bool active = true, has_active = false;
	struct jspec spec[] = {
		JSPEC_STRN("full_name", false, 1, 200, &ch.full_name),
		JSPEC_STR("email", false, 254, &ch.email),
		JSPEC_STR("phone", false, 32, &ch.phone),
		JSPEC_STRN("unit", false, 1, 32, &ch.unit_code),
		JSPEC_ARR("roles", false, 6, &roles),
		JSPEC_BOOL("active", false, &active),
	};
	spec[5].present = &has_active;
	struct jerr err = {0};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	if (roles && !roles_in(req, roles, &ch.roles))
		goto out;
	if (roles && !ch.roles) {
		http_reply_error(req, ERR_FIELD_MISSING, "roles", "at least one staff role");
		goto out;
	}
	if (has_active)
		ch.active = active ? 1 : 0;
	int64_t ended = 0;
	struct svc_result r =
		svc_user_change(req->db, req->cfg, &req->arena, http_param(req, 0), &ch, &ended);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_user(req, 200, http_param(req, 0),
			   json_pack("{s:I}", "sessions_ended", (json_int_t)ended));
out:
	json_decref(body);
}

void api_user_password(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_user_change ch = {.active = -1, .who = &who};
	struct jspec spec[] = {
		JSPEC_STRN("password", false, 1, 128, &ch.password),
	};
	struct jerr err = {0};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	char generated[SVC_PASSWORD_GEN] = "";
	if (jspec_check(body, spec, 1, "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	bool made = !ch.password;
	if (made) {
		svc_password_generate(generated);
		ch.password = generated;
	}
	int64_t ended = 0;
	struct svc_result r =
		svc_user_change(req->db, req->cfg, &req->arena, http_param(req, 0), &ch, &ended);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		goto out;
	}
	json_t *extra = json_pack("{s:I}", "sessions_ended", (json_int_t)ended);
	if (made)
		json_object_set_new(extra, "initial_password", json_string(generated));
	reply_user(req, 200, http_param(req, 0), extra);
out:
	sodium_memzero(generated, sizeof generated);
	json_decref(body);
}

/* PUT /api/v1/auth/password: one's own password, the only thing an
 * account whose password an administrator chose may do (ROUTE_PASSWORD_CHANGE). */
void api_auth_password(struct http_request *req)
{
	const char *current = NULL, *next = NULL;
	struct jspec spec[] = {
		JSPEC_STRN("current_password", true, 1, 1024, &current),
		JSPEC_STRN("new_password", true, 1, 128, &next),
	};
	struct jerr err = {0};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	if (jspec_check(body, spec, 2, "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	int64_t ended = 0;
	struct svc_result r = svc_password_change(req->db, req->cfg, &req->arena, req->user->id,
						  req->user->token_hash, current, next, &ended);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200,
				json_pack("{s:b,s:I}", "must_change_password", 0, "sessions_ended",
					  (json_int_t)ended));
out:
	/* The body held the passwords: scrub jansson's copies before freeing. */
	if (current)
		sodium_memzero((char *)current, strlen(current));
	if (next)
		sodium_memzero((char *)next, strlen(next));
	json_decref(body);
}
