/* The procedure review's tables (repo_review.h) and the measure of a
 * procedure's history: its dossiers received in a period, each with the
 * queue visit linked to it (ticket_dossiers), counted per version.
 * Layer: repo. */
#include "repo/repo_review.h"

#include <string.h>

static const char *const act_keys[REVIEW_NACT] = {"prepare", "travel", "wait",
						  "counter", "result", "supplement"};

static int act_index(const char *key)
{
	for (int i = 0; i < REVIEW_NACT; i++)
		if (!strcmp(key, act_keys[i]))
			return i;
	return -1;
}

/* ---- incomes ---- */

int repo_review_income_get(struct db *db, int64_t year, int64_t *per_hour)
{
	bool found;
	int rc = db_query_int(db, "SELECT per_hour FROM review_incomes WHERE year = ?",
			      DB_ARGS(DB_I(year)), per_hour, &found);
	return rc == DB_OK && !found ? DB_NOT_FOUND : rc;
}

int repo_review_income_put(struct db *db, int64_t year, int64_t per_hour, int64_t user_id,
			   int64_t now)
{
	return db_exec(
		db,
		"INSERT INTO review_incomes (year, per_hour, updated_at, updated_by) "
		"VALUES (?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET per_hour = "
		"excluded.per_hour, updated_at = excluded.updated_at, updated_by = "
		"excluded.updated_by",
		DB_ARGS(DB_I(year), DB_I(per_hour), DB_I(now), user_id ? DB_I(user_id) : DB_NULL),
		NULL);
}

static void income_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)a;
	(void)ctx;
	struct repo_review_income *x = elem;
	x->year = db_res_int(r, i, 0);
	x->per_hour = db_res_int(r, i, 1);
}

int repo_review_incomes(struct db *db, struct arena *a, struct repo_review_income **out, size_t *n)
{
	return repo_rows(db, a, "SELECT year, per_hour FROM review_incomes ORDER BY year",
			 DB_NOARGS, income_row, NULL, out, n);
}

/* ---- plans ---- */

int repo_review_plan_insert(struct db *db, const struct review_plan *p, int64_t user_id,
			    int64_t *id)
{
	return repo_insert(db,
			   "INSERT INTO review_plans (year, measure_from, measure_to, created_at, "
			   "created_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
			   DB_ARGS(DB_I(p->year), DB_T(p->measure_from), DB_T(p->measure_to),
				   DB_I(p->created_at), user_id ? DB_I(user_id) : DB_NULL),
			   id);
}

#define PLAN_COLS                                                                                  \
	"p.id, p.year, p.measure_from, p.measure_to, p.created_at, (SELECT COUNT(*) FROM "         \
	"review_items i WHERE i.plan_id = p.id) "

static void plan_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct review_plan *p = elem;
	p->id = db_res_int(r, i, 0);
	p->year = db_res_int(r, i, 1);
	p->measure_from = repo_text(a, r, i, 2);
	p->measure_to = repo_text(a, r, i, 3);
	p->created_at = db_res_int(r, i, 4);
	p->nitems = db_res_int(r, i, 5);
}

int repo_review_plan_get(struct db *db, struct arena *a, int64_t year, struct review_plan *out)
{
	return repo_row(db, a, "SELECT " PLAN_COLS "FROM review_plans p WHERE p.year = ?",
			DB_ARGS(DB_I(year)), plan_row, NULL, out);
}

int repo_review_plans(struct db *db, struct arena *a, struct review_plan **out, size_t *n)
{
	return repo_rows(db, a, "SELECT " PLAN_COLS "FROM review_plans p ORDER BY p.year DESC",
			 DB_NOARGS, plan_row, NULL, out, n);
}

/* ---- procedures ---- */

static void proc_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)a;
	(void)ctx;
	struct repo_review_proc *p = elem;
	p->id = db_res_int(r, i, 0);
	p->unit_id = db_res_int(r, i, 1);
	p->fees = db_res_int(r, i, 2);
}

