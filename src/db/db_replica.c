/* The read replica (db.replica, issue 16): a PostgreSQL streaming standby
 * of the primary that answers reads which may be a little stale (public
 * tracking, verification, the catalogue, the dashboards), used only while
 * it is the primary's, answers, and is at most max_lag_ms behind.
 *
 * A probe thread measures the staleness against the primary without
 * writing anything: every DB_REPLICA_CHECK_MS it reads the primary's WAL
 * insert position, noting the time just before it asked, into a ring of
 * samples, then the standby's replay position. What the primary had
 * committed at the time of the newest sample at or below that position is
 * on the standby: the age of that sample bounds the staleness, whether
 * the standby is slow to replay or stopped receiving WAL at all (a stalled
 * WAL receiver shows nothing to replay, yet falls behind all the same).
 * Every wait on the standby is bounded (db_pg_open_bounded()): a standby
 * that stops answering holds no thread longer than timeout_ms, the read is
 * done again on the primary, and the standby is left until the probe finds
 * it answering. Each change of state is logged once.
 *
 * Layer: db. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "db/db.h"
#include "db/db_impl.h"

/* A WAL page header is 24 bytes (40 at a segment's start): the insert
 * position at a page boundary is given past it, while a standby that
 * replayed up to the boundary reports the boundary. */
#define WAL_PAGE_HEADER_MAX 40

struct lsn_sample {
	int64_t ms;  /* monotonic, just before the primary was asked */
	int64_t lsn; /* the primary's WAL insert position then */
};

enum replica_state {
	REPLICA_UNKNOWN, /* not probed yet */
	REPLICA_IN_USE,
	REPLICA_BEHIND,
	REPLICA_SILENT,	 /* does not answer */
	REPLICA_FOREIGN, /* not a standby of the primary */
};

struct db_replica {
	char *url, *primary;
	int64_t max_lag_ms, timeout_ms;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* Guarded by lock: the connections not in use (NULL: to be opened,
	 * none yet or the last one failed), and the probe's verdict. */
	struct db **free;
	int nfree, size;
	enum replica_state state;
	int64_t good_ms; /* what the primary had then is on the standby */
	/* The probe thread's own. */
	pthread_t thread;
	bool running; /* thread was started (set before, read after, by the caller) */
	atomic_bool stop;
	struct db *pdb, *rdb; /* its connections to the primary, the standby */
	bool rdb_checked;     /* rdb was found to be a standby of the primary */
	bool started;	      /* db_replica_new() returned: a standby of another is logged */
	char primary_id[160]; /* "" until read */
	int64_t block;	      /* wal_block_size */
	bool primary_failed;  /* logged */
	char why[512];	      /* why the last round did not find it in use */
	struct lsn_sample *ring;
	size_t ring_cap, ring_len, ring_next;
};

static int64_t mono_ms(void)
{
	return clock_mono_ns() / 1000000;
}

