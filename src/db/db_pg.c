/* The PostgreSQL backend through libpq: `?` placeholders rewritten to $n,
 * parameters sent as text, SQLSTATE mapped to soft/hard/constraint, and
 * serializable transactions so that the runner's retries keep invariants.
 * Layer: db. */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "db/db_impl.h"

/* Prepared statements, per connection (issue 16): a use case runs the same
 * few statements again and again, and planning them cost more than running
 * them (0.85 ms against 0.46 ms per receipt statement). Each SQL text is
 * prepared at its first use and run by name after; at most PG_STMT_MAX are
 * kept, and a new one then replaces one not used since the clock hand last
 * passed (DEALLOCATE), so texts built with literals cannot crowd out the
 * rest. A lost connection (PQreset) forgets them all; a statement the
 * server no longer knows or whose plan a schema change made invalid is run
 * once unprepared and prepared again at its next use. */
#define PG_STMT_MAX 256
/* Statements without parameters or rows (BEGIN, SAVEPOINT) held back to
 * travel with the next one in one round trip (db_pg_defer()). */
#define PG_PRE_MAX 2
/* Statements sent without waiting (db_exec_later()) at most before their
 * results are read: the server's replies must fit the socket's buffers. */
#define PG_INFLIGHT_MAX 64

struct pg_stmt {
	uint64_t hash; /* 0 = empty */
	char *sql;     /* the text as the caller gave it (with ?) */
	unsigned id;   /* the statement's name is "m<id>" */
	bool used;
};

struct pg {
	PGconn *c;
	struct pg_stmt stmts[PG_STMT_MAX];
	size_t hand;		     /* the clock hand over stmts */
	unsigned next_id;	     /* names are never reused on one connection */
	struct pg_group *grp;	     /* NULL on a group's own writer */
	const char *pre[PG_PRE_MAX]; /* statements deferred to the next one (db_pg_defer()) */
	size_t npre;
	size_t inflight;   /* sent in pipeline mode, their results not read yet */
	bool async_commit; /* db_bulk_commits(): set again on a new session */
	/* A bounded connection's (db_pg_open_bounded(), a replica's): each
	 * wait for the server's answer lasts at most timeout_ms, after which
	 * the connection is closed (failed, lost); a lost one is not opened
	 * again here (reconnect() would wait on a server that may not
	 * answer) but by its owner. 0: wait as long as it takes. */
	int64_t timeout_ms;
	bool failed, lost, timed_out; /* since db_pg_take_failure() */
};

static uint64_t stmt_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

/* Waits until libpq can read a whole result without blocking, at most
 * timeout_ms on a bounded connection (others return at once and libpq
 * waits as long as it takes). Past the bound the socket is shut: libpq
 * then finds the connection ended, and every later call on it fails at
 * once, so a replica that stopped answering (a stopped process, a cut
 * network) holds a thread no longer than the bound. */
static void pg_wait(struct pg *g)
{
	if (!g->timeout_ms || g->timed_out)
		return;
	int64_t end = clock_mono_ns() / 1000000 + g->timeout_ms;
	while (PQisBusy(g->c)) {
		struct pollfd pfd = {.fd = PQsocket(g->c), .events = POLLIN};
		if (pfd.fd < 0)
			return;
		int64_t left = end - clock_mono_ns() / 1000000;
		int n = left > 0 ? poll(&pfd, 1, (int)left) : 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0) {
			g->timed_out = true;
			shutdown(pfd.fd, SHUT_RDWR);
			PQconsumeInput(g->c); /* reads the end: CONNECTION_BAD */
			return;
		}
		if (n < 0 || !PQconsumeInput(g->c))
			return;
	}
}

static PGresult *pg_get(struct pg *g)
{
	pg_wait(g);
	return PQgetResult(g->c);
}

/* The results of what was sent, as PQexec() gives them: the first
 * failure, else the last result; NULL if nothing was sent or the
 * connection failed. */
