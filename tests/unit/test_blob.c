/* The local file store: content in, the same content out under its
 * SHA-256; a second put of the same bytes is one file; bytes altered on
 * disk are caught on read; caps and bad names are refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_roundtrip)};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
