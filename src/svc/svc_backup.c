/* Backup and restore: see svc_backup.h. The backup folder holds
 *   manifest.json          what follows, with SHA-256 and sizes
 *   db.sqlite | db.pgdump  the database (SQLite file or pg_dump custom format)
 *   blobs/ab/cd/<sha256>   the file store, laid out as data_dir/blobs
 *   pki/<name>             the signing keys and certificates (0600)
 * and is itself 0700. Layer: svc. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/path.h"
#include "base/text.h"
#include "base/json.h"
#include "blob/blob.h"
#include "core/dossier_code.h"
#include "db/db.h"
#include "repo/repo_backup.h"
#include "repo/repo_documents.h"
#include "svc/svc.h"
#include "svc/svc_backup.h"
#include "svc/svc_closure.h"

#define MANIFEST       "manifest.json"
#define FORMAT	       "motcua-backup"
#define FORMAT_VERSION 1
#define PATH_MAX_LEN   4096
/* A code beyond this sequence in one day is taken for noise, not a code. */
#define SEQ_SANE 1000000
/* Largest file read whole to look for codes; larger ones are skipped. */
#define SCAN_MAX (256LL * 1024 * 1024)

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int join(char *out, const char *a, const char *b)
{
	return path_fmt(out, PATH_MAX_LEN, "%s/%s", a, b);
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* SHA-256 (hex) and size of a file; -1 with errno if it cannot be read. */
static int hash_file(const char *path, char hex[BLOB_HEX + 1], int64_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	unsigned char chunk[65536];
	int64_t total = 0;
	ssize_t k;
	while ((k = read(fd, chunk, sizeof chunk)) != 0) {
		if (k < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)k);
		total += k;
	}
	close(fd);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	text_hex(h, sizeof h, hex);
	*size = total;
	return 0;
}

/* Copies src to dst through dst.tmp (fsynced, renamed), with mode, and
 * gives the SHA-256 and size of the bytes copied. -1 with errno. */
static int copy_file(const char *src, const char *dst, mode_t mode, char hex[BLOB_HEX + 1],
		     int64_t *size)
{
	char tmp[PATH_MAX_LEN + 8];
	if (path_fmt(tmp, sizeof tmp, "%s.tmp", dst) < 0)
		return -1;
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int outfd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (outfd < 0) {
		int e = errno;
		close(in);
		errno = e;
		return -1;
	}
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	unsigned char chunk[65536];
	int64_t total = 0;
	int rc = 0;
	for (;;) {
		ssize_t k = read(in, chunk, sizeof chunk);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			rc = k < 0 ? -1 : 0;
			break;
		}
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)k);
		total += k;
		for (ssize_t off = 0; off < k && rc == 0;) {
			ssize_t w = write(outfd, chunk + off, (size_t)(k - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				rc = -1;
			else
				off += w;
		}
		if (rc)
			break;
	}
	int e = errno;
	if (rc == 0 && (fchmod(outfd, mode) != 0 || fsync(outfd) != 0))
		rc = -1, e = errno;
	close(in);
	if (close(outfd) != 0 && rc == 0)
		rc = -1, e = errno;
	if (rc == 0 && rename(tmp, dst) != 0)
		rc = -1, e = errno;
	if (rc != 0) {
		unlink(tmp);
		errno = e;
		return -1;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	text_hex(h, sizeof h, hex);
	*size = total;
	return 0;
}

/* Calls fn(path relative to root, full path) for every file of a blob store
 * folder (root/ab/cd/<64 hex>); the temp folder and stray names are
 * skipped. Stops at the first non-zero return and gives it. */
static int walk_blobs(const char *root, int (*fn)(const char *hex, const char *path, void *arg),
		      void *arg)
{
	DIR *d1 = opendir(root);
	if (!d1)
		return errno == ENOENT ? 0 : -1;
	int rc = 0;
	struct dirent *e1;
	while (rc == 0 && (e1 = readdir(d1))) {
		if (strlen(e1->d_name) != 2 || !strcmp(e1->d_name, ".."))
			continue;
		char p1[PATH_MAX_LEN];
		if (join(p1, root, e1->d_name) < 0)
			continue;
		DIR *d2 = opendir(p1);
		if (!d2)
			continue;
		struct dirent *e2;
		while (rc == 0 && (e2 = readdir(d2))) {
			if (strlen(e2->d_name) != 2 || !strcmp(e2->d_name, ".."))
				continue;
			char p2[PATH_MAX_LEN];
			if (join(p2, p1, e2->d_name) < 0)
				continue;
			DIR *d3 = opendir(p2);
			if (!d3)
				continue;
			struct dirent *e3;
			while (rc == 0 && (e3 = readdir(d3))) {
				const char *h = e3->d_name;
				char p3[PATH_MAX_LEN];
				if (!blob_hex_valid(h) || memcmp(h, e1->d_name, 2) ||
				    memcmp(h + 2, e2->d_name, 2) || join(p3, p2, h) < 0)
					continue;
				rc = fn(h, p3, arg);
			}
			closedir(d3);
		}
		closedir(d2);
	}
	closedir(d1);
	return rc;
}

static void blob_rel(const char *hex, char *out, size_t n)
{
	snprintf(out, n, "blobs/%.2s/%.2s/%s", hex, hex + 2, hex);
}

/* ---------------------------------------------------------------- backup */

struct bk {
	const char *dir;
	FILE *out;
	json_t *files;	  /* the manifest's list */
	json_t *counters; /* from the copy */
	int schema;
	int64_t nblobs, blob_bytes;
	struct buf corrupt; /* names of store files that no longer match */
	int ncorrupt;
	char (*refs)[BLOB_HEX + 1]; /* the files the copy refers to */
	size_t nrefs, caprefs;
	char *err;
	size_t errlen;
};

static void add_file(json_t *files, const char *rel, const char *hex, int64_t size, int mode)
{
	json_t *f =
		json_pack("{s:s, s:s, s:I}", "path", rel, "sha256", hex, "size", (json_int_t)size);
	if (mode >= 0) {
		char m[16]; /* "%04o" of any int: the debug build checks */
		snprintf(m, sizeof m, "%04o", mode);
		json_object_set_new(f, "mode", json_string(m));
	}
	json_array_append_new(files, f);
}

/* Reads, from exactly what the copy holds, the schema version and the
 * highest code of every counter. */
static int read_copy(struct db *db, void *ctx)
{
	struct bk *b = ctx;
	int latest = 0;
	int rc = db_schema_version(db, &b->schema, &latest);
	if (rc < 0)
		return rc;
	struct arena a;
	arena_init(&a);
	struct code_counter *c;
	size_t n;
	rc = repo_code_counters(db, &a, &c, &n);
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		char code[DOSSIER_CODE_MAX + 8];
		snprintf(code, sizeof code, "%s-%02d%02d%02d-%04lld", c[i].unit_ident,
			 (int)(c[i].day / 10000 % 100), (int)(c[i].day / 100 % 100),
			 (int)(c[i].day % 100), (long long)c[i].last);
		json_array_append_new(b->counters,
				      json_pack("{s:s, s:I, s:I, s:s}", "unit", c[i].unit_ident,
						"day", (json_int_t)c[i].day, "last",
						(json_int_t)c[i].last, "code", code));
	}
	/* The files it refers to, to check that the backup has each. */
	char after[BLOB_HEX + 1] = "";
	while (rc == DB_OK) {
		const char **hex;
		rc = repo_blob_hashes(db, &a, after, 1000, &hex, &n);
		for (size_t i = 0; rc == DB_OK && i < n; i++) {
			if (b->nrefs == b->caprefs) {
				b->caprefs = b->caprefs ? 2 * b->caprefs : 1024;
				b->refs = xrealloc(b->refs, b->caprefs * sizeof *b->refs);
			}
			snprintf(b->refs[b->nrefs++], BLOB_HEX + 1, "%s", hex[i]);
			snprintf(after, sizeof after, "%s", hex[i]);
		}
		if (n < 1000)
			break;
	}
	arena_release(&a);
	return rc;
}

