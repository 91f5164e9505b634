/* What the monitoring indicators read (repo_kpi.h). The dossiers of a scope
 * come with their history rebuilt from dossier_events: received (the first
 * move to `received`), the clock's pauses (a move into awaiting_supplement
 * or awaiting_payment after receipt, until the move out), the extension
 * request, the first hand-over, and the end of processing (the first move
 * to result_ready, returned, stopped, refused or withdrawn). Layer: repo. */
#include "repo/repo_kpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The unit and its sub-units; every query below starts with it. */
#define SUB                                                                                        \
	"WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION ALL "                  \
	"SELECT u.id FROM units u JOIN sub s ON u.parent_id = s.id) "

/* A dossier d (with its version v) in the scope: 8 arguments. The unit's
 * dossiers are those it or a sub-unit PROCESSES (DOMAIN.md 11: the unit
 * that handles them), wherever they were received: the one rule of scope
 * for the indicators and the periodic report alike. */
#define IN_SCOPE                                                                                   \
	"(CAST(? AS BIGINT) = 0 OR d.processing_unit_id IN (SELECT id FROM sub)) "                 \
	"AND (CAST(? AS TEXT) IS NULL OR d.procedure_code = ?) "                                   \
	"AND (CAST(? AS TEXT) IS NULL OR v.field_vi = ? OR v.field_en = ?) "                       \
	"AND (CAST(? AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM dossier_events o "                    \
	"WHERE o.dossier_id = d.id AND o.actor_id = ? "                                            \
	"AND o.action NOT IN ('viewed', 'file_downloaded'))) "

#define SCOPE_ARGS(s)                                                                              \
	DB_I((s)->unit_id), DB_T((s)->procedure), DB_T((s)->procedure), DB_T((s)->field),          \
		DB_T((s)->field), DB_T((s)->field), DB_I((s)->officer_id), DB_I((s)->officer_id)

/* Candidates: received before the end, not ended before the start. Those
 * of a claimed batch of the dirty set are read from it (a join, not a
 * filter: "claim = 0 OR id IN (...)" made PostgreSQL walk every dossier,
 * 0.4 s a batch at a million). Both take the same arguments: the claim
 * (0 for a period's: a condition on the argument alone, checked once),
 * end, start, scope. */
#define CANDIDATES_WHERE                                                                           \
	"d.received_at IS NOT NULL AND d.received_at < ? AND (d.ended_at IS NULL OR "              \
	"d.ended_at >= ?) AND " IN_SCOPE
#define CANDIDATES                                                                                 \
	"FROM dossiers d JOIN procedure_versions v ON v.id = d.procedure_version_id "              \
	"WHERE CAST(? AS BIGINT) = 0 AND " CANDIDATES_WHERE
#define CANDIDATES_CLAIMED                                                                         \
	"FROM kpi_dirty k JOIN dossiers d ON d.id = k.id JOIN procedure_versions v ON v.id = "     \
	"d.procedure_version_id WHERE k.kind = 'd' AND k.claimed = ? AND " CANDIDATES_WHERE

/* A dossier's facts, in order: every mandatory component electronic or
 * exempt; a component reused; a document stored; an electronic result (a
 * result file signed at issue, a paper result scanned is signed too; an
 * e-receipt of fees, also a document of kind 'result', is none); rated
 * poorly; a component provided again while a valid one of its type was
 * stored; the applicant's answers (Circular 01/2018 indices 4 and 7);
 * feedback about it, not out of scope, whose link is known true (the
 * applicant's, the desk's or confirmed by the Office: 766.5.4, issue 14). */
