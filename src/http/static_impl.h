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
};

struct http_static {
	struct static_file *files;
	size_t n, cap;
};

const struct static_file *http_static_find(const struct http_static *s, const char *path);

#endif
