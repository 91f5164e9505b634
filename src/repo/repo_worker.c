/* The background worker's queries (repo_worker.h). Written once for both
 * backends: a mark or a mail is made once by its key (INSERT ... ON CONFLICT
 * DO NOTHING RETURNING), and a mail is claimed by one worker with an UPDATE
 * that only matches a row still ready (... RETURNING), inside the caller's
 * transaction: SQLite's write lock, or PostgreSQL's serializable isolation
 * with db_run_txn()'s retries, lets only one claim through. Layer: repo. */
#include <string.h>

#include "repo/repo_worker.h"

static void read_due(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	*(struct due_row *)elem =
		(struct due_row){db_res_int(r, i, 0), repo_text(a, r, i, 1), db_res_int(r, i, 2)};
}

int repo_worker_due(struct db *db, struct arena *a, int64_t unit_id, const char *kind,
		    int64_t after, int64_t upto, int64_t limit, struct due_row **out, size_t *n)
{
	/* due_at <= upto first: the extended due time is never earlier, and
	 * it lets the partial index dossiers_due_working (migration 0007,
	 * whose WHERE is this state list word for word) do the work. */
	return repo_rows(
		db, a,
		"SELECT d.id, d.code, COALESCE(d.extended_due_at, d.due_at) FROM dossiers d "
		"WHERE d.state IN ('received', 'in_process') AND d.paused_at IS NULL "
		"AND d.processing_unit_id = ? AND d.due_at <= ? "
		"AND COALESCE(d.extended_due_at, d.due_at) > ? "
		"AND COALESCE(d.extended_due_at, d.due_at) <= ? "
		"AND NOT EXISTS (SELECT 1 FROM dossier_marks m WHERE m.dossier_id = d.id "
		"  AND m.kind = ? AND m.due_at = COALESCE(d.extended_due_at, d.due_at)) "
		"ORDER BY d.due_at, d.id LIMIT ?",
		DB_ARGS(DB_I(unit_id), DB_I(upto), DB_I(after), DB_I(upto), DB_T(kind),
			DB_I(limit)),
		read_due, NULL, out, n);
}

int repo_worker_mark(struct db *db, int64_t dossier_id, const char *kind, int64_t due_at,
		     int64_t now, bool *inserted)
{
	int64_t v;
	return db_query_int(
		db,
		"INSERT INTO dossier_marks (dossier_id, kind, due_at, at) VALUES (?, ?, ?, ?) "
		"ON CONFLICT DO NOTHING RETURNING dossier_id",
		DB_ARGS(DB_I(dossier_id), DB_T(kind), DB_I(due_at), DB_I(now)), &v, inserted);
}

int repo_worker_user_email(struct db *db, struct arena *a, int64_t user_id, const char **email)
{
	struct db_res *r;
	int rc = db_query(db, "SELECT COALESCE(email, '') FROM users WHERE id = ? AND active = 1",
			  DB_ARGS(DB_I(user_id)), &r);
	if (rc < 0)
		return rc;
	*email = arena_strdup(a, db_res_rows(r) ? db_res_text(r, 0, 0) : "");
	db_res_free(r);
	return DB_OK;
}

int repo_worker_pool_emails(struct db *db, struct arena *a, int64_t unit_id, const char *role,
			    const char ***emails, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id "
		"WHERE u.unit_id = ? AND ur.role = ? AND u.active = 1 AND u.email IS NOT NULL "
		"AND u.email <> '' ORDER BY u.id LIMIT 50",
		DB_ARGS(DB_I(unit_id), DB_T(role)), repo_row_text, NULL, emails, n);
}

int repo_outbox_insert(struct db *db, const struct outbox_row *m, int64_t now, bool *inserted)
{
	int64_t v;
	return db_query_int(
		db,
		"INSERT INTO mail_outbox (dedup, dossier_id, kind, recipient, subject, body, "
		"state, attempts, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, "
		"?, ?) ON CONFLICT DO NOTHING RETURNING id",
		DB_ARGS(DB_T(m->dedup), m->dossier_id ? DB_I(m->dossier_id) : DB_NULL,
			DB_T(m->kind), DB_T(m->recipient), DB_T(m->subject), DB_T(m->body),
			DB_I(now), DB_I(now)),
		&v, inserted);
}

int repo_outbox_exists(struct db *db, const char *dedup, bool *exists)
{
	int64_t v;
	return db_query_int(db, "SELECT 1 FROM mail_outbox WHERE dedup = ?", DB_ARGS(DB_T(dedup)),
			    &v, exists);
}

int repo_outbox_ready(struct db *db, struct arena *a, int64_t now, int64_t lease_before,
		      int64_t limit, int64_t **ids, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT id FROM mail_outbox WHERE (state = 'pending' AND next_at <= ?) "
			 "OR (state = 'sending' AND claimed_at < ?) ORDER BY id LIMIT ?",
			 DB_ARGS(DB_I(now), DB_I(lease_before), DB_I(limit)), repo_row_id, NULL,
			 ids, n);
}

