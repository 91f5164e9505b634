/* Accounts: password hashing (Argon2id), log-in with throttling, sessions,
 * citizen self-registration and staff users. Passwords and raw tokens are
 * never logged and are wiped after use. Layer: svc. */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/ident.h"
#include "core/roles.h"
#include "svc/svc.h"

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
	const char *username, *password, *ip;
	struct svc_login *out;
	enum err_code verdict;
	bool password_ok;
	struct user user;
	bool user_found;
	int64_t now;
};

/* Phase 1: throttle check and user look-up (short transaction). */
static int login_check(struct db *db, void *arg)
{
	struct login_ctx *c = arg;
	int64_t window = config_int(c->cfg, "login.window_minutes") * 60000;
	int64_t nu = 0, ni = 0;
	char ukey[160], ikey[80];
	snprintf(ukey, sizeof ukey, "u:%s", c->username);
	snprintf(ikey, sizeof ikey, "ip:%s", c->ip);
	int rc = repo_login_failures(db, ukey, c->now - window, &nu);
	if (rc == DB_OK)
		rc = repo_login_failures(db, ikey, c->now - window, &ni);
	if (rc < 0)
		return rc;
	c->verdict = ERR_NONE;
	if (nu >= config_int(c->cfg, "login.max_user_failures") ||
	    ni >= config_int(c->cfg, "login.max_ip_failures")) {
		c->verdict = ERR_LOGIN_THROTTLED;
		return DB_OK;
	}
	rc = repo_user_by_username(db, c->a, c->username, &c->user);
	c->user_found = rc == DB_OK;
	return rc == REPO_NOT_FOUND ? DB_OK : rc;
}

/* Phase 2: record the outcome and open the session. */
static int login_finish(struct db *db, void *arg)
{
	struct login_ctx *c = arg;
	char ukey[160], ikey[80];
	snprintf(ukey, sizeof ukey, "u:%s", c->username);
	snprintf(ikey, sizeof ikey, "ip:%s", c->ip);
	if (!c->password_ok) {
		int rc = repo_login_failure_add(db, ukey, c->now);
		if (rc == DB_OK)
			rc = repo_login_failure_add(db, ikey, c->now);
		return rc;
	}
	int rc = repo_login_failures_clear(db, ukey);
	if (rc < 0)
		return rc;
	char hash[65];
	random_token(c->out->token, sizeof c->out->token);
	random_token(c->out->csrf, sizeof c->out->csrf);
	token_hash(c->out->token, hash);
	c->out->expires_at = c->now + config_int(c->cfg, "session.hours") * 3600000;
	rc = repo_session_insert(db, hash, c->user.id, c->out->csrf, c->now, c->out->expires_at);
	if (rc == DB_OK && randombytes_uniform(50) == 0)
		rc = repo_session_purge(db, c->now); /* now and then, not on every log-in */
	return rc;
}

struct svc_result svc_login(struct db *db, const struct config *cfg, struct arena *a,
			    const char *username, const char *password, const char *ip,
			    struct svc_login *out)
{
	struct login_ctx c = {.cfg = cfg,
			      .a = a,
			      .username = username,
			      .password = password,
			      .ip = ip,
			      .out = out,
			      .now = clock_now_ms()};
	memset(out, 0, sizeof *out);
	if (db_run_txn(db, login_check, &c) < 0)
		return svc_fail(ERR_DB_ERROR, NULL, NULL);
	if (c.verdict == ERR_LOGIN_THROTTLED) {
		log_warn("login throttled for user=%s ip=%s", username, ip);
		return svc_fail(ERR_LOGIN_THROTTLED, NULL, NULL);
	}
	/* Verify outside any transaction: Argon2id takes tens of milliseconds.
	 * An unknown user still costs one hash, so timing does not tell. */
	if (c.user_found) {
		c.password_ok = svc_password_verify(c.user.password_hash, password);
	} else {
		char *h = svc_password_hash("not a real password");
		free(h);
		c.password_ok = false;
	}
	if (c.password_ok && !c.user.active) {
		return svc_fail(ERR_ACCOUNT_INACTIVE, NULL, NULL);
	}
	if (db_run_txn(db, login_finish, &c) < 0)
		return svc_fail(ERR_DB_ERROR, NULL, NULL);
	if (!c.password_ok) {
		log_warn("login failed for user=%s ip=%s", username, ip);
		return svc_fail(ERR_LOGIN_FAILED, NULL, NULL);
	}
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
	if (rc == REPO_NOT_FOUND)
		return svc_fail(ERR_UNAUTHENTICATED, NULL, NULL);
	if (rc < 0)
		return svc_fail(ERR_DB_ERROR, NULL, NULL);
	if (hash_out)
		*hash_out = arena_strdup(a, hash);
	return svc_ok();
}

