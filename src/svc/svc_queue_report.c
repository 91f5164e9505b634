/* The applicant's verdict and the desk's figures: signed rating links, the
 * ratings of a visit or a dossier (one current, history kept, tied to the
 * unit and the officers who handled it), and the reports per day, service,
 * counter or officer (tickets, waiting avg/p90/max, handling, no-shows,
 * ratings and the share satisfied). Layer: svc. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "svc/svc.h"
#include "repo/repo_rating_links.h"
#include "svc/svc_queue_impl.h"

#define TOKEN_HEX 64 /* 32 random bytes */

/* ---- rating links ----
 *
 * A link is a random token given to one recipient (the visitor at the
 * counter's tablet; the applicant, by e-mail); the database keeps only its
 * SHA-256, so neither a reader of the database nor an officer can make a
 * working link, and each recipient's link rates once. (The links were
 * once signed with a key any officer could have a link made with, and
 * rate first: issue 10.) */

static bool token_shape_ok(const char *token)
{
	if (!token || strlen(token) != TOKEN_HEX)
		return false;
	for (const char *p = token; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

static void token_hash(const char *token, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	text_hex(h, sizeof h, hex);
}

static bool kind_valid(const char *kind)
{
	return kind && (!strcmp(kind, "visit") || !strcmp(kind, "dossier"));
}

/* What is rated, whether it may be rated now, and the officers to credit. */
struct target {
	const char *label;
	int64_t unit_id, ticket_id, dossier_id;
	bool ready;
	int64_t *officers;
	size_t nofficers;
};

static int load_target(struct db *db, struct arena *a, const char *kind, int64_t id,
		       struct target *t)
{
	memset(t, 0, sizeof *t);
	int rc;
	if (!strcmp(kind, "visit")) {
		struct queue_ticket tk;
		rc = repo_queue_ticket_get(db, a, id, &tk);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_QUEUE_TICKET_NOT_FOUND, "id", NULL);
		if (rc < 0)
			return rc;
		t->label = tk.number;
		t->unit_id = tk.unit_id;
		t->ticket_id = tk.id;
		t->ready = !strcmp(tk.state, "finished");
		return repo_queue_ticket_officers(db, a, tk.id, &t->officers, &t->nofficers);
	}
	struct rating_dossier d;
	rc = repo_rating_dossier(db, a, id, &d);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_RATING_DOSSIER_NOT_FOUND, "id", NULL);
	if (rc < 0)
		return rc;
	t->label = d.code;
	t->unit_id = d.unit_id;
	t->dossier_id = d.id;
	t->ready = !strcmp(d.state, "returned");
	t->officers = d.officers;
	t->nofficers = d.nofficers;
	rc = repo_queue_dossier_ticket(db, d.id, &t->ticket_id);
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

struct link_ctx {
	struct arena *a;
	const char *kind;
	int64_t id;
	const char *token;
	const char *recipient;
	const struct svc_rating_in *in;
	struct svc_rating_target *target;
	struct rating_row *row;
	int64_t **officers;
	size_t *nofficers;
	struct rating_link link;
};

static int link_txn(struct db *db, void *arg)
{
	struct link_ctx *c = arg;
	struct target t;
	int rc = load_target(db, c->a, c->kind, c->id, &t);
	if (rc < 0)
		return rc;
	unsigned char raw[TOKEN_HEX / 2];
	randombytes_buf(raw, sizeof raw);
	char *token = arena_zalloc(c->a, TOKEN_HEX + 1);
	text_hex(raw, sizeof raw, token);
	sodium_memzero(raw, sizeof raw);
	char hash[65];
	token_hash(token, hash);
	bool used;
	if ((rc = repo_rating_link_put(db, c->kind, c->id, c->recipient, hash, clock_now_ms(),
				       &used)) < 0)
		return rc;
	if (used)
		return db_abort(db, ERR_RATING_LINK_USED, NULL, NULL);
	c->token = token;
	return DB_OK;
}

struct svc_result svc_rating_link(struct db *db, struct arena *a, const char *kind, int64_t id,
				  const char *recipient, const char **token)
{
	if (!kind_valid(kind))
		return svc_fail(ERR_FIELD_INVALID, "kind", "visit or dossier");
	struct link_ctx c = {.a = a, .kind = kind, .id = id, .recipient = recipient};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, link_txn, &c, DB_TXN_ATTEMPTS_HOT));
	if (r.code == ERR_NONE)
		*token = c.token;
	return r;
}

