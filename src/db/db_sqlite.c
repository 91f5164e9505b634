/* The SQLite backend: WAL journal, foreign keys on, a busy handler with
 * one deadline per transaction, a small cache of prepared statements per
 * connection, and group commit of the write transactions of a process
 * (db.h). Layer: db. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "db/db_impl.h"

#define STMT_CACHE 48

struct cached {
	uint64_t key; /* hash of the SQL text */
	char *sql;    /* our copy, compared on a pointer hit */
	sqlite3_stmt *st;
};

struct group;

struct sq {
	sqlite3 *h;
	struct group *g; /* NULL for the group's own writer, or in memory */
	struct cached cache[STMT_CACHE];
	unsigned next;
};

/* ---- waiting for another process's write lock ----
 *
 * A receipt once waited 10 s in the busy handler, ten times over with the
 * retries, and committed a minute later, after its client had given up.
 * Now a transaction gets one deadline, db_busy_timeout_ms() from its start
 * (thread-local: a connection runs one transaction at a time on one
 * thread); the busy handler sleeps in short steps until then, the retries
 * stop there too, and the caller answers "busy, nothing saved". A statement
 * outside a transaction gets the same wait from its first busy moment. */

static _Thread_local int64_t txn_deadline; /* monotonic ms; 0 = none */
static _Thread_local int64_t stmt_deadline;

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int busy_wait(void *arg, int count)
{
	(void)arg;
	int64_t now = mono_ms();
	if (count == 0)
		stmt_deadline = now + db_busy_timeout_ms();
	int64_t deadline = txn_deadline ? txn_deadline : stmt_deadline;
	if (now >= deadline)
		return 0;
	int64_t step = count < 4 ? 1 << count : 20;
	if (step > deadline - now)
		step = deadline - now;
	struct timespec ts = {0, (long)step * 1000000L};
	nanosleep(&ts, NULL);
	return 1;
}

static int map_rc(struct db *db, int rc)
{
	struct sq *s = db->impl;
	int base = rc & 0xff;
	db_set_err(db, "sqlite: %s", sqlite3_errmsg(s->h));
	if (base == SQLITE_BUSY && !txn_deadline) {
		/* A statement on its own (a log-in's throttle, a session) waited
		 * in busy_wait() until its deadline: the same DB_BUSY as a
		 * transaction that gave up, not a database that is down. */
		db->busy_timed_out = true;
		log_warn("a statement gave up after %lld ms: the database is locked by another "
			 "process",
			 (long long)db_busy_timeout_ms());
	}
	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		return DB_SOFT;
	if (base == SQLITE_CONSTRAINT)
		return DB_CONSTRAINT;
	return DB_HARD;
}

/* FNV-1a: statements built at run time (search filters) live in fresh
 * buffers, so the cache is keyed by the text, not by its address. */
static uint64_t sql_hash(const char *sql)
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h;
}

static sqlite3_stmt *prepare(struct db *db, const char *sql, int *rc)
{
	struct sq *s = db->impl;
	uint64_t h = sql_hash(sql);
	for (unsigned i = 0; i < STMT_CACHE; i++) {
		struct cached *c = &s->cache[i];
		if (c->key == h && c->st && !strcmp(c->sql, sql)) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			*rc = SQLITE_OK;
			return c->st;
		}
	}
	sqlite3_stmt *st = NULL;
	*rc = sqlite3_prepare_v2(s->h, sql, -1, &st, NULL);
	if (*rc != SQLITE_OK)
		return NULL;
	struct cached *c = &s->cache[s->next++ % STMT_CACHE];
	if (c->st)
		sqlite3_finalize(c->st);
	free(c->sql);
	c->key = h;
	c->sql = xstrdup(sql);
	c->st = st;
	return st;
}

