/* The file store's generic functions and its local-folder implementation:
 * dir/blobs/ab/cd/abcd...(64 hex), written to dir/blobs/tmp first, fsynced,
 * renamed into place and the folder fsynced, so an acknowledged upload
 * survives a crash and a half-written file is never seen under its name.
 *
 * Layer: blob.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/path.h"
#include "base/text.h"
#include "blob/blob.h"

void blob_hash(const void *data, size_t len, char hex[BLOB_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	text_hex(h, sizeof h, hex);
}

bool blob_hex_valid(const char *hex)
{
	if (!hex)
		return false;
	size_t i = 0;
	for (; hex[i]; i++)
		if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
			return false;
	return i == BLOB_HEX;
}

int blob_put(struct blob_store *s, const void *data, size_t len, char hex[BLOB_HEX + 1])
{
	return s->ops->put(s, data, len, hex);
}

int blob_get(struct blob_store *s, const char *hex, size_t max, struct buf *out)
{
	if (!blob_hex_valid(hex))
		return BLOB_BAD_NAME;
	size_t start = out->len;
	int rc = s->ops->get(s, hex, max, out);
	if (rc != BLOB_OK)
		return rc;
	char got[BLOB_HEX + 1];
	blob_hash(out->p + start, out->len - start, got);
	if (strcmp(got, hex) != 0) {
		log_error("blob %s: stored bytes hash to %s", hex, got);
		out->len = start;
		out->p[start] = 0;
		return BLOB_CORRUPT;
	}
	return BLOB_OK;
}

int blob_stat(struct blob_store *s, const char *hex, int64_t *size)
{
	if (!blob_hex_valid(hex))
		return BLOB_BAD_NAME;
	return s->ops->stat(s, hex, size);
}

void blob_close(struct blob_store *s)
{
	if (s)
		s->ops->close(s);
}

/* ---- the local folder ---- */

struct blob_fs {
	struct blob_store base;
	char *root; /* dir/blobs */
};

int blob_fs_path(const struct blob_store *s, const char *hex, char *out, size_t outlen)
{
	const struct blob_fs *fs = (const struct blob_fs *)s;
	if (!blob_hex_valid(hex))
		return BLOB_BAD_NAME;
	return path_fmt(out, outlen, "%s/%.2s/%.2s/%s", fs->root, hex, hex + 2, hex) == 0
		       ? BLOB_OK
		       : BLOB_BAD_NAME;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Whether the file at path holds exactly data: 1 yes, 0 it exists but
 * differs (damaged on disk), -1 it cannot be read (usually: not there).
 * The bytes are compared, not the size: a file altered in place keeps its
 * size, and trusting it made a re-upload "succeed" onto a corrupt copy. */
static int same_content(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) != 0 || (uint64_t)st.st_size != len)
		goto out;
	const char *p = data;
	size_t off = 0;
	char chunk[65536];
	while (off < len) {
		size_t want = len - off < sizeof chunk ? len - off : sizeof chunk;
		ssize_t r = read(fd, chunk, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || memcmp(chunk, p + off, (size_t)r) != 0)
			goto out;
		off += (size_t)r;
	}
	char extra;
	rc = read(fd, &extra, 1) == 0;
out:
	close(fd);
	return rc;
}

static int fs_put(struct blob_store *s, const void *data, size_t len, char *hex)
{
	struct blob_fs *fs = (struct blob_fs *)s;
	char path[4096], dir[4096], tmp[4096];
	blob_hash(data, len, hex);
	if (blob_fs_path(s, hex, path, sizeof path) != BLOB_OK)
		return BLOB_IO;
	int same = same_content(path, data, len);
	if (same > 0)
		return BLOB_OK; /* already stored, and its bytes are still these */
	if (same == 0)
		log_warn("blob %s: stored file differs from its name; writing it again", hex);
	if (path_fmt(dir, sizeof dir, "%s/%.2s/%.2s", fs->root, hex, hex + 2) < 0 ||
	    path_fmt(tmp, sizeof tmp, "%s/tmp/%.16s.XXXXXX", fs->root, hex) < 0) {
		log_error("blob: path too long under %s", fs->root);
		return BLOB_IO;
	}
	if (path_mkdir(dir, 0750) != 0) {
		log_error("blob: mkdir %s: %s", dir, strerror(errno));
		return BLOB_IO;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		log_error("blob: mkstemp %s: %s", tmp, strerror(errno));
		return BLOB_IO;
	}
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		log_error("blob: write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return BLOB_IO;
	}
	close(fd);
	(void)chmod(tmp, 0440);
	if (rename(tmp, path) != 0) {
		log_error("blob: rename %s: %s", path, strerror(errno));
		unlink(tmp);
		return BLOB_IO;
	}
	if (fsync_dir(dir) != 0) {
		log_error("blob: fsync %s: %s", dir, strerror(errno));
		return BLOB_IO;
	}
	return BLOB_OK;
}

static int fs_get(struct blob_store *s, const char *hex, size_t max, struct buf *out)
{
	char path[4096];
	if (blob_fs_path(s, hex, path, sizeof path) != BLOB_OK)
		return BLOB_BAD_NAME;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? BLOB_NOT_FOUND : BLOB_IO;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return BLOB_IO;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return BLOB_TOO_LARGE;
	}
	size_t want = (size_t)st.st_size;
	buf_grow(out, want);
	size_t got = 0;
	while (got < want) {
		ssize_t r = read(fd, out->p + out->len + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			return BLOB_IO;
		}
		got += (size_t)r;
	}
	close(fd);
	out->len += got;
	out->p[out->len] = 0;
	return BLOB_OK;
}

static int fs_stat(struct blob_store *s, const char *hex, int64_t *size)
{
	char path[4096];
	if (blob_fs_path(s, hex, path, sizeof path) != BLOB_OK)
		return BLOB_BAD_NAME;
	struct stat st;
	if (stat(path, &st) != 0)
		return errno == ENOENT ? BLOB_NOT_FOUND : BLOB_IO;
	*size = (int64_t)st.st_size;
	return BLOB_OK;
}

static void fs_close(struct blob_store *s)
{
	struct blob_fs *fs = (struct blob_fs *)s;
	free(fs->root);
	free(fs);
}

static const struct blob_store_ops fs_ops = {fs_put, fs_get, fs_stat, fs_close};

int blob_fs_open(const char *dir, struct blob_store **out, char *err, size_t errlen)
{
	struct blob_fs *fs = xcalloc(1, sizeof *fs);
	fs->base.ops = &fs_ops;
	fs->base.impl = fs;
	fs->root = xasprintf("%s/blobs", dir);
	char *tmp = xasprintf("%s/tmp", fs->root);
	int rc = path_mkdir(tmp, 0750);
	if (rc != 0)
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
	free(tmp);
	if (rc != 0) {
		fs_close(&fs->base);
		return BLOB_IO;
	}
	*out = &fs->base;
	return BLOB_OK;
}
