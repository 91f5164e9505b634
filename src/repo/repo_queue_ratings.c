/* Ratings (one current per visit and per dossier, history kept, with the
 * officers they credit) and the ticket rows the desk's reports aggregate.
 * Layer: repo. */
#include <string.h>

#include "core/queue.h"
#include "repo/repo.h"

static struct db_arg opt_id(int64_t id)
{
	return id ? DB_I(id) : DB_NULL;
}

/* ---- ratings ---- */

int repo_rating_dossier(struct db *db, struct arena *a, int64_t dossier_id,
			struct rating_dossier *out)
{
	struct db_res *r;
	int rc = db_query(
		db,
		"SELECT id, code, state, procedure_code, receiving_unit_id FROM dossiers WHERE "
		"id = ?",
		DB_ARGS(DB_I(dossier_id)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		db_res_free(r);
		return DB_NOT_FOUND;
	}
	memset(out, 0, sizeof *out);
	out->id = db_res_int(r, 0, 0);
	out->code = repo_text(a, r, 0, 1);
	out->state = repo_text(a, r, 0, 2);
	out->procedure_code = repo_text(a, r, 0, 3);
	out->unit_id = db_res_int(r, 0, 4);
	db_res_free(r);
	/* The officers who handled it: every staff member in its history, and
	 * whoever received it at a counter. */
	return repo_rows(
		db, a,
		"SELECT e.actor_id FROM dossier_events e JOIN users u ON u.id = e.actor_id "
		"WHERE e.dossier_id = ? AND u.kind = 'staff' UNION "
		"SELECT officer_id FROM ticket_dossiers WHERE dossier_id = ? AND officer_id IS "
		"NOT NULL ORDER BY 1",
		DB_ARGS(DB_I(dossier_id), DB_I(dossier_id)), repo_row_id, NULL, &out->officers,
		&out->nofficers);
}

int repo_rating_nonce_used(struct db *db, const char *nonce, bool *used)
{
	int64_t v;
	return db_query_int(db, "SELECT id FROM ratings WHERE link_nonce = ?", DB_ARGS(DB_T(nonce)),
			    &v, used);
}

int repo_rating_insert(struct db *db, const struct rating_row *r, const int64_t *officers,
		       size_t nofficers, int64_t now, int64_t *id)
{
	bool visit = !strcmp(r->kind, "visit");
	int rc = db_exec(
		db,
		visit ? "UPDATE ratings SET is_current = 0, replaced_at = ? WHERE kind = 'visit' "
			"AND ticket_id = ? AND is_current = 1"
		      : "UPDATE ratings SET is_current = 0, replaced_at = ? WHERE kind = "
			"'dossier' AND dossier_id = ? AND is_current = 1",
		DB_ARGS(DB_I(now), DB_I(visit ? r->ticket_id : r->dossier_id)), NULL);
	if (rc < 0)
		return rc;
	struct db_res *res;
	rc = db_query(
		db,
		"INSERT INTO ratings (kind, ticket_id, dossier_id, unit_id, level, satisfied, "
		"comment, answers, contacts_score, agencies_score, attitude_score, link_nonce, "
		"is_current, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) "
		"RETURNING id",
		DB_ARGS(DB_T(r->kind), opt_id(r->ticket_id), opt_id(r->dossier_id),
			DB_I(r->unit_id), DB_I(r->level),
			DB_I(satisfaction_is_satisfied(r->level) ? 1 : 0),
			DB_T(r->comment ? r->comment : ""), DB_T(r->answers ? r->answers : "{}"),
			r->contacts_score >= 0 ? DB_I(r->contacts_score) : DB_NULL,
			r->agencies_score >= 0 ? DB_I(r->agencies_score) : DB_NULL,
			r->attitude_score >= 0 ? DB_I(r->attitude_score) : DB_NULL,
			DB_T(r->link_nonce), DB_I(now)),
		&res);
	if (rc < 0)
		return rc;
	int64_t rid = db_res_int(res, 0, 0);
	db_res_free(res);
	for (size_t i = 0; rc == DB_OK && i < nofficers; i++)
		rc = db_exec(db,
			     "INSERT INTO rating_officers (rating_id, user_id) VALUES (?, ?) ON "
			     "CONFLICT "
			     "DO NOTHING",
			     DB_ARGS(DB_I(rid), DB_I(officers[i])), NULL);
	if (rc == DB_OK && id)
		*id = rid;
	return rc;
}

static void read_rating_history(struct arena *a, const struct db_res *r, size_t i, void *elem,
				void *ctx)
{
	struct rating_row *x = elem;
	x->id = db_res_int(r, i, 0);
	x->kind = repo_text(a, r, i, 1);
	x->ticket_id = db_res_int(r, i, 2);
	x->dossier_id = db_res_int(r, i, 3);
	x->unit_id = db_res_int(r, i, 4);
	x->level = (int)db_res_int(r, i, 5);
	x->comment = repo_text(a, r, i, 6);
	x->answers = repo_text(a, r, i, 7);
	x->contacts_score = (int)db_res_int(r, i, 8);
	x->agencies_score = (int)db_res_int(r, i, 9);
	x->attitude_score = (int)db_res_int(r, i, 10);
	x->link_nonce = repo_text(a, r, i, 11);
	x->is_current = db_res_int(r, i, 12) != 0;
	x->created_at = db_res_int(r, i, 13);
	x->replaced_at = db_res_int(r, i, 14);
}

int repo_rating_history(struct db *db, struct arena *a, const char *kind, int64_t id,
			struct rating_row **out, size_t *n)
{
	bool visit = !strcmp(kind, "visit");
	return repo_rows(
		db, a,
		visit ? "SELECT id, kind, COALESCE(ticket_id, 0), COALESCE(dossier_id, 0), "
			"unit_id, level, comment, answers, COALESCE(contacts_score, -1), "
			"COALESCE(agencies_score, -1), COALESCE(attitude_score, -1), "
			"link_nonce, is_current, created_at, COALESCE(replaced_at, 0) FROM "
			"ratings WHERE kind = 'visit' AND ticket_id = ? ORDER BY id DESC"
		      : "SELECT id, kind, COALESCE(ticket_id, 0), COALESCE(dossier_id, 0), "
			"unit_id, level, comment, answers, COALESCE(contacts_score, -1), "
			"COALESCE(agencies_score, -1), COALESCE(attitude_score, -1), "
			"link_nonce, is_current, created_at, COALESCE(replaced_at, 0) FROM "
			"ratings WHERE kind = 'dossier' AND dossier_id = ? ORDER BY id DESC",
		DB_ARGS(DB_I(id)), read_rating_history, NULL, out, n);
}

int repo_rating_officers(struct db *db, struct arena *a, int64_t rating_id, int64_t **ids,
			 size_t *n)
{
	return repo_rows(db, a,
			 "SELECT user_id FROM rating_officers WHERE rating_id = ? ORDER BY user_id",
			 DB_ARGS(DB_I(rating_id)), repo_row_id, NULL, ids, n);
}

/* ---- reports ---- */

static void read_queue_report_tickets(struct arena *a, const struct db_res *r, size_t i, void *elem,
				      void *ctx)
{
	struct queue_report_ticket *x = elem;
	x->id = db_res_int(r, i, 0);
	x->service_id = db_res_int(r, i, 1);
	x->counter_id = db_res_int(r, i, 2);
	x->officer_id = db_res_int(r, i, 3);
	x->day = repo_text(a, r, i, 4);
	x->state = repo_text(a, r, i, 5);
	x->service_name = repo_text(a, r, i, 6);
	x->officer_name = repo_text(a, r, i, 7);
	x->counter_number = (int)db_res_int(r, i, 8);
	x->issued_at = db_res_int(r, i, 9);
	x->called_at = db_res_int(r, i, 10);
	x->handling_ms = db_res_int(r, i, 11);
	x->finished = !strcmp(x->state, "finished");
	x->no_show = !strcmp(x->state, "no_show");
	x->rating = (int)db_res_int(r, i, 12);
}

int repo_queue_report_tickets(struct db *db, struct arena *a, int64_t unit_id, const char *from_day,
			      const char *to_day, struct queue_report_ticket **out, size_t *n)
{
	/* A visit's rating: its own, else the newest current rating of a
	 * dossier received during it. */
	return repo_rows(
		db, a,
		"SELECT t.id, t.service_id, COALESCE(t.counter_id, 0), COALESCE(t.officer_id, 0), "
		"t.day, t.state, s.name_vi, COALESCE(u.full_name, ''), COALESCE(c.number, 0), "
		"t.issued_at, COALESCE(t.called_at, 0), t.handling_ms, "
		"COALESCE((SELECT r.level FROM ratings r WHERE r.kind = 'visit' AND r.ticket_id = "
		"t.id "
		"AND r.is_current = 1), (SELECT r.level FROM ratings r JOIN ticket_dossiers td ON "
		"td.dossier_id = r.dossier_id WHERE td.ticket_id = t.id AND r.kind = 'dossier' AND "
		"r.is_current = 1 ORDER BY r.id DESC LIMIT 1), 0) "
		"FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id "
		"LEFT JOIN queue_counters c ON c.id = t.counter_id "
		"LEFT JOIN users u ON u.id = t.officer_id "
		"WHERE t.unit_id = ? AND t.day >= ? AND t.day <= ? ORDER BY t.day, t.id",
		DB_ARGS(DB_I(unit_id), DB_T(from_day), DB_T(to_day)), read_queue_report_tickets,
		NULL, out, n);
}
