/* path_fmt(): the one checked way to build a path in a fixed buffer. A path
 * that fits is written whole; one that does not is an error (ENAMETOOLONG),
 * never a shorter path that names another file. path_mkdir() makes a
 * folder with its parents; path_list() lists a folder's files by suffix,
 * sorted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
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

static void mkdir_and_list(void **state)
{
	(void)state;
	char root[] = "/tmp/motcua-path-XXXXXX";
	assert_non_null(mkdtemp(root));
	char dir[128], f[160];
	assert_int_equal(path_fmt(dir, sizeof dir, "%s/a/b/c", root), 0);
	assert_int_equal(path_mkdir(dir, 0750), 0);
	assert_int_equal(path_mkdir(dir, 0750), 0); /* there already: fine */
	struct stat st;
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* Three .txt files given out of order, and two that are not. */
	const char *files[] = {"2026.txt", "2024.txt", "2025.txt", "notes.md", ".txt"};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(path_fmt(f, sizeof f, "%s/%s", dir, files[i]), 0);
		FILE *fp = fopen(f, "w");
		assert_non_null(fp);
		fclose(fp);
	}
	char **names;
	size_t n;
	assert_int_equal(path_list(dir, ".txt", &names, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "2024.txt");
	assert_string_equal(names[1], "2025.txt");
	assert_string_equal(names[2], "2026.txt");
	path_list_free(names, n);
	errno = 0;
	assert_int_equal(path_fmt(f, sizeof f, "%s/none", root), 0);
	assert_int_equal(path_list(f, ".txt", &names, &n), -1);
	assert_int_equal(errno, ENOENT);
	char cmd[200];
	assert_int_equal(path_fmt(cmd, sizeof cmd, "rm -rf %s", root), 0);
	assert_int_equal(system(cmd), 0);
	/* A path longer than the limit is refused, not cut. */
	char *lng = malloc(5000);
	memset(lng, 'a', 4999);
	lng[0] = '/';
	lng[4999] = 0;
	errno = 0;
	assert_int_equal(path_mkdir(lng, 0750), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	free(lng);
}

static void read_whole_or_refuse(void **state)
{
	(void)state;
	char dir[] = "/tmp/motcua-test-path-read.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char file[256];
	assert_int_equal(path_fmt(file, sizeof file, "%s/f", dir), 0);
	FILE *f = fopen(file, "wb");
	assert_non_null(f);
	for (int i = 0; i < 100000; i++) /* past one 64 KB chunk */
		fputc('a' + i % 26, f);
	fclose(f);
	struct buf b = BUF_INIT;
	assert_int_equal(path_read(file, 100000, &b), 0); /* exactly the cap */
	assert_int_equal(b.len, 100000);
	assert_int_equal(b.p[99999], 'a' + 99999 % 26);
	buf_release(&b);
	errno = 0;
	assert_int_equal(path_read(file, 99999, &b), -1); /* one byte over: refused */
	assert_int_equal(errno, EFBIG);
	buf_release(&b);
	char missing[300];
	assert_int_equal(path_fmt(missing, sizeof missing, "%s/none", dir), 0);
	assert_int_equal(path_read(missing, 10, &b), -1);
	assert_int_equal(errno, ENOENT);
	buf_release(&b);
	unlink(file);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fits_exactly),		cmocka_unit_test(one_too_many_fails),
		cmocka_unit_test(empty_and_formats),	cmocka_unit_test(mkdir_and_list),
		cmocka_unit_test(read_whole_or_refuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