static int sq_query(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		    struct db_res **out, int64_t *changes)
{
	struct sq *s = db->impl;
	int rc;
	sqlite3_stmt *st = prepare(db, sql, &rc);
	if (!st)
		return map_rc(db, rc);
	if ((size_t)sqlite3_bind_parameter_count(st) != nargs) {
		db_set_err(db, "sqlite: statement has %d parameters, %zu given",
			   sqlite3_bind_parameter_count(st), nargs);
		return DB_HARD;
	}
	for (size_t i = 0; i < nargs; i++) {
		int b = (int)i + 1;
		switch (args[i].type) {
		case DB_ARG_NULL:
			rc = sqlite3_bind_null(st, b);
			break;
		case DB_ARG_INT:
			rc = sqlite3_bind_int64(st, b, args[i].i);
			break;
		case DB_ARG_TEXT:
			rc = sqlite3_bind_text(st, b, args[i].s, -1, SQLITE_STATIC);
			break;
		}
		if (rc != SQLITE_OK)
			return map_rc(db, rc);
	}
	struct db_res *r = NULL;
	int cols = sqlite3_column_count(st);
	if (out)
		r = db_res_new((size_t)cols);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!r)
			continue;
		for (int c = 0; c < cols; c++) {
			if (sqlite3_column_type(st, c) == SQLITE_NULL) {
				db_res_add(r, NULL, 0);
			} else {
				const unsigned char *t = sqlite3_column_text(st, c);
				db_res_add(r, (const char *)t, (size_t)sqlite3_column_bytes(st, c));
			}
		}
	}
	if (rc != SQLITE_DONE) {
		int mapped = map_rc(db, rc);
		sqlite3_reset(st);
		db_res_free(r);
		return mapped;
	}
	if (changes)
		*changes = sqlite3_changes64(s->h);
	sqlite3_reset(st);
	if (out)
		*out = r;
	return DB_OK;
}

static int sq_exec_script(struct db *db, const char *sql)
{
	struct sq *s = db->impl;
	char *msg = NULL;
	int rc = sqlite3_exec(s->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int mapped = map_rc(db, rc);
		if (msg)
			db_set_err(db, "sqlite: %s", msg);
		sqlite3_free(msg);
		return mapped;
	}
	return DB_OK;
}

static void group_unref(struct group *g);

