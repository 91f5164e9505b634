/* The working calendar as stored: entries of the official schedules per
 * scope (the agency, or one unit), the append-only record of changes, and
 * the version counter every change bumps (sql/{sqlite,postgres}/0002-calendar.sql). The
 * scope of a row is COALESCE(unit_id, 0): 0 is the agency-wide calendar.
 * Layer: repo. */
#include <string.h>

#include "repo/repo.h"

#define ENTRY_COLS                                                                                 \
	"id, COALESCE(unit_id, 0), day, year, kind, name, enabled, updated_at, "                   \
	"COALESCE(updated_by, 0)"

static struct db_arg scope_arg(int64_t unit_id)
{
	return DB_I(unit_id > 0 ? unit_id : 0);
}

static struct db_arg id_or_null(int64_t id)
{
	return id > 0 ? DB_I(id) : DB_NULL;
}

static void fill_entry(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct cal_entry_row *e = elem;
	e->id = db_res_int(r, i, 0);
	e->unit_id = db_res_int(r, i, 1);
	e->day = repo_text(a, r, i, 2);
	e->year = (int)db_res_int(r, i, 3);
	e->kind = repo_text(a, r, i, 4);
	e->name = repo_text(a, r, i, 5);
	e->enabled = db_res_int(r, i, 6) != 0;
	e->updated_at = db_res_int(r, i, 7);
	e->updated_by = db_res_int(r, i, 8);
}

int repo_cal_version(struct db *db, int64_t *version)
{
	bool found;
	int rc = db_query_int(db, "SELECT version FROM calendar_state WHERE id = 1", DB_NOARGS,
			      version, &found);
	if (rc == DB_OK && !found)
		rc = DB_NOT_FOUND;
	return rc;
}

int repo_cal_bump(struct db *db, int64_t *version)
{
	bool found;
	int rc = db_query_int(
		db,
		"UPDATE calendar_state SET version = version + 1 WHERE id = 1 RETURNING version",
		DB_NOARGS, version, &found);
	if (rc == DB_OK && !found)
		rc = DB_NOT_FOUND;
	return rc;
}

int repo_cal_entries(struct db *db, struct arena *a, int64_t unit_id, int year,
		     struct cal_entry_row **out, size_t *n)
{
	return year ? repo_rows(db, a,
				"SELECT " ENTRY_COLS " FROM calendar_entries "
				"WHERE COALESCE(unit_id, 0) = ? AND year = ? ORDER BY day",
				DB_ARGS(scope_arg(unit_id), DB_I(year)), fill_entry, NULL, out, n)
		    : repo_rows(db, a,
				"SELECT " ENTRY_COLS " FROM calendar_entries "
				"WHERE COALESCE(unit_id, 0) = ? ORDER BY day",
				DB_ARGS(scope_arg(unit_id)), fill_entry, NULL, out, n);
}

int repo_cal_entry_get(struct db *db, struct arena *a, int64_t unit_id, const char *day,
		       struct cal_entry_row *out)
{
	return repo_row(db, a,
			"SELECT " ENTRY_COLS " FROM calendar_entries "
			"WHERE COALESCE(unit_id, 0) = ? AND day = ?",
			DB_ARGS(scope_arg(unit_id), DB_T(day)), fill_entry, NULL, out);
}

int repo_cal_year_count(struct db *db, int64_t unit_id, int year, int64_t *count)
{
	bool found;
	return db_query_int(
		db,
		"SELECT COUNT(*) FROM calendar_entries WHERE COALESCE(unit_id, 0) = ? AND year = ?",
		DB_ARGS(scope_arg(unit_id), DB_I(year)), count, &found);
}

int repo_cal_unit_has_entries(struct db *db, int64_t unit_id, bool *has)
{
	int64_t n = 0;
	bool found;
	int rc = db_query_int(db, "SELECT COUNT(*) FROM calendar_entries WHERE unit_id = ?",
			      DB_ARGS(DB_I(unit_id)), &n, &found);
	*has = n > 0;
	return rc;
}

int repo_cal_entry_insert(struct db *db, const struct cal_entry_row *e, int64_t now,
			  int64_t user_id, int64_t *id)
{
	return repo_insert(db,
			   "INSERT INTO calendar_entries (unit_id, day, year, kind, name, enabled, "
			   "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			   DB_ARGS(id_or_null(e->unit_id), DB_T(e->day), DB_I(e->year),
				   DB_T(e->kind), DB_T(e->name), DB_I(e->enabled ? 1 : 0),
				   DB_I(now), id_or_null(user_id)),
			   id);
}