#define DOSSIERS_SQL(candidates)                                                                   \
	SUB "SELECT d.id, d.code, d.channel, d.processing_unit_id, d.procedure_version_id, "       \
	    "d.procedure_code, v.limit_unit, v.limit_value, v.result_vi <> '', "                   \
	    "NOT EXISTS (SELECT 1 FROM dossier_components c WHERE c.dossier_id = d.id "            \
	    "AND c.mandatory = 1 AND c.status <> 'not_applicable' AND NOT EXISTS (SELECT 1 "       \
	    "FROM dossier_component_docs x WHERE x.dossier_id = d.id AND x.ord = c.ord)), "        \
	    "EXISTS (SELECT 1 FROM dossier_component_docs x WHERE x.dossier_id = d.id "            \
	    "AND x.how = 'reused'), "                                                              \
	    "EXISTS (SELECT 1 FROM documents m WHERE m.dossier_id = d.id), "                       \
	    "EXISTS (SELECT 1 FROM results r WHERE r.dossier_id = d.id), "                         \
	    "EXISTS (SELECT 1 FROM ratings r WHERE r.dossier_id = d.id AND r.kind = 'dossier' "    \
	    "AND r.is_current = 1 AND r.level <= 2), "                                             \
	    "EXISTS (SELECT 1 FROM dossier_component_docs x JOIN documents m ON m.id = "           \
	    "x.document_id WHERE x.dossier_id = d.id AND x.how IN ('uploaded', 'digitized') "      \
	    "AND m.doc_type <> '' AND EXISTS (SELECT 1 FROM documents o WHERE "                    \
	    "o.owner_kind = m.owner_kind AND o.owner_ident = m.owner_ident AND o.doc_type = "      \
	    "m.doc_type AND o.dossier_id <> d.id AND o.created_at < x.at AND "                     \
	    "(o.valid_until IS NULL OR o.valid_until > x.at))), "                                  \
	    "COALESCE((SELECT r.agencies_score FROM ratings r WHERE r.dossier_id = d.id AND "      \
	    "r.kind = 'dossier' AND r.is_current = 1), -1), "                                      \
	    "EXISTS (SELECT 1 FROM ratings r WHERE r.dossier_id = d.id AND r.kind = 'dossier' "    \
	    "AND r.is_current = 1 AND r.attitude_score = 0), "                                     \
	    "EXISTS (SELECT 1 FROM feedback f WHERE f.dossier_id = d.id AND f.dossier_confirmed "  \
	    "= 1 AND f.category <> 'out_of_scope'), d.received_at " candidates                     \
	    "ORDER BY d.id LIMIT ?"

/* Their events, with 766.3.6's mark: 1 an online payment (the data's keys
 * are written sorted, compact, by svc_event_data.c), 2 a demand that owes
 * something (its denominator: every fee exempted, total 0, the last key,
 * makes no fee-bearing dossier). */
#define EVENTS_SQL(candidates)                                                                     \
	SUB "SELECT e.dossier_id, e.at, e.action, e.from_state, e.to_state, e.timeliness, "        \
	    "CASE WHEN e.action = 'payment_paid' AND e.data LIKE '%\"method\":\"online\"%' "       \
	    "THEN 1 WHEN e.action = 'payment_demanded' AND e.data NOT LIKE '%\"total\":0}' "       \
	    "THEN 2 ELSE 0 END FROM dossier_events e WHERE e.dossier_id IN (SELECT "               \
	    "d.id " candidates "ORDER BY d.id LIMIT ?) ORDER BY e.dossier_id, e.seq"

/* [0] a period's candidates, [1] a claimed batch of the dirty set. */
static const char *const dossiers_sql[2] = {DOSSIERS_SQL(CANDIDATES),
					    DOSSIERS_SQL(CANDIDATES_CLAIMED)};
static const char *const events_sql[2] = {EVENTS_SQL(CANDIDATES), EVENTS_SQL(CANDIDATES_CLAIMED)};

/* Runs sql and fails with DB_TOO_MANY beyond cap rows (the query
 * asks for cap + 1). */
static int capped(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		  int64_t cap, struct db_res **r, size_t *rows)
{
	int rc = db_query(db, sql, args, nargs, r);
	if (rc < 0)
		return rc;
	*rows = db_res_rows(*r);
	if ((int64_t)*rows > cap) {
		db_res_free(*r);
		*r = NULL;
		return DB_TOO_MANY;
	}
	return DB_OK;
}