static PGresult *pg_collect(struct pg *g, int sent)
{
	PGresult *keep = NULL;
	for (PGresult *r; sent && (r = pg_get(g));) {
		if (keep && PQresultStatus(keep) == PGRES_FATAL_ERROR) {
			PQclear(r);
			continue;
		}
		PQclear(keep);
		keep = r;
	}
	return keep;
}

/* PQexec(), PQprepare(), PQexecPrepared() and PQexecParams(), bounded on a
 * bounded connection (pg_wait()). */
static PGresult *pg_exec(struct pg *g, const char *sql)
{
	if (!g->timeout_ms)
		return PQexec(g->c, sql);
	return pg_collect(g, PQsendQuery(g->c, sql));
}

static PGresult *pg_prepare(struct pg *g, const char *name, const char *sql, int nargs)
{
	if (!g->timeout_ms)
		return PQprepare(g->c, name, sql, nargs, NULL);
	return pg_collect(g, PQsendPrepare(g->c, name, sql, nargs, NULL));
}

static PGresult *pg_exec_prepared(struct pg *g, const char *name, int nargs,
				  const char *const *vals)
{
	if (!g->timeout_ms)
		return PQexecPrepared(g->c, name, nargs, vals, NULL, NULL, 0);
	return pg_collect(g, PQsendQueryPrepared(g->c, name, nargs, vals, NULL, NULL, 0));
}

static PGresult *pg_exec_params(struct pg *g, const char *sql, int nargs, const char *const *vals)
{
	if (!g->timeout_ms)
		return PQexecParams(g->c, sql, nargs, NULL, vals, NULL, NULL, 0);
	return pg_collect(g, PQsendQueryParams(g->c, sql, nargs, NULL, vals, NULL, NULL, 0));
}

static void stmts_forget(struct pg *g)
{
	for (size_t i = 0; i < PG_STMT_MAX; i++) {
		free(g->stmts[i].sql);
		g->stmts[i] = (struct pg_stmt){0};
	}
}

static struct pg_stmt *stmt_find(struct pg *g, const char *sql, uint64_t h)
{
	for (size_t i = 0; i < PG_STMT_MAX; i++)
		if (g->stmts[i].hash == h && !strcmp(g->stmts[i].sql, sql)) {
			g->stmts[i].used = true;
			return &g->stmts[i];
		}
	return NULL;
}

/* A slot for a new statement: an empty one, else the first the clock hand
 * finds unused since its last pass, deallocated on the server. */
static struct pg_stmt *stmt_slot(struct pg *g)
{
	for (size_t n = 0; n < 2 * PG_STMT_MAX; n++) {
		struct pg_stmt *s = &g->stmts[g->hand];
		g->hand = (g->hand + 1) % PG_STMT_MAX;
		if (!s->hash)
			return s;
		if (s->used) {
			s->used = false;
			continue;
		}
		char q[32];
		snprintf(q, sizeof q, "DEALLOCATE m%u", s->id);
		db_count_round_trip();
		PQclear(pg_exec(g, q));
		free(s->sql);
		*s = (struct pg_stmt){0};
		return s;
	}
	return NULL; /* not reached: the second pass finds every bit cleared */
}

static void notice_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs such as "relation exists, skipping" are noise */
}

/* Keeps the first message (arg: a char[256]): why an idle session ended. */
static void notice_keep(void *arg, const char *message)
{
	char *why = arg;
	if (!*why)
		snprintf(why, 256, "%s", message);
}

/* Rewrites ? to $1.. outside quoted literals and identifiers. */
static void rewrite(const char *sql, struct buf *out)
{
	int n = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			buf_addc(out, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_addc(out, *p);
		} else if (*p == '?') {
			buf_addf(out, "$%d", ++n);
		} else {
			buf_addc(out, *p);
		}
	}
}

/* What db_bulk_commits() sends (db.c), kept for a new session. */
#define BULK_SQL "SET synchronous_commit TO off"

