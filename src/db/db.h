/* The database driver: one interface, two backends (SQLite embedded by
 * default, PostgreSQL through libpq), so that every query in repo/ is written
 * once and runs on both.
 *
 * Layer: db. Only files in src/db/ include sqlite3.h or libpq-fe.h.
 *
 * SQL text uses `?` placeholders; the PostgreSQL backend rewrites them to
 * $1, $2... Results are read fully into a struct db_res (motcua's queries
 * return small pages), so both backends behave alike.
 *
 * One status enum (enum db_status) for the whole transaction path: the
 * driver, repo/ and the transaction callbacks of svc/ return it (negative =
 * failure), and it says whether retrying can help (DB_SOFT only).
 *
 * A struct db is one connection, used by one thread at a time. A pool
 * (struct db_pool) hands connections to request threads.
 *
 * On SQLite the write transactions of one process's threads on one database
 * file run on one shared writer connection and are committed in groups:
 * while one transaction's callback runs, others wait; each callback runs
 * under its own savepoint, and the last of a group commits them all with
 * one fsync. db_run_txn() returns only after its group's COMMIT is durable.
 * The callback gets that writer connection as its `db`; it must use it, and
 * not a connection captured in ctx.
 */
#ifndef MOTCUA_DB_DB_H
#define MOTCUA_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/errors_gen.h"

enum db_status {
	DB_OK = 0,
	DB_SOFT = -1,	    /* busy, locked, serialization failure, deadlock: retried */
	DB_HARD = -2,	    /* anything else the database refused: give up */
	DB_CONSTRAINT = -3, /* a unique, foreign key or check constraint refused the row */
	DB_NOT_FOUND = -4,  /* the row looked up does not exist (repo/) */
	DB_ABORT = -5,	    /* a transaction callback gave up with a registry error (db_abort) */
	DB_TOO_MANY = -6,   /* more rows than the caller allowed (repo/): narrow the query */
};
enum db_backend { DB_SQLITE, DB_POSTGRES };

