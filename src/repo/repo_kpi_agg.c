/* The monitoring aggregates' tables (repo_kpi_agg.h, sql 0019, 0032).
 * Layer: repo. */
#include "repo/repo_kpi_agg.h"

#include <string.h>

int repo_kpi_agg_claim(struct db *db, const char *kind, int64_t token, int64_t limit,
		       int64_t *after, int64_t *n)
{
	int rc =
		db_exec(db,
			"UPDATE kpi_dirty SET claimed = ? WHERE kind = ? AND claimed = 0 AND id IN "
			"(SELECT id FROM kpi_dirty WHERE kind = ? AND claimed = 0 AND id > ? "
			"ORDER BY id LIMIT ?)",
			DB_ARGS(DB_I(token), DB_T(kind), DB_T(kind), DB_I(*after), DB_I(limit)), n);
	if (rc < 0 || *n == 0)
		return rc;
	bool found;
	return db_query_int(db, "SELECT MAX(id) FROM kpi_dirty WHERE claimed = ?",
			    DB_ARGS(DB_I(token)), after, &found);
}

int repo_kpi_agg_done(struct db *db, int64_t token)
{
	return db_exec(db, "DELETE FROM kpi_dirty WHERE claimed = ?", DB_ARGS(DB_I(token)), NULL);
}

int repo_kpi_agg_dirty(struct db *db, int64_t *n)
{
	bool found;
	*n = 0;
	return db_query_int(db, "SELECT COUNT(*) FROM kpi_dirty", DB_NOARGS, n, &found);
}

int repo_kpi_agg_reset(struct db *db)
{
	static const char *const sql[] = {
		"DELETE FROM kpi_agg",
		"DELETE FROM kpi_agg_officer",
		"DELETE FROM kpi_subjects",
		"DELETE FROM kpi_open",
		"DELETE FROM kpi_open_officers",
		"DELETE FROM kpi_dirty",
		"INSERT INTO kpi_dirty (kind, id) SELECT 'd', id FROM dossiers "
		"WHERE received_at IS NOT NULL",
		"INSERT INTO kpi_dirty (kind, id) SELECT 't', id FROM queue_tickets",
		"INSERT INTO kpi_dirty (kind, id) SELECT 'r', id FROM ratings",
	};
	int rc = DB_OK;
	for (size_t i = 0; rc >= 0 && i < sizeof sql / sizeof sql[0]; i++)
		rc = db_exec(db, sql[i], DB_NOARGS, NULL);
	return rc < 0 ? rc : DB_OK;
}

static void subject_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct repo_kpi_subject *s = elem;
	s->id = db_res_int(r, i, 0);
	s->facts = repo_text(a, r, i, 1);
	s->officers = repo_text(a, r, i, 2);
}

int repo_kpi_agg_claimed(struct db *db, struct arena *a, const char *kind, int64_t token, bool lock,
			 struct repo_kpi_subject **out, size_t *n)
{
	/* The lock first: a second transaction counting the same subject
	 * (claimed again after a change) waits here and then reads the facts
	 * this one wrote, so no difference is applied twice. */
	int rc = !lock ? DB_OK
		       : db_exec(db,
				 "UPDATE kpi_subjects SET facts = facts WHERE kind = ? AND id IN "
				 "(SELECT id FROM kpi_dirty WHERE kind = ? AND claimed = ?)",
				 DB_ARGS(DB_T(kind), DB_T(kind), DB_I(token)), NULL);
	if (rc < 0)
		return rc;
	return repo_rows(
		db, a,
		/* Each subject's row by its key: a join let PostgreSQL, its
		 * statistics saying kpi_subjects empty after a rebuild's reset,
		 * scan every subject of the kind for each one claimed (5 s a
		 * batch at a million). */
		"SELECT k.id, COALESCE((SELECT s.facts FROM kpi_subjects s WHERE s.kind = k.kind "
		"AND s.id = k.id), ''), COALESCE((SELECT s.officers FROM kpi_subjects s WHERE "
		"s.kind = k.kind AND s.id = k.id), '') FROM kpi_dirty k WHERE k.kind = ? AND "
		"k.claimed = ? ORDER BY k.id",
		DB_ARGS(DB_T(kind), DB_I(token)), subject_row, NULL, out, n);
}

int repo_kpi_agg_subject_save(struct db *db, const char *kind, int64_t id, const char *facts,
			      const char *officers)
{
	return db_exec(db,
		       "INSERT INTO kpi_subjects (kind, id, facts, officers) VALUES (?, ?, ?, ?) "
		       "ON CONFLICT (kind, id) DO UPDATE SET facts = excluded.facts, "
		       "officers = excluded.officers",
		       DB_ARGS(DB_T(kind), DB_I(id), DB_T(facts), DB_T(officers)), NULL);
}