/* Every file the copy refers to must be in the backup: a store that lost
 * one is found now, not at the restore. */
static void check_backup_refs(struct bk *b)
{
	for (size_t i = 0; i < b->nrefs; i++) {
		char rel[128], path[PATH_MAX_LEN];
		blob_rel(b->refs[i], rel, sizeof rel);
		if (join(path, b->dir, rel) == 0 && access(path, F_OK) == 0)
			continue;
		fprintf(b->out,
			"MISSING %s: the database refers to it; the store does not have it\n", rel);
		buf_addf(&b->corrupt, "%s%s (missing)", b->ncorrupt++ ? ", " : "", b->refs[i]);
	}
}

static int backup_blob(const char *hex, const char *path, void *arg)
{
	struct bk *b = arg;
	char rel[128], dst[PATH_MAX_LEN], got[BLOB_HEX + 1];
	int64_t size;
	blob_rel(hex, rel, sizeof rel);
	if (join(dst, b->dir, rel) < 0)
		return fail(b->err, b->errlen, "path too long: %s", b->dir);
	/* A backup brought up to date (--force) keeps what already matches. */
	if (hash_file(dst, got, &size) == 0 && !strcmp(got, hex)) {
		add_file(b->files, rel, hex, size, -1);
		b->nblobs++;
		b->blob_bytes += size;
		return 0;
	}
	char folder[PATH_MAX_LEN];
	if (path_fmt(folder, sizeof folder, "%s", dst) < 0)
		return fail(b->err, b->errlen, "path too long: %s", dst);
	*strrchr(folder, '/') = 0;
	if (path_mkdir(folder, 0700) < 0 || copy_file(path, dst, 0600, got, &size) < 0)
		return fail(b->err, b->errlen, "cannot copy %s to %s: %s", path, dst,
			    strerror(errno));
	if (strcmp(got, hex)) {
		/* The store's copy went bad: keeping it would only carry the
		 * damage along; say so at the end. */
		unlink(dst);
		fprintf(b->out, "CORRUPT %s: its bytes hash to %s; left out\n", path, got);
		buf_addf(&b->corrupt, "%s%s", b->ncorrupt++ ? ", " : "", hex);
		return 0;
	}
	add_file(b->files, rel, hex, size, -1);
	b->nblobs++;
	b->blob_bytes += size;
	return 0;
}

static int backup_pki(struct bk *b, const char *pki)
{
	DIR *d = opendir(pki);
	if (!d) {
		if (errno == ENOENT) {
			fprintf(b->out,
				"no %s folder: no keys to back up (a PKCS#11 token keeps "
				"its own)\n",
				pki);
			return 0;
		}
		return fail(b->err, b->errlen, "cannot read %s: %s", pki, strerror(errno));
	}
	char folder[PATH_MAX_LEN];
	int rc = join(folder, b->dir, "pki") < 0 || path_mkdir(folder, 0700) < 0
			 ? fail(b->err, b->errlen, "cannot create %s/pki: %s", b->dir,
				strerror(errno))
			 : 0;
	int n = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		char src[PATH_MAX_LEN], dst[PATH_MAX_LEN], rel[PATH_MAX_LEN], hex[BLOB_HEX + 1];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		/* A key left out of the backup would be missed only at the
		 * restore: a name too long stops the backup instead. */
		if (join(src, pki, e->d_name) < 0 || strlen(e->d_name) > 200) {
			rc = fail(b->err, b->errlen, "cannot back up %s/%s: the name is too long",
				  pki, e->d_name);
			break;
		}
		if (stat(src, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		int64_t size;
		if (path_fmt(rel, sizeof rel, "pki/%s", e->d_name) < 0 ||
		    join(dst, b->dir, rel) < 0 || copy_file(src, dst, 0600, hex, &size) < 0) {
			rc = fail(b->err, b->errlen, "cannot copy %s: %s", src, strerror(errno));
			break;
		}
		add_file(b->files, rel, hex, size, (int)(st.st_mode & 0777));
		n++;
	}
	closedir(d);
	if (rc == 0)
		fprintf(b->out, "keys: %d file%s of %s\n", n, n == 1 ? "" : "s", pki);
	return rc;
}

static int dir_state(const char *dir, bool *exists, bool *empty)
{
	*exists = *empty = false;
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return -1;
	}
	*exists = *empty = true;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			*empty = false;
			break;
		}
	closedir(d);
	return 0;
}