/* The version in force at ? of procedure p. */
#define CURRENT_VERSION                                                                            \
	"(SELECT v.id FROM procedure_versions v WHERE v.procedure_id = p.id AND v.status = "       \
	"'published' AND v.effective_from <= ? ORDER BY v.effective_from DESC, v.version DESC "    \
	"LIMIT 1)"

int repo_review_proc(struct db *db, const char *code, int64_t now, struct repo_review_proc *out)
{
	struct arena a;
	arena_init(&a);
	int rc =
		repo_row(db, &a,
			 "SELECT p.id, v.unit_id, COALESCE((SELECT SUM(f.amount) FROM "
			 "procedure_fees f WHERE f.version_id = v.id), 0) FROM procedures p "
			 "JOIN procedure_versions v ON v.id = " CURRENT_VERSION " WHERE p.code = ?",
			 DB_ARGS(DB_I(now), DB_T(code)), proc_row, NULL, out);
	arena_release(&a);
	return rc;
}

/* ---- items ---- */

int repo_review_item_insert(struct db *db, int64_t plan_id, int64_t procedure_id, int64_t unit_id,
			    const char *due_date, int64_t now, int64_t *id)
{
	return repo_insert(db,
			   "INSERT INTO review_items (plan_id, procedure_id, unit_id, due_date, "
			   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			   DB_ARGS(DB_I(plan_id), DB_I(procedure_id), DB_I(unit_id), DB_T(due_date),
				   DB_I(now), DB_I(now)),
			   id);
}

int repo_review_item_plan(struct db *db, int64_t id, int64_t unit_id, const char *due_date,
			  int64_t now)
{
	int64_t changes = 0;
	int rc = db_exec(db,
			 "UPDATE review_items SET unit_id = ?, due_date = ?, updated_at = ? "
			 "WHERE id = ? AND state = 'draft' AND submitted_at IS NULL",
			 DB_ARGS(DB_I(unit_id), DB_T(due_date), DB_I(now), DB_I(id)), &changes);
	return rc < 0 ? rc : changes ? DB_OK : DB_NOT_FOUND;
}

int repo_review_item_delete(struct db *db, int64_t id)
{
	int64_t changes = 0;
	static const char *const sql[] = {
		"DELETE FROM review_proposal_changes WHERE proposal_id IN (SELECT x.id FROM "
		"review_proposals x JOIN review_items i ON i.id = x.item_id WHERE i.id = ? AND "
		"i.state = 'draft' AND i.submitted_at IS NULL)",
		"DELETE FROM review_proposals WHERE item_id IN (SELECT i.id FROM review_items i "
		"WHERE i.id = ? AND i.state = 'draft' AND i.submitted_at IS NULL)",
		"DELETE FROM review_activities WHERE item_id IN (SELECT i.id FROM review_items i "
		"WHERE i.id = ? AND i.state = 'draft' AND i.submitted_at IS NULL)",
		"DELETE FROM review_items WHERE id = ? AND state = 'draft' AND submitted_at IS "
		"NULL"};
	int rc = DB_OK;
	for (size_t k = 0; rc >= 0 && k < sizeof sql / sizeof sql[0]; k++)
		rc = db_exec(db, sql[k], DB_ARGS(DB_I(id)), &changes);
	return rc < 0 ? rc : changes ? DB_OK : DB_NOT_FOUND;
}

