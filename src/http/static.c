/* Static files of web/, loaded into memory at start-up: each with its MIME
 * type, a strong ETag (BLAKE2b of the content) and, for text types, a gzip
 * copy. The server is stateless, so a new release is picked up by a
 * restart. Layer: http. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>
#include <zlib.h>

#include "base/path.h"
#include "base/log.h"
#include "base/text.h"
#include "http/static_impl.h"

#define MAX_STATIC_FILE (8 * 1024 * 1024)

static const struct {
	const char *ext;
	const char *type;
	bool text;
} mime[] = {
	{".html", "text/html; charset=utf-8", true},
	{".js", "text/javascript; charset=utf-8", true},
	{".mjs", "text/javascript; charset=utf-8", true},
	{".css", "text/css; charset=utf-8", true},
	{".json", "application/json; charset=utf-8", true},
	{".svg", "image/svg+xml", true},
	{".txt", "text/plain; charset=utf-8", true},
	{".webmanifest", "application/manifest+json", true},
	{".png", "image/png", false},
	{".jpg", "image/jpeg", false},
	{".ico", "image/x-icon", false},
	{".woff2", "font/woff2", false},
	{".wav", "audio/wav", false},
};

int http_gzip(const void *in, size_t len, int level, unsigned char **out, size_t *outlen)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	size_t cap = deflateBound(&z, len) + 32;
	unsigned char *o = xmalloc(cap);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)len;
	z.next_out = o;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(o);
		return -1;
	}
	*out = o;
	*outlen = cap - z.avail_out;
	return 0;
}

static void add_file(struct http_static *s, const char *urlpath, const char *fspath, char *err,
		     size_t errlen)
{
	const char *dot = strrchr(urlpath, '.');
	const char *type = NULL;
	bool text = false;
	for (size_t i = 0; dot && i < sizeof mime / sizeof mime[0]; i++)
		if (!strcmp(dot, mime[i].ext)) {
			type = mime[i].type;
			text = mime[i].text;
		}
	if (!type)
		return; /* unknown types are not served */
	struct buf b = BUF_INIT;
	if (path_read(fspath, MAX_STATIC_FILE, &b) != 0) {
		/* A file past the cap is left out whole, never served cut. */
		log_error("static: %s not served: %s", fspath, strerror(errno));
		buf_release(&b);
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->files = xrealloc(s->files, s->cap * sizeof *s->files);
	}
	struct static_file *sf = &s->files[s->n++];
	memset(sf, 0, sizeof *sf);
	sf->path = xstrdup(urlpath);
	sf->type = type;
	sf->len = b.len;
	sf->data = (unsigned char *)buf_detach(&b);
	unsigned char h[12];
	crypto_generichash(h, sizeof h, sf->data, sf->len, NULL, 0);
	char hex[25];
	text_hex(h, sizeof h, hex);
	snprintf(sf->etag, sizeof sf->etag, "\"%s\"", hex);
	if (text && sf->len > 256) {
		if (http_gzip(sf->data, sf->len, 9, &sf->gz, &sf->gzlen) == 0 &&
		    sf->gzlen >= sf->len) {
			free(sf->gz);
			sf->gz = NULL;
		}
	}
	(void)err;
	(void)errlen;
}

static int walk(struct http_static *s, const char *root, const char *rel, char *err, size_t errlen,
		int depth)
{
	char dirpath[1024];
	if (path_fmt(dirpath, sizeof dirpath, "%s%s", root, rel) < 0) {
		snprintf(err, errlen, "web folder path too long: %s", dirpath);
		return -1;
	}
	DIR *d = opendir(dirpath);
	if (!d) {
		snprintf(err, errlen, "cannot open web folder %s", dirpath);
		return -1;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char relpath[1024], full[2048];
		if (path_fmt(relpath, sizeof relpath, "%s/%s", rel, e->d_name) < 0 ||
		    path_fmt(full, sizeof full, "%s%s", root, relpath) < 0) {
			snprintf(err, errlen, "web file path too long: %s%s/%s", root, rel,
				 e->d_name);
			closedir(d);
			return -1;
		}
		struct stat st;
		if (stat(full, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 8 && walk(s, root, relpath, err, errlen, depth + 1) < 0) {
				closedir(d);
				return -1;
			}
		} else if (S_ISREG(st.st_mode)) {
			add_file(s, relpath, full, err, errlen);
		}
	}
	closedir(d);
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct static_file *)a)->path, ((const struct static_file *)b)->path);
}

int http_static_load(const char *root, struct http_static **out, char *err, size_t errlen)
{
	struct http_static *s = xcalloc(1, sizeof *s);
	if (walk(s, root, "", err, errlen, 0) < 0) {
		http_static_free(s);
		*out = NULL;
		return -1;
	}
	qsort(s->files, s->n, sizeof *s->files, cmp_file);
	*out = s;
	return 0;
}

void http_static_free(struct http_static *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->files[i].path);
		free(s->files[i].data);
		free(s->files[i].gz);
	}
	free(s->files);
	free(s);
}

const struct static_file *http_static_find(const struct http_static *s, const char *path)
{
	if (!s)
		return NULL;
	if (!strcmp(path, "/"))
		path = "/index.html";
	else if (!strcmp(path, "/favicon.ico")) /* browsers ask for it unbidden */
		path = "/img/logo.svg";
	struct static_file key = {.path = (char *)path};
	return bsearch(&key, s->files, s->n, sizeof *s->files, cmp_file);
}
