/* JSON field specs and body parsing: every error names its field. */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "test_helpers.h"

static int check(const char *body, struct jerr *err, const char **name, int64_t *age, bool *flag)
{
	struct jspec spec[] = {
		JSPEC_STRN("name", true, 2, 10, name),
		JSPEC_INT("age", false, 0, 150, age),
		JSPEC_BOOL("flag", false, flag),
	};
	json_t *j;
	memset(err, 0, sizeof *err);
	if (json_parse_body(body, strlen(body), 4, &j, err) < 0)
		return -1;
	int rc = jspec_check(j, spec, N_ELEMENTS(spec), "", err);
	json_decref(j);
	return rc;
}

static void test_table(void **state)
{
	static const struct {
		const char *body;
		enum jerr_kind kind;
		const char *field;
	} cases[] = {
		{"{\"name\":\"Lan\"}", JERR_NONE, ""},
		{"{\"name\":\"Lan\",\"age\":30,\"flag\":true}", JERR_NONE, ""},
		{"{\"name\":\"Lan\",\"age\":null}", JERR_NONE, ""},
		{"{}", JERR_MISSING, "name"},
		{"{\"name\":null}", JERR_MISSING, "name"},
		{"{\"name\":5}", JERR_TYPE, "name"},
		{"{\"name\":\"L\"}", JERR_TOO_SHORT, "name"},
		{"{\"name\":\"Nguyễn Văn Anh\"}", JERR_TOO_LONG, "name"},
		{"{\"name\":\"Lan\",\"age\":151}", JERR_RANGE, "age"},
		{"{\"name\":\"Lan\",\"age\":1.5}", JERR_TYPE, "age"},
		{"{\"name\":\"Lan\",\"flag\":\"yes\"}", JERR_TYPE, "flag"},
		{"{\"name\":\"Lan\",\"extra\":1}", JERR_UNKNOWN, "extra"},
		{"{\"name\":\"Lan\",\"name\":\"Mai\"}", JERR_SYNTAX, ""},
		{"{\"name\":", JERR_SYNTAX, ""},
		{"[1,2]", JERR_NOT_OBJECT, ""},
		{"{\"name\":\"\xff\xfe\"}", JERR_UTF8, ""},
		{"{\"a\":[[[[[1]]]]]}", JERR_DEPTH, ""},
		{"{\"name\":\"a\\u0000b\"}", JERR_SYNTAX, ""}, /* jansson refuses NUL */
		/* Brackets inside strings do not count towards depth. */
		{"{\"name\":\"[[[[[[\"}", JERR_NONE, ""},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		struct jerr err;
		const char *name = NULL;
		int64_t age = -1;
		bool flag = false;
		int rc = check(cases[i].body, &err, &name, &age, &flag);
		if ((rc == 0) != (cases[i].kind == JERR_NONE) || err.kind != cases[i].kind ||
		    strcmp(err.field, cases[i].field))
			fail_msg("case %zu %s: rc %d kind %d field '%s', want kind %d field '%s'",
				 i, cases[i].body, rc, err.kind, err.field, cases[i].kind,
				 cases[i].field);
	}
}

static void test_outputs(void **state)
{
	struct jerr err;
	const char *name = NULL;
	int64_t age = -1;
	bool flag = false;
	(void)state;
	const char *body = "{\"name\":\"Lan\",\"age\":30,\"flag\":true}";
	json_t *j;
	assert_int_equal(json_parse_body(body, strlen(body), 4, &j, &err), 0);
	struct jspec spec[] = {
		JSPEC_STRN("name", true, 2, 10, &name),
		JSPEC_INT("age", false, 0, 150, &age),
		JSPEC_BOOL("flag", false, &flag),
	};
	assert_int_equal(jspec_check(j, spec, 3, "person", &err), 0);
	assert_string_equal(name, "Lan");
	assert_int_equal(age, 30);
	assert_true(flag);
	json_object_set_new(j, "bad", json_true());
	assert_int_equal(jspec_check(j, spec, 3, "person", &err), -1);
	assert_string_equal(err.field, "person.bad");
	json_decref(j);
}

/* The streaming writer: commas, nesting, escapes and times come out as
 * jansson would write the same tree. */
static void test_writer(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_key(&w, "s");
	jw_str(&w, "Đồng \"Văn\" \\ a/b\n\t\r\b\f\x01\x1f");
	jw_key(&w, "n");
	jw_str(&w, NULL);
	jw_key(&w, "i");
	jw_int(&w, -9007199254740993LL);
	jw_key(&w, "b");
	jw_bool(&w, true);
	jw_key(&w, "empty");
	jw_arr(&w);
	jw_end_arr(&w);
	jw_key(&w, "list");
	jw_arr(&w);
	jw_int(&w, 1);
	jw_obj(&w);
	jw_end_obj(&w);
	jw_null(&w);
	jw_arr(&w);
	jw_bool(&w, false);
	jw_end_arr(&w);
	jw_end_arr(&w);
	json_t *data = json_pack("{s:i,s:[s]}", "x", 1, "y", "z");
	jw_key(&w, "data");
	jw_json(&w, data);
	jw_key(&w, "t");
	jw_time(&w, 1772413509250LL);		     /* 01:05:09.250 UTC */
	jw_ktime(&w, "t_new_year", 1798736400000LL); /* 2026-12-31T17:00Z */
	jw_key(&w, "t0");
	jw_time(&w, 0);
	jw_end_obj(&w);

	json_t *want = json_object();
	json_object_set_new(want, "s", json_string("Đồng \"Văn\" \\ a/b\n\t\r\b\f\x01\x1f"));
	json_object_set_new(want, "n", json_null());
	json_object_set_new(want, "i", json_integer(-9007199254740993LL));
	json_object_set_new(want, "b", json_true());
	json_object_set_new(want, "empty", json_array());
	json_object_set_new(want, "list", json_pack("[i,{},n,[b]]", 1, 0));
	json_object_set_new(want, "data", data);
	json_object_set_new(want, "t", json_string("2026-03-02T08:05:09+07:00"));
	json_object_set_new(want, "t_new_year", json_string("2027-01-01T00:00:00+07:00"));
	json_object_set_new(want, "t0", json_null());
	/* The jansson replies use the same format. */
	json_t *jt = json_time(1772413509250LL);
	assert_string_equal(json_string_value(jt), "2026-03-02T08:05:09+07:00");
	json_decref(jt);
	jt = json_time(0);
	assert_true(json_is_null(jt));
	json_decref(jt);
	char *s = json_dumps(want, JSON_COMPACT);
	assert_string_equal(buf_str(&b), s);
	free(s);
	json_decref(want);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_outputs),
		cmocka_unit_test(test_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
