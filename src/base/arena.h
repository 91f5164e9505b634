/* Per-request memory: a bump allocator freed all at once, as in h2o and lwan.
 *
 * Layer: base. Everything a request allocates from its arena dies with
 * arena_release(); copy what must outlive it. Not thread-safe: one arena
 * belongs to one request on one thread. Allocation failure aborts.
 */
#ifndef MOTCUA_BASE_ARENA_H
#define MOTCUA_BASE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total; /* bytes handed out, for metrics and caps */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
