/* The monitoring's read of dossiers (repo_monitor.h): one statement for the
 * dossiers of a unit's tree in a period, one for the procedure versions,
 * one for the dossiers' pauses, joined in memory by id. Layer: repo. */
#include "repo/repo_monitor.h"

/* The units of the scope: unit ? and every unit below it, or all (? = 0). */
#define SCOPE                                                                                      \
	"WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? OR ? = 0 "                   \
	"UNION SELECT u.id FROM units u JOIN sub s ON u.parent_id = s.id) "
/* Processed in the scope, received before the period's end, not ended
 * before its start. */
#define IN_PERIOD                                                                                  \
	"d.processing_unit_id IN (SELECT id FROM sub) AND d.received_at IS NOT NULL "              \
	"AND d.received_at < ? AND (d.ended_at IS NULL OR d.ended_at >= ?) "

/* A pause with the id of its dossier. */
struct pause_row {
	int64_t dossier_id;
	struct dossier_pause p;
};

static void pause_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct pause_row *x = elem;
	x->dossier_id = db_res_int(r, i, 0);
	x->p.kind = repo_text(a, r, i, 1);
	x->p.from_at = db_res_int(r, i, 2);
	x->p.to_at = db_res_int(r, i, 3);
}

/* The pauses after receipt of ds[0..n) (sorted by id), each dossier's in
 * order and pointing into one array. */
static int read_pauses(struct db *db, struct arena *a, int64_t unit_id, int64_t from_ms,
		       int64_t to_ms, struct monitor_dossier *ds, size_t n)
{
	if (!n)
		return DB_OK;
	struct pause_row *rows;
	size_t nrows, k = 0;
	int rc = repo_rows(db, a,
			   SCOPE "SELECT p.dossier_id, p.kind, p.from_at, COALESCE(p.to_at, 0) "
				 "FROM dossier_pauses p JOIN dossiers d ON d.id = p.dossier_id "
				 "WHERE " IN_PERIOD "AND d.id <= ? AND p.from_at >= d.received_at "
				 "ORDER BY p.dossier_id, p.ord",
			   DB_ARGS(DB_I(unit_id), DB_I(unit_id), DB_I(to_ms), DB_I(from_ms),
				   DB_I(ds[n - 1].id)),
			   pause_row, NULL, &rows, &nrows);
	if (rc < 0)
		return rc;
	struct dossier_pause *all = arena_zalloc(a, (nrows + 1) * sizeof *all);
	for (size_t i = 0; i < nrows; i++) {
		while (k < n && ds[k].id < rows[i].dossier_id)
			k++;
		if (k == n)
			break;
		if (ds[k].id != rows[i].dossier_id)
			continue;
		all[i] = rows[i].p;
		if (!ds[k].npauses)
			ds[k].pauses = &all[i];
		ds[k].npauses++;
	}
	return DB_OK;
}

static void version_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct monitor_version *v = elem;
	size_t c = 0;
	v->id = db_res_int(r, i, c++);
	v->procedure_code = repo_text(a, r, i, c++);
	v->procedure_vi = repo_text(a, r, i, c++);
	v->procedure_en = repo_text(a, r, i, c++);
	v->field_vi = repo_text(a, r, i, c++);
	v->field_en = repo_text(a, r, i, c++);
	v->limit_value = db_res_int(r, i, c++);
	v->limit_unit = repo_text(a, r, i, c++);
}

/* Every procedure version (the catalogue is small beside the dossiers),
 * by id; each dossier gets a pointer to its own. */
static int link_versions(struct db *db, struct arena *a, struct monitor_dossier *ds, size_t n)
{
	struct monitor_version *vs;
	size_t nv;
	int rc = repo_rows(db, a,
			   "SELECT v.id, p.code, v.name_vi, v.name_en, v.field_vi, v.field_en, "
			   "v.limit_value, v.limit_unit FROM procedure_versions v "
			   "JOIN procedures p ON p.id = v.procedure_id ORDER BY v.id",
			   DB_NOARGS, version_row, NULL, &vs, &nv);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = nv;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (vs[mid].id < ds[i].version_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == nv || vs[lo].id != ds[i].version_id)
			return DB_HARD; /* a foreign key guarantees it */
		ds[i].version = &vs[lo];
	}
	return DB_OK;
}

static void dossier_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct monitor_dossier *d = elem;
	size_t c = 0;
	d->id = db_res_int(r, i, c++);
	d->code = repo_text(a, r, i, c++);
	d->channel = repo_text(a, r, i, c++);
	d->state = repo_text(a, r, i, c++);
	d->received_at = db_res_int(r, i, c++);
	d->ended_at = db_res_int(r, i, c++);
	d->extension_at = db_res_int(r, i, c++);
	d->processing_unit_id = db_res_int(r, i, c++);
	d->version_id = db_res_int(r, i, c++);
}

int repo_monitor_dossiers(struct db *db, struct arena *a, int64_t unit_id, int64_t from_ms,
			  int64_t to_ms, int64_t limit, struct monitor_dossier **out, size_t *n)
{
	int rc = repo_rows(
		db, a,
		SCOPE "SELECT d.id, d.code, d.channel, d.state, d.received_at, "
		      "COALESCE(d.ended_at, 0), COALESCE((SELECT MIN(e.at) FROM dossier_events e "
		      "  WHERE e.dossier_id = d.id AND e.action = 'request_extension'), 0), "
		      "d.processing_unit_id, d.procedure_version_id FROM dossiers d "
		      "WHERE " IN_PERIOD "ORDER BY d.id LIMIT ?",
		DB_ARGS(DB_I(unit_id), DB_I(unit_id), DB_I(to_ms), DB_I(from_ms), DB_I(limit)),
		dossier_row, NULL, out, n);
	if (rc == DB_OK)
		rc = link_versions(db, a, *out, *n);
	if (rc == DB_OK)
		rc = read_pauses(db, a, unit_id, from_ms, to_ms, *out, *n);
	return rc;
}