static int write_manifest(const char *dir, json_t *m, char *err, size_t errlen)
{
	char path[PATH_MAX_LEN], tmp[PATH_MAX_LEN + 8];
	if (join(path, dir, MANIFEST) < 0)
		return fail(err, errlen, "path too long: %s", dir);
	if (path_fmt(tmp, sizeof tmp, "%s.tmp", path) < 0)
		return fail(err, errlen, "path too long: %s", path);
	char *text = json_dumps(m, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (!text)
		return fail(err, errlen, "cannot write the manifest of %s: out of memory", dir);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t len = strlen(text);
	bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1 &&
		  fsync(fd) == 0;
	int e = errno;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	free(text);
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return fail(err, errlen, "cannot write %s: %s", path, strerror(ok ? errno : e));
	}
	fsync_dir(dir);
	return 0;
}

int svc_backup(const struct config *cfg, const char *dir, bool force, FILE *out, char *err,
	       size_t errlen)
{
	const char *url = cfg->v.db;
	const char *data = cfg->v.data_dir;
	bool sqlite = !strncmp(url, "sqlite:", 7);
	bool exists, empty;
	/* A data_dir that is not there is a mistyped one: the backup would
	 * hold no file and no key, and say nothing. */
	struct stat dst;
	int se = stat(data, &dst) != 0 ? errno : 0;
	if (se || !S_ISDIR(dst.st_mode))
		return fail(err, errlen,
			    "data_dir %s: %s (give the folder the server runs with, --data-dir)",
			    data, se ? strerror(se) : "not a folder");
	if (dir_state(dir, &exists, &empty) < 0)
		return fail(err, errlen, "cannot read %s: %s", dir, strerror(errno));
	if (exists && !empty && !force)
		return fail(err, errlen,
			    "%s is not empty: give an empty or new folder, or --force to bring "
			    "a backup in it up to date",
			    dir);
	if (path_mkdir(dir, 0700) < 0 || chmod(dir, 0700) != 0)
		return fail(err, errlen, "cannot create %s: %s", dir, strerror(errno));
	struct bk b = {.dir = dir,
		       .out = out,
		       .files = json_array(),
		       .counters = json_array(),
		       .corrupt = BUF_INIT,
		       .err = err,
		       .errlen = errlen};
	json_t *m = NULL;
	int rc = -1;
	char path[PATH_MAX_LEN], hex[BLOB_HEX + 1];
	int64_t size;
	const char *dbname = sqlite ? "db.sqlite" : "db.pgdump";
	/* No manifest while the folder is being written: a backup cut short
	 * can never pass for a whole one. */
	if (join(path, dir, MANIFEST) < 0 || (unlink(path) != 0 && errno != ENOENT)) {
		fail(err, errlen, "cannot remove the old %s/%s: %s", dir, MANIFEST,
		     strerror(errno));
		goto out;
	}
	int64_t started = clock_now_ms();
	/* 1. The database, as of one instant; what the copy holds is read
	 * from the copy. */
	if (join(path, dir, dbname) < 0 || (unlink(path) != 0 && errno != ENOENT)) {
		fail(err, errlen, "cannot replace %s/%s: %s", dir, dbname, strerror(errno));
		goto out;
	}
	if (db_backup_to_file(url, path, read_copy, &b, err, errlen) < 0)
		goto out;
	if (chmod(path, 0600) != 0 || hash_file(path, hex, &size) < 0) {
		fail(err, errlen, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	add_file(b.files, dbname, hex, size, -1);
	fprintf(out, "database: %s (%lld bytes, schema %d)\n", dbname, (long long)size, b.schema);
	/* 2. The file store, after the copy: every file the copy refers to
	 * was written before it, and files are never rewritten. */
	char store[PATH_MAX_LEN];
	if (join(store, data, "blobs") < 0) {
		fail(err, errlen, "path too long: %s", data);
		goto out;
	}
	if (walk_blobs(store, backup_blob, &b) != 0) {
		if (!*err)
			fail(err, errlen, "cannot read %s: %s", store, strerror(errno));
		goto out;
	}
	check_backup_refs(&b);
	fprintf(out, "files: %lld (%lld bytes) of %s; the database refers to %zu\n",
		(long long)b.nblobs, (long long)b.blob_bytes, store, b.nrefs);
	/* 3. The keys. */
	char pki[PATH_MAX_LEN];
	if (join(pki, data, "pki") < 0 || backup_pki(&b, pki) < 0)
		goto out;
	/* 4. The manifest, last. */
	char when[32];
	clock_format_utc(started, when, sizeof when);
	m = json_pack("{s:s, s:i, s:s, s:s, s:i, s:I, s:s, s:s, s:O, s:O}", "format", FORMAT,
		      "format_version", FORMAT_VERSION, "motcua_version", MOTCUA_VERSION, "backend",
		      sqlite ? "sqlite" : "postgres", "schema_version", b.schema, "created_at",
		      (json_int_t)started, "created", when, "database", dbname, "counters",
		      b.counters, "files", b.files);
	if (!m) {
		fail(err, errlen, "cannot build the manifest");
		goto out;
	}
	if (write_manifest(dir, m, err, errlen) < 0)
		goto out;
	fsync_dir(dir);
	fprintf(out, "manifest: %zu files, %zu counters; backup written to %s\n",
		json_array_size(b.files), json_array_size(b.counters), dir);
	if (b.ncorrupt) {
		fail(err, errlen,
		     "%d file%s could not be backed up (missing from the store, or bytes that "
		     "no longer match the name; the rest is backed up): %s",
		     b.ncorrupt, b.ncorrupt == 1 ? "" : "s", buf_str(&b.corrupt));
		goto out;
	}
	rc = 0;
out:
	json_decref(m);
	json_decref(b.files);
	json_decref(b.counters);
	buf_release(&b.corrupt);
	free(b.refs);
	return rc;
}

/* ---------------------------------------------------------------- restore */

/* A manifest's path: relative, no "..", nothing odd. */
static bool safe_rel(const char *p)
{
	if (!p || !*p || p[0] == '/' || strstr(p, "..") || strlen(p) > 300)
		return false;
	for (const char *c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-' || *c == '/'))
			return false;
	return true;
}

/* Checks every file of the manifest; prints each one that fails. */
static int verify_files(const char *dir, json_t *files, const char *dbname, FILE *out, char *err,
			size_t errlen)
{
	size_t i, bad = 0;
	json_t *f;
	bool has_db = false;
	char first[PATH_MAX_LEN] = "";
	json_array_foreach(files, i, f)
	{
		const char *rel = json_string_value(json_object_get(f, "path"));
		const char *want = json_string_value(json_object_get(f, "sha256"));
		json_t *jsize = json_object_get(f, "size");
		char path[PATH_MAX_LEN], got[BLOB_HEX + 1];
		int64_t size;
		const char *why = NULL;
		if (!safe_rel(rel) || !blob_hex_valid(want) || !json_is_integer(jsize))
			why = "the manifest's entry is malformed";
		else if (!strncmp(rel, "blobs/", 6) &&
			 (strlen(rel) != 6 + 6 + BLOB_HEX || strcmp(rel + 12, want) ||
			  memcmp(rel + 6, want, 2) || memcmp(rel + 9, want + 2, 2)))
			why = "a stored file's name must be its SHA-256";
		else if (join(path, dir, rel) < 0 || hash_file(path, got, &size) < 0)
			why = errno == ENOENT ? "missing" : "cannot be read";
		else if (strcmp(got, want))
			why = "its SHA-256 does not match the manifest";
		else if (size != json_integer_value(jsize))
			why = "its size does not match the manifest";
		if (rel && dbname && !strcmp(rel, dbname))
			has_db = true;
		if (why) {
			fprintf(out, "FAIL %s: %s\n", rel ? rel : "(no path)", why);
			if (!bad++)
				snprintf(first, sizeof first, "%s: %s", rel ? rel : "(no path)",
					 why);
		}
	}
	if (bad)
		return fail(err, errlen,
			    "%zu file%s of the backup do%s not match its manifest (first: %s); "
			    "nothing was restored",
			    bad, bad == 1 ? "" : "s", bad == 1 ? "es" : "", first);
	if (!has_db)
		return fail(err, errlen,
			    "the manifest lists no database file %s; nothing was "
			    "restored",
			    dbname ? dbname : "");
	return 0;
}

/* The highest sequence found per unit and day, and where. */
struct found_code {
	size_t unit;
	int64_t day, seq;
	char where[160];
	int64_t skipped; /* by the restore: the counter was at seq - skipped */
};

struct scan {
	const struct unit *units;
	const char **idents;
	size_t nunits;
	int64_t today;
	struct found_code *v;
	size_t n, cap;
	size_t *slot; /* index + 1 into v, 0 = empty; nslot a power of two */
	size_t nslot;
	const char *where; /* of the bytes being scanned */
	int64_t nfiles;
	/* Files are anyone's uploads: a code found only there moves a counter
	 * of a unit that receives (one the manifest has a counter of) and at
	 * most `plausible` past that unit's busiest day, so that a citizen's
	 * file naming a made-up code cannot skip a million codes. */
	bool in_file;
	int64_t *busiest; /* per unit: most codes of one day in the manifest; 0 = none */
	int64_t nignored;
	FILE *out;
};

/* How far past a unit's busiest recorded day a code found only in a file is
 * believed: a day twice as busy, and at least this many. */
#define FILE_CODE_MIN_GAP 1000

static size_t slot_of(const struct scan *s, size_t unit, int64_t day)
{
	uint64_t h =
		((uint64_t)unit * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)day * 0xc2b2ae3d27d4eb4fULL);
	size_t i = (size_t)(h ^ (h >> 29)) & (s->nslot - 1);
	while (s->slot[i] && (s->v[s->slot[i] - 1].unit != unit || s->v[s->slot[i] - 1].day != day))
		i = (i + 1) & (s->nslot - 1);
	return i;
}

/* Keeps the highest sequence per (unit, day): a history of years names
 * tens of thousands of them, so they are found by hash. */
static void note_code(struct scan *s, size_t unit, int64_t day, int64_t seq, const char *where)
{
	if (day > s->today || seq > SEQ_SANE)
		return; /* not a code this agency can have handed out */
	if (s->in_file) {
		int64_t most = s->busiest[unit];
		int64_t bound = 2 * most > FILE_CODE_MIN_GAP ? 2 * most : FILE_CODE_MIN_GAP;
		if (!most || seq > bound) {
			s->nignored++;
			fprintf(s->out, "ignored: a code of %s, day %lld, number %lld, in %s: %s\n",
				s->idents[unit], (long long)day, (long long)seq, where,
				most ? "past what that unit hands out in a day"
				     : "that unit has received no dossier");
			return;
		}
	}
	if (2 * (s->n + 1) > s->nslot) {
		free(s->slot);
		s->nslot = s->nslot ? 2 * s->nslot : 256;
		s->slot = xcalloc(s->nslot, sizeof *s->slot);
		for (size_t k = 0; k < s->n; k++)
			s->slot[slot_of(s, s->v[k].unit, s->v[k].day)] = k + 1;
	}
	size_t i = slot_of(s, unit, day);
	if (s->slot[i]) {
		struct found_code *f = &s->v[s->slot[i] - 1];
		if (seq > f->seq) {
			f->seq = seq;
			snprintf(f->where, sizeof f->where, "%s", where);
		}
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n] = (struct found_code){.unit = unit, .day = day, .seq = seq};
	snprintf(s->v[s->n].where, sizeof s->v[s->n].where, "%s", where);
	s->slot[i] = ++s->n;
}

static void on_code(size_t unit, const struct dossier_code_parts *c, void *arg)
{
	struct scan *s = arg;
	note_code(s, unit, (int64_t)c->year * 10000 + c->month * 100 + c->day, c->seq, s->where);
}

static void scan_bytes(struct scan *s, const void *p, size_t n)
{
	dossier_code_scan(p, n, s->idents, s->nunits, on_code, s);
}

/* A PDF's compressed streams hold its text: inflate each (FlateDecode or
 * not, a failure only means it was not compressed) and look there too. */
static void scan_pdf_streams(struct scan *s, const unsigned char *p, size_t n)
{
	static const char kw[] = "stream";
	unsigned char *outb = xmalloc(1 << 20);
	for (size_t i = 0; i + sizeof kw < n; i++) {
		if (memcmp(p + i, kw, sizeof kw - 1) || (i >= 3 && !memcmp(p + i - 3, "end", 3)))
			continue;
		size_t at = i + sizeof kw - 1;
		if (at < n && p[at] == '\r')
			at++;
		if (at >= n || p[at] != '\n')
			continue;
		at++;
		z_stream z = {0};
		if (inflateInit(&z) != Z_OK)
			break;
		z.next_in = (unsigned char *)p + at;
		z.avail_in = (uInt)(n - at > UINT32_MAX ? UINT32_MAX : n - at);
		struct buf text = BUF_INIT;
		int zr;
		do {
			z.next_out = outb;
			z.avail_out = 1 << 20;
			zr = inflate(&z, Z_NO_FLUSH);
			size_t got = (1 << 20) - z.avail_out;
			if (zr != Z_OK && zr != Z_STREAM_END)
				break;
			buf_add(&text, outb, got);
		} while (zr == Z_OK && text.len < 64u << 20 && z.avail_in);
		inflateEnd(&z);
		if (text.len)
			scan_bytes(s, text.p, text.len);
		buf_release(&text);
		i = at;
	}
	free(outb);
}

static int scan_blob(const char *hex, const char *path, void *arg)
{
	struct scan *s = arg;
	struct stat st;
	if (stat(path, &st) != 0 || st.st_size > SCAN_MAX)
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t n = (size_t)st.st_size;
	unsigned char *p = xmalloc(n + 1);
	size_t got = 0;
	while (got < n) {
		ssize_t k = read(fd, p + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	char where[128];
	blob_rel(hex, where, sizeof where);
	s->where = where;
	s->in_file = true;
	scan_bytes(s, p, got);
	if (got >= 5 && !memcmp(p, "%PDF-", 5))
		scan_pdf_streams(s, p, got);
	s->in_file = false;
	free(p);
	s->nfiles++;
	return 0;
}

struct rs {
	const struct config *cfg;
	const char *dir;
	bool force;
	FILE *out;
	json_t *manifest;
	json_t *replaced;    /* counters of the database replaced (--force), or NULL */
	const char *backend; /* the backup's */
	const char *created;
	char *err;
	size_t errlen;
};

/* Refuses key files that differ from the backup's, unless force. */
static int check_keys(struct rs *r, const char *data)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(r->manifest, "files"), i, f)
	{
		const char *rel = json_string_value(json_object_get(f, "path"));
		const char *want = json_string_value(json_object_get(f, "sha256"));
		char path[PATH_MAX_LEN], got[BLOB_HEX + 1];
		int64_t size;
		if (strncmp(rel, "pki/", 4) || join(path, data, rel) < 0 ||
		    hash_file(path, got, &size) < 0 || !strcmp(got, want))
			continue;
		if (!r->force)
			return fail(r->err, r->errlen,
				    "%s exists and differs from the backup's: restore --force "
				    "replaces the keys; nothing was restored",
				    path);
		fprintf(r->out, "replacing %s (--force)\n", path);
	}
	return 0;
}

static int copy_files(struct rs *r, const char *data, int64_t *nblobs, int64_t *nkeys)
{
	size_t i;
	json_t *f;
	*nblobs = *nkeys = 0;
	json_array_foreach(json_object_get(r->manifest, "files"), i, f)
	{
		const char *rel = json_string_value(json_object_get(f, "path"));
		const char *want = json_string_value(json_object_get(f, "sha256"));
		bool key = !strncmp(rel, "pki/", 4);
		if (!key && strncmp(rel, "blobs/", 6))
			continue;
		char src[PATH_MAX_LEN], dst[PATH_MAX_LEN], folder[PATH_MAX_LEN], got[BLOB_HEX + 1];
		int64_t size;
		if (join(src, r->dir, rel) < 0 || join(dst, data, rel) < 0)
			return fail(r->err, r->errlen, "path too long: %s", rel);
		if (hash_file(dst, got, &size) == 0 && !strcmp(got, want)) {
			if (key)
				(*nkeys)++;
			else
				(*nblobs)++;
			continue; /* already there, the same bytes */
		}
		mode_t mode = 0600;
		const char *ms = json_string_value(json_object_get(f, "mode"));
		if (key && ms) {
			/* The owner's bits only: keys stay 0600. */
			long v = strtol(ms, NULL, 8) & 0600;
			mode = (mode_t)(v ? v : 0600);
		}
		if (path_fmt(folder, sizeof folder, "%s", dst) < 0)
			return fail(r->err, r->errlen, "path too long: %s", dst);
		*strrchr(folder, '/') = 0;
		if (path_mkdir(folder, key ? 0700 : 0750) < 0 ||
		    copy_file(src, dst, mode, got, &size) < 0)
			return fail(r->err, r->errlen, "cannot copy %s to %s: %s", src, dst,
				    strerror(errno));
		if (strcmp(got, want))
			return fail(r->err, r->errlen, "%s changed while it was restored", src);
		if (key)
			(*nkeys)++;
		else
			(*nblobs)++;
	}
	return 0;
}

/* Every file the database refers to must be in the store, whole, or it
 * would be answered "unavailable" (the file half of audit verify). */
static int check_refs(struct rs *r, struct db *db)
{
	struct svc_audit au;
	int rc = svc_audit_verify_files(db, r->cfg, &au);
	if (rc != 0)
		return fail(r->err, r->errlen, "after restoring the files: %s", au.problem);
	fprintf(r->out, "files: all %lld the database refers to are in the store, whole\n",
		(long long)au.files);
	return 0;
}

struct skip_ctx {
	struct scan *s;
	int64_t now;
	const char *created;
	FILE *out;
	int64_t moved, skipped;
};

static int apply_skips(struct db *db, void *ctx)
{
	struct skip_ctx *k = ctx;
	k->moved = k->skipped = 0;
	for (size_t i = 0; i < k->s->n; i++) {
		const struct found_code *f = &k->s->v[i];
		char reason[400];
		snprintf(reason, sizeof reason,
			 "restore of the backup of %s: code %s-%02d%02d%02d-%04lld found in %s",
			 k->created, k->s->idents[f->unit], (int)(f->day / 10000 % 100),
			 (int)(f->day / 100 % 100), (int)(f->day % 100), (long long)f->seq,
			 f->where);
		int64_t skipped;
		int rc = repo_code_skip_to(db, k->s->units[f->unit].id, f->day, f->seq, reason,
					   k->now, &skipped);
		if (rc < 0)
			return rc;
		k->s->v[i].skipped = skipped;
		if (skipped) {
			k->moved++;
			k->skipped += skipped;
		}
	}
	return DB_OK;
}

/* Finds the codes the restored database does not know and moves the
 * counters past them. */
static int move_counters(struct rs *r, struct db *db, const char *data)
{
	struct arena a;
	arena_init(&a);
	struct unit *units;
	size_t nunits;
	int rc = 0;
	struct scan s = {0};
	if (repo_unit_list(db, &a, &units, &nunits) < 0) {
		rc = fail(r->err, r->errlen, "database: %s", db_errmsg(db));
		goto out;
	}
	int64_t now = clock_now_ms();
	s.units = units;
	s.nunits = nunits;
	s.idents = arena_zalloc(&a, (nunits + 1) * sizeof *s.idents);
	for (size_t i = 0; i < nunits; i++)
		s.idents[i] = units[i].ident ? units[i].ident : "";
	s.today = dossier_code_day(now);
	s.busiest = arena_zalloc(&a, (nunits + 1) * sizeof *s.busiest);
	s.out = r->out;
	/* 1. The counters the manifest recorded (the database has them). */
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(r->manifest, "counters"), i, c)
	{
		const char *ident = json_string_value(json_object_get(c, "unit"));
		int64_t last = json_integer_value(json_object_get(c, "last"));
		for (size_t u = 0; ident && u < nunits; u++)
			if (!strcmp(s.idents[u], ident)) {
				note_code(&s, u, json_integer_value(json_object_get(c, "day")),
					  last, "the manifest");
				if (last > s.busiest[u])
					s.busiest[u] = last;
			}
	}
	/* 1b. The counters of the database replaced: codes it handed out after
	 * the backup (never moved backwards: only past what was there). */
	json_array_foreach(r->replaced, i, c)
	{
		const char *ident = json_string_value(json_object_get(c, "unit"));
		int64_t last = json_integer_value(json_object_get(c, "last"));
		for (size_t u = 0; ident && u < nunits; u++)
			if (!strcmp(s.idents[u], ident))
				note_code(&s, u, json_integer_value(json_object_get(c, "day")),
					  last, "the database replaced");
	}
	/* 2. The history. */
	int64_t after = 0;
	s.where = "the history";
	for (;;) {
		struct arena pa;
		arena_init(&pa);
		const char **texts;
		size_t n;
		if (repo_event_texts(db, &pa, after, 2000, &texts, &n, &after) < 0) {
			rc = fail(r->err, r->errlen, "database: %s", db_errmsg(db));
			arena_release(&pa);
			goto out;
		}
		for (size_t t = 0; t < n; t++)
			scan_bytes(&s, texts[t], strlen(texts[t]));
		arena_release(&pa);
		if (n < 4000)
			break;
	}
	/* 3. Every file of the store, also those the backup does not have. */
	char store[PATH_MAX_LEN];
	if (join(store, data, "blobs") < 0 || walk_blobs(store, scan_blob, &s) != 0) {
		rc = fail(r->err, r->errlen, "cannot read %s: %s", store, strerror(errno));
		goto out;
	}
	struct skip_ctx k = {.s = &s, .now = now, .created = r->created, .out = r->out};
	if (db_run_txn(db, apply_skips, &k, DB_TXN_ATTEMPTS) < 0) {
		rc = fail(r->err, r->errlen, "cannot move the code counters: %s", db_errmsg(db));
		goto out;
	}
	for (size_t f = 0; f < s.n; f++)
		if (s.v[f].skipped)
			fprintf(r->out,
				"counter %s of %lld: %lld -> %lld (code %s-%02d%02d%02d-%04lld in "
				"%s)\n",
				s.idents[s.v[f].unit], (long long)s.v[f].day,
				(long long)(s.v[f].seq - s.v[f].skipped), (long long)s.v[f].seq,
				s.idents[s.v[f].unit], (int)(s.v[f].day / 10000 % 100),
				(int)(s.v[f].day / 100 % 100), (int)(s.v[f].day % 100),
				(long long)s.v[f].seq, s.v[f].where);
	fprintf(r->out,
		"codes: looked in the history and %lld files; %lld counter%s moved past "
		"%lld code%s handed out after the backup\n",
		(long long)s.nfiles, (long long)k.moved, k.moved == 1 ? "" : "s",
		(long long)k.skipped, k.skipped == 1 ? "" : "s");
out:
	free(s.v);
	free(s.slot);
	arena_release(&a);
	return rc;
}

/* The counters of the database a restore --force replaces: it may have
 * handed out codes after the backup was taken, and its own record of them
 * goes with it, so they are read first (move_counters moves past them). */
static int read_replaced(struct rs *r, struct db *db)
{
	struct arena a;
	arena_init(&a);
	struct code_counter *c;
	size_t n;
	int rc = repo_code_counters(db, &a, &c, &n);
	if (rc < 0) {
		arena_release(&a);
		return fail(r->err, r->errlen,
			    "cannot read the code counters of the database to replace: %s; "
			    "nothing was restored",
			    db_errmsg(db));
	}
	r->replaced = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(r->replaced,
				      json_pack("{s:s, s:I, s:I}", "unit", c[i].unit_ident, "day",
						(json_int_t)c[i].day, "last",
						(json_int_t)c[i].last));
	arena_release(&a);
	fprintf(r->out, "replaced database: %zu code counters read\n", n);
	return 0;
}

static int load_manifest(struct rs *r, char *dbname, size_t dbnamelen)
{
	char path[PATH_MAX_LEN];
	if (join(path, r->dir, MANIFEST) < 0)
		return fail(r->err, r->errlen, "path too long: %s", r->dir);
	json_error_t je;
	r->manifest = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!r->manifest)
		return fail(r->err, r->errlen, "%s: %s%s", path,
			    access(path, F_OK) ? "missing: not a motcua backup folder"
					       : "unreadable: ",
			    access(path, F_OK) ? "" : je.text);
	json_t *m = r->manifest;
	const char *format = json_string_value(json_object_get(m, "format"));
	const char *db = json_string_value(json_object_get(m, "database"));
	r->backend = json_string_value(json_object_get(m, "backend"));
	r->created = json_string_value(json_object_get(m, "created"));
	if (!format || strcmp(format, FORMAT) || !json_is_array(json_object_get(m, "files")) ||
	    !json_is_array(json_object_get(m, "counters")) || !db || !r->backend || !r->created)
		return fail(r->err, r->errlen, "%s is not a motcua backup manifest", path);
	if (json_integer_value(json_object_get(m, "format_version")) != FORMAT_VERSION)
		return fail(r->err, r->errlen, "%s: format version %lld is not %d", path,
			    (long long)json_integer_value(json_object_get(m, "format_version")),
			    FORMAT_VERSION);
	if (strcmp(db, "db.sqlite") && strcmp(db, "db.pgdump"))
		return fail(r->err, r->errlen, "%s: unknown database file %s", path, db);
	snprintf(dbname, dbnamelen, "%s", db);
	return 0;
}

