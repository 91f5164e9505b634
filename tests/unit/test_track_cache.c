/* The cache of public tracking replies (svc/svc_track_cache.h): a reply is
 * found until its TTL passes or its code is forgotten; a store that raced
 * with a forget is refused; overwriting keeps the newer reply; codes and
 * bodies past the limits are never kept; a full set gives up its oldest
 * entry; many threads at once keep every reply whole. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "svc/svc_track_cache.h"
#include "test_helpers.h"

static const char *body;
static size_t len;
static uint64_t ticket;

static bool get(struct arena *a, const char *code, int64_t now, int64_t ttl)
{
	return svc_track_cache_get(code, now, ttl, a, &body, &len, &ticket);
}

static void put(const char *code, int64_t built, const char *text)
{
	uint64_t t;
	const char *b;
	size_t n;
	struct arena a;
	arena_init(&a);
	svc_track_cache_get(code, built, 0, &a, &b, &n, &t); /* takes a ticket */
	arena_release(&a);
	svc_track_cache_put(code, t, built, text, strlen(text));
}

static int reset(void **state)
{
	(void)state;
	svc_track_cache_clear();
	return 0;
}

static void put_get_expiry(void **state)
{
	struct arena a;
	arena_init(&a);
	assert_false(get(&a, "A-1", 1000, 500));
	svc_track_cache_put("A-1", ticket, 1000, "{\"x\":1}", 7);
	assert_true(get(&a, "A-1", 1000, 500));
	assert_int_equal(len, 7);
	assert_string_equal(body, "{\"x\":1}"); /* NUL-terminated copy */
	assert_true(get(&a, "A-1", 1500, 500)); /* TTL reached, not passed */
	assert_false(get(&a, "A-1", 1501, 500));
	assert_false(get(&a, "A-1", 999, 500)); /* built in the future: not trusted */
	assert_false(get(&a, "A-2", 1000, 500));
	arena_release(&a);
}

static void forget_and_race(void **state)
{
	struct arena a;
	arena_init(&a);
	put("B-1", 100, "old");
	svc_track_forget("B-1");
	assert_false(get(&a, "B-1", 100, 1000));
	/* A miss took its ticket, then the dossier changed and was forgotten:
	 * what the miss read may be older than the change, so it is not kept. */
	assert_false(get(&a, "B-1", 200, 1000));
	uint64_t t = ticket;
	svc_track_forget("B-1");
	svc_track_cache_put("B-1", t, 200, "stale", 5);
	assert_false(get(&a, "B-1", 200, 1000));
	/* A miss after the forget stores as usual. */
	svc_track_cache_put("B-1", ticket, 200, "new", 3);
	assert_true(get(&a, "B-1", 200, 1000));
	assert_string_equal(body, "new");
	svc_track_forget("never-stored");
	arena_release(&a);
}

static void overwrite_keeps_newer(void **state)
{
	struct arena a;
	arena_init(&a);
	put("C-1", 100, "first");
	put("C-1", 300, "a longer second reply");
	assert_true(get(&a, "C-1", 300, 1000));
	assert_string_equal(body, "a longer second reply");
	put("C-1", 200, "older"); /* a slow miss finishing late */
	assert_true(get(&a, "C-1", 300, 1000));
	assert_string_equal(body, "a longer second reply");
	put("C-1", 400, "short");
	assert_true(get(&a, "C-1", 400, 1000));
	assert_int_equal(len, 5);
	assert_string_equal(body, "short");
	arena_release(&a);
}

