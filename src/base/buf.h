/* Growable byte strings, in the manner of git's strbuf.
 *
 * Layer: base. Ownership: a struct buf owns its memory; buf_release() frees
 * it and leaves an empty buffer; buf_detach() hands the string to the caller
 * (free() it). The content is always NUL-terminated. Allocation failure
 * aborts the process: motcua treats out-of-memory as fatal, as SQLite's
 * shell does, because every caller would otherwise need a path it cannot test.
 */
#ifndef MOTCUA_BASE_BUF_H
#define MOTCUA_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p; /* always valid once initialised; "" when empty */
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		0                                                                                  \
	}

void buf_init(struct buf *b);
void buf_release(struct buf *b);
/* Returns the string (caller frees) and leaves b empty. */
char *buf_detach(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
/* The content as a C string; never NULL. */
const char *buf_str(const struct buf *b);

/* Allocation helpers that abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Overwrites n bytes in a way the compiler may not elide (for secrets). */
void wipe(void *p, size_t n);

#endif
