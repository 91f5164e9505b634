/* Units (cơ quan, đơn vị): the organisation tree. Layer: repo. */
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

int repo_unit_insert(struct db *db, const struct unit *u, int64_t now, int64_t *id)
{
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

int repo_unit_by_code(struct db *db, struct arena *a, const char *code, struct unit *out)
{
	return one(db, a, "SELECT " UNIT_COLS " FROM units WHERE code = ?", DB_T(code), out);
}

int repo_unit_by_id(struct db *db, struct arena *a, int64_t id, struct unit *out)
{
	return one(db, a, "SELECT " UNIT_COLS " FROM units WHERE id = ?", DB_I(id), out);
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