int repo_cal_entry_update(struct db *db, const struct cal_entry_row *e, int64_t now,
			  int64_t user_id)
{
	int64_t changes = 0;
	int rc = db_exec(
		db,
		"UPDATE calendar_entries SET kind = ?, name = ?, enabled = ?, updated_at = ?, "
		"updated_by = ? WHERE id = ?",
		DB_ARGS(DB_T(e->kind), DB_T(e->name), DB_I(e->enabled ? 1 : 0), DB_I(now),
			id_or_null(user_id), DB_I(e->id)),
		&changes);
	if (rc == DB_OK && changes == 0)
		rc = DB_NOT_FOUND;
	return rc;
}

int repo_cal_entry_delete(struct db *db, int64_t id)
{
	int64_t changes = 0;
	int rc = db_exec(db, "DELETE FROM calendar_entries WHERE id = ?", DB_ARGS(DB_I(id)),
			 &changes);
	if (rc == DB_OK && changes == 0)
		rc = DB_NOT_FOUND;
	return rc;
}

int repo_cal_year_delete(struct db *db, int64_t unit_id, int year, int64_t *deleted)
{
	return db_exec(db,
		       "DELETE FROM calendar_entries WHERE COALESCE(unit_id, 0) = ? AND year = ?",
		       DB_ARGS(scope_arg(unit_id), DB_I(year)), deleted);
}

int repo_cal_change_insert(struct db *db, const struct cal_change_row *c)
{
	return db_exec(db,
		       "INSERT INTO calendar_changes (at, user_id, unit_id, year, day, action, "
		       "old_value, new_value, note, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       DB_ARGS(DB_I(c->at), id_or_null(c->user_id), id_or_null(c->unit_id),
			       DB_I(c->year), DB_T(c->day), DB_T(c->action), DB_T(c->old_value),
			       DB_T(c->new_value), DB_T(c->note ? c->note : ""), DB_I(c->version)),
		       NULL);
}

static void read_cal_changes(struct arena *a, const struct db_res *r, size_t i, void *elem,
			     void *ctx)
{
	struct cal_change_row *c = elem;
	c->id = db_res_int(r, i, 0);
	c->at = db_res_int(r, i, 1);
	c->user_id = db_res_int(r, i, 2);
	c->username = repo_text(a, r, i, 3);
	c->unit_id = db_res_int(r, i, 4);
	c->unit_code = repo_text(a, r, i, 5);
	c->year = (int)db_res_int(r, i, 6);
	c->day = repo_textn(a, r, i, 7);
	c->action = repo_text(a, r, i, 8);
	c->old_value = repo_textn(a, r, i, 9);
	c->new_value = repo_textn(a, r, i, 10);
	c->note = repo_text(a, r, i, 11);
	c->version = db_res_int(r, i, 12);
}

int repo_cal_changes(struct db *db, struct arena *a, int64_t unit_id, int year, int64_t limit,
		     struct cal_change_row **out, size_t *n)
{
	/* unit_id < 0: every scope; year 0: every year. Newest first. */
	return repo_rows(db, a,
			 "SELECT c.id, c.at, COALESCE(c.user_id, 0), COALESCE(u.username, ''), "
			 "COALESCE(c.unit_id, 0), COALESCE(un.code, ''), c.year, c.day, c.action, "
			 "c.old_value, c.new_value, c.note, c.version "
			 "FROM calendar_changes c LEFT JOIN users u ON u.id = c.user_id "
			 "LEFT JOIN units un ON un.id = c.unit_id "
			 "WHERE (? < 0 OR COALESCE(c.unit_id, 0) = ?) AND (? = 0 OR c.year = ?) "
			 "ORDER BY c.id DESC LIMIT ?",
			 DB_ARGS(DB_I(unit_id), DB_I(unit_id), DB_I(year), DB_I(year), DB_I(limit)),
			 read_cal_changes, NULL, out, n);
}

int repo_cal_unit_state(struct db *db, struct arena *a, int64_t unit_id, const char **office_hours,
			int64_t *version, bool *own_entries)
{
	struct db_res *r;
	int rc = db_query(db,
			  "SELECT u.office_hours, s.version, "
			  "(SELECT COUNT(*) FROM calendar_entries e WHERE e.unit_id = u.id) "
			  "FROM units u, calendar_state s WHERE u.id = ? AND s.id = 1",
			  DB_ARGS(DB_I(unit_id)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		rc = DB_NOT_FOUND;
	} else {
		*office_hours = repo_text(a, r, 0, 0);
		*version = db_res_int(r, 0, 1);
		*own_entries = db_res_int(r, 0, 2) > 0;
	}
	db_res_free(r);
	return rc;
}
