/* The desk queue's use cases: the desk's state, tickets at the kiosk,
 * calling and serving at a counter, the display board's state, and the
 * hook that links dossiers received during a visit to its ticket. Each use
 * case is one transaction; the rules are core/queue.h, the SQL is
 * repo_queue.c. Set-up is in svc_queue_setup.c, ratings and reports in
 * svc_queue_report.c.
 * Layer: svc. */
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/roles.h"
#include "svc/svc.h"
#include "svc/svc_queue_impl.h"

/* ---- shared helpers (svc_queue_impl.h) ---- */

void queue_today(int64_t now, char day[16])
{
	clock_format_date_local(now, day, 16);
}

int queue_unit(struct db *db, struct arena *a, const char *code, struct unit *u)
{
	int rc = repo_unit_by_code(db, a, code ? code : "", u);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_UNIT_NOT_FOUND, "unit", NULL);
	return rc;
}

/* Whether the desk of unit takes tickets at now: the administrator's
 * override, else office hours of a working day by the unit's calendar. */
static int desk_open(struct db *db, int64_t unit_id, int64_t now, bool *open, bool *always)
{
	int rc = repo_queue_desk_get(db, unit_id, always);
	if (rc < 0)
		return rc;
	if (*always) {
		*open = true;
		return DB_OK;
	}
	struct svc_calendar cal;
	rc = svc_calendar_get(db, unit_id, &cal);
	if (rc == DB_SOFT || rc == DB_HARD)
		return rc;
	if (rc < 0) {
		/* A broken calendar must not shut the desk: log and use hours alone. */
		log_error("calendar of unit %lld unusable (%d): desk treated as open",
			  (long long)unit_id, rc);
		*open = true;
		return DB_OK;
	}
	int64_t office = 0;
	*open = cal_office_time_between(cal.cal, cal.hours, now, now + 1000, &office) == 0 &&
		office > 0;
	svc_calendar_put(&cal);
	return DB_OK;
}

static int load_ticket(struct db *db, struct arena *a, int64_t id, struct svc_queue_ticket *out)
{
	memset(out, 0, sizeof *out);
	int rc = repo_queue_ticket_get(db, a, id, &out->t);
	if (rc < 0)
		return rc;
	if (!strcmp(out->t.state, "waiting")) {
		struct queue_entry *w;
		size_t n;
		rc = repo_queue_waiting(db, a, out->t.unit_id, out->t.day, &w, &n);
		if (rc < 0)
			return rc;
		struct queue_entry self = {out->t.id, out->t.service_id, out->t.priority,
					   out->t.queued_at};
		out->ahead = (int64_t)queue_ahead(w, n, &self);
	}
	return repo_queue_ticket_dossiers(db, a, id, &out->dossiers, &out->dossier_codes,
					  &out->ndossiers);
}

/* ---- the desk ---- */

struct desk_ctx {
	struct arena *a;
	const char *unit_code;
	struct svc_queue_desk *out;
	bool set, always;
};

static int desk_txn(struct db *db, void *arg)
{
	struct desk_ctx *c = arg;
	struct svc_queue_desk *d = c->out;
	int64_t now = clock_now_ms();
	char day[16];
	queue_today(now, day);
	int rc = queue_unit(db, c->a, c->unit_code, &d->unit);
	if (rc < 0)
		return rc;
	if (c->set)
		return repo_queue_desk_set(db, d->unit.id, c->always, now);
	d->day = arena_strdup(c->a, day);
	if ((rc = desk_open(db, d->unit.id, now, &d->open, &d->always_open)) < 0)
		return rc;
	if ((rc = repo_queue_services(db, c->a, d->unit.id, day, false, &d->services,
				      &d->nservices)) < 0)
		return rc;
	struct queue_live_row *live;
	size_t nlive;
	if ((rc = repo_queue_live(db, c->a, d->unit.id, day, &live, &nlive)) < 0)
		return rc;
	/* Align the live rows with the active services. */
	d->live = arena_zalloc(c->a, (d->nservices + 1) * sizeof *d->live);
	for (size_t i = 0; i < d->nservices; i++)
		for (size_t k = 0; k < nlive; k++)
			if (live[k].service_id == d->services[i].id)
				d->live[i] = live[k];
	return repo_queue_counters(db, c->a, d->unit.id, &d->counters, &d->ncounters);
}

