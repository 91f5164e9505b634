/* The stored replies of Idempotency-Key requests: see repo_idempotency.h.
 * Layer: repo. */
#include "repo/repo_idempotency.h"

int repo_idem_get(struct db *db, struct arena *a, const char *who, const char *key,
		  struct idem_row *out)
{
	struct db_res *r;
	int rc = db_query(db,
			  "SELECT route, request_hash, status, content_type, headers, body, "
			  "created_at FROM idempotency_keys WHERE who = ? AND idem_key = ?",
			  DB_ARGS(DB_T(who), DB_T(key)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		db_res_free(r);
		return DB_NOT_FOUND;
	}
	out->route = repo_text(a, r, 0, 0);
	out->request_hash = repo_text(a, r, 0, 1);
	out->status = (int)db_res_int(r, 0, 2);
	out->content_type = repo_text(a, r, 0, 3);
	out->headers = repo_text(a, r, 0, 4);
	out->body = repo_text(a, r, 0, 5);
	out->created_at = db_res_int(r, 0, 6);
	db_res_free(r);
	return DB_OK;
}

int repo_idem_start(struct db *db, const char *who, const char *key, const char *route,
		    const char *request_hash, int64_t now)
{
	return db_exec(db,
		       "INSERT INTO idempotency_keys (who, idem_key, route, request_hash, "
		       "created_at) VALUES (?, ?, ?, ?, ?)",
		       DB_ARGS(DB_T(who), DB_T(key), DB_T(route), DB_T(request_hash), DB_I(now)),
		       NULL);
}

int repo_idem_restart(struct db *db, const char *who, const char *key, int64_t now)
{
	return db_exec(db,
		       "UPDATE idempotency_keys SET created_at = ? WHERE who = ? AND idem_key = ? "
		       "AND status = 0",
		       DB_ARGS(DB_I(now), DB_T(who), DB_T(key)), NULL);
}

int repo_idem_finish(struct db *db, const char *who, const char *key, int status,
		     const char *content_type, const char *headers, const char *body)
{
	return db_exec(db,
		       "UPDATE idempotency_keys SET status = ?, content_type = ?, headers = ?, "
		       "body = ? WHERE who = ? AND idem_key = ?",
		       DB_ARGS(DB_I(status), DB_T(content_type), DB_T(headers), DB_T(body),
			       DB_T(who), DB_T(key)),
		       NULL);
}

int repo_idem_delete(struct db *db, const char *who, const char *key)
{
	return db_exec(db, "DELETE FROM idempotency_keys WHERE who = ? AND idem_key = ?",
		       DB_ARGS(DB_T(who), DB_T(key)), NULL);
}

int repo_idem_expire(struct db *db, int64_t before)
{
	return db_exec(db, "DELETE FROM idempotency_keys WHERE created_at < ?",
		       DB_ARGS(DB_I(before)), NULL);
}
