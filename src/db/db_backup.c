/* Whole-database copies for `motcua backup` and `motcua restore`: SQLite
 * through its online backup API (a running server's readers and writers go
 * on; the copy is the database as of one instant), PostgreSQL through
 * pg_dump and pg_restore (custom format; one snapshot), found on PATH and run
 * without a shell. See db.h. Layer: db. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/log.h"
#include "db/db_impl.h"

extern char **environ;

static bool is_sqlite(const char *url)
{
	return !strncmp(url, "sqlite:", 7);
}

/* Runs argv[0] from PATH and waits; its stderr goes to ours (pg_dump says
 * what failed better than we could). */
static int run_tool(char *const argv[], char *err, size_t errlen)
{
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc != 0) {
		snprintf(err, errlen, "cannot run %s: %s%s", argv[0], strerror(rc),
			 rc == ENOENT
				 ? " (install the PostgreSQL client tools, or put them on PATH)"
				 : "");
		return DB_HARD;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: %s", argv[0], strerror(errno));
			return DB_HARD;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return DB_OK;
	snprintf(err, errlen, "%s failed (%s %d; its messages are above)", argv[0],
		 WIFEXITED(status) ? "exit status" : "signal",
		 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return DB_HARD;
}

/* Copies the database src into dst with the backup API, waiting out a
 * writer that holds a lock (up to about 30 s). */
static int sqlite_copy(sqlite3 *dst, sqlite3 *src, const char *what, char *err, size_t errlen)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(dst));
		return DB_HARD;
	}
	int rc;
	for (int tries = 0;; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_DONE)
			break;
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < 300) {
			nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
			continue;
		}
		break;
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s%s", what, sqlite3_errstr(rc),
			 rc == SQLITE_BUSY || rc == SQLITE_LOCKED
				 ? " (another process holds the database: stop it and try again)"
				 : "");
		return DB_HARD;
	}
	return DB_OK;
}

static int sqlite_open_path(const char *path, int flags, sqlite3 **h, char *err, size_t errlen)
{
	int rc = sqlite3_open_v2(path, h, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open sqlite database %s: %s", path,
			 *h ? sqlite3_errmsg(*h) : sqlite3_errstr(rc));
		sqlite3_close_v2(*h);
		*h = NULL;
		return DB_HARD;
	}
	sqlite3_busy_timeout(*h, 10000);
	return DB_OK;
}

/* PostgreSQL: one repeatable-read transaction exports its snapshot, fn
 * reads in it, and pg_dump dumps that very snapshot. */
