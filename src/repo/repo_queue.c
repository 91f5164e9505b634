/* The desk queue: services, counters, tickets and their history, and the
 * dossiers linked to a visit (ratings and report rows are in
 * repo_queue_ratings.c). The call order of core/queue.h is
 * written here once in SQL (ORDER BY priority DESC, queued_at, id) so that
 * the next ticket is taken by one UPDATE. Layer: repo. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "core/queue.h"
#include "repo/repo.h"

static struct db_arg opt_id(int64_t id)
{
	return id ? DB_I(id) : DB_NULL;
}

/* ---- desk ---- */

int repo_queue_desk_get(struct db *db, int64_t unit_id, bool *always_open)
{
	int64_t v = 0;
	bool found;
	int rc = db_query_int(db, "SELECT always_open FROM queue_desks WHERE unit_id = ?",
			      DB_ARGS(DB_I(unit_id)), &v, &found);
	*always_open = rc == DB_OK && found && v;
	return rc;
}

int repo_queue_desk_set(struct db *db, int64_t unit_id, bool always_open, int64_t now)
{
	return db_exec(
		db,
		"INSERT INTO queue_desks (unit_id, always_open, updated_at) VALUES (?, ?, ?) "
		"ON CONFLICT (unit_id) DO UPDATE SET always_open = excluded.always_open, "
		"updated_at = excluded.updated_at",
		DB_ARGS(DB_I(unit_id), DB_I(always_open ? 1 : 0), DB_I(now)), NULL);
}

/* ---- services ---- */

#define SERVICE_COLS "s.id, s.unit_id, s.prefix, s.name_vi, s.name_en, s.active"

static void fill_service(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct queue_service *s = elem;
	memset(s, 0, sizeof *s);
	s->id = db_res_int(r, i, 0);
	s->unit_id = db_res_int(r, i, 1);
	s->prefix = repo_text(a, r, i, 2);
	s->name_vi = repo_text(a, r, i, 3);
	s->name_en = repo_text(a, r, i, 4);
	s->active = db_res_int(r, i, 5) != 0;
}

int repo_queue_service_insert(struct db *db, const struct queue_service *s, int64_t now,
			      int64_t *id)
{
	return repo_insert(db,
			   "INSERT INTO queue_services (unit_id, prefix, name_vi, name_en, active, "
			   "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			   DB_ARGS(DB_I(s->unit_id), DB_T(s->prefix), DB_T(s->name_vi),
				   DB_T(s->name_en ? s->name_en : ""), DB_I(s->active ? 1 : 0),
				   DB_I(now)),
			   id);
}

int repo_queue_service_update(struct db *db, const struct queue_service *s)
{
	int64_t changes;
	int rc = db_exec(
		db, "UPDATE queue_services SET name_vi = ?, name_en = ?, active = ? WHERE id = ?",
		DB_ARGS(DB_T(s->name_vi), DB_T(s->name_en ? s->name_en : ""),
			DB_I(s->active ? 1 : 0), DB_I(s->id)),
		&changes);
	if (rc == DB_OK && changes == 0)
		return DB_NOT_FOUND;
	return rc;
}

int repo_queue_service_get(struct db *db, struct arena *a, int64_t id, struct queue_service *out)
{
	return repo_row(db, a, "SELECT " SERVICE_COLS " FROM queue_services s WHERE s.id = ?",
			DB_ARGS(DB_I(id)), fill_service, NULL, out);
}

static void read_queue_services(struct arena *a, const struct db_res *r, size_t i, void *elem,
				void *ctx)
{
	struct queue_service *e = elem;
	fill_service(a, r, i, e, NULL);
	e->waiting = db_res_int(r, i, 6);
}

int repo_queue_services(struct db *db, struct arena *a, int64_t unit_id, const char *day, bool all,
			struct queue_service **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT " SERVICE_COLS ", (SELECT COUNT(*) FROM queue_tickets t WHERE "
			 "t.service_id = s.id AND t.day = ? AND t.state = 'waiting') FROM "
			 "queue_services s WHERE s.unit_id = ? AND (s.active = 1 OR ? = 1) "
			 "ORDER BY s.prefix",
			 DB_ARGS(DB_T(day), DB_I(unit_id), DB_I(all ? 1 : 0)), read_queue_services,
			 NULL, out, n);
}

/* ---- counters ---- */

#define COUNTER_COLS                                                                               \
	"c.id, c.unit_id, c.number, c.name, c.active, c.is_open, COALESCE(c.officer_id, 0), "      \
	"COALESCE(u.full_name, '')"