/* A list read with LIMIT cap + 1 that came back longer than cap. */
static int too_many(int rc, int64_t cap, size_t *n)
{
	if (rc == DB_OK && (int64_t)*n > cap) {
		*n = 0;
		return DB_TOO_MANY;
	}
	return rc;
}

static enum kpi_end end_of(const char *state)
{
	if (!strcmp(state, "result_ready") || !strcmp(state, "returned"))
		return KPI_END_RESULT;
	if (!strcmp(state, "refused"))
		return KPI_END_REFUSED;
	if (!strcmp(state, "withdrawn"))
		return KPI_END_WITHDRAWN;
	if (!strcmp(state, "stopped"))
		return KPI_END_STOPPED;
	return KPI_END_NONE;
}

static bool waiting_state(const char *s)
{
	return !strcmp(s, "awaiting_supplement") || !strcmp(s, "awaiting_payment");
}

/* Circular 01/2018's indices 2 and 3: the hand-overs against their steps'
 * due times, and the supplement requests (at receipt or later). */
static void count_step(struct repo_kpi_dossier *k, const char *action, const char *timeliness)
{
	if (!strcmp(action, "request_supplement"))
		k->d.supplement_requests++;
	if (!strcmp(timeliness, "early"))
		k->d.steps_early++;
	else if (!strcmp(timeliness, "on_time"))
		k->d.steps_on_time++;
	else if (!strcmp(timeliness, "late"))
		k->d.steps_late++;
}

/* The history of one dossier from its events rows [lo, hi) of r. */
static void build_history(struct arena *a, const struct db_res *r, size_t lo, size_t hi,
			  struct repo_kpi_dossier *k)
{
	struct kpi_history *h = &k->h;
	struct kpi_pause *pauses = arena_zalloc(a, (hi - lo + 1) * sizeof *pauses);
	size_t np = 0;
	bool open = false;
	for (size_t i = lo; i < hi && !h->ended_at; i++) {
		int64_t at = db_res_int(r, i, 1);
		const char *action = db_res_text(r, i, 2);
		const char *from = db_res_text(r, i, 3), *to = db_res_text(r, i, 4);
		bool moved = strcmp(from, to) != 0;
		if (!h->received_at && !strcmp(to, "received"))
			h->received_at = at;
		if (open && moved && waiting_state(from)) {
			pauses[np - 1].to_at = at;
			open = false;
		}
		if (h->received_at && moved && waiting_state(to) && !open) {
			pauses[np++] =
				(struct kpi_pause){at, 0, !strcmp(to, "awaiting_supplement")};
			open = true;
		}
		count_step(k, action, db_res_text(r, i, 5));
		if (!h->extension_at && !strcmp(action, "request_extension"))
			h->extension_at = at;
		if (h->received_at && !k->d.handed_over_at && !strcmp(action, "transfer"))
			k->d.handed_over_at = at;
		if (moved && end_of(to) != KPI_END_NONE) {
			h->ended_at = at;
			h->end = end_of(to);
			if (h->end == KPI_END_RESULT)
				k->d.result_at = at;
		}
	}
	if (open && h->ended_at)
		pauses[np - 1].to_at = h->ended_at;
	/* Payments may come after the end (fees due before return). */
	for (size_t i = lo; i < hi; i++) {
		if (db_res_int(r, i, 6) == 2)
			k->d.fee_demanded = true;
		if (db_res_int(r, i, 6) == 1)
			k->d.paid_online = true;
	}
	h->pauses = pauses;
	h->npauses = np;
}