/* Every session's settings. No JIT: PostgreSQL compiles a plan whose
 * estimate passes jit_above_cost, and motcua's statements, each a few
 * milliseconds, paid it in full (the monitoring's batch of 500 dossiers
 * at a million: 0.89 s of compiling in a statement of 1.28 s). */
#define SESSION_SQL "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET jit = off"

static void session_setup(PGconn *c)
{
	PQsetNoticeProcessor(c, notice_quiet, NULL);
	PQclear(PQexec(c, SESSION_SQL));
}

/* The server ended the session (a restart, an administrator, a network
 * cut): a new one (PQreset) with the session's settings, and none of the
 * old one's prepared or deferred statements. why: libpq's message, for
 * the log. If the server does not answer yet, the connection stays bad
 * and the next statement tries again. */
static void reconnect(struct db *db, const char *why)
{
	struct pg *g = db->impl;
	log_warn("postgresql: connection lost (%s): connecting again", why);
	PQreset(g->c);
	stmts_forget(g);
	g->npre = g->inflight = 0; /* a new session has none of them */
	if (PQstatus(g->c) == CONNECTION_OK) {
		session_setup(g->c);
		if (g->async_commit)
			PQclear(PQexec(g->c, BULK_SQL));
	} else
		log_warn("postgresql: cannot connect again: %s", PQerrorMessage(g->c));
}

/* libpq's messages hold newlines and tabs: one line for the log. */
static void one_line(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	size_t l = strlen(s);
	while (l && s[l - 1] == ' ')
		s[--l] = 0;
}

/* Maps a failure to DB_*; a connection found closed is opened again and
 * the failure is DB_SOFT (*lost set if lost is not NULL): nothing the
 * session had not committed survives, so the runner may run the
 * transaction again (see pg_exec_script() for a COMMIT in flight). */
static int map_result_lost(struct db *db, PGresult *res, bool *lost)
{
	struct pg *g = db->impl;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : "";
	if (!*msg)
		msg = PQerrorMessage(g->c);
	db_set_err(db, "postgresql: %s%s%s", state ? state : "", state ? " " : "",
		   *msg ? msg : "no message from libpq");
	one_line(db->err);
	if (lost)
		*lost = false;
	g->failed = true;
	if (g->timeout_ms && PQstatus(g->c) != CONNECTION_OK) {
		if (g->timed_out)
			db_set_err(db, "postgresql: no answer within %lld ms",
				   (long long)g->timeout_ms);
		g->lost = true; /* its owner opens another, bounded */
		return DB_HARD;
	}
	if (PQstatus(g->c) != CONNECTION_OK) {
		if (lost)
			*lost = true;
		reconnect(db, db->err + strlen("postgresql: "));
		return DB_SOFT;
	}
	if (!state)
		return DB_HARD;
	/* 26000, 0A000: a prepared statement lost or made stale by a schema
	 * change (forgotten by run_prepared(): the next attempt prepares it). */
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03") ||
	    !strcmp(state, "26000") || !strcmp(state, "0A000"))
		return DB_SOFT;
	if (!strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	return DB_HARD;
}

static int map_result(struct db *db, PGresult *res)
{
	return map_result_lost(db, res, NULL);
}

/* A bounded connection found closed is not opened again here (that could
 * wait without bound): it is marked lost, for its owner
 * (db_pg_take_failure()), with why in its error. */
static void reconnect_or_lose(struct db *db, const char *why)
{
	struct pg *g = db->impl;
	if (!g->timeout_ms) {
		reconnect(db, why);
		return;
	}
	db_set_err(db, "postgresql: %s", why);
	g->lost = true;
}

