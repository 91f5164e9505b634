/* Staff accounts (DOMAIN.md 15): who an administrator manages, the list,
 * one account with its history, a new account, and the change of an
 * account by an administrator or by the command line when an officer moves
 * or leaves (svc_users.h; svc.h svc_user_change()). Per-unit access rests
 * on the unit and roles, so a change of either, of the state or of the
 * password ends the account's sessions: an open one stops at its next
 * request, and a disabled account cannot log in again (ACCOUNT_INACTIVE).
 * Layer: svc. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/roles.h"
#include "db/db.h"
#include "repo/repo.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_users.h"

/* ---- the rule of the units ---- */

/* The unit under which who manages accounts into *scope: 0 = all (the
 * command line, an administrator of no unit or of a root unit). */
static int scope_of(struct db *db, struct arena *a, const struct svc_actor *who, int64_t *scope)
{
	*scope = 0;
	if (!who || !who->unit_id)
		return DB_OK;
	struct unit u;
	int rc = repo_unit_by_id(db, a, who->unit_id, &u);
	if (rc == DB_NOT_FOUND)
		return DB_OK; /* a unit removed under them: as none */
	if (rc < 0)
		return rc;
	if (u.parent_id)
		*scope = u.id;
	return DB_OK;
}

/* Whether unit_id (0 = none) lies in scope: the unit or one under it. */
static int in_scope(struct db *db, struct arena *a, int64_t scope, int64_t unit_id, bool *yes)
{
	*yes = scope == 0;
	if (*yes || !unit_id)
		return DB_OK;
	int64_t *up;
	size_t n = 0;
	int rc = svcd_desks(db, a, unit_id, &up, &n);
	for (size_t i = 0; rc == DB_OK && i < n; i++)
		if (up[i] == scope)
			*yes = true;
	return rc;
}

/* The account username as who may see it: a staff account in their units
 * (the command line sees every account). */
static int load_managed(struct db *db, struct arena *a, const struct svc_actor *who,
			const char *username, struct user *u)
{
	int rc = strlen(username) > 64 ? DB_NOT_FOUND : repo_user_by_username(db, a, username, u);
	if (rc < 0)
		return rc;
	if (!who)
		return DB_OK;
	if (strcmp(u->kind, "staff"))
		return DB_NOT_FOUND; /* administrators see no citizen's account */
	int64_t scope;
	bool yes;
	if ((rc = scope_of(db, a, who, &scope)) < 0 ||
	    (rc = in_scope(db, a, scope, u->unit_id, &yes)) < 0)
		return rc;
	return yes ? DB_OK : DB_NOT_FOUND;
}

/* The unit code (NULL: none wanted) into *id, checked against who's units. */
static int unit_for(struct db *db, struct arena *a, const struct svc_actor *who, const char *code,
		    int64_t *id)
{
	struct unit u;
	int rc = strlen(code) > 32 ? DB_NOT_FOUND : repo_unit_by_code(db, a, code, &u);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_UNIT_NOT_FOUND, "unit", code);
	if (rc < 0)
		return rc;
	int64_t scope;
	bool yes;
	if ((rc = scope_of(db, a, who, &scope)) < 0 ||
	    (rc = in_scope(db, a, scope, u.id, &yes)) < 0)
		return rc;
	if (!yes)
		return db_abort(db, ERR_FORBIDDEN, "unit", "a unit outside your units");
	*id = u.id;
	return DB_OK;
}

/* ---- what is checked before the database ---- */

/* Digits with the separators people write, 8 to 15 digits. */
static bool phone_valid(const char *s)
{
	size_t digits = 0, len = strlen(s);
	if (len > 32)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+ .-()", *p))
			return false;
	}
	return digits >= 8 && digits <= 15;
}