static void read_dossier(struct arena *a, const struct db_res *r, size_t i,
			 struct repo_kpi_dossier *k)
{
	size_t c = 1;
	k->h.ref = repo_text(a, r, i, c++);
	k->h.channel = repo_text(a, r, i, c++);
	k->processing_unit_id = db_res_int(r, i, c++);
	k->version_id = db_res_int(r, i, c++);
	k->procedure = repo_text(a, r, i, c++);
	k->limit_unit = repo_text(a, r, i, c++);
	k->limit_value = db_res_int(r, i, c++);
	k->d.returns_document = db_res_int(r, i, c++) != 0;
	k->d.components_electronic = db_res_int(r, i, c++) != 0;
	k->d.reused = db_res_int(r, i, c++) != 0;
	k->d.linked_store = db_res_int(r, i, c++) != 0;
	k->d.e_result = db_res_int(r, i, c++) != 0;
	k->d.disliked = db_res_int(r, i, c++) != 0;
	k->d.resubmitted = db_res_int(r, i, c++) != 0;
	k->d.agencies_score = (int)db_res_int(r, i, c++);
	k->d.complaint = db_res_int(r, i, c++) != 0;
	k->d.feedback = db_res_int(r, i, c++) != 0;
	k->live_received_at = db_res_int(r, i, c++);
}

int repo_kpi_dossiers(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
		      struct repo_kpi_dossier **out, size_t *n)
{
	struct db_res *r = NULL, *e = NULL;
	*out = NULL;
	*n = 0;
	size_t rows = 0;
	/* One statement each: a period's candidates, or a claimed batch's. */
	bool claimed = s->claim != 0;
	int rc = capped(db, dossiers_sql[claimed],
			DB_ARGS(DB_I(s->unit_id), DB_I(s->claim), DB_I(s->to_ms), DB_I(s->from_ms),
				SCOPE_ARGS(s), DB_I(s->cap + 1)),
			s->cap, &r, &rows);
	if (rc < 0)
		goto out;
	rc = db_query(db, events_sql[claimed],
		      DB_ARGS(DB_I(s->unit_id), DB_I(s->claim), DB_I(s->to_ms), DB_I(s->from_ms),
			      SCOPE_ARGS(s), DB_I(s->cap + 1)),
		      &e);
	if (rc < 0)
		goto out;
	size_t erows = db_res_rows(e), j = 0;
	struct repo_kpi_dossier *k = arena_zalloc(a, (rows + 1) * sizeof *k);
	for (size_t i = 0; i < rows; i++) {
		int64_t id = db_res_int(r, i, 0);
		k[i].id = id;
		read_dossier(a, r, i, &k[i]);
		while (j < erows && db_res_int(e, j, 0) < id)
			j++;
		size_t lo = j;
		while (j < erows && db_res_int(e, j, 0) == id)
			j++;
		build_history(a, e, lo, j, &k[i]);
	}
	*out = k;
	*n = rows;
	rc = DB_OK;
out:
	db_res_free(r);
	db_res_free(e);
	return rc;
}

static void version_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct monitor_version *v = elem;
	size_t c = 0;
	v->id = db_res_int(r, i, c++);
	v->procedure_code = repo_text(a, r, i, c++);
	v->procedure_vi = repo_text(a, r, i, c++);
	v->procedure_en = repo_text(a, r, i, c++);
	v->field_vi = repo_text(a, r, i, c++);
	v->field_en = repo_text(a, r, i, c++);
}

int repo_kpi_versions(struct db *db, struct arena *a, struct monitor_version **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT v.id, p.code, v.name_vi, v.name_en, v.field_vi, v.field_en "
			 "FROM procedure_versions v "
			 "JOIN procedures p ON p.id = v.procedure_id ORDER BY v.id",
			 DB_NOARGS, version_row, NULL, out, n);
}