/* The latest published version's names of the item's procedure. */
#define ITEM_SELECT                                                                                \
	"SELECT i.id, i.plan_id, pl.year, i.procedure_id, p.code, COALESCE(lv.name_vi, p.code), "  \
	"COALESCE(lv.name_en, p.code), i.unit_id, u.code, u.name_vi, u.name_en, i.due_date, "      \
	"i.state, i.necessity, i.necessity_note, i.reasonableness, i.reasonableness_note, "        \
	"i.legality, i.legality_note, i.fees, i.other_costs, i.dossiers_per_year, "                \
	"i.office_note, i.frozen, i.m_period_days, i.m_dossiers, i.m_visits, i.m_waits, "          \
	"i.m_wait_ms, i.m_served, i.m_counter_ms, i.m_supplements, i.m_direct_supplements, "       \
	"i.m_desk_returns, i.m_results, i.m_result_ms, COALESCE(i.submitted_at, 0), "              \
	"COALESCE(i.compiled_at, 0), i.updated_at, (SELECT COUNT(*) FROM review_proposals x "      \
	"WHERE x.item_id = i.id), (SELECT COUNT(*) FROM review_proposals x WHERE x.item_id = "     \
	"i.id AND x.state = 'adopted') "                                                           \
	"FROM review_items i JOIN review_plans pl ON pl.id = i.plan_id "                           \
	"JOIN procedures p ON p.id = i.procedure_id JOIN units u ON u.id = i.unit_id "             \
	"LEFT JOIN procedure_versions lv ON lv.id = (SELECT v.id FROM procedure_versions v "       \
	"WHERE v.procedure_id = p.id AND v.status = 'published' ORDER BY v.version DESC LIMIT 1) "

static void item_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct review_item *it = elem;
	size_t c = 0;
	it->id = db_res_int(r, i, c++);
	it->plan_id = db_res_int(r, i, c++);
	it->year = db_res_int(r, i, c++);
	it->procedure_id = db_res_int(r, i, c++);
	it->procedure_code = repo_text(a, r, i, c++);
	it->procedure_name_vi = repo_text(a, r, i, c++);
	it->procedure_name_en = repo_text(a, r, i, c++);
	it->unit_id = db_res_int(r, i, c++);
	it->unit_code = repo_text(a, r, i, c++);
	it->unit_name_vi = repo_text(a, r, i, c++);
	it->unit_name_en = repo_text(a, r, i, c++);
	it->due_date = repo_text(a, r, i, c++);
	it->state = repo_text(a, r, i, c++);
	for (size_t k = 0; k < REVIEW_NCRIT; k++) {
		it->verdict[k] = repo_text(a, r, i, c++);
		it->note[k] = repo_text(a, r, i, c++);
	}
	it->has_fees = !db_res_null(r, i, c);
	it->fees = db_res_int(r, i, c++);
	it->other_costs = db_res_int(r, i, c++);
	it->dossiers_per_year = db_res_int(r, i, c++);
	it->office_note = repo_text(a, r, i, c++);
	it->frozen = db_res_int(r, i, c++) != 0;
	int64_t *m[] = {&it->m.period_days,  &it->m.dossiers,	 &it->m.visits,
			&it->m.waits,	     &it->m.wait_ms,	 &it->m.served,
			&it->m.counter_ms,   &it->m.supplements, &it->m.direct_supplements,
			&it->m.desk_returns, &it->m.results,	 &it->m.result_ms,
			&it->submitted_at,   &it->compiled_at,	 &it->updated_at,
			&it->nproposals,     &it->nadopted};
	for (size_t k = 0; k < sizeof m / sizeof m[0]; k++)
		*m[k] = db_res_int(r, i, c++);
}

struct act_ctx {
	struct review_item *items;
	size_t n;
};

static void act_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)a;
	(void)elem;
	struct act_ctx *x = ctx;
	int64_t id = db_res_int(r, i, 0);
	int k = act_index(db_res_text(r, i, 1));
	for (size_t j = 0; j < x->n && k >= 0; j++)
		if (x->items[j].id == id) {
			x->items[j].seconds[k] = db_res_int(r, i, 2);
			x->items[j].times_milli[k] = db_res_int(r, i, 3);
		}
}

/* The declared activities of the items (all of plan_id, or item_id). */
static int read_activities(struct db *db, struct arena *a, int64_t plan_id, int64_t item_id,
			   struct review_item *items, size_t n)
{
	struct act_ctx x = {items, n};
	char *rows = NULL;
	size_t nrows = 0;
	return repo_rows_read(db, a,
			      "SELECT a.item_id, a.activity, a.seconds, a.times_milli FROM "
			      "review_activities a JOIN review_items i ON i.id = a.item_id "
			      "WHERE i.plan_id = ? OR i.id = ?",
			      DB_ARGS(DB_I(plan_id), DB_I(item_id)), act_row, &x, 1, &rows, &nrows);
}

