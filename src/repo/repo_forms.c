/* The register of form numbers and the former names of units
 * (repo_forms.h). Layer: repo. */
#include "repo/repo_forms.h"

#include <stdio.h>

int repo_form_number_take(struct db *db, const struct form_number *n, const char *suffix)
{
	/* The upsert's row lock (PostgreSQL) or the write lock (SQLite) orders
	 * concurrent issuers. */
	if (db_backend(db) == DB_POSTGRES)
		return db_exec_later(
			db,
			"WITH r AS (INSERT INTO form_registers (unit_id, form, year, last) "
			"VALUES (?, ?, ?, 1) ON CONFLICT (unit_id, form, year) DO UPDATE SET "
			"last = form_registers.last + 1 RETURNING last) "
			"INSERT INTO form_numbers (unit_id, form, year, seq, number, dossier_id, "
			"event_seq, at) SELECT ?, ?, ?, r.last, CASE WHEN r.last < 10 THEN '0' "
			"ELSE '' END || r.last::text || ?, ?, ?, ? FROM r",
			DB_ARGS(DB_I(n->unit_id), DB_I(n->form), DB_I(n->year), DB_I(n->unit_id),
				DB_I(n->form), DB_I(n->year), DB_T(suffix), DB_I(n->dossier_id),
				DB_I(n->event_seq), DB_I(n->at)));
	bool found;
	int64_t seq;
	int rc = db_query_int(
		db,
		"INSERT INTO form_registers (unit_id, form, year, last) VALUES (?, ?, ?, 1) "
		"ON CONFLICT (unit_id, form, year) DO UPDATE SET last = form_registers.last + 1 "
		"RETURNING last",
		DB_ARGS(DB_I(n->unit_id), DB_I(n->form), DB_I(n->year)), &seq, &found);
	if (rc == DB_OK && !found)
		return DB_HARD;
	if (rc < 0)
		return rc;
	char buf[64];
	snprintf(buf, sizeof buf, "%02lld%s", (long long)seq, suffix);
	const char *number = buf;
	return db_exec(db,
		       "INSERT INTO form_numbers (unit_id, form, year, seq, number, dossier_id, "
		       "event_seq, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       DB_ARGS(DB_I(n->unit_id), DB_I(n->form), DB_I(n->year), DB_I(seq),
			       DB_T(number), DB_I(n->dossier_id), DB_I(n->event_seq), DB_I(n->at)),
		       NULL);
}

static void read_number(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct form_number *n = elem;
	n->unit_id = db_res_int(r, i, 0);
	n->form = (int)db_res_int(r, i, 1);
	n->year = db_res_int(r, i, 2);
	n->seq = db_res_int(r, i, 3);
	n->number = repo_text(a, r, i, 4);
	n->dossier_id = db_res_int(r, i, 5);
	n->event_seq = db_res_int(r, i, 6);
	n->at = db_res_int(r, i, 7);
}

int repo_form_number_get(struct db *db, struct arena *a, int64_t dossier_id, int64_t event_seq,
			 struct form_number *out)
{
	return repo_row(db, a,
			"SELECT unit_id, form, year, seq, number, dossier_id, event_seq, at FROM "
			"form_numbers WHERE dossier_id = ? AND event_seq = ?",
			DB_ARGS(DB_I(dossier_id), DB_I(event_seq)), read_number, NULL, out);
}

static void read_name(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct unit_name *n = elem;
	n->unit_id = db_res_int(r, i, 0);
	n->valid_until = db_res_int(r, i, 1);
	n->name_vi = repo_text(a, r, i, 2);
	n->name_en = repo_text(a, r, i, 3);
	n->superior = repo_textn(a, r, i, 4);
}

int repo_unit_name_at(struct db *db, struct arena *a, int64_t unit_id, int64_t at,
		      struct unit_name *out)
{
	return repo_row(db, a,
			"SELECT unit_id, valid_until, name_vi, name_en, superior FROM unit_names "
			"WHERE unit_id = ? AND valid_until > ? ORDER BY valid_until LIMIT 1",
			DB_ARGS(DB_I(unit_id), DB_I(at)), read_name, NULL, out);
}

int repo_unit_name_insert(struct db *db, const struct unit_name *n)
{
	return db_exec(db,
		       "INSERT INTO unit_names (unit_id, valid_until, name_vi, name_en, superior) "
		       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id, valid_until) DO NOTHING",
		       DB_ARGS(DB_I(n->unit_id), DB_I(n->valid_until), DB_T(n->name_vi),
			       DB_T(n->name_en ? n->name_en : ""),
			       n->superior ? DB_T(n->superior) : DB_NULL),
		       NULL);
}
