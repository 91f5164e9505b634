/* libFuzzer target: request bodies through the JSON field specs (base/json.c).
 *
 * Every body goes through json_parse_body() as http_json_body() calls it
 * (depth cap 16, the configured default), then through jspec_check() with
 * a spec of every type, nested objects checked under a prefix as the API
 * checks components[2].name. Properties checked besides memory safety: a
 * refusal always says what kind of error and, for field errors, which
 * field; accepted strings respect their bounds; and the streaming writer
 * (jw_*) writes back a value equal to what was parsed, so its escaping
 * is exact. Layer: fuzz (not part of the program).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/text.h"

#define MAX_DEPTH 16

static void need(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_json: property broken: %s\n", what);
		abort();
	}
}

/* obj: the object checked (an unknown field named "" is named by "") */
static void check_err(int rc, const struct jerr *err, bool field_error, json_t *obj)
{
	if (rc == 0)
		return;
	need(err->kind != JERR_NONE, "a refusal has a kind");
	need(memchr(err->field, 0, sizeof err->field) != NULL, "field is terminated");
	need(memchr(err->detail, 0, sizeof err->detail) != NULL, "detail is terminated");
	if (field_error && err->kind != JERR_TYPE &&
	    !(err->kind == JERR_UNKNOWN && json_object_get(obj, "")))
		need(err->field[0] != 0, "a field error names its field");
}

/* Writes obj with the streaming writer, one jw_* call per member type. */
static void write_back(const json_t *obj, struct buf *out, int depth)
{
	struct jw w;
	jw_init(&w, out);
	jw_obj(&w);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		if (json_is_string(v))
			jw_kstr(&w, key, json_string_value(v));
		else if (json_is_integer(v))
			jw_kint(&w, key, json_integer_value(v));
		else if (json_is_boolean(v))
			jw_kbool(&w, key, json_is_true(v));
		else if (json_is_null(v)) {
			jw_key(&w, key);
			jw_null(&w);
		} else {
			jw_key(&w, key);
			jw_json(&w, v);
		}
	}
	jw_end_obj(&w);
	need(w.depth == 0, "the writer closes what it opens");
	(void)depth;
}

static void check_nested(json_t *o, const char *prefix)
{
	const char *name = NULL, *kind = NULL;
	int64_t n = 0;
	struct jspec spec[] = {
		JSPEC_STRN("name", true, 1, 200, &name),
		JSPEC_STR("kind", false, 20, &kind),
		JSPEC_INT("n", false, 1, 1000, &n),
	};
	struct jerr err = {0};
	int rc = jspec_check(o, spec, sizeof spec / sizeof spec[0], prefix, &err);
	check_err(rc, &err, true, o);
	if (rc == 0) {
		size_t cps = text_utf8_len(name);
		need(cps >= 1 && cps <= 200, "nested name within its bounds");
		need(n == 0 || (n >= 1 && n <= 1000), "nested n within its bounds");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = NULL;
	struct jerr err = {0};
	int rc = json_parse_body((const char *)data, size, MAX_DEPTH, &j, &err);
	check_err(rc, &err, false, NULL);
	if (rc != 0) {
		need(j == NULL, "no value on refusal");
		return 0;
	}
	need(json_is_object(j), "a body is an object");

	const char *name = NULL, *code = NULL;
	int64_t age = -1;
	bool flag = false, flag_present = false;
	json_t *items = NULL, *obj = NULL, *any = NULL;
	struct jspec spec[] = {
		JSPEC_STRN("name", false, 2, 10, &name),
		JSPEC_STR("code", false, 12, &code),
		JSPEC_INT("age", false, 0, 150, &age),
		{.name = "flag", .type = JSPEC_BOOL, .out_bool = &flag, .present = &flag_present},
		JSPEC_ARR("items", false, 8, &items),
		JSPEC_OBJ("obj", false, &obj),
		{.name = "any", .type = JSPEC_ANY, .nullable = true, .out_json = &any},
	};
	memset(&err, 0, sizeof err);
	rc = jspec_check(j, spec, sizeof spec / sizeof spec[0], "", &err);
	check_err(rc, &err, true, j);
	if (rc == 0) {
		if (name)
			need(text_utf8_len(name) >= 2 && text_utf8_len(name) <= 10,
			     "name within its bounds");
		if (code)
			need(text_utf8_len(code) <= 12, "code within its bound");
		need(age == -1 || (age >= 0 && age <= 150), "age within its bounds");
		need(!items || json_array_size(items) <= 8, "items within their bound");
		for (size_t i = 0; items && i < json_array_size(items); i++) {
			char prefix[64];
			snprintf(prefix, sizeof prefix, "items[%zu]", i);
			check_nested(json_array_get(items, i), prefix);
		}
		if (obj)
			check_nested(obj, "obj");
	}

	/* The streaming writer gives back an equal value. */
	struct buf out = BUF_INIT;
	write_back(j, &out, 0);
	json_error_t je;
	json_t *back = json_loadb(out.p, out.len, 0, &je);
	if (!back)
		fprintf(stderr, "fuzz_json: writer output does not parse: %s\n%s\n", je.text,
			out.p);
	need(back != NULL, "the writer's output parses");
	need(json_equal(j, back), "the writer's output equals the input");
	json_decref(back);
	buf_release(&out);
	json_decref(j);
	return 0;
}
