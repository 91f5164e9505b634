/* OpenID Connect: see svc_oidc.h. The back-channel calls (discovery, JWKS,
 * token) go through libcurl; the RS256 arithmetic is pki_rs256_verify().
 * Layer: svc. */
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/ident.h"
#include "core/roles.h"
#include "pki/pki.h"
#include "repo/repo.h"
#include "svc/svc_fetch_impl.h"
#include "svc/svc_identity.h"
#include "svc/svc_oidc.h"

#define FLOW_MS	  (10 * 60 * 1000)
#define MAX_REPLY (1024 * 1024)
#define LEEWAY_S  60

/* ---- the back channel ---- */

/* GETs (form == NULL) or POSTs form to url; *status the HTTP status. With
 * user, HTTP basic authentication. Returns 0 or -1 (network, too large). */
static int fetch(const struct config *cfg, const char *url, const char *form, const char *user,
		 const char *password, struct buf *out, long *status)
{
	struct svc_fetch f = {
		.url = url,
		.body = form,
		.user = user,
		.password = password,
		.timeout_s = (long)cfg->v.oidc_timeout,
		.max_reply = MAX_REPLY,
		.what = "oidc",
	};
	return svc_fetch(&f, out, status);
}

/* Fetches url and parses its JSON object (NULL on any failure, logged). */
static json_t *fetch_json(const struct config *cfg, const char *url, const char *form,
			  const char *user, const char *password, long *status)
{
	struct buf b = BUF_INIT;
	long st = 0;
	json_t *j = NULL;
	if (fetch(cfg, url, form, user, password, &b, &st) == 0) {
		j = json_loadb(b.p ? b.p : "", b.len, JSON_REJECT_DUPLICATES, NULL);
		if (j && !json_is_object(j)) {
			json_decref(j);
			j = NULL;
		}
		if (!j)
			log_warn("oidc: %s answered %ld without a JSON object", url, st);
	}
	buf_release(&b);
	if (status)
		*status = st;
	return j;
}

static char *escape(struct arena *a, const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0);
	char *r = arena_strdup(a, e ? e : "");
	curl_free(e);
	return r;
}

/* ---- the provider ---- */

struct provider {
	const char *issuer, *authorize, *token, *jwks;
};

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static enum err_code discover(const struct config *cfg, struct arena *a, struct provider *p)
{
	p->issuer = cfg->v.oidc_issuer;
	if (!*p->issuer || !*cfg->v.oidc_client_id)
		return ERR_OIDC_DISABLED;
	if (!svc_fetch_url_allowed(p->issuer)) {
		log_error("oidc.issuer must be https (or http on loopback): %s", p->issuer);
		return ERR_OIDC_PROVIDER_ERROR;
	}
	size_t n = strlen(p->issuer);
	const char *url = arena_printf(a, "%s%s.well-known/openid-configuration", p->issuer,
				       n && p->issuer[n - 1] == '/' ? "" : "/");
	long st;
	json_t *j = fetch_json(cfg, url, NULL, NULL, NULL, &st);
	enum err_code rc = ERR_OIDC_PROVIDER_ERROR;
	if (!j || st != 200)
		goto out;
	const char *iss = jstr(j, "issuer");
	p->authorize = jstr(j, "authorization_endpoint");
	p->token = jstr(j, "token_endpoint");
	p->jwks = jstr(j, "jwks_uri");
	/* OpenID Connect Discovery 1.0, 4.3: the issuer must be the one asked. */
	if (!iss || strcmp(iss, p->issuer)) {
		log_warn("oidc: discovery names issuer %s, not %s", iss ? iss : "(none)",
			 p->issuer);
		goto out;
	}
	if (!svc_fetch_url_allowed(p->authorize) || !svc_fetch_url_allowed(p->token) ||
	    !svc_fetch_url_allowed(p->jwks)) {
		log_warn("oidc: discovery lacks an https endpoint");
		goto out;
	}
	p->authorize = arena_strdup(a, p->authorize);
	p->token = arena_strdup(a, p->token);
	p->jwks = arena_strdup(a, p->jwks);
	rc = ERR_NONE;
out:
	json_decref(j);
	return rc;
}