enum db_arg_type { DB_ARG_NULL, DB_ARG_INT, DB_ARG_TEXT };
struct db_arg {
	enum db_arg_type type;
	int64_t i;
	const char *s;
};
#define DB_I(x) ((struct db_arg){.type = DB_ARG_INT, .i = (x)})
#define DB_T(x) ((struct db_arg){.type = (x) ? DB_ARG_TEXT : DB_ARG_NULL, .s = (x)})
#define DB_NULL ((struct db_arg){.type = DB_ARG_NULL})
#define DB_ARGS(...)                                                                               \
	((const struct db_arg[]){__VA_ARGS__}),                                                    \
		(sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0

struct db;
struct db_res;

/* Opens a connection for url ("sqlite:PATH" or "postgresql://..." /
 * "postgres://..."). On failure returns DB_HARD and writes a message to err. */
int db_open(const char *url, struct db **out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
void db_close(struct db *db);
enum db_backend db_backend(const struct db *db);
const char *db_backend_name(const struct db *db);
/* The last error message of this connection (never NULL). */
const char *db_errmsg(const struct db *db);

/* Runs a statement and reads all its rows. *out may be NULL if the caller
 * wants no rows; otherwise free it with db_res_free(). */
int db_query(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
	     struct db_res **out) __attribute__((warn_unused_result));
/* Runs a statement without rows; *changes (may be NULL) gets rows affected. */
int db_exec(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
	    int64_t *changes) __attribute__((warn_unused_result));
/* Runs a statement without rows whose outcome the caller need not wait
 * for: on PostgreSQL, inside a transaction, it travels with the next
 * statement (libpq's pipeline mode), which reports its failure as its own,
 * or db_sync() or the transaction's end does (issue 16: one round trip
 * for several inserts). Only where any failure fails the whole transaction
 * alike (new rows whose constraints nobody maps to a field); elsewhere
 * (SQLite, no transaction, a statement not yet prepared) db_exec(). */
int db_exec_later(struct db *db, const char *sql, const struct db_arg *args, size_t nargs)
	__attribute__((warn_unused_result));
/* The outcome of the statements db_exec_later() sent: DB_OK or the first
 * failure. */
int db_sync(struct db *db) __attribute__((warn_unused_result));
/* Round trips to PostgreSQL of this process (statements or pipelines
 * sent and waited for), for /metrics. */
int64_t db_round_trips(void);
/* Group commit of this process, both backends (issue 16): the groups
 * committed and the callbacks (members) in them, the time the group's
 * writer spent running members' callbacks and the time it spent in their
 * groups' COMMIT, in nanoseconds, for /metrics. Since the writer runs one
 * thing at a time, a group of k members of m each, committed in F, makes
 * at most k / (k m + F) receipts a second: bench/pg.sh prints the three. */
struct db_group_stats {
	int64_t groups, members, member_ns, commit_ns;
};
void db_group_stats(struct db_group_stats *out);
/* Runs a script of several statements without parameters (migrations). */
int db_exec_script(struct db *db, const char *sql) __attribute__((warn_unused_result));
/* One integer from the first column of the first row; DB_OK with *found
 * false if no row. */
int db_query_int(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		 int64_t *out, bool *found) __attribute__((warn_unused_result));

size_t db_res_rows(const struct db_res *r);
size_t db_res_cols(const struct db_res *r);
bool db_res_null(const struct db_res *r, size_t row, size_t col);
/* Text of a cell ("" for NULL); borrowed from r. */
const char *db_res_text(const struct db_res *r, size_t row, size_t col);
/* Text of a cell or NULL for SQL NULL. */
const char *db_res_textn(const struct db_res *r, size_t row, size_t col);
int64_t db_res_int(const struct db_res *r, size_t row, size_t col);
void db_res_free(struct db_res *r);

/* Transactions: the one runner (db_run_txn) for every unit of database
 * work. The callback does the work and returns DB_OK to commit; a DB_*
 * status on database failure; DB_ABORT from db_abort() to roll back and
 * give up with a registry error; or any other negative code to roll back
 * and give up (that code is returned). DB_SOFT failures (busy,
 * serialization, deadlock) roll back and run the callback again, up to
 * `attempts` times in all, with growing random back-off that starts again
 * from none after every DB_TXN_ATTEMPTS attempts: the callback must be safe
 * to re-run. On SQLite all attempts together also stop at the busy
 * deadline (db_set_busy_timeout_ms). A call from inside a callback runs fn
 * at once, as part of the outer transaction (attempts is then unused).
 *
 * DB_TXN_ATTEMPTS is the budget of ordinary use cases;
 * DB_TXN_ATTEMPTS_HOT that of transactions on rows every caller updates
 * (a unit's receipt counter, the desk queue's counters), which on
 * PostgreSQL fail over to each other under SERIALIZABLE often and should
 * wait rather than show an error. */
enum { DB_TXN_ATTEMPTS = 10, DB_TXN_ATTEMPTS_HOT = 5 * DB_TXN_ATTEMPTS };
typedef int (*db_txn_cb)(struct db *db, void *ctx);
int db_run_txn(struct db *db, db_txn_cb fn, void *ctx, int attempts)
	__attribute__((warn_unused_result));
/* db_run_txn() for a transaction that takes a number from a row every
 * caller updates (a unit's day counter of dossier codes) and whose other
 * reads no concurrent transaction can invalidate (it inserts new rows): on
 * PostgreSQL it runs READ COMMITTED instead of SERIALIZABLE, so a second
 * receipt of the unit waits on the counter row's lock and then takes the
 * next number, instead of failing at the first one's commit ("could not
 * serialize access"), backing off and starting again. The row's lock still
 * orders the numbers, and the number commits with what uses it: gapless and
 * never shared. The counter transactions of one process's threads are
 * committed in groups there (db_pg_group.c), each callback under a
 * savepoint, as SQLite groups every write: the callback gets the group's
 * writer connection as its `db` and must use it. On SQLite (writers
 * grouped anyway) the same as db_run_txn(); nested, part of the outer
 * transaction. */
int db_run_txn_counter(struct db *db, int64_t key, db_txn_cb fn, void *ctx, int attempts)
	__attribute__((warn_unused_result));
/* key names the counter row the transaction takes its number from (the
 * receiving unit): on PostgreSQL the transactions of one key share a
 * group's lane, those of other keys may run in another lane at the same
 * time (db_pg_group.c). Lanes per database and process, from the next
 * group made: db.pg_writers, 1 to DB_PG_WRITERS_MAX. */
#define DB_PG_WRITERS_MAX 16
void db_set_group_writers(int n);
/* From inside a transaction callback: records why the use case gives up
 * (a registry error, the offending field or NULL, a detail or NULL) and
 * returns DB_ABORT, for the callback to return: the runner rolls back,
 * does not retry, and returns DB_ABORT. field and detail are borrowed
 * (static, or from an arena that outlives the run). */
int db_abort(struct db *db, enum err_code code, const char *field, const char *detail)
	__attribute__((warn_unused_result));
/* After db_run_txn() returned DB_ABORT on db: what db_abort() recorded.
 * ERR_INTERNAL if a callback returned DB_ABORT without calling it. */
struct db_abort_info {
	enum err_code code;
	const char *field, *detail;
};
struct db_abort_info db_aborted(const struct db *db);
/* From inside a transaction callback: fn(key) runs once that transaction has
 * committed, and not at all if it rolls back (a retried callback asks
 * again). For caches of what the transaction changed. key is copied.
 * Outside a transaction fn runs at once. */
void db_after_commit(struct db *db, void (*fn)(const char *key), const char *key);
/* How long one transaction may wait, in all, for a write lock another
 * process holds (SQLite; its busy handler and the retries both stop at this
 * deadline), in milliseconds. Process-wide; default 5000. Set it below the
 * clients' timeout: a request that gives up is answered (503 DB_BUSY) and
 * commits nothing, instead of committing after the client has gone. */
void db_set_busy_timeout_ms(int64_t ms);
/* Bulk loading (`gen dossiers` only, never the server): from now on the
 * commits of db (PostgreSQL: synchronous_commit off) and of this process's
 * SQLite writers (synchronous=OFF) do not wait for the disk. A crash may
 * lose the last commits, never the database's consistency. Call outside a
 * transaction. */
int db_bulk_commits(struct db *db) __attribute__((warn_unused_result));
/* Whether the last transaction run on db failed because the write lock
 * stayed taken until that deadline (it then returned DB_SOFT, nothing
 * written). */
bool db_busy_timed_out(const struct db *db);
/* Counts of retried and failed transactions, for /metrics. */
void db_stats(int64_t *retries, int64_t *errors);

/* Messages between the processes that serve one database (PostgreSQL
 * NOTIFY/LISTEN: several servers behind a load balancer tell each other's
 * display boards what happened). channel is a plain identifier; payload at
 * most 7,900 bytes. Sent when the current transaction commits (at once
 * outside one). On SQLite, which one process serves, a no-op. */
int db_notify(struct db *db, const char *channel, const char *payload)
	__attribute__((warn_unused_result));
/* A thread with its own connection that calls fn(payload, arg) for every
 * message on channel, reconnecting after a failure. *out is NULL for
 * SQLite (nothing to listen to). */
struct db_listener;
int db_listen_start(const char *url, const char *channel, void (*fn)(const char *, void *),
		    void *arg, struct db_listener **out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
void db_listen_stop(struct db_listener *l);

/* Migrations embedded in the binary, numbered per backend. Applies those not
 * yet recorded in schema_migrations, each in its own transaction. *applied
 * (may be NULL) gets how many ran. */
int db_migrate(struct db *db, int *applied, char *err, size_t errlen)
	__attribute__((warn_unused_result));
/* Latest embedded version and the one recorded in the database. */
int db_schema_version(struct db *db, int *current, int *latest);

/* A fixed pool of connections for server threads. */
struct db_pool;
int db_pool_new(const char *url, int size, struct db_pool **out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
void db_pool_free(struct db_pool *p);
/* Blocks until a connection is free. Never NULL. */
struct db *db_pool_get(struct db_pool *p);
/* How many connections this thread has taken from pools (db_pool_get(),
 * db_replica_get()): a request's number, for what is read once per
 * request (repo/ caches' version checks). 0 on a thread that never took
 * one (a command, a test): such a thread checks every time. */
uint64_t db_thread_checkouts(void);
/* A streaming standby of the primary (db.replica), for reads that may be a
 * little stale (db_replica.c). Its connections run read-only transactions
 * (REPEATABLE READ READ ONLY, which a hot standby allows), and every wait
 * on it lasts at most timeout_ms (connecting, each statement): past it the
 * read fails, the replica is left until the probe finds it answering, and
 * the caller reads the primary.
 *
 * Staleness is measured against the primary, which nothing here writes
 * to: every DB_REPLICA_CHECK_MS a probe thread reads the primary's WAL
 * insert position with the time it asked, keeping the samples of the last
 * max_lag_ms and more, then the standby's replay position. Everything the
 * primary had committed when the newest sample at or below the replay
 * position was taken is on the standby; the replica is used while that
 * sample is at most max_lag_ms old at the probe, and at most max_lag_ms +
 * DB_REPLICA_CHECK_MS old when a request asks: a reply from it is never
 * more stale than that, even when the standby stopped receiving WAL.
 *
 * The standby must be one of the primary's: the same system identifier
 * (pg_control_system()), the same database name, and in recovery. Each
 * change of state (in use, behind, not answering, not a standby of db) is
 * logged once. Thread-safe. */
#define DB_REPLICA_CHECK_MS 500
struct db_replica;
struct db_replica_options {
	const char *url;     /* the standby (postgresql://...) */
	const char *primary; /* db: the primary's URL */
	int size;	     /* connections at most (one per request thread) */
	int64_t max_lag_ms;
	int64_t timeout_ms;
};
/* Checks the URLs and, if the standby answers, that it is a standby of
 * the primary; starts the probe. DB_HARD with a message in err: either URL
 * is not PostgreSQL, or the standby answered and is not the primary's. A
 * standby that does not answer is no error: it is logged, the primary
 * answers, and the probe keeps trying. */
int db_replica_new(const struct db_replica_options *o, struct db_replica **out, char *err,
		   size_t errlen) __attribute__((warn_unused_result));
void db_replica_free(struct db_replica *r);
/* A connection to the standby, or NULL: read the primary (none fresh
 * enough, not answering, or not the primary's). Never waits on the
 * standby longer than timeout_ms. */
struct db *db_replica_get(struct db_replica *r);
/* Gives the connection back. True if a statement failed on it since
 * db_replica_get(): what was read from it must be read again from the
 * primary; if the standby did not answer, it is left until the probe
 * finds it answering. */
bool db_replica_put(struct db_replica *r, struct db *db);
/* True on a replica's connection: it cannot write. */
bool db_is_read_only(const struct db *db);
void db_pool_put(struct db_pool *p, struct db *db);

/* Whole-database copies (db_backup.c), for `motcua backup` and `restore`.
 * db_backup_to_file() writes a consistent copy of the database at url to
 * the new file dest while others go on reading and writing: SQLite through
 * the online backup API (in rollback-journal mode, so reading the copy
 * changes none of its bytes); PostgreSQL through `pg_dump --format=custom`
 * (one snapshot), found on PATH. fn (may be NULL) reads exactly what the
 * copy holds: it gets the copy opened read-only (SQLite) or the
 * transaction whose snapshot pg_dump dumps (PostgreSQL); a negative return
 * fails the backup. db_restore_from_file() replaces what the
 * database at url holds by such a copy: SQLite through the backup API
 * (no other process may hold the file), PostgreSQL by dropping and
 * recreating the schema `public`, then `pg_restore --single-transaction`.
 * Both return DB_OK or DB_HARD with a message in err; the PostgreSQL tools
 * print their own messages on stderr. db_is_empty() says whether a
 * database holds no table at all. */
typedef int (*db_snapshot_cb)(struct db *db, void *ctx);
int db_backup_to_file(const char *url, const char *dest, db_snapshot_cb fn, void *ctx, char *err,
		      size_t errlen) __attribute__((warn_unused_result));
/* Opens a SQLite copy made by db_backup_to_file() read-only, writing
 * nothing to it (for reading it before it is restored). */
int db_open_copy(const char *path, struct db **out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
int db_restore_from_file(const char *url, const char *src, char *err, size_t errlen)
	__attribute__((warn_unused_result));
int db_is_empty(struct db *db, bool *empty) __attribute__((warn_unused_result));
/* How many other sessions use the database at url: PostgreSQL's client
 * connections to it other than this one (pg_stat_activity); for a SQLite
 * file 1 if another process holds a lock on it (an open connection), else
 * 0. A restore refuses to replace a database in use. */
int db_sessions_elsewhere(const char *url, int64_t *n, char *err, size_t errlen)
	__attribute__((warn_unused_result));
/* PostgreSQL: drops and recreates the schema `public`, leaving the database
 * empty (a restore that failed after loading). */
int db_empty_out(const char *url, char *err, size_t errlen) __attribute__((warn_unused_result));

#endif
