/* Documents against a real database, run unchanged on SQLite and
 * PostgreSQL (MOTCUA_TEST_DB): files digitized at the desk land in the
 * owner's data store once the dossier is received; the next dossier of the
 * same owner is offered what is still valid, never what expired, never
 * another owner's; reuse and downloads are events of the chain and `audit
 * verify` still passes; an officer of an unrelated unit may not download.
 * The tests run in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "core/roles.h"
#include "db/db.h"
#include "repo/repo_documents.h"
#include "svc/svc_documents.h"
#include "db_fixture.h"

static struct svc_actor receiver, leader, stranger;
static struct arena keep;
static struct config cfg;
static char dir[] = "/tmp/motcua-dbdocs-XXXXXX";
static char code_a[64], code_b[64];
static int64_t doc_valid, doc_expired;

static const unsigned char JPEG[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1};

static int setup(void **state)
{
	struct db *db = dbt_open_migrated();
	dbt_load_demo(db);
	arena_init(&keep);
	dbt_load_actor(db, &keep, "tiepnhan", &receiver);
	dbt_load_actor(db, &keep, "lanhdao", &leader);
	/* A specialist of a unit that has nothing to do with LD-02. */
	struct unit u;
	assert_int_equal(repo_unit_by_code(db, &keep, "QLDT", &u), DB_OK);
	stranger = (struct svc_actor){leader.id, "lanhdao", "x", ROLE_SPECIALIST, u.id};
	if (!mkdtemp(dir))
		fail_msg("mkdtemp");
	config_init(&cfg);
	struct buf e = BUF_INIT;
	assert_int_equal(config_set(&cfg, "data_dir", dir, "test", &e), 0);
	buf_release(&e);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	arena_release(&keep);
	config_release(&cfg);
	svc_blobs_reset();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const struct svc_component_in ld02[] = {
	{NULL, "paper"}, {NULL, "paper"},    {NULL, "paper"},
	{NULL, "paper"}, {NULL, "paper"},    {NULL, "not_applicable"},
	{NULL, "paper"}, {NULL, "uploaded"}, {NULL, "not_applicable"},
};

static void receive(struct db *db, struct arena *a, const char *tax_code, char *code)
{
	struct svc_receipt in = {0};
	in.procedure_code = "LD-02";
	in.submitter =
		(struct dossier_party){"organisation",	 "Công ty TNHH Sao Mai", NULL, tax_code,
				       "KCN Đồng Văn I", "0226 3850 123",	 NULL};
	in.components = ld02;
	in.ncomponents = sizeof ld02 / sizeof ld02[0];
	struct svc_dossier s;
	struct svc_result r = svc_dossier_create(db, a, &receiver, &in, &s);
	if (r.code != ERR_NONE)
		fail_msg("receive: %s %s %s", err_lookup(r.code)->name, r.field ? r.field : "",
			 r.detail ? r.detail : "");
	snprintf(code, 64, "%s", s.d.code);
}

static void expect(struct svc_result r, enum err_code want)
{
	if (r.code != want)
		fail_msg("got %s (%d, %s), want %s", err_lookup(r.code)->name, (int)r.code,
			 r.detail ? r.detail : "", err_lookup(want)->name);
}