#define COUNTER_FROM " FROM queue_counters c LEFT JOIN users u ON u.id = c.officer_id"

static int load_lists(struct db *db, struct arena *a, struct queue_counter *c)
{
	int rc = repo_rows(db, a,
			   "SELECT service_id FROM queue_counter_services WHERE counter_id = ? "
			   "ORDER BY service_id",
			   DB_ARGS(DB_I(c->id)), repo_row_id, NULL, &c->services, &c->nservices);
	if (rc < 0)
		return rc;
	return repo_rows(
		db, a,
		"SELECT user_id FROM queue_counter_officers WHERE counter_id = ? ORDER BY user_id",
		DB_ARGS(DB_I(c->id)), repo_row_id, NULL, &c->officers, &c->nofficers);
}

static void fill_counter(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct queue_counter *c = elem;
	memset(c, 0, sizeof *c);
	c->id = db_res_int(r, i, 0);
	c->unit_id = db_res_int(r, i, 1);
	c->number = (int)db_res_int(r, i, 2);
	c->name = repo_text(a, r, i, 3);
	c->active = db_res_int(r, i, 4) != 0;
	c->is_open = db_res_int(r, i, 5) != 0;
	c->officer_id = db_res_int(r, i, 6);
	c->officer_name = repo_text(a, r, i, 7);
}

int repo_queue_counter_insert(struct db *db, const struct queue_counter *c, int64_t now,
			      int64_t *id)
{
	return repo_insert(
		db,
		"INSERT INTO queue_counters (unit_id, number, name, active, created_at) VALUES "
		"(?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_I(c->unit_id), DB_I(c->number), DB_T(c->name ? c->name : ""),
			DB_I(c->active ? 1 : 0), DB_I(now)),
		id);
}

int repo_queue_counter_update(struct db *db, const struct queue_counter *c)
{
	int64_t changes;
	int rc = db_exec(db,
			 "UPDATE queue_counters SET number = ?, name = ?, active = ? WHERE id = ?",
			 DB_ARGS(DB_I(c->number), DB_T(c->name ? c->name : ""),
				 DB_I(c->active ? 1 : 0), DB_I(c->id)),
			 &changes);
	if (rc == DB_OK && changes == 0)
		return DB_NOT_FOUND;
	return rc;
}

int repo_queue_counter_set_lists(struct db *db, const struct queue_counter *c)
{
	int rc = db_exec(db, "DELETE FROM queue_counter_services WHERE counter_id = ?",
			 DB_ARGS(DB_I(c->id)), NULL);
	if (rc == DB_OK)
		rc = db_exec(db, "DELETE FROM queue_counter_officers WHERE counter_id = ?",
			     DB_ARGS(DB_I(c->id)), NULL);
	for (size_t i = 0; rc == DB_OK && i < c->nservices; i++)
		rc = db_exec(
			db,
			"INSERT INTO queue_counter_services (counter_id, service_id) VALUES (?, ?) "
			"ON CONFLICT DO NOTHING",
			DB_ARGS(DB_I(c->id), DB_I(c->services[i])), NULL);
	for (size_t i = 0; rc == DB_OK && i < c->nofficers; i++)
		rc = db_exec(
			db,
			"INSERT INTO queue_counter_officers (counter_id, user_id) VALUES (?, ?) "
			"ON CONFLICT DO NOTHING",
			DB_ARGS(DB_I(c->id), DB_I(c->officers[i])), NULL);
	return rc;
}

int repo_queue_counter_get(struct db *db, struct arena *a, int64_t id, struct queue_counter *out)
{
	int rc = repo_row(db, a, "SELECT " COUNTER_COLS COUNTER_FROM " WHERE c.id = ?",
			  DB_ARGS(DB_I(id)), fill_counter, NULL, out);
	if (rc < 0)
		return rc;
	return load_lists(db, a, out);
}

int repo_queue_counters(struct db *db, struct arena *a, int64_t unit_id, struct queue_counter **out,
			size_t *n)
{
	int rc = repo_rows(
		db, a, "SELECT " COUNTER_COLS COUNTER_FROM " WHERE c.unit_id = ? ORDER BY c.number",
		DB_ARGS(DB_I(unit_id)), fill_counter, NULL, out, n);
	for (size_t i = 0; rc == DB_OK && i < *n; i++)
		rc = load_lists(db, a, &(*out)[i]);
	return rc;
}

