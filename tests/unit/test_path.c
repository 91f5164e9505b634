/* path_fmt(): the one checked way to build a path in a fixed buffer. A path
 * that fits is written whole; one that does not is an error (ENAMETOOLONG),
 * never a shorter path that names another file. */
#include <errno.h>
#include <string.h>

#include "base/path.h"
#include "test_helpers.h"

static void fits_exactly(void **state)
{
	(void)state;
	char out[8];
	/* 7 characters and the NUL: the largest path out can hold. */
	assert_int_equal(path_fmt(out, sizeof out, "%s/%s", "abc", "def"), 0);
	assert_string_equal(out, "abc/def");
}

static void one_too_many_fails(void **state)
{
	(void)state;
	char out[8];
	errno = 0;
	/* "abc/defg" would be cut to "abc/def", a sibling's name. */
	assert_int_equal(path_fmt(out, sizeof out, "%s/%s", "abc", "defg"), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	errno = 0;
	assert_int_equal(path_fmt(out, sizeof out, "%s/tmp", "/var/lib/motcua"), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	/* What is left is only for the message: it is the cut-off text. */
	assert_int_equal(strlen(out), sizeof out - 1);
}

static void empty_and_formats(void **state)
{
	(void)state;
	char out[32];
	assert_int_equal(path_fmt(out, sizeof out, "%s", ""), 0);
	assert_string_equal(out, "");
	assert_int_equal(path_fmt(out, sizeof out, "%s/.%s.%ld.tmp", "/d", "ab", 42L), 0);
	assert_string_equal(out, "/d/.ab.42.tmp");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fits_exactly),
		cmocka_unit_test(one_too_many_fails),
		cmocka_unit_test(empty_and_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
