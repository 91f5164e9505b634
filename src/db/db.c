/* Backend-independent parts of the driver: URL dispatch, results, the
 * transaction runner and the connection pool. See db.h. Layer: db. */
#include "db/db.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "db/db_impl.h"

static _Atomic int64_t stat_retries, stat_errors, stat_round_trips;
static _Atomic int64_t stat_groups, stat_members, stat_member_ns, stat_commit_ns;

void db_set_err(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof db->err, fmt, ap);
	va_end(ap);
}

int db_open(const char *url, struct db **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!strncmp(url, "sqlite:", 7))
		return db_sqlite_open(url + 7, out, err, errlen);
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return db_pg_open(url, out, err, errlen);
	snprintf(err, errlen, "unknown database URL (expected sqlite:PATH or postgresql://...)");
	return DB_HARD;
}

void db_close(struct db *db)
{
	if (db) {
		db_hooks_drop(&db->hooks);
		db->ops->close(db);
	}
}

enum db_backend db_backend(const struct db *db)
{
	return db->backend;
}

const char *db_backend_name(const struct db *db)
{
	return db->backend == DB_SQLITE ? "sqlite" : "postgresql";
}

const char *db_errmsg(const struct db *db)
{
	return db->err;
}

static void count_error(int rc)
{
	if (rc == DB_HARD)
		atomic_fetch_add(&stat_errors, 1);
}

int db_query(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
	     struct db_res **out)
{
	struct db_res *r = NULL;
	int rc = db->ops->query(db, sql, args, nargs, &r, NULL);
	count_error(rc);
	if (out)
		*out = r;
	else
		db_res_free(r);
	return rc;
}

int db_exec(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
	    int64_t *changes)
{
	int64_t ch = 0;
	int rc = db->ops->query(db, sql, args, nargs, NULL, &ch);
	count_error(rc);
	if (changes)
		*changes = ch;
	return rc;
}

int db_exec_later(struct db *db, const char *sql, const struct db_arg *args, size_t nargs)
{
	if (!db->ops->query_later)
		return db_exec(db, sql, args, nargs, NULL);
	int rc = db->ops->query_later(db, sql, args, nargs);
	count_error(rc);
	return rc;
}

int db_sync(struct db *db)
{
	int rc = db->ops->sync ? db->ops->sync(db) : DB_OK;
	count_error(rc);
	return rc;
}

void db_count_round_trip(void)
{
	atomic_fetch_add_explicit(&stat_round_trips, 1, memory_order_relaxed);
}

int64_t db_round_trips(void)
{
	return atomic_load(&stat_round_trips);
}

void db_count_group_member(int64_t ns)
{
	atomic_fetch_add_explicit(&stat_member_ns, ns, memory_order_relaxed);
}

void db_count_group_commit(int64_t members, int64_t ns)
{
	atomic_fetch_add_explicit(&stat_groups, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&stat_members, members, memory_order_relaxed);
	atomic_fetch_add_explicit(&stat_commit_ns, ns, memory_order_relaxed);
}

void db_group_stats(struct db_group_stats *out)
{
	out->groups = atomic_load(&stat_groups);
	out->members = atomic_load(&stat_members);
	out->member_ns = atomic_load(&stat_member_ns);
	out->commit_ns = atomic_load(&stat_commit_ns);
}

int db_exec_script(struct db *db, const char *sql)
{
	int rc = db->ops->exec_script(db, sql);
	count_error(rc);
	return rc;
}

int db_query_int(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		 int64_t *out, bool *found)
{
	struct db_res *r;
	int rc = db_query(db, sql, args, nargs, &r);
	*found = false;
	if (rc < 0)
		return rc;
	if (db_res_rows(r) > 0 && !db_res_null(r, 0, 0)) {
		*out = db_res_int(r, 0, 0);
		*found = true;
	}
	db_res_free(r);
	return DB_OK;
}

struct db_res *db_res_new(size_t cols)
{
	struct db_res *r = xcalloc(1, sizeof *r);
	r->cols = cols;
	buf_init(&r->data);
	return r;
}

void db_res_add(struct db_res *r, const char *text, size_t len)
{
	if (r->ncells == r->capcells) {
		r->capcells = r->capcells ? r->capcells * 2 : 64;
		r->offsets = xrealloc(r->offsets, r->capcells * sizeof *r->offsets);
	}
	if (!text) {
		r->offsets[r->ncells++] = SIZE_MAX;
	} else {
		r->offsets[r->ncells++] = r->data.len;
		buf_add(&r->data, text, len);
		buf_addc(&r->data, 0);
	}
	if (r->cols && r->ncells % r->cols == 0)
		r->rows = r->ncells / r->cols;
}

size_t db_res_rows(const struct db_res *r)
{
	return r ? r->rows : 0;
}

size_t db_res_cols(const struct db_res *r)
{
	return r ? r->cols : 0;
}