int repo_review_items(struct db *db, struct arena *a, int64_t plan_id, struct review_item **out,
		      size_t *n)
{
	int rc = repo_rows(db, a, ITEM_SELECT "WHERE i.plan_id = ? ORDER BY p.code LIMIT ?",
			   DB_ARGS(DB_I(plan_id), DB_I(REPO_REVIEW_MAX_ITEMS)), item_row, NULL, out,
			   n);
	return rc < 0 ? rc : read_activities(db, a, plan_id, 0, *out, *n);
}

int repo_review_item_get(struct db *db, struct arena *a, int64_t id, struct review_item *out)
{
	int rc = repo_row(db, a, ITEM_SELECT "WHERE i.id = ?", DB_ARGS(DB_I(id)), item_row, NULL,
			  out);
	return rc < 0 ? rc : read_activities(db, a, 0, id, out, 1);
}

int repo_review_item_save(struct db *db, const struct review_item *it, int64_t now)
{
	int rc = db_exec(
		db,
		"UPDATE review_items SET necessity = ?, necessity_note = ?, reasonableness = ?, "
		"reasonableness_note = ?, legality = ?, legality_note = ?, fees = ?, other_costs = "
		"?, dossiers_per_year = ?, updated_at = ? WHERE id = ?",
		DB_ARGS(DB_T(it->verdict[0]), DB_T(it->note[0]), DB_T(it->verdict[1]),
			DB_T(it->note[1]), DB_T(it->verdict[2]), DB_T(it->note[2]),
			it->has_fees ? DB_I(it->fees) : DB_NULL, DB_I(it->other_costs),
			DB_I(it->dossiers_per_year), DB_I(now), DB_I(it->id)),
		NULL);
	if (rc < 0)
		return rc;
	rc = db_exec(db, "DELETE FROM review_activities WHERE item_id = ?", DB_ARGS(DB_I(it->id)),
		     NULL);
	for (int k = 0; rc >= 0 && k < REVIEW_NACT; k++)
		rc = db_exec(db,
			     "INSERT INTO review_activities (item_id, activity, seconds, "
			     "times_milli) VALUES (?, ?, ?, ?)",
			     DB_ARGS(DB_I(it->id), DB_T(act_keys[k]), DB_I(it->seconds[k]),
				     DB_I(it->times_milli[k])),
			     NULL);
	return rc < 0 ? rc : DB_OK;
}

int repo_review_item_move(struct db *db, int64_t id, const char *from, const char *to,
			  int64_t user_id, int64_t now, const char *note)
{
	struct db_arg who = user_id ? DB_I(user_id) : DB_NULL;
	int64_t changes = 0;
	int rc =
		db_exec(db,
			"UPDATE review_items SET state = ?, updated_at = ?, "
			"office_note = COALESCE(?, office_note), "
			"submitted_at = CASE WHEN ? = 'submitted' THEN ? ELSE submitted_at END, "
			"submitted_by = CASE WHEN ? = 'submitted' THEN ? ELSE submitted_by END, "
			"compiled_at = CASE WHEN ? = 'compiled' THEN ? ELSE compiled_at END, "
			"compiled_by = CASE WHEN ? = 'compiled' THEN ? ELSE compiled_by END, "
			"frozen = CASE WHEN ? = 'draft' THEN 0 ELSE frozen END "
			"WHERE id = ? AND state = ?",
			DB_ARGS(DB_T(to), DB_I(now), DB_T(note), DB_T(to), DB_I(now), DB_T(to), who,
				DB_T(to), DB_I(now), DB_T(to), who, DB_T(to), DB_I(id), DB_T(from)),
			&changes);
	return rc < 0 ? rc : changes ? DB_OK : DB_NOT_FOUND;
}

