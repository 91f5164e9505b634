/* Static file cache internals, shared by static.c and server.c. */
#ifndef MOTCUA_HTTP_STATIC_IMPL_H
#define MOTCUA_HTTP_STATIC_IMPL_H

#include "http/http.h"

struct static_file {
	char *path; /* "/index.html" */
	const char *type;
	unsigned char *data;
	size_t len;
	unsigned char *gz; /* NULL if not worth compressing */
	size_t gzlen;
	char etag[32];
	char version[16]; /* of its content: "?v=" + this is cached for a year */
};

struct http_static {
	struct static_file *files;
	size_t n, cap;
	/* base64 SHA-256 of the import map written into index.html, for the
	 * Content-Security-Policy; "" when there is none */
	char importmap_sha256[48];
};

const struct static_file *http_static_find(const struct http_static *s, const char *path);

#endif