int repo_queue_counters_of_officer(struct db *db, struct arena *a, int64_t officer_id,
				   int64_t unit_id, struct queue_counter **out, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT " COUNTER_COLS COUNTER_FROM
		" WHERE c.active = 1 AND (EXISTS (SELECT 1 FROM queue_counter_officers o "
		"WHERE o.counter_id = c.id AND o.user_id = ?) OR (c.unit_id = ? AND NOT "
		"EXISTS (SELECT 1 FROM queue_counter_officers o WHERE o.counter_id = c.id)))"
		" ORDER BY c.unit_id, c.number",
		DB_ARGS(DB_I(officer_id), DB_I(unit_id)), fill_counter, NULL, out, n);
}

int repo_queue_counter_set_open(struct db *db, int64_t counter_id, int64_t officer_id, int64_t now)
{
	int64_t changes;
	int rc = db_exec(
		db,
		"UPDATE queue_counters SET is_open = ?, officer_id = ?, opened_at = ? WHERE id = ?",
		DB_ARGS(DB_I(officer_id ? 1 : 0), opt_id(officer_id),
			officer_id ? DB_I(now) : DB_NULL, DB_I(counter_id)),
		&changes);
	if (rc == DB_OK && changes == 0)
		return DB_NOT_FOUND;
	return rc;
}

int repo_queue_counter_leave_others(struct db *db, int64_t officer_id, int64_t keep_id)
{
	return db_exec(db,
		       "UPDATE queue_counters SET is_open = 0, officer_id = NULL, opened_at = NULL "
		       "WHERE officer_id = ? AND id <> ?",
		       DB_ARGS(DB_I(officer_id), DB_I(keep_id)), NULL);
}

/* ---- tickets ---- */

#define TICKET_COLS                                                                                \
	"t.id, t.unit_id, t.service_id, t.origin_service_id, t.day, t.number, t.state, "           \
	"t.priority_reason, t.follow_token, t.priority, t.issued_at, t.queued_at, "                \
	"COALESCE(t.called_at, 0), COALESCE(t.last_called_at, 0), COALESCE(t.started_at, 0), "     \
	"COALESCE(t.finished_at, 0), t.handling_ms, COALESCE(t.counter_id, 0), "                   \
	"COALESCE(t.officer_id, 0), t.calls, t.skips, t.transfers, s.prefix, s.name_vi, "          \
	"s.name_en, COALESCE(c.number, 0), COALESCE(u.full_name, '')"
#define TICKET_FROM                                                                                \
	" FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id LEFT JOIN "            \
	"queue_counters c ON c.id = t.counter_id LEFT JOIN users u ON u.id = t.officer_id"

static void fill_ticket(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct queue_ticket *t = elem;
	memset(t, 0, sizeof *t);
	t->id = db_res_int(r, i, 0);
	t->unit_id = db_res_int(r, i, 1);
	t->service_id = db_res_int(r, i, 2);
	t->origin_service_id = db_res_int(r, i, 3);
	t->day = repo_text(a, r, i, 4);
	t->number = repo_text(a, r, i, 5);
	t->state = repo_text(a, r, i, 6);
	t->priority_reason = repo_text(a, r, i, 7);
	t->follow_token = repo_text(a, r, i, 8);
	t->priority = db_res_int(r, i, 9) != 0;
	t->issued_at = db_res_int(r, i, 10);
	t->queued_at = db_res_int(r, i, 11);
	t->called_at = db_res_int(r, i, 12);
	t->last_called_at = db_res_int(r, i, 13);
	t->started_at = db_res_int(r, i, 14);
	t->finished_at = db_res_int(r, i, 15);
	t->handling_ms = db_res_int(r, i, 16);
	t->counter_id = db_res_int(r, i, 17);
	t->officer_id = db_res_int(r, i, 18);
	t->calls = db_res_int(r, i, 19);
	t->skips = db_res_int(r, i, 20);
	t->transfers = db_res_int(r, i, 21);
	t->service_prefix = repo_text(a, r, i, 22);
	t->service_name_vi = repo_text(a, r, i, 23);
	t->service_name_en = repo_text(a, r, i, 24);
	t->counter_number = (int)db_res_int(r, i, 25);
	t->officer_name = repo_text(a, r, i, 26);
}