int repo_outbox_claim(struct db *db, struct arena *a, int64_t id, const char *worker, int64_t now,
		      int64_t lease_before, struct outbox_row *out, bool *claimed)
{
	struct db_res *r;
	int rc = db_query(
		db,
		"UPDATE mail_outbox SET state = 'sending', claimed_by = ?, claimed_at = ?, "
		"attempts = attempts + 1 WHERE id = ? AND ((state = 'pending' AND next_at <= ?) "
		"OR (state = 'sending' AND claimed_at < ?)) RETURNING id, dedup, "
		"COALESCE(dossier_id, 0), kind, recipient, subject, body, attempts",
		DB_ARGS(DB_T(worker), DB_I(now), DB_I(id), DB_I(now), DB_I(lease_before)), &r);
	if (rc < 0)
		return rc;
	*claimed = db_res_rows(r) == 1;
	if (*claimed) {
		size_t c = 0;
		out->id = db_res_int(r, 0, c++);
		out->dedup = repo_text(a, r, 0, c++);
		out->dossier_id = db_res_int(r, 0, c++);
		out->kind = repo_text(a, r, 0, c++);
		out->recipient = repo_text(a, r, 0, c++);
		out->subject = repo_text(a, r, 0, c++);
		out->body = repo_text(a, r, 0, c++);
		out->attempts = db_res_int(r, 0, c++);
	}
	db_res_free(r);
	return DB_OK;
}

int repo_outbox_sent(struct db *db, int64_t id, const char *worker, int64_t now)
{
	return db_exec(db,
		       "UPDATE mail_outbox SET state = 'sent', sent_at = ?, last_error = NULL "
		       "WHERE id = ? AND state = 'sending' AND claimed_by = ?",
		       DB_ARGS(DB_I(now), DB_I(id), DB_T(worker)), NULL);
}

int repo_outbox_retry(struct db *db, int64_t id, const char *worker, const char *error,
		      int64_t next_at, bool give_up)
{
	return db_exec(db,
		       "UPDATE mail_outbox SET state = ?, next_at = ?, last_error = ? "
		       "WHERE id = ? AND state = 'sending' AND claimed_by = ?",
		       DB_ARGS(DB_T(give_up ? "failed" : "pending"), DB_I(next_at), DB_T(error),
			       DB_I(id), DB_T(worker)),
		       NULL);
}

int repo_worker_cursor(struct db *db, const char *name, int64_t *value, bool *found)
{
	int rc = db_query_int(db, "SELECT value FROM worker_state WHERE name = ?",
			      DB_ARGS(DB_T(name)), value, found);
	if (rc == DB_OK && !*found)
		*value = 0;
	return rc;
}

int repo_worker_cursor_advance(struct db *db, const char *name, int64_t value)
{
	return db_exec(
		db,
		"INSERT INTO worker_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO "
		"UPDATE SET value = excluded.value WHERE worker_state.value < excluded.value",
		DB_ARGS(DB_T(name), DB_I(value)), NULL);
}

int repo_worker_last_event(struct db *db, int64_t *id)
{
	bool found;
	int rc = db_query_int(db, "SELECT COALESCE(MAX(id), 0) FROM dossier_events", DB_NOARGS, id,
			      &found);
	if (rc == DB_OK && !found)
		*id = 0;
	return rc;
}

static void read_notice(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	*(struct notice_row *)elem = (struct notice_row){
		db_res_int(r, i, 0), repo_text(a, r, i, 1), repo_text(a, r, i, 2),
		repo_text(a, r, i, 3), repo_text(a, r, i, 4)};
}

int repo_worker_notices(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
			struct notice_row **out, size_t *n, int64_t *last)
{
	int64_t upto;
	bool found;
	/* A page of ids first, so that the cursor moves past events that tell
	 * nobody anything too. */
	int rc = db_query_int(db,
			      "SELECT COALESCE(MAX(id), ?) FROM (SELECT id FROM dossier_events "
			      "WHERE id > ? ORDER BY id LIMIT ?) p",
			      DB_ARGS(DB_I(after_id), DB_I(after_id), DB_I(limit)), &upto, &found);
	if (rc < 0)
		return rc;
	*last = found ? upto : after_id;
	return repo_rows(
		db, a,
		"SELECT e.id, d.code, e.action, e.from_state, e.to_state FROM dossier_events e "
		"JOIN dossiers d ON d.id = e.dossier_id WHERE e.id > ? AND e.id <= ? AND ("
		"(e.to_state = 'received' AND e.from_state <> 'received') "
		"OR e.action IN ('request_supplement', 'approve_extension', 'issue_result', "
		"'return_result')) "
		"ORDER BY e.id",
		DB_ARGS(DB_I(after_id), DB_I(*last)), read_notice, NULL, out, n);
}

int repo_gen_officer(struct db *db, struct arena *a, int64_t unit_id, const char *role, int64_t *id,
		     const char **username)
{
	struct db_res *r;
	int rc = db_query(
		db,
		"SELECT u.id, u.username FROM users u JOIN user_roles ur ON ur.user_id = u.id "
		"WHERE ur.role = ? AND u.active = 1 ORDER BY u.unit_id = ? DESC, u.id LIMIT 1",
		DB_ARGS(DB_T(role), DB_I(unit_id)), &r);
	if (rc < 0)
		return rc;
	*id = db_res_rows(r) ? db_res_int(r, 0, 0) : 0;
	*username = arena_strdup(a, db_res_rows(r) ? db_res_text(r, 0, 1) : "");
	db_res_free(r);
	return DB_OK;
}