static void digitize_into_store(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	receive(db, &a, "0101234565", code_a);
	int64_t now = clock_now_ms(), day = 86400000;
	struct svc_upload up = {.data = JPEG,
				.len = sizeof JPEG,
				.declared = "image/jpeg",
				.valid_until = now + 365 * day};
	struct document d;
	expect(svc_component_attach(db, &a, &cfg, &receiver, code_a, 2, &up, &d), ERR_NONE);
	doc_valid = d.id;
	assert_string_equal(d.doc_type, "health_certificate");
	assert_int_equal(d.nfiles, 1);
	up.valid_until = now - day;
	expect(svc_component_attach(db, &a, &cfg, &receiver, code_a, 7, &up, &d), ERR_NONE);
	doc_expired = d.id;
	/* Bad input changes nothing. */
	struct svc_upload bad = {.data = "hello", .len = 5};
	expect(svc_component_attach(db, &a, &cfg, &receiver, code_a, 3, &bad, &d),
	       ERR_FILE_TYPE_NOT_ALLOWED);
	expect(svc_component_attach(db, &a, &cfg, &receiver, code_a, 42, &up, &d),
	       ERR_COMPONENT_NOT_FOUND);
	expect(svc_component_attach(db, &a, &cfg, &stranger, code_a, 3, &up, &d),
	       ERR_NOT_HANDLING_DOSSIER);
	/* In the store of 0101234565: both; valid now: one. */
	struct document *list;
	size_t n;
	assert_int_equal(repo_store_list(db, &a, "organisation", "0101234565", NULL, 0, &list, &n),
			 DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(
		repo_store_list(db, &a, "organisation", "0101234565", NULL, now, &list, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, doc_valid);
	assert_int_equal(repo_store_list(db, &a, "organisation", "0309999997", NULL, 0, &list, &n),
			 DB_OK);
	assert_int_equal(n, 0);
	arena_release(&a);
}

static void reuse_in_next_dossier(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	receive(db, &a, "0101234565", code_b);
	struct svc_components c;
	expect(svc_components_get(db, &a, &receiver, code_b, clock_now_ms(), &c), ERR_NONE);
	assert_int_equal(c.items[1].noffers, 1);
	assert_int_equal(c.items[1].offers[0].id, doc_valid);
	assert_int_equal(c.items[6].noffers, 0); /* expired: not offered */
	expect(svc_component_reuse(db, &a, &receiver, code_b, 7, doc_expired), ERR_REUSE_EXPIRED);
	expect(svc_component_reuse(db, &a, &receiver, code_b, 1, doc_valid),
	       ERR_REUSE_TYPE_MISMATCH);
	expect(svc_component_reuse(db, &a, &receiver, code_b, 2, 999999), ERR_DOCUMENT_NOT_FOUND);
	expect(svc_component_reuse(db, &a, &receiver, code_b, 2, doc_valid), ERR_NONE);
	struct component_doc cd;
	struct dossier d;
	assert_int_equal(repo_dossier_by_code(db, &a, code_b, &d), DB_OK);
	assert_int_equal(repo_component_doc_get(db, &a, d.id, 2, &cd), DB_OK);
	assert_string_equal(cd.how, "reused");
	assert_string_equal(cd.reused_from_code, code_a);
	/* Another owner's dossier may not take it. */
	char code_c[64];
	receive(db, &a, "0309999997", code_c);
	expect(svc_component_reuse(db, &a, &receiver, code_c, 2, doc_valid), ERR_REUSE_NOT_OWNER);
	arena_release(&a);
}

static void downloads_and_audit(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct buf b = BUF_INIT;
	struct document_file f;
	expect(svc_document_download(db, &a, &cfg, &stranger, doc_valid, 1, &b, &f),
	       ERR_DOWNLOAD_FORBIDDEN);
	struct dossier before;
	assert_int_equal(repo_dossier_by_code(db, &a, code_a, &before), DB_OK);
	expect(svc_document_download(db, &a, &cfg, &leader, doc_valid, 1, &b, &f), ERR_NONE);
	assert_int_equal(b.len, sizeof JPEG);
	assert_memory_equal(b.p, JPEG, sizeof JPEG);
	struct dossier after;
	assert_int_equal(repo_dossier_by_code(db, &a, code_a, &after), DB_OK);
	assert_int_equal(after.nevents, before.nevents + 1);
	struct event *ev;
	size_t n;
	assert_int_equal(repo_events_of(db, &a, after.id, &ev, &n), DB_OK);
	assert_string_equal(ev[n - 1].action, "file_downloaded");
	buf_release(&b);
	struct svc_audit au;
	if (svc_audit_verify(db, &au) != 0)
		fail_msg("audit: %s", au.problem);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(digitize_into_store),
		cmocka_unit_test(reuse_in_next_dossier),
		cmocka_unit_test(downloads_and_audit),
	};
	return DBT_RUN(tests, setup, teardown);
}