/* Steps 1 and 2 of a restore: the backup is whole and untouched (its
 * manifest and files; dbname gets its database file's name) and of the
 * configured backend, and the configured database is empty unless force. */
static int check_before(struct rs *r, const char *url, bool sqlite, char *dbname, size_t dbname_len)
{
	const char *dir = r->dir;
	FILE *out = r->out;
	char *err = r->err;
	size_t errlen = r->errlen;
	bool force = r->force;
	const char *data = r->cfg->v.data_dir;
	if (load_manifest(r, dbname, dbname_len) < 0)
		return -1;
	if (strcmp(r->backend, sqlite ? "sqlite" : "postgres")) {
		fail(err, errlen,
		     "this is a backup of a %s database; the configured database (--db) is %s",
		     r->backend, sqlite ? "sqlite" : "postgres");
		return -1;
	}
	if (verify_files(dir, json_object_get(r->manifest, "files"), dbname, out, err, errlen) < 0)
		return -1;
	fprintf(out, "manifest: %zu files match their SHA-256 (backup of %s)\n",
		json_array_size(json_object_get(r->manifest, "files")), r->created);
	/* 2. Nothing is overwritten unasked, nor under a server: one still
	 * running would go on handing out codes from the database that is
	 * being replaced. */
	int64_t others = 0;
	if (db_sessions_elsewhere(url, &others, err, errlen) < 0)
		return -1;
	if (others > 0)
		return fail(err, errlen,
			    "the configured database is in use (%lld other session%s: a "
			    "running server or worker?): stop every motcua server and worker "
			    "using it, then restore again; nothing was restored. / Cơ sở dữ "
			    "liệu đang được sử dụng (%lld phiên khác): hãy dừng mọi máy chủ và "
			    "worker motcua dùng nó rồi khôi phục lại; chưa khôi phục gì.",
			    (long long)others, others == 1 ? "" : "s", (long long)others);
	struct db *db;
	if (db_open(url, &db, err, errlen) < 0)
		return -1;
	bool empty;
	if (db_is_empty(db, &empty) < 0) {
		fail(err, errlen, "database: %s", db_errmsg(db));
		db_close(db);
		return -1;
	}
	if (!empty && force && read_replaced(r, db) < 0) {
		db_close(db);
		return -1;
	}
	db_close(db);
	if (!empty && !force) {
		fail(err, errlen,
		     "the configured database already holds data: restore --force replaces "
		     "everything in it by the backup; nothing was restored");
		return -1;
	}
	if (!empty)
		fprintf(out, "replacing everything in the configured database by the backup "
			     "(--force)\n");
	if (check_keys(r, data) < 0)
		return -1;
	return 0;
}

