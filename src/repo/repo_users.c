/* Users, their roles and sessions. Session tokens are stored
 * only as hashes; the raw token lives in the citizen's cookie. Layer: repo. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "core/roles.h"
#include "repo/repo.h"

#define USER_COLS                                                                                  \
	"u.id, u.username, u.full_name, u.kind, u.id_number, u.tax_code, u.email, "                \
	"u.password_hash, "                                                                        \
	"COALESCE(u.unit_id, 0), u.active, COALESCE(u.verified_at, 0), "                           \
	"COALESCE(u.verified_how, ''), COALESCE(u.verified_by, 0), u.phone, "                      \
	"u.must_change_password"

static void fill(struct arena *a, const struct db_res *r, size_t i, size_t off, struct user *u)
{
	u->id = db_res_int(r, i, off + 0);
	u->username = repo_text(a, r, i, off + 1);
	u->full_name = repo_text(a, r, i, off + 2);
	u->kind = repo_text(a, r, i, off + 3);
	u->id_number = repo_textn(a, r, i, off + 4);
	u->tax_code = repo_textn(a, r, i, off + 5);
	u->email = repo_textn(a, r, i, off + 6);
	u->password_hash = repo_text(a, r, i, off + 7);
	u->unit_id = db_res_int(r, i, off + 8);
	u->active = db_res_int(r, i, off + 9) != 0;
	u->verified_at = db_res_int(r, i, off + 10);
	u->verified_how = repo_text(a, r, i, off + 11);
	u->verified_by = db_res_int(r, i, off + 12);
	u->phone = repo_textn(a, r, i, off + 13);
	u->must_change_password = db_res_int(r, i, off + 14) != 0;
	u->roles = 0;
}

/* Roles are a second query: SQLite 3.40 and PostgreSQL share no string
 * aggregate, and two indexed look-ups are cheap. */
static int load_roles(struct db *db, struct user *u)
{
	struct db_res *r;
	int rc = db_query(db, "SELECT role FROM user_roles WHERE user_id = ?", DB_ARGS(DB_I(u->id)),
			  &r);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < db_res_rows(r); i++)
		u->roles |= role_parse(db_res_text(r, i, 0));
	db_res_free(r);
	return DB_OK;
}

int repo_user_insert(struct db *db, const struct user *u, int64_t now, int64_t *id)
{
	return repo_insert(
		db,
		"INSERT INTO users (username, full_name, unit_id, password_hash, active, kind, "
		"id_number, tax_code, email, phone, must_change_password, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_T(u->username), DB_T(u->full_name),
			u->unit_id ? DB_I(u->unit_id) : DB_NULL, DB_T(u->password_hash),
			DB_I(u->active ? 1 : 0), DB_T(u->kind), DB_T(u->id_number),
			DB_T(u->tax_code), DB_T(u->email), DB_T(u->phone),
			DB_I(u->must_change_password ? 1 : 0), DB_I(now)),
		id);
}

int repo_user_set_roles(struct db *db, int64_t user_id, unsigned roles)
{
	int rc = db_exec(db, "DELETE FROM user_roles WHERE user_id = ?", DB_ARGS(DB_I(user_id)),
			 NULL);
	for (const unsigned *r = role_all; rc == DB_OK && *r; r++)
		if (roles & *r)
			rc = db_exec(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
				     DB_ARGS(DB_I(user_id), DB_T(role_name(*r))), NULL);
	return rc;
}

int repo_user_set_password(struct db *db, int64_t user_id, const char *hash)
{
	return db_exec(db, "UPDATE users SET password_hash = ? WHERE id = ?",
		       DB_ARGS(DB_T(hash), DB_I(user_id)), NULL);
}

int repo_user_update(struct db *db, const struct user *u)
{
	return db_exec(
		db,
		"UPDATE users SET full_name = ?, unit_id = ?, active = ?, password_hash = ?, "
		"email = ?, phone = ?, must_change_password = ? WHERE id = ?",
		DB_ARGS(DB_T(u->full_name), u->unit_id ? DB_I(u->unit_id) : DB_NULL,
			DB_I(u->active ? 1 : 0), DB_T(u->password_hash), DB_T(u->email),
			DB_T(u->phone), DB_I(u->must_change_password ? 1 : 0), DB_I(u->id)),
		NULL);
}

int repo_user_set_identity(struct db *db, int64_t user_id, const char *kind, const char *id_number,
			   const char *email)
{
	return db_exec(db, "UPDATE users SET kind = ?, id_number = ?, email = ? WHERE id = ?",
		       DB_ARGS(DB_T(kind), DB_T(id_number), DB_T(email), DB_I(user_id)), NULL);
}