static void officer_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	(void)a;
	struct repo_kpi_officer *o = elem;
	o->id = db_res_int(r, i, 0);
	o->user_id = db_res_int(r, i, 1);
}

int repo_kpi_agg_officers(struct db *db, struct arena *a, const char *kind, int64_t token,
			  struct repo_kpi_officer **out, size_t *n)
{
	/* A dossier's: the rule of repo_kpi.c's scope (IN_SCOPE). */
	static const char dossier_sql[] =
		"SELECT DISTINCT e.dossier_id, e.actor_id FROM dossier_events e WHERE "
		"e.dossier_id IN (SELECT id FROM kpi_dirty WHERE kind = 'd' AND claimed = ?) AND "
		"e.actor_id IS NOT NULL AND e.action NOT IN ('viewed', 'file_downloaded') "
		"ORDER BY e.dossier_id, e.actor_id";
	static const char ticket_sql[] =
		"SELECT t.id, t.officer_id FROM queue_tickets t WHERE t.id IN (SELECT id FROM "
		"kpi_dirty WHERE kind = 't' AND claimed = ?) AND t.officer_id IS NOT NULL "
		"ORDER BY t.id";
	static const char rating_sql[] =
		"SELECT DISTINCT o.rating_id, o.user_id FROM rating_officers o WHERE o.rating_id "
		"IN (SELECT id FROM kpi_dirty WHERE kind = 'r' AND claimed = ?) "
		"ORDER BY o.rating_id, o.user_id";
	return repo_rows(db, a,
			 *kind == 'd'	? dossier_sql
			 : *kind == 't' ? ticket_sql
					: rating_sql,
			 DB_ARGS(DB_I(token)), officer_row, NULL, out, n);
}

int repo_kpi_agg_apply(struct db *db, const struct repo_kpi_delta *ds, size_t n)
{
	int rc = DB_OK;
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		const struct repo_kpi_delta *d = &ds[i];
		if (d->user_id)
			rc = db_exec(
				db,
				"INSERT INTO kpi_agg_officer (user_id, grain, bucket, unit_id, "
				"version_id, fact, value) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
				"(user_id, grain, bucket, unit_id, version_id, fact) DO UPDATE SET "
				"value = kpi_agg_officer.value + excluded.value",
				DB_ARGS(DB_I(d->user_id), DB_I(d->grain), DB_I(d->bucket),
					DB_I(d->unit_id), DB_I(d->version_id),
					DB_T(kpi_fact_names[d->fact]), DB_I(d->value)),
				NULL);
		else
			rc = db_exec(
				db,
				"INSERT INTO kpi_agg (grain, bucket, unit_id, version_id, fact, "
				"value) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (grain, bucket, "
				"unit_id, version_id, fact) DO UPDATE SET value = kpi_agg.value + "
				"excluded.value",
				DB_ARGS(DB_I(d->grain), DB_I(d->bucket), DB_I(d->unit_id),
					DB_I(d->version_id), DB_T(kpi_fact_names[d->fact]),
					DB_I(d->value)),
				NULL);
	}
	return rc < 0 ? rc : DB_OK;
}

int repo_kpi_agg_open_set(struct db *db, int64_t dossier_id, int64_t unit_id, int64_t version_id,
			  int64_t overdue_at, bool waiting, bool disliked)
{
	return db_exec(
		db,
		"INSERT INTO kpi_open (dossier_id, unit_id, version_id, overdue_at, waiting, "
		"disliked) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dossier_id) DO UPDATE SET "
		"unit_id = excluded.unit_id, version_id = excluded.version_id, overdue_at = "
		"excluded.overdue_at, waiting = excluded.waiting, disliked = excluded.disliked",
		DB_ARGS(DB_I(dossier_id), DB_I(unit_id), DB_I(version_id),
			overdue_at < 0 ? DB_NULL : DB_I(overdue_at), DB_I(waiting), DB_I(disliked)),
		NULL);
}

int repo_kpi_agg_open_del(struct db *db, int64_t dossier_id)
{
	return db_exec(db, "DELETE FROM kpi_open WHERE dossier_id = ?", DB_ARGS(DB_I(dossier_id)),
		       NULL);
}