static void limits(void **state)
{
	struct arena a;
	arena_init(&a);
	char code[SVC_TRACK_CODE_MAX + 2];
	memset(code, 'k', sizeof code - 1);
	code[sizeof code - 1] = 0;
	put(code, 100, "too long a code");
	assert_false(get(&a, code, 100, 1000));
	svc_track_forget(code);
	code[SVC_TRACK_CODE_MAX] = 0; /* the longest kept */
	put(code, 100, "longest code");
	assert_true(get(&a, code, 100, 1000));
	assert_string_equal(body, "longest code");
	assert_false(get(&a, "", 100, 1000));

	static char big[SVC_TRACK_BODY_MAX + 2];
	memset(big, 'b', sizeof big - 1);
	put("D-1", 100, big);
	assert_false(get(&a, "D-1", 100, 1000));
	big[SVC_TRACK_BODY_MAX] = 0;
	put("D-1", 100, big);
	assert_true(get(&a, "D-1", 100, 1000));
	assert_int_equal(len, SVC_TRACK_BODY_MAX);
	arena_release(&a);
}

/* More codes than fit: the table stays at its size, recent codes stay, and
 * each reply found is its own code's. */
static void full_table(void **state)
{
	struct arena a;
	arena_init(&a);
	enum { N = SVC_TRACK_CACHE_SETS * SVC_TRACK_CACHE_WAYS * 2 };
	char code[32], want[48];
	for (int i = 0; i < N; i++) {
		snprintf(code, sizeof code, "E-%06d", i);
		snprintf(want, sizeof want, "reply of %s", code);
		put(code, i, want);
	}
	int found = 0, recent = 0;
	for (int i = 0; i < N; i++) {
		snprintf(code, sizeof code, "E-%06d", i);
		if (!get(&a, code, N, N))
			continue;
		snprintf(want, sizeof want, "reply of %s", code);
		assert_string_equal(body, want);
		found++;
		recent += i >= N - 100;
	}
	assert_true(found <= SVC_TRACK_CACHE_SETS * SVC_TRACK_CACHE_WAYS);
	assert_true(found >= SVC_TRACK_CACHE_SETS * SVC_TRACK_CACHE_WAYS * 3 / 4);
	assert_int_equal(recent, 100); /* the newest are never the oldest of a set */
	arena_release(&a);
}

/* Threads storing, reading and forgetting the same few codes: every reply
 * read is whole and belongs to its code (run under TSan/ASan in the
 * sanitizer build). */
static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	intptr_t bad = 0;
	struct arena a;
	arena_init(&a);
	char code[32], want[64];
	for (int i = 0; i < 20000; i++) {
		int k = (i * 7 + id) % 50;
		snprintf(code, sizeof code, "F-%02d", k);
		const char *b;
		size_t n;
		uint64_t t;
		if (svc_track_cache_get(code, i, 1000000, &a, &b, &n, &t)) {
			snprintf(want, sizeof want, "{\"code\":\"%s\",\"pad\":\"", code);
			if (n <= strlen(want) || strncmp(b, want, strlen(want)) ||
			    b[n - 1] != '}' || b[n] != 0)
				bad++; /* counted: cmocka's asserts belong to the main thread */
		} else {
			char reply[128];
			int m = snprintf(reply, sizeof reply, "{\"code\":\"%s\",\"pad\":\"%.*s\"}",
					 code, (i + id) % 40,
					 "........................................");
			svc_track_cache_put(code, t, i, reply, (size_t)m);
		}
		if (i % 97 == id)
			svc_track_forget(code);
		if (i % 1000 == 0) {
			arena_release(&a);
			arena_init(&a);
		}
	}
	arena_release(&a);
	return (void *)bad;
}

static void threads(void **state)
{
	pthread_t th[8];
	for (intptr_t i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, (void *)i), 0);
	for (int i = 0; i < 8; i++) {
		void *bad;
		pthread_join(th[i], &bad);
		assert_int_equal((intptr_t)bad, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(put_get_expiry, reset),
		cmocka_unit_test_setup(forget_and_race, reset),
		cmocka_unit_test_setup(overwrite_keeps_newer, reset),
		cmocka_unit_test_setup(limits, reset),
		cmocka_unit_test_setup(full_table, reset),
		cmocka_unit_test_setup(threads, reset),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	svc_track_cache_clear();
	return rc;
}