static bool is_pg_url(const char *url)
{
	return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

/* Records the probe's verdict (or a request's: the standby does not
 * answer) and logs a change. good_ms: the newest instant known on the
 * standby, 0 for none new; lag in milliseconds, -1 if unknown. */
static void set_state(struct db_replica *r, enum replica_state st, int64_t good_ms, int64_t lag,
		      const char *why)
{
	pthread_mutex_lock(&r->lock);
	enum replica_state was = r->state;
	r->state = st;
	if (good_ms > r->good_ms)
		r->good_ms = good_ms;
	pthread_mutex_unlock(&r->lock);
	if (st == was || (st == REPLICA_FOREIGN && !r->started)) /* serve refuses to start */
		return;
	long long b = (long long)r->max_lag_ms;
	switch (st) {
	case REPLICA_IN_USE:
		log_info("replica %sin use (lag %lld ms, bound %lld ms)",
			 was == REPLICA_UNKNOWN ? "" : "back ", (long long)lag, b);
		break;
	case REPLICA_BEHIND: /* why: "more than " when behind every sample */
		log_warn("replica behind (lag %s%lld ms, bound %lld ms): reads go to the primary",
			 why ? why : "", (long long)lag, b);
		break;
	case REPLICA_SILENT:
		log_warn("replica not answering (%s): reads go to the primary", why);
		break;
	case REPLICA_FOREIGN:
		log_warn("replica %s: reads go to the primary", why);
		break;
	case REPLICA_UNKNOWN:
		break;
	}
}

/* "system identifier N, database D" of db, and whether it is in recovery. */
static int read_identity(struct db *db, char *id, size_t n, bool *recovery)
{
	struct db_res *res = NULL;
	int rc = db_query(db,
			  "SELECT (SELECT system_identifier FROM pg_control_system())::text, "
			  "current_database(), pg_is_in_recovery()::int",
			  DB_NOARGS, &res);
	if (rc == DB_OK && db_res_rows(res) == 1) {
		snprintf(id, n, "system identifier %s, database %s", db_res_text(res, 0, 0),
			 db_res_text(res, 0, 1));
		*recovery = db_res_int(res, 0, 2) != 0;
	} else if (rc == DB_OK) {
		db_set_err(db, "no identity");
		rc = DB_HARD;
	}
	db_res_free(res);
	return rc;
}

/* Closes *db if the server ended its session while it was idle (a restart):
 * the caller opens another. */
static void drop_if_closed(struct db **db)
{
	bool lost = false;
	if (!*db)
		return;
	db_pg_revive(*db);
	(void)db_pg_take_failure(*db, &lost);
	if (lost) {
		db_close(*db);
		*db = NULL;
	}
}

/* Reads the primary's WAL insert position into the ring, opening the
 * probe's connection to the primary (and reading its identity) first if
 * need be. A failure is logged once until the primary answers again. */
static void sample_primary(struct db_replica *r)
{
	char err[512] = "";
	int64_t t = mono_ms(), lsn = -1;
	bool found = false, recovery;
	drop_if_closed(&r->pdb);
	if (!r->pdb &&
	    db_pg_open_bounded(r->primary, r->timeout_ms, &r->pdb, err, sizeof err) == 0 &&
	    (read_identity(r->pdb, r->primary_id, sizeof r->primary_id, &recovery) < 0 ||
	     db_query_int(r->pdb, "SELECT current_setting('wal_block_size')::bigint", DB_NOARGS,
			  &r->block, &found) < 0)) {
		snprintf(err, sizeof err, "%s", db_errmsg(r->pdb));
		r->primary_id[0] = 0;
		db_close(r->pdb);
		r->pdb = NULL;
	}
	if (r->pdb && db_query_int(r->pdb, "SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint",
				   DB_NOARGS, &lsn, &found) < 0) {
		snprintf(err, sizeof err, "%s", db_errmsg(r->pdb));
		db_close(r->pdb);
		r->pdb = NULL;
	}
	if (!r->pdb) {
		if (!r->primary_failed)
			log_warn("replica: cannot read the WAL position of db (%s): the replica's "
				 "lag "
				 "is unknown",
				 err);
		r->primary_failed = true;
		return;
	}
	if (r->primary_failed)
		log_info("replica: db answers again");
	r->primary_failed = false;
	r->ring[r->ring_next] = (struct lsn_sample){t, lsn};
	r->ring_next = (r->ring_next + 1) % r->ring_cap;
	if (r->ring_len < r->ring_cap)
		r->ring_len++;
}

static const struct lsn_sample *oldest(const struct db_replica *r)
{
	return &r->ring[(r->ring_next + r->ring_cap - r->ring_len) % r->ring_cap];
}

/* The time of the newest sample the standby has replayed up to, 0 if
 * none (it is further behind than the ring reaches). */
static int64_t replayed_at(const struct db_replica *r, int64_t replay)
{
	int64_t block = r->block > 0 ? r->block : 8192;
	for (size_t k = 0; k < r->ring_len; k++) {
		const struct lsn_sample *s =
			&r->ring[(r->ring_next + r->ring_cap - 1 - k) % r->ring_cap];
		if (s->lsn <= replay ||
		    (replay % block == 0 && s->lsn - replay <= WAL_PAGE_HEADER_MAX))
			return s->ms;
	}
	return 0;
}

/* Connects the probe to the standby if need be and checks, once per
 * connection, that it is a standby of the primary; then reads its replay
 * position. The state it is found in (REPLICA_UNKNOWN: the primary's
 * identity is not known yet, nothing can be said), why in why. */
static enum replica_state probe_standby(struct db_replica *r, int64_t *replay, char *why, size_t n)
{
	drop_if_closed(&r->rdb);
	if (!r->rdb) {
		if (db_pg_open_bounded(r->url, r->timeout_ms, &r->rdb, why, n) < 0)
			return REPLICA_SILENT;
		r->rdb_checked = false;
	}
	enum replica_state st = REPLICA_SILENT;
	bool recovery = false;
	int64_t rec = 0;
	char id[160];
	if (!r->rdb_checked) {
		if (!*r->primary_id)
			return REPLICA_UNKNOWN;
		if (read_identity(r->rdb, id, sizeof id, &recovery) < 0)
			goto failed;
		if (strcmp(id, r->primary_id) != 0 || !recovery) {
			snprintf(why, n, "not a standby of db (the standby: %s%s; db: %s)", id,
				 recovery ? "" : ", not in recovery", r->primary_id);
			st = REPLICA_FOREIGN;
			goto failed;
		}
		r->rdb_checked = true;
	}
	struct db_res *res = NULL;
	if (db_query(r->rdb,
		     "SELECT pg_is_in_recovery()::int, "
		     "COALESCE((pg_last_wal_replay_lsn() - '0/0')::bigint, -1)",
		     DB_NOARGS, &res) < 0)
		goto failed;
	rec = db_res_int(res, 0, 0);
	*replay = db_res_int(res, 0, 1);
	db_res_free(res);
	if (!rec) {
		snprintf(why, n, "no longer a standby of db (not in recovery: promoted?)");
		st = REPLICA_FOREIGN;
		goto failed;
	}
	return REPLICA_IN_USE;
failed:
	if (st == REPLICA_SILENT)
		snprintf(why, n, "%s", db_errmsg(r->rdb));
	db_close(r->rdb); /* opened and checked again at the next round */
	r->rdb = NULL;
	return st;
}

/* One round of the probe: the primary's position, then the standby's. */
static void probe(struct db_replica *r)
{
	sample_primary(r);
	int64_t replay = -1;
	enum replica_state st = probe_standby(r, &replay, r->why, sizeof r->why);
	if (st == REPLICA_UNKNOWN)
		return;
	if (st != REPLICA_IN_USE) {
		set_state(r, st, 0, -1, r->why);
		return;
	}
	if (!r->ring_len) /* the primary never answered: nothing to measure against */
		return;
	int64_t at = replayed_at(r, replay), now = mono_ms();
	int64_t lag = now - (at ? at : oldest(r)->ms);
	/* Behind every sample, but they do not reach max_lag_ms back yet (the
	 * first rounds): nothing is known, nothing said, nothing used. */
	if (!at && lag <= r->max_lag_ms)
		return;
	set_state(r, at && lag <= r->max_lag_ms ? REPLICA_IN_USE : REPLICA_BEHIND, at, lag,
		  at ? NULL : "more than ");
}

static void *probe_main(void *arg)
{
	struct db_replica *r = arg;
	while (!atomic_load(&r->stop)) {
		int64_t next = mono_ms() + DB_REPLICA_CHECK_MS;
		probe(r);
		for (int64_t left; !atomic_load(&r->stop) && (left = next - mono_ms()) > 0;) {
			struct timespec ts = {0, (left < 50 ? left : 50) * 1000000};
			nanosleep(&ts, NULL); /* wakes to notice stop */
		}
	}
	return NULL;
}

int db_replica_new(const struct db_replica_options *o, struct db_replica **out, char *err,
		   size_t errlen)
{
	*out = NULL;
	if (!is_pg_url(o->url)) {
		snprintf(err, errlen, "a replica must be a PostgreSQL standby (postgresql://...)");
		return DB_HARD;
	}
	if (!is_pg_url(o->primary)) {
		snprintf(err, errlen,
			 "db is not PostgreSQL: a replica is a standby of a PostgreSQL db (SQLite "
			 "has "
			 "none)");
		return DB_HARD;
	}
	struct db_replica *r = xcalloc(1, sizeof *r);
	r->url = xstrdup(o->url);
	r->primary = xstrdup(o->primary);
	r->max_lag_ms = o->max_lag_ms;
	r->timeout_ms = o->timeout_ms;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->size = r->nfree = o->size;
	r->free = xcalloc((size_t)o->size, sizeof *r->free);
	/* Samples back to max_lag_ms and two rounds more: an older sample
	 * would say the standby is too far behind anyway. */
	r->ring_cap = (size_t)(o->max_lag_ms / DB_REPLICA_CHECK_MS) + 4;
	r->ring = xcalloc(r->ring_cap, sizeof *r->ring);
	probe(r);
	if (r->state == REPLICA_FOREIGN) {
		snprintf(err, errlen, "%s", r->why);
		db_replica_free(r);
		return DB_HARD;
	}
	r->started = true;
	r->running = pthread_create(&r->thread, NULL, probe_main, r) == 0;
	if (!r->running) {
		snprintf(err, errlen, "cannot start the replica's probe");
		db_replica_free(r);
		return DB_HARD;
	}
	*out = r;
	return DB_OK;
}

void db_replica_free(struct db_replica *r)
{
	if (!r)
		return;
	atomic_store(&r->stop, true);
	if (r->running)
		pthread_join(r->thread, NULL);
	db_close(r->pdb);
	db_close(r->rdb);
	for (int i = 0; i < r->nfree; i++)
		db_close(r->free[i]);
	free(r->free);
	free(r->ring);
	free(r->url);
	free(r->primary);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->cond);
	free(r);
}

