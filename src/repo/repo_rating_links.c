/* Rating links: see repo_rating_links.h. Layer: repo. */
#include "repo/repo_rating_links.h"

int repo_rating_link_put(struct db *db, const char *kind, int64_t target_id, const char *recipient,
			 const char *token_hash, int64_t now, bool *used)
{
	int64_t changes = 0;
	int rc = db_exec(
		db,
		"INSERT INTO rating_links (kind, target_id, recipient, token_hash, "
		"created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, target_id, "
		"recipient) DO UPDATE SET token_hash = excluded.token_hash, created_at = "
		"excluded.created_at WHERE rating_links.used_at IS NULL",
		DB_ARGS(DB_T(kind), DB_I(target_id), DB_T(recipient), DB_T(token_hash), DB_I(now)),
		&changes);
	*used = rc == DB_OK && changes == 0;
	return rc;
}

int repo_rating_link_find(struct db *db, struct arena *a, const char *token_hash,
			  struct rating_link *out)
{
	struct db_res *r;
	int rc = db_query(db,
			  "SELECT id, kind, target_id, recipient, created_at, COALESCE(used_at, 0) "
			  "FROM rating_links WHERE token_hash = ?",
			  DB_ARGS(DB_T(token_hash)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		db_res_free(r);
		return DB_NOT_FOUND;
	}
	out->id = db_res_int(r, 0, 0);
	out->kind = repo_text(a, r, 0, 1);
	out->target_id = db_res_int(r, 0, 2);
	out->recipient = repo_text(a, r, 0, 3);
	out->created_at = db_res_int(r, 0, 4);
	out->used_at = db_res_int(r, 0, 5);
	db_res_free(r);
	return DB_OK;
}

int repo_rating_link_use(struct db *db, int64_t id, int64_t now, bool *ok)
{
	int64_t changes = 0;
	int rc = db_exec(db, "UPDATE rating_links SET used_at = ? WHERE id = ? AND used_at IS NULL",
			 DB_ARGS(DB_I(now), DB_I(id)), &changes);
	*ok = rc == DB_OK && changes == 1;
	return rc;
}
