/* The set-up every database test shares, compiled into each of them: the
 * database MOTCUA_TEST_DB names (SQLite or PostgreSQL, one source run on
 * both), opened and migrated, optionally loaded with the demo data of
 * data/, and the demo's officers as actors. Each helper fails the running
 * test with a message instead of returning an error. */
#ifndef MOTCUA_TESTS_DB_FIXTURE_H
#define MOTCUA_TESTS_DB_FIXTURE_H

#include "base/arena.h"
#include "db/db.h"
#include "svc/svc.h"
#include "../unit/test_helpers.h"

/* The URL of MOTCUA_TEST_DB (set by dbt_run). */
extern const char *dbt_url;

/* A new connection to dbt_url. */
struct db *dbt_open(void);
/* A new connection to dbt_url, with every migration applied. */
struct db *dbt_open_migrated(void);
/* Loads data/ of the source tree (the demo's units, officers and
 * catalogue), its output discarded. */
void dbt_load_demo(struct db *db);
/* The demo officer username as an actor, its strings from a. */
void dbt_load_actor(struct db *db, struct arena *a, const char *username, struct svc_actor *out);
/* Records that a result was drafted for the dossier `code`, by `by` (the
 * event svc_result_draft() leaves in the history; no file is stored):
 * approving and issuing need one. */
void dbt_result_drafted(struct db *db, struct arena *a, const char *code,
			const struct svc_actor *by);
/* main() of a database test: reads MOTCUA_TEST_DB (exit 2 if unset),
 * initialises libsodium and runs the group. */
int dbt_run(const char *name, const struct CMUnitTest *tests, size_t n, CMFixtureFunction setup,
	    CMFixtureFunction teardown);
#define DBT_RUN(tests, setup, teardown)                                                            \
	dbt_run(#tests, (tests), N_ELEMENTS(tests), (setup), (teardown))

#endif
