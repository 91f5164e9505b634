/* The working calendar as stored: entries of the official schedules per
 * scope (the agency, or one unit), the append-only record of changes, and
 * the version counter every change bumps (sql/{sqlite,postgres}/0002-calendar.sql). The
 * scope of a row is COALESCE(unit_id, 0): 0 is the agency-wide calendar.
 * Layer: repo. */
#include <pthread.h>
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
	repo_cal_state_forget();
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
	repo_cal_state_forget();
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
	repo_cal_state_forget();
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
	repo_cal_state_forget();
	int64_t changes = 0;
	int rc = db_exec(db, "DELETE FROM calendar_entries WHERE id = ?", DB_ARGS(DB_I(id)),
			 &changes);
	if (rc == DB_OK && changes == 0)
		rc = DB_NOT_FOUND;
	return rc;
}

int repo_cal_year_delete(struct db *db, int64_t unit_id, int year, int64_t *deleted)
{
	repo_cal_state_forget();
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

/* The state of a unit's calendar without reading it (issue 16: a receipt
 * read it twice, for the processing unit's due time and the desk's step):
 * the office hours from the units kept in memory (repo_units.c), the
 * calendar's version read with the units' version once per request
 * (repo_cache_versions()), and whether the unit has entries of its own
 * kept per process for that version (every change to the calendar bumps
 * it). A request that writes the calendar or units reads the tables until
 * it ends; a thread that takes no pooled connection (a command, a test)
 * reads them every time. */
#define OWN_SLOTS 256
static struct {
	pthread_mutex_t mu;
	bool known;
	int64_t version;
	struct {
		bool used, own;
		int64_t unit_id;
	} v[OWN_SLOTS];
} own_mem = {.mu = PTHREAD_MUTEX_INITIALIZER};
static _Thread_local uint64_t cal_wrote; /* the request that wrote */

void repo_cal_state_forget(void)
{
	cal_wrote = db_thread_checkouts();
}

/* Whether the unit's own entries are known at calendar version v. */
static bool own_kept(int64_t unit_id, int64_t v, bool *own)
{
	pthread_mutex_lock(&own_mem.mu);
	if (!own_mem.known || own_mem.version != v) {
		memset(own_mem.v, 0, sizeof own_mem.v);
		own_mem.known = true;
		own_mem.version = v;
	}
	size_t i = (uint64_t)unit_id % OWN_SLOTS;
	bool hit = own_mem.v[i].used && own_mem.v[i].unit_id == unit_id;
	if (hit)
		*own = own_mem.v[i].own;
	pthread_mutex_unlock(&own_mem.mu);
	return hit;
}

static void own_keep(int64_t unit_id, int64_t v, bool own)
{
	pthread_mutex_lock(&own_mem.mu);
	if (own_mem.known && own_mem.version == v) {
		size_t i = (uint64_t)unit_id % OWN_SLOTS;
		own_mem.v[i].used = true;
		own_mem.v[i].own = own;
		own_mem.v[i].unit_id = unit_id;
	}
	pthread_mutex_unlock(&own_mem.mu);
}

/* The state from memory: DB_OK, DB_NOT_FOUND (not kept: read it), or a
 * failure; *cal_v (-1: unknown) the calendar version of this request. */
static int cal_state_kept(struct db *db, struct arena *a, int64_t unit_id,
			  const char **office_hours, int64_t *version, bool *own_entries,
			  int64_t *cal_v)
{
	uint64_t now = db_thread_checkouts();
	*cal_v = -1;
	if (!now || cal_wrote == now)
		return DB_NOT_FOUND;
	int64_t units_v;
	bool ok, own;
	int rc = repo_cache_versions(db, &units_v, cal_v, &ok);
	if (rc < 0)
		return rc;
	if (!ok) {
		*cal_v = -1;
		return DB_NOT_FOUND;
	}
	if (!own_kept(unit_id, *cal_v, &own))
		return DB_NOT_FOUND;
	struct unit u;
	if ((rc = repo_unit_by_id(db, a, unit_id, &u)) < 0)
		return rc == DB_NOT_FOUND ? DB_HARD : rc; /* kept, so it existed: read again */
	*office_hours = u.office_hours;
	*version = *cal_v;
	*own_entries = own;
	return DB_OK;
}

int repo_cal_unit_state(struct db *db, struct arena *a, int64_t unit_id, const char **office_hours,
			int64_t *version, bool *own_entries)
{
	int64_t cal_v;
	int rc = cal_state_kept(db, a, unit_id, office_hours, version, own_entries, &cal_v);
	if (rc != DB_NOT_FOUND)
		return rc;
	struct db_res *r;
	rc = db_query(db,
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
		if (cal_v >= 0 && *version == cal_v)
			own_keep(unit_id, cal_v, *own_entries);
	}
	db_res_free(r);
	return rc;
}