struct svc_result svc_queue_desk(struct db *db, struct arena *a, const char *unit_code,
				 struct svc_queue_desk *out)
{
	memset(out, 0, sizeof *out);
	struct desk_ctx c = {.a = a, .unit_code = unit_code, .out = out};
	return svc_txn_result(db, db_run_txn(db, desk_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

struct svc_result svc_queue_desk_set(struct db *db, const char *unit_code, bool always_open)
{
	struct arena a;
	arena_init(&a);
	struct svc_queue_desk d = {0};
	struct desk_ctx c = {
		.a = &a, .unit_code = unit_code, .out = &d, .set = true, .always = always_open};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, desk_txn, &c, DB_TXN_ATTEMPTS_HOT));
	arena_release(&a);
	return r;
}

/* ---- tickets at the kiosk ---- */

static bool priority_reason_valid(const char *r)
{
	static const char *const ok[] = {"elderly", "disabled", "pregnant", "other"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!strcmp(r, ok[i]))
			return true;
	return false;
}

struct issue_ctx {
	struct arena *a;
	const char *unit_code;
	int64_t service_id;
	const char *reason;
	struct svc_queue_ticket *out;
};

static int issue_txn(struct db *db, void *arg)
{
	struct issue_ctx *c = arg;
	int64_t now = clock_now_ms();
	char day[16];
	queue_today(now, day);
	struct unit u;
	int rc = queue_unit(db, c->a, c->unit_code, &u);
	if (rc < 0)
		return rc;
	struct queue_service s;
	rc = repo_queue_service_get(db, c->a, c->service_id, &s);
	if (rc == DB_NOT_FOUND || (rc == DB_OK && s.unit_id != u.id))
		return db_abort(db, ERR_QUEUE_SERVICE_NOT_FOUND, "service", NULL);
	if (rc < 0)
		return rc;
	if (!s.active)
		return db_abort(db, ERR_QUEUE_SERVICE_INACTIVE, "service", NULL);
	bool open, always;
	if ((rc = desk_open(db, u.id, now, &open, &always)) < 0)
		return rc;
	if (!open)
		return db_abort(db, ERR_QUEUE_DESK_CLOSED, NULL, NULL);
	struct queue_ticket t = {.unit_id = u.id,
				 .service_id = s.id,
				 .day = day,
				 .issued_at = now,
				 .queued_at = now};
	if ((rc = repo_queue_next_seq(db, s.id, day, &t.seq)) < 0)
		return rc;
	char number[16];
	if (queue_format_number(s.prefix, t.seq, number, sizeof number) < 0)
		return db_abort(db, ERR_INTERNAL, NULL, "ticket number out of range");
	t.number = number;
	t.priority = c->reason != NULL;
	t.priority_reason = c->reason;
	unsigned char raw[12];
	randombytes_buf(raw, sizeof raw);
	char token[32];
	text_hex(raw, sizeof raw, token);
	t.follow_token = token;
	int64_t id;
	if ((rc = repo_queue_ticket_insert(db, &t, &id)) < 0)
		return rc;
	if ((rc = repo_queue_event_insert(db, id, "issue", s.id, 0, 0, c->reason, now)) < 0)
		return rc;
	return load_ticket(db, c->a, id, c->out);
}

struct svc_result svc_queue_issue(struct db *db, struct arena *a, const char *unit_code,
				  int64_t service_id, const char *priority_reason,
				  struct svc_queue_ticket *out)
{
	if (priority_reason && !*priority_reason)
		priority_reason = NULL;
	if (priority_reason && !priority_reason_valid(priority_reason))
		return svc_fail(ERR_FIELD_INVALID, "priority",
				"elderly, disabled, pregnant or other");
	struct issue_ctx c = {.a = a,
			      .unit_code = unit_code,
			      .service_id = service_id,
			      .reason = priority_reason,
			      .out = out};
	return svc_txn_result(db, db_run_txn(db, issue_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

struct follow_ctx {
	struct arena *a;
	const char *token;
	int64_t id;
	struct svc_queue_ticket *out;
};

static int follow_txn(struct db *db, void *arg)
{
	struct follow_ctx *c = arg;
	int64_t id = c->id;
	if (c->token) {
		struct queue_ticket t;
		int rc = repo_queue_ticket_by_token(db, c->a, c->token, &t);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_QUEUE_TICKET_NOT_FOUND, "token", NULL);
		if (rc < 0)
			return rc;
		id = t.id;
	}
	int rc = load_ticket(db, c->a, id, c->out);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_QUEUE_TICKET_NOT_FOUND, "id", NULL);
	return rc;
}

struct svc_result svc_queue_follow(struct db *db, struct arena *a, const char *token,
				   struct svc_queue_ticket *out)
{
	struct follow_ctx c = {.a = a, .token = token ? token : "", .out = out};
	struct svc_result r =
		svc_txn_result(db, db_run_txn(db, follow_txn, &c, DB_TXN_ATTEMPTS_HOT));
	/* A finished visit: the holder may rate it from their own phone, with
	 * a link no officer sees (issue 10). */
	if (r.code == ERR_NONE && !strcmp(out->t.state, "finished")) {
		struct svc_result l = queue_holder_link(db, a, out->t.id, out->t.follow_token,
							&out->rating_token);
		if (l.code != ERR_NONE)
			log_warn("no rating link for the holder of ticket %lld",
				 (long long)out->t.id);
	}
	return r;
}

struct svc_result svc_queue_ticket(struct db *db, struct arena *a, int64_t ticket_id,
				   struct svc_queue_ticket *out)
{
	struct follow_ctx c = {.a = a, .id = ticket_id, .out = out};
	return svc_txn_result(db, db_run_txn(db, follow_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

/* ---- the counter ---- */

static bool officer_allowed(const struct queue_counter *q, int64_t user_id)
{
	if (q->nofficers == 0)
		return true; /* any receiving officer of the unit */
	for (size_t i = 0; i < q->nofficers; i++)
		if (q->officers[i] == user_id)
			return true;
	return false;
}

struct counter_act_ctx {
	struct arena *a;
	int64_t counter_id, ticket_id, user_id, to_service;
	bool open, found;
	enum ticket_action action;
	const char *reason;
	struct queue_counter *counter;
	struct svc_queue_ticket *out;
};

/* Loads the counter and checks that the user is the officer at it. */
static int my_counter(struct db *db, struct counter_act_ctx *c, int64_t counter_id,
		      struct queue_counter *q)
{
	int rc = repo_queue_counter_get(db, c->a, counter_id, q);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_QUEUE_COUNTER_NOT_FOUND, "counter", NULL);
	if (rc < 0)
		return rc;
	if (!q->is_open || !q->active)
		return db_abort(db, ERR_QUEUE_COUNTER_CLOSED, NULL, NULL);
	if (q->officer_id != c->user_id)
		return db_abort(db, ERR_QUEUE_NOT_YOUR_COUNTER, NULL, NULL);
	return DB_OK;
}

static int counter_open_txn(struct db *db, void *arg)
{
	struct counter_act_ctx *c = arg;
	int64_t now = clock_now_ms();
	struct queue_counter q;
	int rc = repo_queue_counter_get(db, c->a, c->counter_id, &q);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_QUEUE_COUNTER_NOT_FOUND, "counter", NULL);
	if (rc < 0)
		return rc;
	if (c->open) {
		bool open, always;
		if ((rc = desk_open(db, q.unit_id, now, &open, &always)) < 0)
			return rc;
		if (!open)
			return db_abort(db, ERR_QUEUE_DESK_CLOSED, NULL, NULL);
		if (!q.active || !officer_allowed(&q, c->user_id))
			return db_abort(db, ERR_QUEUE_NOT_YOUR_COUNTER, NULL, NULL);
		/* An officer sits at one counter: leave any other first. */
		struct queue_ticket cur;
		rc = repo_queue_ticket_of_officer(db, c->a, c->user_id, &cur);
		if (rc == DB_OK && cur.counter_id != q.id)
			return db_abort(db, ERR_QUEUE_COUNTER_BUSY, NULL,
					"you still have a ticket at another counter");
		if (rc < 0 && rc != DB_NOT_FOUND)
			return rc;
		if ((rc = repo_queue_counter_leave_others(db, c->user_id, q.id)) < 0)
			return rc;
		rc = repo_queue_counter_set_open(db, q.id, c->user_id, now);
	} else {
		if (q.is_open && q.officer_id != c->user_id)
			return db_abort(db, ERR_QUEUE_NOT_YOUR_COUNTER, NULL, NULL);
		struct queue_ticket cur;
		rc = repo_queue_ticket_at_counter(db, c->a, q.id, &cur);
		if (rc == DB_OK)
			return db_abort(db, ERR_QUEUE_COUNTER_BUSY, NULL, NULL);
		if (rc != DB_NOT_FOUND)
			return rc;
		rc = repo_queue_counter_set_open(db, q.id, 0, now);
	}
	if (rc < 0)
		return rc;
	return repo_queue_counter_get(db, c->a, q.id, c->counter);
}

struct svc_result svc_queue_counter_open(struct db *db, struct arena *a, int64_t counter_id,
					 int64_t user_id, bool open, struct queue_counter *out)
{
	struct counter_act_ctx c = {
		.a = a, .counter_id = counter_id, .user_id = user_id, .open = open, .counter = out};
	return svc_txn_result(db, db_run_txn(db, counter_open_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

static int call_next_txn(struct db *db, void *arg)
{
	struct counter_act_ctx *c = arg;
	int64_t now = clock_now_ms();
	char day[16];
	queue_today(now, day);
	struct queue_counter q;
	c->found = false;
	int rc = my_counter(db, c, c->counter_id, &q);
	if (rc < 0)
		return rc;
	struct queue_ticket cur;
	rc = repo_queue_ticket_at_counter(db, c->a, q.id, &cur);
	if (rc == DB_OK)
		return db_abort(db, ERR_QUEUE_COUNTER_BUSY, NULL, cur.number);
	if (rc != DB_NOT_FOUND)
		return rc;
	int64_t id;
	rc = repo_queue_call_next(db, q.id, c->user_id, day, now, &id);
	if (rc == DB_NOT_FOUND)
		return DB_OK; /* nobody waits */
	if (rc == DB_CONSTRAINT)
		return DB_SOFT; /* the counter got a ticket meanwhile: look again */
	if (rc < 0)
		return rc;
	struct queue_ticket t;
	if ((rc = repo_queue_ticket_get(db, c->a, id, &t)) < 0)
		return rc;
	if ((rc = repo_queue_event_insert(db, id, "call", t.service_id, q.id, c->user_id, NULL,
					  now)) < 0)
		return rc;
	c->found = true;
	return load_ticket(db, c->a, id, c->out);
}

struct svc_result svc_queue_call_next(struct db *db, struct arena *a, int64_t counter_id,
				      int64_t user_id, bool *found, struct svc_queue_ticket *out)
{
	struct counter_act_ctx c = {
		.a = a, .counter_id = counter_id, .user_id = user_id, .out = out};
	struct svc_result r =
		svc_txn_result(db, db_run_txn(db, call_next_txn, &c, DB_TXN_ATTEMPTS_HOT));
	*found = c.found;
	return r;
}

static int act_txn(struct db *db, void *arg)
{
	struct counter_act_ctx *c = arg;
	int64_t now = clock_now_ms();
	struct queue_ticket t;
	int rc = repo_queue_ticket_get(db, c->a, c->ticket_id, &t);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_QUEUE_TICKET_NOT_FOUND, "ticket", NULL);
	if (rc < 0)
		return rc;
	/* Any receiving officer may flag a waiting ticket as priority; every
	 * other action is taken at the ticket's own counter. */
	if (c->action != TICKET_PRIORITY) {
		struct queue_counter q;
		if (!t.counter_id)
			return db_abort(db, ERR_QUEUE_TICKET_STATE, NULL, t.state);
		if ((rc = my_counter(db, c, t.counter_id, &q)) < 0)
			return rc;
	}
	int state = ticket_state_parse(t.state);
	struct ticket_facts f = {(enum ticket_state)state, (int)t.skips, t.service_id};
	struct ticket_outcome o;
	struct queue_service to = {0};
	if (c->action == TICKET_TRANSFER) {
		rc = repo_queue_service_get(db, c->a, c->to_service, &to);
		if (rc == DB_NOT_FOUND || (rc == DB_OK && to.unit_id != t.unit_id))
			return db_abort(db, ERR_QUEUE_SERVICE_NOT_FOUND, "service", NULL);
		if (rc < 0)
			return rc;
		if (!to.active && to.id != t.service_id)
			return db_abort(db, ERR_QUEUE_SERVICE_INACTIVE, "service", NULL);
	}
	rc = state < 0 ? QUEUE_E_STATE : queue_apply(&f, c->action, c->to_service, &o);
	if (rc == QUEUE_E_SAME_SERVICE)
		return db_abort(db, ERR_QUEUE_SAME_SERVICE, "service", NULL);
	if (rc != QUEUE_OK)
		return db_abort(db, ERR_QUEUE_TICKET_STATE, NULL,
				arena_printf(c->a, "%s is %s", t.number, t.state));
	const char *old_state = t.state;
	int64_t counter = t.counter_id;
	t.state = ticket_state_name(o.to);
	switch (c->action) {
	case TICKET_RECALL:
		t.last_called_at = now;
		t.calls++;
		break;
	case TICKET_SKIP:
		t.skips++;
		break;
	case TICKET_START:
		t.started_at = now;
		break;
	case TICKET_FINISH:
		t.finished_at = now;
		break;
	case TICKET_TRANSFER:
		t.service_id = to.id;
		t.transfers++;
		break;
	case TICKET_PRIORITY:
		t.priority = true;
		t.priority_reason = c->reason;
		break;
	default:
		break;
	}
	if (o.ends_handling && t.started_at)
		t.handling_ms += now - t.started_at;
	if (o.requeue)
		t.queued_at = now;
	if (o.drops_priority)
		t.priority = false; /* the reason stays, for the record */
	if (o.keep_place)
		t.queued_at = t.issued_at;
	if (o.releases_counter && o.to == TICKET_WAITING) {
		/* Back in a queue: no counter until called again. */
		t.counter_id = 0;
		t.officer_id = 0;
		t.started_at = 0;
	}
	rc = repo_queue_ticket_update(db, &t, old_state);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_QUEUE_TICKET_STATE, NULL, "changed meanwhile");
	if (rc < 0)
		return rc;
	const char *note = c->action == TICKET_TRANSFER	  ? to.prefix
			   : c->action == TICKET_PRIORITY ? c->reason
			   : o.counts_no_show		  ? "no_show"
							  : NULL;
	rc = repo_queue_event_insert(db, t.id, ticket_action_name(c->action), t.service_id, counter,
				     c->user_id, note, now);
	if (rc < 0)
		return rc;
	return load_ticket(db, c->a, t.id, c->out);
}

struct svc_result svc_queue_act(struct db *db, struct arena *a, int64_t ticket_id, int64_t user_id,
				enum ticket_action action, int64_t to_service, const char *reason,
				struct svc_queue_ticket *out)
{
	if (action == TICKET_CALL)
		return svc_fail(ERR_INTERNAL, NULL, "use svc_queue_call_next");
	if (action == TICKET_PRIORITY && (!reason || !priority_reason_valid(reason)))
		return svc_fail(ERR_FIELD_INVALID, "reason",
				"elderly, disabled, pregnant or other");
	struct counter_act_ctx c = {.a = a,
				    .ticket_id = ticket_id,
				    .user_id = user_id,
				    .action = action,
				    .to_service = to_service,
				    .reason = reason,
				    .out = out};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, act_txn, &c, DB_TXN_ATTEMPTS_HOT));
	if (r.code == ERR_NONE && action == TICKET_FINISH) {
		/* The visitor rates the visit on the counter's tablet. */
		struct svc_result l =
			svc_rating_link(db, a, "visit", ticket_id, "counter", &out->rating_token);
		if (l.code != ERR_NONE)
			log_warn("no rating link for ticket %lld", (long long)ticket_id);
	}
	return r;
}

static int counter_state_txn(struct db *db, void *arg)
{
	struct counter_act_ctx *c = arg;
	int rc = repo_queue_counter_get(db, c->a, c->counter_id, c->counter);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_QUEUE_COUNTER_NOT_FOUND, "counter", NULL);
	if (rc < 0)
		return rc;
	struct queue_ticket t;
	c->found = false;
	rc = repo_queue_ticket_at_counter(db, c->a, c->counter_id, &t);
	if (rc == DB_NOT_FOUND)
		return DB_OK;
	if (rc < 0)
		return rc;
	c->found = true;
	return load_ticket(db, c->a, t.id, c->out);
}

struct svc_result svc_queue_counter(struct db *db, struct arena *a, int64_t counter_id,
				    struct queue_counter *out, bool *has_ticket,
				    struct svc_queue_ticket *current)
{
	struct counter_act_ctx c = {
		.a = a, .counter_id = counter_id, .counter = out, .out = current};
	struct svc_result r =
		svc_txn_result(db, db_run_txn(db, counter_state_txn, &c, DB_TXN_ATTEMPTS_HOT));
	*has_ticket = c.found;
	return r;
}

/* ---- the display board ---- */

struct display_ctx {
	struct arena *a;
	const char *unit_code;
	struct svc_queue_display *out;
};

static int display_txn(struct db *db, void *arg)
{
	struct display_ctx *c = arg;
	struct svc_queue_display *d = c->out;
	char day[16];
	queue_today(clock_now_ms(), day);
	int rc = queue_unit(db, c->a, c->unit_code, &d->unit);
	if (rc < 0)
		return rc;
	if ((rc = repo_queue_counters(db, c->a, d->unit.id, &d->counters, &d->ncounters)) < 0)
		return rc;
	d->at_counter = arena_zalloc(c->a, (d->ncounters + 1) * sizeof *d->at_counter);
	for (size_t i = 0; i < d->ncounters; i++) {
		rc = repo_queue_ticket_at_counter(db, c->a, d->counters[i].id, &d->at_counter[i]);
		if (rc == DB_NOT_FOUND)
			continue;
		if (rc < 0)
			return rc;
	}
	return repo_queue_recent_calls(db, c->a, d->unit.id, day, 8, &d->calls, &d->ncalls);
}

struct svc_result svc_queue_display(struct db *db, struct arena *a, const char *unit_code,
				    struct svc_queue_display *out)
{
	memset(out, 0, sizeof *out);
	struct display_ctx c = {.a = a, .unit_code = unit_code, .out = out};
	return svc_txn_result(db, db_run_txn(db, display_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

/* ---- the dossier lifecycle's hook ---- */

int svc_queue_link_find(struct db *db, int64_t officer_id, struct svc_queue_link *out)
{
	struct arena a;
	arena_init(&a);
	struct queue_ticket t;
	*out = (struct svc_queue_link){.officer_id = officer_id};
	int rc = repo_queue_ticket_of_officer(db, &a, officer_id, &t);
	if (rc == DB_OK)
		*out = (struct svc_queue_link){t.id, t.service_id, t.counter_id, officer_id};
	arena_release(&a);
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

int svc_queue_link_new(struct db *db, const struct svc_queue_link *l, int64_t dossier_id)
{
	if (!l->ticket_id)
		return DB_OK;
	int64_t now = clock_now_ms();
	int rc = repo_queue_link_dossier(db, l->ticket_id, dossier_id, l->counter_id, l->officer_id,
					 now);
	if (rc == DB_OK)
		rc = repo_queue_event_insert(db, l->ticket_id, "link_dossier", l->service_id,
					     l->counter_id, l->officer_id, NULL, now);
	return rc;
}

int svc_queue_link_dossier(struct db *db, int64_t officer_id, int64_t dossier_id, bool *linked)
{
	struct svc_queue_link l;
	if (linked)
		*linked = false;
	int rc = svc_queue_link_find(db, officer_id, &l);
	if (rc < 0 || !l.ticket_id)
		return rc;
	/* Checked, not left to the constraint: on PostgreSQL a refused row
	 * would abort the caller's transaction. */
	int64_t have;
	rc = repo_queue_dossier_ticket(db, dossier_id, &have);
	if (rc != DB_NOT_FOUND)
		return rc; /* DB_OK: already linked */
	rc = svc_queue_link_new(db, &l, dossier_id);
	if (rc == DB_OK && linked)
		*linked = true;
	return rc;
}
