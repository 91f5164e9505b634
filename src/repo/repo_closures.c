/* The closed periods of the periodic report: their one hash chain and its
 * head (repo_closures.h). Layer: repo. */
#include "repo/repo_closures.h"

#include <string.h>

static int figures_too = 1; /* ctx of closure_row: read the figures too */

#define COLS                                                                                       \
	"id, seq, unit_id, unit_code, period, from_day, to_day, closed_at, "                       \
	"COALESCE(actor_id, 0), actor, figures_hash, signature, signer, prev_hash, hash"

static void closure_row(struct arena *a, const struct db_res *r, size_t row, void *elem, void *ctx)
{
	struct monitor_closure *c = elem;
	c->id = db_res_int(r, row, 0);
	c->seq = db_res_int(r, row, 1);
	c->unit_id = db_res_int(r, row, 2);
	c->unit_code = repo_text(a, r, row, 3);
	c->period = repo_text(a, r, row, 4);
	c->from = repo_text(a, r, row, 5);
	c->to = repo_text(a, r, row, 6);
	c->closed_at = db_res_int(r, row, 7);
	c->actor_id = db_res_int(r, row, 8);
	c->actor = repo_text(a, r, row, 9);
	c->figures_hash = repo_text(a, r, row, 10);
	c->signature = repo_text(a, r, row, 11);
	c->signer = repo_text(a, r, row, 12);
	c->prev_hash = repo_text(a, r, row, 13);
	c->hash = repo_text(a, r, row, 14);
	c->figures = ctx ? repo_text(a, r, row, 15) : NULL;
}

int repo_closure_head(struct db *db, struct arena *a, int64_t *n, const char **last_hash)
{
	struct db_res *r = NULL;
	int rc = db_query(db, "SELECT n, last_hash FROM kpi_closure_head WHERE id = 1", DB_NOARGS,
			  &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) != 1) {
		db_res_free(r);
		return DB_HARD;
	}
	*n = db_res_int(r, 0, 0);
	*last_hash = repo_text(a, r, 0, 1);
	db_res_free(r);
	return DB_OK;
}

int repo_closure_append(struct db *db, struct monitor_closure *c)
{
	/* The head moves only from the count this closure was chained to: a
	 * closure committed meanwhile makes this one retry on the new head. */
	int64_t changes = 0;
	int rc = db_exec(db,
			 "UPDATE kpi_closure_head SET n = ?, last_hash = ? WHERE id = 1 AND n = ?",
			 DB_ARGS(DB_I(c->seq), DB_T(c->hash), DB_I(c->seq - 1)), &changes);
	if (rc < 0)
		return rc;
	if (changes != 1)
		return DB_SOFT;
	return repo_insert(
		db,
		"INSERT INTO kpi_closures (seq, unit_id, unit_code, period, from_day, to_day, "
		"closed_at, actor_id, actor, figures, figures_hash, signature, signer, prev_hash, "
		"hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_I(c->seq), DB_I(c->unit_id), DB_T(c->unit_code), DB_T(c->period),
			DB_T(c->from), DB_T(c->to), DB_I(c->closed_at),
			c->actor_id ? DB_I(c->actor_id) : DB_NULL, DB_T(c->actor), DB_T(c->figures),
			DB_T(c->figures_hash), DB_T(c->signature), DB_T(c->signer),
			DB_T(c->prev_hash), DB_T(c->hash)),
		&c->id);
}

int repo_closure_find(struct db *db, struct arena *a, int64_t unit_id, const char *from,
		      const char *to, struct monitor_closure *out)
{
	return repo_row(db, a,
			"SELECT " COLS ", figures FROM kpi_closures "
			"WHERE unit_id = ? AND from_day = ? AND to_day = ?",
			DB_ARGS(DB_I(unit_id), DB_T(from), DB_T(to)), closure_row, &figures_too,
			out);
}

int repo_closure_of_period(struct db *db, struct arena *a, int64_t unit_id, const char *period,
			   struct monitor_closure *out)
{
	return repo_row(db, a,
			"SELECT " COLS
			", figures FROM kpi_closures WHERE unit_id = ? AND period = ?",
			DB_ARGS(DB_I(unit_id), DB_T(period)), closure_row, &figures_too, out);
}

int repo_closures(struct db *db, struct arena *a, int64_t unit_id, int64_t after, int64_t limit,
		  bool with_figures, struct monitor_closure **out, size_t *n)
{
	if (with_figures)
		return repo_rows(db, a,
				 "SELECT " COLS ", figures FROM kpi_closures "
				 "WHERE (CAST(? AS BIGINT) = 0 OR unit_id = ?) AND seq > ? "
				 "ORDER BY seq LIMIT ?",
				 DB_ARGS(DB_I(unit_id), DB_I(unit_id), DB_I(after), DB_I(limit)),
				 closure_row, &figures_too, out, n);
	return repo_rows(db, a,
			 "SELECT " COLS " FROM kpi_closures "
			 "WHERE (CAST(? AS BIGINT) = 0 OR unit_id = ?) AND seq > ? "
			 "ORDER BY seq LIMIT ?",
			 DB_ARGS(DB_I(unit_id), DB_I(unit_id), DB_I(after), DB_I(limit)),
			 closure_row, NULL, out, n);
}