int repo_review_item_freeze(struct db *db, int64_t id, const struct review_measure *m)
{
	return db_exec(db,
		       "UPDATE review_items SET frozen = 1, m_period_days = ?, m_dossiers = ?, "
		       "m_visits = ?, m_waits = ?, m_wait_ms = ?, m_served = ?, m_counter_ms = ?, "
		       "m_supplements = ?, m_direct_supplements = ?, m_desk_returns = ?, "
		       "m_results = ?, m_result_ms = ? WHERE id = ?",
		       DB_ARGS(DB_I(m->period_days), DB_I(m->dossiers), DB_I(m->visits),
			       DB_I(m->waits), DB_I(m->wait_ms), DB_I(m->served),
			       DB_I(m->counter_ms), DB_I(m->supplements),
			       DB_I(m->direct_supplements), DB_I(m->desk_returns), DB_I(m->results),
			       DB_I(m->result_ms), DB_I(id)),
		       NULL);
}

/* ---- the measure ---- */

static void measure_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)a;
	(void)ctx;
	struct review_measure *m = elem;
	int64_t *f[] = {&m->version,	  &m->dossiers,	   &m->visits,
			&m->waits,	  &m->wait_ms,	   &m->served,
			&m->counter_ms,	  &m->supplements, &m->direct_supplements,
			&m->desk_returns, &m->results,	   &m->result_ms};
	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
		*f[k] = db_res_int(r, i, k);
}

/* A visit waited from its issue to its first call; it was served for its
 * handling time (the desk's own figures, svc_queue_report.c). Dossiers
 * received in the period; a result handed back at the desk is a return. */
int repo_review_measure(struct db *db, struct arena *a, int64_t procedure_id, int64_t from_ms,
			int64_t to_ms, struct review_measure **out, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT v.version, COUNT(*), COUNT(t.id), "
		"SUM(CASE WHEN t.called_at IS NOT NULL THEN 1 ELSE 0 END), "
		"COALESCE(SUM(CASE WHEN t.called_at IS NOT NULL THEN t.called_at - t.issued_at "
		"ELSE 0 END), 0), SUM(CASE WHEN t.handling_ms > 0 THEN 1 ELSE 0 END), "
		"COALESCE(SUM(CASE WHEN t.handling_ms > 0 THEN t.handling_ms ELSE 0 END), 0), "
		"SUM(d.supplements), SUM(CASE WHEN d.channel = 'direct' THEN d.supplements ELSE 0 "
		"END), SUM(CASE WHEN d.return_method = 'desk' AND d.returned_at IS NOT NULL THEN 1 "
		"ELSE 0 END), SUM(CASE WHEN d.result_at IS NOT NULL THEN 1 ELSE 0 END), "
		"SUM(CASE WHEN d.result_at IS NOT NULL THEN d.result_at - d.received_at ELSE 0 "
		"END) "
		"FROM dossiers d JOIN procedure_versions v ON v.id = d.procedure_version_id "
		"LEFT JOIN ticket_dossiers td ON td.dossier_id = d.id "
		"LEFT JOIN queue_tickets t ON t.id = td.ticket_id "
		"WHERE v.procedure_id = ? AND d.received_at >= ? AND d.received_at < ? "
		"GROUP BY v.version ORDER BY v.version",
		DB_ARGS(DB_I(procedure_id), DB_I(from_ms), DB_I(to_ms)), measure_row, NULL, out, n);
}

/* ---- proposals ---- */

/* The activities proposal id changes (those p has a value for). */
static int proposal_changes_insert(struct db *db, int64_t id, const struct review_proposal *p)
{
	int rc = DB_OK;
	for (int k = 0; rc >= 0 && k < REVIEW_NACT; k++)
		if (p->has_seconds[k] || p->has_times[k])
			rc = db_exec(db,
				     "INSERT INTO review_proposal_changes (proposal_id, activity, "
				     "seconds, times_milli) VALUES (?, ?, ?, ?)",
				     DB_ARGS(DB_I(id), DB_T(act_keys[k]),
					     p->has_seconds[k] ? DB_I(p->seconds[k]) : DB_NULL,
					     p->has_times[k] ? DB_I(p->times_milli[k]) : DB_NULL),
				     NULL);
	return rc < 0 ? rc : DB_OK;
}

