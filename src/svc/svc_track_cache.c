/* The cache of rendered public tracking replies: a set-associative table of
 * fixed size, one mutex per set, described in svc_track_cache.h. Sets of
 * four keep a thousand busy codes from evicting each other, as a direct-
 * mapped table of 4096 would for about a fifth of them.
 * Layer: svc. */
#include "svc/svc_track_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct track_entry {
	char code[SVC_TRACK_CODE_MAX + 1]; /* "" = empty */
	char *body;			   /* malloc'd, kept across replacements */
	size_t len, cap;
	int64_t built_ms;
};

struct track_set {
	pthread_mutex_t lock;
	uint64_t generation; /* bumped by every forget of a code of this set */
	struct track_entry e[SVC_TRACK_CACHE_WAYS];
};

static struct track_set sets[SVC_TRACK_CACHE_SETS];
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;

static void sets_init(void)
{
	for (size_t i = 0; i < SVC_TRACK_CACHE_SETS; i++)
		pthread_mutex_init(&sets[i].lock, NULL);
}

/* FNV-1a: codes share long prefixes (unit, date), and differ at the end. */
static struct track_set *set_of(const char *code, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)code[i];
		h *= 1099511628211ULL;
	}
	pthread_once(&sets_once, sets_init);
	return &sets[(h ^ (h >> 32)) % SVC_TRACK_CACHE_SETS];
}

static struct track_entry *find(struct track_set *s, const char *code)
{
	for (size_t i = 0; i < SVC_TRACK_CACHE_WAYS; i++)
		if (!strcmp(s->e[i].code, code))
			return &s->e[i];
	return NULL;
}

bool svc_track_cache_get(const char *code, int64_t now_ms, int64_t ttl_ms, struct arena *a,
			 const char **body, size_t *len, uint64_t *ticket)
{
	*ticket = 0;
	size_t n = strlen(code);
	if (n == 0 || n > SVC_TRACK_CODE_MAX)
		return false;
	struct track_set *s = set_of(code, n);
	bool hit = false;
	pthread_mutex_lock(&s->lock);
	struct track_entry *e = find(s, code);
	if (e && e->built_ms <= now_ms && now_ms - e->built_ms <= ttl_ms) {
		char *p = arena_alloc(a, e->len + 1);
		memcpy(p, e->body, e->len);
		p[e->len] = 0;
		*body = p;
		*len = e->len;
		hit = true;
	}
	*ticket = s->generation;
	pthread_mutex_unlock(&s->lock);
	return hit;
}

void svc_track_cache_put(const char *code, uint64_t ticket, int64_t built_ms, const char *body,
			 size_t len)
{
	size_t n = strlen(code);
	if (n == 0 || n > SVC_TRACK_CODE_MAX || len > SVC_TRACK_BODY_MAX)
		return;
	struct track_set *s = set_of(code, n);
	pthread_mutex_lock(&s->lock);
	if (s->generation != ticket)
		goto out; /* forgotten since the miss read: its reply may be stale */
	struct track_entry *e = find(s, code);
	if (!e) { /* an empty way, else the oldest */
		e = &s->e[0];
		for (size_t i = 1; i < SVC_TRACK_CACHE_WAYS && e->code[0]; i++)
			if (!s->e[i].code[0] || s->e[i].built_ms < e->built_ms)
				e = &s->e[i];
	} else if (e->built_ms > built_ms) {
		goto out; /* a newer reply is already there */
	}
	if (e->cap < len) {
		char *p = realloc(e->body, len);
		if (!p) {
			e->code[0] = 0;
			goto out;
		}
		e->body = p;
		e->cap = len;
	}
	memcpy(e->code, code, n + 1);
	memcpy(e->body, body, len);
	e->len = len;
	e->built_ms = built_ms;
out:
	pthread_mutex_unlock(&s->lock);
}

void svc_track_forget(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > SVC_TRACK_CODE_MAX)
		return;
	struct track_set *s = set_of(code, n);
	pthread_mutex_lock(&s->lock);
	s->generation++;
	struct track_entry *e = find(s, code);
	if (e)
		e->code[0] = 0;
	pthread_mutex_unlock(&s->lock);
}

void svc_track_cache_clear(void)
{
	pthread_once(&sets_once, sets_init);
	for (size_t i = 0; i < SVC_TRACK_CACHE_SETS; i++) {
		struct track_set *s = &sets[i];
		pthread_mutex_lock(&s->lock);
		s->generation++;
		for (size_t k = 0; k < SVC_TRACK_CACHE_WAYS; k++) {
			free(s->e[k].body);
			s->e[k] = (struct track_entry){0};
		}
		pthread_mutex_unlock(&s->lock);
	}
}