int repo_queue_next_seq(struct db *db, int64_t service_id, const char *day, int64_t *seq)
{
	struct db_res *r;
	int rc = db_query(
		db,
		"INSERT INTO queue_day_numbers (service_id, day, last) VALUES (?, ?, 1) "
		"ON CONFLICT (service_id, day) DO UPDATE SET last = queue_day_numbers.last + 1 "
		"RETURNING last",
		DB_ARGS(DB_I(service_id), DB_T(day)), &r);
	if (rc == DB_OK)
		*seq = db_res_int(r, 0, 0);
	db_res_free(r);
	return rc;
}

int repo_queue_ticket_insert(struct db *db, const struct queue_ticket *t, int64_t *id)
{
	return repo_insert(
		db,
		"INSERT INTO queue_tickets (unit_id, service_id, origin_service_id, day, seq, "
		"number, priority, priority_reason, state, follow_token, issued_at, queued_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?) RETURNING id",
		DB_ARGS(DB_I(t->unit_id), DB_I(t->service_id), DB_I(t->service_id), DB_T(t->day),
			DB_I(t->seq), DB_T(t->number), DB_I(t->priority ? 1 : 0),
			DB_T(t->priority_reason ? t->priority_reason : ""), DB_T(t->follow_token),
			DB_I(t->issued_at), DB_I(t->queued_at)),
		id);
}

static int one_ticket(struct db *db, struct arena *a, const char *where, struct db_arg arg,
		      struct queue_ticket *out)
{
	/* Grown, not a fixed char[1400]: a longer condition or column list
	 * would have run a query cut short. */
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "SELECT " TICKET_COLS TICKET_FROM " WHERE %s", where);
	int rc = repo_row_get(db, a, buf_str(&sql), &arg, 1, fill_ticket, NULL, sizeof *out, out);
	buf_release(&sql);
	return rc;
}

int repo_queue_ticket_get(struct db *db, struct arena *a, int64_t id, struct queue_ticket *out)
{
	return one_ticket(db, a, "t.id = ?", DB_I(id), out);
}

int repo_queue_ticket_by_token(struct db *db, struct arena *a, const char *token,
			       struct queue_ticket *out)
{
	return one_ticket(db, a, "t.follow_token = ?", DB_T(token), out);
}

int repo_queue_ticket_at_counter(struct db *db, struct arena *a, int64_t counter_id,
				 struct queue_ticket *out)
{
	return one_ticket(db, a, "t.counter_id = ? AND t.state IN ('called', 'serving')",
			  DB_I(counter_id), out);
}

int repo_queue_ticket_of_officer(struct db *db, struct arena *a, int64_t officer_id,
				 struct queue_ticket *out)
{
	return one_ticket(db, a,
			  "t.officer_id = ? AND t.state IN ('called', 'serving') ORDER BY "
			  "t.state DESC, t.last_called_at DESC LIMIT 1",
			  DB_I(officer_id), out);
}

int repo_queue_call_next(struct db *db, int64_t counter_id, int64_t officer_id, const char *day,
			 int64_t now, int64_t *id)
{
	struct db_res *r;
	int rc = db_query(
		db,
		"UPDATE queue_tickets SET state = 'called', counter_id = ?, officer_id = ?, "
		"called_at = COALESCE(called_at, ?), last_called_at = ?, calls = calls + 1 "
		"WHERE id = (SELECT t.id FROM queue_tickets t JOIN queue_counter_services cs ON "
		"cs.service_id = t.service_id JOIN queue_services s ON s.id = t.service_id "
		"WHERE cs.counter_id = ? AND t.day = ? AND t.state = 'waiting' AND s.active = 1 "
		"ORDER BY t.priority DESC, t.queued_at, t.id LIMIT 1) AND state = 'waiting' "
		"RETURNING id",
		DB_ARGS(DB_I(counter_id), DB_I(officer_id), DB_I(now), DB_I(now), DB_I(counter_id),
			DB_T(day)),
		&r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0)
		rc = DB_NOT_FOUND;
	else
		*id = db_res_int(r, 0, 0);
	db_res_free(r);
	return rc;
}