/* One user by a condition on u (sql ends "WHERE ..."), with its roles. */
static int user_where(struct db *db, struct arena *a, const char *sql, const struct db_arg *arg,
		      struct user *out)
{
	struct db_res *r;
	int rc = db_query(db, sql, arg, 1, &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0)
		rc = DB_NOT_FOUND;
	else
		fill(a, r, 0, 0, out);
	db_res_free(r);
	return rc == DB_OK ? load_roles(db, out) : rc;
}

int repo_user_by_username(struct db *db, struct arena *a, const char *username, struct user *out)
{
	const struct db_arg arg = DB_T(username);
	return user_where(db, a, "SELECT " USER_COLS " FROM users u WHERE u.username = ?", &arg,
			  out);
}

int repo_user_by_id(struct db *db, struct arena *a, int64_t user_id, struct user *out)
{
	const struct db_arg arg = DB_I(user_id);
	return user_where(db, a, "SELECT " USER_COLS " FROM users u WHERE u.id = ?", &arg, out);
}

int repo_user_identity_taken(struct db *db, const char *id_number, const char *tax_code,
			     bool *taken)
{
	int64_t v;
	return db_query_int(
		db,
		"SELECT 1 FROM users WHERE (id_number IS NOT NULL AND id_number = ?) OR "
		"(tax_code IS NOT NULL AND tax_code = ?)",
		DB_ARGS(DB_T(id_number ? id_number : ""), DB_T(tax_code ? tax_code : "")), &v,
		taken);
}

int repo_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *csrf,
			int64_t now, int64_t expires_at)
{
	return db_exec(
		db,
		"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
		"VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_T(token_hash), DB_I(user_id), DB_T(csrf), DB_I(now), DB_I(expires_at)),
		NULL);
}

/* Every request with a session reads it first. The same statement brings
 * the user's roles and the versions of units and calendar that the
 * request's look-ups need (repo_units.c): two round trips fewer per
 * request (issue 16). The roles come as the sum of their bits, which both
 * databases compute (no string aggregate is common to them); the text is
 * made once from the role table (core/roles.h). */
static char *session_sql; /* made once, kept for the process's life */
static pthread_once_t session_sql_once = PTHREAD_ONCE_INIT;

static void session_sql_make(void)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "SELECT s.csrf_token, s.expires_at, " USER_COLS
		     ", (SELECT COALESCE(SUM(CASE r.role");
	for (const unsigned *role = role_all; *role; role++)
		buf_addf(&b, " WHEN '%s' THEN %u", role_name(*role), *role);
	buf_addf(&b, " ELSE 0 END), 0) FROM user_roles r WHERE r.user_id = u.id), "
		     "(SELECT v FROM cache_versions WHERE name = 'units'), "
		     "(SELECT version FROM calendar_state WHERE id = 1)"
		     " FROM sessions s JOIN users u ON u.id = s.user_id "
		     "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1");
	session_sql = xstrdup(buf_str(&b));
	buf_release(&b);
}