/* The latest published version of each procedure in force before the end. */
static const char procedures_sql[] =
	SUB "SELECT p.code, v.name_vi, v.unit_id, v.online_level <> 'none', v.subjects, v.sets, "
	    "v.limit_unit, v.limit_value, v.effective_from, COALESCE(v.decision_at, 0), "
	    "COALESCE(v.public_at, 0), "
	    "(SELECT COUNT(*) FROM procedure_steps s WHERE s.version_id = v.id), "
	    "(SELECT COUNT(*) FROM procedure_components c WHERE c.version_id = v.id), "
	    "CASE WHEN CAST(? AS BIGINT) = 0 THEN (SELECT COUNT(*) FROM dossiers d WHERE "
	    "d.procedure_code = p.code AND d.channel = 'online' AND d.received_at >= ? AND "
	    "d.received_at < ?) ELSE 0 END, "
	    "(SELECT COUNT(*) FROM procedure_fees f WHERE f.version_id = v.id AND f.confirmed = 1 "
	    "AND f.amount > 0), "
	    "(SELECT COUNT(*) FROM payments y JOIN dossiers d ON d.id = y.dossier_id WHERE "
	    "d.procedure_code = p.code AND y.method = 'online' AND y.status IN ('paid', "
	    "'refunded') AND y.settled_at >= ? AND y.settled_at < ?) "
	    "FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id "
	    "WHERE v.status = 'published' AND v.effective_from < ? AND v.version = (SELECT "
	    "MAX(w.version) FROM procedure_versions w WHERE w.procedure_id = p.id AND w.status = "
	    "'published' AND w.effective_from < ?) "
	    "AND (CAST(? AS BIGINT) = 0 OR v.unit_id IN (SELECT id FROM sub)) "
	    "AND (CAST(? AS TEXT) IS NULL OR p.code = ?) "
	    "AND (CAST(? AS TEXT) IS NULL OR v.field_vi = ? OR v.field_en = ?) "
	    "ORDER BY p.code LIMIT ?";

static void procedure_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct repo_kpi_procedure *p = elem;
	size_t c = 0;
	p->p.ref = repo_text(a, r, i, c++);
	p->name_vi = repo_text(a, r, i, c++);
	p->unit_id = db_res_int(r, i, c++);
	p->p.online = db_res_int(r, i, c++) != 0;
	p->subjects = repo_text(a, r, i, c++);
	p->sets = db_res_int(r, i, c++);
	p->limit_unit = repo_text(a, r, i, c++);
	p->limit_value = db_res_int(r, i, c++);
	p->p.effective_at = db_res_int(r, i, c++);
	p->p.decision_at = db_res_int(r, i, c++);
	p->p.public_at = db_res_int(r, i, c++);
	p->nsteps = db_res_int(r, i, c++);
	p->ncomponents = db_res_int(r, i, c++);
	p->p.online_received = db_res_int(r, i, c++);
	p->p.has_fee = db_res_int(r, i, c++) > 0;
	p->p.paid_online = db_res_int(r, i, c++);
}

int repo_kpi_procedures(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
			struct repo_kpi_procedure **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int rc = repo_rows(db, a, procedures_sql,
			   DB_ARGS(DB_I(s->unit_id), DB_I(s->no_online_count), DB_I(s->from_ms),
				   DB_I(s->to_ms), DB_I(s->from_ms), DB_I(s->to_ms), DB_I(s->to_ms),
				   DB_I(s->to_ms), DB_I(s->unit_id), DB_T(s->procedure),
				   DB_T(s->procedure), DB_T(s->field), DB_T(s->field),
				   DB_T(s->field), DB_I(s->cap + 1)),
			   procedure_row, NULL, out, n);
	return too_many(rc, s->cap, n);
}

/* A ticket or rating linked to a dossier of the procedure / field. */
#define LINKED_DOSSIER(link)                                                                       \
	"(CAST(? AS TEXT) IS NULL AND CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM dossiers "  \
	"d "                                                                                       \
	"JOIN procedure_versions v ON v.id = d.procedure_version_id WHERE " link                   \
	" AND (CAST(? AS TEXT) IS NULL OR d.procedure_code = ?) AND (CAST(? AS TEXT) IS NULL OR "  \
	"v.field_vi = ? OR v.field_en = ?))) "
#define LINKED_ARGS(s)                                                                             \
	DB_T((s)->procedure), DB_T((s)->field), DB_T((s)->procedure), DB_T((s)->procedure),        \
		DB_T((s)->field), DB_T((s)->field), DB_T((s)->field)

