/* The canonical form of history events and the hash chain built on it:
 * the form is fixed (a stored chain must verify forever), covers every
 * field, cannot be confused by values that look like field boundaries, and a
 * change to any field or to the link breaks the chain. */
#include <string.h>

#include <sodium.h>

#include "core/events.h"
#include "test_helpers.h"

static struct event sample(void)
{
	struct event e = {
		.dossier = "000.17.22.H56-260302-0001",
		.seq = 2,
		.at = 1772416800000LL,
		.actor_id = 3,
		.actor = "chuyenvien",
		.action = "transfer",
		.from_state = "in_process",
		.to_state = "in_process",
		.step_from = 2,
		.step_to = 3,
		.step_due_at = 1772503200000LL,
		.timeliness = "early",
		.note = "Hồ sơ đầy đủ",
		.data = "{\"to_unit\":\"DNLD\"}",
		.prev_hash = event_genesis_hash,
	};
	return e;
}

static void hash_hex(const struct event *e, char out[65])
{
	struct buf b = BUF_INIT;
	event_canonical(e, &b);
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)b.p, b.len);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[64] = 0;
	buf_release(&b);
}

/* The exact bytes: changing them breaks every stored chain, so the test pins them. */
static void canonical_bytes(void **state)
{
	(void)state;
	struct event e = sample();
	struct buf b = BUF_INIT;
	event_canonical(&e, &b);
	const char *want =
		"motcua-event-v1\n"
		"dossier=25:000.17.22.H56-260302-0001\n"
		"seq=1:2\n"
		"at=13:1772416800000\n"
		"actor_id=1:3\n"
		"actor=10:chuyenvien\n"
		"action=8:transfer\n"
		"from_state=10:in_process\n"
		"to_state=10:in_process\n"
		"step_from=1:2\n"
		"step_to=1:3\n"
		"step_due_at=13:1772503200000\n"
		"timeliness=5:early\n"
		"note=21:Hồ sơ đầy đủ\n"
		"data=18:{\"to_unit\":\"DNLD\"}\n"
		"prev_hash=64:0000000000000000000000000000000000000000000000000000000000000000\n";
	assert_string_equal(b.p, want);
	buf_release(&b);
	/* NULL strings are empty, not crashes. */
	struct event z = {0};
	event_canonical(&z, &b);
	assert_non_null(strstr(b.p, "note=0:\n"));
	buf_release(&b);
}

/* A note that imitates the following fields gives different bytes from
 * the event that really has those fields. */
static void no_boundary_confusion(void **state)
{
	(void)state;
	struct event a = sample(), c = sample();
	a.note = "x\ndata=2:{}";
	a.data = "";
	c.note = "x";
	c.data = "{}";
	struct buf ba = BUF_INIT, bc = BUF_INIT;
	event_canonical(&a, &ba);
	event_canonical(&c, &bc);
	assert_string_not_equal(ba.p, bc.p);
	buf_release(&ba);
	buf_release(&bc);
}

/* Every field is covered: changing any one changes the hash. */
static void every_field_counts(void **state)
{
	(void)state;
	struct event base = sample();
	char h0[65], h[65];
	hash_hex(&base, h0);
	for (int f = 0; f < 15; f++) {
		struct event e = sample();
		switch (f) {
		case 0:
			e.dossier = "000.17.22.H56-260302-0002";
			break;
		case 1:
			e.seq = 3;
			break;
		case 2:
			e.at++;
			break;
		case 3:
			e.actor_id = 4;
			break;
		case 4:
			e.actor = "truongphong";
			break;
		case 5:
			e.action = "send_back";
			break;
		case 6:
			e.from_state = "received";
			break;
		case 7:
			e.to_state = "result_ready";
			break;
		case 8:
			e.step_from = 1;
			break;
		case 9:
			e.step_to = 4;
			break;
		case 10:
			e.step_due_at = 0;
			break;
		case 11:
			e.timeliness = "late";
			break;
		case 12:
			e.note = "Hồ sơ đầy đủ.";
			break;
		case 13:
			e.data = "{\"to_unit\":\"BQL\"}";
			break;
		case 14:
			e.prev_hash =
				"1111111111111111111111111111111111111111111111111111111111111111";
			break;
		}
		hash_hex(&e, h);
		if (!strcmp(h, h0))
			fail_msg("field %d is not covered by the hash", f);
	}
	/* The database id is not: it is assigned by the database. */
	struct event e = sample();
	e.id = 99;
	hash_hex(&e, h);
	assert_string_equal(h, h0);
}

/* A chain of three: each prev_hash is the previous hash; a change to the
 * middle event no longer matches the stored hash, and the link from the
 * third breaks if the middle one is rehashed. */
static void chain(void **state)
{
	(void)state;
	char h[3][65];
	struct event e[3];
	for (int i = 0; i < 3; i++) {
		e[i] = sample();
		e[i].seq = i + 1;
		e[i].prev_hash = i ? h[i - 1] : event_genesis_hash;
		hash_hex(&e[i], h[i]);
		assert_true(event_hash_valid(h[i]));
	}
	assert_string_not_equal(h[0], h[1]);
	struct event t = e[1];
	t.note = "changed";
	char th[65];
	hash_hex(&t, th);
	assert_string_not_equal(th, h[1]);
	/* Recomputing the third with the tampered middle's hash differs from
	 * the stored third: tampering must rewrite everything after it. */
	struct event t3 = e[2];
	t3.prev_hash = th;
	char th3[65];
	hash_hex(&t3, th3);
	assert_string_not_equal(th3, h[2]);
}

static void timeliness(void **state)
{
	(void)state;
	const int64_t due = 1772445600000LL; /* 2026-03-02 17:00 local */
	const int64_t H = 3600000LL;
	assert_int_equal(event_step_timeliness(due - 30 * H, due), EVENT_TL_EARLY);
	assert_int_equal(event_step_timeliness(due - 9 * H, due), EVENT_TL_ON_TIME); /* 08:00 */
	assert_int_equal(event_step_timeliness(due, due), EVENT_TL_ON_TIME);
	assert_int_equal(event_step_timeliness(due + 1, due), EVENT_TL_LATE);
	assert_int_equal(event_step_timeliness(due + 48 * H, due), EVENT_TL_LATE);
	assert_int_equal(event_step_timeliness(due, 0), EVENT_TL_NONE);
	assert_string_equal(event_timeliness_name(EVENT_TL_ON_TIME), "on_time");
	assert_string_equal(event_timeliness_name(EVENT_TL_NONE), "");
	assert_false(event_hash_valid("ABCDEF"));
	assert_false(event_hash_valid(NULL));
	assert_true(event_hash_valid(event_genesis_hash));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_bytes),    cmocka_unit_test(no_boundary_confusion),
		cmocka_unit_test(every_field_counts), cmocka_unit_test(chain),
		cmocka_unit_test(timeliness),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