struct svc_result svc_logout(struct db *db, const char *hash)
{
	if (repo_session_delete(db, hash) < 0)
		return svc_fail(ERR_DB_ERROR, NULL, NULL);
	return svc_ok();
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

static bool email_valid(const char *s)
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
	const struct svc_registration *r;
	const char *hash;
	enum err_code verdict;
	const char *field;
	int64_t id;
};

static int reg_txn(struct db *db, void *arg)
{
	struct reg_ctx *c = arg;
	struct arena a;
	struct user existing;
	arena_init(&a);
	int rc = repo_user_by_username(db, &a, c->r->username, &existing);
	arena_release(&a);
	c->verdict = ERR_NONE;
	if (rc == DB_OK) {
		c->verdict = ERR_USERNAME_TAKEN;
		c->field = "username";
		return DB_OK;
	}
	if (rc != REPO_NOT_FOUND)
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
	rc = repo_user_insert(db, &u, clock_now_ms(), &c->id);
	if (rc == DB_OK)
		rc = repo_user_set_roles(db, c->id, ROLE_CITIZEN);
	return rc;
}

struct svc_result svc_register(struct db *db, const struct config *cfg, struct arena *a,
			       const struct svc_registration *in, struct user *out)
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
	if (!email_valid(r->email))
		return svc_fail(ERR_FIELD_INVALID, "email", "not an e-mail address");
	const char *fn = r->full_name;
	while (*fn == ' ')
		fn++;
	if (!*fn)
		return svc_fail(ERR_FIELD_MISSING, "full_name", NULL);
	if ((int64_t)text_utf8_len(r->password) < config_int(cfg, "password.min_length"))
		return svc_fail(ERR_FIELD_TOO_SHORT, "password",
				arena_printf(a, "at least %lld characters",
					     (long long)config_int(cfg, "password.min_length")));
	char *hash = svc_password_hash(r->password);
	if (!hash)
		return svc_fail(ERR_INTERNAL, NULL, "password hashing failed");
	struct reg_ctx c = {.r = r, .hash = hash};
	int rc = db_run_txn(db, reg_txn, &c);
	free(hash);
	if (rc == DB_CONSTRAINT)
		return svc_fail(ERR_USERNAME_TAKEN, "username", NULL);
	if (rc < 0)
		return svc_fail(ERR_DB_ERROR, NULL, NULL);
	if (c.verdict != ERR_NONE)
		return svc_fail(c.verdict, c.field, NULL);
	if (repo_user_by_username(db, a, r->username, out) < 0)
		return svc_fail(ERR_DB_ERROR, NULL, NULL);
	log_info("registered citizen user=%s kind=%s", r->username, r->kind);
	return svc_ok();
}

struct create_ctx {
	const char *username, *full_name, *unit_code, *hash;
	unsigned roles;
	int64_t id;
	bool no_unit;
};

static int create_txn(struct db *db, void *arg)
{
	struct create_ctx *c = arg;
	struct arena a;
	arena_init(&a);
	struct unit u = {0};
	int rc = DB_OK;
	if (c->unit_code) {
		rc = repo_unit_by_code(db, &a, c->unit_code, &u);
		if (rc == REPO_NOT_FOUND) {
			c->no_unit = true;
			arena_release(&a);
			return -100;
		}
	}
	if (rc == DB_OK) {
		struct user usr = {.username = c->username,
				   .full_name = c->full_name,
				   .unit_id = u.id,
				   .password_hash = c->hash,
				   .active = true,
				   .kind = (c->roles & ROLE_CITIZEN) ? "person" : "staff"};
		rc = repo_user_insert(db, &usr, clock_now_ms(), &c->id);
	}
	if (rc == DB_OK)
		rc = repo_user_set_roles(db, c->id, c->roles);
	arena_release(&a);
	return rc;
}

struct svc_result svc_user_create(struct db *db, const char *username, const char *full_name,
				  const char *unit_code, unsigned roles, const char *password,
				  int64_t *id)
{
	if (!svc_username_valid(username))
		return svc_fail(ERR_FIELD_INVALID, "username", "3 to 64 of a-z 0-9 . _ -");
	char *hash = svc_password_hash(password);
	if (!hash)
		return svc_fail(ERR_INTERNAL, NULL, "password hashing failed");
	struct create_ctx c = {username, full_name, unit_code, hash, roles, 0, false};
	int rc = db_run_txn(db, create_txn, &c);
	free(hash);
	if (c.no_unit)
		return svc_fail(ERR_UNIT_NOT_FOUND, "unit", unit_code);
	if (rc == DB_CONSTRAINT)
		return svc_fail(ERR_USERNAME_TAKEN, "username", username);
	if (rc < 0)
		return svc_fail(ERR_DB_ERROR, NULL, db_errmsg(db));
	if (id)
		*id = c.id;
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
	c->out->expires_at = now + config_int(c->cfg, "session.hours") * 3600000;
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
	if (rc < 0 || db_run_txn(db, open_txn, &c) < 0)
		return svc_fail(ERR_DB_ERROR, NULL, NULL);
	return svc_ok();
}
