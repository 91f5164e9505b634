/* The file store's generic functions and its local-folder implementation:
 * dir/blobs/ab/cd/abcd...(64 hex), written to dir/blobs/tmp first, fsynced,
 * renamed into place and the folder fsynced, so an acknowledged upload
 * survives a crash and a half-written file is never seen under its name.
 *
 * Layer: blob.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
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

int blob_each_older(struct blob_store *s, int64_t before,
		    int (*fn)(void *arg, const char *hex, int64_t size), void *arg)
{
	return s->ops->each_older(s, before, fn, arg);
}

int blob_remove_older(struct blob_store *s, const char *hex, int64_t before)
{
	if (!blob_hex_valid(hex))
		return BLOB_BAD_NAME;
	return s->ops->remove_older(s, hex, before);
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

/* Now (clock_now_ms()) as file times: the store's times follow the
 * injected clock, as its prune does. */
static void now_times(struct timespec ts[2])
{
	int64_t ms = clock_now_ms();
	ts[0].tv_sec = ts[1].tv_sec = (time_t)(ms / 1000);
	ts[0].tv_nsec = ts[1].tv_nsec = (long)(ms % 1000) * 1000000L;
}

static int64_t mtime_ms(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000 + st->st_mtim.tv_nsec / 1000000;
}

static int fs_put(struct blob_store *s, const void *data, size_t len, char *hex)
{
	struct blob_fs *fs = (struct blob_fs *)s;
	char path[4096], dir[4096], tmp[4096];
	blob_hash(data, len, hex);
	if (blob_fs_path(s, hex, path, sizeof path) != BLOB_OK)
		return BLOB_IO;
	struct timespec ts[2];
	now_times(ts);
	int same = same_content(path, data, len);
	/* Already stored, and its bytes are still these: freshened, so that
	 * the prune leaves it to the caller's row (blob.h). If it cannot be
	 * (a prune moved it away meanwhile), it is written again. */
	if (same > 0 && utimensat(AT_FDCWD, path, ts, 0) == 0)
		return BLOB_OK;
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
	if (write_all(fd, data, len) != 0 || futimens(fd, ts) != 0 || fsync(fd) != 0) {
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

struct walk {
	const char *root;
	int64_t before;
	int (*fn)(void *arg, const char *hex, int64_t size);
	void *arg;
};

/* The files of one leaf folder root/ab/cd older than w->before. */
static int walk_leaf(const struct walk *w, const char *ab, const char *cd)
{
	char dir[4096], path[4096];
	if (path_fmt(dir, sizeof dir, "%s/%s/%s", w->root, ab, cd) < 0)
		return BLOB_IO;
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? BLOB_OK : BLOB_IO;
	int rc = BLOB_OK;
	struct dirent *e;
	while (rc >= 0 && (e = readdir(d))) {
		struct stat st;
		/* Only names of the store: 64 hex digits under their prefix. */
		if (!blob_hex_valid(e->d_name) || strncmp(e->d_name, ab, 2) ||
		    strncmp(e->d_name + 2, cd, 2) ||
		    path_fmt(path, sizeof path, "%s/%s", dir, e->d_name) < 0 ||
		    lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || mtime_ms(&st) >= w->before)
			continue;
		rc = w->fn(w->arg, e->d_name, (int64_t)st.st_size);
	}
	closedir(d);
	return rc;
}

/* The two-hex-digit folders of dir (the rest is not the store's). */
static int walk_level(const struct walk *w, const char *dir, const char *ab)
{
	DIR *d = opendir(dir);
	if (!d) {
		log_error("file store: opendir %s: %s", dir, strerror(errno));
		return BLOB_IO;
	}
	int rc = BLOB_OK;
	struct dirent *e;
	while (rc >= 0 && (e = readdir(d))) {
		const char *n = e->d_name;
		bool hex2 = strlen(n) == 2 && strspn(n, "0123456789abcdef") == 2;
		if (!hex2)
			continue;
		if (ab) {
			rc = walk_leaf(w, ab, n);
		} else {
			char sub[4096];
			rc = path_fmt(sub, sizeof sub, "%s/%s", dir, n) < 0 ? BLOB_IO
									    : walk_level(w, sub, n);
		}
	}
	closedir(d);
	return rc;
}

static int fs_each_older(struct blob_store *s, int64_t before,
			 int (*fn)(void *arg, const char *hex, int64_t size), void *arg)
{
	struct blob_fs *fs = (struct blob_fs *)s;
	struct walk w = {fs->root, before, fn, arg};
	return walk_level(&w, fs->root, NULL);
}

static int fs_remove_older(struct blob_store *s, const char *hex, int64_t before)
{
	struct blob_fs *fs = (struct blob_fs *)s;
	static int counter;
	char path[4096], aside[4096];
	if (blob_fs_path(s, hex, path, sizeof path) != BLOB_OK ||
	    path_fmt(aside, sizeof aside, "%s/tmp/%.16s.prune.%ld.%d", fs->root, hex,
		     (long)getpid(), __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED)) < 0)
		return BLOB_BAD_NAME;
	/* Moved aside first: a writer that freshens it from now on finds no
	 * file and writes it again; one that freshened it before is seen in
	 * its time below. */
	if (rename(path, aside) != 0)
		return errno == ENOENT ? BLOB_NOT_FOUND : BLOB_IO;
	struct stat st;
	if (lstat(aside, &st) == 0 && mtime_ms(&st) < before) {
		if (unlink(aside) == 0)
			return BLOB_OK;
		log_error("file store: unlink %s: %s", aside, strerror(errno));
	}
	/* Found by a writer since the walk: back in place (over any copy the
	 * writer made meanwhile: the same bytes). */
	if (rename(aside, path) != 0) {
		log_error("file store: cannot put %s back from %s: %s", hex, aside,
			  strerror(errno));
		return BLOB_IO;
	}
	return BLOB_FRESH;
}

static void fs_close(struct blob_store *s)
{
	struct blob_fs *fs = (struct blob_fs *)s;
	free(fs->root);
	free(fs);
}

static const struct blob_store_ops fs_ops = {fs_put,	    fs_get,	     fs_stat,
					     fs_each_older, fs_remove_older, fs_close};

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
