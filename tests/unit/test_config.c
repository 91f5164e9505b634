/* The option table: defaults, INI files, bounds, types and masking. */
#include <string.h>

#include "base/config.h"
#include "test_helpers.h"

static void test_defaults(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_string_equal(config_str(&c, "db"), "sqlite:var/motcua.db");
	assert_string_equal(config_str(&c, "listen"), "127.0.0.1:8080");
	assert_int_equal(config_int(&c, "http.max_json_depth"), 16);
	assert_false(config_bool(&c, "session.secure_cookie"));
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
	assert_int_equal(config_int(&c, "http.max_body"), 2048);
	assert_true(config_bool(&c, "session.secure_cookie"));
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
	assert_int_equal(config_int(&c, "threads"), 16); /* the default, unchanged */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_bounds_and_errors),
		cmocka_unit_test(test_dump_masks_secrets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