void db_pg_revive(struct db *db)
{
	struct pg *g = db->impl;
	if (g->npre || g->inflight || PQtransactionStatus(g->c) == PQTRANS_INTRANS ||
	    PQtransactionStatus(g->c) == PQTRANS_INERROR || g->lost)
		return; /* in use: its next statement finds out */
	if (PQstatus(g->c) != CONNECTION_OK) {
		char why[256];
		snprintf(why, sizeof why, "%s", PQerrorMessage(g->c));
		one_line(why);
		reconnect_or_lose(db, *why ? why : "connection bad");
		return;
	}
	/* Idle, the server has nothing to say; a session it ended has its
	 * FATAL message and the end of the stream waiting to be read. */
	struct pollfd pfd = {.fd = PQsocket(g->c), .events = POLLIN};
	if (pfd.fd < 0 || poll(&pfd, 1, 0) <= 0)
		return;
	char why[256] = "";
	PQsetNoticeProcessor(g->c, notice_keep, why);
	if (PQconsumeInput(g->c))
		(void)PQisBusy(g->c); /* parses what came: the FATAL is a notice here */
	if (!*why || PQstatus(g->c) != CONNECTION_OK)
		snprintf(why, sizeof why, "%s", PQerrorMessage(g->c));
	PQsetNoticeProcessor(g->c, notice_quiet, NULL);
	one_line(why);
	reconnect_or_lose(db, *why ? why : "the server sent data to an idle session");
}

/* The first result of the next statement of a pipeline, the rest of its
 * results consumed; NULL if the connection failed. */
static PGresult *pipe_result(struct pg *g)
{
	PGresult *res = pg_get(g);
	if (res)
		for (PGresult *more; (more = pg_get(g));)
			PQclear(more);
	return res;
}

/* Sends the deferred statements (db_pg_defer()) into the pipeline, which
 * it enters if need be; false if the connection failed. */
static bool pipe_send_pre(struct pg *g)
{
	PGconn *c = g->c;
	if (PQpipelineStatus(c) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c))
		return false;
	bool sent = true;
	for (size_t i = 0; i < g->npre && sent; i++) {
		sent = PQsendQueryParams(c, g->pre[i], 0, NULL, NULL, NULL, NULL, 0);
		g->inflight++;
	}
	g->npre = 0;
	return sent;
}

/* Ends the pipeline: a sync, then the results of the statements in flight,
 * the last one's returned in *last if last is not NULL. Returns the first
 * failure (the statements after it were not run: PGRES_PIPELINE_ABORTED),
 * else *last, else NULL; on a lost connection, an empty error result. */
