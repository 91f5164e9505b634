/* Backup and restore's reads and writes: see repo_backup.h. Layer: repo. */
#include "repo/repo_backup.h"

static void read_code_counters(struct arena *a, const struct db_res *r, size_t i, void *elem,
			       void *ctx)
{
	struct code_counter *e = elem;
	e->unit_id = db_res_int(r, i, 0);
	e->unit_ident = repo_text(a, r, i, 1);
	e->day = db_res_int(r, i, 2);
	e->last = db_res_int(r, i, 3);
}

int repo_code_counters(struct db *db, struct arena *a, struct code_counter **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT c.unit_id, u.ident, c.day, c.last FROM dossier_counters c "
			 "JOIN units u ON u.id = c.unit_id ORDER BY c.day, u.ident",
			 DB_NOARGS, read_code_counters, NULL, out, n);
}

int repo_code_skip_to(struct db *db, int64_t unit_id, int64_t day, int64_t seq, const char *reason,
		      int64_t at, int64_t *skipped)
{
	int64_t last = 0;
	bool found;
	*skipped = 0;
	int rc = db_query_int(db, "SELECT last FROM dossier_counters WHERE unit_id = ? AND day = ?",
			      DB_ARGS(DB_I(unit_id), DB_I(day)), &last, &found);
	if (rc < 0 || (found && last >= seq))
		return rc;
	rc = db_exec(db,
		     "INSERT INTO dossier_counters (unit_id, day, last) VALUES (?, ?, ?) "
		     "ON CONFLICT (unit_id, day) DO UPDATE SET last = excluded.last",
		     DB_ARGS(DB_I(unit_id), DB_I(day), DB_I(seq)), NULL);
	if (rc < 0)
		return rc;
	rc = db_exec(
		db,
		"INSERT INTO dossier_code_voids (unit_id, day, first_seq, last_seq, reason, at) "
		"VALUES (?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_I(unit_id), DB_I(day), DB_I(last + 1), DB_I(seq), DB_T(reason),
			DB_I(at)),
		NULL);
	if (rc == DB_OK)
		*skipped = seq - last;
	return rc;
}

int repo_event_texts(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
		     const char ***out, size_t *n, int64_t *last_id)
{
	struct db_res *r;
	int rc = db_query(db,
			  "SELECT id, note, data FROM dossier_events WHERE id > ? ORDER BY id "
			  "LIMIT ?",
			  DB_ARGS(DB_I(after_id), DB_I(limit)), &r);
	if (rc < 0)
		return rc;
	size_t rows = db_res_rows(r);
	*n = rows * 2;
	*out = arena_zalloc(a, (*n + 1) * sizeof **out);
	for (size_t i = 0; i < rows; i++) {
		(*out)[2 * i] = repo_text(a, r, i, 1);
		(*out)[2 * i + 1] = repo_text(a, r, i, 2);
		*last_id = db_res_int(r, i, 0);
	}
	db_res_free(r);
	return DB_OK;
}

int repo_code_voided(struct db *db, int64_t *n)
{
	bool found;
	*n = 0;
	return db_query_int(
		db, "SELECT COALESCE(SUM(last_seq - first_seq + 1), 0) FROM dossier_code_voids",
		DB_NOARGS, n, &found);
}