static void slot_put(struct db_replica *r, struct db *db)
{
	pthread_mutex_lock(&r->lock);
	r->free[r->nfree++] = db;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

struct db *db_replica_get(struct db_replica *r)
{
	pthread_mutex_lock(&r->lock);
	bool fresh = r->state == REPLICA_IN_USE &&
		     mono_ms() - r->good_ms <= r->max_lag_ms + DB_REPLICA_CHECK_MS;
	while (fresh && r->nfree == 0) /* each holder waits on the standby a bounded time */
		pthread_cond_wait(&r->cond, &r->lock);
	struct db *db = fresh ? r->free[--r->nfree] : NULL;
	pthread_mutex_unlock(&r->lock);
	if (!fresh)
		return NULL;
	db_count_checkout();
	bool lost = false;
	if (db && (db_pg_take_failure(db, &lost), lost)) { /* known: it failed in use */
		db_close(db);
		db = NULL;
	}
	if (db && (db_pg_revive(db), db_pg_take_failure(db, &lost), lost)) {
		log_warn("replica: connection lost (%s): connecting again", db_errmsg(db));
		db_close(db);
		db = NULL;
	}
	if (!db) {
		char err[512];
		if (db_pg_open_bounded(r->url, r->timeout_ms, &db, err, sizeof err) < 0) {
			set_state(r, REPLICA_SILENT, 0, -1, err);
			slot_put(r, NULL);
			return NULL;
		}
		db->read_only = true;
	}
	return db;
}

bool db_replica_put(struct db_replica *r, struct db *db)
{
	bool lost = false;
	bool failed = db_pg_take_failure(db, &lost);
	if (lost) {
		set_state(r, REPLICA_SILENT, 0, -1, db_errmsg(db));
		db_close(db);
		db = NULL;
	}
	slot_put(r, db);
	return failed;
}