static void random_b64(char *out, size_t n)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

static const char *sha256_hex(struct arena *a, const char *s)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(a, 2 * sizeof h + 1);
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	text_hex(h, sizeof h, hex);
	return hex;
}

static const char *redirect_uri(const struct config *cfg, struct arena *a)
{
	const char *r = cfg->v.oidc_redirect_uri;
	if (*r)
		return r;
	const char *base = cfg->v.public_url;
	size_t n = strlen(base);
	return arena_printf(a, "%.*s/api/v1/auth/oidc/callback",
			    (int)(n && base[n - 1] == '/' ? n - 1 : n), base);
}

/* ---- start ---- */

struct flow_ctx {
	const struct oidc_flow *f;
};

static int flow_insert_txn(struct db *db, void *arg)
{
	struct flow_ctx *c = arg;
	return repo_oidc_flow_insert(db, c->f);
}

struct svc_result svc_oidc_start(struct db *db, const struct config *cfg, struct arena *a,
				 const struct svc_actor *who, const char **location,
				 const char **browser)
{
	if (who && !(who->roles & ROLE_CITIZEN))
		return svc_fail(ERR_FORBIDDEN, NULL, "staff accounts are not verified this way");
	struct provider p;
	enum err_code e = discover(cfg, a, &p);
	if (e != ERR_NONE)
		return svc_fail(e, NULL, NULL);
	char state[48], nonce[48], verifier[48], bind[48];
	random_b64(state, sizeof state);
	random_b64(nonce, sizeof nonce);
	random_b64(verifier, sizeof verifier);
	random_b64(bind, sizeof bind);
	/* PKCE (RFC 7636): the challenge is BASE64URL(SHA-256(verifier)). */
	unsigned char h[crypto_hash_sha256_BYTES];
	char challenge[48];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	sodium_bin2base64(challenge, sizeof challenge, h, sizeof h,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	int64_t now = clock_now_ms();
	struct oidc_flow f = {.state_hash = sha256_hex(a, state),
			      .browser_hash = sha256_hex(a, bind),
			      .nonce = nonce,
			      .verifier = verifier,
			      .user_id = who ? who->id : 0,
			      .created_at = now,
			      .expires_at = now + FLOW_MS};
	struct flow_ctx c = {&f};
	int rc = db_run_txn(db, flow_insert_txn, &c, DB_TXN_ATTEMPTS);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*location = arena_printf(
		a,
		"%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s&"
		"code_challenge=%s&code_challenge_method=S256",
		p.authorize, strchr(p.authorize, '?') ? '&' : '?', escape(a, cfg->v.oidc_client_id),
		escape(a, redirect_uri(cfg, a)), escape(a, cfg->v.oidc_scope), state, nonce,
		challenge);
	*browser = arena_strdup(a, bind);
	sodium_memzero(verifier, sizeof verifier);
	return svc_ok();
}

/* ---- the ID token ---- */

static unsigned char *b64url(struct arena *a, const char *s, size_t n, size_t *len)
{
	unsigned char *out = arena_alloc(a, n + 1);
	const char *end = NULL;
	if (sodium_base642bin(out, n + 1, s, n, NULL, len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    end != s + n)
		return NULL;
	out[*len] = 0;
	return out;
}

static json_t *b64url_json(struct arena *a, const char *s, size_t n)
{
	size_t len;
	unsigned char *raw = b64url(a, s, n, &len);
	if (!raw)
		return NULL;
	json_t *j = json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Does a key of jwks verify the signature? */
static bool signature_ok(struct arena *a, json_t *jwks, const char *kid, const char *input,
			 size_t input_len, const unsigned char *sig, size_t siglen)
{
	json_t *keys = json_object_get(jwks, "keys"), *k;
	size_t i;
	if (!json_is_array(keys))
		return false;
	json_array_foreach(keys, i, k)
	{
		const char *kty = jstr(k, "kty"), *alg = jstr(k, "alg"), *use = jstr(k, "use");
		const char *kkid = jstr(k, "kid"), *n = jstr(k, "n"), *e = jstr(k, "e");
		if (!kty || strcmp(kty, "RSA") || (alg && strcmp(alg, "RS256")) ||
		    (use && strcmp(use, "sig")) || !n || !e ||
		    (kid && (!kkid || strcmp(kid, kkid))))
			continue;
		size_t nlen, elen;
		unsigned char *nb = b64url(a, n, strlen(n), &nlen);
		unsigned char *eb = b64url(a, e, strlen(e), &elen);
		if (nb && eb &&
		    pki_rs256_verify(nb, nlen, eb, elen, input, input_len, sig, siglen) == PKI_OK)
			return true;
	}
	return false;
}

static bool aud_ok(json_t *claims, const char *client_id)
{
	json_t *aud = json_object_get(claims, "aud"), *v;
	if (json_is_string(aud))
		return !strcmp(json_string_value(aud), client_id);
	if (!json_is_array(aud))
		return false;
	bool found = false;
	size_t i;
	json_array_foreach(aud, i, v) found |=
		json_is_string(v) && !strcmp(json_string_value(v), client_id);
	/* Several audiences: the token must have been issued to us (azp). */
	const char *azp = jstr(claims, "azp");
	return found && (json_array_size(aud) == 1 || (azp && !strcmp(azp, client_id)));
}

/* Checks the ID token; on success *claims (the caller frees). The detail of
 * the refusal names the check that failed. */
static struct svc_result check_id_token(const struct config *cfg, struct arena *a,
					const struct provider *p, const char *token,
					const char *nonce, json_t **claims)
{
	*claims = NULL;
#define BAD(what) svc_fail(ERR_OIDC_TOKEN_INVALID, "id_token", what)
	const char *d1 = strchr(token, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || strchr(d2 + 1, '.') || strlen(token) > 16384)
		return BAD("not a signed JWT");
	json_t *hdr = b64url_json(a, token, (size_t)(d1 - token));
	const char *alg = hdr ? jstr(hdr, "alg") : NULL;
	if (!alg || strcmp(alg, "RS256")) {
		json_decref(hdr);
		return BAD("alg: RS256 expected");
	}
	const char *kid = jstr(hdr, "kid");
	kid = kid ? arena_strdup(a, kid) : NULL;
	json_decref(hdr);
	size_t siglen;
	unsigned char *sig = b64url(a, d2 + 1, strlen(d2 + 1), &siglen);
	if (!sig)
		return BAD("signature encoding");
	json_t *jwks = fetch_json(cfg, p->jwks, NULL, NULL, NULL, NULL);
	if (!jwks)
		return svc_fail(ERR_OIDC_PROVIDER_ERROR, NULL, "jwks");
	bool good = signature_ok(a, jwks, kid, token, (size_t)(d2 - token), sig, siglen);
	json_decref(jwks);
	if (!good)
		return BAD("signature");
	json_t *c = b64url_json(a, d1 + 1, (size_t)(d2 - d1 - 1));
	if (!c)
		return BAD("claims");
	int64_t now = clock_now_ms() / 1000;
	json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
	const char *iss = jstr(c, "iss"), *tn = jstr(c, "nonce"), *sub = jstr(c, "sub");
	struct svc_result r = svc_ok();
	if (!iss || strcmp(iss, p->issuer))
		r = BAD("iss");
	else if (!aud_ok(c, cfg->v.oidc_client_id))
		r = BAD("aud");
	else if (!json_is_integer(exp) || json_integer_value(exp) + LEEWAY_S <= now)
		r = BAD("exp: expired");
	else if (iat && (!json_is_integer(iat) || json_integer_value(iat) > now + LEEWAY_S))
		r = BAD("iat: in the future");
	else if (!tn || strcmp(tn, nonce))
		r = BAD("nonce");
	else if (!sub || !*sub)
		r = BAD("sub");
	if (r.code != ERR_NONE) {
		json_decref(c);
		return r;
	}
	*claims = c;
	return svc_ok();
#undef BAD
}

/* ---- callback ---- */

struct cb_ctx {
	struct arena *a;
	const struct config *cfg;
	const char *state_hash, *id_number, *evidence, *name, *email;
	int64_t user_id; /* from the flow */
	struct oidc_flow flow;
	bool found;
	struct svc_oidc_done *out;
	int64_t login_id;
};

static int take_txn(struct db *db, void *arg)
{
	struct cb_ctx *c = arg;
	int rc = repo_oidc_flow_take(db, c->a, c->state_hash, clock_now_ms(), &c->flow);
	c->found = rc == DB_OK;
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* A user name for a new account: the ID number, else with -1 .. -9. */
/* The ID number, or with a suffix: names self-registration may not take
 * (svc_username_reserved), so only accounts of earlier rules can be in the
 * way; past them a random suffix, so that the callback never fails on
 * another account's name. */
static int new_username(struct db *db, struct cb_ctx *c, const char **out)
{
	for (int i = 0; i < 20; i++) {
		const char *u = i == 0	 ? c->id_number
				: i < 10 ? arena_printf(c->a, "%s-%d", c->id_number, i)
					 : arena_printf(c->a, "%s-%u", c->id_number,
							10 + randombytes_uniform(1000000000u));
		struct user x;
		int rc = repo_user_by_username(db, c->a, u, &x);
		if (rc == DB_NOT_FOUND) {
			*out = u;
			return DB_OK;
		}
		if (rc < 0)
			return rc;
	}
	return db_abort(db, ERR_USERNAME_TAKEN, "id_number", NULL);
}

static int bind_txn(struct db *db, void *arg)
{
	struct cb_ctx *c = arg;
	int64_t now = clock_now_ms();
	c->out->verified = c->out->created = false;
	if (c->flow.user_id) { /* a logged-in citizen verifies their account */
		int rc = svc_identity_bind_oidc(db, c->a, c->flow.user_id, c->id_number,
						c->evidence, now);
		c->out->verified = rc == DB_OK;
		return rc;
	}
	int64_t id;
	int rc = repo_user_verified_for(db, "person", c->id_number, &id);
	if (rc == DB_OK) {
		c->login_id = id;
		return DB_OK;
	}
	if (rc != DB_NOT_FOUND)
		return rc;
	if (!c->cfg->v.oidc_create_accounts)
		return db_abort(db, ERR_ACCOUNT_NOT_FOUND, NULL, NULL);
	const char *username = NULL;
	if ((rc = new_username(db, c, &username)) != DB_OK)
		return rc;
	/* No password: "!" is no Argon2 string, so no password matches it. */
	struct user u = {.username = username,
			 .full_name = c->name,
			 .password_hash = "!",
			 .active = true,
			 .kind = "person",
			 .id_number = c->id_number,
			 .email = c->email};
	if ((rc = repo_user_insert(db, &u, now, &id)) < 0 ||
	    (rc = repo_user_set_roles(db, id, ROLE_CITIZEN)) < 0)
		return rc;
	rc = repo_user_verify(db, id, "person", c->id_number, "oidc", 0, c->evidence, now);
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_IDENTITY_VERIFIED_ELSEWHERE, "id_number", NULL);
	c->login_id = id;
	c->out->created = rc == DB_OK;
	return rc;
}

static const char *claim_text(struct arena *a, json_t *claims, const char *key, size_t max)
{
	const char *s = jstr(claims, key);
	if (!s || !*s || !text_utf8_valid(s, strlen(s)) || text_utf8_len(s) > max)
		return NULL;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < ' ')
			return NULL;
	return arena_strdup(a, s);
}

struct svc_result svc_oidc_callback(struct db *db, const struct config *cfg, struct arena *a,
				    const char *state, const char *code, const char *error,
				    const char *browser, struct svc_oidc_done *out)
{
	memset(out, 0, sizeof *out);
	if (!*cfg->v.oidc_issuer)
		return svc_fail(ERR_OIDC_DISABLED, NULL, NULL);
	if (!state || !*state || strlen(state) > 128)
		return svc_fail(ERR_OIDC_STATE_INVALID, "state", NULL);
	struct cb_ctx c = {.a = a, .cfg = cfg, .out = out, .state_hash = sha256_hex(a, state)};
	int rc = db_run_txn(db, take_txn, &c, DB_TXN_ATTEMPTS);
	if (rc < 0)
		return svc_txn_result(db, rc);
	/* Used up now, whatever follows. The cookie proves it is the browser
	 * that started it (no log-in CSRF: nobody can finish a flow of theirs
	 * in someone else's browser). */
	if (!c.found || c.flow.expires_at <= clock_now_ms() || !browser || strlen(browser) > 128 ||
	    strcmp(sha256_hex(a, browser), c.flow.browser_hash)) {
		log_warn("oidc: callback with an unknown, expired or foreign state");
		return svc_fail(ERR_OIDC_STATE_INVALID, "state", NULL);
	}
	if (error)
		return svc_fail(ERR_OIDC_DENIED, NULL, NULL);
	if (!code || !*code || strlen(code) > 2048)
		return svc_fail(ERR_FIELD_MISSING, "code", NULL);
	struct provider p;
	enum err_code e = discover(cfg, a, &p);
	if (e != ERR_NONE)
		return svc_fail(e, NULL, NULL);
	/* The token request (RFC 6749 4.1.3, RFC 7636 4.5). */
	const char *client_id = cfg->v.oidc_client_id;
	const char *secret = cfg->v.oidc_client_secret;
	bool post = !strcmp(cfg->v.oidc_auth_method, "client_secret_post");
	const char *form = arena_printf(
		a, "grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s%s",
		escape(a, code), escape(a, redirect_uri(cfg, a)), c.flow.verifier,
		post ? arena_printf(a, "&client_id=%s&client_secret=%s", escape(a, client_id),
				    escape(a, secret))
		     : "");
	long st = 0;
	/* Basic authentication takes the form-encoded id and secret (RFC 6749 2.3.1). */
	json_t *tok = fetch_json(cfg, p.token, form, post ? NULL : escape(a, client_id),
				 post ? NULL : escape(a, secret), &st);
	if (!tok || st != 200) {
		const char *err = tok ? jstr(tok, "error") : NULL;
		log_warn("oidc: token endpoint answered %ld %s", st, err ? err : "");
		json_decref(tok);
		return st >= 400 && st < 500 ? svc_fail(ERR_OIDC_DENIED, NULL, "the code")
					     : svc_fail(ERR_OIDC_PROVIDER_ERROR, NULL, "token");
	}
	const char *idt = jstr(tok, "id_token");
	idt = idt ? arena_strdup(a, idt) : NULL;
	json_decref(tok);
	if (!idt)
		return svc_fail(ERR_OIDC_TOKEN_INVALID, "id_token", "missing");
	json_t *claims;
	struct svc_result r = check_id_token(cfg, a, &p, idt, c.flow.nonce, &claims);
	if (r.code != ERR_NONE) {
		log_warn("oidc: ID token refused: %s", r.detail ? r.detail : "");
		return r;
	}
	const char *claim = cfg->v.oidc_id_claim;
	const char *number = claim_text(a, claims, claim, 12);
	if (!number || ident_id_number_check(number) != IDENT_OK) {
		json_decref(claims);
		return svc_fail(ERR_OIDC_CLAIM_INVALID, claim, NULL);
	}
	c.id_number = number;
	c.evidence = arena_printf(a, "%s sub=%s", p.issuer, jstr(claims, "sub"));
	c.name = claim_text(a, claims, "name", 200);
	if (!c.name)
		c.name = number;
	c.email = claim_text(a, claims, "email", 254);
	if (c.email && !strchr(c.email, '@'))
		c.email = NULL;
	json_decref(claims);
	r = svc_txn_result(db, db_run_txn(db, bind_txn, &c, DB_TXN_ATTEMPTS));
	if (r.code != ERR_NONE)
		return r;
	if (c.login_id) {
		r = svc_session_open(db, cfg, a, c.login_id, &out->login);
		if (r.code != ERR_NONE)
			return r;
		out->session = true;
		out->username = out->login.user.username;
	}
	log_info("oidc: %s for %s (%s)",
		 out->verified	? "account verified"
		 : out->created ? "account created and logged in"
				: "logged in",
		 out->username ? out->username : "the account that asked", c.evidence);
	return svc_ok();
}
