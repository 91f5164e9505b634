/* Log-in and identity verification through an OpenID Connect provider
 * (issue 10): GET /api/v1/auth/oidc/start redirects to the provider; its
 * answer comes back to GET /api/v1/auth/oidc/callback, which redirects to
 * the portal's home page (#/home) once the account is verified or logged
 * in. The flow is bound to the browser by the motcua_oidc cookie, SameSite=
 * Lax because the provider's redirect is a cross-site navigation (the
 * session cookie, SameSite=Strict, does not come with it; the flow
 * remembers who started it). Layer: api. */
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "svc/svc_oidc.h"

static void cookie(struct http_request *req, const char *name, const char *value, const char *path,
		   const char *same_site, int64_t max_age)
{
	char c[320];
	snprintf(c, sizeof c, "%s=%s; Path=%s; HttpOnly; SameSite=%s; Max-Age=%lld%s", name, value,
		 path, same_site, (long long)max_age,
		 req->cfg->v.session_secure_cookie ? "; Secure" : "");
	http_add_header(req, "Set-Cookie", c);
	sodium_memzero(c, sizeof c);
}

#define FLOW_PATH "/api/v1/auth/oidc"

/* Whether log-in through the provider is offered, for the log-in page of
 * someone not logged in yet (GET /api/v1/auth/me says it to the logged-in). */
void api_oidc_info(struct http_request *req)
{
	http_reply_json(req, 200, json_pack("{s:b}", "enabled", *req->cfg->v.oidc_issuer != 0));
}

void api_oidc_start(struct http_request *req)
{
	struct svc_actor who;
	if (req->user)
		who = api_actor(req);
	const char *location, *browser;
	struct svc_result r = svc_oidc_start(req->db, req->cfg, &req->arena,
					     req->user ? &who : NULL, &location, &browser);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	cookie(req, "motcua_oidc", browser, FLOW_PATH, "Lax", 600);
	http_add_header(req, "Location", location);
	http_add_header(req, "Cache-Control", "no-store");
	http_reply_empty(req, 302);
}

void api_oidc_callback(struct http_request *req)
{
	struct svc_oidc_done done;
	struct svc_result r = svc_oidc_callback(
		req->db, req->cfg, &req->arena, http_query(req, "state"), http_query(req, "code"),
		http_query(req, "error"), http_cookie(req, "motcua_oidc"), &done);
	cookie(req, "motcua_oidc", "", FLOW_PATH, "Lax", 0);
	http_add_header(req, "Cache-Control", "no-store");
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	if (done.session)
		cookie(req, "motcua_session", done.login.token, "/", "Strict",
		       req->cfg->v.session_hours * 3600);
	sodium_memzero(&done.login, sizeof done.login);
	http_add_header(req, "Location", "/#/home");
	http_reply_empty(req, 302);
}
