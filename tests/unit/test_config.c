/* The option table: defaults, INI files, bounds, types and masking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "test_helpers.h"

static void test_defaults(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_string_equal(c.v.db, "sqlite:var/motcua.db");
	assert_string_equal(c.v.listen, "127.0.0.1:8080");
	assert_int_equal(c.v.http_max_json_depth, 16);
	assert_false(c.v.session_secure_cookie);
	config_release(&c);
}

static void test_ini(void **state)
{
	struct config c;
	struct buf err = BUF_INIT;
	(void)state;
	config_init(&c);
	assert_int_equal(config_load_text(&c,
					  "# comment\n"
					  "db = postgresql://u@h/db\n"
					  "threads=4\n"
					  "[http]\n"
					  "max_body = 2048 ; not a comment here\n",
					  "t.ini", &err),
			 -1); /* "2048 ; ..." is not a number */
	assert_non_null(strstr(buf_str(&err), "t.ini:5"));
	buf_reset(&err);
	assert_int_equal(
		config_load_text(&c, "[http]\nmax_body = 2048\n[session]\nsecure_cookie = yes\n",
				 "t.ini", &err),
		0);
	assert_int_equal(c.v.http_max_body, 2048);
	assert_true(c.v.session_secure_cookie);
	buf_release(&err);
	config_release(&c);
}

static void test_bounds_and_errors(void **state)
{
	struct config c;
	struct buf err = BUF_INIT;
	(void)state;
	config_init(&c);
	static const struct {
		const char *name, *value;
	} bad[] = {
		{"threads", "0"},
		{"threads", "257"},
		{"threads", "four"},
		{"nosuch", "1"},
		{"session.secure_cookie", "maybe"},
		{"http.max_body", "-1"},
	};
	for (size_t i = 0; i < N_ELEMENTS(bad); i++) {
		buf_reset(&err);
		if (config_set(&c, bad[i].name, bad[i].value, "test", &err) != -1)
			fail_msg("%s=%s accepted", bad[i].name, bad[i].value);
		assert_true(err.len > 0);
	}
	assert_int_equal(c.v.threads, 16); /* the default, unchanged */
	assert_int_equal(config_load_text(&c, "no equals sign\n", "x.ini", &err), -1);
	assert_int_equal(config_load_text(&c, "[broken\n", "x.ini", &err), -1);
	buf_release(&err);
	config_release(&c);
}

static void test_dump_masks_secrets(void **state)
{
	struct config c;
	struct buf err = BUF_INIT, out = BUF_INIT;
	(void)state;
	config_init(&c);
	assert_int_equal(config_set(&c, "pkcs11.pin", "1234-secret", "test", &err), 0);
	assert_int_equal(
		config_set(&c, "db", "postgresql://motcua:hunter2@db.local/motcua", "test", &err),
		0);
	config_dump(&c, &out);
	assert_null(strstr(buf_str(&out), "1234-secret"));
	assert_null(strstr(buf_str(&out), "hunter2"));
	assert_non_null(strstr(buf_str(&out), "pkcs11.pin = ********"));
	assert_non_null(strstr(buf_str(&out), "db = postgresql://motcua:********@db.local/motcua"));
	assert_non_null(strstr(buf_str(&out), "smtp.password = (unset)"));
	buf_release(&out);
	buf_release(&err);
	config_release(&c);
}

/* Issue 10: the password of a PostgreSQL URI given as ?password= and the
 * one inside smtp.url were printed by `config show`. */
static void test_dump_masks_url_passwords(void **state)
{
	struct config c;
	struct buf err = BUF_INIT, out = BUF_INIT;
	(void)state;
	config_init(&c);
	assert_int_equal(config_set(&c, "db",
				    "postgresql://motcua@db.local/motcua?sslmode=require&"
				    "password=hunter2&sslpassword=k3y",
				    "test", &err),
			 0);
	assert_int_equal(config_set(&c, "smtp.url", "smtps://mailer:s3cr%40t@mail.example.vn:465",
				    "test", &err),
			 0);
	/* Stranger's report 16, item 7: the replica's was printed. */
	assert_int_equal(config_set(&c, "db.replica",
				    "postgresql://u:s3cret@h2/db?password=zz9&sslmode=require",
				    "test", &err),
			 0);
	/* An address in an option typed as plain text is masked too. */
	assert_int_equal(config_set(&c, "smtp.from", "ftp://bob:pw4@x.example", "test", &err), 0);
	config_dump(&c, &out);
	assert_null(strstr(buf_str(&out), "s3cret"));
	assert_null(strstr(buf_str(&out), "zz9"));
	assert_null(strstr(buf_str(&out), "pw4"));
	assert_non_null(strstr(buf_str(&out), "db.replica = postgresql://u:********@h2/db?"
					      "password=********&sslmode=require"));
	assert_null(strstr(buf_str(&out), "hunter2"));
	assert_null(strstr(buf_str(&out), "k3y"));
	assert_null(strstr(buf_str(&out), "s3cr"));
	assert_non_null(strstr(buf_str(&out),
			       "db = postgresql://motcua@db.local/motcua?sslmode=require&"
			       "password=********&sslpassword=********"));
	assert_non_null(
		strstr(buf_str(&out), "smtp.url = smtps://mailer:********@mail.example.vn:465"));
	/* Text that carries no password is printed as it is. */
	assert_non_null(strstr(buf_str(&out), "public_url = http://127.0.0.1:8080"));
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"sqlite:var/motcua.db", "sqlite:var/motcua.db"},
		{"postgresql://u:p@h/db", "postgresql://u:********@h/db"},
		{"postgresql://u:p@@h/db?x=1#f", "postgresql://u:********@h/db?x=1#f"},
		{"postgresql:///db?host=/run&PassWord=x&a",
		 "postgresql:///db?host=/run&PassWord=********&a"},
		{"http://h/p?token=abc#frag", "http://h/p?token=********#frag"},
		{"http://h/a@b:c", "http://h/a@b:c"},
	};
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		buf_reset(&out);
		config_mask_url(cases[i].in, &out);
		assert_string_equal(buf_str(&out), cases[i].want);
	}
	buf_release(&out);
	buf_release(&err);
	config_release(&c);
}

