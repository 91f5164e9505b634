/* Accounts: password hashing (Argon2id), log-in with throttling (the rules
 * and the hashing slots are in svc_guard.c), sessions, citizen
 * self-registration and staff users. Passwords and raw tokens are never
 * logged and are wiped after use. Layer: svc. */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/ident.h"
#include "core/roles.h"
#include "repo/repo.h"
#include "svc/svc_guard.h"
#include "svc/svc_users.h"

char *svc_password_hash(const char *password)
{
	char *out = xmalloc(crypto_pwhash_STRBYTES);
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

bool svc_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static void token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	text_hex(h, sizeof h, out);
}

static void random_token(char *out, size_t n)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

struct login_ctx {
	const struct config *cfg;
	struct arena *a;
	const char *username;
	struct svc_login *out;
	struct user user;
	int64_t now;
};

/* Opens the session of a log-in that succeeded. */
static int login_finish(struct db *db, void *arg)
{
	struct login_ctx *c = arg;
	char hash[65];
	random_token(c->out->token, sizeof c->out->token);
	random_token(c->out->csrf, sizeof c->out->csrf);
	token_hash(c->out->token, hash);
	c->out->expires_at = c->now + c->cfg->v.session_hours * 3600000;
	int rc =
		repo_session_insert(db, hash, c->user.id, c->out->csrf, c->now, c->out->expires_at);
	if (rc == DB_OK && randombytes_uniform(50) == 0) {
		/* now and then, not on every log-in */
		rc = repo_session_purge(db, c->now);
		if (rc == DB_OK)
			rc = repo_throttle_purge(db, c->now - svcg_forget_ms(c->cfg));
	}
	return rc;
}

static struct svc_result throttled(const char *username, const char *ip, int64_t wait_ms,
				   struct svc_login *out)
{
	out->retry_after = svcg_seconds(wait_ms);
	log_warn("login throttled for user=%s ip=%s for %llds", username, ip,
		 (long long)out->retry_after);
	return svc_fail(ERR_LOGIN_THROTTLED, NULL, NULL);
}

struct svc_result svc_login(struct db *db, const struct config *cfg, struct arena *a,
			    const char *username, const char *password, const char *ip,
			    struct svc_login *out)
{
	struct login_ctx c = {.cfg = cfg, .a = a, .username = username, .out = out};
	memset(out, 0, sizeof *out);
	c.now = clock_now_ms();
	/* The account is throttled per address, so that a stranger elsewhere
	 * cannot lock its owner out; the attempt is counted before the
	 * password is looked at, so that parallel guesses cannot pass the
	 * limit. The address alone waits only after many failures. */
	const char *pair = arena_printf(a, "login:%s:%s", ip, username);
	const char *addr = arena_printf(a, "login-ip:%s", ip);
	struct throttle_rule pair_rule = svcg_login_rule(cfg), ip_rule = svcg_login_ip_rule(cfg);
	int64_t wait = 0;
	int rc = repo_throttle_wait(db, addr, c.now, &wait);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (wait > 0)
		return throttled(username, ip, wait, out);
	if ((rc = repo_throttle_hit(db, pair, c.now, &pair_rule, &wait)) < 0)
		return svc_txn_result(db, rc);
	if (wait > 0)
		return throttled(username, ip, wait, out);
	rc = repo_user_by_username(db, a, username, &c.user);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return svc_txn_result(db, rc);
	/* Verify outside any transaction: Argon2id takes tens of milliseconds.
	 * An unknown user costs the same hash, so timing does not tell. */
	if (!svcg_hash_enter(cfg))
		return svc_fail(ERR_AUTH_BUSY, NULL, NULL);
	bool ok = rc == DB_OK ? svc_password_verify(c.user.password_hash, password)
			      : svcg_dummy_verify(password);
	svcg_hash_leave();
	if (!ok) {
		/* The pair was counted already; the address counts failures. */
		if ((rc = repo_throttle_hit(db, addr, c.now, &ip_rule, &wait)) < 0)
			return svc_txn_result(db, rc);
		log_warn("login failed for user=%s ip=%s", username, ip);
		return svc_fail(ERR_LOGIN_FAILED, NULL, NULL);
	}
	if (!c.user.active)
		return svc_fail(ERR_ACCOUNT_INACTIVE, NULL, NULL);
	if ((rc = repo_throttle_clear(db, pair)) < 0 ||
	    (rc = db_run_txn(db, login_finish, &c, DB_TXN_ATTEMPTS)) < 0)
		return svc_txn_result(db, rc);
	out->user = c.user;
	log_info("login user=%s ip=%s", username, ip);
	return svc_ok();
}

