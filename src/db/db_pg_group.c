/* Group commit of the counter transactions (db_run_txn_counter()) of one
 * process on PostgreSQL (issue 16). Layer: db.
 *
 * Every receipt of a unit takes the next number from one row of
 * dossier_counters, and holds that row's lock until its COMMIT is durable:
 * run one by one, the receipts of a unit wait for each other's round trips
 * and WAL flush. Here the counter transactions of a process's threads run,
 * one callback at a time, on one writer connection per database, inside
 * one open READ COMMITTED transaction: the first callback of a group
 * directly in it, each later one under a SAVEPOINT. After its callback a
 * thread commits the group if no other thread is waiting to add to it (or
 * the group is full); otherwise it leaves the group open and sleeps until
 * the thread that commits wakes everyone. The counter row is then waited
 * for once per group (other processes' groups still queue on it) and the
 * WAL flushed once per group.
 *
 * Numbers stay gapless (DOMAIN section 4): a callback that fails is rolled
 * back to its savepoint, which undoes its counter update with everything
 * else it wrote, so the next callback of the group takes the same number
 * again; a group whose COMMIT fails commits none of its numbers, and its
 * callbacks run again (DB_SOFT). A failing first callback rolls back the
 * whole (then empty) transaction.
 *
 * BEGIN and each SAVEPOINT travel with the callback's first statement, in
 * one round trip (db_pg_defer(): libpq's pipeline mode); a callback that
 * fails before sending any statement has no savepoint to roll back to.
 * Savepoints are not released (RELEASE would cost one round trip per
 * callback): a later ROLLBACK TO names the newest one, and GROUP_MAX keeps
 * the subtransactions of a group under PostgreSQL's 64 cached per backend
 * (beyond them every snapshot of every session gets slower).
 *
 * Lanes: a group holds its units' counter rows until its COMMIT, and its
 * writer runs one callback at a time, so one writer for the whole
 * database made the receipts of every unit of the agency wait for each
 * other. A group has db.pg_writers lanes, each with its own writer
 * connection and open transaction; a counter transaction goes to the lane
 * of its key (the unit whose counter it takes) modulo their number. One
 * unit's receipts still share a lane, its row and its writer; two units
 * of different lanes take their numbers and commit side by side, their
 * WAL flushes joined by PostgreSQL. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "db/db_impl.h"

#define GROUP_MAX 48
#define SAVEPOINT "SAVEPOINT motcua_txn"

/* A member waiting for its group's outcome, on its own stack. */
struct member {
	struct member *next;
	struct db *db;
	int rc;
	bool done;
};

struct lane {
	pthread_mutex_t m; /* recursive: a callback may reach the group again */
	pthread_cond_t done;
	struct db *w;		/* the writer, opened at first use */
	bool open;		/* a transaction is open on w */
	int members;		/* callbacks committed into it so far */
	struct member *waiters; /* their threads */
	atomic_int waiting;	/* threads waiting for m */
};

struct pg_group {
	struct pg_group *next;
	char *url;
	int refs;
	int nlanes;
	struct lane lanes[DB_PG_WRITERS_MAX];
};

static pthread_mutex_t groups_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pg_group *groups;

struct pg_group *db_pg_group_ref(const char *url)
{
	pthread_mutex_lock(&groups_lock);
	struct pg_group *g = groups;
	while (g && strcmp(g->url, url))
		g = g->next;
	if (!g) {
		g = xcalloc(1, sizeof *g);
		g->url = xstrdup(url);
		g->nlanes = db_group_writers();
		pthread_mutexattr_t at;
		pthread_mutexattr_init(&at);
		pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
		for (int i = 0; i < g->nlanes; i++) {
			pthread_mutex_init(&g->lanes[i].m, &at);
			pthread_cond_init(&g->lanes[i].done, NULL);
		}
		pthread_mutexattr_destroy(&at);
		g->next = groups;
		groups = g;
	}
	g->refs++;
	pthread_mutex_unlock(&groups_lock);
	return g;
}

void db_pg_group_unref(struct pg_group *g)
{
	pthread_mutex_lock(&groups_lock);
	if (--g->refs > 0) {
		pthread_mutex_unlock(&groups_lock);
		return;
	}
	for (struct pg_group **p = &groups; *p; p = &(*p)->next)
		if (*p == g) {
			*p = g->next;
			break;
		}
	pthread_mutex_unlock(&groups_lock);
	for (int i = 0; i < g->nlanes; i++) {
		struct lane *l = &g->lanes[i];
		if (l->w)
			db_close(l->w);
		pthread_mutex_destroy(&l->m);
		pthread_cond_destroy(&l->done);
	}
	free(g->url);
	free(g);
}

/* Ends the lane's open group under g->m: COMMIT if rc is DB_OK and it
 * holds members, else ROLLBACK; wakes its members with the outcome. */
