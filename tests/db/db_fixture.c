/* The shared set-up of the database tests: see db_fixture.h. */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "db_fixture.h"
#include "base/clock.h"
#include "repo/repo.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_event_data.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

const char *dbt_url;

struct db *dbt_open(void)
{
	struct db *db;
	char err[512];
	if (db_open(dbt_url, &db, err, sizeof err) < 0)
		fail_msg("open %s: %s", dbt_url, err);
	return db;
}

struct db *dbt_open_migrated(void)
{
	struct db *db = dbt_open();
	char err[600];
	int applied;
	if (db_migrate(db, &applied, err, sizeof err) < 0)
		fail_msg("migrate: %s", err);
	return db;
}

void dbt_load_demo(struct db *db)
{
	FILE *devnull = fopen("/dev/null", "w");
	if (!devnull)
		fail_msg("open /dev/null");
	int rc = svc_demo_load(db, SOURCE_ROOT "/data", "demo-pass", devnull);
	fclose(devnull);
	if (rc < 0)
		fail_msg("demo data did not load");
}

void dbt_load_actor(struct db *db, struct arena *a, const char *username, struct svc_actor *out)
{
	struct user u;
	assert_int_equal(repo_user_by_username(db, a, username, &u), DB_OK);
	*out = (struct svc_actor){u.id, u.username, u.full_name, u.roles, u.unit_id};
}

int dbt_run(const char *name, const struct CMUnitTest *tests, size_t n, CMFixtureFunction setup,
	    CMFixtureFunction teardown)
{
	dbt_url = getenv("MOTCUA_TEST_DB");
	if (!dbt_url || !*dbt_url) {
		fprintf(stderr, "set MOTCUA_TEST_DB to a database URL\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 2;
	return _cmocka_run_group_tests(name, tests, n, setup, teardown);
}

struct draft_ctx {
	struct arena *a;
	const char *code;
	const struct svc_actor *by;
};

static int draft_txn(struct db *db, void *arg)
{
	struct draft_ctx *c = arg;
	struct dossier d;
	int rc = repo_dossier_by_code(db, c->a, c->code, &d);
	if (rc < 0)
		return rc;
	const char *data = evd_result_drafted(
		c->a, &(struct evd_draft){.sha256 = "00", .type = "pdf", .size = 1});
	return svcdoc_append(db, c->a, &d, c->by, EVENT_RESULT_DRAFTED, NULL, data, clock_now_ms());
}

void dbt_result_drafted(struct db *db, struct arena *a, const char *code,
			const struct svc_actor *by)
{
	struct draft_ctx c = {.a = a, .code = code, .by = by};
	if (db_run_txn(db, draft_txn, &c, 3) != DB_OK)
		fail_msg("cannot record a result drafted for %s", code);
}
