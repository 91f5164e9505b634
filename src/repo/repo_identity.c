/* Identity binding (DOMAIN.md section 15): which account is verified for
 * an ID number or tax code, the verifications and their withdrawals, and
 * the log-ins through an OpenID Connect provider in flight. Layer: repo. */
#include <string.h>

#include "repo/repo.h"

int repo_user_verified_for(struct db *db, const char *kind, const char *ident, int64_t *user_id)
{
	bool found = false;
	bool person = !strcmp(kind, "person");
	int rc = db_query_int(
		db,
		person ? "SELECT id FROM users WHERE id_number = ? AND kind = 'person' "
			 "AND verified_at IS NOT NULL"
		       : "SELECT id FROM users WHERE tax_code = ? AND kind = "
			 "'organisation' AND verified_at IS NOT NULL",
		DB_ARGS(DB_T(ident)), user_id, &found);
	if (rc < 0)
		return rc;
	return found ? DB_OK : DB_NOT_FOUND;
}

static int record(struct db *db, int64_t user_id, const char *action, const char *how,
		  int64_t by_user, const char *evidence, int64_t now)
{
	return db_exec(
		db,
		"INSERT INTO account_verifications (user_id, action, kind, ident, how, "
		"by_user, evidence, at) SELECT id, ?, kind, COALESCE(id_number, tax_code, ''), "
		"?, ?, ?, ? FROM users WHERE id = ?",
		DB_ARGS(DB_T(action), DB_T(how), by_user ? DB_I(by_user) : DB_NULL,
			DB_T(evidence ? evidence : ""), DB_I(now), DB_I(user_id)),
		NULL);
}

int repo_user_verify(struct db *db, int64_t user_id, const char *kind, const char *ident,
		     const char *how, int64_t by_user, const char *evidence, int64_t now)
{
	bool person = !strcmp(kind, "person");
	int rc = db_exec(
		db,
		person ? "UPDATE users SET id_number = ?, verified_at = ?, verified_how = ?, "
			 "verified_by = ? WHERE id = ?"
		       : "UPDATE users SET tax_code = ?, verified_at = ?, verified_how = ?, "
			 "verified_by = ? WHERE id = ?",
		DB_ARGS(DB_T(ident), DB_I(now), DB_T(how), by_user ? DB_I(by_user) : DB_NULL,
			DB_I(user_id)),
		NULL);
	if (rc == DB_OK)
		rc = record(db, user_id, "verified", how, by_user, evidence, now);
	return rc;
}

int repo_user_unverify(struct db *db, int64_t user_id, const char *how, int64_t by_user,
		       const char *evidence, int64_t now)
{
	int rc = record(db, user_id, "withdrawn", how, by_user, evidence, now);
	if (rc == DB_OK)
		rc = db_exec(db,
			     "UPDATE users SET verified_at = NULL, verified_how = NULL, "
			     "verified_by = NULL WHERE id = ?",
			     DB_ARGS(DB_I(user_id)), NULL);
	return rc;
}

static void read_user_verifications(struct arena *a, const struct db_res *r, size_t i, void *elem,
				    void *ctx)
{
	struct account_verification *v = elem;
	v->action = repo_text(a, r, i, 0);
	v->kind = repo_text(a, r, i, 1);
	v->ident = repo_text(a, r, i, 2);
	v->how = repo_text(a, r, i, 3);
	v->evidence = repo_text(a, r, i, 4);
	v->by_username = repo_text(a, r, i, 5);
	v->at = db_res_int(r, i, 6);
}

int repo_user_verifications(struct db *db, struct arena *a, int64_t user_id,
			    struct account_verification **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT v.action, v.kind, v.ident, v.how, v.evidence, "
			 "COALESCE(u.username, ''), v.at FROM account_verifications v "
			 "LEFT JOIN users u ON u.id = v.by_user WHERE v.user_id = ? "
			 "ORDER BY v.at, v.id",
			 DB_ARGS(DB_I(user_id)), read_user_verifications, NULL, out, n);
}

int repo_oidc_flow_insert(struct db *db, const struct oidc_flow *f)
{
	/* Flows nobody finished go as new ones come: the table holds ten
	 * minutes of starts at most. */
	int rc = db_exec(db, "DELETE FROM oidc_flows WHERE expires_at <= ?",
			 DB_ARGS(DB_I(f->created_at)), NULL);
	if (rc < 0)
		return rc;
	return db_exec(
		db,
		"INSERT INTO oidc_flows (state_hash, browser_hash, nonce, verifier, user_id, "
		"created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_T(f->state_hash), DB_T(f->browser_hash), DB_T(f->nonce),
			DB_T(f->verifier), f->user_id ? DB_I(f->user_id) : DB_NULL,
			DB_I(f->created_at), DB_I(f->expires_at)),
		NULL);
}

int repo_oidc_flow_take(struct db *db, struct arena *a, const char *state_hash, int64_t now,
			struct oidc_flow *out)
{
	struct db_res *r;
	int rc = db_query(db,
			  "DELETE FROM oidc_flows WHERE state_hash = ? RETURNING state_hash, "
			  "browser_hash, nonce, verifier, COALESCE(user_id, 0), created_at, "
			  "expires_at",
			  DB_ARGS(DB_T(state_hash)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		rc = DB_NOT_FOUND;
	} else {
		out->state_hash = repo_text(a, r, 0, 0);
		out->browser_hash = repo_text(a, r, 0, 1);
		out->nonce = repo_text(a, r, 0, 2);
		out->verifier = repo_text(a, r, 0, 3);
		out->user_id = db_res_int(r, 0, 4);
		out->created_at = db_res_int(r, 0, 5);
		out->expires_at = db_res_int(r, 0, 6);
	}
	db_res_free(r);
	int prc = db_exec(db, "DELETE FROM oidc_flows WHERE expires_at <= ?", DB_ARGS(DB_I(now)),
			  NULL);
	return prc < 0 ? prc : rc;
}
