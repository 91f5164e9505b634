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

#include <jansson.h>
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
	snprintf(sf->version, sizeof sf->version, "%.12s", hex);
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

/* Sets a file's content (and its ETag and gzip copy) anew. */
static void file_replace(struct static_file *f, struct buf *b)
{
	free(f->data);
	free(f->gz);
	f->gz = NULL;
	f->len = b->len;
	f->data = (unsigned char *)buf_detach(b);
	unsigned char h[12];
	crypto_generichash(h, sizeof h, f->data, f->len, NULL, 0);
	char hex[25];
	text_hex(h, sizeof h, hex);
	snprintf(f->etag, sizeof f->etag, "\"%s\"", hex);
	snprintf(f->version, sizeof f->version, "%.12s", hex);
	if (http_gzip(f->data, f->len, 9, &f->gz, &f->gzlen) == 0 && f->gzlen >= f->len) {
		free(f->gz);
		f->gz = NULL;
	}
}

/* Copies the src="…" or href="…" value at p (just after the quote) to out,
 * with "?v=VERSION" added when it names a file of s. Returns the end. */
static const char *versioned_ref(const struct http_static *s, const char *p, struct buf *out)
{
	const char *end = strchr(p, '"');
	if (!end)
		end = p + strlen(p);
	char path[512];
	size_t n = (size_t)(end - p);
	const struct static_file *f = NULL;
	if (n + 2 < sizeof path && !memchr(p, '?', n) && !memchr(p, ':', n)) {
		snprintf(path, sizeof path, "/%.*s", (int)n, p);
		f = http_static_find(s, path);
	}
	buf_add(out, p, n);
	if (f)
		buf_addf(out, "?v=%s", f->version);
	return end;
}

/* The text of key in the default language's strings (i18n/vi.json), for
 * the shell's first paint; NULL when there is none. */
static const char *shell_text(json_t *strings, const char *key, size_t keylen)
{
	char k[128];
	if (!strings || keylen >= sizeof k)
		return NULL;
	memcpy(k, key, keylen);
	k[keylen] = 0;
	return json_string_value(json_object_get(strings, k));
}

/* Writes the shell with every empty element marked data-i18n="KEY" filled
 * with its text in the default language, so that the first paint already
 * has the header's and footer's words and the page does not move when the
 * script fills them (CLS, issue 15); the script sets them again in the
 * reader's language. */
static void shell_prefill(const struct http_static *s, struct buf *html)
{
	const struct static_file *vi = http_static_find(s, "/i18n/vi.json");
	json_t *strings = vi ? json_loadb((const char *)vi->data, vi->len, 0, NULL) : NULL;
	struct buf out = BUF_INIT;
	const char *p = buf_str(html), *e = p + html->len;
	static const char mark[] = "data-i18n=\"";
	for (const char *m; p < e && (m = strstr(p, mark));) {
		const char *key = m + sizeof mark - 1, *kend = strchr(key, '"');
		const char *gt = kend ? strchr(kend, '>') : NULL;
		if (!gt) {
			break;
		}
		buf_add(&out, p, (size_t)(gt + 1 - p));
		p = gt + 1;
		const char *text = shell_text(strings, key, (size_t)(kend - key));
		if (!text || strncmp(p, "</", 2))
			continue;
		for (const char *c = text; *c; c++)
			if (*c == '&')
				buf_adds(&out, "&amp;");
			else if (*c == '<')
				buf_adds(&out, "&lt;");
			else if (*c == '>')
				buf_adds(&out, "&gt;");
			else
				buf_addc(&out, *c);
	}
	buf_add(&out, p, (size_t)(e - p));
	json_decref(strings);
	buf_reset(html);
	buf_add(html, out.p, out.len);
	buf_release(&out);
}

/* The shell (index.html) names every file by its content: its scripts and
 * styles get "?v=VERSION", and an import map sends every module import to
 * its versioned address, so a returning browser keeps them all a year
 * without asking (Cache-Control immutable) and still gets a new file the
 * moment it changes (issue 15: 35 of 42 files came back 304 on every
 * visit). The map is an inline script: its hash goes into the CSP. */
static void version_shell(struct http_static *s)
{
	struct static_file *shell = (struct static_file *)http_static_find(s, "/index.html");
	if (!shell)
		return;
	struct buf map = BUF_INIT, html = BUF_INIT;
	buf_adds(&map, "{\"imports\":{");
	bool first = true;
	for (size_t i = 0; i < s->n; i++) {
		const char *dot = strrchr(s->files[i].path, '.');
		if (!dot || strcmp(dot, ".js"))
			continue;
		buf_addf(&map, "%s\"%s\":\"%s?v=%s\"", first ? "" : ",", s->files[i].path,
			 s->files[i].path, s->files[i].version);
		first = false;
	}
	buf_adds(&map, "}}");
	unsigned char sha[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(sha, (const unsigned char *)map.p, map.len);
	sodium_bin2base64(s->importmap_sha256, sizeof s->importmap_sha256, sha, sizeof sha,
			  sodium_base64_VARIANT_ORIGINAL);
	const char *p = (const char *)shell->data, *e = p + shell->len;
	bool mapped = false;
	while (p < e) {
		const char *src = strstr(p, " src=\""), *href = strstr(p, " href=\"");
		const char *script = mapped ? NULL : strstr(p, "<script");
		const char *next = src && (!href || src < href) ? src : href;
		if (script && (!next || script < next)) {
			buf_add(&html, p, (size_t)(script - p));
			buf_addf(&html, "<script type=\"importmap\">%s</script>\n  ",
				 buf_str(&map));
			mapped = true;
			p = script;
			continue;
		}
		if (!next) {
			buf_add(&html, p, (size_t)(e - p));
			break;
		}
		size_t skip = next == src ? 6 : 7;
		buf_add(&html, p, (size_t)(next - p) + skip);
		p = versioned_ref(s, next + skip, &html);
	}
	if (!mapped)
		s->importmap_sha256[0] = 0;
	shell_prefill(s, &html);
	file_replace(shell, &html);
	buf_release(&map);
	buf_release(&html);
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
	version_shell(s);
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