bool db_res_null(const struct db_res *r, size_t row, size_t col)
{
	if (!r || row >= r->rows || col >= r->cols)
		return true;
	return r->offsets[row * r->cols + col] == SIZE_MAX;
}

const char *db_res_textn(const struct db_res *r, size_t row, size_t col)
{
	if (db_res_null(r, row, col))
		return NULL;
	return r->data.p + r->offsets[row * r->cols + col];
}

const char *db_res_text(const struct db_res *r, size_t row, size_t col)
{
	const char *s = db_res_textn(r, row, col);
	return s ? s : "";
}

int64_t db_res_int(const struct db_res *r, size_t row, size_t col)
{
	const char *s = db_res_textn(r, row, col);
	if (!s)
		return 0;
	/* A comparison selected as a value (`v.online_level <> 'none'`) is an
	 * integer in SQLite and a boolean in PostgreSQL, whose text is "t" or
	 * "f": read as 0 by strtoll, it made 766.3.1 count no procedure
	 * offered online on PostgreSQL. */
	if ((s[0] == 't' || s[0] == 'f') && s[1] == '\0')
		return s[0] == 't';
	return strtoll(s, NULL, 10);
}

void db_res_free(struct db_res *r)
{
	if (!r)
		return;
	buf_release(&r->data);
	free(r->offsets);
	free(r);
}

void db_backoff(int attempt)
{
	/* 1, 2, 4 ... ms plus jitter, capped near 100 ms; a budget of several
	 * DB_TXN_ATTEMPTS starts again from none after each (as the callers'
	 * own loops around the runner once did). */
	attempt %= DB_TXN_ATTEMPTS;
	if (attempt == 0)
		return;
	long base = 1L << (attempt < 7 ? attempt : 7);
	long ms = base + (long)randombytes_uniform((uint32_t)base + 1);
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static _Atomic int64_t busy_timeout_ms = 5000;

static _Atomic int group_writers = 1; /* db.pg_writers: set by serve */

void db_set_group_writers(int n)
{
	atomic_store(&group_writers, n < 1 ? 1 : n > DB_PG_WRITERS_MAX ? DB_PG_WRITERS_MAX : n);
}

int db_group_writers(void)
{
	return atomic_load(&group_writers);
}

void db_set_busy_timeout_ms(int64_t ms)
{
	atomic_store(&busy_timeout_ms, ms);
}

int db_bulk_commits(struct db *db)
{
	if (db->backend == DB_SQLITE) {
		db_sqlite_bulk();
		return DB_OK;
	}
	return db->ops->exec_script(db, "SET synchronous_commit TO off");
}

int64_t db_busy_timeout_ms(void)
{
	return atomic_load(&busy_timeout_ms);
}

bool db_busy_timed_out(const struct db *db)
{
	return db->busy_timed_out;
}

bool db_is_read_only(const struct db *db)
{
	return db->read_only;
}

void db_count_retry(void)
{
	atomic_fetch_add(&stat_retries, 1);
}

void db_count_failure(int rc)
{
	if (rc == DB_HARD || rc == DB_SOFT)
		atomic_fetch_add(&stat_errors, 1);
}

void db_after_commit(struct db *db, void (*fn)(const char *key), const char *key)
{
	if (db->txn_depth == 0) {
		fn(key);
		return;
	}
	struct db_hooks *h = &db->hooks;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 4;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	h->v[h->n++] = (struct db_hook){fn, xstrdup(key ? key : "")};
}

void db_hooks_move(struct db_hooks *to, struct db_hooks *from)
{
	for (size_t i = 0; i < from->n; i++) {
		if (to->n == to->cap) {
			to->cap = to->cap ? to->cap * 2 : 4;
			to->v = xrealloc(to->v, to->cap * sizeof *to->v);
		}
		to->v[to->n++] = from->v[i];
	}
	from->n = 0;
}

void db_hooks_drop(struct db_hooks *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i].key);
	free(h->v);
	*h = (struct db_hooks){0};
}

void db_hooks_run(struct db_hooks *h)
{
	for (size_t i = 0; i < h->n; i++)
		h->v[i].fn(h->v[i].key);
	db_hooks_drop(h);
}

int db_abort(struct db *db, enum err_code code, const char *field, const char *detail)
{
	db->abort = (struct db_abort_info){code, field, detail};
	return DB_ABORT;
}

struct db_abort_info db_aborted(const struct db *db)
{
	if (db->abort.code == ERR_NONE) {
		log_error("a transaction gave up with DB_ABORT but no error (db_abort)");
		return (struct db_abort_info){ERR_INTERNAL, NULL, NULL};
	}
	return db->abort;
}

int db_run_txn(struct db *db, db_txn_cb fn, void *ctx, int attempts)
{
	if (db->txn_depth > 0)
		return fn(db, ctx); /* nested: part of the outer transaction */
	db->abort = (struct db_abort_info){0};
	if (db->ops->run_txn)
		return db->ops->run_txn(db, fn, ctx, attempts);
	return db_run_plain(db, fn, ctx, attempts);
}