static struct svc_result check_contact(const char *full_name, const char *email, const char *phone,
				       unsigned roles)
{
	if (full_name &&
	    (!text_utf8_valid(full_name, strlen(full_name)) || text_utf8_len(full_name) > 200))
		return svc_fail(ERR_FIELD_INVALID, "full_name", "at most 200 characters");
	if (full_name && !*full_name)
		return svc_fail(ERR_FIELD_MISSING, "full_name", NULL);
	if (email && *email && !svc_email_valid(email))
		return svc_fail(ERR_FIELD_INVALID, "email", "not an e-mail address");
	if (phone && *phone && !phone_valid(phone))
		return svc_fail(ERR_FIELD_INVALID, "phone", "a telephone number, 8 to 15 digits");
	if (roles & ~(unsigned)ROLES_STAFF)
		return svc_fail(ERR_FIELD_INVALID, "roles", "staff roles only");
	return svc_ok();
}

/* "" (none) is kept as NULL. */
static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

static bool same(const char *x, const char *y)
{
	return !strcmp(x ? x : "", y ? y : "");
}

static void roles_text(struct buf *b, unsigned roles)
{
	const char *sep = "";
	for (const unsigned *r = role_all; *r; r++)
		if (roles & *r) {
			buf_addf(b, "%s%s", sep, role_name(*r));
			sep = ",";
		}
}

/* ---- a change ---- */

struct change_ctx {
	struct arena *a;
	const char *username;
	const struct svc_user_change *ch;
	const char *hash; /* the new password's, or NULL */
	int64_t ended;
	const char *what; /* "disabled, unit VP, roles receiver,head"; NULL: nothing */
};

/* Applies ch to *u, writing what changed into b ("" when nothing did);
 * *access: the state, unit, roles or password changed. */
static int apply(struct db *db, struct change_ctx *c, struct user *u, struct buf *b, bool *access)
{
	const struct svc_user_change *ch = c->ch;
	const struct svc_actor *who = ch->who;
	bool self = who && who->id == u->id;
	if ((ch->unit_code || ch->roles) && strcmp(u->kind, "staff") != 0)
		return db_abort(db, ERR_FIELD_INVALID, "username",
				"a citizen's account has no unit or staff roles");
	if (self && ch->active == 0)
		return db_abort(db, ERR_FIELD_INVALID, "active", "not your own account");
	if (self && ch->roles && !(ch->roles & ROLE_ADMIN))
		return db_abort(db, ERR_FIELD_INVALID, "roles",
				"you cannot take away your own administrator role");
	if (ch->active >= 0 && (ch->active != 0) != u->active) {
		u->active = ch->active != 0;
		buf_addf(b, ", %s", u->active ? "enabled" : "disabled");
		*access = true;
	}
	if (ch->unit_code) {
		int64_t id = 0;
		int rc = unit_for(db, c->a, who, ch->unit_code, &id);
		if (rc < 0)
			return rc;
		if (id != u->unit_id) {
			u->unit_id = id;
			buf_addf(b, ", unit %s", ch->unit_code);
			*access = true;
		}
	}
	if (ch->roles && ch->roles != u->roles) {
		buf_adds(b, ", roles ");
		roles_text(b, ch->roles);
		*access = true;
	}
	if (ch->full_name && strcmp(ch->full_name, u->full_name)) {
		u->full_name = ch->full_name;
		buf_adds(b, ", full name");
	}
	if (ch->email && !same(opt(ch->email), u->email)) {
		u->email = opt(ch->email);
		buf_adds(b, ", e-mail");
	}
	if (ch->phone && !same(opt(ch->phone), u->phone)) {
		u->phone = opt(ch->phone);
		buf_adds(b, ", phone");
	}
	if (c->hash) {
		/* A password an administrator chose is theirs to know: its owner
		 * changes it first (the command line's operator sets their own). */
		u->password_hash = c->hash;
		u->must_change_password = who != NULL;
		buf_adds(b, ", password");
		*access = true;
	}
	return DB_OK;
}

static int change_txn(struct db *db, void *arg)
{
	struct change_ctx *c = arg;
	const struct svc_user_change *ch = c->ch;
	struct user u;
	c->ended = 0;
	c->what = NULL;
	int rc = load_managed(db, c->a, ch->who, c->username, &u);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_USER_NOT_FOUND, "username", c->username);
	if (rc < 0)
		return rc;
	struct buf b = BUF_INIT;
	bool access = false;
	rc = apply(db, c, &u, &b, &access);
	if (rc == DB_OK && b.len) {
		c->what = arena_strdup(c->a, buf_str(&b) + 2);
		rc = repo_user_update(db, &u);
		if (rc == DB_OK && ch->roles)
			rc = repo_user_set_roles(db, u.id, ch->roles);
		if (rc == DB_OK)
			rc = repo_user_change_insert(db, u.id, ch->who ? ch->who->id : 0,
						     ch->who ? ch->who->username : ch->by, c->what,
						     clock_now_ms());
		if (rc == DB_OK && access)
			rc = repo_session_delete_user(db, u.id, &c->ended);
	}
	buf_release(&b);
	return rc;
}