static PGresult *pipe_end(struct pg *g, bool sent, PGresult **last)
{
	PGconn *c = g->c;
	size_t n = g->inflight;
	g->inflight = 0;
	if (last)
		*last = NULL;
	sent = sent && PQpipelineSync(c);
	db_count_round_trip();
	PGresult *fail = NULL;
	bool lost = !sent;
	for (size_t i = 0; i < n && !lost; i++) {
		PGresult *r = pipe_result(g);
		ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
		lost = !r;
		if (last && i == n - 1 && !fail)
			*last = r;
		else if (!fail && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			fail = r;
		else
			PQclear(r);
	}
	for (PGresult *r; !lost && (r = pg_get(g));) { /* up to the sync */
		bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (sync)
			break;
	}
	if (!PQexitPipelineMode(c) && PQstatus(c) == CONNECTION_OK)
		log_warn("postgresql: pipeline not ended: %s", PQerrorMessage(c));
	if (!fail && lost) /* map_result() finds the connection's state */
		fail = PQmakeEmptyPGresult(c, PGRES_FATAL_ERROR);
	if (fail && last) {
		PQclear(*last);
		*last = NULL;
	}
	return fail ? fail : last ? *last : NULL;
}

/* The statements in flight, then the prepared statement name, in one
 * round trip (libpq's pipeline mode): the result of the first that
 * failed, else the statement's. */
static PGresult *run_pipelined(struct pg *g, const char *name, int nargs, const char *const *vals)
{
	bool sent = pipe_send_pre(g);
	sent = sent && PQsendQueryPrepared(g->c, name, nargs, vals, NULL, NULL, 0);
	g->inflight++;
	PGresult *last;
	return pipe_end(g, sent, &last);
}

void db_pg_defer(struct db *db, const char *sql)
{
	struct pg *g = db->impl;
	if (g->npre == PG_PRE_MAX) { /* not reached by db_pg_group.c (BEGIN, SAVEPOINT) */
		if (db_exec_script(db, sql) < 0)
			log_warn("%s: %s", sql, db->err);
		return;
	}
	g->pre[g->npre++] = sql;
}

bool db_pg_undefer(struct db *db, const char *sql)
{
	struct pg *g = db->impl;
	if (!g->npre || strcmp(g->pre[g->npre - 1], sql))
		return false;
	g->npre--;
	return true;
}

/* Runs sql (rewritten in q) by its prepared statement, preparing it at its
 * first use, behind the deferred statements if any; see PG_STMT_MAX. */
static PGresult *run_prepared(struct pg *g, const char *sql, struct buf *q, int nargs,
			      const char *const *vals)
{
	uint64_t h = stmt_hash(sql);
	struct pg_stmt *s = stmt_find(g, sql, h);
	char name[16];
	if (!s && g->inflight) { /* PQprepare() waits: the pipeline first */
		PGresult *fail = pipe_end(g, true, NULL);
		if (fail)
			return fail;
	}
	if (!s) {
		s = stmt_slot(g);
		unsigned id = g->next_id++;
		snprintf(name, sizeof name, "m%u", id);
		db_count_round_trip();
		PGresult *p = pg_prepare(g, name, buf_str(q), nargs);
		if (!p || PQresultStatus(p) != PGRES_COMMAND_OK)
			return p; /* the error, as the statement would have given it */
		PQclear(p);
		*s = (struct pg_stmt){h, xstrdup(sql), id, true};
	}
	snprintf(name, sizeof name, "m%u", s->id);
	if (!g->npre && !g->inflight)
		db_count_round_trip();
	PGresult *res = g->npre || g->inflight ? run_pipelined(g, name, nargs, vals)
					       : pg_exec_prepared(g, name, nargs, vals);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	/* 26000: unknown to the server; 0A000: its plan's result changed with
	 * the schema. Outside a transaction, run it once as plain text. */
	if (state && (!strcmp(state, "26000") || !strcmp(state, "0A000"))) {
		char q2[32];
		snprintf(q2, sizeof q2, "DEALLOCATE m%u", s->id);
		free(s->sql);
		*s = (struct pg_stmt){0};
		if (PQtransactionStatus(g->c) == PQTRANS_IDLE) {
			PQclear(res);
			PQclear(pg_exec(g, q2));
			res = pg_exec_params(g, buf_str(q), nargs, vals);
		}
	}
	return res;
}

static int pg_sync(struct db *db);

/* The statement failed because its connection was closed. */
static bool conn_lost(struct pg *g, PGresult *res)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && PQstatus(g->c) != CONNECTION_OK;
}

/* A SELECT changes nothing (pg_notify says something changed: saying it
 * twice is harmless): run again when its connection was lost, whether or
 * not the server ran it. */
static bool is_read(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	return !strncasecmp(sql, "SELECT", 6);
}

/* Sends sql, already prepared, into the pipeline without waiting for its
 * result (db_exec_later()); false if it is not prepared yet. */
static bool send_later(struct db *db, const char *sql, int nargs, const char *const *vals)
{
	struct pg *g = db->impl;
	struct pg_stmt *s = db->txn_depth > 0 ? stmt_find(g, sql, stmt_hash(sql)) : NULL;
	if (!s)
		return false;
	char name[16];
	snprintf(name, sizeof name, "m%u", s->id);
	if (!pipe_send_pre(g) || !PQsendQueryPrepared(g->c, name, nargs, vals, NULL, NULL, 0))
		log_warn("postgresql: %s", PQerrorMessage(g->c)); /* pipe_end() reports it */
	g->inflight++;
	return true;
}