/* The staging file of a SQLite restore beside the target (url
 * "sqlite:PATH"): PATH.restoring, into stage and its URL into stage_url,
 * with what an earlier attempt left removed. */
static int make_stage(const char *url, char *stage, size_t stage_len, char *stage_url,
		      size_t stage_url_len, char *err, size_t errlen)
{
	/* A staging name cut short could be the live database's. */
	char wal[PATH_MAX_LEN + 32], journal[PATH_MAX_LEN + 32];
	if (path_fmt(stage, stage_len, "%s.restoring", url + 7) < 0 ||
	    path_fmt(stage_url, stage_url_len, "sqlite:%s", stage) < 0 ||
	    path_fmt(wal, sizeof wal, "%s-wal", stage) < 0 ||
	    path_fmt(journal, sizeof journal, "%s-journal", stage) < 0) {
		*stage = 0;
		fail(err, errlen, "the database path is too long: %s", url + 7);
		return -1;
	}
	unlink(stage);
	unlink(wal);
	unlink(journal);
	return 0;
}

/* Removes the SQLite file path with its -wal and -shm side files. */
static void unlink_db(const char *path)
{
	char side[PATH_MAX_LEN + 32];
	unlink(path);
	if (path_fmt(side, sizeof side, "%s-wal", path) == 0)
		unlink(side);
	if (path_fmt(side, sizeof side, "%s-shm", path) == 0)
		unlink(side);
}