struct svc_result svc_user_change(struct db *db, const struct config *cfg, struct arena *a,
				  const char *username, const struct svc_user_change *ch,
				  int64_t *ended)
{
	if (ended)
		*ended = 0;
	struct svc_result r = check_contact(ch->full_name, ch->email, ch->phone, ch->roles);
	if (r.code != ERR_NONE)
		return r;
	char *hash = NULL;
	if (ch->password) {
		struct svc_result pr = svc_password_check(cfg, a, username, ch->password);
		if (pr.code != ERR_NONE)
			return pr;
		hash = svc_password_hash(ch->password);
		if (!hash)
			return svc_fail(ERR_INTERNAL, NULL, "password hashing failed");
	}
	struct change_ctx c = {.a = a, .username = username, .ch = ch, .hash = hash};
	int rc = db_run_txn(db, change_txn, &c, DB_TXN_ATTEMPTS);
	free(hash);
	if (rc < 0)
		return svc_busy(db, svc_txn_result(db, rc));
	const char *by = ch->who ? ch->who->username : ch->by ? ch->by : "?";
	if (c.what)
		log_info("user %s changed by %s: %s; %lld session%s ended", username, by, c.what,
			 (long long)c.ended, c.ended == 1 ? "" : "s");
	if (ended)
		*ended = c.ended;
	return svc_ok();
}

/* ---- a new account ---- */