static void group_end(struct lane *g, int rc)
{
	struct db *w = g->w;
	if (rc == DB_OK && g->members) {
		int64_t t0 = clock_mono_ns();
		rc = db_exec_script(w, "COMMIT");
		if (rc == DB_OK)
			db_count_group_commit(g->members, clock_mono_ns() - t0);
	} else if (rc == DB_OK)
		rc = db_exec_script(w, "ROLLBACK");
	char fail[sizeof w->err] = "";
	bool unknown = w->outcome_unknown; /* of the COMMIT (the ROLLBACK resets it) */
	if (rc != DB_OK) {
		memcpy(fail, w->err, sizeof fail);
		if (db_exec_script(w, "ROLLBACK") < 0)
			log_warn("rollback failed: %s", w->err);
		/* The members' own work was fine: run it again, unless the
		 * COMMIT was cut off and may have committed (their numbers
		 * taken: a second run would take new ones). */
		if (rc != DB_SOFT && g->members && !unknown)
			rc = DB_SOFT;
	}
	for (struct member *m = g->waiters; m; m = m->next) {
		m->rc = rc;
		if (rc != DB_OK)
			memcpy(m->db->err, fail, sizeof m->db->err);
		m->done = true;
	}
	g->waiters = NULL;
	g->open = false;
	g->members = 0;
	pthread_cond_broadcast(&g->done);
}

/* The callback on w, under a savepoint unless it is the group's first;
 * a failure undone (to the savepoint, or the whole empty transaction). */
static int run_member(struct db *db, struct lane *g, db_txn_cb fn, void *ctx)
{
	struct db *w = g->w;
	bool first = g->members == 0;
	if (!first)
		db_pg_defer(w, SAVEPOINT);
	w->abort = (struct db_abort_info){0};
	w->txn_depth = 1;
	int64_t t0 = clock_mono_ns();
	int rc = fn(w, ctx);
	w->txn_depth = 0;
	if (rc == DB_OK) /* what it sent with db_exec_later(): its failure is the callback's */
		rc = db_sync(w);
	db_count_group_member(clock_mono_ns() - t0);
	if (rc == DB_OK)
		return DB_OK;
	memcpy(db->err, w->err, sizeof db->err);
	db->abort = w->abort;
	db_hooks_drop(&w->hooks);
	if (!first && db_pg_undefer(w, SAVEPOINT))
		return rc; /* it sent nothing: nothing to undo */
	if (first || db_exec_script(w, "ROLLBACK TO SAVEPOINT motcua_txn") < 0)
		group_end(g, DB_SOFT); /* the others (none if first) run again */
	return rc;
}

/* One attempt; returns the callback's or the group's outcome, with the
 * hooks of a committed callback run. */
static int group_attempt(struct db *db, struct lane *g, const char *url, db_txn_cb fn, void *ctx)
{
	atomic_fetch_add(&g->waiting, 1);
	pthread_mutex_lock(&g->m);
	atomic_fetch_sub(&g->waiting, 1);
	if (g->w && g->w->txn_depth > 0) { /* inside a callback of this group already */
		int rc = fn(g->w, ctx);
		db->abort = g->w->abort;
		pthread_mutex_unlock(&g->m);
		return rc;
	}
	if (!g->w && db_pg_open_writer(url, &g->w, db->err, sizeof db->err) < 0) {
		pthread_mutex_unlock(&g->m);
		return DB_SOFT; /* the server may be back at the next attempt */
	}
	if (!g->open) {		    /* BEGIN goes with the first statement */
		db_pg_revive(g->w); /* idle since its last group: maybe stale */
		db_pg_defer(g->w, "BEGIN ISOLATION LEVEL READ COMMITTED");
		g->open = true;
		g->members = 0;
	}
	struct member me = {.db = db};
	int rc = run_member(db, g, fn, ctx);
	struct db_hooks hooks = {0};
	if (rc == DB_OK) {
		db_hooks_move(&hooks, &g->w->hooks);
		g->members++;
		me.next = g->waiters;
		g->waiters = &me;
	}
	if (g->open && (g->members >= GROUP_MAX || atomic_load(&g->waiting) == 0))
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

int db_pg_group_run(struct db *db, struct pg_group *g, int64_t key, db_txn_cb fn, void *ctx,
		    int attempts)
{
	uint64_t k = (uint64_t)key;
	struct lane *lane = &g->lanes[k % (uint64_t)g->nlanes];
	int rc = DB_SOFT;
	for (int attempt = 0; attempt < attempts; attempt++) {
		if (attempt > 0) {
			db_count_retry();
			db_backoff(attempt);
		}
		rc = group_attempt(db, lane, g->url, fn, ctx);
		if (rc != DB_SOFT)
			break;
		log_debug("transaction retry %d: %s", attempt + 1, db->err);
	}
	db_count_failure(rc);
	return rc;
}
