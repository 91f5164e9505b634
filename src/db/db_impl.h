/* What the two backends share with db.c; private to src/db/. */
#ifndef MOTCUA_DB_IMPL_H
#define MOTCUA_DB_IMPL_H

#include "base/buf.h"
#include "db/db.h"

struct db_ops {
	int (*query)(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		     struct db_res **out, int64_t *changes);
	int (*exec_script)(struct db *db, const char *sql);
	/* db_exec_later() and the end of what it sent (may be NULL: db_exec()). */
	int (*query_later)(struct db *db, const char *sql, const struct db_arg *args, size_t nargs);
	int (*sync)(struct db *db);
	void (*close)(struct db *db);
	const char *begin_sql;
	/* Called around a write transaction (may be NULL): SQLite serialises
	 * writers of one process here instead of in its busy handler. */
	void (*writer_enter)(struct db *db);
	void (*writer_leave)(struct db *db);
	/* Runs a whole transaction (may be NULL: db_run_plain() does). SQLite
	 * groups the transactions of a process's threads here (group commit). */
	int (*run_txn)(struct db *db, db_txn_cb fn, void *ctx, int attempts);
	/* Runs a db_run_txn_counter() transaction (may be NULL: READ COMMITTED
	 * through run_txn or db_run_plain()). PostgreSQL groups them. */
	int (*run_txn_counter)(struct db *db, int64_t key, db_txn_cb fn, void *ctx, int attempts);
	/* Opens the connection again if the server closed it while it was idle
	 * (may be NULL): called before it is handed out or begins a transaction. */
	void (*revive)(struct db *db);
};

/* What db_after_commit() asked to run once the transaction commits. */
struct db_hook {
	void (*fn)(const char *key);
	char *key;
};
struct db_hooks {
	struct db_hook *v;
	size_t n, cap;
};

struct db {
	const struct db_ops *ops;
	enum db_backend backend;
	int txn_depth;
	struct db_hooks hooks;	    /* of the transaction being run */
	bool busy_timed_out;	    /* the last transaction met the busy deadline */
	bool read_only;		    /* a replica's: transactions BEGIN read-only */
	bool read_committed;	    /* db_run_txn_counter(): BEGIN READ COMMITTED */
	struct db_abort_info abort; /* what the last callback gave up with (db_abort) */
	bool outcome_unknown;	    /* the last COMMIT was cut off: it may have committed */
	char err[512];
	void *impl;
};

/* A result being filled: cells are appended row by row. */
struct db_res {
	size_t rows, cols;
	struct buf data; /* all cell texts, NUL-terminated */
	size_t *offsets; /* rows*cols; SIZE_MAX = NULL */
	size_t ncells, capcells;
};

struct db_res *db_res_new(size_t cols);
void db_res_add(struct db_res *r, const char *text, size_t len); /* text NULL = SQL NULL */

int db_sqlite_open(const char *path, struct db **out, char *err, size_t errlen);
/* A file opened read-only, without WAL or any pragma that writes (a backup's
 * copy, db_backup.c); no write transaction may run on it. */
int db_sqlite_open_readonly(const char *path, struct db **out, char *err, size_t errlen);
/* The SQLite writers of this process commit without syncing (db_bulk_commits). */
void db_sqlite_bulk(void);
int db_pg_open(const char *url, struct db **out, char *err, size_t errlen);
/* A connection of no commit group: the writer of one (db_pg_group.c). */
int db_pg_open_writer(const char *url, struct db **out, char *err, size_t errlen);
/* The commit group of the counter transactions of this process on the
 * database at url (db_pg_group.c): taken by every connection opened by
 * db_pg_open(), released at its close. */
struct pg_group;
/* A connection whose every wait for the server lasts at most timeout_ms
 * (connecting included; statement_timeout is three quarters of it, so
 * that a slow statement fails without the connection): past it the
 * connection is closed and what runs on it fails with DB_HARD. A lost
 * connection is not reset: its owner closes it and opens another. For
 * the replica (db_replica.c), which a stopped server must not hold. */
int db_pg_open_bounded(const char *url, int64_t timeout_ms, struct db **out, char *err,
		       size_t errlen);
/* Whether a statement failed on db since the last call (and forgets it);
 * *lost: the connection is closed (timed out or cut). */
bool db_pg_take_failure(struct db *db, bool *lost);
/* sql (a static text without parameters or rows, such as SAVEPOINT) is
 * sent with the connection's next statement, in the same round trip; its
 * failure is that statement's. */
void db_pg_defer(struct db *db, const char *sql);
/* Takes back sql if it is the last deferred and not sent yet: true then. */
bool db_pg_undefer(struct db *db, const char *sql);
/* ops->revive of a PostgreSQL connection (db_pg_group.c's writers too). */
void db_pg_revive(struct db *db);
struct pg_group *db_pg_group_ref(const char *url);
void db_pg_group_unref(struct pg_group *g);
/* Runs fn in the lane of key (db_run_txn_counter()). */
int db_pg_group_run(struct db *db, struct pg_group *g, int64_t key, db_txn_cb fn, void *ctx,
		    int attempts);
/* The lanes of the groups made from now on (db_set_group_writers()). */
int db_group_writers(void);
int db_pg_listen_start(const char *url, const char *channel, void (*fn)(const char *, void *),
		       void *arg, struct db_listener **out, char *err, size_t errlen);
void db_pg_listen_stop(struct db_listener *l);

/* The transaction runner without grouping: BEGIN, the callback, COMMIT, with
 * retries (db.h). Called by db_run_txn() outside a transaction only. */
int db_run_plain(struct db *db, db_txn_cb fn, void *ctx, int attempts);
void db_count_retry(void);
/* A connection taken from a pool by this thread (db_thread_checkouts()). */
void db_count_checkout(void);
void db_count_round_trip(void);
/* A member's callback ran on a group's writer for ns (db_group_stats()). */
void db_count_group_member(int64_t ns);
/* A group of members committed in ns. */
void db_count_group_commit(int64_t members, int64_t ns);
void db_count_failure(int rc);
/* Sleeps before attempt (1, 2, ...) of a transaction: growing within each
 * DB_TXN_ATTEMPTS attempts, none at the first of each (db.h). */
void db_backoff(int attempt);
/* Hooks: moved out of a transaction's list, run after its commit, or dropped. */
void db_hooks_move(struct db_hooks *to, struct db_hooks *from);
void db_hooks_run(struct db_hooks *h);
void db_hooks_drop(struct db_hooks *h);

/* The busy deadline (db_set_busy_timeout_ms), in milliseconds. */
int64_t db_busy_timeout_ms(void);

void db_set_err(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