struct svc_result svc_session(struct db *db, struct arena *a, const char *token,
			      struct session_row *out, const char **hash_out)
{
	char hash[65];
	if (!token || strlen(token) < 20 || strlen(token) > 100)
		return svc_fail(ERR_UNAUTHENTICATED, NULL, NULL);
	token_hash(token, hash);
	int rc = repo_session_get(db, a, hash, clock_now_ms(), out);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_UNAUTHENTICATED, NULL, NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (hash_out)
		*hash_out = arena_strdup(a, hash);
	return svc_ok();
}

struct svc_result svc_logout(struct db *db, const char *hash)
{
	return svc_txn_result(db, repo_session_delete(db, hash));
}

bool svc_username_reserved(const char *s)
{
	size_t n = strspn(s, "0123456789");
	if (n != 12)
		return false;
	if (!s[12])
		return true;
	return s[12] == '-' && s[13] && strspn(s + 13, "0123456789") == strlen(s + 13);
}

bool svc_username_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

bool svc_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ')
			return false;
	return true;
}

struct reg_ctx {
	const struct config *cfg;
	struct arena *a;
	const struct svc_registration *r;
	const char *hash;
	int64_t id, now;
	bool created;
};

/* Makes the account, or, when its user name is taken, tells that
 * account's owner by e-mail and makes nothing: the answer is the same either
 * way, so that registering does not tell who has an account. */
static int reg_txn(struct db *db, void *arg)
{
	struct reg_ctx *c = arg;
	struct user owner;
	c->created = false;
	int rc = repo_user_by_username(db, c->a, c->r->username, &owner);
	if (rc == DB_OK)
		return svcg_mail_taken(db, c->cfg, c->a, &owner, c->now);
	if (rc != DB_NOT_FOUND)
		return rc;
	/* The number is only claimed: several unverified accounts may claim
	 * one, and none gets its papers until verified (svc_identity.h). */
	struct user u = {.username = c->r->username,
			 .full_name = c->r->full_name,
			 .password_hash = c->hash,
			 .active = true,
			 .kind = c->r->kind,
			 .id_number = c->r->id_number,
			 .tax_code = c->r->tax_code,
			 .email = c->r->email};
	rc = repo_user_insert(db, &u, c->now, &c->id);
	if (rc == DB_OK)
		rc = repo_user_set_roles(db, c->id, ROLE_CITIZEN);
	u.id = c->id;
	if (rc == DB_OK)
		rc = svcg_mail_welcome(db, c->cfg, c->a, &u, c->now);
	c->created = rc == DB_OK;
	return rc;
}