static const char tickets_sql[] =
	SUB "SELECT t.id, t.issued_at, COALESCE(t.called_at, 0), COALESCE(t.started_at, 0), "
	    "COALESCE(t.finished_at, 0) FROM queue_tickets t "
	    "WHERE ((t.called_at >= ? AND t.called_at < ?) OR (t.finished_at >= ? AND "
	    "t.finished_at < ?)) AND (CAST(? AS BIGINT) = 0 OR t.unit_id IN (SELECT id FROM sub)) "
	    "AND (CAST(? AS BIGINT) = 0 OR t.officer_id = ?) AND " LINKED_DOSSIER(
		    "d.id IN (SELECT td.dossier_id FROM ticket_dossiers td WHERE td.ticket_id = "
		    "t.id)") "ORDER BY t.id LIMIT ?";

static void ticket_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct kpi_ticket *t = elem;
	t->ref = repo_text(a, r, i, 0);
	t->issued_at = db_res_int(r, i, 1);
	t->called_at = db_res_int(r, i, 2);
	t->started_at = db_res_int(r, i, 3);
	t->finished_at = db_res_int(r, i, 4);
}

int repo_kpi_tickets(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
		     struct kpi_ticket **out, size_t *n)
{
	int rc = repo_rows(db, a, tickets_sql,
			   DB_ARGS(DB_I(s->unit_id), DB_I(s->from_ms), DB_I(s->to_ms),
				   DB_I(s->from_ms), DB_I(s->to_ms), DB_I(s->unit_id),
				   DB_I(s->officer_id), DB_I(s->officer_id), LINKED_ARGS(s),
				   DB_I(s->cap + 1)),
			   ticket_row, NULL, out, n);
	return too_many(rc, s->cap, n);
}

static const char ratings_sql[] =
	SUB "SELECT r.id, r.created_at, r.level, r.satisfied FROM ratings r "
	    "WHERE r.is_current = 1 AND r.created_at >= ? AND r.created_at < ? "
	    "AND (CAST(? AS BIGINT) = 0 OR r.unit_id IN (SELECT id FROM sub)) "
	    "AND (CAST(? AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM rating_officers ro WHERE "
	    "ro.rating_id = r.id AND ro.user_id = ?)) AND " LINKED_DOSSIER(
		    "(d.id = r.dossier_id OR d.id IN (SELECT td.dossier_id FROM ticket_dossiers td "
		    "WHERE td.ticket_id = r.ticket_id))") "ORDER BY r.id LIMIT ?";

static void rating_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct kpi_rating *k = elem;
	k->ref = arena_printf(a, "rating %s", db_res_text(r, i, 0));
	k->at = db_res_int(r, i, 1);
	k->level = (int)db_res_int(r, i, 2);
	k->satisfied = db_res_int(r, i, 3) != 0;
}

int repo_kpi_ratings(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
		     struct kpi_rating **out, size_t *n)
{
	int rc = repo_rows(db, a, ratings_sql,
			   DB_ARGS(DB_I(s->unit_id), DB_I(s->from_ms), DB_I(s->to_ms),
				   DB_I(s->unit_id), DB_I(s->officer_id), DB_I(s->officer_id),
				   LINKED_ARGS(s), DB_I(s->cap + 1)),
			   rating_row, NULL, out, n);
	return too_many(rc, s->cap, n);
}

/* ---------------------------------------------------------------- rule sets */

static void rule_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct kpi_rule *k = elem;
	k->key = repo_text(a, r, i, 0);
	k->has_threshold = !db_res_null(r, i, 1);
	k->threshold = k->has_threshold ? strtod(db_res_text(r, i, 1), NULL) : 0;
	k->max_points = strtod(db_res_text(r, i, 2), NULL);
}

static int read_rules(struct db *db, struct arena *a, struct kpi_rule_set *rs)
{
	return repo_rows(
		db, a,
		"SELECT indicator, threshold, max_points FROM kpi_rules WHERE rule_set = ? "
		"ORDER BY indicator",
		DB_ARGS(DB_T(rs->name)), rule_row, NULL, &rs->rules, &rs->nrules);
}

