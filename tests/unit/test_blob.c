/* The local file store: content in, the same content out under its
 * SHA-256; a second put of the same bytes is one file; bytes altered on
 * disk are caught on read; caps and bad names are refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "blob/blob.h"
#include "test_helpers.h"

static char dir[] = "/tmp/motcua-blob-XXXXXX";

static void test_roundtrip(void **state)
{
	struct blob_store *s;
	char err[256];
	assert_int_equal(blob_fs_open(dir, &s, err, sizeof err), BLOB_OK);
	char h1[BLOB_HEX + 1], h2[BLOB_HEX + 1];
	const char *data = "Giấy chứng nhận đăng ký đầu tư";
	assert_int_equal(blob_put(s, data, strlen(data), h1), BLOB_OK);
	assert_true(blob_hex_valid(h1));
	assert_int_equal(blob_put(s, data, strlen(data), h2), BLOB_OK);
	assert_string_equal(h1, h2);
	/* sha256("abc") */
	blob_hash("abc", 3, h2);
	assert_string_equal(h2, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	struct buf b = BUF_INIT;
	assert_int_equal(blob_get(s, h1, 1 << 20, &b), BLOB_OK);
	assert_int_equal(b.len, strlen(data));
	assert_memory_equal(b.p, data, b.len);
	buf_reset(&b);
	assert_int_equal(blob_get(s, h1, 5, &b), BLOB_TOO_LARGE);
	int64_t size = 0;
	assert_int_equal(blob_stat(s, h1, &size), BLOB_OK);
	assert_int_equal(size, (int64_t)strlen(data));
	assert_int_equal(blob_stat(s, h2, &size), BLOB_NOT_FOUND);
	assert_int_equal(blob_get(s, "../../etc/passwd", 100, &b), BLOB_BAD_NAME);
	assert_int_equal(blob_get(s, "ABC", 100, &b), BLOB_BAD_NAME);

	/* Alter the stored bytes: the read refuses them. */
	char path[4096];
	assert_int_equal(blob_fs_path(s, h1, path, sizeof path), BLOB_OK);
	chmod(path, 0640);
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	fputc('X', f);
	fclose(f);
	assert_int_equal(blob_get(s, h1, 1 << 20, &b), BLOB_CORRUPT);
	assert_int_equal(b.len, 0);
	/* Issue 10: putting the same content again repaired nothing (the size
	 * matched, so the damaged file was kept); now it is written again. */
	assert_int_equal(blob_put(s, data, strlen(data), h2), BLOB_OK);
	assert_string_equal(h1, h2);
	assert_int_equal(blob_get(s, h1, 1 << 20, &b), BLOB_OK);
	assert_memory_equal(b.p, data, strlen(data));
	buf_reset(&b);
	/* A truncated copy is repaired too. */
	assert_int_equal(truncate(path, 3), 0);
	assert_int_equal(blob_get(s, h1, 1 << 20, &b), BLOB_CORRUPT);
	assert_int_equal(blob_put(s, data, strlen(data), h2), BLOB_OK);
	assert_int_equal(blob_get(s, h1, 1 << 20, &b), BLOB_OK);
	assert_int_equal(b.len, strlen(data));
	buf_reset(&b);
	/* No temp files left behind. */
	char tmpdir[4096];
	snprintf(tmpdir, sizeof tmpdir, "%s/blobs/tmp", dir);
	assert_int_equal(rmdir(tmpdir), 0);
	buf_release(&b);
	blob_close(s);
	(void)state;
}

struct seen {
	int n;
	char hex[BLOB_HEX + 1];
};

static int note(void *arg, const char *hex, int64_t size)
{
	struct seen *w = arg;
	w->n++;
	snprintf(w->hex, sizeof w->hex, "%s", hex);
	(void)size;
	return 0;
}

static void make_old(struct blob_store *s, const char *hex)
{
	char path[4096];
	assert_int_equal(blob_fs_path(s, hex, path, sizeof path), BLOB_OK);
	struct timespec t[2] = {{.tv_sec = time(NULL) - 3 * 86400},
				{.tv_sec = time(NULL) - 3 * 86400}};
	assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* Issue 15, the prune: only files older than the grace are walked; a file
 * a writer finds again (blob_put() of the same bytes) is freshened, even
 * when the walk had already listed it: remove_older() then keeps it. */
static void test_prune(void **state)
{
	struct blob_store *s;
	char err[256], a[BLOB_HEX + 1], b[BLOB_HEX + 1];
	assert_int_equal(blob_fs_open(dir, &s, err, sizeof err), BLOB_OK);
	int64_t before = (int64_t)(time(NULL) - 86400) * 1000;
	assert_int_equal(blob_put(s, "old", 3, a), BLOB_OK);
	assert_int_equal(blob_put(s, "found again", 11, b), BLOB_OK);
	make_old(s, a);
	struct seen w = {0};
	assert_int_equal(blob_each_older(s, before, note, &w), 0);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.hex, a);
	assert_int_equal(blob_remove_older(s, a, before), BLOB_OK);
	int64_t size;
	assert_int_equal(blob_stat(s, a, &size), BLOB_NOT_FOUND);
	assert_int_equal(blob_remove_older(s, a, before), BLOB_NOT_FOUND);

	/* Listed as old, then found by a writer before the removal. */
	make_old(s, b);
	w.n = 0;
	assert_int_equal(blob_each_older(s, before, note, &w), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(blob_put(s, "found again", 11, b), BLOB_OK);
	assert_int_equal(blob_remove_older(s, b, before), BLOB_FRESH);
	struct buf got = BUF_INIT;
	assert_int_equal(blob_get(s, b, 100, &got), BLOB_OK);
	assert_string_equal(got.p, "found again");
	buf_release(&got);
	w.n = 0;
	assert_int_equal(blob_each_older(s, before, note, &w), 0);
	assert_int_equal(w.n, 0);
	blob_close(s);
	(void)state;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_roundtrip),
					   cmocka_unit_test(test_prune)};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