static int pg_backup(const char *url, const char *dest, db_snapshot_cb fn, void *ctx, char *err,
		     size_t errlen)
{
	struct db *db;
	struct db_res *r = NULL;
	int rc = db_open(url, &db, err, errlen);
	if (rc < 0)
		return rc;
	rc = db_exec_script(db, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
	if (rc == DB_OK)
		rc = db_query(db, "SELECT pg_export_snapshot()", DB_NOARGS, &r);
	if (rc < 0) {
		snprintf(err, errlen, "backup: %s", db_errmsg(db));
		goto out;
	}
	char snap[128];
	snprintf(snap, sizeof snap, "--snapshot=%s", db_res_text(r, 0, 0));
	if (fn && (rc = fn(db, ctx)) < 0) {
		snprintf(err, errlen, "backup: reading the database: %s", db_errmsg(db));
		goto out;
	}
	char *argv[] = {"pg_dump",    "--format=custom", "--no-owner", snap, "--file",
			(char *)dest, "--dbname",	 (char *)url,  NULL};
	rc = run_tool(argv, err, errlen);
out:
	db_res_free(r);
	if (db_exec_script(db, "COMMIT") < 0)
		log_warn("backup: %s", db_errmsg(db)); /* read only: nothing lost */
	db_close(db);
	return rc;
}

int db_backup_to_file(const char *url, const char *dest, db_snapshot_cb fn, void *ctx, char *err,
		      size_t errlen)
{
	if (!is_sqlite(url))
		return pg_backup(url, dest, fn, ctx, err, errlen);
	const char *path = url + 7;
	if (access(path, F_OK) != 0) {
		snprintf(err, errlen, "no database at %s", path);
		return DB_HARD;
	}
	sqlite3 *src = NULL, *dst = NULL;
	int rc = sqlite_open_path(path, SQLITE_OPEN_READWRITE, &src, err, errlen);
	if (rc == DB_OK)
		rc = sqlite_open_path(dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dst, err,
				      errlen);
	if (rc == DB_OK)
		rc = sqlite_copy(dst, src, "backup", err, errlen);
	/* A copy in rollback-journal mode: opening it read-only later (here
	 * and at restore) then needs no -wal or -shm file beside it, and
	 * changes no byte of it. */
	if (rc == DB_OK &&
	    sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		rc = DB_HARD;
	}
	sqlite3_close_v2(src);
	if (dst && sqlite3_close(dst) != SQLITE_OK && rc == DB_OK) {
		snprintf(err, errlen, "backup: cannot close %s", dest);
		rc = DB_HARD;
	}
	if (rc == DB_OK && fn) {
		struct db *copy;
		rc = db_sqlite_open_readonly(dest, &copy, err, errlen);
		if (rc == DB_OK) {
			rc = fn(copy, ctx);
			if (rc < 0)
				snprintf(err, errlen, "backup: reading the copy: %s",
					 db_errmsg(copy));
			db_close(copy);
		}
	}
	return rc;
}

int db_open_copy(const char *path, struct db **out, char *err, size_t errlen)
{
	return db_sqlite_open_readonly(path, out, err, errlen);
}

int db_empty_out(const char *url, char *err, size_t errlen)
{
	if (is_sqlite(url)) {
		snprintf(err, errlen, "db_empty_out: PostgreSQL only");
		return DB_HARD;
	}
	struct db *db;
	int rc = db_open(url, &db, err, errlen);
	if (rc < 0)
		return rc;
	rc = db_exec_script(db, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
	if (rc < 0)
		snprintf(err, errlen, "cannot empty the database: %s", db_errmsg(db));
	db_close(db);
	return rc < 0 ? DB_HARD : DB_OK;
}

int db_restore_from_file(const char *url, const char *src, char *err, size_t errlen)
{
	if (!is_sqlite(url)) {
		/* Whatever the schema held goes (the caller asked for --force if
		 * it held anything), then the dump is loaded as it was. */
		if (db_empty_out(url, err, errlen) < 0)
			return DB_HARD;
		char *argv[] = {"pg_restore",
				"--no-owner",
				"--no-privileges",
				"--exit-on-error",
				"--single-transaction",
				"--dbname",
				(char *)url,
				(char *)src,
				NULL};
		return run_tool(argv, err, errlen);
	}
	sqlite3 *from = NULL, *to = NULL;
	int rc = sqlite_open_path(src, SQLITE_OPEN_READONLY, &from, err, errlen);
	if (rc == DB_OK)
		rc = sqlite_open_path(url + 7, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &to, err,
				      errlen);
	if (rc == DB_OK)
		rc = sqlite_copy(to, from, "restore", err, errlen);
	/* The server opens its database in WAL mode; say so now, so that the
	 * first server start does not have to. */
	if (rc == DB_OK &&
	    sqlite3_exec(to, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "restore: %s", sqlite3_errmsg(to));
		rc = DB_HARD;
	}
	sqlite3_close_v2(from);
	sqlite3_close_v2(to);
	return rc;
}

int db_is_empty(struct db *db, bool *empty)
{
	int64_t n = 0;
	bool found;
	int rc = db_query_int(db,
			      db->backend == DB_SQLITE
				      ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
				      : "SELECT COUNT(*) FROM pg_tables WHERE schemaname = "
					"current_schema()",
			      DB_NOARGS, &n, &found);
	*empty = rc == DB_OK && n == 0;
	return rc;
}

/* SQLite keeps its locks as POSIX record locks on the database file: every
 * open connection in WAL mode holds a shared lock on the SHARED range for
 * as long as it is open, a writer the RESERVED and PENDING bytes. F_GETLK
 * for a write lock over those bytes finds another process's lock (never
 * this process's own). */
#define SQLITE_PENDING_BYTE 0x40000000
#define SQLITE_LOCK_BYTES   (2 + 510)

static int sqlite_in_use(const char *path, int64_t *n, char *err, size_t errlen)
{
	*n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return DB_OK;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return DB_HARD;
	}
	struct flock fl = {.l_type = F_WRLCK,
			   .l_whence = SEEK_SET,
			   .l_start = SQLITE_PENDING_BYTE,
			   .l_len = SQLITE_LOCK_BYTES};
	int rc = fcntl(fd, F_GETLK, &fl);
	int e = errno;
	close(fd);
	if (rc != 0) {
		snprintf(err, errlen, "%s: cannot test its locks: %s", path, strerror(e));
		return DB_HARD;
	}
	*n = fl.l_type != F_UNLCK;
	return DB_OK;
}

int db_sessions_elsewhere(const char *url, int64_t *n, char *err, size_t errlen)
{
	if (is_sqlite(url))
		return sqlite_in_use(url + 7, n, err, errlen);
	*n = 0;
	struct db *db;
	int rc = db_open(url, &db, err, errlen);
	if (rc < 0)
		return rc;
	bool found;
	rc = db_query_int(
		db,
		"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
		"AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
		DB_NOARGS, n, &found);
	if (rc < 0)
		snprintf(err, errlen, "cannot list the sessions of the database: %s",
			 db_errmsg(db));
	db_close(db);
	return rc < 0 ? DB_HARD : DB_OK;
}