int svc_restore(const struct config *cfg, const char *dir, bool force, FILE *out, char *err,
		size_t errlen)
{
	const char *url = cfg->v.db;
	const char *data = cfg->v.data_dir;
	bool sqlite = !strncmp(url, "sqlite:", 7);
	struct rs r = {
		.cfg = cfg, .dir = dir, .force = force, .out = out, .err = err, .errlen = errlen};
	char dbname[32], src[PATH_MAX_LEN], stage[PATH_MAX_LEN + 16];
	struct db *db = NULL;
	int rc = -1;
	bool staged = false, loaded = false;
	*stage = 0;
	/* A SQLite target that is not there yet is created by the check below:
	 * a restore that fails removes it again ("nothing was restored"). */
	struct stat tst;
	bool target_new = sqlite && stat(url + 7, &tst) != 0 && errno == ENOENT;
	/* 1. The backup is whole and untouched; 2. nothing is overwritten
	 * unasked. */
	if (check_before(&r, url, sqlite, dbname, sizeof dbname) < 0)
		goto out;
	/* 3. The database: SQLite into a staging file beside the target, so
	 * that a history that does not verify changes nothing. */
	if (join(src, dir, dbname) < 0) {
		fail(err, errlen, "path too long: %s/%s", dir, dbname);
		goto out;
	}
	const char *work = url;
	char stage_url[PATH_MAX_LEN + 32];
	if (sqlite) {
		if (make_stage(url, stage, sizeof stage, stage_url, sizeof stage_url, err, errlen) <
		    0)
			goto out;
		work = stage_url;
		staged = true;
	}
	if (db_restore_from_file(work, src, err, errlen) < 0)
		goto out;
	loaded = true;
	if (db_open(work, &db, err, errlen) < 0)
		goto out;
	int applied = 0;
	if (db_migrate(db, &applied, err, errlen) < 0)
		goto out;
	if (applied)
		fprintf(out, "schema: %d migration%s applied to the backup's database\n", applied,
			applied == 1 ? "" : "s");
	struct svc_audit au;
	int arc = svc_audit_verify(db, &au);
	if (arc != 0) {
		fail(err, errlen,
		     "the history in the backup does not verify: %s; nothing was restored",
		     au.problem);
		goto out;
	}
	fprintf(out, "history: %lld events of %lld dossiers verify\n", (long long)au.checked,
		(long long)au.dossiers);
	/* The closed periods' chain too (their signatures: by audit verify,
	 * once the keys are in place). */
	if ((arc = svc_audit_verify_closures(db, NULL, &au)) != 0) {
		fail(err, errlen,
		     "the closed periods in the backup do not verify: %s; nothing was restored",
		     au.problem);
		goto out;
	}
	fprintf(out, "closures: %lld closed periods verify\n", (long long)au.closures);
	/* 4. The files and the keys. */
	int64_t nblobs, nkeys;
	if (copy_files(&r, data, &nblobs, &nkeys) < 0)
		goto out;
	fprintf(out, "files: %lld restored to %s/blobs; keys: %lld to %s/pki\n", (long long)nblobs,
		data, (long long)nkeys, data);
	if (check_refs(&r, db) < 0)
		goto out;
	/* 5. No code twice. */
	if (move_counters(&r, db, data) < 0)
		goto out;
	if ((arc = svc_audit_verify(db, &au)) != 0) {
		fail(err, errlen, "after moving the counters the history does not verify: %s",
		     au.problem);
		goto out;
	}
	db_close(db);
	db = NULL;
	/* 6. SQLite: the staged copy becomes the database. */
	if (sqlite) {
		if (db_restore_from_file(url, stage, err, errlen) < 0)
			goto out;
		/* It holds password hashes and citizens' ID numbers: the owner's
		 * only, as in the backup. */
		if (chmod(url + 7, 0600) != 0) {
			fail(err, errlen, "%s: cannot make it private: %s", url + 7,
			     strerror(errno));
			goto out;
		}
	}
	fprintf(out, "restored %s into %s\n", dir, sqlite ? url + 7 : "the configured database");
	rc = 0;
out:
	db_close(db);
	/* PostgreSQL has no staging copy: a restore that fails once loading
	 * has begun leaves the database empty (with --force, what it held was
	 * dropped when loading began). */
	if (rc != 0 && loaded && !sqlite) {
		char e2[512];
		if (db_empty_out(url, e2, sizeof e2) < 0)
			fprintf(out, "could not empty the database again: %s\n", e2);
	}
	if (rc != 0 && target_new)
		unlink_db(url + 7);
	if (staged) /* the names were checked when the stage was made */
		unlink_db(stage);
	json_decref(r.manifest);
	json_decref(r.replaced);
	return rc;
}
