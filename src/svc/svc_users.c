/* Officers who move or leave (DOMAIN.md 15): an operator disables or
 * enables an account, changes its unit, roles or full name, or sets its
 * password. Per-unit access rests on the unit and roles, so every change
 * ends the account's sessions: an open one stops at its next request, and
 * a disabled account cannot log in again (ACCOUNT_INACTIVE). Layer: svc. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "core/roles.h"
#include "db/db.h"
#include "repo/repo.h"
#include "svc/svc.h"

struct change_ctx {
	struct arena *a;
	const char *username;
	const struct svc_user_change *ch;
	const char *hash; /* the new password's, or NULL */
	int64_t ended;
};

static int change_txn(struct db *db, void *arg)
{
	struct change_ctx *c = arg;
	const struct svc_user_change *ch = c->ch;
	struct user u;
	int rc = repo_user_by_username(db, c->a, c->username, &u);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_USER_NOT_FOUND, "username", c->username);
	if (rc < 0)
		return rc;
	if ((ch->unit_code || ch->roles) && strcmp(u.kind, "staff") != 0)
		return db_abort(db, ERR_FIELD_INVALID, "username",
				"a citizen's account has no unit or staff roles");
	if (ch->unit_code) {
		struct unit unit;
		rc = repo_unit_by_code(db, c->a, ch->unit_code, &unit);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_UNIT_NOT_FOUND, "unit", ch->unit_code);
		if (rc < 0)
			return rc;
		u.unit_id = unit.id;
	}
	if (ch->active >= 0)
		u.active = ch->active != 0;
	if (ch->full_name)
		u.full_name = ch->full_name;
	if (c->hash)
		u.password_hash = c->hash;
	rc = repo_user_update(db, &u);
	if (rc == DB_OK && ch->roles)
		rc = repo_user_set_roles(db, u.id, ch->roles);
	if (rc == DB_OK)
		rc = repo_session_delete_user(db, u.id, &c->ended);
	return rc;
}

/* "disabled, unit VP, roles receiver,head, full name, password" */
static const char *what_changed(struct arena *a, const struct svc_user_change *ch)
{
	struct buf b = BUF_INIT;
	if (ch->active >= 0)
		buf_addf(&b, ", %s", ch->active ? "enabled" : "disabled");
	if (ch->unit_code)
		buf_addf(&b, ", unit %s", ch->unit_code);
	if (ch->roles) {
		buf_adds(&b, ", roles ");
		const char *sep = "";
		for (const unsigned *r = role_all; *r; r++)
			if (ch->roles & *r) {
				buf_addf(&b, "%s%s", sep, role_name(*r));
				sep = ",";
			}
	}
	if (ch->full_name)
		buf_adds(&b, ", full name");
	if (ch->password)
		buf_adds(&b, ", password");
	const char *s = arena_strdup(a, b.len ? buf_str(&b) + 2 : "nothing");
	buf_release(&b);
	return s;
}

struct svc_result svc_user_change(struct db *db, const struct config *cfg, struct arena *a,
				  const char *username, const struct svc_user_change *ch,
				  int64_t *ended)
{
	if (ended)
		*ended = 0;
	if (ch->roles & ~(unsigned)ROLES_STAFF)
		return svc_fail(ERR_FIELD_INVALID, "role", "staff roles only");
	if (ch->full_name && !*ch->full_name)
		return svc_fail(ERR_FIELD_MISSING, "full_name", NULL);
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
	log_info("user %s changed by %s: %s; %lld session%s ended", username, ch->by ? ch->by : "?",
		 what_changed(a, ch), (long long)c.ended, c.ended == 1 ? "" : "s");
	if (ended)
		*ended = c.ended;
	return svc_ok();
}
