/* Citizen accounts at the desk (issue 10, DOMAIN.md section 15): a
 * receiving officer looks an account up and marks it verified once the ID
 * card (or the organisation's papers) was checked; /auth/me tells the
 * citizen whether their account is verified. Layer: api. */
#include <string.h>

#include "api/api.h"
#include "base/log.h"
#include "svc/svc_identity.h"

/* The verification part of an account: null when unverified. */
static json_t *verified_json(const struct user *u)
{
	if (!u->verified_at)
		return json_null();
	return json_pack("{s:s,s:o}", "how", u->verified_how, "at", json_time(u->verified_at));
}

static json_t *account_json(const struct svc_account *a)
{
	const struct user *u = &a->user;
	json_t *log = json_array();
	for (size_t i = 0; i < a->nlog; i++) {
		const struct account_verification *v = &a->log[i];
		json_array_append_new(log, json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "action",
						     v->action, "ident", v->ident, "how", v->how,
						     "evidence", v->evidence, "by", v->by_username,
						     "at", json_time(v->at)));
	}
	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "username", u->username, "full_name",
			 u->full_name, "kind", u->kind, "id_number",
			 u->id_number ? json_string(u->id_number) : json_null(), "tax_code",
			 u->tax_code ? json_string(u->tax_code) : json_null(), "verified",
			 verified_json(u), "verifications", log);
}

void api_account_get(struct http_request *req)
{
	struct svc_account a;
	struct svc_result r = svc_account_get(req->db, &req->arena, http_param(req, 0), &a);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	/* An officer's read of a citizen's identity is logged (DOMAIN.md 15). */
	log_info("account read user=%s by=%s", a.user.username, req->user->username);
	http_reply_json(req, 200, account_json(&a));
}

void api_account_verify(struct http_request *req)
{
	struct svc_desk_check in = {0};
	struct jspec spec[] = {
		JSPEC_STRN("id_number", false, 1, 20, &in.id_number),
		JSPEC_STRN("tax_code", false, 1, 20, &in.tax_code),
		JSPEC_STRN("evidence", true, 1, 800, &in.evidence),
		JSPEC_BOOL("replace", false, &in.replace),
	};
	struct jerr err = {0};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	struct svc_actor who = api_actor(req);
	struct svc_account a;
	struct svc_result r =
		svc_account_verify_desk(req->db, &req->arena, &who, http_param(req, 0), &in, &a);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, account_json(&a));
out:
	json_decref(body);
}

int api_me_identity(struct http_request *req, json_t **out)
{
	const struct http_user *u = req->user;
	*out = NULL;
	if (!u || !u->kind || (strcmp(u->kind, "person") && strcmp(u->kind, "organisation")))
		return 0;
	struct svc_account a;
	struct svc_result r = svc_account_get(req->db, &req->arena, u->username, &a);
	if (r.code == ERR_ACCOUNT_NOT_FOUND)
		return 0; /* removed meanwhile: shown without, as before */
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return -1;
	}
	/* The e-mail too: the portal prefills the applicant with it (issue 15). */
	*out = json_pack("{s:o,s:o,s:o,s:o,s:b}", "id_number",
			 a.user.id_number ? json_string(a.user.id_number) : json_null(), "tax_code",
			 a.user.tax_code ? json_string(a.user.tax_code) : json_null(), "email",
			 a.user.email && *a.user.email ? json_string(a.user.email) : json_null(),
			 "verified", verified_json(&a.user), "oidc", *req->cfg->v.oidc_issuer != 0);
	return 0;
}