int repo_review_proposal_insert(struct db *db, const struct review_proposal *p, int64_t user_id,
				int64_t now, int64_t *id)
{
	int rc = repo_insert(
		db,
		"INSERT INTO review_proposals (item_id, kind, text, fees, other_costs, "
		"dossiers_per_year, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		DB_ARGS(DB_I(p->item_id), DB_T(p->kind), DB_T(p->text),
			p->has_fees ? DB_I(p->fees) : DB_NULL,
			p->has_other ? DB_I(p->other_costs) : DB_NULL,
			p->has_dossiers ? DB_I(p->dossiers_per_year) : DB_NULL, DB_I(now),
			user_id ? DB_I(user_id) : DB_NULL),
		id);
	return rc < 0 ? rc : proposal_changes_insert(db, *id, p);
}

int repo_review_proposal_update(struct db *db, const struct review_proposal *p)
{
	int rc = db_exec(
		db,
		"UPDATE review_proposals SET kind = ?, text = ?, fees = ?, other_costs = ?, "
		"dossiers_per_year = ? WHERE id = ?",
		DB_ARGS(DB_T(p->kind), DB_T(p->text), p->has_fees ? DB_I(p->fees) : DB_NULL,
			p->has_other ? DB_I(p->other_costs) : DB_NULL,
			p->has_dossiers ? DB_I(p->dossiers_per_year) : DB_NULL, DB_I(p->id)),
		NULL);
	if (rc >= 0)
		rc = db_exec(db, "DELETE FROM review_proposal_changes WHERE proposal_id = ?",
			     DB_ARGS(DB_I(p->id)), NULL);
	return rc < 0 ? rc : proposal_changes_insert(db, p->id, p);
}

int repo_review_proposal_delete(struct db *db, int64_t id)
{
	int rc = db_exec(db, "DELETE FROM review_proposal_changes WHERE proposal_id = ?",
			 DB_ARGS(DB_I(id)), NULL);
	if (rc >= 0)
		rc = db_exec(db, "DELETE FROM review_proposals WHERE id = ?", DB_ARGS(DB_I(id)),
			     NULL);
	return rc < 0 ? rc : DB_OK;
}

#define PROPOSAL_SELECT                                                                            \
	"SELECT x.id, x.item_id, x.kind, x.text, x.fees, x.other_costs, x.dossiers_per_year, "     \
	"x.state, x.decision_note, COALESCE(x.decided_at, 0), COALESCE(ev.version, 0), pl.year, "  \
	"x.created_at FROM review_proposals x JOIN review_items i ON i.id = x.item_id "            \
	"JOIN review_plans pl ON pl.id = i.plan_id "                                               \
	"LEFT JOIN procedure_versions ev ON ev.id = x.enacted_version_id "

static void proposal_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct review_proposal *p = elem;
	p->id = db_res_int(r, i, 0);
	p->item_id = db_res_int(r, i, 1);
	p->kind = repo_text(a, r, i, 2);
	p->text = repo_text(a, r, i, 3);
	p->has_fees = !db_res_null(r, i, 4);
	p->fees = db_res_int(r, i, 4);
	p->has_other = !db_res_null(r, i, 5);
	p->other_costs = db_res_int(r, i, 5);
	p->has_dossiers = !db_res_null(r, i, 6);
	p->dossiers_per_year = db_res_int(r, i, 6);
	p->state = repo_text(a, r, i, 7);
	p->decision_note = repo_text(a, r, i, 8);
	p->decided_at = db_res_int(r, i, 9);
	p->enacted_version = db_res_int(r, i, 10);
	p->plan_year = db_res_int(r, i, 11);
	p->created_at = db_res_int(r, i, 12);
}

struct change_ctx {
	struct review_proposal *p;
	size_t n;
};

