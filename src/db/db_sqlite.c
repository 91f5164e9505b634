/* The SQLite backend: WAL journal, foreign keys on, a busy timeout, and a
 * small cache of prepared statements per connection. Layer: db. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "db/db_impl.h"

#define STMT_CACHE 48

struct cached {
	uint64_t key; /* hash of the SQL text */
	char *sql;    /* our copy, compared on a pointer hit */
	sqlite3_stmt *st;
};

struct sq {
	sqlite3 *h;
	struct cached cache[STMT_CACHE];
	unsigned next;
};

static int map_rc(struct db *db, int rc)
{
	struct sq *s = db->impl;
	int base = rc & 0xff;
	db_set_err(db, "sqlite: %s", sqlite3_errmsg(s->h));
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

static void sq_close(struct db *db)
{
	struct sq *s = db->impl;
	for (unsigned i = 0; i < STMT_CACHE; i++) {
		if (s->cache[i].st)
			sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	sqlite3_close_v2(s->h);
	free(s);
	free(db);
}

/* One writer at a time per process, handed over at once: SQLite's busy
 * handler would otherwise sleep in growing steps (up to 100 ms) while the
 * lock is already free, which is most of a receipt's tail latency under
 * load. Recursive, so that a transaction which opens another connection's
 * transaction (never on the same file) cannot deadlock itself. Other
 * processes (a worker, a command) still meet the busy handler. */
static pthread_mutex_t writer_lock;
static pthread_once_t writer_once = PTHREAD_ONCE_INIT;

static void writer_init(void)
{
	pthread_mutexattr_t at;
	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&writer_lock, &at);
	pthread_mutexattr_destroy(&at);
}

static void sq_writer_enter(struct db *db)
{
	(void)db;
	pthread_once(&writer_once, writer_init);
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
};

/* Process-wide settings, before the first connection: no memory
 * statistics (a global mutex on every allocation otherwise). */
static void configure_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_sqlite_open(const char *path, struct db **out, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_once);
	sqlite3 *h = NULL;
	/* NOMUTEX: a connection is used by one thread at a time (the pool hands
	 * it out), so SQLite's per-connection mutex is pure cost. */
	int rc = sqlite3_open_v2(
		path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open sqlite database %s: %s", path,
			 h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close_v2(h);
		return DB_HARD;
	}
	sqlite3_busy_timeout(h, 10000);
	/* Query-planner stability: plans do not depend on bound values, so a
	 * cached statement with `LIKE ?` (the catalogue search) is not
	 * re-prepared on every bind. */
	sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
	sqlite3_extended_result_codes(h, 1);
	char *msg = NULL;
	rc = sqlite3_exec(h,
			  "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
			  "PRAGMA synchronous=FULL;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot set up sqlite database %s: %s", path,
			 msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		sqlite3_close_v2(h);
		return DB_HARD;
	}
	struct db *db = xcalloc(1, sizeof *db);
	struct sq *s = xcalloc(1, sizeof *s);
	s->h = h;
	db->ops = &sqlite_ops;
	db->backend = DB_SQLITE;
	db->impl = s;
	*out = db;
	return DB_OK;
}