void svc_password_generate(char *out)
{
	unsigned char raw[12];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SVC_PASSWORD_GEN, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

struct create_ctx {
	struct arena *a;
	const struct svc_actor *who;
	const struct svc_user_new *in;
	const char *hash, *by;
	int64_t id;
};

static int create_txn(struct db *db, void *arg)
{
	struct create_ctx *c = arg;
	const struct svc_user_new *in = c->in;
	int64_t unit_id = 0;
	int rc = DB_OK;
	if (in->unit_code)
		rc = unit_for(db, c->a, c->who, in->unit_code, &unit_id);
	else if (c->who) {
		int64_t scope;
		if ((rc = scope_of(db, c->a, c->who, &scope)) == DB_OK && scope)
			return db_abort(db, ERR_FIELD_MISSING, "unit", "one of your units");
	}
	if (rc < 0)
		return rc;
	struct user u = {.username = in->username,
			 .full_name = in->full_name,
			 .unit_id = unit_id,
			 .password_hash = c->hash,
			 .active = true,
			 .email = opt(in->email),
			 .phone = opt(in->phone),
			 .must_change_password = c->who != NULL,
			 .kind = (in->roles & ROLE_CITIZEN) ? "person" : "staff"};
	int64_t now = clock_now_ms();
	if ((rc = repo_user_insert(db, &u, now, &c->id)) < 0 ||
	    (rc = repo_user_set_roles(db, c->id, in->roles)) < 0)
		return rc;
	struct buf b = BUF_INIT;
	buf_adds(&b, "created, roles ");
	roles_text(&b, in->roles);
	if (in->unit_code)
		buf_addf(&b, ", unit %s", in->unit_code);
	rc = repo_user_change_insert(db, c->id, c->who ? c->who->id : 0,
				     c->who ? c->who->username : c->by, buf_str(&b), now);
	buf_release(&b);
	return rc;
}

static struct svc_result create(struct db *db, struct arena *a, const struct svc_actor *who,
				const struct svc_user_new *in, const char *password, int64_t *id)
{
	char *hash = svc_password_hash(password);
	if (!hash)
		return svc_fail(ERR_INTERNAL, NULL, "password hashing failed");
	struct create_ctx c = {.a = a, .who = who, .in = in, .hash = hash, .by = in->by};
	if (!c.by)
		c.by = "command line";
	int rc = db_run_txn(db, create_txn, &c, DB_TXN_ATTEMPTS);
	free(hash);
	if (rc == DB_CONSTRAINT)
		return svc_fail(ERR_USERNAME_TAKEN, "username", in->username);
	if (rc < 0)
		return svc_busy(db, svc_txn_result(db, rc));
	if (id)
		*id = c.id;
	return svc_ok();
}

struct svc_result svc_user_create(struct db *db, const char *username, const char *full_name,
				  const char *unit_code, unsigned roles, const char *password,
				  int64_t *id)
{
	if (!svc_username_valid(username))
		return svc_fail(ERR_FIELD_INVALID, "username", "3 to 64 of a-z 0-9 . _ -");
	struct arena a;
	arena_init(&a);
	struct svc_user_new in = {.username = username,
				  .full_name = full_name,
				  .unit_code = unit_code,
				  .roles = roles,
				  .by = "demo data"};
	struct svc_result r = create(db, &a, NULL, &in, password, id);
	arena_release(&a);
	return r;
}

struct svc_result svc_user_add(struct db *db, const struct config *cfg, struct arena *a,
			       const struct svc_actor *who, const struct svc_user_new *in,
			       char *generated, int64_t *id)
{
	if (!in->username || !*in->username)
		return svc_fail(ERR_FIELD_MISSING, "username", NULL);
	if (!svc_username_valid(in->username) || svc_username_reserved(in->username))
		return svc_fail(ERR_FIELD_INVALID, "username",
				"3 to 64 of a-z 0-9 . _ -, not an ID number");
	if (!in->full_name)
		return svc_fail(ERR_FIELD_MISSING, "full_name", NULL);
	if (!in->roles)
		return svc_fail(ERR_FIELD_MISSING, "roles", "at least one staff role");
	struct svc_result r = check_contact(in->full_name, in->email, in->phone, in->roles);
	if (r.code != ERR_NONE)
		return r;
	const char *password = in->password;
	if (password) {
		r = svc_password_check(cfg, a, in->username, password);
		if (r.code != ERR_NONE)
			return r;
	} else {
		svc_password_generate(generated);
		password = generated;
	}
	r = create(db, a, who, in, password, id);
	if (r.code == ERR_NONE)
		log_info("user %s created by %s", in->username,
			 who	  ? who->username
			 : in->by ? in->by
				  : "command line");
	return r;
}

/* ---- reading ---- */

/* The unit of each account, from the list of units read once. */
static void units_of(struct svc_user_view *v, size_t n, const struct unit *units, size_t nunits)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nunits; k++)
			if (units[k].id == v[i].user.unit_id)
				v[i].unit = units[k];
}

struct svc_result svc_users_list(struct db *db, struct arena *a, const struct svc_actor *who,
				 const struct svc_user_query *q, struct svc_user_view **out,
				 size_t *n, int64_t *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	struct user_filter f = {.role = q->role, .active = -1, .text = opt(q->text)};
	unsigned role = q->role ? role_parse(q->role) : 0;
	if (q->role && (!role || !(role & ROLES_STAFF)))
		return svc_fail(ERR_FIELD_INVALID, "role", "a staff role, e.g. receiver");
	if (q->state && strcmp(q->state, "active") && strcmp(q->state, "disabled"))
		return svc_fail(ERR_FIELD_INVALID, "state", "active or disabled");
	if (q->state)
		f.active = !strcmp(q->state, "active");
	f.limit = q->limit < 1 || q->limit > SVC_USERS_PAGE_MAX ? SVC_USERS_PAGE_MAX : q->limit;
	f.offset = q->offset < 0 ? 0 : q->offset;
	int rc = scope_of(db, a, who, &f.scope_unit);
	if (rc == DB_OK && q->unit_code) {
		struct unit u;
		bool yes = false;
		rc = strlen(q->unit_code) > 32 ? DB_NOT_FOUND
					       : repo_unit_by_code(db, a, q->unit_code, &u);
		if (rc == DB_NOT_FOUND)
			return svc_fail(ERR_UNIT_NOT_FOUND, "unit", q->unit_code);
		if (rc == DB_OK && (rc = in_scope(db, a, f.scope_unit, u.id, &yes)) == DB_OK &&
		    !yes)
			return svc_fail(ERR_FORBIDDEN, "unit", "a unit outside your units");
		f.unit_id = u.id;
	}
	struct user *users = NULL;
	struct unit *units = NULL;
	size_t nunits = 0;
	if (rc == DB_OK)
		rc = repo_users_list(db, a, &f, &users, n, total);
	if (rc == DB_OK)
		rc = repo_unit_list(db, a, &units, &nunits);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*out = arena_zalloc(a, (*n + 1) * sizeof **out);
	for (size_t i = 0; i < *n; i++)
		(*out)[i].user = users[i];
	units_of(*out, *n, units, nunits);
	return svc_ok();
}

