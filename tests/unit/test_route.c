/* Route matching: literal segments, captures, 404 versus 405 with Allow. */
#include <string.h>

#include "http/http.h"
#include "test_helpers.h"

static void h(struct http_request *req)
{
	(void)req;
}

static const struct route routes[] = {
	{"GET", "/api/v1/procedures", h, 0, 0, 0},
	{"POST", "/api/v1/procedures", h, 0, 0, 0},
	{"GET", "/api/v1/procedures/{code}", h, 0, 0, 0},
	{"GET", "/api/v1/procedures/{code}/versions", h, 0, 0, 0},
	{"PUT", "/api/v1/procedures/{code}/draft", h, 0, 0, 0},
	{"GET", "/api/v1/dossiers/{code}/forms/{form}", h, 0, 0, 0},
};

static int match(const char *method, const char *path, const char **params, size_t *np,
		 bool *path_matched, struct buf *allow)
{
	static char scratch[256];
	return http_route_match(routes, N_ELEMENTS(routes), method, path, params, np, scratch,
				sizeof scratch, path_matched, allow);
}

static void test_table(void **state)
{
	static const struct {
		const char *method, *path;
		int want;
		const char *p0, *p1;
	} cases[] = {
		{"GET", "/api/v1/procedures", 0, NULL, NULL},
		{"POST", "/api/v1/procedures", 1, NULL, NULL},
		{"GET", "/api/v1/procedures/LD-02", 2, "LD-02", NULL},
		{"HEAD", "/api/v1/procedures/LD-02", 2, "LD-02", NULL},
		{"GET", "/api/v1/procedures/LD-02/versions", 3, "LD-02", NULL},
		{"PUT", "/api/v1/procedures/X/draft", 4, "X", NULL},
		{"GET", "/api/v1/dossiers/000.17.22.H56-261127-0001/forms/01", 5,
		 "000.17.22.H56-261127-0001", "01"},
		{"GET", "/api/v1/procedures/", -1, NULL, NULL}, /* empty capture */
		/* %AC decoded: not UTF-8, never handed to a handler (fuzz_http) */
		{"GET", "/api/v1/procedures/LD\xac", -1, NULL, NULL},
		{"GET", "/api/v1/procedures/Gi\xe1\xba\xa5y", 2, "Gi\xe1\xba\xa5y", NULL},
		{"GET", "/api/v1/procedures/a/b", -1, NULL, NULL},
		{"GET", "/api/v1/procedure", -1, NULL, NULL},
		{"GET", "/api/v1/proceduresX", -1, NULL, NULL},
		{"GET", "/", -1, NULL, NULL},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		const char *params[HTTP_MAX_PARAMS] = {0};
		size_t np = 0;
		bool pm;
		int got = match(cases[i].method, cases[i].path, params, &np, &pm, NULL);
		if (got != cases[i].want)
			fail_msg("%s %s: route %d, want %d", cases[i].method, cases[i].path, got,
				 cases[i].want);
		if (cases[i].p0)
			assert_string_equal(params[0], cases[i].p0);
		if (cases[i].p1)
			assert_string_equal(params[1], cases[i].p1);
	}
}

static void test_method_not_allowed(void **state)
{
	const char *params[HTTP_MAX_PARAMS];
	size_t np;
	bool pm = false;
	struct buf allow = BUF_INIT;
	(void)state;
	assert_int_equal(match("DELETE", "/api/v1/procedures", params, &np, &pm, &allow), -1);
	assert_true(pm);
	assert_string_equal(buf_str(&allow), "GET, POST");
	buf_reset(&allow);
	pm = false;
	assert_int_equal(match("DELETE", "/api/v1/nothing", params, &np, &pm, &allow), -1);
	assert_false(pm);
	buf_release(&allow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_method_not_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