int repo_queue_ticket_update(struct db *db, const struct queue_ticket *t, const char *old_state)
{
	int64_t changes;
	int rc = db_exec(
		db,
		"UPDATE queue_tickets SET state = ?, service_id = ?, priority = ?, "
		"priority_reason = ?, queued_at = ?, called_at = ?, last_called_at = ?, "
		"started_at = ?, finished_at = ?, handling_ms = ?, counter_id = ?, "
		"officer_id = ?, calls = ?, skips = ?, transfers = ? WHERE id = ? AND state = ?",
		DB_ARGS(DB_T(t->state), DB_I(t->service_id), DB_I(t->priority ? 1 : 0),
			DB_T(t->priority_reason ? t->priority_reason : ""), DB_I(t->queued_at),
			t->called_at ? DB_I(t->called_at) : DB_NULL,
			t->last_called_at ? DB_I(t->last_called_at) : DB_NULL,
			t->started_at ? DB_I(t->started_at) : DB_NULL,
			t->finished_at ? DB_I(t->finished_at) : DB_NULL, DB_I(t->handling_ms),
			opt_id(t->counter_id), opt_id(t->officer_id), DB_I(t->calls),
			DB_I(t->skips), DB_I(t->transfers), DB_I(t->id), DB_T(old_state)),
		&changes);
	if (rc == DB_OK && changes == 0)
		return DB_NOT_FOUND;
	return rc;
}

int repo_queue_event_insert(struct db *db, int64_t ticket_id, const char *action,
			    int64_t service_id, int64_t counter_id, int64_t officer_id,
			    const char *note, int64_t now)
{
	return db_exec(
		db,
		"INSERT INTO queue_ticket_events (ticket_id, at, action, service_id, counter_id, "
		"officer_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_I(ticket_id), DB_I(now), DB_T(action), opt_id(service_id),
			opt_id(counter_id), opt_id(officer_id), DB_T(note ? note : "")),
		NULL);
}

int repo_queue_was_called(struct db *db, const char *number, int counter_number, bool *called)
{
	int64_t v;
	return db_query_int(
		db,
		"SELECT 1 FROM queue_ticket_events e JOIN queue_tickets t ON t.id = e.ticket_id "
		"JOIN queue_counters c ON c.id = e.counter_id WHERE t.number = ? AND c.number = ? "
		"AND e.action IN ('call', 'recall') LIMIT 1",
		DB_ARGS(DB_T(number), DB_I(counter_number)), &v, called);
}

static void read_queue_waiting(struct arena *a, const struct db_res *r, size_t i, void *elem,
			       void *ctx)
{
	struct queue_entry *e = elem;
	e->id = db_res_int(r, i, 0);
	e->service_id = db_res_int(r, i, 1);
	e->priority = db_res_int(r, i, 2) != 0;
	e->queued_at = db_res_int(r, i, 3);
}

int repo_queue_waiting(struct db *db, struct arena *a, int64_t unit_id, const char *day,
		       struct queue_entry **out, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT id, service_id, priority, queued_at FROM queue_tickets WHERE unit_id = ? "
		"AND day = ? AND state = 'waiting'",
		DB_ARGS(DB_I(unit_id), DB_T(day)), read_queue_waiting, NULL, out, n);
}

int repo_queue_recent_calls(struct db *db, struct arena *a, int64_t unit_id, const char *day,
			    int64_t limit, struct queue_ticket **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT " TICKET_COLS TICKET_FROM " WHERE t.unit_id = ? AND t.day = ? AND "
			 "t.last_called_at IS NOT NULL AND t.counter_id IS NOT NULL ORDER BY "
			 "t.last_called_at DESC, t.id DESC LIMIT ?",
			 DB_ARGS(DB_I(unit_id), DB_T(day), DB_I(limit)), fill_ticket, NULL, out, n);
}

static void read_queue_live(struct arena *a, const struct db_res *r, size_t i, void *elem,
			    void *ctx)
{
	struct queue_live_row *l = elem;
	l->service_id = db_res_int(r, i, 0);
	l->waiting = db_res_int(r, i, 1);
	l->called_today = db_res_int(r, i, 2);
	l->wait_sum_ms = db_res_int(r, i, 3);
	l->wait_max_ms = db_res_int(r, i, 4);
	l->oldest_waiting_at = db_res_int(r, i, 5);
}

int repo_queue_live(struct db *db, struct arena *a, int64_t unit_id, const char *day,
		    struct queue_live_row **out, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT s.id, "
		"(SELECT COUNT(*) FROM queue_tickets t WHERE t.service_id = s.id AND t.day = ? AND "
		"t.state = 'waiting'), "
		"(SELECT COUNT(*) FROM queue_tickets t WHERE t.service_id = s.id AND t.day = ? AND "
		"t.called_at IS NOT NULL), "
		"(SELECT COALESCE(SUM(t.called_at - t.issued_at), 0) FROM queue_tickets t WHERE "
		"t.service_id = s.id AND t.day = ? AND t.called_at IS NOT NULL), "
		"(SELECT COALESCE(MAX(t.called_at - t.issued_at), 0) FROM queue_tickets t WHERE "
		"t.service_id = s.id AND t.day = ? AND t.called_at IS NOT NULL), "
		"(SELECT COALESCE(MIN(t.issued_at), 0) FROM queue_tickets t WHERE t.service_id = "
		"s.id "
		"AND t.day = ? AND t.state = 'waiting') "
		"FROM queue_services s WHERE s.unit_id = ? ORDER BY s.prefix",
		DB_ARGS(DB_T(day), DB_T(day), DB_T(day), DB_T(day), DB_T(day), DB_I(unit_id)),
		read_queue_live, NULL, out, n);
}