int db_run_txn_counter(struct db *db, int64_t key, db_txn_cb fn, void *ctx, int attempts)
{
	if (db->txn_depth > 0 || db->backend != DB_POSTGRES || db->read_only)
		return db_run_txn(db, fn, ctx, attempts);
	db->abort = (struct db_abort_info){0};
	if (db->ops->run_txn_counter)
		return db->ops->run_txn_counter(db, key, fn, ctx, attempts);
	db->read_committed = true;
	int rc = db_run_txn(db, fn, ctx, attempts);
	db->read_committed = false;
	return rc;
}

int db_run_plain(struct db *db, db_txn_cb fn, void *ctx, int attempts)
{
	int rc = DB_SOFT;
	if (db->ops->revive) /* a connection held long (the worker's) may be stale */
		db->ops->revive(db);
	for (int attempt = 0; attempt < attempts; attempt++) {
		if (attempt > 0) {
			db_count_retry();
			db_backoff(attempt);
		}
		if (db->ops->writer_enter)
			db->ops->writer_enter(db);
		/* A hot standby refuses serializable transactions and every write:
		 * its transactions read one snapshot, and nothing else. */
		rc = db->ops->exec_script(
			db, db->read_only	 ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
			    : db->read_committed ? "BEGIN ISOLATION LEVEL READ COMMITTED"
						 : db->ops->begin_sql);
		if (rc < 0) {
			if (db->ops->writer_leave)
				db->ops->writer_leave(db);
			if (rc == DB_SOFT)
				continue;
			break;
		}
		db->txn_depth = 1;
		rc = fn(db, ctx);
		db->txn_depth = 0;
		if (rc == DB_OK) {
			rc = db->ops->exec_script(db, "COMMIT");
			if (rc == DB_OK) {
				if (db->ops->writer_leave)
					db->ops->writer_leave(db);
				struct db_hooks done = db->hooks;
				db->hooks = (struct db_hooks){0};
				db_hooks_run(&done);
				return DB_OK;
			}
		}
		db_hooks_drop(&db->hooks);
		char saved[sizeof db->err];
		memcpy(saved, db->err, sizeof saved);
		if (db->ops->exec_script(db, "ROLLBACK") < 0)
			log_warn("rollback failed: %s", db->err);
		memcpy(db->err, saved, sizeof saved);
		if (db->ops->writer_leave)
			db->ops->writer_leave(db);
		if (rc != DB_SOFT)
			break;
		log_debug("transaction retry %d: %s", attempt + 1, db->err);
	}
	db_count_failure(rc);
	return rc;
}

int db_notify(struct db *db, const char *channel, const char *payload)
{
	if (db->backend != DB_POSTGRES)
		return DB_OK;
	if (strlen(payload) > 7900) {
		db_set_err(db, "notify: payload of %zu bytes is too long", strlen(payload));
		return DB_HARD;
	}
	return db_exec(db, "SELECT pg_notify(?, ?)", DB_ARGS(DB_T(channel), DB_T(payload)), NULL);
}

int db_listen_start(const char *url, const char *channel, void (*fn)(const char *, void *),
		    void *arg, struct db_listener **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return db_pg_listen_start(url, channel, fn, arg, out, err, errlen);
	return DB_OK;
}

void db_listen_stop(struct db_listener *l)
{
	if (l)
		db_pg_listen_stop(l);
}

void db_stats(int64_t *retries, int64_t *errors)
{
	*retries = atomic_load(&stat_retries);
	*errors = atomic_load(&stat_errors);
}

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct db **free;
	int nfree, size;
};

int db_pool_new(const char *url, int size, struct db_pool **out, char *err, size_t errlen)
{
	struct db_pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->free = xcalloc((size_t)size, sizeof *p->free);
	p->size = size;
	for (int i = 0; i < size; i++) {
		int rc = db_open(url, &p->free[i], err, errlen);
		if (rc < 0) {
			p->nfree = i;
			db_pool_free(p);
			*out = NULL;
			return rc;
		}
	}
	p->nfree = size;
	*out = p;
	return DB_OK;
}

void db_pool_free(struct db_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nfree; i++)
		db_close(p->free[i]);
	free(p->free);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
}

static _Thread_local uint64_t thread_checkouts;

uint64_t db_thread_checkouts(void)
{
	return thread_checkouts;
}

void db_count_checkout(void)
{
	thread_checkouts++;
}

struct db *db_pool_get(struct db_pool *p)
{
	thread_checkouts++;
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cond, &p->lock);
	struct db *db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	db->busy_timed_out = false; /* of the connection's previous user */
	if (db->ops->revive)	    /* closed by a restart of the server since its last use */
		db->ops->revive(db);
	return db;
}

void db_pool_put(struct db_pool *p, struct db *db)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}
