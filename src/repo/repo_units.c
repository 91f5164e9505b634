/* Units (cơ quan, đơn vị): the organisation tree. Layer: repo. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "repo/repo.h"

#define UNIT_COLS "id, code, ident, name_vi, name_en, COALESCE(parent_id, 0), office_hours, phone"

static void fill(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct unit *u = elem;
	u->id = db_res_int(r, i, 0);
	u->code = repo_text(a, r, i, 1);
	u->ident = repo_text(a, r, i, 2);
	u->name_vi = repo_text(a, r, i, 3);
	u->name_en = repo_text(a, r, i, 4);
	u->parent_id = db_res_int(r, i, 5);
	u->office_hours = repo_text(a, r, i, 6);
	u->phone = repo_text(a, r, i, 7);
}

static void units_seen_forget(void);

int repo_unit_insert(struct db *db, const struct unit *u, int64_t now, int64_t *id)
{
	units_seen_forget(); /* this request reads its own change */
	return repo_insert(
		db,
		"INSERT INTO units (code, ident, name_vi, name_en, parent_id, office_hours, "
		"created_at, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_T(u->code), DB_T(u->ident), DB_T(u->name_vi), DB_T(u->name_en),
			u->parent_id ? DB_I(u->parent_id) : DB_NULL,
			DB_T(u->office_hours ? u->office_hours : "07:30-11:30,13:00-17:00"),
			DB_I(now), DB_T(u->phone ? u->phone : "")),
		id);
}

int repo_unit_update(struct db *db, const struct unit *u)
{
	units_seen_forget();
	int64_t changes = 0;
	int rc = db_exec(db,
			 "UPDATE units SET ident = ?, name_vi = ?, name_en = ?, parent_id = ?, "
			 "office_hours = ? WHERE id = ?",
			 DB_ARGS(DB_T(u->ident), DB_T(u->name_vi),
				 DB_T(u->name_en ? u->name_en : ""),
				 u->parent_id ? DB_I(u->parent_id) : DB_NULL, DB_T(u->office_hours),
				 DB_I(u->id)),
			 &changes);
	return rc == DB_OK && changes != 1 ? DB_NOT_FOUND : rc;
}

static int one(struct db *db, struct arena *a, const char *sql, struct db_arg arg, struct unit *out)
{
	return repo_row_get(db, a, sql, &arg, 1, fill, NULL, sizeof *out, out);
}

/* ---- units from memory (issue 16) ----
 * A receipt read 7 units (the procedure's, the desk's, the register's, the
 * desks up the tree for the reply's actions), each a round trip, of a
 * table that changes when an administrator edits the organisation. Units
 * read are kept per process, by id and by code, while the version of
 * units in cache_versions (migration 0030: a trigger gives it a new random
 * value at every change) stays what it was when they were read. The
 * version is read once per request (db_thread_checkouts()), so a request
 * sees every change committed before it began, on every server; a thread
 * that writes units reads them from the table until its request ends (a
 * command's thread, which takes no pooled connection, reads the version
 * at every look-up). Readers get
 * copies in their own arena. A database without the table is read as
 * before. */
#define UNIT_SLOTS 256

struct unit_slot {
	bool used;
	struct unit u; /* strings owned (xstrdup) */
};
static struct {
	pthread_mutex_t mu;
	bool known;
	int64_t version; /* of every slot */
	struct unit_slot by_id[UNIT_SLOTS], by_code[UNIT_SLOTS];
} units_mem = {.mu = PTHREAD_MUTEX_INITIALIZER};
static _Thread_local struct {
	bool known;
	uint64_t checkout; /* db_thread_checkouts() when read */
	int64_t version;
	int64_t calendar; /* the calendar's version, read with it (repo_calendar.c) */
	uint64_t wrote;	  /* the request that wrote units: it reads them from the table */
} units_seen;

static void units_seen_forget(void)
{
	units_seen.known = false;
	units_seen.wrote = db_thread_checkouts();
	repo_cal_state_forget(); /* office hours */
}

static uint64_t code_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void slot_free(struct unit_slot *s)
{
	if (!s->used)
		return;
	const char **f[] = {&s->u.code,	   &s->u.ident,	       &s->u.name_vi,
			    &s->u.name_en, &s->u.office_hours, &s->u.phone};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		free((char *)*f[i]);
	*s = (struct unit_slot){0};
}

static void slot_keep(struct unit_slot *s, const struct unit *u)
{
	slot_free(s);
	s->u = *u;
	const char **f[] = {&s->u.code,	   &s->u.ident,	       &s->u.name_vi,
			    &s->u.name_en, &s->u.office_hours, &s->u.phone};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		*f[i] = xstrdup(*f[i] ? *f[i] : "");
	s->used = true;
}

static void unit_copy(struct arena *a, const struct unit *from, struct unit *to)
{
	*to = *from;
	to->code = arena_strdup(a, from->code);
	to->ident = arena_strdup(a, from->ident);
	to->name_vi = arena_strdup(a, from->name_vi);
	to->name_en = arena_strdup(a, from->name_en);
	to->office_hours = arena_strdup(a, from->office_hours);
	to->phone = arena_strdup(a, from->phone);
}