static int pg_query_any(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
			struct db_res **out, int64_t *changes, bool later)
{
	struct pg *g = db->impl;
	int rc0 = later && g->inflight >= PG_INFLIGHT_MAX ? pg_sync(db) : DB_OK;
	if (rc0 < 0)
		return rc0;
	struct buf q = BUF_INIT;
	rewrite(sql, &q);
	const char *vals_small[16];
	char nums_small[16][24];
	const char **vals = vals_small;
	char(*nums)[24] = nums_small;
	if (nargs > 16) {
		vals = xcalloc(nargs, sizeof *vals);
		nums = xcalloc(nargs, sizeof *nums);
	}
	for (size_t i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case DB_ARG_NULL:
			vals[i] = NULL;
			break;
		case DB_ARG_INT:
			snprintf(nums[i], sizeof nums[i], "%lld", (long long)args[i].i);
			vals[i] = nums[i];
			break;
		case DB_ARG_TEXT:
			vals[i] = args[i].s;
			break;
		}
	}
	bool sent = later && send_later(db, sql, (int)nargs, vals);
	bool alone = !sent && !g->npre && !g->inflight && db->txn_depth == 0 &&
		     PQtransactionStatus(g->c) == PQTRANS_IDLE;
	PGresult *res = sent ? NULL : run_prepared(g, sql, &q, (int)nargs, vals);
	int lost = DB_OK;
	if (alone && conn_lost(g, res)) { /* map_result() opens a new session */
		lost = map_result(db, res);
		PQclear(res);
		res = NULL;
		if (is_read(sql) && PQstatus(g->c) == CONNECTION_OK) {
			lost = DB_OK; /* run once more, on the new session */
			res = run_prepared(g, sql, &q, (int)nargs, vals);
		}
	}
	buf_release(&q);
	if (nargs > 16) {
		free(vals);
		free(nums);
	}
	if (sent || lost < 0)
		return sent ? DB_OK : lost;
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int rc = map_result(db, res);
		PQclear(res);
		return rc;
	}
	if (changes) {
		const char *t = PQcmdTuples(res);
		*changes = t && *t ? strtoll(t, NULL, 10) : 0;
	}
	if (out) {
		int rows = PQntuples(res), cols = PQnfields(res);
		struct db_res *r = db_res_new((size_t)cols);
		for (int i = 0; i < rows; i++)
			for (int c = 0; c < cols; c++) {
				if (PQgetisnull(res, i, c))
					db_res_add(r, NULL, 0);
				else
					db_res_add(r, PQgetvalue(res, i, c),
						   (size_t)PQgetlength(res, i, c));
			}
		*out = r;
	}
	PQclear(res);
	return DB_OK;
}

static int pg_query(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		    struct db_res **out, int64_t *changes)
{
	return pg_query_any(db, sql, args, nargs, out, changes, false);
}

static int pg_query_later(struct db *db, const char *sql, const struct db_arg *args, size_t nargs)
{
	return pg_query_any(db, sql, args, nargs, NULL, NULL, true);
}

/* The results of the statements in flight: DB_OK, or the first failure. */
static int pg_sync(struct db *db)
{
	struct pg *g = db->impl;
	if (!g->inflight)
		return DB_OK;
	PGresult *fail = pipe_end(g, true, NULL);
	if (!fail)
		return DB_OK;
	int rc = map_result(db, fail);
	PQclear(fail);
	return rc;
}

static int pg_exec_script(struct db *db, const char *sql)
{
	struct pg *g = db->impl;
	/* Statements in flight first; a failure among them is the script's
	 * (a COMMIT would end their aborted transaction as a ROLLBACK), but a
	 * ROLLBACK runs whatever they gave. */
	db->outcome_unknown = false;
	int rc0 = pg_sync(db);
	if (rc0 < 0 && strncmp(sql, "ROLLBACK", 8))
		return rc0;
	bool commit = !strncmp(sql, "COMMIT", 6);
	struct buf all = BUF_INIT;
	if (g->npre) { /* a script may hold several statements: one text */
		for (size_t i = 0; i < g->npre; i++)
			buf_addf(&all, "%s; ", g->pre[i]);
		buf_addf(&all, "%s", sql);
		sql = buf_str(&all);
		g->npre = 0;
	}
	db_count_round_trip();
	PGresult *res = pg_exec(g, sql);
	buf_release(&all);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		bool lost;
		int rc = map_result_lost(db, res, &lost);
		PQclear(res);
		if (lost && commit) { /* it may have committed: not to be run again */
			char was[sizeof db->err];
			memcpy(was, db->err, sizeof was);
			db_set_err(
				db,
				"the connection was lost while COMMIT was in flight: whether the "
				"transaction committed is unknown, so it is not run again (%s)",
				was);
			db->outcome_unknown = true;
			rc = DB_HARD;
		}
		return rc;
	}
	PQclear(res);
	if (!strcmp(sql, BULK_SQL))
		g->async_commit = true;
	return DB_OK;
}