static void change_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)a;
	(void)elem;
	struct change_ctx *x = ctx;
	int64_t id = db_res_int(r, i, 0);
	int k = act_index(db_res_text(r, i, 1));
	for (size_t j = 0; j < x->n && k >= 0; j++) {
		struct review_proposal *p = &x->p[j];
		if (p->id != id)
			continue;
		p->has_seconds[k] = !db_res_null(r, i, 2);
		p->seconds[k] = db_res_int(r, i, 2);
		p->has_times[k] = !db_res_null(r, i, 3);
		p->times_milli[k] = db_res_int(r, i, 3);
	}
}

static int read_changes(struct db *db, struct arena *a, struct review_proposal *p, size_t n)
{
	struct change_ctx x = {p, n};
	for (size_t j = 0; j < n; j++) {
		char *rows = NULL;
		size_t nrows = 0;
		int rc = repo_rows_read(db, a,
					"SELECT proposal_id, activity, seconds, times_milli FROM "
					"review_proposal_changes WHERE proposal_id = ?",
					DB_ARGS(DB_I(p[j].id)), change_row, &x, 1, &rows, &nrows);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

int repo_review_proposals(struct db *db, struct arena *a, int64_t item_id, int64_t procedure_id,
			  struct review_proposal **out, size_t *n)
{
	int rc = item_id ? repo_rows(db, a, PROPOSAL_SELECT "WHERE x.item_id = ? ORDER BY x.id",
				     DB_ARGS(DB_I(item_id)), proposal_row, NULL, out, n)
			 : repo_rows(db, a,
				     PROPOSAL_SELECT
				     "WHERE i.procedure_id = ? AND "
				     "x.enacted_version_id IS NOT NULL ORDER BY x.id",
				     DB_ARGS(DB_I(procedure_id)), proposal_row, NULL, out, n);
	return rc < 0 ? rc : read_changes(db, a, *out, *n);
}

int repo_review_enactable(struct db *db, struct arena *a, const char *code,
			  struct review_proposal **out, size_t *n)
{
	int rc = repo_rows(db, a,
			   PROPOSAL_SELECT
			   "JOIN procedures p ON p.id = i.procedure_id WHERE p.code = ? "
			   "AND x.state = 'adopted' AND x.enacted_version_id IS NULL "
			   "ORDER BY pl.year, x.id",
			   DB_ARGS(DB_T(code)), proposal_row, NULL, out, n);
	return rc < 0 ? rc : read_changes(db, a, *out, *n);
}

int repo_review_proposal_get(struct db *db, struct arena *a, int64_t id,
			     struct review_proposal *out)
{
	int rc = repo_row(db, a, PROPOSAL_SELECT "WHERE x.id = ?", DB_ARGS(DB_I(id)), proposal_row,
			  NULL, out);
	return rc < 0 ? rc : read_changes(db, a, out, 1);
}

int repo_review_proposal_decide(struct db *db, int64_t id, const char *state, const char *note,
				int64_t user_id, int64_t now)
{
	return db_exec(db,
		       "UPDATE review_proposals SET state = ?, decision_note = ?, decided_at = ?, "
		       "decided_by = ? WHERE id = ?",
		       DB_ARGS(DB_T(state), DB_T(note ? note : ""), DB_I(now),
			       user_id ? DB_I(user_id) : DB_NULL, DB_I(id)),
		       NULL);
}

int repo_review_proposal_enact(struct db *db, int64_t id, const char *code, int64_t version)
{
	int64_t changes = 0;
	int rc = db_exec(
		db,
		"UPDATE review_proposals SET enacted_version_id = (SELECT v.id FROM "
		"procedure_versions v JOIN procedures p ON p.id = v.procedure_id WHERE p.code = ? "
		"AND v.version = ?) WHERE id = ? AND state = 'adopted' AND enacted_version_id IS "
		"NULL AND item_id IN (SELECT i.id FROM review_items i JOIN procedures p ON p.id = "
		"i.procedure_id WHERE p.code = ?)",
		DB_ARGS(DB_T(code), DB_I(version), DB_I(id), DB_T(code)), &changes);
	return rc < 0 ? rc : changes ? DB_OK : DB_NOT_FOUND;
}