/* Every option that holds an address is a CONFIG_URL, so that config show
 * masks a password in it: a new URL option typed as a plain string fails
 * here. */
static void test_url_options_typed(void **state)
{
	(void)state;
	for (size_t i = 0; i < config_noptions; i++) {
		const struct config_option *o = &config_options[i];
		size_t n = strlen(o->name);
		bool looks = strstr(o->def, "://") || !strcmp(o->name, "db") ||
			     (n >= 7 && !strcmp(o->name + n - 7, "replica")) ||
			     (n >= 3 && (!strcmp(o->name + n - 3, "url") ||
					 !strcmp(o->name + n - 3, "uri"))) ||
			     (n >= 6 && !strcmp(o->name + n - 6, "issuer"));
		if (looks && o->type != CONFIG_URL)
			fail_msg("option %s holds an address but is not CONFIG_URL", o->name);
	}
}

/* Sets option name to a value unlike its current one and checks that the
 * field at `at` (of size n) now holds it. */
static void check_field(struct config *c, const void *at, size_t n, const char *name,
			struct buf *err)
{
	int i = config_find(name);
	assert_true(i >= 0);
	const struct config_option *o = &config_options[i];
	char text[64];
	buf_reset(err);
	if (o->type == CONFIG_INT) {
		int64_t want = o->max, got;
		if (want == (int64_t)strtoll(o->def, NULL, 10))
			want = o->min;
		snprintf(text, sizeof text, "%lld", (long long)want);
		assert_int_equal(config_set(c, name, text, "test", err), 0);
		assert_int_equal(n, sizeof got);
		memcpy(&got, at, sizeof got);
		if (got != want)
			fail_msg("option %s: field holds %lld, not %lld", name, (long long)got,
				 (long long)want);
	} else if (o->type == CONFIG_BOOL) {
		bool was, got;
		assert_int_equal(n, sizeof got);
		memcpy(&was, at, sizeof was);
		assert_int_equal(config_set(c, name, was ? "false" : "true", "test", err), 0);
		memcpy(&got, at, sizeof got);
		if (got == was)
			fail_msg("option %s: field did not change", name);
	} else {
		const char *got;
		/* The options whose values have a form (config_set checks it). */
		static const char *const formed[][2] = {
			{"db", "sqlite:set-db"},
			{"db.replica", "postgresql://set/replica"},
			{"smtp.url", "smtp://set.example"},
			{"listen", "127.0.0.1:1234"},
			{"http.metrics_listen", "127.0.0.1:1235"},
		};
		snprintf(text, sizeof text, "set:%s", name);
		for (size_t k = 0; k < N_ELEMENTS(formed); k++)
			if (!strcmp(formed[k][0], name))
				snprintf(text, sizeof text, "%s", formed[k][1]);
		assert_int_equal(config_set(c, name, text, "test", err), 0);
		assert_int_equal(n, sizeof got);
		memcpy(&got, at, sizeof got);
		if (strcmp(got, text) != 0)
			fail_msg("option %s: field holds '%s', not '%s'", name, got, text);
	}
}

/* The field is named as the option with '.' turned to '_'. */
static void check_name(const char *field, const char *name)
{
	char want[128];
	snprintf(want, sizeof want, "%s", name);
	for (char *p = want; *p; p++)
		if (*p == '.')
			*p = '_';
	if (strcmp(field, want) != 0)
		fail_msg("option %s: field is named %s, not %s", name, field, want);
}

/* Every row of the table has its typed field, and setting the option by
 * name sets that field: a value unlike the default goes in by name and
 * must come out of cfg->v.FIELD, named by the compiler, not by a string. */
static void test_every_option_has_its_field(void **state)
{
	struct config c;
	struct buf err = BUF_INIT;
	size_t seen = 0;
	(void)state;
	config_init(&c);
#define OPT(field, name, type, def, min, max, help)                                                \
	check_field(&c, &c.v.field, sizeof c.v.field, name, &err);                                 \
	check_name(#field, name);                                                                  \
	seen++;
#include "base/config_options.h"
#undef OPT
	assert_int_equal(seen, config_noptions);
	buf_release(&err);
	config_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_bounds_and_errors),
		cmocka_unit_test(test_dump_masks_secrets),
		cmocka_unit_test(test_dump_masks_url_passwords),
		cmocka_unit_test(test_url_options_typed),
		cmocka_unit_test(test_every_option_has_its_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
