/* Log-in, log-out, who am I, and citizen self-registration (answered 202
 * alike for a free and a taken name, and limited per address). The session
 * token travels only in an HttpOnly, SameSite=Strict cookie; the CSRF token
 * is returned in the body for the page to send back in X-CSRF-Token.
 * Layer: api. */
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "core/roles.h"

/* The user as the log-in and /auth/me show it; NULL, with the error
 * replied, if the database failed reading the user's unit. */
static json_t *user_json(struct http_request *req, int64_t unit_id, const char *username,
			 const char *full_name, const char *kind, unsigned roles, bool must_change)
{
	struct unit u;
	if (unit_id) {
		struct svc_result res = svc_unit_get(req->db, &req->arena, unit_id, &u);
		if (res.code == ERR_UNIT_NOT_FOUND) {
			unit_id = 0; /* removed meanwhile: shown without one, as before */
		} else if (res.code != ERR_NONE) {
			api_reply_svc(req, res);
			return NULL;
		}
	}
	json_t *unit = unit_id ? json_pack("{s:s,s:s,s:s,s:s}", "code", u.code, "ident", u.ident,
					   "name", u.name_vi, "name_en", u.name_en)
			       : json_null();
	json_t *r = json_array();
	for (const unsigned *x = role_all; *x; x++)
		if (roles & *x)
			json_array_append_new(r, json_string(role_name(*x)));
	/* must_change_password: an administrator chose the password; the
	 * account may only change it (and log out) until it has. */
	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:b}", "username", username, "full_name", full_name,
			 "kind", kind ? kind : "staff", "roles", r, "unit", unit,
			 "must_change_password", must_change);
}

static void set_cookie(struct http_request *req, const char *value, int64_t max_age)
{
	char c[256];
	snprintf(c, sizeof c,
		 "motcua_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", value,
		 (long long)max_age, req->cfg->v.session_secure_cookie ? "; Secure" : "");
	http_add_header(req, "Set-Cookie", c);
	sodium_memzero(c, sizeof c);
}

void api_auth_login(struct http_request *req)
{
	const char *username = NULL, *password = NULL;
	struct jspec spec[] = {
		JSPEC_STRN("username", true, 1, 64, &username),
		JSPEC_STRN("password", true, 1, 1024, &password),
	};
	struct jerr err = {0};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	if (jspec_check(body, spec, 2, "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	struct svc_login s;
	struct svc_result r =
		svc_login(req->db, req->cfg, &req->arena, username, password, req->ip, &s);
	if (r.code != ERR_NONE) {
		api_reply_svc_retry(req, r, s.retry_after);
		goto out;
	}
	json_t *user = user_json(req, s.user.unit_id, s.user.username, s.user.full_name,
				 s.user.kind, s.user.roles, s.user.must_change_password);
	if (!user) {
		/* The session stays unused: no cookie names it. */
		sodium_memzero(&s, sizeof s);
		goto out;
	}
	set_cookie(req, s.token, req->cfg->v.session_hours * 3600);
	json_t *o = json_pack("{s:o,s:s}", "user", user, "csrf_token", s.csrf);
	sodium_memzero(&s, sizeof s);
	http_reply_json(req, 200, o);
out:
	/* The body held the password: scrub jansson's copy before freeing it. */
	if (password)
		sodium_memzero((char *)password, strlen(password));
	json_decref(body);
}

void api_auth_logout(struct http_request *req)
{
	struct svc_result r = svc_logout(req->db, req->user->token_hash);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	set_cookie(req, "", 0);
	http_reply_empty(req, 204);
}

/* Public: a visitor without a session is told so with {"user": null}, not
 * a 401 that every anonymous visit of the portal would log as an error in
 * the browser's console (issue 15). A forged or expired cookie is no
 * session either. */
void api_auth_me(struct http_request *req)
{
	struct http_user *u = req->user;
	if (!u) {
		http_reply_json(req, 200, json_pack("{s:n}", "user"));
		return;
	}
	json_t *user = user_json(req, u->unit_id, u->username, u->full_name, u->kind, u->roles,
				 u->must_change_password);
	if (!user)
		return;
	json_t *ident;
	if (api_me_identity(req, &ident) < 0) {
		json_decref(user);
		return;
	}
	if (ident)
		json_object_update(user, ident);
	json_decref(ident);
	json_t *o = json_pack("{s:o,s:s}", "user", user, "csrf_token", u->csrf_token);
	http_reply_json(req, 200, o);
}

void api_auth_register(struct http_request *req)
{
	struct svc_registration g = {0};
	struct jspec spec[] = {
		JSPEC_STRN("kind", true, 1, 20, &g.kind),
		JSPEC_STRN("id_number", false, 1, 12, &g.id_number),
		JSPEC_STRN("tax_code", false, 1, 14, &g.tax_code),
		JSPEC_STRN("full_name", true, 1, 200, &g.full_name),
		JSPEC_STRN("email", true, 3, 254, &g.email),
		JSPEC_STRN("username", true, 1, 64, &g.username),
		JSPEC_STRN("password", true, 1, 1024, &g.password),
	};
	struct jerr err = {0};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	struct user u;
	g.ip = req->ip;
	struct svc_result r = svc_register(req->db, req->cfg, &req->arena, &g, &u);
	if (r.code != ERR_NONE) {
		api_reply_svc_retry(req, r, g.retry_after);
		goto out;
	}
	/* The same answer whether the account was made or its name or identity
	 * was taken (the owner was told): the e-mail says which. */
	http_reply_json(req, 202, json_pack("{s:s}", "status", "check_email"));
out:
	if (g.password)
		sodium_memzero((char *)g.password, strlen(g.password));
	json_decref(body);
}