static void sq_close(struct db *db)
{
	struct sq *s = db->impl;
	if (s->g)
		group_unref(s->g);
	for (unsigned i = 0; i < STMT_CACHE; i++) {
		if (s->cache[i].st)
			sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	sqlite3_close_v2(s->h);
	free(s);
	free(db);
}

/* ---- group commit ----
 *
 * One group per database file and process. Its writer connection runs every
 * write transaction of the process's threads, one callback at a time under
 * the group's mutex (so a writer is handed the lock at once rather than
 * sleeping in SQLite's busy handler), each inside a savepoint of one open
 * SQLite transaction. After its callback a thread commits the group if no
 * other thread is waiting to add to it (or the group is full, or the thread
 * is inside another file's transaction); otherwise it leaves the group open
 * and sleeps until the thread that commits it wakes everyone. Pages that
 * several transactions touch (the tails of the indexes, the day counter) are
 * written and synced once per group instead of once per transaction, which
 * is most of a receipt's cost on a real disk. Other processes (a worker, a
 * command) still meet the busy handler. */

#define GROUP_MAX 64

/* A member waiting for its group's outcome: on its own stack, linked into
 * the open group, filled in by group_end(). (A ring of results indexed by
 * the group's number was reused after 1024 groups without a check, so a
 * member slow to wake could read a later group's outcome.) */
struct member {
	struct member *next;
	struct db *db; /* whose err names a failure */
	int rc;
	bool done;
};

struct group {
	struct group *next;
	char *path;
	int refs;
	pthread_mutex_t m; /* recursive: a callback may reach db_run_txn() again */
	pthread_cond_t done;
	struct db *w;		/* the writer, opened at first use */
	bool open;		/* a transaction is open on w */
	bool bulk;		/* w commits without syncing (db_bulk_commits) */
	int members;		/* callbacks whose savepoint was released into it */
	struct member *waiters; /* the members of the open group */
	atomic_int waiting;
};

static pthread_mutex_t groups_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool bulk; /* db_bulk_commits() */

void db_sqlite_bulk(void)
{
	atomic_store(&bulk, true);
}
static struct group *groups;
static _Thread_local int held_groups; /* groups whose callback this thread runs */

static int open_handle(const char *path, bool readonly, struct db **out, char *err, size_t errlen);

static struct group *group_ref(const char *path)
{
	if (!*path || !strcmp(path, ":memory:") || strstr(path, "mode=memory"))
		return NULL; /* each connection is its own database */
	pthread_mutex_lock(&groups_lock);
	struct group *g = groups;
	while (g && strcmp(g->path, path))
		g = g->next;
	if (!g) {
		g = xcalloc(1, sizeof *g);
		g->path = xstrdup(path);
		pthread_mutexattr_t at;
		pthread_mutexattr_init(&at);
		pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
		pthread_mutex_init(&g->m, &at);
		pthread_mutexattr_destroy(&at);
		pthread_cond_init(&g->done, NULL);
		g->next = groups;
		groups = g;
	}
	g->refs++;
	pthread_mutex_unlock(&groups_lock);
	return g;
}

static void group_unref(struct group *g)
{
	pthread_mutex_lock(&groups_lock);
	if (--g->refs > 0) {
		pthread_mutex_unlock(&groups_lock);
		return;
	}
	for (struct group **p = &groups; *p; p = &(*p)->next)
		if (*p == g) {
			*p = g->next;
			break;
		}
	pthread_mutex_unlock(&groups_lock);
	if (g->w)
		db_close(g->w);
	pthread_mutex_destroy(&g->m);
	pthread_cond_destroy(&g->done);
	free(g->path);
	free(g);
}

/* Ends the open group under g->m: COMMIT (ROLLBACK if nothing is in it),
 * or records the failure rc has already caused; wakes its members. */
static void group_end(struct group *g, int rc)
{
	struct db *w = g->w;
	struct sq *s = w->impl;
	int64_t t0 = clock_mono_ns();
	if (rc == DB_OK)
		rc = sq_exec_script(w, g->members ? "COMMIT" : "ROLLBACK");
	if (rc == DB_OK && g->members)
		db_count_group_commit(g->members, clock_mono_ns() - t0);
	char fail[sizeof w->err];
	if (rc != DB_OK) {
		memcpy(fail, w->err, sizeof fail);
		if (!sqlite3_get_autocommit(s->h) && sq_exec_script(w, "ROLLBACK") < 0)
			log_warn("rollback failed: %s", w->err);
	}
	for (struct member *m = g->waiters; m; m = m->next) {
		m->rc = rc;
		if (rc != DB_OK)
			memcpy(m->db->err, fail, sizeof m->db->err);
		m->done = true;
	}
	g->waiters = NULL;
	g->open = false;
	pthread_cond_broadcast(&g->done);
}

/* One attempt; returns the callback's or the group's outcome, with the
 * hooks of a committed callback run. */
static int group_attempt(struct db *db, struct group *g, db_txn_cb fn, void *ctx)
{
	atomic_fetch_add(&g->waiting, 1);
	pthread_mutex_lock(&g->m);
	atomic_fetch_sub(&g->waiting, 1);
	if (g->w && g->w->txn_depth > 0) { /* inside a callback of this file already */
		int rc = fn(g->w, ctx);
		db->abort = g->w->abort;
		pthread_mutex_unlock(&g->m);
		return rc;
	}
	if (!g->w && open_handle(g->path, false, &g->w, db->err, sizeof db->err) < 0) {
		pthread_mutex_unlock(&g->m);
		return DB_HARD;
	}
	struct db *w = g->w;
	struct sq *s = w->impl;
	if (!g->open) {
		int rc = atomic_load(&bulk) && !g->bulk
				 ? sq_exec_script(w, "PRAGMA synchronous=OFF")
				 : DB_OK;
		g->bulk = g->bulk || (rc == DB_OK && atomic_load(&bulk));
		if (rc == DB_OK)
			rc = sq_exec_script(w, "BEGIN IMMEDIATE");
		if (rc < 0) {
			memcpy(db->err, w->err, sizeof db->err);
			pthread_mutex_unlock(&g->m);
			return rc;
		}
		g->open = true;
		g->members = 0;
	}
	struct member me = {.db = db};
	held_groups++;
	int64_t t0 = clock_mono_ns();
	int rc = sq_exec_script(w, "SAVEPOINT motcua_txn");
	w->abort = (struct db_abort_info){0};
	if (rc == DB_OK) {
		w->txn_depth = 1;
		rc = fn(w, ctx);
		w->txn_depth = 0;
		if (rc == DB_OK)
			rc = sq_exec_script(w, "RELEASE motcua_txn");
	}
	db_count_group_member(clock_mono_ns() - t0);
	held_groups--;
	struct db_hooks hooks = {0};
	if (rc == DB_OK) {
		db_hooks_move(&hooks, &w->hooks);
		g->members++;
		me.next = g->waiters;
		g->waiters = &me;
	} else {
		memcpy(db->err, w->err, sizeof db->err);
		db->abort = w->abort;
		db_hooks_drop(&w->hooks);
		if (sqlite3_get_autocommit(s->h) ||
		    sq_exec_script(w, "ROLLBACK TO motcua_txn") < 0 ||
		    sq_exec_script(w, "RELEASE motcua_txn") < 0)
			/* SQLite undid the whole group (I/O error, full disk): the
			 * others run their callbacks again. */
			group_end(g, DB_SOFT);
	}
	if (g->open &&
	    (g->members >= GROUP_MAX || held_groups > 0 || atomic_load(&g->waiting) == 0))
		group_end(g, DB_OK);
	if (rc != DB_OK) {
		pthread_mutex_unlock(&g->m);
		return rc;
	}
	while (!me.done)
		pthread_cond_wait(&g->done, &g->m);
	rc = me.rc;
	pthread_mutex_unlock(&g->m);
	if (rc == DB_OK)
		db_hooks_run(&hooks);
	else
		db_hooks_drop(&hooks);
	return rc;
}

static int sq_run_txn(struct db *db, db_txn_cb fn, void *ctx, int attempts)
{
	struct sq *s = db->impl;
	bool outer = txn_deadline == 0;
	if (outer)
		txn_deadline = mono_ms() + db_busy_timeout_ms();
	db->busy_timed_out = false;
	int rc = DB_SOFT;
	if (!s->g) {
		rc = db_run_plain(db, fn, ctx, attempts);
	} else {
		for (int attempt = 0; attempt < attempts; attempt++) {
			if (attempt > 0) {
				if (mono_ms() >= txn_deadline)
					break;
				db_count_retry();
				db_backoff(attempt);
			}
			rc = group_attempt(db, s->g, fn, ctx);
			if (rc != DB_SOFT)
				break;
			log_debug("transaction retry %d: %s", attempt + 1, db->err);
		}
		db_count_failure(rc);
	}
	if (rc == DB_SOFT && mono_ms() >= txn_deadline) {
		db->busy_timed_out = true;
		log_warn("transaction gave up after %lld ms: the database is locked by another "
			 "process (%s)",
			 (long long)db_busy_timeout_ms(), db->err);
	}
	if (outer)
		txn_deadline = 0;
	return rc;
}

/* Connections outside a group (in memory) still serialise their writers
 * by mutex rather than in the busy handler. */
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;

static void sq_writer_enter(struct db *db)
{
	(void)db;
	pthread_mutex_lock(&writer_lock);
}

static void sq_writer_leave(struct db *db)
{
	(void)db;
	pthread_mutex_unlock(&writer_lock);
}

static const struct db_ops sqlite_ops = {
	.query = sq_query,
	.exec_script = sq_exec_script,
	.close = sq_close,
	/* IMMEDIATE takes the write lock up front, so two writers wait on the
	 * busy handler instead of deadlocking on a read-to-write upgrade. */
	.begin_sql = "BEGIN IMMEDIATE",
	.writer_enter = sq_writer_enter,
	.writer_leave = sq_writer_leave,
	.run_txn = sq_run_txn,
};

/* Process-wide settings, before the first connection: no memory
 * statistics (a global mutex on every allocation otherwise). */
static void configure_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int open_handle(const char *path, bool readonly, struct db **out, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_once);
	sqlite3 *h = NULL;
	/* NOMUTEX: a connection is used by one thread at a time (the pool hands
	 * it out, the group's mutex guards its writer), so SQLite's
	 * per-connection mutex is pure cost. */
	int rc = sqlite3_open_v2(
		path, &h,
		(readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
			SQLITE_OPEN_NOMUTEX,
		NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open sqlite database %s: %s", path,
			 h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close_v2(h);
		return DB_HARD;
	}
	sqlite3_busy_handler(h, busy_wait, NULL);
	/* Query-planner stability: plans do not depend on bound values, so a
	 * cached statement with `LIKE ?` (the catalogue search) is not
	 * re-prepared on every bind. */
	sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
	sqlite3_extended_result_codes(h, 1);
	char *msg = NULL;
	/* A read-only copy (db_backup.c) is read as it is: no pragma that
	 * would write to it. */
	if (readonly)
		goto done;
	/* No mmap: in WAL mode a connection unmaps the whole file at the start
	 * of its first read after any commit (perf of a receipt load: an eighth
	 * of the CPU in munmap and TLB shoot-downs). Savepoint journals in
	 * memory (group commit runs every transaction under one). */
	rc = sqlite3_exec(h,
			  "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
			  "PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot set up sqlite database %s: %s", path,
			 msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		sqlite3_close_v2(h);
		return DB_HARD;
	}
done:;
	struct db *db = xcalloc(1, sizeof *db);
	struct sq *s = xcalloc(1, sizeof *s);
	s->h = h;
	db->ops = &sqlite_ops;
	db->backend = DB_SQLITE;
	db->impl = s;
	*out = db;
	return DB_OK;
}

int db_sqlite_open(const char *path, struct db **out, char *err, size_t errlen)
{
	int rc = open_handle(path, false, out, err, errlen);
	if (rc == DB_OK)
		((struct sq *)(*out)->impl)->g = group_ref(path);
	return rc;
}

int db_sqlite_open_readonly(const char *path, struct db **out, char *err, size_t errlen)
{
	return open_handle(path, true, out, err, errlen);
}