int repo_kpi_agg_open_officers(struct db *db, int64_t dossier_id, const int64_t *users, size_t n)
{
	int rc = db_exec(db, "DELETE FROM kpi_open_officers WHERE dossier_id = ?",
			 DB_ARGS(DB_I(dossier_id)), NULL);
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = db_exec(db,
			     "INSERT INTO kpi_open_officers (user_id, dossier_id) VALUES (?, ?) "
			     "ON CONFLICT (user_id, dossier_id) DO NOTHING",
			     DB_ARGS(DB_I(users[i]), DB_I(dossier_id)), NULL);
	return rc < 0 ? rc : DB_OK;
}

static void ticket_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	(void)a;
	struct repo_kpi_agg_ticket *t = elem;
	t->id = db_res_int(r, i, 0);
	t->unit_id = db_res_int(r, i, 1);
	t->t.issued_at = db_res_int(r, i, 2);
	t->t.called_at = db_res_int(r, i, 3);
	t->t.started_at = db_res_int(r, i, 4);
	t->t.finished_at = db_res_int(r, i, 5);
}

int repo_kpi_agg_tickets(struct db *db, struct arena *a, int64_t token,
			 struct repo_kpi_agg_ticket **out, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT t.id, t.unit_id, t.issued_at, COALESCE(t.called_at, 0), "
		"COALESCE(t.started_at, 0), COALESCE(t.finished_at, 0) FROM queue_tickets t "
		"WHERE t.id IN (SELECT id FROM kpi_dirty WHERE kind = 't' AND claimed = ?) "
		"ORDER BY t.id",
		DB_ARGS(DB_I(token)), ticket_row, NULL, out, n);
}

static void rating_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	(void)a;
	struct repo_kpi_agg_rating *k = elem;
	k->id = db_res_int(r, i, 0);
	k->unit_id = db_res_int(r, i, 1);
	k->current = db_res_int(r, i, 2) != 0;
	k->r.at = db_res_int(r, i, 3);
	k->r.level = (int)db_res_int(r, i, 4);
	k->r.satisfied = db_res_int(r, i, 5) != 0;
}

int repo_kpi_agg_ratings(struct db *db, struct arena *a, int64_t token,
			 struct repo_kpi_agg_rating **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT r.id, r.unit_id, r.is_current, r.created_at, r.level, r.satisfied "
			 "FROM ratings r WHERE r.id IN (SELECT id FROM kpi_dirty WHERE kind = 'r' "
			 "AND claimed = ?) ORDER BY r.id",
			 DB_ARGS(DB_I(token)), rating_row, NULL, out, n);
}

/* The unit's tree, and a row g of the scope: 7 arguments after the tree's. */
#define SUB                                                                                        \
	"WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION ALL "                  \
	"SELECT u.id FROM units u JOIN sub s ON u.parent_id = s.id) "
#define IN_SCOPE                                                                                   \
	"(CAST(? AS BIGINT) = 0 OR g.unit_id IN (SELECT id FROM sub)) "                            \
	"AND (CAST(? AS TEXT) IS NULL OR g.version_id IN (SELECT v.id FROM procedure_versions v "  \
	"JOIN procedures p ON p.id = v.procedure_id WHERE p.code = ?)) "                           \
	"AND (CAST(? AS TEXT) IS NULL OR g.version_id IN (SELECT v.id FROM procedure_versions v "  \
	"WHERE v.field_vi = ? OR v.field_en = ?)) "
#define SCOPE_ARGS(s)                                                                              \
	DB_I((s)->unit_id), DB_T((s)->procedure), DB_T((s)->procedure), DB_T((s)->field),          \
		DB_T((s)->field), DB_T((s)->field)

static void sum_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	(void)a;
	struct repo_kpi_delta *d = elem;
	d->unit_id = db_res_int(r, i, 0);
	d->version_id = db_res_int(r, i, 1);
	d->fact = kpi_fact_find(db_res_text(r, i, 2));
	d->value = db_res_int(r, i, 3);
}

/* The counters of the scope and buckets: 9 arguments after the tree's
 * (kpi_agg), 10 (an officer's: the officer first). */
#define SUMS_WHERE "FROM kpi_agg g WHERE g.grain = ? AND g.bucket BETWEEN ? AND ? AND " IN_SCOPE
#define OFFICER_SUMS_WHERE                                                                         \
	"FROM kpi_agg_officer g WHERE g.user_id = ? AND g.grain = ? AND g.bucket BETWEEN ? AND ? " \
	"AND " IN_SCOPE
/* The three sums of a table: the snapshot's facts (as a literal
 * condition: their partial index's, sql 0028), by fact, by unit and
 * version. */