static void pg_close(struct db *db)
{
	struct pg *g = db->impl;
	if (g->grp)
		db_pg_group_unref(g->grp);
	stmts_forget(g);
	PQfinish(g->c);
	free(g);
	free(db);
}

static int pg_run_txn_counter(struct db *db, int64_t key, db_txn_cb fn, void *ctx, int attempts)
{
	struct pg *g = db->impl;
	if (!g->grp) { /* a group's writer itself: one transaction of its own */
		db->read_committed = true;
		int rc = db_run_plain(db, fn, ctx, attempts);
		db->read_committed = false;
		return rc;
	}
	return db_pg_group_run(db, g->grp, key, fn, ctx, attempts);
}

static const struct db_ops pg_ops = {
	.query = pg_query,
	.query_later = pg_query_later,
	.sync = pg_sync,
	.exec_script = pg_exec_script,
	.close = pg_close,
	.begin_sql = "BEGIN ISOLATION LEVEL SERIALIZABLE",
	.run_txn_counter = pg_run_txn_counter,
	.revive = db_pg_revive,
};

static struct db *pg_wrap(PGconn *c)
{
	struct db *db = xcalloc(1, sizeof *db);
	struct pg *g = xcalloc(1, sizeof *g);
	g->c = c;
	db->ops = &pg_ops;
	db->backend = DB_POSTGRES;
	db->impl = g;
	return db;
}

int db_pg_open(const char *url, struct db **out, char *err, size_t errlen)
{
	int rc = db_pg_open_writer(url, out, err, errlen);
	if (rc == DB_OK)
		((struct pg *)(*out)->impl)->grp = db_pg_group_ref(url);
	return rc;
}

int db_pg_open_writer(const char *url, struct db **out, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(url);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		const char *m = c ? PQerrorMessage(c) : "out of memory";
		snprintf(err, errlen, "cannot connect to postgresql: %s", m);
		size_t l = strlen(err);
		while (l && err[l - 1] == '\n')
			err[--l] = 0;
		PQfinish(c);
		return DB_HARD;
	}
	session_setup(c);
	*out = pg_wrap(c);
	return DB_OK;
}

/* Connects without waiting longer than timeout_ms at any step (libpq's
 * connect_timeout counts whole seconds, at least 2). */
static PGconn *connect_bounded(const char *url, int64_t timeout_ms, char *err, size_t errlen)
{
	PGconn *c = PQconnectStart(url);
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	int64_t end = clock_mono_ns() / 1000000 + timeout_ms;
	while (c && PQstatus(c) != CONNECTION_BAD && st != PGRES_POLLING_OK &&
	       st != PGRES_POLLING_FAILED) {
		struct pollfd pfd = {.fd = PQsocket(c),
				     .events = st == PGRES_POLLING_READING ? POLLIN : POLLOUT};
		int64_t left = end - clock_mono_ns() / 1000000;
		int n = left > 0 ? poll(&pfd, 1, (int)left) : 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0) {
			snprintf(err, errlen,
				 "cannot connect to postgresql: no answer within %lld ms",
				 (long long)timeout_ms);
			PQfinish(c);
			return NULL;
		}
		st = PQconnectPoll(c);
	}
	if (!c || PQstatus(c) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to postgresql: %s",
			 c ? PQerrorMessage(c) : "out of memory");
		one_line(err);
		PQfinish(c);
		return NULL;
	}
	return c;
}