struct svc_result svc_rating_link_own(struct db *db, struct arena *a, const struct svc_actor *who,
				      const char *code, int64_t *id, const char **token)
{
	struct svc_dossier s;
	struct svc_result r = svc_dossier_get(db, a, who, code, false, &s);
	if (r.code != ERR_NONE)
		return r;
	if (s.state != DOSSIER_RETURNED)
		return svc_fail(ERR_RATING_NOT_READY, NULL, NULL);
	*id = s.d.id;
	/* The account is the recipient: one link of its own, as the mailed
	 * one is the address's. */
	return svc_rating_link(db, a, "dossier", s.d.id,
			       arena_printf(a, "account:%lld", (long long)who->id), token);
}

struct holder_ctx {
	struct arena *a;
	int64_t ticket_id;
	const char *hash;
	bool used;
};

static int holder_txn(struct db *db, void *arg)
{
	struct holder_ctx *c = arg;
	struct rating_link l;
	int rc = repo_rating_link_find(db, c->a, c->hash, &l);
	if (rc == DB_OK) {
		c->used = l.used_at != 0;
		return DB_OK;
	}
	if (rc != DB_NOT_FOUND)
		return rc;
	return repo_rating_link_put(db, "visit", c->ticket_id, "holder", c->hash, clock_now_ms(),
				    &c->used);
}

struct svc_result queue_holder_link(struct db *db, struct arena *a, int64_t ticket_id,
				    const char *follow_token, const char **token)
{
	*token = NULL;
	char *t = arena_zalloc(a, TOKEN_HEX + 1);
	char *seed =
		arena_printf(a, "motcua-visit-rating:%lld:%s", (long long)ticket_id, follow_token);
	token_hash(seed, t);
	char hash[65];
	token_hash(t, hash);
	struct holder_ctx c = {.a = a, .ticket_id = ticket_id, .hash = hash};
	struct svc_result r =
		svc_txn_result(db, db_run_txn(db, holder_txn, &c, DB_TXN_ATTEMPTS_HOT));
	if (r.code == ERR_NONE && !c.used)
		*token = t;
	return r;
}

/* Finds the token's link into c->link; DB_ABORT with RATING_LINK_INVALID
 * if it is no link of this kind/id. */
static int check_token(struct db *db, struct link_ctx *c)
{
	int rc = DB_NOT_FOUND;
	if (token_shape_ok(c->token)) {
		char hash[65];
		token_hash(c->token, hash);
		rc = repo_rating_link_find(db, c->a, hash, &c->link);
		if (rc < 0 && rc != DB_NOT_FOUND)
			return rc;
	}
	if (rc == DB_NOT_FOUND || strcmp(c->link.kind, c->kind) || c->link.target_id != c->id)
		return db_abort(db, ERR_RATING_LINK_INVALID, "token", NULL);
	return DB_OK;
}

static int target_txn(struct db *db, void *arg)
{
	struct link_ctx *c = arg;
	struct svc_rating_target *out = c->target;
	int rc = check_token(db, c);
	if (rc < 0)
		return rc;
	struct target t;
	if ((rc = load_target(db, c->a, c->kind, c->id, &t)) < 0)
		return rc;
	out->kind = c->kind;
	out->id = c->id;
	out->label = t.label;
	out->ready = t.ready;
	if ((rc = repo_unit_by_id(db, c->a, t.unit_id, &out->unit)) < 0)
		return rc;
	out->used = c->link.used_at != 0;
	struct rating_row *rows;
	size_t n;
	if ((rc = repo_rating_history(db, c->a, c->kind, c->id, &rows, &n)) < 0)
		return rc;
	out->current = NULL;
	for (size_t i = 0; i < n; i++)
		if (rows[i].is_current)
			out->current = &rows[i];
	return DB_OK;
}

