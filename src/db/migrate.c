/* Applies the embedded, numbered migrations that a database has not yet
 * recorded. Each runs in its own transaction with its record, so a crash
 * leaves the schema at a known version. On PostgreSQL an advisory lock keeps
 * two servers starting at once from migrating twice. Layer: db. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "db/db_impl.h"
#include "db/migrations.h"

static const struct db_migration *list_for(struct db *db)
{
	return db->backend == DB_SQLITE ? db_migrations_sqlite : db_migrations_postgres;
}

static int ensure_table(struct db *db)
{
	return db_exec_script(db, db->backend == DB_SQLITE
					  ? "CREATE TABLE IF NOT EXISTS schema_migrations ("
					    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
					    "applied_at INTEGER NOT NULL)"
					  : "CREATE TABLE IF NOT EXISTS schema_migrations ("
					    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
					    "applied_at BIGINT NOT NULL)");
}

struct step {
	const struct db_migration *m;
	bool done;
};

static int apply_one(struct db *db, void *ctx)
{
	struct step *s = ctx;
	int rc;
	bool found;
	int64_t v;
	s->done = false;
	if (db->backend == DB_POSTGRES) {
		rc = db_exec_script(db, "SELECT pg_advisory_xact_lock(7262001)");
		if (rc < 0)
			return rc;
	}
	rc = db_query_int(db, "SELECT version FROM schema_migrations WHERE version = ?",
			  DB_ARGS(DB_I(s->m->version)), &v, &found);
	if (rc < 0 || found)
		return rc;
	rc = db_exec_script(db, s->m->sql);
	if (rc < 0)
		return rc;
	rc = db_exec(db,
		     "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		     DB_ARGS(DB_I(s->m->version), DB_T(s->m->name), DB_I(clock_now_ms())), NULL);
	if (rc == DB_OK)
		s->done = true;
	return rc;
}

int db_migrate(struct db *db, int *applied, char *err, size_t errlen)
{
	int n = 0;
	int rc = ensure_table(db);
	if (rc < 0) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", db->err);
		return rc;
	}
	for (const struct db_migration *m = list_for(db); m->version; m++) {
		struct step s = {m, false};
		rc = db_run_txn(db, apply_one, &s, DB_TXN_ATTEMPTS);
		if (rc < 0) {
			snprintf(err, errlen, "migration %04d-%s failed: %s", m->version, m->name,
				 db->err);
			return rc;
		}
		if (s.done) {
			n++;
			log_info("applied migration %04d-%s", m->version, m->name);
		}
	}
	if (applied)
		*applied = n;
	return DB_OK;
}

int db_schema_version(struct db *db, int *current, int *latest)
{
	*latest = 0;
	*current = 0;
	for (const struct db_migration *m = list_for(db); m->version; m++)
		*latest = m->version;
	/* Numbers are unique, not gapless (a later one may land first): the
	 * schema is at the last embedded version before the first one not
	 * applied, or past them all if a newer binary migrated it. */
	struct db_res *r;
	int rc = db_query(db, "SELECT version FROM schema_migrations ORDER BY version", DB_NOARGS,
			  &r);
	if (rc < 0)
		return rc;
	size_t n = db_res_rows(r), i = 0;
	for (const struct db_migration *m = list_for(db); m->version; m++) {
		while (i < n && db_res_int(r, i, 0) < m->version)
			i++;
		if (i == n || db_res_int(r, i, 0) != m->version)
			break;
		*current = m->version;
	}
	if (n && db_res_int(r, n - 1, 0) > *latest)
		*current = (int)db_res_int(r, n - 1, 0);
	db_res_free(r);
	return DB_OK;
}