int repo_session_get(struct db *db, struct arena *a, const char *token_hash, int64_t now,
		     struct session_row *out)
{
	struct db_res *r;
	pthread_once(&session_sql_once, session_sql_make);
	int rc = db_query(db, session_sql, DB_ARGS(DB_T(token_hash), DB_I(now)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		rc = DB_NOT_FOUND;
	} else {
		out->csrf_token = repo_text(a, r, 0, 0);
		out->expires_at = db_res_int(r, 0, 1);
		fill(a, r, 0, 2, &out->user);
		out->user.roles = (unsigned)db_res_int(r, 0, 17);
		repo_cache_versions_seen(!db_res_null(r, 0, 18) && !db_res_null(r, 0, 19),
					 db_res_int(r, 0, 18), db_res_int(r, 0, 19));
	}
	db_res_free(r);
	return rc;
}

int repo_session_delete(struct db *db, const char *token_hash)
{
	return db_exec(db, "DELETE FROM sessions WHERE token_hash = ?", DB_ARGS(DB_T(token_hash)),
		       NULL);
}

int repo_session_delete_user(struct db *db, int64_t user_id, int64_t *n)
{
	return db_exec(db, "DELETE FROM sessions WHERE user_id = ?", DB_ARGS(DB_I(user_id)), n);
}

int repo_session_delete_others(struct db *db, int64_t user_id, const char *keep_hash, int64_t *n)
{
	return db_exec(db, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
		       DB_ARGS(DB_I(user_id), DB_T(keep_hash)), n);
}

int repo_session_purge(struct db *db, int64_t now)
{
	return db_exec(db, "DELETE FROM sessions WHERE expires_at <= ?", DB_ARGS(DB_I(now)), NULL);
}

static void read_user(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	fill(a, r, i, 0, elem);
}

/* Every filter is always bound; a NULL or 0 one matches everything. The
 * scope is the subtree of one unit, however deep. The text is matched in C
 * (text_fold()), so that "HƯƠNG" finds "Hương" on both backends: SQLite's
 * LOWER() folds ASCII only. */
#define SCOPE                                                                                      \
	"WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT x.id FROM units x "  \
	"JOIN sub ON x.parent_id = sub.id) "
#define WHERE                                                                                      \
	"WHERE u.kind = 'staff' AND (CAST(? AS BIGINT) = 0 OR u.unit_id IN (SELECT id FROM "       \
	"sub)) AND (CAST(? AS BIGINT) = 0 OR u.unit_id = ?) AND (CAST(? AS TEXT) IS NULL OR "      \
	"EXISTS (SELECT 1 FROM user_roles x WHERE x.user_id = u.id AND x.role = ?)) AND "          \
	"(CAST(? AS BIGINT) < 0 OR u.active = ?) "
#define FARGS                                                                                      \
	DB_I(f->scope_unit), DB_I(f->scope_unit), DB_I(f->unit_id), DB_I(f->unit_id),              \
		DB_T(f->role), DB_T(f->role), DB_I(f->active), DB_I(f->active)
/* The ids, in user name order, of the users f selects whose user name, full
 * name, e-mail or phone contains f->text once both are folded. *ids is heap. */
static int search_ids(struct db *db, const struct user_filter *f, int64_t **ids, size_t *n)
{
	return repo_fold_scan(db,
			      SCOPE "SELECT u.id, u.username, u.full_name, COALESCE(u.email, ''), "
				    "COALESCE(u.phone, '') FROM users u " WHERE
				    "ORDER BY u.username LIMIT ? OFFSET ?",
			      DB_ARGS(FARGS), 4, false, f->text, ids, n);
}

static int users_by_text(struct db *db, struct arena *a, const struct user_filter *f,
			 struct user **out, size_t *n, int64_t *total)
{
	int64_t *ids;
	size_t nids;
	int rc = search_ids(db, f, &ids, &nids);
	*total = (int64_t)nids;
	*n = 0;
	size_t from = f->offset < 0 ? 0 : (size_t)f->offset;
	size_t want = f->limit < 0 ? 0 : (size_t)f->limit;
	size_t cnt = from < nids ? (nids - from < want ? nids - from : want) : 0;
	*out = arena_zalloc(a, (cnt + 1) * sizeof **out);
	for (size_t i = 0; rc == DB_OK && i < cnt; i++)
		if ((rc = repo_user_by_id(db, a, ids[from + i], &(*out)[i])) == DB_OK)
			(*n)++;
	free(ids);
	return rc;
}

int repo_users_list(struct db *db, struct arena *a, const struct user_filter *f, struct user **out,
		    size_t *n, int64_t *total)
{
	if (f->text && *f->text)
		return users_by_text(db, a, f, out, n, total);
	bool found;
	int rc = db_query_int(db, SCOPE "SELECT COUNT(*) FROM users u " WHERE, DB_ARGS(FARGS),
			      total, &found);
	if (rc < 0)
		return rc;
	rc = repo_rows(db, a,
		       SCOPE "SELECT " USER_COLS " FROM users u " WHERE
			     "ORDER BY u.username LIMIT ? OFFSET ?",
		       DB_ARGS(FARGS, DB_I(f->limit), DB_I(f->offset)), read_user, NULL, out, n);
	for (size_t i = 0; rc == DB_OK && i < *n; i++)
		rc = load_roles(db, &(*out)[i]);
	return rc;
}
#undef SCOPE
#undef WHERE
#undef FARGS

int repo_user_change_insert(struct db *db, int64_t user_id, int64_t by_user, const char *by_name,
			    const char *what, int64_t now)
{
	return db_exec(db,
		       "INSERT INTO user_changes (user_id, by_user, by_name, what, at) "
		       "VALUES (?, ?, ?, ?, ?)",
		       DB_ARGS(DB_I(user_id), by_user ? DB_I(by_user) : DB_NULL, DB_T(by_name),
			       DB_T(what), DB_I(now)),
		       NULL);
}

static void read_change(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct user_change_row *c = elem;
	c->what = repo_text(a, r, i, 0);
	c->by_name = repo_text(a, r, i, 1);
	c->by_user = db_res_int(r, i, 2);
	c->at = db_res_int(r, i, 3);
}

int repo_user_changes(struct db *db, struct arena *a, int64_t user_id, int64_t limit,
		      struct user_change_row **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT what, by_name, COALESCE(by_user, 0), at FROM user_changes "
			 "WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?",
			 DB_ARGS(DB_I(user_id), DB_I(limit)), read_change, NULL, out, n);
}