struct svc_result svc_rating_target(struct db *db, struct arena *a, const char *kind, int64_t id,
				    const char *token, struct svc_rating_target *out)
{
	if (!kind_valid(kind))
		return svc_fail(ERR_NOT_FOUND, NULL, NULL);
	memset(out, 0, sizeof *out);
	struct link_ctx c = {.a = a, .kind = kind, .id = id, .token = token, .target = out};
	return svc_txn_result(db, db_run_txn(db, target_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

/* An answer's score, -1 for none (svc_rating_submit() refused unknown
 * answers before the transaction). */
static int answer_score(const char *key, const char *answer)
{
	return answer ? rating_index_score(key, answer) : -1;
}

static int submit_txn(struct db *db, void *arg)
{
	struct link_ctx *c = arg;
	const struct svc_rating_in *in = c->in;
	int rc = check_token(db, c);
	if (rc < 0)
		return rc;
	struct target t;
	if ((rc = load_target(db, c->a, c->kind, c->id, &t)) < 0)
		return rc;
	if (c->link.used_at)
		return db_abort(db, ERR_RATING_LINK_USED, "token", NULL);
	if (!t.ready)
		return db_abort(db, ERR_RATING_NOT_READY, NULL, NULL);
	bool first;
	if ((rc = repo_rating_link_use(db, c->link.id, clock_now_ms(), &first)) < 0)
		return rc;
	if (!first)
		return db_abort(db, ERR_RATING_LINK_USED, "token", NULL);
	/* The rating keeps the link's hash (unique: one rating per link). */
	char nonce[65];
	token_hash(c->token, nonce);
	struct rating_row r = {.kind = c->kind,
			       .ticket_id = t.ticket_id,
			       .dossier_id = t.dossier_id,
			       .unit_id = t.unit_id,
			       .level = in->level,
			       .comment = in->comment,
			       .link_nonce = nonce,
			       .contacts_score = -1,
			       .agencies_score = -1,
			       .attitude_score = -1};
	json_t *answers = json_object();
	if (in->contacts)
		json_object_set_new(answers, "contacts", json_string(in->contacts));
	if (in->agencies)
		json_object_set_new(answers, "agencies", json_string(in->agencies));
	if (in->attitude)
		json_object_set_new(answers, "attitude", json_string(in->attitude));
	char *js = xjson_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(answers);
	r.answers = arena_strdup(c->a, js);
	free(js);
	r.contacts_score = answer_score("contacts", in->contacts);
	r.agencies_score = answer_score("agencies", in->agencies);
	r.attitude_score = answer_score("attitude", in->attitude);
	int64_t id;
	rc = repo_rating_insert(db, &r, t.officers, t.nofficers, clock_now_ms(), &id);
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_RATING_LINK_USED, "token", NULL);
	if (rc < 0)
		return rc;
	struct rating_row *rows;
	size_t n;
	if ((rc = repo_rating_history(db, c->a, c->kind, c->id, &rows, &n)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id)
			*c->row = rows[i];
	*c->officers = t.officers;
	*c->nofficers = t.nofficers;
	return DB_OK;
}

struct svc_result svc_rating_submit(struct db *db, struct arena *a, const char *kind, int64_t id,
				    const char *token, const struct svc_rating_in *in,
				    struct rating_row *out, int64_t **officers, size_t *nofficers)
{
	if (!kind_valid(kind))
		return svc_fail(ERR_NOT_FOUND, NULL, NULL);
	if (!satisfaction_name(in->level))
		return svc_fail(ERR_FIELD_INVALID, "satisfaction", NULL);
	/* A dossier is rated by its applicant, never by the officers it rates. */
	if (in->by_staff && !strcmp(kind, "dossier"))
		return svc_fail(ERR_RATING_BY_STAFF, NULL, NULL);
	if (!strcmp(kind, "visit") && (in->contacts || in->agencies || in->attitude))
		return svc_fail(ERR_FIELD_INVALID,
				in->contacts   ? "contacts"
				: in->agencies ? "agencies"
					       : "attitude",
				"indices are asked about dossiers, not visits");
	static const char *const keys[] = {"contacts", "agencies", "attitude"};
	const char *answers[] = {in->contacts, in->agencies, in->attitude};
	for (size_t i = 0; i < 3; i++)
		if (answers[i] && rating_index_score(keys[i], answers[i]) < -1)
			return svc_fail(ERR_FIELD_INVALID, keys[i],
					"not one of the listed answers");
	if (in->comment && text_utf8_len(in->comment) > 2000)
		return svc_fail(ERR_FIELD_TOO_LONG, "comment", NULL);
	memset(out, 0, sizeof *out);
	struct link_ctx c = {.a = a,
			     .kind = kind,
			     .id = id,
			     .token = token,
			     .in = in,
			     .row = out,
			     .officers = officers,
			     .nofficers = nofficers};
	return svc_txn_result(db, db_run_txn(db, submit_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

struct svc_result svc_rating_dossier_id(struct db *db, struct arena *a, const char *code,
					int64_t *id)
{
	struct dossier d;
	int rc = strlen(code) > 64 ? DB_NOT_FOUND : repo_dossier_by_code(db, a, code, &d);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_DOSSIER_NOT_FOUND, "code", NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*id = d.id;
	return svc_ok();
}

/* ---- reports ---- */

struct group {
	struct svc_queue_report_row row;
	int64_t id;
	int64_t *waits, *handlings;
	size_t nwaits, nhandlings;
};

static void add_ticket(struct group *g, const struct queue_report_ticket *t)
{
	g->row.tickets++;
	if (t->finished)
		g->row.served++;
	if (t->no_show)
		g->row.no_shows++;
	if (!strcmp(t->state, "waiting"))
		g->row.waiting_now++;
	if (t->called_at)
		g->waits[g->nwaits++] = t->called_at - t->issued_at;
	if (t->finished)
		g->handlings[g->nhandlings++] = t->handling_ms;
	if (t->rating) {
		g->row.ratings++;
		if (satisfaction_is_satisfied(t->rating))
			g->row.satisfied++;
	}
}

static void finish_group(struct group *g)
{
	queue_stats_compute(g->waits, g->nwaits, &g->row.wait);
	queue_stats_compute(g->handlings, g->nhandlings, &g->row.handling);
	g->row.satisfied_share =
		g->row.ratings ? (double)g->row.satisfied / (double)g->row.ratings : 0;
}

struct report_ctx {
	struct arena *a;
	const char *unit_code;
	struct svc_queue_report *out;
	struct queue_report_ticket *tickets;
	size_t n;
};

static int report_txn(struct db *db, void *arg)
{
	struct report_ctx *c = arg;
	int rc = queue_unit(db, c->a, c->unit_code, &c->out->unit);
	if (rc < 0)
		return rc;
	return repo_queue_report_tickets(db, c->a, c->out->unit.id, c->out->from, c->out->to,
					 &c->tickets, &c->n);
}

struct svc_result svc_queue_report(struct db *db, struct arena *a, const char *unit_code,
				   const char *from, const char *to, const char *by,
				   struct svc_queue_report *out)
{
	memset(out, 0, sizeof *out);
	char today[16];
	queue_today(clock_now_ms(), today);
	int64_t f_ms, t_ms;
	if (!from)
		from = today;
	if (!to)
		to = from;
	if (clock_parse_date(from, &f_ms) < 0)
		return svc_fail(ERR_BAD_QUERY, "from", "a date YYYY-MM-DD");
	if (clock_parse_date(to, &t_ms) < 0)
		return svc_fail(ERR_BAD_QUERY, "to", "a date YYYY-MM-DD");
	if (t_ms < f_ms || t_ms - f_ms > 366LL * 86400000)
		return svc_fail(ERR_BAD_QUERY, "to", "from 'from' to at most a year later");
	if (!by)
		by = "service";
	enum { BY_SERVICE, BY_COUNTER, BY_OFFICER, BY_DAY } mode;
	if (!strcmp(by, "service"))
		mode = BY_SERVICE;
	else if (!strcmp(by, "counter"))
		mode = BY_COUNTER;
	else if (!strcmp(by, "officer"))
		mode = BY_OFFICER;
	else if (!strcmp(by, "day"))
		mode = BY_DAY;
	else
		return svc_fail(ERR_BAD_QUERY, "by", "service, counter, officer or day");
	out->from = arena_strdup(a, from);
	out->to = arena_strdup(a, to);
	out->by = arena_strdup(a, by);
	struct report_ctx c = {.a = a, .unit_code = unit_code, .out = out};
	struct svc_result r =
		svc_txn_result(db, db_run_txn(db, report_txn, &c, DB_TXN_ATTEMPTS_HOT));
	if (r.code != ERR_NONE)
		return r;
	struct group *groups = arena_zalloc(a, (c.n + 1) * sizeof *groups);
	size_t ng = 0;
	struct group total = {0};
	total.waits = arena_zalloc(a, (c.n + 1) * sizeof *total.waits);
	total.handlings = arena_zalloc(a, (c.n + 1) * sizeof *total.handlings);
	for (size_t i = 0; i < c.n; i++) {
		const struct queue_report_ticket *t = &c.tickets[i];
		add_ticket(&total, t);
		int64_t id = 0;
		const char *key = NULL, *name = NULL;
		switch (mode) {
		case BY_SERVICE:
			id = t->service_id;
			name = t->service_name;
			break;
		case BY_COUNTER:
			id = t->counter_id;
			name = t->counter_number ? arena_printf(a, "Quầy %d", t->counter_number)
						 : "";
			break;
		case BY_OFFICER:
			id = t->officer_id;
			name = t->officer_name;
			break;
		case BY_DAY:
			key = t->day;
			name = t->day;
			break;
		}
		if (mode != BY_DAY && id == 0)
			continue; /* never called: no counter or officer to credit */
		if (!key)
			key = arena_printf(a, "%lld", (long long)id);
		size_t g;
		for (g = 0; g < ng; g++)
			if (!strcmp(groups[g].row.key, key))
				break;
		if (g == ng) {
			ng++;
			groups[g].id = id;
			groups[g].row.key = key;
			groups[g].row.name = name;
			groups[g].row.day = mode == BY_DAY ? t->day : NULL;
			groups[g].waits = arena_zalloc(a, (c.n + 1) * sizeof *groups[g].waits);
			groups[g].handlings =
				arena_zalloc(a, (c.n + 1) * sizeof *groups[g].handlings);
		}
		add_ticket(&groups[g], t);
	}
	finish_group(&total);
	total.row.key = "total";
	total.row.name = "";
	out->total = total.row;
	out->rows = arena_zalloc(a, (ng + 1) * sizeof *out->rows);
	out->nrows = ng;
	for (size_t g = 0; g < ng; g++) {
		finish_group(&groups[g]);
		out->rows[g] = groups[g].row;
	}
	return r;
}