static int one_set(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
		   size_t nargs, struct kpi_rule_set *out)
{
	struct db_res *r = NULL;
	memset(out, 0, sizeof *out);
	int rc = db_query(db, sql, args, nargs, &r);
	if (rc < 0)
		return rc;
	if (!db_res_rows(r)) {
		db_res_free(r);
		return DB_NOT_FOUND;
	}
	out->name = repo_text(a, r, 0, 0);
	out->effective_from = db_res_int(r, 0, 1);
	db_res_free(r);
	return read_rules(db, a, out);
}

int repo_kpi_rule_set(struct db *db, struct arena *a, int64_t at, struct kpi_rule_set *out)
{
	return one_set(db, a,
		       "SELECT name, effective_from FROM kpi_rule_sets WHERE effective_from <= ? "
		       "ORDER BY effective_from DESC LIMIT 1",
		       DB_ARGS(DB_I(at)), out);
}

int repo_kpi_rule_set_named(struct db *db, struct arena *a, const char *name,
			    struct kpi_rule_set *out)
{
	return one_set(db, a, "SELECT name, effective_from FROM kpi_rule_sets WHERE name = ?",
		       DB_ARGS(DB_T(name)), out);
}

int repo_kpi_rule_sets(struct db *db, struct arena *a, struct kpi_rule_set **out, size_t *n)
{
	struct db_res *r = NULL;
	int rc = db_query(db,
			  "SELECT name, effective_from FROM kpi_rule_sets ORDER BY effective_from",
			  DB_NOARGS, &r);
	if (rc < 0)
		return rc;
	size_t rows = db_res_rows(r);
	struct kpi_rule_set *k = arena_zalloc(a, (rows + 1) * sizeof *k);
	for (size_t i = 0; i < rows && rc >= 0; i++) {
		k[i].name = repo_text(a, r, i, 0);
		k[i].effective_from = db_res_int(r, i, 1);
		rc = read_rules(db, a, &k[i]);
	}
	db_res_free(r);
	*out = k;
	*n = rows;
	return rc < 0 ? rc : DB_OK;
}

int repo_kpi_rule_set_save(struct db *db, const struct kpi_rule_set *rs, int64_t now)
{
	int rc = db_exec(
		db,
		"INSERT INTO kpi_rule_sets (name, effective_from, created_at) VALUES (?, ?, ?) "
		"ON CONFLICT (name) DO NOTHING",
		DB_ARGS(DB_T(rs->name), DB_I(rs->effective_from), DB_I(now)), NULL);
	if (rc < 0)
		return rc;
	rc = db_exec(db, "DELETE FROM kpi_rules WHERE rule_set = ?", DB_ARGS(DB_T(rs->name)), NULL);
	for (size_t i = 0; rc >= 0 && i < rs->nrules; i++) {
		const struct kpi_rule *k = &rs->rules[i];
		char tb[32], pb[32];
		const char *t = tb, *p = pb;
		snprintf(tb, sizeof tb, "%.6f", k->threshold);
		snprintf(pb, sizeof pb, "%.6f", k->max_points);
		rc = db_exec(
			db,
			"INSERT INTO kpi_rules (rule_set, indicator, threshold, max_points) "
			"VALUES (?, ?, CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION))",
			DB_ARGS(DB_T(rs->name), DB_T(k->key), k->has_threshold ? DB_T(t) : DB_NULL,
				DB_T(p)),
			NULL);
	}
	return rc < 0 ? rc : DB_OK;
}

int repo_kpi_procedure_exists(struct db *db, const char *code, bool *found)
{
	int64_t n = 0;
	bool row = false;
	int rc = db_query_int(db, "SELECT COUNT(*) FROM procedures WHERE code = ?",
			      DB_ARGS(DB_T(code)), &n, &row);
	*found = row && n > 0;
	return rc;
}

int repo_kpi_field_exists(struct db *db, const char *field, bool *found)
{
	int64_t n = 0;
	bool row = false;
	int rc = db_query_int(
		db, "SELECT COUNT(*) FROM procedure_versions WHERE field_vi = ? OR field_en = ?",
		DB_ARGS(DB_T(field), DB_T(field)), &n, &row);
	*found = row && n > 0;
	return rc;
}