struct svc_result svc_user_get(struct db *db, struct arena *a, const struct svc_actor *who,
			       const char *username, struct svc_user_view *out)
{
	memset(out, 0, sizeof *out);
	int rc = load_managed(db, a, who, username, &out->user);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_USER_NOT_FOUND, "username", NULL);
	if (rc == DB_OK && out->user.unit_id)
		rc = repo_unit_by_id(db, a, out->user.unit_id, &out->unit);
	if (rc == DB_OK)
		rc = repo_user_changes(db, a, out->user.id, SVC_USER_HISTORY_MAX, &out->history,
				       &out->nhistory);
	return svc_txn_result(db, rc);
}

/* ---- the owner's own change ---- */

struct own_ctx {
	struct arena *a;
	int64_t user_id;
	const char *keep_hash, *verified, *hash; /* verified: the hash current matched */
	int64_t ended;
};

static int own_txn(struct db *db, void *arg)
{
	struct own_ctx *c = arg;
	struct user u;
	int rc = repo_user_by_id(db, c->a, c->user_id, &u);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_USER_NOT_FOUND, NULL, NULL);
	if (rc < 0)
		return rc;
	if (strcmp(u.password_hash, c->verified)) /* changed since it was checked */
		return db_abort(db, ERR_FIELD_INVALID, "current_password",
				"not the password of this account");
	u.password_hash = c->hash;
	u.must_change_password = false;
	if ((rc = repo_user_update(db, &u)) < 0 ||
	    (rc = repo_user_change_insert(db, u.id, u.id, u.username,
					  "password changed by its owner", clock_now_ms())) < 0)
		return rc;
	return repo_session_delete_others(db, u.id, c->keep_hash, &c->ended);
}

struct svc_result svc_password_change(struct db *db, const struct config *cfg, struct arena *a,
				      int64_t user_id, const char *keep_hash, const char *current,
				      const char *new_password, int64_t *ended)
{
	if (ended)
		*ended = 0;
	struct user u;
	int rc = repo_user_by_id(db, a, user_id, &u);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_USER_NOT_FOUND, NULL, NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	/* Checked before the transaction: hashing takes a while. */
	if (!svc_password_verify(u.password_hash, current))
		return svc_fail(ERR_FIELD_INVALID, "current_password",
				"not the password of this account");
	if (!strcmp(current, new_password))
		return svc_fail(ERR_FIELD_INVALID, "new_password", "the same as the current one");
	struct svc_result r = svc_password_check(cfg, a, u.username, new_password);
	if (r.code != ERR_NONE) {
		r.field = "new_password";
		return r;
	}
	char *hash = svc_password_hash(new_password);
	if (!hash)
		return svc_fail(ERR_INTERNAL, NULL, "password hashing failed");
	struct own_ctx c = {.a = a,
			    .user_id = user_id,
			    .keep_hash = keep_hash,
			    .verified = u.password_hash,
			    .hash = hash};
	rc = db_run_txn(db, own_txn, &c, DB_TXN_ATTEMPTS);
	free(hash);
	if (rc < 0)
		return svc_busy(db, svc_txn_result(db, rc));
	log_info("user %s changed their password; %lld other session%s ended", u.username,
		 (long long)c.ended, c.ended == 1 ? "" : "s");
	if (ended)
		*ended = c.ended;
	return svc_ok();
}