struct svc_result svc_register(struct db *db, const struct config *cfg, struct arena *a,
			       struct svc_registration *in, struct user *out)
{
	struct svc_registration reg = *in;
	const struct svc_registration *r = &reg;
	bool person = !strcmp(r->kind, "person");
	if (!person && strcmp(r->kind, "organisation"))
		return svc_fail(ERR_FIELD_INVALID, "kind", "person or organisation");
	if (person) {
		if (!r->id_number)
			return svc_fail(ERR_FIELD_MISSING, "id_number", NULL);
		enum ident_verdict v = ident_id_number_check(r->id_number);
		if (v != IDENT_OK)
			return svc_fail(ERR_FIELD_INVALID, "id_number",
					ident_verdict_text(v, false));
		if (r->tax_code)
			return svc_fail(ERR_FIELD_INVALID, "tax_code",
					"a person registers by ID number");
	} else {
		if (!r->tax_code)
			return svc_fail(ERR_FIELD_MISSING, "tax_code", NULL);
		/* A branch code is written 0101234565-001 or 0101234565001: store one
		 * form, so the same organisation is one number. */
		char norm[IDENT_TAX_MAX];
		enum ident_verdict v = ident_tax_code_check(r->tax_code, norm);
		if (v != IDENT_OK)
			return svc_fail(ERR_FIELD_INVALID, "tax_code", ident_verdict_text(v, true));
		reg.tax_code = arena_strdup(a, norm);
		if (r->id_number)
			return svc_fail(ERR_FIELD_INVALID, "id_number",
					"an organisation registers by tax code");
	}
	if (!svc_username_valid(r->username))
		return svc_fail(ERR_FIELD_INVALID, "username", "3 to 64 of a-z 0-9 . _ -");
	if (svc_username_reserved(r->username))
		return svc_fail(ERR_FIELD_INVALID, "username",
				"a name made of an ID number is kept for the account the identity "
				"provider makes for that person");
	if (!svc_email_valid(r->email))
		return svc_fail(ERR_FIELD_INVALID, "email", "not an e-mail address");
	const char *fn = r->full_name;
	while (*fn == ' ')
		fn++;
	if (!*fn)
		return svc_fail(ERR_FIELD_MISSING, "full_name", NULL);
	struct svc_result pr = svc_password_check(cfg, a, r->username, r->password);
	if (pr.code != ERR_NONE)
		return pr;
	/* Only a valid form counts against the address: a citizen on the
	 * office's shared connection who mistypes a number uses up no one's
	 * registrations. */
	if (r->ip) {
		pr = svc_rate_limit(db, cfg, SVC_LIMIT_REGISTER, r->ip, &in->retry_after);
		if (pr.code != ERR_NONE)
			return pr;
	}
	/* Hashed whether or not the name is taken: the answer takes as long. */
	if (!svcg_hash_enter(cfg))
		return svc_fail(ERR_AUTH_BUSY, NULL, NULL);
	char *hash = svc_password_hash(r->password);
	svcg_hash_leave();
	if (!hash)
		return svc_fail(ERR_INTERNAL, NULL, "password hashing failed");
	struct reg_ctx c = {.cfg = cfg, .a = a, .r = r, .hash = hash, .now = clock_now_ms()};
	int rc = db_run_txn(db, reg_txn, &c, DB_TXN_ATTEMPTS);
	free(hash);
	memset(out, 0, sizeof *out);
	if (rc == DB_CONSTRAINT) /* the same name registered at the same moment */
		rc = DB_OK;
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (!c.created) {
		log_info("registration of a taken user name, user=%s: owner told", r->username);
		return svc_ok();
	}
	if ((rc = repo_user_by_username(db, a, r->username, out)) < 0)
		return svc_txn_result(db, rc);
	log_info("registered citizen user=%s kind=%s", r->username, r->kind);
	return svc_ok();
}

struct open_ctx {
	const struct config *cfg;
	int64_t user_id;
	struct svc_login *out;
};

static int open_txn(struct db *db, void *arg)
{
	struct open_ctx *c = arg;
	char hash[65];
	int64_t now = clock_now_ms();
	random_token(c->out->token, sizeof c->out->token);
	random_token(c->out->csrf, sizeof c->out->csrf);
	token_hash(c->out->token, hash);
	c->out->expires_at = now + c->cfg->v.session_hours * 3600000;
	return repo_session_insert(db, hash, c->user_id, c->out->csrf, now, c->out->expires_at);
}

struct svc_result svc_session_open(struct db *db, const struct config *cfg, struct arena *a,
				   int64_t user_id, struct svc_login *out)
{
	memset(out, 0, sizeof *out);
	int rc = repo_user_by_id(db, a, user_id, &out->user);
	if (rc == DB_OK && !out->user.active)
		return svc_fail(ERR_ACCOUNT_INACTIVE, NULL, NULL);
	struct open_ctx c = {cfg, user_id, out};
	if (rc < 0)
		return svc_txn_result(db, rc);
	return svc_txn_result(db, db_run_txn(db, open_txn, &c, DB_TXN_ATTEMPTS));
}