int db_pg_open_bounded(const char *url, int64_t timeout_ms, struct db **out, char *err,
		       size_t errlen)
{
	*out = NULL;
	PGconn *c = connect_bounded(url, timeout_ms, err, errlen);
	if (!c)
		return DB_HARD;
	PQsetNoticeProcessor(c, notice_quiet, NULL);
	struct db *db = pg_wrap(c);
	struct pg *g = db->impl;
	g->timeout_ms = timeout_ms;
	/* A slow statement is ended by the server itself, before the client
	 * gives up: a failure then, not a server that stopped answering. */
	char sql[256];
	snprintf(sql, sizeof sql, SESSION_SQL "; SET statement_timeout = %lld",
		 (long long)(timeout_ms * 3 / 4));
	if (db_exec_script(db, sql) < 0) {
		snprintf(err, errlen, "%s", db->err);
		db_close(db);
		return DB_HARD;
	}
	*out = db;
	return DB_OK;
}

bool db_pg_take_failure(struct db *db, bool *lost)
{
	struct pg *g = db->impl;
	bool failed = g->failed;
	g->failed = false;
	*lost = g->lost || PQstatus(g->c) != CONNECTION_OK;
	return failed || *lost;
}

/* ---- LISTEN: a thread with its own connection ---- */

struct db_listener {
	char *url, *channel;
	void (*fn)(const char *, void *);
	void *arg;
	pthread_t thread;
	atomic_bool stop;
};

static PGconn *listen_connect(struct db_listener *l)
{
	PGconn *c = PQconnectdb(l->url);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		log_warn("listen: cannot connect: %s", c ? PQerrorMessage(c) : "out of memory");
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, notice_quiet, NULL);
	char *ident = PQescapeIdentifier(c, l->channel, strlen(l->channel));
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "LISTEN %s", ident ? ident : "\"\"");
	PQfreemem(ident);
	PGresult *r = PQexec(c, buf_str(&sql));
	buf_release(&sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		log_warn("listen: %s", PQerrorMessage(c));
	PQclear(r);
	if (!ok) {
		PQfinish(c);
		return NULL;
	}
	log_info("listening for %s", l->channel);
	return c;
}

static void *listen_main(void *arg)
{
	struct db_listener *l = arg;
	PGconn *c = NULL;
	while (!atomic_load(&l->stop)) {
		if (!c && !(c = listen_connect(l))) {
			struct timespec ts = {1, 0}; /* try again in a second */
			nanosleep(&ts, NULL);
			continue;
		}
		struct pollfd pfd = {.fd = PQsocket(c), .events = POLLIN};
		int n = poll(&pfd, 1, 250); /* wakes to notice stop */
		if (n < 0 || (n > 0 && !PQconsumeInput(c))) {
			log_warn("listen: connection lost: %s", PQerrorMessage(c));
			PQfinish(c);
			c = NULL;
			continue;
		}
		PGnotify *m;
		while ((m = PQnotifies(c))) {
			l->fn(m->extra, l->arg);
			PQfreemem(m);
		}
	}
	PQfinish(c);
	return NULL;
}

int db_pg_listen_start(const char *url, const char *channel, void (*fn)(const char *, void *),
		       void *arg, struct db_listener **out, char *err, size_t errlen)
{
	struct db_listener *l = xcalloc(1, sizeof *l);
	l->url = xstrdup(url);
	l->channel = xstrdup(channel);
	l->fn = fn;
	l->arg = arg;
	if (pthread_create(&l->thread, NULL, listen_main, l) != 0) {
		snprintf(err, errlen, "cannot start the listening thread");
		free(l->url);
		free(l->channel);
		free(l);
		return DB_HARD;
	}
	*out = l;
	return DB_OK;
}

void db_pg_listen_stop(struct db_listener *l)
{
	atomic_store(&l->stop, true);
	pthread_join(l->thread, NULL);
	free(l->url);
	free(l->channel);
	free(l);
}