/* The version of units this request reads at (*ok false: no cache). */
static int units_version(struct db *db, int64_t *v, bool *ok)
{
	uint64_t now = db_thread_checkouts();
	*ok = false;
	if (now && units_seen.wrote == now)
		return DB_OK; /* its own change may yet roll back: not kept, not used */
	if (now && units_seen.known && units_seen.checkout == now) {
		*v = units_seen.version;
		*ok = true;
		return DB_OK;
	}
	struct db_res *r;
	int rc = db_query(db,
			  "SELECT v, (SELECT version FROM calendar_state WHERE id = 1) "
			  "FROM cache_versions WHERE name = 'units'",
			  DB_NOARGS, &r);
	if (rc == DB_HARD && db_backend(db) == DB_SQLITE)
		return DB_OK; /* not migrated yet (a SQLite statement fails alone) */
	if (rc < 0)
		return rc;
	*ok = db_res_rows(r) == 1 && !db_res_null(r, 0, 1);
	units_seen.known = *ok;
	units_seen.checkout = now;
	units_seen.version = *v = db_res_int(r, 0, 0);
	units_seen.calendar = db_res_int(r, 0, 1);
	db_res_free(r);
	return DB_OK;
}

void repo_cache_versions_seen(bool ok, int64_t units, int64_t calendar)
{
	uint64_t now = db_thread_checkouts();
	if (!now || units_seen.wrote == now)
		return;
	units_seen.known = ok;
	units_seen.checkout = now;
	units_seen.version = units;
	units_seen.calendar = calendar;
}

int repo_cache_versions(struct db *db, int64_t *units, int64_t *calendar, bool *ok)
{
	int rc = units_version(db, units, ok);
	*calendar = units_seen.calendar;
	return rc;
}

/* A copy of the unit kept at version v, by id (code NULL) or code. */
static bool unit_kept(struct arena *a, int64_t v, int64_t id, const char *code, struct unit *out)
{
	pthread_mutex_lock(&units_mem.mu);
	if (!units_mem.known || units_mem.version != v) {
		for (size_t i = 0; i < UNIT_SLOTS; i++) {
			slot_free(&units_mem.by_id[i]);
			slot_free(&units_mem.by_code[i]);
		}
		units_mem.known = true;
		units_mem.version = v;
	}
	struct unit_slot *s = code ? &units_mem.by_code[code_hash(code) % UNIT_SLOTS]
				   : &units_mem.by_id[(uint64_t)id % UNIT_SLOTS];
	bool hit = s->used && (code ? !strcmp(s->u.code, code) : s->u.id == id);
	if (hit)
		unit_copy(a, &s->u, out);
	pthread_mutex_unlock(&units_mem.mu);
	return hit;
}

static void unit_keep(int64_t v, const struct unit *u)
{
	pthread_mutex_lock(&units_mem.mu);
	if (units_mem.known && units_mem.version == v) {
		slot_keep(&units_mem.by_id[(uint64_t)u->id % UNIT_SLOTS], u);
		slot_keep(&units_mem.by_code[code_hash(u->code) % UNIT_SLOTS], u);
	}
	pthread_mutex_unlock(&units_mem.mu);
}

static int unit_get(struct db *db, struct arena *a, int64_t id, const char *code, struct unit *out)
{
	int64_t v = 0;
	bool ok;
	int rc = units_version(db, &v, &ok);
	if (rc < 0)
		return rc;
	if (ok && unit_kept(a, v, id, code, out))
		return DB_OK;
	rc = code ? one(db, a, "SELECT " UNIT_COLS " FROM units WHERE code = ?", DB_T(code), out)
		  : one(db, a, "SELECT " UNIT_COLS " FROM units WHERE id = ?", DB_I(id), out);
	if (rc == DB_OK && ok)
		unit_keep(v, out);
	return rc;
}

int repo_unit_by_code(struct db *db, struct arena *a, const char *code, struct unit *out)
{
	return unit_get(db, a, 0, code, out);
}

int repo_unit_by_id(struct db *db, struct arena *a, int64_t id, struct unit *out)
{
	return unit_get(db, a, id, NULL, out);
}

int repo_unit_list(struct db *db, struct arena *a, struct unit **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT " UNIT_COLS
			 " FROM units WHERE active = 1 ORDER BY COALESCE(parent_id, 0), id",
			 DB_NOARGS, fill, NULL, out, n);
}

int repo_unit_ident_in_codes(struct db *db, const char *ident, int64_t unit_id, bool *used)
{
	int64_t one = 0;
	/* The code is "<ident>-<yymmdd>-<seq>": the prefix, then the dash. */
	size_t n = strlen(ident) + 1;
	char *prefix = xmalloc(n + 1);
	memcpy(prefix, ident, n - 1);
	prefix[n - 1] = '-';
	prefix[n] = 0;
	int rc = db_query_int(db,
			      "SELECT 1 FROM dossiers WHERE substr(code, 1, ?) = ? AND "
			      "receiving_unit_id <> ? LIMIT 1",
			      DB_ARGS(DB_I((int64_t)n), DB_T(prefix), DB_I(unit_id)), &one, used);
	free(prefix);
	return rc;
}
