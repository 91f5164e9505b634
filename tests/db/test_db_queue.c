/* The desk queue on a real database, one source run against SQLite and
 * PostgreSQL (MOTCUA_TEST_DB): numbering per service and day, call order,
 * skip/recall/transfer, measures from a test clock, opening hours from the
 * unit's calendar, bad input that changes nothing, counters racing for
 * tickets from several connections, dossiers linked to a visit, ratings
 * tied to dossier, officers and unit, and the report. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "core/roles.h"
#include "db/db.h"
#include "repo/repo.h"
#include "svc/svc.h"
#include "db_fixture.h"

/* Monday 10 March 2025, 09:00 in Hà Nội (02:00 UTC). */
#define MON_0900 INT64_C(1741572000000)
#define MINUTE	 INT64_C(60000)

static int setup(void **state)
{
	struct db *db = dbt_open_migrated();
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	clock_set_fixed(0);
	db_close(*state);
	return 0;
}

/* A desk: a unit with code, two services A and B, counter 1 serving both,
 * counter 2 serving B only, officers <code>1 and <code>2. */
struct desk {
	char unit[16];
	int64_t unit_id, svc_a, svc_b, c1, c2, off1, off2;
};

static void make_desk(struct db *db, struct arena *a, const char *code, bool always_open,
		      struct desk *d)
{
	memset(d, 0, sizeof *d);
	snprintf(d->unit, sizeof d->unit, "%s", code);
	char ident[32];
	snprintf(ident, sizeof ident, "000.99.%s", code);
	struct unit u = {0, code, ident, "Đơn vị thử hàng đợi", "Queue test unit", NULL, 0};
	assert_int_equal(repo_unit_insert(db, &u, 1000, &d->unit_id), DB_OK);
	char name[32];
	snprintf(name, sizeof name, "%s1", code);
	for (char *p = name; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	assert_int_equal(svc_user_create(db, name, "Cán bộ Một", code, ROLE_RECEIVER, "secret-pass",
					 &d->off1)
				 .code,
			 ERR_NONE);
	name[strlen(name) - 1] = '2';
	assert_int_equal(svc_user_create(db, name, "Cán bộ Hai", code, ROLE_RECEIVER, "secret-pass",
					 &d->off2)
				 .code,
			 ERR_NONE);
	assert_int_equal(svc_queue_desk_set(db, code, always_open).code, ERR_NONE);
	struct queue_service in = {.prefix = "A", .name_vi = "Đầu tư", .name_en = "Investment"},
			     out;
	assert_int_equal(svc_queue_service_create(db, a, code, &in, &out).code, ERR_NONE);
	d->svc_a = out.id;
	in.prefix = "B";
	in.name_vi = "Lao động";
	assert_int_equal(svc_queue_service_create(db, a, code, &in, &out).code, ERR_NONE);
	d->svc_b = out.id;
	int64_t both[] = {d->svc_a, d->svc_b}, only_b[] = {d->svc_b};
	struct svc_queue_counter_in c = {
		.number = 1, .name = "Quầy 1", .active = true, .services = both, .nservices = 2};
	struct queue_counter qc;
	assert_int_equal(svc_queue_counter_save(db, a, code, &c, &qc).code, ERR_NONE);
	d->c1 = qc.id;
	c.number = 2;
	c.services = only_b;
	c.nservices = 1;
	assert_int_equal(svc_queue_counter_save(db, a, code, &c, &qc).code, ERR_NONE);
	d->c2 = qc.id;
}

static int64_t issue(struct db *db, struct arena *a, const struct desk *d, int64_t service,
		     const char *priority, const char *want_number)
{
	struct svc_queue_ticket t;
	struct svc_result r = svc_queue_issue(db, a, d->unit, service, priority, &t);
	if (r.code != ERR_NONE)
		fail_msg("issue: %s %s", err_lookup(r.code)->name, r.detail ? r.detail : "");
	if (want_number)
		assert_string_equal(t.t.number, want_number);
	return t.t.id;
}

static int64_t call(struct db *db, struct arena *a, int64_t counter, int64_t officer)
{
	struct svc_queue_ticket t;
	bool found;
	struct svc_result r = svc_queue_call_next(db, a, counter, officer, &found, &t);
	if (r.code != ERR_NONE)
		fail_msg("call: %s %s", err_lookup(r.code)->name, r.detail ? r.detail : "");
	return found ? t.t.id : 0;
}

static enum err_code act(struct db *db, struct arena *a, int64_t ticket, int64_t officer,
			 enum ticket_action action, int64_t to)
{
	struct svc_queue_ticket t;
	return svc_queue_act(db, a, ticket, officer, action, to, "elderly", &t).code;
}

static void open_counter(struct db *db, struct arena *a, int64_t counter, int64_t officer)
{
	struct queue_counter q;
	struct svc_result r = svc_queue_counter_open(db, a, counter, officer, true, &q);
	if (r.code != ERR_NONE)
		fail_msg("open counter: %s", err_lookup(r.code)->name);
	assert_true(q.is_open);
	assert_int_equal(q.officer_id, officer);
}

static void test_numbers_restart_daily(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct desk d;
	clock_set_fixed(MON_0900);
	make_desk(db, &a, "QNUM", true, &d);
	issue(db, &a, &d, d.svc_a, NULL, "A-001");
	issue(db, &a, &d, d.svc_a, NULL, "A-002");
	issue(db, &a, &d, d.svc_b, NULL, "B-001");
	issue(db, &a, &d, d.svc_a, "pregnant", "A-003");
	/* Local midnight passes at 17:00 UTC: the next local day starts again. */
	clock_set_fixed(MON_0900 + 15 * 3600000LL);
	issue(db, &a, &d, d.svc_a, NULL, "A-001");
	issue(db, &a, &d, d.svc_b, NULL, "B-001");
	/* The people ahead: the waiting tickets called before it. */
	struct svc_queue_ticket t;
	assert_int_equal(svc_queue_issue(db, &a, d.unit, d.svc_a, NULL, &t).code, ERR_NONE);
	assert_string_equal(t.t.number, "A-002");
	assert_int_equal(t.ahead, 1);
	assert_int_equal(svc_queue_issue(db, &a, d.unit, d.svc_a, "elderly", &t).code, ERR_NONE);
	assert_int_equal(t.ahead, 0); /* priority goes first */
	/* The follow token finds the ticket again. */
	struct svc_queue_ticket f;
	assert_int_equal(svc_queue_follow(db, &a, t.t.follow_token, &f).code, ERR_NONE);
	assert_int_equal(f.t.id, t.t.id);
	assert_int_equal(svc_queue_follow(db, &a, "nope", &f).code, ERR_QUEUE_TICKET_NOT_FOUND);
	/* Bad input changes nothing. */
	assert_int_equal(svc_queue_issue(db, &a, d.unit, 999999, NULL, &t).code,
			 ERR_QUEUE_SERVICE_NOT_FOUND);
	assert_int_equal(svc_queue_issue(db, &a, d.unit, d.svc_a, "vip", &t).code,
			 ERR_FIELD_INVALID);
	assert_int_equal(svc_queue_issue(db, &a, "NOPE", d.svc_a, NULL, &t).code,
			 ERR_UNIT_NOT_FOUND);
	assert_int_equal(svc_queue_issue(db, &a, d.unit, d.svc_a, NULL, &t).code, ERR_NONE);
	assert_string_equal(t.t.number, "A-004");
	/* Set-up errors. */
	struct queue_service in = {.prefix = "A", .name_vi = "Trùng"}, out;
	assert_int_equal(svc_queue_service_create(db, &a, d.unit, &in, &out).code,
			 ERR_QUEUE_PREFIX_TAKEN);
	in.prefix = "a";
	assert_int_equal(svc_queue_service_create(db, &a, d.unit, &in, &out).code,
			 ERR_FIELD_INVALID);
	struct svc_queue_counter_in c = {.number = 1, .active = true};
	struct queue_counter qc;
	assert_int_equal(svc_queue_counter_save(db, &a, d.unit, &c, &qc).code,
			 ERR_QUEUE_COUNTER_NUMBER_TAKEN);
	int64_t bad[] = {424242};
	c.number = 3;
	c.services = bad;
	c.nservices = 1;
	struct svc_result r = svc_queue_counter_save(db, &a, d.unit, &c, &qc);
	assert_int_equal(r.code, ERR_QUEUE_SERVICE_NOT_FOUND);
	assert_string_equal(r.field, "services[0]");
	arena_release(&a);
}

static void test_calling_order_and_measures(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct desk d;
	int64_t t0 = MON_0900;
	clock_set_fixed(t0);
	make_desk(db, &a, "QORD", true, &d);
	int64_t a1 = issue(db, &a, &d, d.svc_a, NULL, "A-001");
	clock_set_fixed(t0 + 1 * MINUTE);
	int64_t b1 = issue(db, &a, &d, d.svc_b, NULL, "B-001");
	clock_set_fixed(t0 + 2 * MINUTE);
	int64_t a2 = issue(db, &a, &d, d.svc_a, NULL, "A-002");
	clock_set_fixed(t0 + 3 * MINUTE);
	int64_t p = issue(db, &a, &d, d.svc_b, "disabled", "B-002");

	/* Calling at a closed counter is refused. */
	struct svc_queue_ticket t;
	bool found;
	assert_int_equal(svc_queue_call_next(db, &a, d.c1, d.off1, &found, &t).code,
			 ERR_QUEUE_COUNTER_CLOSED);
	open_counter(db, &a, d.c1, d.off1);
	open_counter(db, &a, d.c2, d.off2);
	/* Another officer cannot call at counter 1. */
	assert_int_equal(svc_queue_call_next(db, &a, d.c1, d.off2, &found, &t).code,
			 ERR_QUEUE_NOT_YOUR_COUNTER);

	/* Priority first, then FIFO across the counter's services. */
	clock_set_fixed(t0 + 10 * MINUTE);
	assert_int_equal(call(db, &a, d.c1, d.off1), p);
	/* The counter is busy until the ticket is dealt with. */
	assert_int_equal(svc_queue_call_next(db, &a, d.c1, d.off1, &found, &t).code,
			 ERR_QUEUE_COUNTER_BUSY);
	/* Finishing a ticket not started is refused, and changes nothing. */
	assert_int_equal(act(db, &a, p, d.off1, TICKET_FINISH, 0), ERR_QUEUE_TICKET_STATE);
	assert_int_equal(svc_queue_ticket(db, &a, p, &t).code, ERR_NONE);
	assert_string_equal(t.t.state, "called");
	/* Recall, then start and finish: handling = finished - started. */
	clock_set_fixed(t0 + 11 * MINUTE);
	assert_int_equal(act(db, &a, p, d.off1, TICKET_RECALL, 0), ERR_NONE);
	clock_set_fixed(t0 + 12 * MINUTE);
	assert_int_equal(act(db, &a, p, d.off1, TICKET_START, 0), ERR_NONE);
	clock_set_fixed(t0 + 20 * MINUTE);
	assert_int_equal(act(db, &a, p, d.off1, TICKET_FINISH, 0), ERR_NONE);
	assert_int_equal(svc_queue_ticket(db, &a, p, &t).code, ERR_NONE);
	assert_string_equal(t.t.state, "finished");
	assert_int_equal(t.t.calls, 2);
	assert_int_equal(t.t.called_at - t.t.issued_at, 7 * MINUTE); /* waiting */
	assert_int_equal(t.t.handling_ms, 8 * MINUTE);

	/* Counter 2 serves B only: B-001, though A-001 waited longer. */
	assert_int_equal(call(db, &a, d.c2, d.off2), b1);
	/* Counter 1: A-001. Skip it: it returns to the end of the queue once. */
	assert_int_equal(call(db, &a, d.c1, d.off1), a1);
	clock_set_fixed(t0 + 21 * MINUTE);
	int64_t a3 = issue(db, &a, &d, d.svc_a, NULL, "A-003");
	clock_set_fixed(t0 + 22 * MINUTE);
	assert_int_equal(act(db, &a, a1, d.off1, TICKET_SKIP, 0), ERR_NONE);
	assert_int_equal(call(db, &a, d.c1, d.off1), a2);
	/* Transfer A-002 to B: it waits there by its issue time, before B
	 * tickets issued later, and counter 1 is free again. */
	assert_int_equal(act(db, &a, a2, d.off1, TICKET_TRANSFER, d.svc_a), ERR_QUEUE_SAME_SERVICE);
	assert_int_equal(act(db, &a, a2, d.off1, TICKET_TRANSFER, 999999),
			 ERR_QUEUE_SERVICE_NOT_FOUND);
	assert_int_equal(svc_queue_ticket(db, &a, a2, &t).code, ERR_NONE);
	assert_string_equal(t.t.state, "called"); /* nothing changed */
	assert_int_equal(act(db, &a, a2, d.off1, TICKET_TRANSFER, d.svc_b), ERR_NONE);
	assert_int_equal(svc_queue_ticket(db, &a, a2, &t).code, ERR_NONE);
	assert_string_equal(t.t.state, "waiting");
	assert_int_equal(t.t.service_id, d.svc_b);
	assert_string_equal(t.t.number, "A-002"); /* the visitor keeps the number */
	assert_int_equal(act(db, &a, b1, d.off2, TICKET_START, 0), ERR_NONE);
	assert_int_equal(act(db, &a, b1, d.off2, TICKET_FINISH, 0), ERR_NONE);
	int64_t b3 = issue(db, &a, &d, d.svc_b, NULL, "B-003");
	assert_int_equal(call(db, &a, d.c2, d.off2), a2);
	/* Counter 1 again: A-003 (issued before A-001 went back), then A-001. */
	assert_int_equal(call(db, &a, d.c1, d.off1), a3);
	assert_int_equal(act(db, &a, a3, d.off1, TICKET_START, 0), ERR_NONE);
	assert_int_equal(act(db, &a, a3, d.off1, TICKET_FINISH, 0), ERR_NONE);
	assert_int_equal(call(db, &a, d.c1, d.off1), a1);
	/* A second skip: no-show, out of the queue. */
	assert_int_equal(act(db, &a, a1, d.off1, TICKET_SKIP, 0), ERR_NONE);
	assert_int_equal(svc_queue_ticket(db, &a, a1, &t).code, ERR_NONE);
	assert_string_equal(t.t.state, "no_show");
	assert_int_equal(call(db, &a, d.c1, d.off1), b3);
	/* An officer cannot act on another counter's ticket. */
	assert_int_equal(act(db, &a, b3, d.off2, TICKET_START, 0), ERR_QUEUE_NOT_YOUR_COUNTER);
	/* Closing a counter with a ticket is refused. */
	struct queue_counter q;
	assert_int_equal(svc_queue_counter_open(db, &a, d.c1, d.off1, false, &q).code,
			 ERR_QUEUE_COUNTER_BUSY);
	assert_int_equal(act(db, &a, b3, d.off1, TICKET_START, 0), ERR_NONE);
	assert_int_equal(act(db, &a, b3, d.off1, TICKET_FINISH, 0), ERR_NONE);
	assert_int_equal(call(db, &a, d.c1, d.off1), 0); /* nobody waits */
	assert_int_equal(svc_queue_counter_open(db, &a, d.c1, d.off1, false, &q).code, ERR_NONE);
	assert_false(q.is_open);

	/* The display shows the last calls, newest first. */
	struct svc_queue_display disp;
	assert_int_equal(svc_queue_display(db, &a, d.unit, &disp).code, ERR_NONE);
	assert_true(disp.ncalls >= 3);
	assert_int_equal(disp.ncounters, 2);
	assert_int_equal(disp.at_counter[1].id, a2); /* still called at counter 2 */

	/* Live figures per service today. */
	struct svc_queue_desk desk;
	assert_int_equal(svc_queue_desk(db, &a, d.unit, &desk).code, ERR_NONE);
	assert_true(desk.open);
	assert_int_equal(desk.nservices, 2);
	/* were called in A (A-002 now counts in B). */
	assert_int_equal(desk.live[0].called_today, 2);
	assert_int_equal(desk.live[0].wait_max_ms, 20 * MINUTE); /* */
	assert_int_equal(desk.live[0].wait_sum_ms, 21 * MINUTE); /* + A-003's minute */
	arena_release(&a);
}

static void test_opening_hours(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct desk d;
	clock_set_fixed(MON_0900);
	make_desk(db, &a, "QHRS", false, &d);
	struct svc_queue_ticket t;
	/* Monday 09:00: open. */
	assert_int_equal(svc_queue_issue(db, &a, d.unit, d.svc_a, NULL, &t).code, ERR_NONE);
	/* Monday 12:00 (lunch), 18:00, and Sunday: closed. */
	static const int64_t closed[] = {MON_0900 + 3 * 3600000LL, MON_0900 + 9 * 3600000LL,
					 MON_0900 - 86400000LL};
	for (size_t i = 0; i < N_ELEMENTS(closed); i++) {
		clock_set_fixed(closed[i]);
		assert_int_equal(svc_queue_issue(db, &a, d.unit, d.svc_a, NULL, &t).code,
				 ERR_QUEUE_DESK_CLOSED);
		struct queue_counter q;
		assert_int_equal(svc_queue_counter_open(db, &a, d.c1, d.off1, true, &q).code,
				 ERR_QUEUE_DESK_CLOSED);
		struct svc_queue_desk desk;
		assert_int_equal(svc_queue_desk(db, &a, d.unit, &desk).code, ERR_NONE);
		assert_false(desk.open);
	}
	/* 30 April is a holiday even on a weekday (Wednesday 2025-04-30, 09:00). */
	clock_set_fixed(INT64_C(1745978400000));
	assert_int_equal(svc_queue_issue(db, &a, d.unit, d.svc_a, NULL, &t).code,
			 ERR_QUEUE_DESK_CLOSED);
	/* The administrator's override opens the desk. */
	assert_int_equal(svc_queue_desk_set(db, d.unit, true).code, ERR_NONE);
	assert_int_equal(svc_queue_issue(db, &a, d.unit, d.svc_a, NULL, &t).code, ERR_NONE);
	arena_release(&a);
}

/* ---- counters racing for tickets ---- */

#define RACERS	     8
#define RACE_TICKETS 160

struct racer {
	const struct desk *d;
	int64_t counter, officer;
	int64_t got[RACE_TICKETS];
	size_t n;
	int errors;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct db *db = dbt_open();
	struct arena a;
	arena_init(&a);
	for (;;) {
		struct svc_queue_ticket t;
		bool found;
		struct svc_result res =
			svc_queue_call_next(db, &a, r->counter, r->officer, &found, &t);
		if (res.code != ERR_NONE) {
			r->errors++;
			break;
		}
		if (!found)
			break;
		r->got[r->n++] = t.t.id;
		if (svc_queue_act(db, &a, t.t.id, r->officer, TICKET_START, 0, NULL, &t).code !=
			    ERR_NONE ||
		    svc_queue_act(db, &a, t.t.id, r->officer, TICKET_FINISH, 0, NULL, &t).code !=
			    ERR_NONE)
			r->errors++;
		if (r->n == RACE_TICKETS)
			break;
	}
	arena_release(&a);
	db_close(db);
	return NULL;
}

static void test_counters_race(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct desk d;
	clock_set_fixed(MON_0900);
	make_desk(db, &a, "QRACE", true, &d);
	static struct racer r[RACERS];
	int64_t svcs[] = {d.svc_a, d.svc_b};
	for (int i = 0; i < RACERS; i++) {
		memset(&r[i], 0, sizeof r[i]);
		r[i].d = &d;
		char name[32];
		snprintf(name, sizeof name, "racer%d", i);
		assert_int_equal(svc_user_create(db, name, "Cán bộ", d.unit, ROLE_RECEIVER,
						 "secret-pass", &r[i].officer)
					 .code,
				 ERR_NONE);
		struct svc_queue_counter_in c = {
			.number = 10 + i, .active = true, .services = svcs, .nservices = 2};
		struct queue_counter q;
		assert_int_equal(svc_queue_counter_save(db, &a, d.unit, &c, &q).code, ERR_NONE);
		r[i].counter = q.id;
		open_counter(db, &a, q.id, r[i].officer);
	}
	for (int i = 0; i < RACE_TICKETS; i++)
		issue(db, &a, &d, i % 3 ? d.svc_a : d.svc_b, i % 17 ? NULL : "elderly", NULL);
	pthread_t th[RACERS];
	for (int i = 0; i < RACERS; i++)
		pthread_create(&th[i], NULL, race, &r[i]);
	for (int i = 0; i < RACERS; i++)
		pthread_join(th[i], NULL);
	/* Every ticket called exactly once, by exactly one counter. */
	static int64_t all[RACE_TICKETS * RACERS];
	size_t total = 0;
	int errors = 0;
	for (int i = 0; i < RACERS; i++) {
		errors += r[i].errors;
		for (size_t k = 0; k < r[i].n; k++)
			all[total++] = r[i].got[k];
	}
	assert_int_equal(errors, 0);
	assert_int_equal(total, RACE_TICKETS);
	for (size_t i = 0; i < total; i++)
		for (size_t k = i + 1; k < total; k++)
			if (all[i] == all[k])
				fail_msg("ticket %lld called twice", (long long)all[i]);
	int64_t calls;
	bool found;
	assert_int_equal(
		db_query_int(db,
			     "SELECT COUNT(*) FROM queue_ticket_events e JOIN queue_tickets t ON "
			     "t.id = e.ticket_id WHERE t.unit_id = ? AND e.action = 'call'",
			     DB_ARGS(DB_I(d.unit_id)), &calls, &found),
		DB_OK);
	assert_int_equal(calls, RACE_TICKETS);
	arena_release(&a);
}

/* ---- dossiers, ratings, report ---- */

/* A dossier row as the lifecycle would store it (the columns this suite
 * needs), in state `state`. */
static int64_t make_dossier(struct db *db, const struct desk *d, const char *code,
			    const char *state)
{
	int64_t pid, vid;
	bool found;
	int rc = db_query_int(db, "SELECT id FROM procedures WHERE code = 'QTEST'", DB_NOARGS, &pid,
			      &found);
	assert_int_equal(rc, DB_OK);
	if (!found) {
		assert_int_equal(
			db_exec(db, "INSERT INTO procedures (code, created_at) VALUES ('QTEST', 1)",
				DB_NOARGS, NULL),
			DB_OK);
		assert_int_equal(db_query_int(db, "SELECT id FROM procedures WHERE code = 'QTEST'",
					      DB_NOARGS, &pid, &found),
				 DB_OK);
		assert_int_equal(
			db_exec(db,
				"INSERT INTO procedure_versions (procedure_id, version, status, "
				"effective_from, name_vi, name_en, search_key, field_vi, field_en, "
				"unit_id, "
				"online_level, limit_value, limit_unit, created_at) VALUES (?, 1, "
				"'published', 0, 'Thủ tục thử', 'Test', 'thu tuc thu', 'Thử', "
				"'Test', ?, "
				"'none', 5, 'working_days', 1)",
				DB_ARGS(DB_I(pid), DB_I(d->unit_id)), NULL),
			DB_OK);
	}
	assert_int_equal(db_query_int(db,
				      "SELECT id FROM procedure_versions WHERE procedure_id = ?",
				      DB_ARGS(DB_I(pid)), &vid, &found),
			 DB_OK);
	struct db_res *r;
	assert_int_equal(
		db_query(db,
			 "INSERT INTO dossiers (code, code_day, code_seq, procedure_version_id, "
			 "procedure_code, channel, state, receiving_unit_id, processing_unit_id, "
			 "submitter_kind, submitter_name, created_at, updated_at) VALUES (?, 1, "
			 "(SELECT COUNT(*) + 1 FROM dossiers), ?, 'QTEST', 'direct', ?, ?, ?, "
			 "'person', 'Nguyễn Văn Thử', 1, 1) RETURNING id",
			 DB_ARGS(DB_T(code), DB_I(vid), DB_T(state), DB_I(d->unit_id),
				 DB_I(d->unit_id)),
			 &r),
		DB_OK);
	int64_t id = db_res_int(r, 0, 0);
	db_res_free(r);
	return id;
}

static enum err_code rate(struct db *db, struct arena *a, const char *kind, int64_t id,
			  const char *token, int level, const char *contacts,
			  struct rating_row *row)
{
	struct svc_rating_in in = {
		.level = level, .comment = "Cán bộ tận tình", .contacts = contacts};
	int64_t *officers;
	size_t n;
	struct rating_row tmp;
	return svc_rating_submit(db, a, kind, id, token, &in, row ? row : &tmp, &officers, &n).code;
}

static void test_dossiers_ratings_report(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct desk d;
	int64_t t0 = MON_0900;
	clock_set_fixed(t0);
	make_desk(db, &a, "QRATE", true, &d);
	int64_t a1 = issue(db, &a, &d, d.svc_a, NULL, "A-001");
	int64_t a2 = issue(db, &a, &d, d.svc_a, NULL, "A-002");
	open_counter(db, &a, d.c1, d.off1);
	clock_set_fixed(t0 + 6 * MINUTE);
	assert_int_equal(call(db, &a, d.c1, d.off1), a1);
	clock_set_fixed(t0 + 7 * MINUTE);
	assert_int_equal(act(db, &a, a1, d.off1, TICKET_START, 0), ERR_NONE);

	/* A dossier received while A-001 is served is linked to it. */
	int64_t dos = make_dossier(db, &d, "QRATE-1", "received");
	bool linked;
	assert_int_equal(svc_queue_link_dossier(db, d.off1, dos, &linked), DB_OK);
	assert_true(linked);
	assert_int_equal(svc_queue_link_dossier(db, d.off1, dos, &linked), DB_OK); /* idempotent */
	/* Officer 2 serves nobody: nothing to link, not an error. */
	int64_t other = make_dossier(db, &d, "QRATE-2", "received");
	assert_int_equal(svc_queue_link_dossier(db, d.off2, other, &linked), DB_OK);
	assert_false(linked);
	struct svc_queue_ticket t;
	assert_int_equal(svc_queue_ticket(db, &a, a1, &t).code, ERR_NONE);
	assert_int_equal(t.ndossiers, 1);
	assert_int_equal(t.dossiers[0], dos);
	assert_string_equal(t.dossier_codes[0], "QRATE-1");

	/* The visit cannot be rated before it is finished. */
	const char *vtoken;
	assert_int_equal(svc_rating_link(db, &a, "visit", a1, "holder", &vtoken).code, ERR_NONE);
	assert_int_equal(strlen(vtoken), 64);
	assert_int_equal(rate(db, &a, "visit", a1, vtoken, SAT_SATISFIED, NULL, NULL),
			 ERR_RATING_NOT_READY);
	clock_set_fixed(t0 + 19 * MINUTE);
	struct svc_queue_ticket fin;
	assert_int_equal(svc_queue_act(db, &a, a1, d.off1, TICKET_FINISH, 0, NULL, &fin).code,
			 ERR_NONE);
	assert_non_null(fin.rating_token);
	/* A link for A-001 does not rate A-002, nor a dossier. */
	assert_int_equal(rate(db, &a, "visit", a2, fin.rating_token, SAT_SATISFIED, NULL, NULL),
			 ERR_RATING_LINK_INVALID);
	assert_int_equal(rate(db, &a, "dossier", a1, fin.rating_token, SAT_SATISFIED, NULL, NULL),
			 ERR_RATING_LINK_INVALID);
	assert_int_equal(rate(db, &a, "visit", a1, "zz", SAT_SATISFIED, NULL, NULL),
			 ERR_RATING_LINK_INVALID);
	/* Indices are asked about dossiers, not visits. */
	assert_int_equal(rate(db, &a, "visit", a1, fin.rating_token, SAT_SATISFIED, "none", NULL),
			 ERR_FIELD_INVALID);
	struct rating_row row;
	assert_int_equal(rate(db, &a, "visit", a1, fin.rating_token, SAT_DISSATISFIED, NULL, &row),
			 ERR_NONE);
	assert_int_equal(row.unit_id, d.unit_id);
	/* The same link twice is refused. */
	assert_int_equal(rate(db, &a, "visit", a1, fin.rating_token, SAT_SATISFIED, NULL, NULL),
			 ERR_RATING_LINK_USED);
	/* A later rating through a new link replaces it; the history stays. */
	assert_int_equal(rate(db, &a, "visit", a1, vtoken, SAT_VERY_SATISFIED, NULL, &row),
			 ERR_NONE);
	struct rating_row *hist;
	size_t nh;
	assert_int_equal(repo_rating_history(db, &a, "visit", a1, &hist, &nh), DB_OK);
	assert_int_equal(nh, 2);
	assert_true(hist[0].is_current);
	assert_int_equal(hist[0].level, SAT_VERY_SATISFIED);
	assert_false(hist[1].is_current);
	assert_int_equal(hist[1].level, SAT_DISSATISFIED);
	/* Tied to the officer who served the visit. */
	int64_t *offs;
	size_t no;
	assert_int_equal(repo_rating_officers(db, &a, hist[0].id, &offs, &no), DB_OK);
	assert_int_equal(no, 1);
	assert_int_equal(offs[0], d.off1);

	/* The dossier: not rated before its result is returned. */
	const char *dtoken, *stale;
	assert_int_equal(svc_rating_link(db, &a, "dossier", dos, "mai@example.vn", &stale).code,
			 ERR_NONE);
	/* Issue 10: a recipient has one link; a new one replaces the unused
	 * old one, and the database keeps only the token's hash. */
	assert_int_equal(svc_rating_link(db, &a, "dossier", dos, "mai@example.vn", &dtoken).code,
			 ERR_NONE);
	assert_string_not_equal(stale, dtoken);
	int64_t nlinks = 0, nclear = 0;
	bool found;
	assert_int_equal(
		db_query_int(db,
			     "SELECT COUNT(*) FROM rating_links WHERE kind = 'dossier' AND "
			     "target_id = ?",
			     DB_ARGS(DB_I(dos)), &nlinks, &found),
		DB_OK);
	assert_int_equal(nlinks, 1);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM rating_links WHERE token_hash = ?",
				      DB_ARGS(DB_T(dtoken)), &nclear, &found),
			 DB_OK);
	assert_int_equal(nclear, 0);
	assert_int_equal(rate(db, &a, "dossier", dos, dtoken, SAT_SATISFIED, "none", NULL),
			 ERR_RATING_NOT_READY);
	assert_int_equal(db_exec(db, "UPDATE dossiers SET state = 'returned' WHERE id IN (?, ?)",
				 DB_ARGS(DB_I(dos), DB_I(other)), NULL),
			 DB_OK);
	assert_int_equal(rate(db, &a, "dossier", dos, stale, SAT_SATISFIED, "none", NULL),
			 ERR_RATING_LINK_INVALID);
	/* An officer may not rate a dossier, even with its link. */
	{
		struct svc_rating_in in = {.level = SAT_VERY_SATISFIED, .by_staff = true};
		int64_t *o;
		size_t no2;
		struct rating_row tmp;
		assert_int_equal(
			svc_rating_submit(db, &a, "dossier", dos, dtoken, &in, &tmp, &o, &no2).code,
			ERR_RATING_BY_STAFF);
	}
	/* A link of one dossier cannot rate another. */
	assert_int_equal(rate(db, &a, "dossier", other, dtoken, SAT_SATISFIED, "none", NULL),
			 ERR_RATING_LINK_INVALID);
	assert_int_equal(rate(db, &a, "dossier", dos, dtoken, SAT_SATISFIED, "twice", NULL),
			 ERR_FIELD_INVALID);
	assert_int_equal(rate(db, &a, "dossier", dos, dtoken, SAT_SATISFIED, "one", &row),
			 ERR_NONE);
	assert_int_equal(row.dossier_id, dos);
	assert_int_equal(row.ticket_id, a1); /* the visit it was received in */
	assert_int_equal(row.unit_id, d.unit_id);
	assert_int_equal(row.contacts_score, 1);
	assert_int_equal(repo_rating_officers(db, &a, row.id, &offs, &no), DB_OK);
	assert_int_equal(no, 1);
	assert_int_equal(offs[0], d.off1); /* received it at the counter */
	struct svc_rating_target tg;
	assert_int_equal(svc_rating_target(db, &a, "dossier", dos, dtoken, &tg).code, ERR_NONE);
	assert_true(tg.used);
	assert_true(tg.ready);
	assert_string_equal(tg.label, "QRATE-1");
	assert_non_null(tg.current);
	assert_int_equal(svc_rating_target(db, &a, "dossier", other, dtoken, &tg).code,
			 ERR_RATING_LINK_INVALID);
	/* The recipient who rated gets no second link. */
	assert_int_equal(svc_rating_link(db, &a, "dossier", dos, "mai@example.vn", &stale).code,
			 ERR_RATING_LINK_USED);

	/* A-002 is never served (no-show twice) and the day's report adds up. */
	assert_int_equal(call(db, &a, d.c1, d.off1), a2);
	assert_int_equal(act(db, &a, a2, d.off1, TICKET_SKIP, 0), ERR_NONE);
	clock_set_fixed(t0 + 30 * MINUTE);
	assert_int_equal(call(db, &a, d.c1, d.off1), a2);
	assert_int_equal(act(db, &a, a2, d.off1, TICKET_SKIP, 0), ERR_NONE);
	struct svc_queue_report rep;
	assert_int_equal(svc_queue_report(db, &a, d.unit, "2025-03-10", NULL, "service", &rep).code,
			 ERR_NONE);
	assert_int_equal(rep.total.tickets, 2);
	assert_int_equal(rep.total.served, 1);
	assert_int_equal(rep.total.no_shows, 1);
	assert_int_equal(rep.total.wait.n, 2);
	assert_int_equal(rep.total.wait.max, 19 * MINUTE); /* A-002 first called at +19 min */
	assert_int_equal(rep.total.handling.avg, 12 * MINUTE);
	assert_int_equal(rep.total.ratings, 1);
	assert_int_equal(rep.total.satisfied, 1);
	assert_int_equal(rep.nrows, 1);
	assert_string_equal(rep.rows[0].name, "Đầu tư");
	assert_int_equal(svc_queue_report(db, &a, d.unit, "2025-03-10", NULL, "officer", &rep).code,
			 ERR_NONE);
	assert_int_equal(rep.nrows, 1);
	assert_string_equal(rep.rows[0].name, "Cán bộ Một");
	assert_int_equal(svc_queue_report(db, &a, d.unit, "2025-03-11", NULL, "counter", &rep).code,
			 ERR_NONE);
	assert_int_equal(rep.total.tickets, 0);
	assert_int_equal(svc_queue_report(db, &a, d.unit, "2025-03-10", NULL, "week", &rep).code,
			 ERR_BAD_QUERY);
	assert_int_equal(
		svc_queue_report(db, &a, d.unit, "2025-03-10", "2025-03-09", NULL, &rep).code,
		ERR_BAD_QUERY);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_restart_daily),
		cmocka_unit_test(test_calling_order_and_measures),
		cmocka_unit_test(test_opening_hours),
		cmocka_unit_test(test_counters_race),
		cmocka_unit_test(test_dossiers_ratings_report),
	};
	return DBT_RUN(tests, setup, teardown);
}