/* ---- dossiers of a visit ---- */

int repo_queue_link_dossier(struct db *db, int64_t ticket_id, int64_t dossier_id,
			    int64_t counter_id, int64_t officer_id, int64_t now)
{
	return db_exec(
		db,
		"INSERT INTO ticket_dossiers (ticket_id, dossier_id, counter_id, officer_id, "
		"linked_at) VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_I(ticket_id), DB_I(dossier_id), opt_id(counter_id), opt_id(officer_id),
			DB_I(now)),
		NULL);
}

int repo_queue_ticket_dossiers(struct db *db, struct arena *a, int64_t ticket_id, int64_t **ids,
			       const char ***codes, size_t *n)
{
	struct db_res *r;
	int rc = db_query(
		db,
		"SELECT td.dossier_id, d.code FROM ticket_dossiers td JOIN dossiers d ON d.id = "
		"td.dossier_id WHERE td.ticket_id = ? ORDER BY td.linked_at, td.dossier_id",
		DB_ARGS(DB_I(ticket_id)), &r);
	if (rc < 0)
		return rc;
	*n = db_res_rows(r);
	*ids = arena_zalloc(a, (*n + 1) * sizeof **ids);
	*codes = arena_zalloc(a, (*n + 1) * sizeof **codes);
	for (size_t i = 0; i < *n; i++) {
		(*ids)[i] = db_res_int(r, i, 0);
		(*codes)[i] = repo_text(a, r, i, 1);
	}
	db_res_free(r);
	return DB_OK;
}

int repo_queue_dossier_ticket(struct db *db, int64_t dossier_id, int64_t *ticket_id)
{
	bool found;
	int rc = db_query_int(db, "SELECT ticket_id FROM ticket_dossiers WHERE dossier_id = ?",
			      DB_ARGS(DB_I(dossier_id)), ticket_id, &found);
	if (rc == DB_OK && !found)
		return DB_NOT_FOUND;
	return rc;
}

static int id_list(struct db *db, struct arena *a, const char *sql, int64_t arg, int64_t **ids,
		   size_t *n)
{
	return repo_rows(db, a, sql, DB_ARGS(DB_I(arg)), repo_row_id, NULL, ids, n);
}

int repo_queue_ticket_officers(struct db *db, struct arena *a, int64_t ticket_id, int64_t **ids,
			       size_t *n)
{
	return id_list(
		db, a,
		"SELECT DISTINCT officer_id FROM queue_ticket_events WHERE ticket_id = ? AND "
		"officer_id IS NOT NULL ORDER BY officer_id",
		ticket_id, ids, n);
}

int repo_queue_secret(struct db *db, struct arena *a, const char *name, const char *value,
		      const char **out)
{
	/* Read first: the row exists after the first use, and an insert on
	 * every call would be a write that serializable transactions race on. */
	for (int pass = 0; pass < 2; pass++) {
		struct db_res *r;
		int rc = db_query(db, "SELECT value FROM queue_secrets WHERE name = ?",
				  DB_ARGS(DB_T(name)), &r);
		if (rc < 0)
			return rc;
		if (db_res_rows(r) > 0) {
			*out = repo_text(a, r, 0, 0);
			db_res_free(r);
			return DB_OK;
		}
		db_res_free(r);
		if (pass == 0) {
			rc = db_exec(db,
				     "INSERT INTO queue_secrets (name, value) VALUES (?, ?) ON "
				     "CONFLICT (name) "
				     "DO NOTHING",
				     DB_ARGS(DB_T(name), DB_T(value)), NULL);
			if (rc < 0)
				return rc;
		}
	}
	return DB_NOT_FOUND;
}

int repo_queue_waiting_count(struct db *db, const char *day, int64_t *n)
{
	bool found;
	return db_query_int(
		db, "SELECT count(*) FROM queue_tickets WHERE day = ? AND state = 'waiting'",
		DB_ARGS(DB_T(day)), n, &found);
}