#define SUMS_SQL(where)                                                                            \
	{                                                                                          \
		SUB "SELECT g.unit_id, g.version_id, g.fact, SUM(g.value) " where                  \
		    "AND g.fact LIKE 'snap.%' GROUP BY g.unit_id, g.version_id, g.fact",           \
			SUB "SELECT 0, 0, g.fact, SUM(g.value) " where "GROUP BY g.fact",          \
			SUB "SELECT g.unit_id, g.version_id, g.fact, SUM(g.value) " where          \
			    "GROUP BY g.unit_id, g.version_id, g.fact"                             \
	}

int repo_kpi_agg_sums(struct db *db, struct arena *a, const struct repo_kpi_agg_scope *s, int grain,
		      int64_t lo, int64_t hi, struct repo_kpi_delta **out, size_t *n)
{
	static const char *const sql[2][3] = {SUMS_SQL(SUMS_WHERE), SUMS_SQL(OFFICER_SUMS_WHERE)};
	const char *q = sql[s->officer_id != 0][s->snap ? 0 : s->by_fact ? 1 : 2];
	int rc = s->officer_id ? repo_rows(db, a, q,
					   DB_ARGS(DB_I(s->unit_id), DB_I(s->officer_id),
						   DB_I(grain), DB_I(lo), DB_I(hi), SCOPE_ARGS(s)),
					   sum_row, NULL, out, n)
			       : repo_rows(db, a, q,
					   DB_ARGS(DB_I(s->unit_id), DB_I(grain), DB_I(lo),
						   DB_I(hi), SCOPE_ARGS(s)),
					   sum_row, NULL, out, n);
	for (size_t i = 0; rc >= 0 && i < *n; i++)
		(*out)[i].grain = grain;
	return rc;
}

int repo_kpi_agg_online_sums(struct db *db, struct arena *a, int grain, int64_t lo, int64_t hi,
			     struct repo_kpi_delta **out, size_t *n)
{
	/* The fact as a literal: the partial index's condition (a bound
	 * value would not select it). */
	int rc = repo_rows(db, a,
			   "SELECT 0, g.version_id, g.fact, SUM(g.value) FROM kpi_agg g "
			   "WHERE g.fact = 'proc.online' AND g.grain = ? AND g.bucket BETWEEN ? "
			   "AND ? GROUP BY g.version_id, g.fact",
			   DB_ARGS(DB_I(grain), DB_I(lo), DB_I(hi)), sum_row, NULL, out, n);
	for (size_t i = 0; rc >= 0 && i < *n; i++)
		(*out)[i].grain = grain;
	return rc;
}

static void open_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	(void)a;
	struct repo_kpi_agg_open *o = elem;
	o->unit_id = db_res_int(r, i, 0);
	o->version_id = db_res_int(r, i, 1);
	o->open = db_res_int(r, i, 2);
	o->overdue = db_res_int(r, i, 3);
	o->waiting = db_res_int(r, i, 4);
	o->sat = db_res_int(r, i, 5);
}

int repo_kpi_agg_open_turning(struct db *db, struct arena *a, const struct repo_kpi_agg_scope *s,
			      int64_t after, int64_t until, struct repo_kpi_agg_open **out,
			      size_t *n)
{
	/* By their overdue instant (sql 0031's index): the few due before
	 * the next midnight, not every open dossier; an officer's, each
	 * looked up in kpi_open_officers (sql 0032). */
#define TURNING(officer)                                                                           \
	SUB "SELECT g.unit_id, g.version_id, COUNT(*), COUNT(*), 0, "                              \
	    "SUM(CASE WHEN g.disliked = 0 THEN 1 ELSE 0 END) FROM kpi_open g "                     \
	    "WHERE g.overdue_at > ? AND g.overdue_at <= ? AND " officer IN_SCOPE                   \
	    "GROUP BY g.unit_id, g.version_id"
	if (s->officer_id)
		return repo_rows(db, a,
				 TURNING("EXISTS (SELECT 1 FROM kpi_open_officers o WHERE "
					 "o.user_id = ? AND o.dossier_id = g.dossier_id) AND "),
				 DB_ARGS(DB_I(s->unit_id), DB_I(after), DB_I(until),
					 DB_I(s->officer_id), SCOPE_ARGS(s)),
				 open_row, NULL, out, n);
	return repo_rows(db, a, TURNING(""),
			 DB_ARGS(DB_I(s->unit_id), DB_I(after), DB_I(until), SCOPE_ARGS(s)),
			 open_row, NULL, out, n);
#undef TURNING
}
